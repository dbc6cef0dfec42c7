//! Security properties end to end: headers, cookies, sessions, sign-in limits, state changes
//! only by POST, suspension, roles and access control, and redirects that stay on the site.

use crate::common;

use common::{
    Backend, Client, Options, Page, Registrant, TestApp, link_with, spawn_app, spawn_with,
};
use diesel::prelude::*;
use reqwest::StatusCode;
use twinwise::db::{schema, users};
use twinwise::domain::Role;

const PASSWORD: &str = "orchid tundra falcon 42";
const WRONG_LOGIN: &str = "The email address or password is not right.";
const LIMITED: &str = "Too many failed sign-in attempts.";

/// The `Set-Cookie` lines of a response for one cookie name.
fn set_cookies(page: &Page, name: &str) -> Vec<String> {
    page.headers
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .filter(|line| line.starts_with(&format!("{name}=")))
        .collect()
}

/// The value of a `Set-Cookie` line.
fn cookie_value(line: &str) -> String {
    line.split(';')
        .next()
        .and_then(|pair| pair.split_once('='))
        .map(|(_, value)| value.to_owned())
        .unwrap()
}

/// The attributes of a `Set-Cookie` line, lower-cased, without the value.
fn cookie_attributes(line: &str) -> Vec<String> {
    line.split(';')
        .skip(1)
        .map(|a| a.trim().to_lowercase())
        .collect()
}

/// A client without a cookie jar, to send a chosen cookie.
fn bare_client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
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

fn user(app: &TestApp, id: &str) -> users::UserRow {
    users::find(&mut app.db.get().unwrap(), id)
        .unwrap()
        .unwrap()
}

fn sessions_of(app: &TestApp, id: &str) -> i64 {
    use schema::sessions::dsl;
    dsl::sessions
        .filter(dsl::user_id.eq(id))
        .count()
        .get_result(&mut *app.db.get().unwrap())
        .unwrap()
}

/// The audit log's moderation and admin entries (sign-ins left out).
fn audit_rows(app: &TestApp) -> Vec<(String, Option<String>, Option<String>, String)> {
    use schema::audit_log::dsl;
    dsl::audit_log
        .filter(dsl::action.ne_all(["sign_in", "sign_in_failed"]))
        .order((dsl::created_at.asc(), dsl::id.asc()))
        .select((dsl::action, dsl::actor_id, dsl::target_user_id, dsl::detail))
        .load(&mut *app.db.get().unwrap())
        .unwrap()
}

fn active_admins(app: &TestApp) -> i64 {
    users::count_active_with_role(&mut app.db.get().unwrap(), Role::Admin).unwrap()
}

fn set_role_in_db(app: &TestApp, id: &str, role: Role) {
    users::set_role(&mut app.db.get().unwrap(), id, role).unwrap();
}

/// Where a `Location` takes a browser (WHATWG URL parsing, as browsers do).
fn resolve(app: &TestApp, location: &str) -> url::Url {
    url::Url::parse(&format!("{}/", app.base))
        .unwrap()
        .join(location)
        .unwrap()
}

async fn login_with_next(client: &Client, email: &str, next: &str) -> Page {
    client
        .submit(
            "/login",
            "/login",
            &[("email", email), ("password", PASSWORD), ("next", next)],
        )
        .await
}

async fn pages_carry_the_security_headers(backend: Backend) {
    let app = spawn_app(backend).await;
    let visitor = browser(&app);
    let form = visitor.get("/login").await;
    let forbidden = visitor.post_raw("/login", &[("email", "x@y.eu")]).await;
    let pages = [
        ("a form", form),
        ("a 404", visitor.get("/no-such-page").await),
        ("a redirect", visitor.get("/account").await),
        ("a 403", forbidden),
        ("a stylesheet", visitor.get("/static/app.css").await),
    ];
    for (what, page) in &pages {
        let header = |name: &str| {
            page.headers
                .get(name)
                .unwrap_or_else(|| panic!("{what}: no {name}"))
                .to_str()
                .unwrap()
                .to_owned()
        };
        let csp = header("content-security-policy");
        let directives: Vec<&str> = csp.split(';').map(str::trim).collect();
        let directive = |name: &str| {
            directives
                .iter()
                .find(|d| d.split_whitespace().next() == Some(name))
                .unwrap_or_else(|| panic!("{what}: CSP has no {name}: {csp}"))
                .to_owned()
        };
        let script = directive("script-src");
        assert!(script.contains("'self'"), "{what}: {script}");
        assert!(!script.contains("'unsafe-inline'"), "{what}: {script}");
        assert!(!script.contains("'unsafe-eval'"), "{what}: {script}");
        assert!(!script.contains('*'), "{what}: {script}");
        assert!(!directive("default-src").contains("'unsafe-inline'"));
        assert_eq!(directive("frame-ancestors"), "frame-ancestors 'none'");
        assert_eq!(directive("object-src"), "object-src 'none'");
        assert_eq!(header("x-content-type-options"), "nosniff", "{what}");
        assert!(
            [
                "no-referrer",
                "same-origin",
                "strict-origin",
                "strict-origin-when-cross-origin"
            ]
            .contains(&header("referrer-policy").as_str()),
            "{what}: {}",
            header("referrer-policy")
        );
        assert_eq!(header("x-frame-options"), "DENY", "{what}");
        assert!(
            page.headers.get("strict-transport-security").is_none(),
            "{what}: no HSTS over plain http"
        );
    }
    // The pages themselves use no inline script the policy would have to allow.
    assert!(!pages[0].1.has("<script"), "no script at all on the form");
}

async fn session_cookie_is_http_only_lax_and_not_secure_on_http(backend: Backend) {
    let app = spawn_app(backend).await;
    let visitor = browser(&app);
    let form = visitor.get("/login").await;
    let lines = set_cookies(&form, "twinwise");
    assert_eq!(lines.len(), 1, "the form page starts a session: {lines:?}");
    let attributes = cookie_attributes(&lines[0]);
    assert!(attributes.contains(&"httponly".to_owned()), "{lines:?}");
    assert!(attributes.contains(&"samesite=lax".to_owned()), "{lines:?}");
    assert!(attributes.contains(&"path=/".to_owned()), "{lines:?}");
    assert!(!attributes.contains(&"secure".to_owned()), "{lines:?}");
    assert!(
        cookie_value(&lines[0]).len() >= 40,
        "a long random value: {lines:?}"
    );

    let email = "cookie.monster@goteborg.example";
    app.create_user(email, "Cora Cookie", Role::Member, PASSWORD);
    let signed_in = visitor
        .post_raw(
            "/login",
            &[
                ("email", email),
                ("password", PASSWORD),
                ("csrf_token", &form.csrf()),
            ],
        )
        .await;
    assert_eq!(signed_in.status, StatusCode::SEE_OTHER);
    for name in ["twinwise", "tw_device"] {
        let lines = set_cookies(&signed_in, name);
        assert_eq!(lines.len(), 1, "{name}: {lines:?}");
        let attributes = cookie_attributes(&lines[0]);
        assert!(attributes.contains(&"httponly".to_owned()), "{lines:?}");
        assert!(attributes.contains(&"samesite=lax".to_owned()), "{lines:?}");
        assert!(!attributes.contains(&"secure".to_owned()), "{lines:?}");
    }
    // The device cookie is encrypted: it does not show the address.
    let device = cookie_value(&set_cookies(&signed_in, "tw_device")[0]);
    assert!(!device.contains("cookie.monster") && !device.contains("goteborg"));
}

async fn session_cookie_changes_at_sign_in(backend: Backend) {
    let app = spawn_app(backend).await;
    let email = "rota.tion@goteborg.example";
    let id = app.create_user(email, "Rota Tion", Role::Member, PASSWORD);
    let visitor = browser(&app);
    let form = visitor.get("/login").await;
    let before = cookie_value(&set_cookies(&form, "twinwise")[0]);
    let signed_in = visitor
        .post_raw(
            "/login",
            &[
                ("email", email),
                ("password", PASSWORD),
                ("csrf_token", &form.csrf()),
            ],
        )
        .await;
    assert_eq!(signed_in.status, StatusCode::SEE_OTHER);
    let after = cookie_value(&set_cookies(&signed_in, "twinwise")[0]);
    assert_ne!(before, after, "a new session id at sign-in");

    // A fixated (pre-sign-in) cookie does not carry the sign-in; the new one does.
    let bare = bare_client();
    let with = |value: &str| {
        bare.get(format!("{}/account", app.base))
            .header("Cookie", format!("twinwise={value}"))
            .send()
    };
    assert_eq!(with(&before).await.unwrap().status(), StatusCode::SEE_OTHER);
    assert_eq!(with(&after).await.unwrap().status(), StatusCode::OK);
    assert_eq!(
        diesel_count_sessions(&app),
        1,
        "the anonymous session row was replaced, not kept"
    );
    assert_eq!(sessions_of(&app, &id), 1);

    // The CSRF token changes too.
    let new_token = fresh_token(&visitor).await;
    assert_ne!(new_token, form.csrf());
}

fn diesel_count_sessions(app: &TestApp) -> i64 {
    schema::sessions::table
        .count()
        .get_result(&mut *app.db.get().unwrap())
        .unwrap()
}

async fn unknown_email_and_wrong_password_get_the_same_answer(backend: Backend) {
    let app = spawn_app(backend).await;
    let known = "known.person@goteborg.example";
    let unknown = "nobody.here@goteborg.example";
    app.create_user(known, "Kim Known", Role::Member, PASSWORD);
    let first = app
        .client
        .fresh()
        .login(unknown, "some wrong password")
        .await;
    let second = browser(&app).login(known, "some wrong password").await;
    assert_eq!(first.status, StatusCode::UNAUTHORIZED);
    assert_eq!(second.status, first.status);
    let normalise = |page: &Page, email: &str| {
        page.body
            .replace(&page.csrf(), "TOKEN")
            .replace(email, "EMAIL")
    };
    assert_eq!(normalise(&first, unknown), normalise(&second, known));
    assert!(first.has(WRONG_LOGIN));
    // Set-Cookie aside, the headers match too.
    let names = |page: &Page| {
        let mut names: Vec<String> = page
            .headers
            .keys()
            .map(|k| k.as_str().to_owned())
            .filter(|k| k != "set-cookie" && k != "date" && k != "content-length")
            .collect();
        names.sort();
        names
    };
    assert_eq!(names(&first), names(&second));
}

async fn failed_sign_ins_lock_new_browsers_but_not_the_owners_browser(backend: Backend) {
    let app = spawn_app(backend).await;
    let email = "owner.olsen@goteborg.example";
    app.create_user(email, "Owen Owner", Role::Member, PASSWORD);

    // The owner signed in from this browser before, and signed out.
    let owner = browser(&app);
    assert_eq!(
        owner.login(email, PASSWORD).await.status,
        StatusCode::SEE_OTHER
    );
    assert_eq!(owner.logout().await.status, StatusCode::SEE_OTHER);
    assert_eq!(owner.get("/account").await.status, StatusCode::SEE_OTHER);

    // An attacker guesses ten times.
    let attacker = browser(&app);
    for attempt in 1..=10 {
        let page = attacker
            .login(email, &format!("guess number {attempt}"))
            .await;
        assert_eq!(page.status, StatusCode::UNAUTHORIZED, "attempt {attempt}");
    }
    // The eleventh attempt is refused even with the right password, from any new browser.
    let limited = attacker.login(email, PASSWORD).await;
    assert_eq!(limited.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(limited.has(LIMITED), "{}", limited.body);
    assert_eq!(limited.input_value("email").as_deref(), Some(email));
    assert_eq!(attacker.get("/account").await.status, StatusCode::SEE_OTHER);
    let other_new_browser = browser(&app);
    assert_eq!(
        other_new_browser.login(email, PASSWORD).await.status,
        StatusCode::TOO_MANY_REQUESTS
    );
    // The address is normalised: a different spelling is the same bucket.
    assert_eq!(
        app.client
            .fresh()
            .login(" Owner.Olsen@GOTEBORG.example", PASSWORD)
            .await
            .status,
        StatusCode::TOO_MANY_REQUESTS
    );

    // The owner's browser still signs in.
    let page = owner.login(email, PASSWORD).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    assert_eq!(owner.get("/account").await.status, StatusCode::OK);

    // The owner signing in does not lift the lock for other browsers.
    assert_eq!(
        attacker.login(email, PASSWORD).await.status,
        StatusCode::TOO_MANY_REQUESTS
    );

    // The owner's browser has a limit of its own.
    owner.logout().await;
    for attempt in 1..=10 {
        let page = owner.login(email, &format!("owner typo {attempt}")).await;
        assert_eq!(
            page.status,
            StatusCode::UNAUTHORIZED,
            "owner attempt {attempt}"
        );
    }
    assert_eq!(
        owner.login(email, PASSWORD).await.status,
        StatusCode::TOO_MANY_REQUESTS
    );
}

async fn reset_requests_past_the_limit_look_the_same_but_send_nothing(backend: Backend) {
    let app = spawn_app(backend).await;
    let email = "rhea.reset@goteborg.example";
    app.create_user(email, "Rhea Reset", Role::Member, PASSWORD);
    let visitor = browser(&app);
    let mut bodies = Vec::new();
    for _ in 0..6 {
        let page = visitor
            .submit("/password-reset", "/password-reset", &[("email", email)])
            .await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.has("we have sent it a link"));
        bodies.push(page.body.replace(&page.csrf_or_empty(), ""));
    }
    assert!(
        bodies.iter().all(|b| b == &bodies[0]),
        "every answer is the same page"
    );
    let queued: i64 = {
        use schema::outbox::dsl;
        dsl::outbox
            .filter(dsl::to_address.eq(email))
            .count()
            .get_result(&mut *app.db.get().unwrap())
            .unwrap()
    };
    assert_eq!(queued, 3, "three reset emails per account and hour");
    let tokens: i64 = schema::email_tokens::table
        .count()
        .get_result(&mut *app.db.get().unwrap())
        .unwrap();
    assert_eq!(tokens, 3);
    // Wait for the three to be delivered, then make sure no fourth follows.
    for _ in 0..100 {
        if app.smtp.to(email).len() >= 3 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    tokio::time::sleep(std::time::Duration::from_millis(800)).await;
    assert_eq!(app.smtp.to(email).len(), 3);

    // The latest link works; nothing else about the account changed.
    let mail = app.mail_to(email, "Reset").await;
    let link = link_with(&mail.text, "/password-reset/confirm?token=");
    assert_eq!(visitor.get(&link).await.status, StatusCode::OK);
}

async fn registrations_are_limited_per_email_address(backend: Backend) {
    let app = spawn_app(backend).await;
    let visitor = browser(&app);
    let who = Registrant::new("many.tries@goteborg.example");
    app.register(&visitor, &who).await;
    for attempt in 2..=5 {
        let page = visitor
            .submit("/register", "/register", &who.fields())
            .await;
        assert_eq!(
            page.status,
            StatusCode::SEE_OTHER,
            "attempt {attempt}: answered like a new registration"
        );
    }
    let limited = visitor
        .submit("/register", "/register", &who.fields())
        .await;
    assert_eq!(limited.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(limited.has("Too many registrations"));
    assert_eq!(
        limited.input_value("email").as_deref(),
        Some(who.email.as_str())
    );
    assert_eq!(
        limited.input_value("display_name").as_deref(),
        Some("Eva Lindqvist")
    );
    assert_eq!(limited.input_value("password").as_deref(), Some(""));
    let shouted = Registrant::new("MANY.TRIES@goteborg.example");
    assert_eq!(
        visitor
            .submit("/register", "/register", &shouted.fields())
            .await
            .status,
        StatusCode::TOO_MANY_REQUESTS,
        "the same address in other letters"
    );

    // Another address from the same place is still welcome.
    let other = Registrant::new("someone.else@goteborg.example");
    let page = visitor
        .submit("/register", "/register", &other.fields())
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    let count: i64 = schema::users::table
        .count()
        .get_result(&mut *app.db.get().unwrap())
        .unwrap();
    assert_eq!(count, 2);
    // Two verification links, and the holder of the tried address heard of each of the four
    // repeats the limit let through, and of none past it.
    let mails: i64 = schema::outbox::table
        .count()
        .get_result(&mut *app.db.get().unwrap())
        .unwrap();
    assert_eq!(mails, 2 + 4);
}

async fn get_requests_change_nothing(backend: Backend) {
    let app = spawn_app(backend).await;
    let (member, member_id) = signed_in(&app, Role::Member).await;

    let logout = member.get("/logout").await;
    assert!(
        [StatusCode::NOT_FOUND, StatusCode::METHOD_NOT_ALLOWED].contains(&logout.status),
        "{}",
        logout.status
    );
    assert!(logout.has("<html"), "a readable page");
    assert_eq!(member.get("/account").await.status, StatusCode::OK);
    assert_eq!(sessions_of(&app, &member_id), 1, "still signed in");
    for path in ["/account/password", "/account/email"] {
        let page = member.get(path).await;
        assert!(
            [StatusCode::NOT_FOUND, StatusCode::METHOD_NOT_ALLOWED].contains(&page.status),
            "{path}: {}",
            page.status
        );
    }

    // Opening a verification link shows a button; only pressing it verifies.
    let visitor = browser(&app);
    let who = Registrant::new("scanner@goteborg.example");
    app.register(&visitor, &who).await;
    let mail = app.mail_to(&who.email, "Confirm").await;
    let link = link_with(&mail.text, "/verify-email?token=");
    for _ in 0..3 {
        let page = browser(&app).get(&link).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.has("Confirm my email address"));
    }
    let pending = users::find_by_email(&mut app.db.get().unwrap(), &who.email)
        .unwrap()
        .unwrap();
    assert!(pending.email_verified_at.is_none(), "GET did not verify");
    app.verify_email(&visitor, &who.email).await;

    // Moderator and admin actions are POST only.
    let (admin, _) = signed_in(&app, Role::Admin).await;
    for path in [
        format!("/moderation/members/{}/approve", pending.id),
        format!("/moderation/members/{}/reject", pending.id),
        format!("/admin/users/{member_id}/role?role=admin"),
        format!("/admin/users/{member_id}/reinstate"),
        "/admin/settings/domains?domain=evil.example".to_owned(),
        "/admin/settings/domains/remove?domain=evil.example".to_owned(),
    ] {
        let page = admin.get(&path).await;
        assert!(
            [StatusCode::NOT_FOUND, StatusCode::METHOD_NOT_ALLOWED].contains(&page.status),
            "{path}: {}",
            page.status
        );
    }
    assert_eq!(user(&app, &pending.id).status, "pending");
    assert_eq!(user(&app, &member_id).role, "member");
    assert!(audit_rows(&app).is_empty());
    let domains: i64 = schema::approved_domains::table
        .count()
        .get_result(&mut *app.db.get().unwrap())
        .unwrap();
    assert_eq!(domains, 0);
}

async fn suspension_signs_the_member_out_at_once_and_is_audited(backend: Backend) {
    let app = spawn_app(backend).await;
    let (admin, admin_id) = signed_in(&app, Role::Admin).await;
    let email = "sid.suspect@goteborg.example";
    let id = app.create_user(email, "Sid Suspect", Role::Member, PASSWORD);
    let member = browser(&app);
    let phone = browser(&app);
    member.login(email, PASSWORD).await;
    phone.login(email, PASSWORD).await;
    assert_eq!(member.get("/account").await.status, StatusCode::OK);
    assert_eq!(sessions_of(&app, &id), 2);

    let confirm = admin.get(&format!("/admin/users/{id}/suspend")).await;
    assert_eq!(confirm.status, StatusCode::OK);
    assert!(confirm.has("Suspend Sid Suspect?"));
    let suspended = admin
        .post_raw(
            &format!("/admin/users/{id}/suspend"),
            &[
                ("reason", "Posting spam links"),
                ("csrf_token", &confirm.csrf()),
            ],
        )
        .await;
    assert_eq!(suspended.status, StatusCode::SEE_OTHER);
    assert!(
        admin
            .follow(&suspended)
            .await
            .has("Sid Suspect is suspended and was signed out everywhere.")
    );

    // The member's very next request is signed out.
    let next = member.get("/account").await;
    assert_eq!(next.status, StatusCode::SEE_OTHER);
    assert_eq!(next.location.as_deref(), Some("/login?next=%2Faccount"));
    assert_eq!(sessions_of(&app, &id), 0, "every session row is gone");
    // A form post from the other device does nothing either.
    let token = fresh_token(&phone).await;
    let post = phone
        .post_raw(
            "/account/password",
            &[
                ("current_password", PASSWORD),
                ("new_password", "marble canyon sonnet 31"),
                ("csrf_token", &token),
            ],
        )
        .await;
    assert_eq!(post.status, StatusCode::SEE_OTHER);
    assert!(post.location.unwrap().starts_with("/login"));

    // They cannot sign in again, nor get a reset link.
    let again = member.login(email, PASSWORD).await;
    assert_eq!(again.status, StatusCode::FORBIDDEN);
    assert!(again.has("This account is suspended."));
    assert_eq!(sessions_of(&app, &id), 0);
    member
        .submit("/password-reset", "/password-reset", &[("email", email)])
        .await;
    app.smtp.assert_none(email, "Reset").await;

    assert_eq!(user(&app, &id).status, "suspended");
    let rows = audit_rows(&app);
    assert_eq!(rows.len(), 1);
    assert_eq!(
        rows[0],
        (
            "suspend".to_owned(),
            Some(admin_id.clone()),
            Some(id.clone()),
            "Posting spam links".to_owned()
        )
    );

    // Reinstating lets them back in.
    let reinstated = admin
        .submit(
            &format!("/admin/users/{id}"),
            &format!("/admin/users/{id}/reinstate"),
            &[],
        )
        .await;
    assert_eq!(reinstated.status, StatusCode::SEE_OTHER);
    assert!(
        admin
            .follow(&reinstated)
            .await
            .has("Sid Suspect is active again.")
    );
    assert_eq!(user(&app, &id).status, "active");
    assert_eq!(
        member.login(email, PASSWORD).await.status,
        StatusCode::SEE_OTHER
    );
    assert_eq!(member.get("/account").await.status, StatusCode::OK);
    let actions: Vec<String> = audit_rows(&app).into_iter().map(|r| r.0).collect();
    assert_eq!(actions, vec!["suspend".to_owned(), "reinstate".to_owned()]);
}

async fn role_changes_take_effect_and_are_audited(backend: Backend) {
    let app = spawn_app(backend).await;
    let (admin, admin_id) = signed_in(&app, Role::Admin).await;
    let (member, id) = signed_in(&app, Role::Member).await;
    assert_eq!(
        member.get("/moderation").await.status,
        StatusCode::FORBIDDEN
    );

    let change = |role: &'static str| {
        let admin = admin.clone();
        let id = id.clone();
        async move {
            admin
                .submit(
                    &format!("/admin/users/{id}"),
                    &format!("/admin/users/{id}/role"),
                    &[("role", role)],
                )
                .await
        }
    };

    let granted = change("moderator").await;
    assert_eq!(granted.status, StatusCode::SEE_OTHER);
    assert!(
        admin
            .follow(&granted)
            .await
            .has("Test Person is now moderator.")
    );
    assert_eq!(user(&app, &id).role, "moderator");
    assert_eq!(member.get("/moderation").await.status, StatusCode::OK);
    assert_eq!(
        member.get("/admin/users").await.status,
        StatusCode::FORBIDDEN
    );

    change("member").await;
    assert_eq!(user(&app, &id).role, "member");
    assert_eq!(
        member.get("/moderation").await.status,
        StatusCode::FORBIDDEN
    );

    change("admin").await;
    assert_eq!(user(&app, &id).role, "admin");
    assert_eq!(member.get("/admin/users").await.status, StatusCode::OK);

    // An unknown role changes nothing.
    let bogus = change("root").await;
    assert!(
        admin
            .follow(&bogus)
            .await
            .has("Choose one of the listed roles.")
    );
    assert_eq!(user(&app, &id).role, "admin");

    change("member").await;
    assert_eq!(
        member.get("/admin/users").await.status,
        StatusCode::FORBIDDEN
    );

    let rows = audit_rows(&app);
    let details: Vec<&str> = rows.iter().map(|r| r.3.as_str()).collect();
    assert_eq!(
        details,
        vec![
            "Member → Moderator",
            "Moderator → Member",
            "Member → Admin",
            "Admin → Member"
        ]
    );
    for row in &rows {
        assert_eq!(row.0, "change_role");
        assert_eq!(row.1.as_deref(), Some(admin_id.as_str()));
        assert_eq!(row.2.as_deref(), Some(id.as_str()));
    }
}

async fn admins_cannot_demote_or_suspend_themselves(backend: Backend) {
    let app = spawn_app(backend).await;
    let (admin, me) = signed_in(&app, Role::Admin).await;
    let own = admin.get(&format!("/admin/users/{me}")).await;
    assert!(own.has("This is your own account"));

    let token = fresh_token(&admin).await;
    for role in ["member", "moderator"] {
        let page = admin
            .post_raw(
                &format!("/admin/users/{me}/role"),
                &[("role", role), ("csrf_token", &token)],
            )
            .await;
        assert_eq!(page.status, StatusCode::SEE_OTHER);
        assert!(
            admin
                .follow(&page)
                .await
                .has("Not changed: ask another admin to change your own role or status.")
        );
    }
    let page = admin
        .post_raw(
            &format!("/admin/users/{me}/suspend"),
            &[("reason", "Testing myself"), ("csrf_token", &token)],
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert!(
        admin
            .follow(&page)
            .await
            .has("Not changed: ask another admin to change your own role or status.")
    );

    let row = user(&app, &me);
    assert_eq!(
        (row.role.as_str(), row.status.as_str()),
        ("admin", "active")
    );
    assert_eq!(sessions_of(&app, &me), 1);
    assert_eq!(admin.get("/admin/users").await.status, StatusCode::OK);
    assert!(audit_rows(&app).is_empty());
}

async fn the_last_active_admin_stays_an_admin(backend: Backend) {
    let app = spawn_app(backend).await;
    let (first, first_id) = signed_in(&app, Role::Admin).await;
    let (second, second_id) = signed_in(&app, Role::Admin).await;
    assert_eq!(active_admins(&app), 2);

    // With two admins, one may demote the other.
    let demoted = first
        .submit(
            &format!("/admin/users/{second_id}"),
            &format!("/admin/users/{second_id}/role"),
            &[("role", "member")],
        )
        .await;
    assert_eq!(demoted.status, StatusCode::SEE_OTHER);
    assert_eq!(user(&app, &second_id).role, "member");
    assert_eq!(active_admins(&app), 1);

    // Now nobody can demote or suspend the last one.
    let token = fresh_token(&second).await;
    let page = second
        .post_raw(
            &format!("/admin/users/{first_id}/role"),
            &[("role", "member"), ("csrf_token", &token)],
        )
        .await;
    assert_eq!(page.status, StatusCode::FORBIDDEN, "no longer an admin");
    let page = second
        .post_raw(
            &format!("/admin/users/{first_id}/suspend"),
            &[("reason", "coup"), ("csrf_token", &token)],
        )
        .await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    let token = fresh_token(&first).await;
    let page = first
        .post_raw(
            &format!("/admin/users/{first_id}/role"),
            &[("role", "moderator"), ("csrf_token", &token)],
        )
        .await;
    assert!(first.follow(&page).await.has("Not changed"));
    assert_eq!(user(&app, &first_id).role, "admin");
    assert_eq!(active_admins(&app), 1);
    let actions: Vec<String> = audit_rows(&app).into_iter().map(|r| r.0).collect();
    assert_eq!(actions, vec!["change_role".to_owned()]);
}

/// Two admins demoting each other at the same moment must not leave Twinwise without an
/// active admin (nor fail with a 500).
async fn concurrent_mutual_demotion_keeps_an_admin(backend: Backend) {
    let app = spawn_app(backend).await;
    let (first, first_id) = signed_in(&app, Role::Admin).await;
    let (second, second_id) = signed_in(&app, Role::Admin).await;
    for round in 0..40 {
        set_role_in_db(&app, &first_id, Role::Admin);
        set_role_in_db(&app, &second_id, Role::Admin);
        let first_token = fresh_token(&first).await;
        let second_token = fresh_token(&second).await;
        let first_path = format!("/admin/users/{second_id}/role");
        let second_path = format!("/admin/users/{first_id}/role");
        let first_fields = [("role", "member"), ("csrf_token", first_token.as_str())];
        let second_fields = [("role", "member"), ("csrf_token", second_token.as_str())];
        let (a, b) = tokio::join!(
            first.post_raw(&first_path, &first_fields),
            second.post_raw(&second_path, &second_fields),
        );
        for page in [&a, &b] {
            assert!(
                page.status == StatusCode::SEE_OTHER || page.status == StatusCode::FORBIDDEN,
                "round {round}: {}",
                page.status
            );
        }
        assert!(
            active_admins(&app) >= 1,
            "round {round}: no active admin left ({} / {})",
            a.status,
            b.status
        );
    }
}

async fn visitors_are_sent_to_sign_in_from_member_pages(backend: Backend) {
    let app = spawn_app(backend).await;
    let visitor = browser(&app);
    for (path, next) in [
        ("/account", "%2Faccount"),
        ("/account/security", "%2Faccount%2Fsecurity"),
        ("/moderation", "%2Fmoderation"),
        ("/moderation/members", "%2Fmoderation%2Fmembers"),
        ("/admin/users", "%2Fadmin%2Fusers"),
        ("/admin/audit", "%2Fadmin%2Faudit"),
        ("/admin/settings", "%2Fadmin%2Fsettings"),
        (
            "/admin/users?q=x&page=2",
            "%2Fadmin%2Fusers%3Fq%3Dx%26page%3D2",
        ),
    ] {
        let page = visitor.get(path).await;
        assert_eq!(page.status, StatusCode::SEE_OTHER, "{path}");
        assert_eq!(
            page.location.as_deref(),
            Some(format!("/login?next={next}").as_str()),
            "{path}"
        );
    }
    // After signing in, the visitor lands where they were going.
    app.create_user(
        "ada.admin@goteborg.example",
        "Ada Admin",
        Role::Admin,
        PASSWORD,
    );
    let page = visitor
        .get("/login?next=%2Fadmin%2Fusers%3Fq%3Dx%26page%3D2")
        .await;
    assert_eq!(
        page.input_value("next").as_deref(),
        Some("/admin/users?q=x&page=2")
    );
    let signed_in = login_with_next(
        &visitor,
        "ada.admin@goteborg.example",
        "/admin/users?q=x&page=2",
    )
    .await;
    assert_eq!(
        signed_in.location.as_deref(),
        Some("/admin/users?q=x&page=2")
    );

    // Visitor POSTs with a valid token change nothing.
    let other = browser(&app);
    let token = fresh_token(&other).await;
    let target = app.create_user(
        "tina.target@goteborg.example",
        "Tina",
        Role::Member,
        PASSWORD,
    );
    for (path, fields) in [
        (
            format!("/admin/users/{target}/role"),
            vec![("role", "admin")],
        ),
        (
            format!("/admin/users/{target}/suspend"),
            vec![("reason", "x")],
        ),
        (
            "/admin/settings/domains".to_owned(),
            vec![("domain", "evil.example")],
        ),
    ] {
        let mut fields = fields;
        fields.push(("csrf_token", &token));
        let page = other.post_raw(&path, &fields).await;
        assert_eq!(page.status, StatusCode::SEE_OTHER, "{path}");
        assert!(page.location.unwrap().starts_with("/login?next="), "{path}");
    }
    let row = user(&app, &target);
    assert_eq!(
        (row.role.as_str(), row.status.as_str()),
        ("member", "active")
    );
    assert!(audit_rows(&app).is_empty());
}

async fn members_get_403_from_moderation_and_admin_and_change_nothing(backend: Backend) {
    let app = spawn_app(backend).await;
    let (member, me) = signed_in(&app, Role::Member).await;
    let other = app.create_user(
        "olle.other@goteborg.example",
        "Olle",
        Role::Member,
        PASSWORD,
    );
    let suspended = app.create_user("sam.susp@goteborg.example", "Sam", Role::Member, PASSWORD);
    users::set_status(
        &mut app.db.get().unwrap(),
        &suspended,
        twinwise::domain::AccountStatus::Suspended,
    )
    .unwrap();
    let visitor = browser(&app);
    let who = Registrant::new("penny.pending@goteborg.example");
    app.register(&visitor, &who).await;
    app.verify_email(&visitor, &who.email).await;
    let pending = users::find_by_email(&mut app.db.get().unwrap(), &who.email)
        .unwrap()
        .unwrap()
        .id;
    let admin_id = app.create_user("ada.admin@goteborg.example", "Ada", Role::Admin, PASSWORD);
    twinwise::db::domains::put(&mut app.db.get().unwrap(), "keep.example", "FR", &admin_id)
        .unwrap();

    for path in [
        "/moderation".to_owned(),
        "/moderation/members".to_owned(),
        "/admin".to_owned(),
        "/admin/users".to_owned(),
        "/admin/audit".to_owned(),
        "/admin/settings".to_owned(),
        format!("/admin/users/{other}"),
        format!("/admin/users/{other}/suspend"),
    ] {
        let page = member.get(&path).await;
        if path == "/admin" {
            // A plain redirect to the (forbidden) list.
            assert_eq!(page.location.as_deref(), Some("/admin/users"));
            continue;
        }
        assert_eq!(page.status, StatusCode::FORBIDDEN, "{path}");
        assert!(page.has("Not allowed"), "{path}");
    }

    let token = fresh_token(&member).await;
    for (path, fields) in [
        (format!("/moderation/members/{pending}/approve"), vec![]),
        (
            format!("/moderation/members/{pending}/reject"),
            vec![("reason", "no")],
        ),
        (format!("/admin/users/{me}/role"), vec![("role", "admin")]),
        (
            format!("/admin/users/{other}/role"),
            vec![("role", "moderator")],
        ),
        (
            format!("/admin/users/{other}/suspend"),
            vec![("reason", "x")],
        ),
        (format!("/admin/users/{suspended}/reinstate"), vec![]),
        (
            "/admin/settings/domains".to_owned(),
            vec![("domain", "evil.example")],
        ),
        (
            "/admin/settings/domains/remove".to_owned(),
            vec![("domain", "keep.example")],
        ),
    ] {
        let mut fields = fields;
        fields.push(("csrf_token", &token));
        let page = member.post_raw(&path, &fields).await;
        assert_eq!(page.status, StatusCode::FORBIDDEN, "{path}");
    }

    assert_eq!(user(&app, &pending).status, "pending");
    assert_eq!(user(&app, &me).role, "member");
    assert_eq!(user(&app, &other).role, "member");
    assert_eq!(user(&app, &other).status, "active");
    assert_eq!(user(&app, &suspended).status, "suspended");
    let domains = twinwise::db::domains::list(&mut app.db.get().unwrap()).unwrap();
    assert_eq!(
        domains.into_iter().map(|d| d.domain).collect::<Vec<_>>(),
        vec!["keep.example".to_owned()]
    );
    assert!(audit_rows(&app).is_empty());
    let mails_to_pending: i64 = {
        use schema::outbox::dsl;
        dsl::outbox
            .filter(dsl::to_address.eq(&who.email))
            .count()
            .get_result(&mut *app.db.get().unwrap())
            .unwrap()
    };
    assert_eq!(
        mails_to_pending, 1,
        "only the verification email, no decision"
    );
    assert_eq!(member.get("/account").await.status, StatusCode::OK);
}

async fn moderators_get_403_from_admin_pages(backend: Backend) {
    let app = spawn_app(backend).await;
    let (moderator, me) = signed_in(&app, Role::Moderator).await;
    let other = app.create_user(
        "olle.other@goteborg.example",
        "Olle",
        Role::Member,
        PASSWORD,
    );
    assert_eq!(moderator.get("/moderation").await.status, StatusCode::OK);
    assert_eq!(
        moderator.get("/moderation/members").await.status,
        StatusCode::OK
    );
    for path in [
        "/admin/users".to_owned(),
        "/admin/audit".to_owned(),
        "/admin/settings".to_owned(),
        format!("/admin/users/{other}"),
        format!("/admin/users/{other}/suspend"),
    ] {
        let page = moderator.get(&path).await;
        assert_eq!(page.status, StatusCode::FORBIDDEN, "{path}");
    }
    let token = fresh_token(&moderator).await;
    for (path, fields) in [
        (format!("/admin/users/{me}/role"), vec![("role", "admin")]),
        (
            format!("/admin/users/{other}/role"),
            vec![("role", "moderator")],
        ),
        (
            format!("/admin/users/{other}/suspend"),
            vec![("reason", "x")],
        ),
        (
            "/admin/settings/domains".to_owned(),
            vec![("domain", "evil.example")],
        ),
    ] {
        let mut fields = fields;
        fields.push(("csrf_token", &token));
        let page = moderator.post_raw(&path, &fields).await;
        assert_eq!(page.status, StatusCode::FORBIDDEN, "{path}");
    }
    assert_eq!(user(&app, &me).role, "moderator");
    assert_eq!(user(&app, &other).role, "member");
    assert_eq!(user(&app, &other).status, "active");
    assert!(audit_rows(&app).is_empty());
    let domains: i64 = schema::approved_domains::table
        .count()
        .get_result(&mut *app.db.get().unwrap())
        .unwrap();
    assert_eq!(domains, 0);
}

async fn sign_in_never_redirects_off_the_site(backend: Backend) {
    let app = spawn_app(backend).await;
    let email = "nell.next@goteborg.example";
    app.create_user(email, "Nell Next", Role::Member, PASSWORD);
    for next in [
        "//evil.example",
        "//evil.example/account",
        "https://evil.example",
        "http://evil.example/",
        "/\\evil.example",
        "\\\\evil.example",
        "javascript:alert(1)",
        "evil.example",
        "/logout",
        "",
    ] {
        let client = browser(&app);
        let page = login_with_next(&client, email, next).await;
        assert_eq!(page.status, StatusCode::SEE_OTHER, "{next:?}");
        assert_eq!(page.location.as_deref(), Some("/"), "{next:?}");
        // A signed-in visit to the sign-in page redirects the same way.
        let encoded: String = url::form_urlencoded::byte_serialize(next.as_bytes()).collect();
        let again = client.get(&format!("/login?next={encoded}")).await;
        assert_eq!(again.location.as_deref(), Some("/"), "{next:?}");
    }
    let client = browser(&app);
    let page = login_with_next(&client, email, "/account/security").await;
    assert_eq!(page.location.as_deref(), Some("/account/security"));
    assert_eq!(
        resolve(&app, "/account/security").host_str(),
        Some("127.0.0.1")
    );
}

/// Browsers drop tabs and newlines from URLs, so `/<TAB>/evil.example` is `//evil.example`.
async fn next_with_a_tab_does_not_redirect_off_the_site(backend: Backend) {
    let app = spawn_app(backend).await;
    let email = "tab.tricks@goteborg.example";
    app.create_user(email, "Tab Tricks", Role::Member, PASSWORD);
    let client = browser(&app);
    let page = login_with_next(&client, email, "/\t/evil.example").await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    let location = page.location.clone().unwrap();
    assert_eq!(
        resolve(&app, &location).host_str(),
        Some("127.0.0.1"),
        "Location {location:?} leaves the site"
    );
    let again = client.get("/login?next=/%09/evil.example").await;
    let location = again.location.clone().unwrap();
    assert_eq!(
        resolve(&app, &location).host_str(),
        Some("127.0.0.1"),
        "Location {location:?} leaves the site"
    );
}

/// A `next` with CR/LF cannot become a header; sign-in must still succeed and land on `/`.
async fn next_with_a_line_break_does_not_fail_the_sign_in(backend: Backend) {
    let app = spawn_app(backend).await;
    let email = "crlf.tricks@goteborg.example";
    app.create_user(email, "Crlf Tricks", Role::Member, PASSWORD);
    let client = browser(&app);
    let page = login_with_next(&client, email, "/account\r\nSet-Cookie: evil=1").await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    assert_eq!(page.location.as_deref(), Some("/"));
    let again = client
        .get("/login?next=/account%0D%0ASet-Cookie:%20evil=1")
        .await;
    assert_eq!(again.status, StatusCode::SEE_OTHER);
}

/// Posts the sign-in form with a token from `client`'s session, optionally claiming to come
/// through a proxy; returns the status.
async fn sign_in_from(
    client: &Client,
    token: &str,
    email: &str,
    password: &str,
    forwarded_for: Option<&str>,
) -> StatusCode {
    let mut request = client.http.post(format!("{}/login", client.base)).form(&[
        ("email", email),
        ("password", password),
        ("csrf_token", token),
    ]);
    if let Some(ip) = forwarded_for {
        request = request.header("X-Forwarded-For", ip);
    }
    request.send().await.expect("an answer").status()
}

/// Fires `n` sign-ins at once and counts the answers by status.
async fn burst(
    client: &Client,
    n: usize,
    email: impl Fn(usize) -> String,
    password: &str,
) -> std::collections::BTreeMap<u16, usize> {
    let token = fresh_token(client).await;
    let mut running = tokio::task::JoinSet::new();
    for i in 0..n {
        let (client, token, email, password) =
            (client.clone(), token.clone(), email(i), password.to_owned());
        running.spawn(async move { sign_in_from(&client, &token, &email, &password, None).await });
    }
    let mut answers = std::collections::BTreeMap::new();
    while let Some(status) = running.join_next().await {
        *answers.entry(status.unwrap().as_u16()).or_default() += 1;
    }
    answers
}

async fn parallel_guesses_cannot_all_pass_the_limit(backend: Backend) {
    let app = spawn_app(backend).await;
    let email = "target.tanaka@goteborg.example";
    app.create_user(email, "Tao Target", Role::Member, PASSWORD);
    // Forty guesses at one account at the same moment: the account's limit is ten.
    let answers = burst(&browser(&app), 40, |_| email.to_owned(), "a wrong guess").await;
    assert_eq!(answers.get(&401), Some(&10), "{answers:?}");
    assert_eq!(answers.get(&429), Some(&30), "{answers:?}");
    assert_eq!(answers.values().sum::<usize>(), 40, "{answers:?}");
    // Limited: even the right password is refused now.
    assert_eq!(
        browser(&app).login(email, PASSWORD).await.status,
        StatusCode::TOO_MANY_REQUESTS
    );
}

async fn five_hundred_simultaneous_sign_ins_are_all_answered(backend: Backend) {
    let app = spawn_app(backend).await;
    // Every one a different unknown account: only the per-address limit (30) applies, and
    // past it no password is hashed at all.
    let answers = burst(
        &browser(&app),
        500,
        |i| format!("nobody{i}@nowhere.example"),
        "a wrong guess",
    )
    .await;
    assert_eq!(answers.get(&401), Some(&30), "{answers:?}");
    assert_eq!(answers.get(&429), Some(&470), "{answers:?}");
    // The server is still fine afterwards.
    assert_eq!(app.client.fresh().get("/").await.status, StatusCode::OK);
}

async fn forwarded_for_counts_only_from_a_trusted_proxy(backend: Backend) {
    // No proxy configured: a made-up X-Forwarded-For does not open a fresh bucket.
    let app = spawn_app(backend).await;
    let client = browser(&app);
    let token = fresh_token(&client).await;
    for i in 0..30 {
        let spoofed = format!("198.51.100.{i}");
        let status = sign_in_from(
            &client,
            &token,
            &format!("u{i}@x.example"),
            "guess",
            Some(&spoofed),
        )
        .await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "attempt {i}");
    }
    for hostile in [
        "203.0.113.99",
        "::1",
        "'; DROP TABLE users; --",
        "unknown, <script>",
    ] {
        let status = sign_in_from(&client, &token, "late@x.example", "guess", Some(hostile)).await;
        assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{hostile:?}");
    }

    // Behind a trusted proxy (the test client's own address), the header names the client.
    let app = spawn_with(Options {
        trusted_proxies: vec!["127.0.0.1/32".parse().unwrap(), "::1/128".parse().unwrap()],
        ..Options::new(backend)
    })
    .await;
    let client = browser(&app);
    let token = fresh_token(&client).await;
    for i in 0..30 {
        let status = sign_in_from(
            &client,
            &token,
            &format!("u{i}@x.example"),
            "guess",
            Some("198.51.100.1"),
        )
        .await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "attempt {i}");
    }
    let limited = sign_in_from(
        &client,
        &token,
        "v@x.example",
        "guess",
        Some("198.51.100.1"),
    )
    .await;
    assert_eq!(limited, StatusCode::TOO_MANY_REQUESTS);
    // A client spoofing an address to the left of the one the proxy saw gains nothing.
    let spoofed = sign_in_from(
        &client,
        &token,
        "w@x.example",
        "guess",
        Some("192.0.2.5, 198.51.100.1"),
    )
    .await;
    assert_eq!(spoofed, StatusCode::TOO_MANY_REQUESTS);
    let other = sign_in_from(
        &client,
        &token,
        "v@x.example",
        "guess",
        Some("198.51.100.2"),
    )
    .await;
    assert_eq!(
        other,
        StatusCode::UNAUTHORIZED,
        "another client has its own bucket"
    );
    // The audit log names the forwarded address.
    use schema::audit_log::dsl;
    let details: Vec<String> = dsl::audit_log
        .filter(dsl::action.eq("sign_in_failed"))
        .select(dsl::detail)
        .load(&mut *app.db.get().unwrap())
        .unwrap();
    assert!(
        details.iter().any(|d| d.ends_with("from 198.51.100.2")),
        "{details:?}"
    );
}

async fn sign_ins_are_audited_with_the_address(backend: Backend) {
    let app = spawn_app(backend).await;
    let email = "audited.aho@goteborg.example";
    let id = app.create_user(email, "Aino Aho", Role::Member, PASSWORD);
    let client = browser(&app);
    assert_eq!(
        client.login(email, "not my password").await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        client
            .login("ghost@goteborg.example", PASSWORD)
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        client.login(email, PASSWORD).await.status,
        StatusCode::SEE_OTHER
    );
    use schema::audit_log::dsl;
    let rows: Vec<(String, Option<String>, Option<String>, String)> = dsl::audit_log
        .order((dsl::created_at.asc(), dsl::id.asc()))
        .select((dsl::action, dsl::actor_id, dsl::target_user_id, dsl::detail))
        .load(&mut *app.db.get().unwrap())
        .unwrap();
    assert_eq!(
        rows,
        vec![
            (
                "sign_in_failed".into(),
                None,
                Some(id.clone()),
                "wrong password, from 127.0.0.1".into()
            ),
            (
                "sign_in_failed".into(),
                None,
                None,
                "unknown address, from 127.0.0.1".into()
            ),
            (
                "sign_in".into(),
                Some(id.clone()),
                Some(id),
                "from 127.0.0.1".into()
            ),
        ]
    );
}

/// Sends one request with any method and returns status, headers and body bytes.
async fn raw(
    client: &Client,
    method: reqwest::Method,
    path: &str,
) -> (StatusCode, reqwest::header::HeaderMap, Vec<u8>) {
    let response = client
        .http
        .request(method, format!("{}{path}", client.base))
        .send()
        .await
        .expect("an answer");
    let (status, headers) = (response.status(), response.headers().clone());
    (status, headers, response.bytes().await.unwrap().to_vec())
}

async fn head_answers_every_get_route_and_405_says_what_is_allowed(backend: Backend) {
    let app = spawn_app(backend).await;
    let (member, _) = signed_in(&app, Role::Member).await;
    let visitor = browser(&app);
    let stylesheet = twinwise::web::assets::CSS.href.clone();
    for (who, client, path) in [
        ("visitor", &visitor, "/"),
        ("visitor", &visitor, "/cases"),
        ("visitor", &visitor, "/cases/feed.atom"),
        ("visitor", &visitor, "/healthz"),
        ("visitor", &visitor, "/static/app.css"),
        ("visitor", &visitor, stylesheet.as_str()),
        ("visitor", &visitor, "/favicon.ico"),
        ("visitor", &visitor, "/login"),
        ("visitor", &visitor, "/search?q=flag"),
        ("member", &member, "/account"),
        ("member", &member, "/cases/new"),
    ] {
        let (get_status, get_headers, get_body) = raw(client, reqwest::Method::GET, path).await;
        let (status, headers, body) = raw(client, reqwest::Method::HEAD, path).await;
        assert_eq!(status, get_status, "{who} HEAD {path}");
        assert!(status.is_success(), "{who} HEAD {path}: {status}");
        assert!(body.is_empty(), "{who} HEAD {path} sent a body");
        assert!(!get_body.is_empty(), "{who} GET {path} is empty");
        assert_eq!(
            headers.get("content-type"),
            get_headers.get("content-type"),
            "{who} HEAD {path}"
        );
    }
    for (method, path, allowed) in [
        (reqwest::Method::POST, "/healthz", "GET, HEAD"),
        (reqwest::Method::POST, "/", "GET, HEAD"),
        (reqwest::Method::PUT, "/login", "GET, HEAD, POST"),
        (reqwest::Method::DELETE, "/cases", "GET, HEAD"),
        (reqwest::Method::GET, "/logout", "POST"),
    ] {
        let (status, headers, body) = raw(&visitor, method.clone(), path).await;
        assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED, "{method} {path}");
        let allow = headers.get("allow").map(|v| v.to_str().unwrap().to_owned());
        let mut listed: Vec<String> = allow
            .unwrap_or_default()
            .split(',')
            .map(|m| m.trim().to_owned())
            .collect();
        listed.sort();
        let mut expected: Vec<String> = allowed.split(", ").map(str::to_owned).collect();
        expected.sort();
        assert_eq!(listed, expected, "{method} {path}");
        assert!(
            String::from_utf8_lossy(&body).contains("Not allowed"),
            "{method} {path}"
        );
    }
}

async fn responses_say_how_they_may_be_cached(backend: Backend) {
    let app = spawn_app(backend).await;
    let visitor = browser(&app);
    let cache = |headers: &reqwest::header::HeaderMap| {
        headers
            .get("cache-control")
            .map(|v| v.to_str().unwrap().to_owned())
            .unwrap_or_default()
    };
    // A visitor sees only CLEAR content: private, revalidated.
    for path in [
        "/",
        "/cases",
        "/login",
        "/stats",
        "/no-such-page",
        "/playbooks",
    ] {
        let (_, headers, _) = raw(&visitor, reqwest::Method::GET, path).await;
        assert_eq!(cache(&headers), "private, no-cache", "visitor {path}");
    }
    // Everything a signed-in member receives is no-store: pages, errors, redirects, the feed.
    let (member, _) = signed_in(&app, Role::Member).await;
    for path in [
        "/",
        "/cases",
        "/account",
        "/no-such-page",
        "/cases/feed.atom",
        "/cases/export.csv",
        "/moderation",
    ] {
        let (_, headers, _) = raw(&member, reqwest::Method::GET, path).await;
        assert_eq!(cache(&headers), "no-store", "member {path}");
    }
    let after_post = member.logout().await;
    assert_eq!(
        after_post.headers.get("cache-control").unwrap(),
        "no-store",
        "the sign-out answer still went to a signed-in member"
    );
    // Static files: immutable under their hashed name, with a validator.
    let href = twinwise::web::assets::CSS.href.clone();
    let (status, headers, _) = raw(&visitor, reqwest::Method::GET, &href).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        cache(&headers).contains("max-age=31536000"),
        "{:?}",
        cache(&headers)
    );
    let etag = headers
        .get("etag")
        .expect("an ETag")
        .to_str()
        .unwrap()
        .to_owned();
    let again = visitor
        .http
        .get(format!("{}{href}", app.base))
        .header("If-None-Match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
    assert!(again.bytes().await.unwrap().is_empty());
    assert!(
        visitor.get("/").await.has(&format!("href=\"{href}\"")),
        "pages link the hashed name"
    );
    let (stale, _, _) = raw(
        &visitor,
        reqwest::Method::GET,
        "/static/app.000000000000.css",
    )
    .await;
    assert_eq!(stale, StatusCode::NOT_FOUND);
}

async fn flash_messages_reach_browsers_on_plain_http(backend: Backend) {
    let app = spawn_app(backend).await;
    let (member, _) = signed_in(&app, Role::Member).await;
    let out = member.logout().await;
    let lines = set_cookies(&out, "twinwise_flash");
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(
        !cookie_attributes(&lines[0]).contains(&"secure".to_owned()),
        "a Secure cookie is dropped by browsers on plain http: {}",
        lines[0]
    );
    assert!(cookie_attributes(&lines[0]).contains(&"httponly".to_owned()));
    assert!(member.follow(&out).await.has("You are signed out."));
}

/// A stolen session must not become a way to guess the password: after ten wrong current
/// passwords the forms answer 429 without checking, even the right one, for both the
/// password and the email forms (one shared limit); a right one before that is not counted.
async fn current_password_checks_are_limited(backend: Backend) {
    let app = spawn_app(backend).await;
    let (member, id) = signed_in(&app, Role::Member).await;
    let before = user(&app, &id).password_hash;
    let change = |current: &'static str| {
        let member = member.clone();
        async move {
            member
                .submit(
                    "/account/security",
                    "/account/password",
                    &[
                        ("current_password", current),
                        ("new_password", "a brand new passphrase 77"),
                    ],
                )
                .await
        }
    };
    for _ in 0..9 {
        assert_eq!(
            change("wrong guess").await.status,
            StatusCode::UNPROCESSABLE_ENTITY
        );
    }
    let email = member
        .submit(
            "/account/security",
            "/account/email",
            &[
                ("new_email", "new@city.example"),
                ("email_password", "guess"),
            ],
        )
        .await;
    assert_eq!(email.status, StatusCode::UNPROCESSABLE_ENTITY, "the tenth");
    let limited = change(PASSWORD).await;
    assert_eq!(limited.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(limited.has("Too many wrong passwords"), "{}", limited.body);
    let email = member
        .submit(
            "/account/security",
            "/account/email",
            &[
                ("new_email", "new@city.example"),
                ("email_password", PASSWORD),
            ],
        )
        .await;
    assert_eq!(email.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(user(&app, &id).password_hash, before, "nothing changed");
}

/// Right current passwords are given back: changing the password often is not limited.
async fn right_current_passwords_are_not_counted(backend: Backend) {
    let app = spawn_app(backend).await;
    let (member, _) = signed_in(&app, Role::Member).await;
    for _ in 0..12 {
        let page = member
            .submit(
                "/account/security",
                "/account/email",
                &[
                    ("new_email", "same.again@city.example"),
                    ("email_password", PASSWORD),
                ],
            )
            .await;
        assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    }
}

backend_tests!(
    current_password_checks_are_limited,
    right_current_passwords_are_not_counted,
    head_answers_every_get_route_and_405_says_what_is_allowed,
    responses_say_how_they_may_be_cached,
    flash_messages_reach_browsers_on_plain_http,
    parallel_guesses_cannot_all_pass_the_limit,
    five_hundred_simultaneous_sign_ins_are_all_answered,
    forwarded_for_counts_only_from_a_trusted_proxy,
    sign_ins_are_audited_with_the_address,
    concurrent_mutual_demotion_keeps_an_admin,
    next_with_a_tab_does_not_redirect_off_the_site,
    next_with_a_line_break_does_not_fail_the_sign_in,
    pages_carry_the_security_headers,
    session_cookie_is_http_only_lax_and_not_secure_on_http,
    session_cookie_changes_at_sign_in,
    unknown_email_and_wrong_password_get_the_same_answer,
    failed_sign_ins_lock_new_browsers_but_not_the_owners_browser,
    reset_requests_past_the_limit_look_the_same_but_send_nothing,
    registrations_are_limited_per_email_address,
    get_requests_change_nothing,
    suspension_signs_the_member_out_at_once_and_is_audited,
    role_changes_take_effect_and_are_audited,
    admins_cannot_demote_or_suspend_themselves,
    the_last_active_admin_stays_an_admin,
    visitors_are_sent_to_sign_in_from_member_pages,
    members_get_403_from_moderation_and_admin_and_change_nothing,
    moderators_get_403_from_admin_pages,
    sign_in_never_redirects_off_the_site,
);
