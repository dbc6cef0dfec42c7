//! Account flows end to end: registration, verification, approval, sign-in, sign-out,
//! password reset, password and email changes.

use crate::common;

use common::{Backend, Registrant, link_with, spawn_app};
use reqwest::StatusCode;
use twinwise::db::{audit, sessions, users};
use twinwise::domain::Role;

const MOD_PASSWORD: &str = "orchid tundra falcon 42";

async fn registration_is_verified_approved_and_can_sign_in(backend: Backend) {
    let app = spawn_app(backend).await;
    let visitor = app.client.fresh();
    let who = Registrant::new("eva.lindqvist@goteborg.example");

    let done = app.register(&visitor, &who).await;
    assert!(done.has("Check your email"));

    // Before verification a correct password does not sign in.
    let early = visitor.login(&who.email, &who.password).await;
    assert_eq!(early.status, StatusCode::FORBIDDEN);
    assert!(early.has("Confirm your email address first"));

    let verified = app.verify_email(&visitor, &who.email).await;
    assert_eq!(verified.status, StatusCode::OK);
    assert!(verified.has("A moderator will now review"));

    let waiting = visitor.login(&who.email, &who.password).await;
    assert_eq!(waiting.status, StatusCode::FORBIDDEN);
    assert!(waiting.has("waiting for a moderator"));

    let (moderator, moderator_id) = app.signed_in(Role::Moderator).await;
    let queue = moderator.get("/moderation/members").await;
    assert_eq!(queue.status, StatusCode::OK);
    assert!(queue.has("Eva Lindqvist") && queue.has("Gothenburg") && queue.has("Sweden"));
    let user_id = {
        let mut conn = app.db.get().unwrap();
        users::find_by_email(&mut conn, &who.email)
            .unwrap()
            .unwrap()
            .id
    };
    let approved = moderator
        .submit(
            "/moderation/members",
            &format!("/moderation/members/{user_id}/approve"),
            &[],
        )
        .await;
    assert_eq!(approved.status, StatusCode::SEE_OTHER);
    let after = moderator.follow(&approved).await;
    assert!(after.has("Eva Lindqvist was approved"));
    assert!(
        !after.has("Approve Eva Lindqvist"),
        "the queue no longer lists her"
    );

    let mail = app.mail_to(&who.email, "approved").await;
    assert!(mail.text.contains("/login"));

    let signed_in = visitor.login(&who.email, &who.password).await;
    assert_eq!(signed_in.status, StatusCode::SEE_OTHER);
    let account = visitor.get("/account").await;
    assert_eq!(account.status, StatusCode::OK);
    assert!(
        account.has("eva.lindqvist@goteborg.example") && account.has("International coordinator")
    );

    let mut conn = app.db.get().unwrap();
    let (entries, _) = audit::page(&mut conn, 0, 10).unwrap();
    let entry = entries
        .iter()
        .find(|e| e.action == "approve_member")
        .expect("audit row");
    assert_eq!(entry.target_id.as_deref(), Some(user_id.as_str()));
    assert_eq!(entry.actor.as_deref(), Some("Test Person"));
    let _ = moderator_id;
}

async fn rejected_registrant_is_told_why_and_cannot_sign_in(backend: Backend) {
    let app = spawn_app(backend).await;
    let visitor = app.client.fresh();
    let who = Registrant::new("someone@gmail.example");
    app.register(&visitor, &who).await;
    app.verify_email(&visitor, &who.email).await;

    let (moderator, _) = app.signed_in(Role::Moderator).await;
    let id = users::find_by_email(&mut app.db.get().unwrap(), &who.email)
        .unwrap()
        .unwrap()
        .id;
    let rejected = moderator
        .submit(
            "/moderation/members",
            &format!("/moderation/members/{id}/reject"),
            &[("reason", "Please register with your city email.")],
        )
        .await;
    assert_eq!(rejected.status, StatusCode::SEE_OTHER);
    let mail = app.mail_to(&who.email, "registration").await;
    assert!(mail.text.contains("Please register with your city email."));

    let login = visitor.login(&who.email, &who.password).await;
    assert_eq!(login.status, StatusCode::FORBIDDEN);
    assert!(login.has("not approved"));

    // Deciding twice does nothing more.
    let again = moderator
        .submit(
            "/moderation/members",
            &format!("/moderation/members/{id}/approve"),
            &[],
        )
        .await;
    assert!(moderator.follow(&again).await.has("already decided"));
    let audit_actions = audit::actions_on(&mut app.db.get().unwrap(), &id).unwrap();
    assert_eq!(audit_actions, vec!["reject_member".to_owned()]);
}

async fn allowlisted_domain_is_approved_on_verification(backend: Backend) {
    let app = spawn_app(backend).await;
    let (admin, _) = app.signed_in(Role::Admin).await;
    let added = admin
        .submit(
            "/admin/settings",
            "/admin/settings/domains",
            &[("domain", "Prague.EU"), ("country", "CZ")],
        )
        .await;
    assert_eq!(added.status, StatusCode::SEE_OTHER);
    let settings = admin.follow(&added).await;
    assert!(settings.has("prague.eu") && settings.has("for Czechia"));

    // The domain vouches for Czech staff only: naming another country waits for a moderator.
    let elsewhere = app.client.fresh();
    let mut abroad = Registrant::new("petr.novy@prague.eu");
    abroad.city = "Bratislava".into();
    abroad.country = "Slovakia".into();
    app.register(&elsewhere, &abroad).await;
    let waiting = app.verify_email(&elsewhere, &abroad.email).await;
    assert!(
        waiting.has("A moderator will now review"),
        "{}",
        waiting.body
    );

    let visitor = app.client.fresh();
    let mut who = Registrant::new("jana.novak@prague.eu");
    who.display_name = "Jana Novak".into();
    who.city = "Prague".into();
    who.country = "Czechia".into();
    app.register(&visitor, &who).await;
    let verified = app.verify_email(&visitor, &who.email).await;
    assert!(verified.has("your account is active"), "{}", verified.body);
    app.mail_to(&who.email, "approved").await;
    assert_eq!(
        visitor.login(&who.email, &who.password).await.status,
        StatusCode::SEE_OTHER
    );

    let id = users::find_by_email(&mut app.db.get().unwrap(), &who.email)
        .unwrap()
        .unwrap()
        .id;
    assert_eq!(
        audit::actions_on(&mut app.db.get().unwrap(), &id).unwrap(),
        vec!["sign_in".to_owned(), "auto_approve_member".to_owned()],
        "approved automatically, then signed in"
    );
}

async fn verification_link_works_once(backend: Backend) {
    let app = spawn_app(backend).await;
    let visitor = app.client.fresh();
    let who = Registrant::new("once@city.example");
    app.register(&visitor, &who).await;
    let mail = app.mail_to(&who.email, "Confirm").await;
    let link = link_with(&mail.text, "/verify-email?token=");

    // Opening the link changes nothing; only the button does.
    let opened = visitor.get(&link).await;
    assert_eq!(opened.status, StatusCode::OK);
    assert!(
        users::find_by_email(&mut app.db.get().unwrap(), &who.email)
            .unwrap()
            .unwrap()
            .email_verified_at
            .is_none()
    );

    let token = opened.input_value("token").unwrap();
    let first = visitor
        .post_raw(
            "/verify-email",
            &[("token", &token), ("csrf_token", &opened.csrf())],
        )
        .await;
    assert_eq!(first.status, StatusCode::OK);
    let replay = visitor.get(&link).await;
    assert_eq!(replay.status, StatusCode::GONE);
    assert!(replay.has("already used"));
    let replay_post = visitor
        .post_raw(
            "/verify-email",
            &[("token", &token), ("csrf_token", &opened.csrf())],
        )
        .await;
    assert_eq!(replay_post.status, StatusCode::GONE);
    let bogus = visitor.get("/verify-email?token=not-a-token").await;
    assert_eq!(bogus.status, StatusCode::NOT_FOUND);
}

async fn logout_deletes_the_session(backend: Backend) {
    let app = spawn_app(backend).await;
    let (member, id) = app.signed_in(Role::Member).await;
    assert_eq!(member.get("/account").await.status, StatusCode::OK);
    let count = |app: &common::TestApp| -> i64 {
        use diesel::prelude::*;
        use twinwise::db::schema::sessions::dsl;
        dsl::sessions
            .filter(dsl::user_id.eq(&id))
            .count()
            .get_result(&mut *app.db.get().unwrap())
            .unwrap()
    };
    assert_eq!(count(&app), 1);
    let out = member.logout().await;
    assert_eq!(out.status, StatusCode::SEE_OTHER);
    assert_eq!(count(&app), 0);
    let after = member.get("/account").await;
    assert_eq!(after.status, StatusCode::SEE_OTHER);
    assert!(
        after
            .location
            .unwrap()
            .starts_with("/login?next=%2Faccount")
    );
    let _ = sessions::delete_for_user;
}

async fn password_reset_sets_a_new_password_and_ends_sessions(backend: Backend) {
    let app = spawn_app(backend).await;
    let email = "reset.me@city.example";
    app.create_user(email, "Rita Reset", Role::Member, MOD_PASSWORD);
    let other_device = app.client.fresh();
    assert_eq!(
        other_device.login(email, MOD_PASSWORD).await.status,
        StatusCode::SEE_OTHER
    );

    let visitor = app.client.fresh();
    let known = visitor
        .submit("/password-reset", "/password-reset", &[("email", email)])
        .await;
    let unknown = visitor
        .submit(
            "/password-reset",
            "/password-reset",
            &[("email", "nobody@city.example")],
        )
        .await;
    assert_eq!(known.status, StatusCode::OK);
    assert_eq!(unknown.status, StatusCode::OK);
    assert_eq!(
        known
            .body
            .replace(email, "X")
            .replace(&known.csrf_or_empty(), ""),
        unknown
            .body
            .replace("nobody@city.example", "X")
            .replace(&unknown.csrf_or_empty(), ""),
        "known and unknown addresses get the same page"
    );
    app.smtp.assert_none("nobody@city.example", "Reset").await;

    let mail = app.mail_to(email, "Reset your Twinwise password").await;
    let link = link_with(&mail.text, "/password-reset/confirm?token=");
    let form = visitor.get(&link).await;
    assert_eq!(form.status, StatusCode::OK);
    let token = form.input_value("token").unwrap();
    let weak = visitor
        .post_raw(
            "/password-reset/confirm",
            &[
                ("token", &token),
                ("password", "password1234"),
                ("csrf_token", &form.csrf()),
            ],
        )
        .await;
    assert_eq!(weak.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(weak.has("too common"));
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

    // The other device was signed out; the old password no longer works; the new one does.
    assert_eq!(
        other_device.get("/account").await.status,
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        visitor.login(email, MOD_PASSWORD).await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        visitor
            .login(email, "saffron glacier tempo 77")
            .await
            .status,
        StatusCode::SEE_OTHER
    );

    // The link is single-use.
    let replay = app.client.fresh().get(&link).await;
    assert_eq!(replay.status, StatusCode::GONE);
    app.mail_to(email, "password was changed").await;
}

async fn reset_link_expires_after_an_hour(backend: Backend) {
    use diesel::prelude::*;
    use twinwise::db::schema::email_tokens::dsl;
    let app = spawn_app(backend).await;
    let email = "late@city.example";
    app.create_user(email, "Lars Late", Role::Member, MOD_PASSWORD);
    let visitor = app.client.fresh();
    visitor
        .submit("/password-reset", "/password-reset", &[("email", email)])
        .await;
    let mail = app.mail_to(email, "Reset").await;
    let link = link_with(&mail.text, "/password-reset/confirm?token=");
    {
        let mut conn = app.db.get().unwrap();
        let (created, expires): (chrono::NaiveDateTime, chrono::NaiveDateTime) = dsl::email_tokens
            .filter(dsl::purpose.eq("reset_password"))
            .select((dsl::created_at, dsl::expires_at))
            .first(&mut *conn)
            .unwrap();
        let lifetime = (expires - created).num_seconds();
        assert!(
            (3590..=3600).contains(&lifetime),
            "reset links live one hour, not {lifetime}s"
        );
        diesel::update(dsl::email_tokens)
            .set(dsl::expires_at.eq(created - chrono::TimeDelta::minutes(1)))
            .execute(&mut *conn)
            .unwrap();
    }
    let expired = visitor.get(&link).await;
    assert_eq!(expired.status, StatusCode::GONE);
    assert!(expired.has("expired"));
}

async fn changing_password_needs_the_current_one_and_ends_other_sessions(backend: Backend) {
    let app = spawn_app(backend).await;
    let email = "change@city.example";
    app.create_user(email, "Carl Change", Role::Member, MOD_PASSWORD);
    let laptop = app.client.fresh();
    let phone = app.client.fresh();
    laptop.login(email, MOD_PASSWORD).await;
    phone.login(email, MOD_PASSWORD).await;

    let wrong = laptop
        .submit(
            "/account/security",
            "/account/password",
            &[
                ("current_password", "not my password at all"),
                ("new_password", "marble canyon sonnet 31"),
            ],
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(wrong.has("current password is not right"));

    let changed = laptop
        .submit(
            "/account/security",
            "/account/password",
            &[
                ("current_password", MOD_PASSWORD),
                ("new_password", "marble canyon sonnet 31"),
            ],
        )
        .await;
    assert_eq!(changed.status, StatusCode::SEE_OTHER);
    assert_eq!(
        laptop.get("/account").await.status,
        StatusCode::OK,
        "this session stays signed in"
    );
    assert_eq!(
        phone.get("/account").await.status,
        StatusCode::SEE_OTHER,
        "other sessions end"
    );
    assert_eq!(
        app.client
            .fresh()
            .login(email, "marble canyon sonnet 31")
            .await
            .status,
        StatusCode::SEE_OTHER
    );
    app.mail_to(email, "password was changed").await;
}

async fn changing_email_needs_password_and_confirmation(backend: Backend) {
    let app = spawn_app(backend).await;
    let old = "old.address@city.example";
    let new = "new.address@city.example";
    app.create_user(old, "Nora New", Role::Member, MOD_PASSWORD);
    let member = app.client.fresh();
    member.login(old, MOD_PASSWORD).await;

    let no_password = member
        .submit(
            "/account/security",
            "/account/email",
            &[("new_email", new), ("email_password", "")],
        )
        .await;
    assert_eq!(no_password.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        no_password.input_value("new_email").as_deref(),
        Some(new),
        "input is kept"
    );

    let asked = member
        .submit(
            "/account/security",
            "/account/email",
            &[("new_email", new), ("email_password", MOD_PASSWORD)],
        )
        .await;
    assert_eq!(asked.status, StatusCode::SEE_OTHER);
    // Nothing changes until the new address confirms.
    assert!(
        users::find_by_email(&mut app.db.get().unwrap(), old)
            .unwrap()
            .is_some()
    );
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
    assert!(
        users::find_by_email(&mut app.db.get().unwrap(), new)
            .unwrap()
            .is_some()
    );
    app.mail_to(old, "email address was changed").await;
    assert_eq!(
        app.client.fresh().login(new, MOD_PASSWORD).await.status,
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        app.client.fresh().login(old, MOD_PASSWORD).await.status,
        StatusCode::UNAUTHORIZED
    );
}

async fn health_check_names_the_backend(backend: Backend) {
    let app = spawn_app(backend).await;
    let page = app.client.get("/healthz").await;
    assert_eq!(page.status, StatusCode::OK);
    let json: serde_json::Value = serde_json::from_str(&page.body).unwrap();
    assert_eq!(json["status"], "ok");
    assert_eq!(
        json["database"],
        if backend == Backend::Sqlite {
            "sqlite"
        } else {
            "postgres"
        }
    );
}

/// A registrant who named the wrong country is corrected by a moderator (audited, old and new
/// place named); bad input changes nothing; members cannot reach the form, their own
/// account included.
async fn moderators_correct_a_members_city_and_country(backend: Backend) {
    let app = spawn_app(backend).await;
    let (moderator, _) = app.signed_in(Role::Moderator).await;
    let (member, member_id) = app.signed_in(Role::Member).await;
    let visitor = app.client.fresh();
    let mut who = Registrant::new("lena.kral@brno.example");
    who.city = "Brno".into();
    who.country = "Slovakia".into();
    app.register(&visitor, &who).await;
    app.verify_email(&visitor, &who.email).await;
    let id = users::find_by_email(&mut app.db.get().unwrap(), &who.email)
        .unwrap()
        .unwrap()
        .id;
    let place = |id: &str| format!("/moderation/members/{id}/place");
    for (city, country) in [
        ("", "CZ"),
        ("Brno", "Atlantis"),
        ("<b>Brno</b>\u{202e}", "CZ"),
    ] {
        let page = moderator
            .submit(
                "/moderation/members",
                &place(&id),
                &[("city", city), ("country", country)],
            )
            .await;
        assert!(
            moderator.follow(&page).await.has("Not corrected"),
            "{city:?} {country:?}"
        );
    }
    assert!(
        audit::actions_on(&mut app.db.get().unwrap(), &id)
            .unwrap()
            .is_empty()
    );
    let page = moderator
        .submit(
            "/moderation/members",
            &place(&id),
            &[("city", "Brno"), ("country", "CZ")],
        )
        .await;
    assert!(moderator.follow(&page).await.has("were corrected"));
    let corrected = users::member(&mut app.db.get().unwrap(), &id)
        .unwrap()
        .unwrap();
    assert_eq!(
        (corrected.city.as_str(), corrected.country_code.as_str()),
        ("Brno", "CZ")
    );
    assert_eq!(
        audit::actions_on(&mut app.db.get().unwrap(), &id).unwrap(),
        vec!["correct_member_place".to_owned()]
    );
    for target in [&id, &member_id] {
        let page = member
            .submit(
                "/account",
                &place(target),
                &[("city", "Oslo"), ("country", "NO")],
            )
            .await;
        assert_eq!(page.status, StatusCode::FORBIDDEN);
    }
    let own = users::member(&mut app.db.get().unwrap(), &member_id)
        .unwrap()
        .unwrap();
    assert_ne!(own.country_code, "NO", "members cannot move themselves");
}

backend_tests!(
    moderators_correct_a_members_city_and_country,
    registration_is_verified_approved_and_can_sign_in,
    rejected_registrant_is_told_why_and_cannot_sign_in,
    allowlisted_domain_is_approved_on_verification,
    verification_link_works_once,
    logout_deletes_the_session,
    password_reset_sets_a_new_password_and_ends_sessions,
    reset_link_expires_after_an_hour,
    changing_password_needs_the_current_one_and_ends_other_sessions,
    changing_email_needs_password_and_confirmation,
    health_check_names_the_backend,
);
