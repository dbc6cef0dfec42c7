//! Bad input on every form: each one answers a clear 4xx, re-renders the form with the input
//! kept (passwords excepted), never answers 500, and saves nothing half-way.

use crate::common;

use common::{Backend, Client, Page, Registrant, TestApp, link_with, spawn_app};
use diesel::prelude::*;
use reqwest::StatusCode;
use twinwise::db::schema;
use twinwise::db::users;
use twinwise::domain::Role;

const PASSWORD: &str = "orchid tundra falcon 42";
const CSRF_MESSAGE: &str = "This form expired or was sent from another site.";

/// Counts the rows of a table.
macro_rules! rows {
    ($app:expr, $table:ident) => {{
        schema::$table::table
            .count()
            .get_result::<i64>(&mut *$app.db.get().unwrap())
            .unwrap()
    }};
}

/// Audit-log rows that record a change (sign-ins are audited too, and are not changes).
fn changes_audited(app: &TestApp) -> i64 {
    use schema::audit_log::dsl;
    dsl::audit_log
        .filter(dsl::action.ne_all(["sign_in", "sign_in_failed", "export_cases"]))
        .count()
        .get_result(&mut *app.db.get().unwrap())
        .unwrap()
}

/// The message shown next to a field (with its visually hidden "Error:" prefix).
fn field_error(page: &Page, field: &str) -> String {
    page.texts(&format!("#{field}-error")).join(" ")
}

/// The text of the error summaries at the top of the forms.
fn summary(page: &Page) -> String {
    page.texts(".error-summary").join(" ")
}

/// The selected country's name on the registration form.
fn selected_country(page: &Page) -> Vec<String> {
    page.texts("#country option[selected]")
}

/// A registrant's fields with one of them replaced.
fn replaced<'a>(who: &'a Registrant, field: &str, value: &'a str) -> Vec<(&'a str, &'a str)> {
    who.fields()
        .into_iter()
        .map(|(k, v)| if k == field { (k, value) } else { (k, v) })
        .collect()
}

/// Asserts the registration form came back with everything kept but the password (and the
/// fields named in `except`).
fn assert_registration_kept(page: &Page, who: &Registrant, except: &[&str]) {
    for (field, value) in [
        ("email", &who.email),
        ("display_name", &who.display_name),
        ("city", &who.city),
        ("position", &who.position),
    ] {
        if !except.contains(&field) {
            assert_eq!(
                page.input_value(field).as_deref(),
                Some(value.as_str()),
                "{field} is kept"
            );
        }
    }
    if !except.contains(&"country") {
        assert_eq!(selected_country(page), vec!["Sweden".to_owned()]);
    }
    assert_eq!(
        page.input_value("password").as_deref(),
        Some(""),
        "the password is never sent back"
    );
    assert!(!page.has(&who.password), "the password is never sent back");
}

/// Asserts a registration left no trace.
fn assert_nothing_saved(app: &TestApp) {
    assert_eq!(rows!(app, users), 0, "no user row");
    assert_eq!(rows!(app, outbox), 0, "no outbox row");
    assert_eq!(rows!(app, email_tokens), 0, "no token row");
    assert_eq!(rows!(app, cities), 0, "no city row");
}

/// A browser that opens a new connection for every request. The harness client keeps idle
/// connections pooled, and one left idle for the server's 5-second keep-alive (while a slow
/// setup step hashes passwords or waits for mail) can be closed just as it is reused, which
/// fails the request with `IncompleteMessage`.
fn browser(app: &TestApp) -> Client {
    Client {
        http: reqwest::Client::builder()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .pool_max_idle_per_host(0)
            .timeout(std::time::Duration::from_secs(30))
            .build()
            .unwrap(),
        base: app.base.clone(),
    }
}

/// A signed-in browser for a new account with the given role (as `TestApp::signed_in`).
async fn signed_in(app: &TestApp, role: Role) -> (Client, String) {
    let email = format!(
        "{}-{}@city.example",
        role.as_str(),
        uuid::Uuid::new_v4().simple()
    );
    let id = app.create_user(&email, "Test Person", role, PASSWORD);
    let client = browser(app);
    let page = client.login(&email, PASSWORD).await;
    assert_eq!(
        page.status,
        StatusCode::SEE_OTHER,
        "login failed:\n{}",
        page.body
    );
    (client, id)
}

/// A CSRF token valid for this client's session (every visitor can load this form).
async fn fresh_token(client: &Client) -> String {
    client.get("/verify-email/resend").await.csrf()
}

fn user_id(app: &TestApp, email: &str) -> String {
    users::find_by_email(&mut app.db.get().unwrap(), email)
        .unwrap()
        .unwrap_or_else(|| panic!("no user {email}"))
        .id
}

fn password_hash(app: &TestApp, id: &str) -> String {
    users::find(&mut app.db.get().unwrap(), id)
        .unwrap()
        .unwrap()
        .password_hash
}

async fn registration_with_each_field_empty_is_422_with_a_message_and_input_kept(backend: Backend) {
    let app = spawn_app(backend).await;
    let visitor = browser(&app);
    let who = Registrant::new("eva@goteborg.example");
    for (field, message) in [
        ("email", "Enter your email address."),
        ("display_name", "Enter your name."),
        ("city", "Enter your city."),
        ("country", "Choose your country."),
        ("position", "Enter your position."),
        ("password", "Use at least 12 characters."),
    ] {
        let page = visitor
            .submit("/register", "/register", &replaced(&who, field, ""))
            .await;
        assert_eq!(
            page.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{field}: {}",
            page.body
        );
        assert!(
            field_error(&page, field).contains(message),
            "{field}: {:?}",
            field_error(&page, field)
        );
        assert!(summary(&page).contains(message), "the summary lists it too");
        assert_registration_kept(&page, &who, &[field]);
    }
    // All of them empty at once: every message, still no 500.
    let all_empty = visitor
        .submit(
            "/register",
            "/register",
            &[
                ("email", ""),
                ("display_name", ""),
                ("city", ""),
                ("country", ""),
                ("position", ""),
                ("password", ""),
            ],
        )
        .await;
    assert_eq!(all_empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(all_empty.texts(".field-error").len(), 6);
    // Blank (whitespace only) counts as empty.
    let blank = visitor
        .submit(
            "/register",
            "/register",
            &replaced(&who, "display_name", "   \t "),
        )
        .await;
    assert_eq!(blank.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(field_error(&blank, "display_name").contains("Enter your name."));
    assert_nothing_saved(&app);
}

async fn megabyte_values_are_422_with_a_length_message_not_413(backend: Backend) {
    let app = spawn_app(backend).await;
    let visitor = browser(&app);
    let who = Registrant::new("big@goteborg.example");
    let huge = "a".repeat(1_000_000);
    for (field, message) in [
        ("display_name", "Keep your name to 100 characters or fewer."),
        ("city", "Keep your city to 100 characters or fewer."),
        ("position", "Keep your position to 120 characters or fewer."),
        (
            "email",
            "Keep the email address to 254 characters or fewer.",
        ),
        ("password", "Use 128 characters or fewer."),
    ] {
        let page = visitor
            .submit("/register", "/register", &replaced(&who, field, &huge))
            .await;
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "{field}");
        assert!(
            field_error(&page, field).contains(message),
            "{field}: {:?}",
            field_error(&page, field)
        );
        assert_registration_kept(&page, &who, &[field]);
        if field == "password" {
            assert!(!page.has(&huge), "a password is never echoed");
        } else {
            assert_eq!(page.input_value(field).as_deref(), Some(huge.as_str()));
        }
    }
    // Just over the limit by characters, not bytes.
    let long_name = "é".repeat(101);
    let page = visitor
        .submit(
            "/register",
            "/register",
            &replaced(&who, "display_name", &long_name),
        )
        .await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(field_error(&page, "display_name").contains("100 characters"));
    assert_nothing_saved(&app);
}

async fn malformed_emails_are_422_with_the_email_message(backend: Backend) {
    let app = spawn_app(backend).await;
    let visitor = browser(&app);
    for bad in [
        "jana",
        "jana@",
        "@prague.eu",
        "jana@localhost",
        "jana@@prague.eu",
        "a b@c.eu",
        "\"x\"@c.eu",
        "a@[127.0.0.1]",
        "a@b.eu\r\nBcc: x@y.eu",
        "a@b.eu,c@d.eu",
        "<script>@x.eu",
        "jana@prague..eu",
    ] {
        let who = Registrant::new(bad);
        let page = visitor
            .submit("/register", "/register", &who.fields())
            .await;
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "{bad:?}");
        assert!(
            field_error(&page, "email").contains("Enter an email address like name@city.example."),
            "{bad:?}: {:?}",
            field_error(&page, "email")
        );
        // HTML parsing turns CR LF into LF inside attribute values.
        assert_eq!(
            page.input_value("email").as_deref(),
            Some(bad.replace("\r\n", "\n").as_str()),
            "{bad:?} is kept"
        );
        assert_registration_kept(&page, &who, &["email"]);
    }
    assert_nothing_saved(&app);
}

async fn html_in_names_is_kept_as_text_and_escaped_on_the_moderation_queue(backend: Backend) {
    let app = spawn_app(backend).await;
    let visitor = browser(&app);
    let mut who = Registrant::new("markup@goteborg.example");
    who.display_name = "<b>Bold</b> Jan".into();
    who.city = "<script>alert(1)</script>ville".into();
    who.position = "<img src=x onerror=alert(1)> officer".into();

    // A form re-rendered for another reason keeps the markup as escaped text.
    let again = visitor
        .submit(
            "/register",
            "/register",
            &replaced(&who, "country", "Atlantis"),
        )
        .await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        again.input_value("display_name").as_deref(),
        Some("<b>Bold</b> Jan")
    );
    assert_eq!(
        again.input_value("city").as_deref(),
        Some("<script>alert(1)</script>ville")
    );
    assert!(!again.has("<script>") && !again.has("<b>Bold") && !again.has("<img"));

    app.register(&visitor, &who).await;
    let stored = users::find_by_email(&mut app.db.get().unwrap(), &who.email)
        .unwrap()
        .unwrap();
    assert_eq!(stored.display_name, "<b>Bold</b> Jan", "stored as typed");
    assert_eq!(stored.position, "<img src=x onerror=alert(1)> officer");
    app.verify_email(&visitor, &who.email).await;

    let (moderator, _) = signed_in(&app, Role::Moderator).await;
    let queue = moderator.get("/moderation/members").await;
    assert_eq!(queue.status, StatusCode::OK);
    assert_eq!(
        queue.texts("li.card h2"),
        vec!["<b>Bold</b> Jan".to_owned()]
    );
    assert!(
        queue.has("&lt;b&gt;Bold&lt;/b&gt; Jan") || queue.has("&#60;b&#62;Bold&#60;/b&#62; Jan"),
        "the name is HTML-escaped"
    );
    assert!(!queue.has("<b>Bold</b>"), "never raw tags");
    assert!(!queue.has("<script>"), "never raw tags");
    assert!(!queue.has("<img"), "never raw tags");
    assert!(
        queue
            .texts("li.card dd")
            .iter()
            .any(|t| t.starts_with("<script>alert(1)</script>ville")),
        "the city reads as typed"
    );
}

async fn sql_metacharacters_are_plain_text_everywhere(backend: Backend) {
    let app = spawn_app(backend).await;
    let visitor = browser(&app);
    let drop = "'; DROP TABLE users; --";
    let or_true = "\" OR 1=1 --";

    // Valid names that happen to look like SQL are stored as typed.
    let mut who = Registrant::new("o'brien--@goteborg.example");
    who.display_name = format!("Robert{drop}");
    who.city = drop.into();
    who.position = or_true.into();
    who.password = "'; DROP TABLE users; -- quartz".into();
    app.register(&visitor, &who).await;
    let stored = users::find_by_email(&mut app.db.get().unwrap(), "o'brien--@goteborg.example")
        .unwrap()
        .expect("stored under the literal address");
    assert_eq!(stored.display_name, format!("Robert{drop}"));
    assert_eq!(stored.position, or_true);

    // SQL in the email and country fields is refused as malformed, not executed.
    for (field, value, message) in [
        ("email", drop, "Enter an email address like"),
        ("email", or_true, "Enter an email address like"),
        ("country", drop, "Choose a country from the list."),
        ("country", "' OR 1=1 --", "Choose a country from the list."),
    ] {
        let other = Registrant::new("second@goteborg.example");
        let page = visitor
            .submit("/register", "/register", &replaced(&other, field, value))
            .await;
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "{field}");
        assert!(field_error(&page, field).contains(message), "{field}");
    }

    // The sign-in form.
    for email in [drop, or_true, "' OR '1'='1", "admin'--@goteborg.example"] {
        let page = visitor.login(email, or_true).await;
        assert_eq!(page.status, StatusCode::UNAUTHORIZED, "{email}");
        assert!(page.has("The email address or password is not right."));
        assert_eq!(page.input_value("email").as_deref(), Some(email));
    }
    let page = visitor
        .login("o'brien--@goteborg.example", "' OR '1'='1")
        .await;
    assert_eq!(page.status, StatusCode::UNAUTHORIZED);

    // The admin search.
    let (admin, _) = signed_in(&app, Role::Admin).await;
    for q in [drop, or_true, "' OR '1'='1", "%", "_", "\\", "%' --"] {
        let encoded: String = url::form_urlencoded::byte_serialize(q.as_bytes()).collect();
        let page = admin.get(&format!("/admin/users?q={encoded}")).await;
        assert_eq!(page.status, StatusCode::OK, "q={q:?}: {}", page.body);
        assert_eq!(
            page.input_value("q").as_deref(),
            Some(q),
            "the query is kept"
        );
        if q != drop {
            assert!(
                page.texts("tbody tr").is_empty(),
                "{q:?} matches nothing: {:?}",
                page.texts("tbody tr")
            );
        }
    }
    // The literal text does match the one name that contains it.
    let encoded: String = url::form_urlencoded::byte_serialize(drop.as_bytes()).collect();
    let found = admin.get(&format!("/admin/users?q={encoded}")).await;
    assert_eq!(found.texts("tbody tr").len(), 1);

    // Every table is still there and intact.
    assert_eq!(rows!(app, users), 2);
    assert_eq!(rows!(app, cities), 2);
    assert!(rows!(app, sessions) >= 1);
    assert!(rows!(app, outbox) >= 1);
    assert!(rows!(app, rate_limit_events) >= 1);
}

async fn invisible_and_control_characters_in_names_are_422(backend: Backend) {
    let app = spawn_app(backend).await;
    let visitor = browser(&app);
    let who = Registrant::new("tricks@goteborg.example");
    for (field, value, what) in [
        ("display_name", "Admin\u{202E}nimda", "your name"),
        ("display_name", "Eva\u{200B}Lindqvist", "your name"),
        ("display_name", "Eva\u{0}Lindqvist", "your name"),
        ("display_name", "Eva\u{7}Lindqvist", "your name"),
        ("display_name", "Eva\u{FEFF}Lindqvist", "your name"),
        ("display_name", "Eva\u{2066}Lindqvist", "your name"),
        ("city", "Gothen\u{200B}burg", "your city"),
        ("city", "Gothen\nburg", "your city"),
        ("city", "Gothen\u{1B}[31mburg", "your city"),
        ("position", "Head\u{202E}of office", "your position"),
        ("position", "Head\u{0}of office", "your position"),
    ] {
        let page = visitor
            .submit("/register", "/register", &replaced(&who, field, value))
            .await;
        assert_eq!(
            page.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{field}={value:?}"
        );
        assert!(
            field_error(&page, field).contains(&format!(
                "Remove the invisible or control characters from {what}."
            )),
            "{field}={value:?}: {:?}",
            field_error(&page, field)
        );
        assert_registration_kept(&page, &who, &[field]);
    }
    // The visible-but-tricky value is sent back as typed.
    let page = visitor
        .submit(
            "/register",
            "/register",
            &replaced(&who, "display_name", "Admin\u{202E}nimda"),
        )
        .await;
    assert_eq!(
        page.input_value("display_name").as_deref(),
        Some("Admin\u{202E}nimda")
    );
    assert_nothing_saved(&app);
}

async fn unknown_country_is_422_with_the_country_message(backend: Backend) {
    let app = spawn_app(backend).await;
    let visitor = browser(&app);
    let who = Registrant::new("nowhere@goteborg.example");
    for country in ["Atlantis", "XX", "EU", "ZZ", "sweden ", "S E"] {
        let page = visitor
            .submit(
                "/register",
                "/register",
                &replaced(&who, "country", country),
            )
            .await;
        if country == "sweden " {
            // Names are accepted too, trimmed and ignoring case: a control case.
            assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
            continue;
        }
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "{country}");
        assert!(
            field_error(&page, "country").contains("Choose a country from the list."),
            "{country}"
        );
        assert!(
            selected_country(&page).is_empty(),
            "nothing is pre-selected"
        );
        assert_registration_kept(&page, &who, &["country"]);
    }
    assert_eq!(rows!(app, users), 1, "only the control registration");
}

async fn duplicate_registration_keeps_input_and_saves_one_user(backend: Backend) {
    let app = spawn_app(backend).await;
    let who = Registrant::new("eva.lindqvist@goteborg.example");
    let fresh = app.register(&browser(&app), &who).await;

    let visitor = browser(&app);
    let mut again = Registrant::new("eva.lindqvist@goteborg.example");
    again.display_name = "Someone Else".into();
    again.city = "Malmö".into();
    let mut upper = Registrant::new("  EVA.Lindqvist@GOTEBORG.example ");
    upper.display_name = "Third Try".into();
    for attempt in [&again, &upper] {
        // Answered exactly like a new registration: the page must not tell who is a member.
        let page = visitor
            .submit("/register", "/register", &attempt.fields())
            .await;
        assert_eq!(
            (page.status, page.location.as_deref()),
            (StatusCode::SEE_OTHER, Some("/register/done")),
            "{}",
            page.body
        );
        assert_eq!(visitor.follow(&page).await.body, fresh.body);
    }
    // Its holder hears of it instead (once per attempt; the registration limit bounds it).
    app.mail_to(&who.email, "Someone tried to register").await;

    use schema::users::dsl;
    let emails: Vec<String> = dsl::users
        .select(dsl::email)
        .load(&mut *app.db.get().unwrap())
        .unwrap();
    assert_eq!(emails, vec!["eva.lindqvist@goteborg.example".to_owned()]);
    let names: Vec<String> = dsl::users
        .select(dsl::display_name)
        .load(&mut *app.db.get().unwrap())
        .unwrap();
    assert_eq!(names, vec!["Eva Lindqvist".to_owned()], "not overwritten");
    assert_eq!(
        rows!(app, outbox),
        3,
        "one verification email and two notices to the holder"
    );
    assert_eq!(rows!(app, email_tokens), 1);
    assert_eq!(rows!(app, cities), 1, "Malmö was not created");
}

async fn registration_with_a_missing_wrong_or_expired_csrf_token_is_403_with_input_kept(
    backend: Backend,
) {
    let app = spawn_app(backend).await;
    let who = Registrant::new("csrf@goteborg.example");

    let missing = browser(&app);
    missing.get("/register").await;
    let page = missing.post_raw("/register", &who.fields()).await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    assert!(summary(&page).contains(CSRF_MESSAGE), "{}", page.body);
    assert_registration_kept(&page, &who, &[]);

    let wrong = browser(&app);
    let token = wrong.get("/register").await.csrf();
    let mut fields = who.fields();
    let forged = format!("{token}x");
    fields.push(("csrf_token", &forged));
    let page = wrong.post_raw("/register", &fields).await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    assert!(summary(&page).contains(CSRF_MESSAGE));
    assert_registration_kept(&page, &who, &[]);

    // Another browser's valid token does not work here either.
    let other = browser(&app).get("/register").await.csrf();
    let mut fields = who.fields();
    fields.push(("csrf_token", &other));
    let page = wrong.post_raw("/register", &fields).await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);

    // The session expires between showing the form and sending it.
    let expired = browser(&app);
    let token = expired.get("/register").await.csrf();
    diesel::delete(schema::sessions::table)
        .execute(&mut *app.db.get().unwrap())
        .unwrap();
    let mut fields = who.fields();
    fields.push(("csrf_token", &token));
    let page = expired.post_raw("/register", &fields).await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    assert!(summary(&page).contains(CSRF_MESSAGE));
    assert!(summary(&page).contains("send it again"));
    assert_registration_kept(&page, &who, &[]);
    assert_nothing_saved(&app);

    // The re-rendered form carries a working token: sending it again succeeds.
    let mut fields = who.fields();
    let renewed = page.csrf();
    fields.push(("csrf_token", &renewed));
    let page = expired.post_raw("/register", &fields).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    assert_eq!(rows!(app, users), 1);
}

async fn other_forms_with_a_bad_csrf_token_are_403_with_input_kept(backend: Backend) {
    let app = spawn_app(backend).await;
    let email = "member@goteborg.example";
    let member_id = app.create_user(email, "Mia Member", Role::Member, PASSWORD);

    // Sign-in: expired session between GET and POST.
    let visitor = browser(&app);
    let token = visitor.get("/login").await.csrf();
    diesel::delete(schema::sessions::table)
        .execute(&mut *app.db.get().unwrap())
        .unwrap();
    let page = visitor
        .post_raw(
            "/login",
            &[
                ("email", email),
                ("password", PASSWORD),
                ("csrf_token", &token),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    assert!(summary(&page).contains(CSRF_MESSAGE));
    assert_eq!(page.input_value("email").as_deref(), Some(email));
    assert_eq!(page.input_value("password").as_deref(), Some(""));
    assert!(!page.has(PASSWORD));
    assert_eq!(rows!(app, sessions), 1, "only the new anonymous session");
    assert_eq!(
        visitor.get("/account").await.status,
        StatusCode::SEE_OTHER,
        "not signed in"
    );

    // Password reset and verification resend: no token at all.
    for (path, heading) in [
        ("/password-reset", "Reset your password"),
        ("/verify-email/resend", "Ask for a new confirmation link"),
    ] {
        visitor.get(path).await;
        let page = visitor.post_raw(path, &[("email", email)]).await;
        assert_eq!(page.status, StatusCode::FORBIDDEN, "{path}");
        assert!(summary(&page).contains(CSRF_MESSAGE), "{path}");
        assert!(page.has(heading));
        assert_eq!(page.input_value("email").as_deref(), Some(email), "{path}");
    }
    assert_eq!(rows!(app, outbox), 0, "no email queued");
    assert_eq!(rows!(app, email_tokens), 0);

    // Signed-in forms: change password and change email.
    let member = browser(&app);
    member.login(email, PASSWORD).await;
    let before = password_hash(&app, &member_id);
    let page = member
        .post_raw(
            "/account/password",
            &[
                ("current_password", PASSWORD),
                ("new_password", "saffron glacier tempo 77"),
                ("csrf_token", "nope"),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    assert!(summary(&page).contains(CSRF_MESSAGE));
    assert!(!page.has(PASSWORD) && !page.has("saffron glacier"));
    assert_eq!(password_hash(&app, &member_id), before);
    let page = member
        .post_raw(
            "/account/email",
            &[
                ("new_email", "new@goteborg.example"),
                ("email_password", PASSWORD),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    assert!(summary(&page).contains(CSRF_MESSAGE));
    assert_eq!(
        page.input_value("new_email").as_deref(),
        Some("new@goteborg.example")
    );
    assert_eq!(rows!(app, email_tokens), 0);

    // Admin forms: suspend and add a domain.
    let (admin, _) = signed_in(&app, Role::Admin).await;
    let page = admin
        .post_raw(
            &format!("/admin/users/{member_id}/suspend"),
            &[("reason", "Spam & abuse"), ("csrf_token", "")],
        )
        .await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    assert!(summary(&page).contains(CSRF_MESSAGE));
    assert_eq!(page.input_value("reason").as_deref(), Some("Spam & abuse"));
    let page = admin
        .post_raw(
            "/admin/settings/domains",
            &[("domain", "prague.eu"), ("csrf_token", "forged")],
        )
        .await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    assert!(summary(&page).contains(CSRF_MESSAGE));
    assert_eq!(page.input_value("domain").as_deref(), Some("prague.eu"));

    assert_eq!(rows!(app, approved_domains), 0);
    assert_eq!(changes_audited(&app), 0);
    let member_row = users::find(&mut app.db.get().unwrap(), &member_id)
        .unwrap()
        .unwrap();
    assert_eq!(member_row.status, "active");
    assert_eq!(member.get("/account").await.status, StatusCode::OK);
}

async fn foreign_origin_with_a_correct_token_is_403(backend: Backend) {
    let app = spawn_app(backend).await;
    let who = Registrant::new("origin@goteborg.example");
    let visitor = browser(&app);
    let token = visitor.get("/register").await.csrf();
    let mut fields = who.fields();
    fields.push(("csrf_token", &token));
    let post = |origin: &str| {
        visitor
            .http
            .post(format!("{}/register", app.base))
            .header("Origin", origin)
            .form(&fields)
            .send()
    };
    for origin in [
        "https://evil.example",
        "null",
        "http://127.0.0.1",
        "http://localhost:1",
    ] {
        let response = post(origin).await.unwrap();
        assert_eq!(response.status(), StatusCode::FORBIDDEN, "{origin}");
        let body = response.text().await.unwrap();
        assert!(body.contains(CSRF_MESSAGE), "{origin}");
        assert!(body.contains("origin@goteborg.example"), "input kept");
    }
    assert_nothing_saved(&app);

    // Our own origin passes.
    let response = post(&format!("http://127.0.0.1:{}", app.port))
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(rows!(app, users), 1);
}

async fn oversized_body_is_413_with_a_readable_page(backend: Backend) {
    let app = spawn_app(backend).await;
    let visitor = browser(&app);
    let token = visitor.get("/register").await.csrf();
    let who = Registrant::new("huge@goteborg.example");
    let huge = "a".repeat(3 * 1024 * 1024);
    let mut fields = replaced(&who, "display_name", &huge);
    fields.push(("csrf_token", &token));
    let page = visitor.post_raw("/register", &fields).await;
    assert_eq!(page.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(
        page.headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    assert_eq!(page.texts("h1"), vec!["Too much data".to_owned()]);
    assert!(page.has("2 MB"), "says what the limit is");
    assert!(page.has("<html"), "a whole page");
    assert_nothing_saved(&app);

    // The same on a signed-in form.
    let email = "sender@goteborg.example";
    app.create_user(email, "Sam Sender", Role::Member, PASSWORD);
    let member = browser(&app);
    member.login(email, PASSWORD).await;
    let token = member.get("/account/security").await.csrf();
    let page = member
        .post_raw(
            "/account/email",
            &[
                ("new_email", &huge),
                ("email_password", PASSWORD),
                ("csrf_token", &token),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(page.texts("h1"), vec!["Too much data".to_owned()]);
    assert_eq!(rows!(app, email_tokens), 0);
}

async fn non_form_content_types_are_400_with_a_readable_page(backend: Backend) {
    let app = spawn_app(backend).await;
    let visitor = browser(&app);
    let token = visitor.get("/register").await.csrf();
    let json = serde_json::json!({
        "email": "json@goteborg.example",
        "display_name": "Jay Son",
        "city": "Gothenburg",
        "country": "SE",
        "position": "Officer",
        "password": "granite meadow lantern 58",
        "csrf_token": token,
    })
    .to_string();
    let urlencoded = url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs([
            ("email", "json@goteborg.example"),
            ("display_name", "Jay Son"),
            ("city", "Gothenburg"),
            ("country", "SE"),
            ("position", "Officer"),
            ("password", "granite meadow lantern 58"),
            ("csrf_token", token.as_str()),
        ])
        .finish();
    for (content_type, body) in [
        ("application/json", json.clone()),
        ("text/plain", urlencoded.clone()),
        ("multipart/form-data; boundary=xyz", urlencoded.clone()),
        ("application/xml", "<register/>".to_owned()),
    ] {
        let response = visitor
            .http
            .post(format!("{}/register", app.base))
            .header("Content-Type", content_type)
            .body(body)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{content_type}");
        let body = response.text().await.unwrap();
        assert!(
            body.contains("Send the form as application/x-www-form-urlencoded."),
            "{content_type}: {body}"
        );
        assert!(body.contains("<html"), "{content_type}: a whole page");
    }
    // A form body that is not urlencoded at all.
    let response = visitor
        .http
        .post(format!("{}/register", app.base))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body(vec![0xff, 0xfe, b'=', b'&', b'&', b'%', b'Z'])
        .send()
        .await
        .unwrap();
    assert!(response.status().is_client_error(), "{}", response.status());
    assert_nothing_saved(&app);
}

async fn malformed_query_strings_do_not_break_pages(backend: Backend) {
    let app = spawn_app(backend).await;
    let (admin, _) = signed_in(&app, Role::Admin).await;
    for path in [
        "/admin/users?page=abc",
        "/admin/users?page=-5",
        "/admin/users?page=0",
        "/admin/users?page=99999999999999999999999",
        "/admin/users?page=1000000",
        "/admin/users?page=",
        "/admin/users?page=%ZZ",
        "/admin/users?q=%E2%80%AE&page=2",
        "/admin/users?unknown=1",
        "/admin/users?&&&=&",
        "/admin/audit?page=abc",
    ] {
        let page = admin.get(path).await;
        assert_eq!(page.status, StatusCode::OK, "{path}: {}", page.body);
    }
    // A NUL in the address is refused before routing, with a readable page.
    let nul = admin.get("/moderation/members?page=%00").await;
    assert_eq!(nul.status, StatusCode::BAD_REQUEST);
    assert!(nul.has("NUL character"));
    assert!(
        admin
            .get("/admin/users?page=abc")
            .await
            .texts("tbody tr")
            .len()
            == 1,
        "page=abc shows the first page"
    );
    // A repeated parameter cannot be read: a readable 400 page, not a 500.
    let page = admin.get("/admin/users?page=1&page=2").await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
    assert!(page.has("The address has a malformed query string."));

    let visitor = browser(&app);
    for (path, next) in [
        ("/login?next=", "/"),
        ("/login?next", "/"),
        ("/login?next=%ZZ", "/"),
        ("/login?next=%FF%FE", "/"),
        ("/login?next=javascript:alert(1)", "/"),
        ("/login?next=%2F%2Fevil.example", "/"),
        ("/login?next=https://evil.example/", "/"),
        ("/login?next=/%5Cevil.example", "/"),
        ("/login?next=%22%3E%3Cscript%3E", "/"),
        (
            "/login?next=/account%22%3E%3Cscript%3E",
            "/account\"><script>",
        ),
        ("/login?next=/account", "/account"),
    ] {
        let page = visitor.get(path).await;
        assert_eq!(page.status, StatusCode::OK, "{path}");
        assert_eq!(page.input_value("next").as_deref(), Some(next), "{path}");
        assert!(!page.has("<script>"), "{path}: escaped");
    }
    for path in [
        "/verify-email",
        "/verify-email?token=",
        "/verify-email?token=%ZZ",
        "/password-reset/confirm?token=",
        "/account/email/confirm?token=%FF",
    ] {
        let page = visitor.get(path).await;
        assert_eq!(page.status, StatusCode::NOT_FOUND, "{path}");
        assert!(page.has("This link is not valid."), "{path}");
    }
    // A NUL is refused before routing.
    assert_eq!(
        visitor.get("/verify-email?token=%00").await.status,
        StatusCode::BAD_REQUEST
    );
}

async fn registration_passwords_are_checked_with_clear_messages(backend: Backend) {
    let app = spawn_app(backend).await;
    let visitor = browser(&app);
    let who = Registrant::new("jana.novak@prague.eu");
    let long = "x".repeat(129);
    for (password, message) in [
        ("short", "Use at least 12 characters."),
        ("elevenchars", "Use at least 12 characters."),
        (long.as_str(), "Use 128 characters or fewer."),
        ("password1234", "too common or easy to guess"),
        ("aaaaaaaaaaaaaaaa", "too common or easy to guess"),
        ("123456789012", "too common or easy to guess"),
        (
            "my jana.novak secret!",
            "Don't use your email address or name in your password.",
        ),
        (
            "xx Eva Lindqvist rules 42",
            "Don't use your email address or name in your password.",
        ),
    ] {
        let page = visitor
            .submit(
                "/register",
                "/register",
                &replaced(&who, "password", password),
            )
            .await;
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "{password}");
        assert!(
            field_error(&page, "password").contains(message),
            "{password}: {:?}",
            field_error(&page, "password")
        );
        assert_registration_kept(&page, &who, &[]);
        assert!(!page.has(password), "{password} is not echoed");
    }
    assert_nothing_saved(&app);
}

async fn reset_and_resend_forms_refuse_bad_addresses_with_input_kept(backend: Backend) {
    let app = spawn_app(backend).await;
    let visitor = browser(&app);
    let huge = format!("{}@city.example", "a".repeat(300));
    for path in ["/password-reset", "/verify-email/resend"] {
        for (email, message) in [
            ("", "Enter your email address."),
            ("   ", "Enter your email address."),
            ("not an address", "Enter an email address like"),
            ("'; DROP TABLE users; --", "Enter an email address like"),
            ("a@b.eu\u{0}", "Enter an email address like"),
            (huge.as_str(), "254 characters or fewer"),
        ] {
            let page = visitor.submit(path, path, &[("email", email)]).await;
            assert_eq!(
                page.status,
                StatusCode::UNPROCESSABLE_ENTITY,
                "{path} {email:?}"
            );
            assert!(
                field_error(&page, "email").contains(message),
                "{path} {email:?}: {:?}",
                field_error(&page, "email")
            );
            if !email.contains('\u{0}') {
                assert_eq!(page.input_value("email").as_deref(), Some(email));
            }
            assert!(page.input_value("csrf_token").is_some(), "the form is back");
        }
    }
    assert_eq!(rows!(app, outbox), 0);
    assert_eq!(rows!(app, email_tokens), 0);
    assert_eq!(
        rows!(app, rate_limit_events),
        0,
        "refused input is not counted"
    );
}

async fn reset_confirm_refuses_weak_passwords_and_keeps_the_link_usable(backend: Backend) {
    let app = spawn_app(backend).await;
    let email = "rita.reset@goteborg.example";
    let id = app.create_user(email, "Rita Reset", Role::Member, PASSWORD);
    let before = password_hash(&app, &id);
    let visitor = browser(&app);
    visitor
        .submit("/password-reset", "/password-reset", &[("email", email)])
        .await;
    let mail = app.mail_to(email, "Reset").await;
    let link = link_with(&mail.text, "/password-reset/confirm?token=");
    let form = visitor.get(&link).await;
    let token = form.input_value("token").unwrap();
    let long = "y".repeat(129);
    for (password, message) in [
        ("", "Use at least 12 characters."),
        ("short", "Use at least 12 characters."),
        (long.as_str(), "Use 128 characters or fewer."),
        ("password1234", "too common"),
        (
            "rita.reset is my password",
            "Don't use your email address or name",
        ),
    ] {
        let page = visitor
            .post_raw(
                "/password-reset/confirm",
                &[
                    ("token", &token),
                    ("password", password),
                    ("csrf_token", &form.csrf()),
                ],
            )
            .await;
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "{password}");
        assert!(
            field_error(&page, "password").contains(message),
            "{password}: {:?}",
            field_error(&page, "password")
        );
        assert_eq!(
            page.input_value("token").as_deref(),
            Some(token.as_str()),
            "the link stays in the form"
        );
        assert_eq!(page.input_value("password").as_deref(), Some(""));
    }
    // A wrong CSRF token: 403, the form again.
    let page = visitor
        .post_raw(
            "/password-reset/confirm",
            &[
                ("token", &token),
                ("password", "saffron glacier tempo 77"),
                ("csrf_token", "bad"),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    assert!(summary(&page).contains(CSRF_MESSAGE));
    assert_eq!(page.input_value("token").as_deref(), Some(token.as_str()));

    assert_eq!(password_hash(&app, &id), before, "nothing changed");
    {
        use schema::email_tokens::dsl;
        let used: Option<chrono::NaiveDateTime> = dsl::email_tokens
            .select(dsl::used_at)
            .first(&mut *app.db.get().unwrap())
            .unwrap();
        assert!(used.is_none(), "the link was not used up");
    }
    // The link still works.
    let done = visitor
        .post_raw(
            "/password-reset/confirm",
            &[
                ("token", &token),
                ("password", "saffron glacier tempo 77"),
                ("csrf_token", &form.csrf()),
            ],
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER);
    assert_ne!(password_hash(&app, &id), before);
}

async fn login_form_refuses_bad_input_without_500(backend: Backend) {
    let app = spawn_app(backend).await;
    let email = "lena.login@goteborg.example";
    app.create_user(email, "Lena Login", Role::Member, PASSWORD);
    let visitor = browser(&app);
    let huge = "p".repeat(1_000_000);
    for (typed, password) in [
        ("", ""),
        ("", PASSWORD),
        (email, ""),
        ("not an address", PASSWORD),
        ("lena.login@goteborg.example\u{0}", PASSWORD),
        ("<script>alert(1)</script>", PASSWORD),
        (email, huge.as_str()),
        (huge.as_str(), PASSWORD),
    ] {
        let page = visitor.login(typed, password).await;
        assert_eq!(page.status, StatusCode::UNAUTHORIZED, "{:.40}", typed);
        assert!(
            summary(&page).contains("The email address or password is not right."),
            "{:.40}",
            typed
        );
        if !typed.contains('\u{0}') {
            assert_eq!(page.input_value("email").as_deref(), Some(typed), "kept");
        }
        assert_eq!(page.input_value("password").as_deref(), Some(""));
        assert!(!page.has("<script>"), "escaped");
    }
    assert_eq!(
        visitor.get("/account").await.status,
        StatusCode::SEE_OTHER,
        "still not signed in"
    );
    {
        use schema::sessions::dsl;
        let signed_in: i64 = dsl::sessions
            .filter(dsl::user_id.is_not_null())
            .count()
            .get_result(&mut *app.db.get().unwrap())
            .unwrap();
        assert_eq!(signed_in, 0);
    }
}

async fn change_password_refuses_bad_input_and_changes_nothing(backend: Backend) {
    let app = spawn_app(backend).await;
    let email = "carl.change@goteborg.example";
    let id = app.create_user(email, "Carl Change", Role::Member, PASSWORD);
    let member = browser(&app);
    member.login(email, PASSWORD).await;
    let before = password_hash(&app, &id);
    let long = "z".repeat(129);
    for (current, new, field, message) in [
        (
            "",
            "marble canyon sonnet 31",
            "current_password",
            "Your current password is not right.",
        ),
        (
            "wrong password here",
            "marble canyon sonnet 31",
            "current_password",
            "Your current password is not right.",
        ),
        (PASSWORD, "", "new_password", "Use at least 12 characters."),
        (
            PASSWORD,
            "short",
            "new_password",
            "Use at least 12 characters.",
        ),
        (
            PASSWORD,
            long.as_str(),
            "new_password",
            "Use 128 characters or fewer.",
        ),
        (PASSWORD, "password1234", "new_password", "too common"),
        (
            PASSWORD,
            "carl.change rocks 99!",
            "new_password",
            "Don't use your email address or name",
        ),
        (
            PASSWORD,
            "xx Carl Change 77 yy",
            "new_password",
            "Don't use your email address or name",
        ),
    ] {
        let page = member
            .submit(
                "/account/security",
                "/account/password",
                &[("current_password", current), ("new_password", new)],
            )
            .await;
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "{new:.20}");
        assert!(
            field_error(&page, field).contains(message),
            "{new:.20}: {:?}",
            field_error(&page, field)
        );
        assert_eq!(page.input_value("current_password").as_deref(), Some(""));
        assert_eq!(page.input_value("new_password").as_deref(), Some(""));
        if !current.is_empty() {
            assert!(!page.has(current), "passwords are not echoed");
        }
    }
    assert_eq!(password_hash(&app, &id), before);
    assert_eq!(rows!(app, outbox), 0, "no 'password changed' email");
    assert_eq!(member.get("/account").await.status, StatusCode::OK);
}

async fn change_email_refuses_bad_input_and_changes_nothing(backend: Backend) {
    let app = spawn_app(backend).await;
    let email = "nora.new@goteborg.example";
    app.create_user(email, "Nora New", Role::Member, PASSWORD);
    app.create_user(
        "taken@goteborg.example",
        "Tom Taken",
        Role::Member,
        PASSWORD,
    );
    let member = browser(&app);
    member.login(email, PASSWORD).await;
    for (new_email, password, field, message) in [
        ("", PASSWORD, "new_email", "Enter your email address."),
        (
            "not an address",
            PASSWORD,
            "new_email",
            "Enter an email address like",
        ),
        (
            "'; DROP TABLE users; --",
            PASSWORD,
            "new_email",
            "Enter an email address like",
        ),
        (
            "x@y.eu\r\nBcc: z@w.eu",
            PASSWORD,
            "new_email",
            "Enter an email address like",
        ),
        (
            " NORA.NEW@goteborg.example",
            PASSWORD,
            "new_email",
            "This is already your email address.",
        ),
        (
            "fresh@goteborg.example",
            "",
            "email_password",
            "Your current password is not right.",
        ),
        (
            "fresh@goteborg.example",
            "wrong password!!",
            "email_password",
            "Your current password is not right.",
        ),
    ] {
        let page = member
            .submit(
                "/account/security",
                "/account/email",
                &[("new_email", new_email), ("email_password", password)],
            )
            .await;
        assert_eq!(
            page.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{new_email:?}"
        );
        assert!(
            field_error(&page, field).contains(message),
            "{new_email:?}: {:?}",
            field_error(&page, field)
        );
        assert_eq!(
            page.input_value("new_email").as_deref(),
            Some(new_email.replace("\r\n", "\n").as_str()),
            "kept"
        );
        assert_eq!(page.input_value("email_password").as_deref(), Some(""));
    }
    assert_eq!(rows!(app, email_tokens), 0);
    assert_eq!(rows!(app, outbox), 0);
    // A taken address is answered like a free one; its holder gets a notice, not a link.
    let answers: Vec<String> = {
        let mut answers = Vec::new();
        for new_email in ["Taken@goteborg.example", "fresh@goteborg.example"] {
            let page = member
                .submit(
                    "/account/security",
                    "/account/email",
                    &[("new_email", new_email), ("email_password", PASSWORD)],
                )
                .await;
            assert_eq!(page.status, StatusCode::SEE_OTHER, "{new_email}");
            let shown = member.follow(&page).await;
            answers.push(shown.texts(".flash").join(" ").to_lowercase());
        }
        answers
    };
    assert_eq!(
        answers[0].replace("taken@", "fresh@"),
        answers[1],
        "the same answer"
    );
    let notice = app
        .mail_to("taken@goteborg.example", "Your address was entered")
        .await;
    assert!(
        !notice.text.contains("token="),
        "no link to take the address"
    );
    assert_eq!(
        rows!(app, email_tokens),
        1,
        "only the free address got a link"
    );
    assert!(
        users::find_by_email(&mut app.db.get().unwrap(), email)
            .unwrap()
            .is_some()
    );
}

async fn suspend_form_requires_a_short_plain_reason(backend: Backend) {
    let app = spawn_app(backend).await;
    let email = "sue.spect@goteborg.example";
    let id = app.create_user(email, "Sue Spect", Role::Member, PASSWORD);
    let member = browser(&app);
    member.login(email, PASSWORD).await;
    let (admin, _) = signed_in(&app, Role::Admin).await;
    let form = format!("/admin/users/{id}/suspend");
    let long = "r".repeat(501);
    for (reason, message) in [
        ("", "Enter the reason."),
        ("    ", "Enter the reason."),
        (long.as_str(), "Keep the reason to 500 characters or fewer."),
        (
            "Spam\u{202E}maps",
            "Remove the invisible or control characters from the reason.",
        ),
        (
            "Spam\u{0}",
            "Remove the invisible or control characters from the reason.",
        ),
    ] {
        let page = admin.submit(&form, &form, &[("reason", reason)]).await;
        assert_eq!(
            page.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{reason:.20}"
        );
        assert!(
            field_error(&page, "reason").contains(message),
            "{reason:.20}: {:?}",
            field_error(&page, "reason")
        );
        assert!(page.has("Suspend Sue Spect?"), "the confirm form is back");
        if !reason.contains('\u{0}') {
            assert_eq!(page.input_value("reason").as_deref(), Some(reason), "kept");
        }
    }
    // Exactly 500 is fine.
    let ok = admin
        .submit(&form, &form, &[("reason", &"r".repeat(500))])
        .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER);
    let mut audit = twinwise::db::audit::actions_on(&mut app.db.get().unwrap(), &id).unwrap();
    audit.retain(|action| !action.starts_with("sign_in"));
    assert_eq!(
        audit,
        vec!["suspend".to_owned()],
        "only the valid one counted"
    );
    assert_eq!(member.get("/account").await.status, StatusCode::SEE_OTHER);
}

/// A suspend form for an account that does not exist is a 404 page, not a 500.
async fn suspend_and_role_forms_for_unknown_accounts_are_404(backend: Backend) {
    let app = spawn_app(backend).await;
    let (admin, _) = signed_in(&app, Role::Admin).await;
    for id in ["no-such-id", "'; DROP TABLE users; --", "%E2%80%AE"] {
        let page = admin.get(&format!("/admin/users/{id}/suspend")).await;
        assert_eq!(page.status, StatusCode::NOT_FOUND, "{id}");
        assert!(page.has("Page not found"));
        let token = fresh_token(&admin).await;
        let page = admin
            .post_raw(
                &format!("/admin/users/{id}/suspend"),
                &[("reason", "x"), ("csrf_token", &token)],
            )
            .await;
        assert_eq!(page.status, StatusCode::NOT_FOUND, "{id}");
        let page = admin
            .post_raw(
                &format!("/admin/users/{id}/role"),
                &[("role", "admin"), ("csrf_token", &token)],
            )
            .await;
        assert_eq!(page.status, StatusCode::NOT_FOUND, "{id}");
    }
    assert_eq!(changes_audited(&app), 0);
    assert_eq!(rows!(app, users), 1);
}

/// The reject note is limited to 500 characters; a longer one rejects nobody. (The note is an
/// inline form on the queue, so the answer is the queue with an error message.)
async fn overlong_reject_note_rejects_nobody(backend: Backend) {
    let app = spawn_app(backend).await;
    let visitor = browser(&app);
    let who = Registrant::new("pending@goteborg.example");
    app.register(&visitor, &who).await;
    app.verify_email(&visitor, &who.email).await;
    let id = user_id(&app, &who.email);
    let outbox_before = rows!(app, outbox);
    let (moderator, _) = signed_in(&app, Role::Moderator).await;
    let reject = format!("/moderation/members/{id}/reject");
    for (note, message) in [
        (
            "n".repeat(501),
            "Not rejected: Keep the note to 500 characters or fewer.",
        ),
        (
            "Bad\u{202E}note".to_owned(),
            "Not rejected: Remove the invisible or control characters from the note.",
        ),
    ] {
        let page = moderator
            .submit("/moderation/members", &reject, &[("reason", &note)])
            .await;
        assert!(
            page.status.is_redirection() || page.status.is_client_error(),
            "{}",
            page.status
        );
        let shown = if page.status.is_redirection() {
            moderator.follow(&page).await
        } else {
            page
        };
        assert!(shown.has(message), "{}", shown.body);
        assert!(shown.has("Reject Eva Lindqvist"), "still in the queue");
    }
    let row = users::find(&mut app.db.get().unwrap(), &id)
        .unwrap()
        .unwrap();
    assert_eq!(row.status, "pending");
    assert_eq!(changes_audited(&app), 0);
    assert_eq!(rows!(app, outbox), outbox_before, "no rejection email");
}

/// Like every other form, the reject form answers an over-long note with a 4xx and keeps
/// the typed note.
async fn overlong_reject_note_is_4xx_with_the_note_kept(backend: Backend) {
    let app = spawn_app(backend).await;
    let visitor = browser(&app);
    let who = Registrant::new("pending@goteborg.example");
    app.register(&visitor, &who).await;
    app.verify_email(&visitor, &who.email).await;
    let id = user_id(&app, &who.email);
    let (moderator, _) = signed_in(&app, Role::Moderator).await;
    let note = format!("{} END-OF-NOTE", "n".repeat(500));
    let page = moderator
        .submit(
            "/moderation/members",
            &format!("/moderation/members/{id}/reject"),
            &[("reason", &note)],
        )
        .await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.has("END-OF-NOTE"), "the note is kept");
}

async fn add_domain_form_refuses_bad_domains_with_input_kept(backend: Backend) {
    let app = spawn_app(backend).await;
    let (admin, _) = signed_in(&app, Role::Admin).await;
    let long = format!("{}.eu", "d".repeat(300));
    for domain in [
        "",
        "   ",
        "not a domain",
        "localhost",
        "<script>alert(1)</script>",
        "'; DROP TABLE approved_domains; --",
        "prague.eu\u{0}",
        "@",
        long.as_str(),
    ] {
        let page = admin
            .submit(
                "/admin/settings",
                "/admin/settings/domains",
                &[("domain", domain)],
            )
            .await;
        assert_eq!(
            page.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{domain:.30}"
        );
        assert!(
            field_error(&page, "domain").contains("Enter a domain like prague.eu."),
            "{domain:.30}: {:?}",
            field_error(&page, "domain")
        );
        if !domain.contains('\u{0}') {
            assert_eq!(page.input_value("domain").as_deref(), Some(domain), "kept");
        }
        assert!(!page.has("<script>"), "escaped");
    }
    assert_eq!(rows!(app, approved_domains), 0);
    assert_eq!(changes_audited(&app), 0);
    // A good one still works afterwards.
    for country in ["", "Atlantis", "'; DROP TABLE approved_domains; --"] {
        let page = admin
            .submit(
                "/admin/settings",
                "/admin/settings/domains",
                &[("domain", "prague.eu"), ("country", country)],
            )
            .await;
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "{country}");
        assert!(!field_error(&page, "country").is_empty(), "{country}");
        assert_eq!(page.input_value("domain").as_deref(), Some("prague.eu"));
    }
    assert_eq!(rows!(app, approved_domains), 0);
    let ok = admin
        .submit(
            "/admin/settings",
            "/admin/settings/domains",
            &[("domain", " @Prague.EU "), ("country", "CZ")],
        )
        .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER);
    assert_eq!(rows!(app, approved_domains), 1);
}

async fn replayed_verification_link_is_410_and_unknown_is_404(backend: Backend) {
    let app = spawn_app(backend).await;
    let visitor = browser(&app);
    let who = Registrant::new("replay@goteborg.example");
    app.register(&visitor, &who).await;
    let mail = app.mail_to(&who.email, "Confirm").await;
    let link = link_with(&mail.text, "/verify-email?token=");
    let page = visitor.get(&link).await;
    let token = page.input_value("token").unwrap();
    let first = visitor
        .post_raw(
            "/verify-email",
            &[("token", &token), ("csrf_token", &page.csrf())],
        )
        .await;
    assert_eq!(first.status, StatusCode::OK);
    for replay in [
        visitor.get(&link).await,
        browser(&app).get(&link).await,
        visitor
            .post_raw(
                "/verify-email",
                &[
                    ("token", &token),
                    ("csrf_token", &fresh_token(&visitor).await),
                ],
            )
            .await,
    ] {
        assert_eq!(replay.status, StatusCode::GONE);
        assert!(replay.has("This link was already used."));
        assert_eq!(
            replay.texts("h1"),
            vec!["This link cannot be used".to_owned()]
        );
    }
    for unknown in [
        visitor.get("/verify-email?token=made-up").await,
        visitor
            .post_raw(
                "/verify-email",
                &[
                    ("token", "made-up"),
                    ("csrf_token", &fresh_token(&visitor).await),
                ],
            )
            .await,
        visitor
            .post_raw(
                "/verify-email",
                &[("csrf_token", &fresh_token(&visitor).await)],
            )
            .await,
    ] {
        assert_eq!(unknown.status, StatusCode::NOT_FOUND);
        assert!(unknown.has("This link is not valid."));
    }
    // A verification token is not a reset token.
    let crossed = visitor
        .get(&format!("/password-reset/confirm?token={token}"))
        .await;
    assert_eq!(crossed.status, StatusCode::NOT_FOUND);
}

async fn replayed_reset_link_is_410_and_unknown_is_404(backend: Backend) {
    let app = spawn_app(backend).await;
    let email = "rex.replay@goteborg.example";
    let id = app.create_user(email, "Rex Replay", Role::Member, PASSWORD);
    let visitor = browser(&app);
    visitor
        .submit("/password-reset", "/password-reset", &[("email", email)])
        .await;
    let mail = app.mail_to(email, "Reset").await;
    let link = link_with(&mail.text, "/password-reset/confirm?token=");
    let form = visitor.get(&link).await;
    let token = form.input_value("token").unwrap();
    let done = visitor
        .post_raw(
            "/password-reset/confirm",
            &[
                ("token", &token),
                ("password", "saffron glacier tempo 77"),
                ("csrf_token", &form.csrf()),
            ],
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER);
    let after = password_hash(&app, &id);

    let replay_get = visitor.get(&link).await;
    assert_eq!(replay_get.status, StatusCode::GONE);
    assert!(replay_get.has("This link was already used."));
    let replay_post = visitor
        .post_raw(
            "/password-reset/confirm",
            &[
                ("token", &token),
                ("password", "another fine passphrase 12"),
                ("csrf_token", &fresh_token(&visitor).await),
            ],
        )
        .await;
    assert_eq!(replay_post.status, StatusCode::GONE);
    assert!(replay_post.has("This link was already used."));
    assert_eq!(
        password_hash(&app, &id),
        after,
        "the replay changed nothing"
    );

    let unknown_get = visitor.get("/password-reset/confirm?token=made-up").await;
    assert_eq!(unknown_get.status, StatusCode::NOT_FOUND);
    assert!(unknown_get.has("This link is not valid."));
    let unknown_post = visitor
        .post_raw(
            "/password-reset/confirm",
            &[
                ("token", "made-up"),
                ("password", "another fine passphrase 12"),
                ("csrf_token", &fresh_token(&visitor).await),
            ],
        )
        .await;
    assert_eq!(unknown_post.status, StatusCode::NOT_FOUND);
    assert_eq!(password_hash(&app, &id), after);
}

async fn replayed_email_change_link_is_410_and_unknown_is_404(backend: Backend) {
    let app = spawn_app(backend).await;
    let old = "olga.old@goteborg.example";
    let new = "olga.new@goteborg.example";
    app.create_user(old, "Olga Old", Role::Member, PASSWORD);
    let member = browser(&app);
    member.login(old, PASSWORD).await;
    let asked = member
        .submit(
            "/account/security",
            "/account/email",
            &[("new_email", new), ("email_password", PASSWORD)],
        )
        .await;
    assert_eq!(asked.status, StatusCode::SEE_OTHER);
    let mail = app.mail_to(new, "Confirm your new email").await;
    let link = link_with(&mail.text, "/account/email/confirm?token=");
    let page = member.get(&link).await;
    let token = page.input_value("token").unwrap();
    let confirmed = member
        .post_raw(
            "/account/email/confirm",
            &[("token", &token), ("csrf_token", &page.csrf())],
        )
        .await;
    assert_eq!(confirmed.status, StatusCode::SEE_OTHER);
    let outbox_after = rows!(app, outbox);

    let replay_get = member.get(&link).await;
    assert_eq!(replay_get.status, StatusCode::GONE);
    assert!(replay_get.has("This link was already used."));
    let replay_post = member
        .post_raw(
            "/account/email/confirm",
            &[
                ("token", &token),
                ("csrf_token", &fresh_token(&member).await),
            ],
        )
        .await;
    assert_eq!(replay_post.status, StatusCode::GONE);
    assert!(replay_post.has("This link was already used."));
    assert_eq!(rows!(app, outbox), outbox_after, "no second notice");

    let unknown = member.get("/account/email/confirm?token=made-up").await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    assert!(unknown.has("This link is not valid."));
    let unknown_post = member
        .post_raw(
            "/account/email/confirm",
            &[
                ("token", "made-up"),
                ("csrf_token", &fresh_token(&member).await),
            ],
        )
        .await;
    assert_eq!(unknown_post.status, StatusCode::NOT_FOUND);
    assert!(
        users::find_by_email(&mut app.db.get().unwrap(), new)
            .unwrap()
            .is_some()
    );
}

/// NUL characters in values that reach a query must not make the database fail: each is
/// an unknown value like any other.
async fn nul_characters_in_admin_inputs_do_not_500(backend: Backend) {
    let app = spawn_app(backend).await;
    let (admin, _) = signed_in(&app, Role::Admin).await;
    let mut outcomes = Vec::new();
    let search = admin.get("/admin/users?q=a%00b").await;
    // A NUL in the address is refused before routing, with a readable page.
    assert!(search.body.contains("NUL character"), "{}", search.body);
    outcomes.push((
        "GET /admin/users?q=a%00b",
        search.status,
        StatusCode::BAD_REQUEST,
    ));
    let user = admin.get("/admin/users/a%00b").await;
    outcomes.push((
        "GET /admin/users/a%00b",
        user.status,
        StatusCode::BAD_REQUEST,
    ));
    let removed = admin
        .submit(
            "/admin/settings",
            "/admin/settings/domains/remove",
            &[("domain", "prague.eu\u{0}")],
        )
        .await;
    outcomes.push((
        "POST /admin/settings/domains/remove domain=prague.eu%00",
        removed.status,
        StatusCode::SEE_OTHER,
    ));
    let token = fresh_token(&admin).await;
    let approve = admin
        .post_raw(
            "/moderation/members/a%00b/approve",
            &[("csrf_token", &token)],
        )
        .await;
    outcomes.push((
        "POST /moderation/members/a%00b/approve",
        approve.status,
        StatusCode::BAD_REQUEST,
    ));
    let wrong: Vec<_> = outcomes
        .iter()
        .filter(|(_, got, want)| got != want)
        .collect();
    assert!(wrong.is_empty(), "(request, got, expected): {wrong:#?}");
    assert_eq!(rows!(app, users), 1);
}

#[actix_web::test]
async fn nul_characters_in_admin_inputs_do_not_500_on_sqlite() {
    nul_characters_in_admin_inputs_do_not_500(Backend::Sqlite).await;
}

/// The PostgreSQL half of [`nul_characters_in_admin_inputs_do_not_500`].
#[actix_web::test]
async fn nul_characters_in_admin_inputs_do_not_500_on_postgres() {
    if common::postgres_available() {
        nul_characters_in_admin_inputs_do_not_500(Backend::Postgres).await;
    }
}

/// The fields the error summary links to, in its order. Asserts that each link points to an
/// element of the page and that the summary lists them in the order those elements come in
/// the document.
fn summary_in_document_order(page: &Page) -> Vec<String> {
    let doc = scraper::Html::parse_document(&page.body);
    let links = scraper::Selector::parse(".error-summary a").unwrap();
    let targets: Vec<String> = doc
        .select(&links)
        .map(|a| {
            let href = a.value().attr("href").unwrap_or_default();
            href.strip_prefix('#')
                .unwrap_or_else(|| panic!("a summary link that is not to the page: {href}"))
                .to_owned()
        })
        .collect();
    let in_document: Vec<&str> = doc
        .root_element()
        .descendants()
        .filter_map(|node| node.value().as_element())
        .filter_map(|element| element.id())
        .filter(|id| targets.iter().any(|t| t == id))
        .collect();
    for target in &targets {
        assert_eq!(
            in_document.iter().filter(|id| *id == target).count(),
            1,
            "the summary links to #{target}, which the page has {} times",
            in_document.iter().filter(|id| *id == target).count()
        );
    }
    assert_eq!(
        targets, in_document,
        "the summary lists the errors in another order than the form shows the fields"
    );
    targets
}

async fn error_summaries_list_errors_in_the_order_of_the_fields(backend: Backend) {
    let app = spawn_app(backend).await;

    // Registration: the code checks city and country before position; the form asks for
    // the position first.
    let visitor = browser(&app);
    let page = visitor
        .submit(
            "/register",
            "/register",
            &[
                ("email", "not an address"),
                ("display_name", "Eva Lindqvist"),
                ("position", ""),
                ("city", ""),
                ("country", "Atlantis"),
                ("password", "short"),
            ],
        )
        .await;
    assert_eq!(
        page.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        page.body
    );
    assert_eq!(
        summary_in_document_order(&page),
        ["email", "position", "city", "country", "password"]
    );
    assert_nothing_saved(&app);

    // The case form: the code checks the date after the lessons and the anonymity before
    // the AMBER audience; the form shows the date under the story and the audience first.
    let (member, _) = signed_in(&app, Role::Member).await;
    let page = member
        .submit(
            "/cases/new",
            "/cases/new",
            &[
                ("title", ""),
                ("summary", "The embassy wrote to the mayor."),
                ("narrative", "A letter arrived."),
                ("occurred_on", "the day before yesterday"),
                ("demands", "cancel_event"),
                ("counterpart_id", "new"),
                ("counterpart_name", "Embassy of the PRC"),
                ("counterpart_kind", "embassy"),
                ("counterpart_country", "SE"),
                ("channel", ""),
                ("response", "declined"),
                ("tlp", "amber"),
                ("audience", "XX"),
                ("anonymity", ""),
            ],
        )
        .await;
    assert_eq!(
        page.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        page.body
    );
    assert_eq!(
        summary_in_document_order(&page),
        [
            "title",
            "occurred_on",
            "topics",
            "channel",
            "audience",
            "anonymity"
        ]
    );
    assert_eq!(rows!(app, cases), 0, "no case row");
}

/// Deviation from "every form re-renders with the input kept": the inline reject form
/// answers an over-long note with a redirect and a flash message, and the note is lost.
#[actix_web::test]
#[ignore = "bug: an over-long reject note answers 303 + flash and drops the typed note instead of a 4xx form"]
async fn overlong_reject_note_is_4xx_with_the_note_kept_on_sqlite() {
    overlong_reject_note_is_4xx_with_the_note_kept(Backend::Sqlite).await;
}

backend_tests!(
    error_summaries_list_errors_in_the_order_of_the_fields,
    registration_with_each_field_empty_is_422_with_a_message_and_input_kept,
    megabyte_values_are_422_with_a_length_message_not_413,
    malformed_emails_are_422_with_the_email_message,
    html_in_names_is_kept_as_text_and_escaped_on_the_moderation_queue,
    sql_metacharacters_are_plain_text_everywhere,
    invisible_and_control_characters_in_names_are_422,
    unknown_country_is_422_with_the_country_message,
    duplicate_registration_keeps_input_and_saves_one_user,
    registration_with_a_missing_wrong_or_expired_csrf_token_is_403_with_input_kept,
    other_forms_with_a_bad_csrf_token_are_403_with_input_kept,
    foreign_origin_with_a_correct_token_is_403,
    oversized_body_is_413_with_a_readable_page,
    non_form_content_types_are_400_with_a_readable_page,
    malformed_query_strings_do_not_break_pages,
    registration_passwords_are_checked_with_clear_messages,
    reset_and_resend_forms_refuse_bad_addresses_with_input_kept,
    reset_confirm_refuses_weak_passwords_and_keeps_the_link_usable,
    login_form_refuses_bad_input_without_500,
    change_password_refuses_bad_input_and_changes_nothing,
    change_email_refuses_bad_input_and_changes_nothing,
    suspend_form_requires_a_short_plain_reason,
    suspend_and_role_forms_for_unknown_accounts_are_404,
    overlong_reject_note_rejects_nobody,
    add_domain_form_refuses_bad_domains_with_input_kept,
    replayed_verification_link_is_410_and_unknown_is_404,
    replayed_reset_link_is_410_and_unknown_is_404,
    replayed_email_change_link_is_410_and_unknown_is_404,
);
