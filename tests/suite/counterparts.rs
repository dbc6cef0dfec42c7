//! The counterparts registry: who sees an entry (a case they may read names it and shows
//! them who reported it, or a moderator made it public; moderators see every entry), the
//! paginated list, and the moderators' curation: public or not, rename, merge a duplicate.
//! Every level × anonymity × viewer is also a cell of `tests/suite/policy_matrix.rs`; these tests
//! follow single entries through their life.
//!
//! Decided here: the author of an unpublished case sees the entry it names (they may read
//! their own case in every state, and its page links the entry); nobody else but moderators
//! does until the case is published to them.

use crate::common;

use common::{Backend, Client, Page, TestApp, spawn_app};
use diesel::prelude::*;
use reqwest::StatusCode;
use twinwise::domain::Role;

const PASSWORD: &str = "orchid tundra falcon 42";

// ----- helpers -----

/// How far a seeded case goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stage {
    Draft,
    Published,
}

/// A world: an author in Brno, a member in Utrecht, a moderator and a visitor.
struct Town {
    app: TestApp,
    author_id: String,
    author: Client,
    peer_id: String,
    peer: Client,
    moderator_id: String,
    moderator: Client,
    visitor: Client,
}

async fn sign_in(app: &TestApp, email: &str) -> Client {
    let client = app.client.fresh();
    let page = client.login(email, PASSWORD).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{email} signs in");
    client
}

async fn town(backend: Backend) -> Town {
    let app = spawn_app(backend).await;
    let author_id = app.create_user_in(
        "author@registry.example",
        "Karel Dvorak",
        Role::Member,
        PASSWORD,
        "Brno",
        "CZ",
    );
    let peer_id = app.create_user_in(
        "peer@registry.example",
        "Piet Vos",
        Role::Member,
        PASSWORD,
        "Utrecht",
        "NL",
    );
    let moderator_id = app.create_user_in(
        "moderator@registry.example",
        "Mona Mod",
        Role::Moderator,
        PASSWORD,
        "Lyon",
        "FR",
    );
    Town {
        author: sign_in(&app, "author@registry.example").await,
        peer: sign_in(&app, "peer@registry.example").await,
        moderator: sign_in(&app, "moderator@registry.example").await,
        visitor: app.client.fresh(),
        author_id,
        peer_id,
        moderator_id,
        app,
    }
}

/// A case form naming a new counterpart (a consulate in China) or, with `existing`, an
/// entry of the registry.
fn fields(
    title: &str,
    counterpart: &str,
    tlp: &str,
    anonymity: &str,
    occurred_on: &str,
) -> twinwise::domain::case::CaseFields {
    twinwise::domain::case::CaseFields {
        title: title.into(),
        summary: "The consulate asked the city to cancel a photo exhibition.".into(),
        narrative: "A letter asked to cancel the exhibition.".into(),
        topics: vec!["taiwan".into()],
        demands: vec!["cancel_event".into()],
        counterpart_id: "new".into(),
        counterpart_name: counterpart.into(),
        counterpart_kind: "consulate".into(),
        counterpart_country: "CN".into(),
        channel: "letter".into(),
        response: "declined".into(),
        occurred_on: occurred_on.into(),
        tlp: tlp.into(),
        anonymity: anonymity.into(),
        ..Default::default()
    }
}

/// Writes a case through the workflows (as the form and the moderator would); returns the
/// case's id and its counterpart's.
fn seed_case(
    app: &TestApp,
    author_id: &str,
    moderator_id: &str,
    fields: &twinwise::domain::case::CaseFields,
    stage: Stage,
) -> (String, String) {
    use twinwise::cases::{authoring, moderation};
    use twinwise::db::users;
    use twinwise::domain::case::CaseInput;
    let mut conn = app.db.get().unwrap();
    let author = users::member(&mut conn, author_id).unwrap().unwrap();
    let moderator = users::member(&mut conn, moderator_id).unwrap().unwrap();
    let today = chrono::Utc::now().date_naive();
    let input = CaseInput::parse(fields, today, &author.country_code).expect("valid case");
    let id = authoring::create_draft(&mut conn, &author, &input).unwrap();
    if stage == Stage::Published {
        authoring::submit(&mut conn, &author, &id).unwrap();
        moderation::publish(&mut conn, &app.settings, &moderator, &id).unwrap();
    }
    let counterpart = twinwise::db::cases::find(&mut conn, &id)
        .unwrap()
        .unwrap()
        .counterpart_id
        .unwrap();
    (id, counterpart)
}

/// What one viewer sees of one entry, found by a word only its name has.
#[derive(Debug, PartialEq, Eq)]
struct Seen {
    listed: bool,
    page: StatusCode,
    searched: bool,
}

impl Seen {
    const ALL: Seen = Seen {
        listed: true,
        page: StatusCode::OK,
        searched: true,
    };
    const NOTHING: Seen = Seen {
        listed: false,
        page: StatusCode::NOT_FOUND,
        searched: false,
    };
}

async fn seen(client: &Client, id: &str, word: &str) -> Seen {
    let list = client.get("/counterparts").await;
    assert_eq!(list.status, StatusCode::OK);
    let page = client.get(&format!("/counterparts/{id}")).await;
    if page.status == StatusCode::NOT_FOUND {
        let missing = client.get("/counterparts/no-such-entry").await;
        assert_eq!(
            page.body, missing.body,
            "a hidden entry answers as a missing one"
        );
    }
    let search = client.get(&format!("/search?q={word}")).await;
    Seen {
        listed: list.has(word),
        page: page.status,
        searched: search
            .texts(".search-counterparts a")
            .iter()
            .any(|t| t.contains(word)),
    }
}

fn audit_actions(app: &TestApp) -> Vec<(String, String)> {
    use twinwise::db::schema::audit_log::dsl;
    dsl::audit_log
        .filter(dsl::action.ne_all(["sign_in", "sign_in_failed"]))
        .order(dsl::created_at.asc())
        .select((dsl::action, dsl::detail))
        .load(&mut *app.db.get().unwrap())
        .unwrap()
}

fn exists(app: &TestApp, id: &str) -> bool {
    twinwise::db::counterparts::find(&mut app.db.get().unwrap(), id)
        .unwrap()
        .is_some()
}

/// Posts `fields` with the CSRF token of `page` (already loaded).
async fn post_with_token(
    client: &Client,
    page: &Page,
    action: &str,
    fields: &[(&str, &str)],
) -> Page {
    let token = page.csrf();
    let mut all = fields.to_vec();
    all.push(("csrf_token", &token));
    client.post_raw(action, &all).await
}

// ----- who sees an entry -----

/// An entry created by a draft is the author's and the moderators' until the case is
/// published to others; the case form offers it to no one else, and a hidden entry chosen by
/// its id is refused like a missing one.
async fn draft_counterpart_is_seen_by_its_author_and_moderators_only(backend: Backend) {
    let t = town(backend).await;
    let (case, entry) = seed_case(
        &t.app,
        &t.author_id,
        &t.moderator_id,
        &fields(
            "Draft demand",
            "Consulate kqdraftonly",
            "clear",
            "none",
            "2024-03-01",
        ),
        Stage::Draft,
    );
    for (who, client) in [("visitor", &t.visitor), ("member", &t.peer)] {
        assert_eq!(
            seen(client, &entry, "kqdraftonly").await,
            Seen::NOTHING,
            "{who}"
        );
    }
    for (who, client) in [("author", &t.author), ("moderator", &t.moderator)] {
        assert_eq!(
            seen(client, &entry, "kqdraftonly").await,
            Seen::ALL,
            "{who}"
        );
    }
    // The author's draft links its entry.
    assert!(
        t.author
            .get(&format!("/cases/{case}"))
            .await
            .has(&format!("/counterparts/{entry}"))
    );
    // The case form offers it to its author, not to another member...
    assert!(t.author.get("/cases/new").await.has("kqdraftonly"));
    let form = t.peer.get("/cases/new").await;
    assert!(!form.has("kqdraftonly"));
    // ...who cannot choose it by its id either.
    let mut chosen = fields("Peer demand", "", "green", "none", "2024-03-02");
    chosen.counterpart_id = entry.clone();
    let body = [
        ("title", chosen.title.as_str()),
        ("summary", chosen.summary.as_str()),
        ("narrative", chosen.narrative.as_str()),
        ("topics", "taiwan"),
        ("demands", "cancel_event"),
        ("counterpart_id", entry.as_str()),
        ("channel", "letter"),
        ("response", "declined"),
        ("occurred_on", "2024-03-02"),
        ("tlp", "green"),
        ("anonymity", "none"),
    ];
    let refused = post_with_token(&t.peer, &form, "/cases/new", &body).await;
    assert_eq!(
        refused.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        refused.body
    );
    assert!(refused.has("That counterpart no longer exists"));
    assert_eq!(refused.input_value("title").as_deref(), Some("Peer demand"));
    {
        use twinwise::db::schema::cases::dsl;
        let peer_cases: i64 = dsl::cases
            .filter(dsl::author_id.eq(&t.peer_id))
            .count()
            .get_result(&mut *t.app.db.get().unwrap())
            .unwrap();
        assert_eq!(peer_cases, 0, "nothing was saved");
    }

    // Submitted: still only the author and the moderators.
    {
        use twinwise::cases::authoring;
        let mut conn = t.app.db.get().unwrap();
        let author = twinwise::db::users::member(&mut conn, &t.author_id)
            .unwrap()
            .unwrap();
        authoring::submit(&mut conn, &author, &case).unwrap();
    }
    assert_eq!(seen(&t.peer, &entry, "kqdraftonly").await, Seen::NOTHING);
    assert_eq!(seen(&t.moderator, &entry, "kqdraftonly").await, Seen::ALL);
    // Published (CLEAR): everyone.
    {
        let mut conn = t.app.db.get().unwrap();
        let moderator = twinwise::db::users::member(&mut conn, &t.moderator_id)
            .unwrap()
            .unwrap();
        twinwise::cases::moderation::publish(&mut conn, &t.app.settings, &moderator, &case)
            .unwrap();
    }
    assert_eq!(seen(&t.peer, &entry, "kqdraftonly").await, Seen::ALL);
    assert_eq!(seen(&t.visitor, &entry, "kqdraftonly").await, Seen::ALL);
}

/// An entry named only by a RED case, or only by an anonymised one, tells nobody but the
/// author and moderators that the incident exists, even a member who reads the anonymised
/// case; once a case they may read names it openly, they see it.
async fn counterparts_named_only_by_red_or_anonymised_cases_stay_hidden(backend: Backend) {
    let t = town(backend).await;
    let (_, red) = seed_case(
        &t.app,
        &t.author_id,
        &t.moderator_id,
        &fields(
            "Red demand",
            "Consulate kqredonly",
            "red",
            "none",
            "2024-03-01",
        ),
        Stage::Published,
    );
    let (anonymous_case, anonymous) = seed_case(
        &t.app,
        &t.author_id,
        &t.moderator_id,
        &fields(
            "Quiet demand",
            "Consulate kqanononly",
            "green",
            "city",
            "2024-03-02",
        ),
        Stage::Published,
    );
    for (word, id) in [("kqredonly", &red), ("kqanononly", &anonymous)] {
        assert_eq!(
            seen(&t.visitor, id, word).await,
            Seen::NOTHING,
            "visitor, {word}"
        );
        assert_eq!(
            seen(&t.peer, id, word).await,
            Seen::NOTHING,
            "member, {word}"
        );
        assert_eq!(seen(&t.author, id, word).await, Seen::ALL, "author, {word}");
        assert_eq!(
            seen(&t.moderator, id, word).await,
            Seen::ALL,
            "moderator, {word}"
        );
    }
    // The member reads the anonymised case, which neither names nor links its counterpart.
    let page = t.peer.get(&format!("/cases/{anonymous_case}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(!page.has("kqanononly") && !page.has(&format!("/counterparts/{anonymous}")));
    assert!(
        t.visitor
            .get("/counterparts")
            .await
            .has("No counterpart to show yet"),
        "the registry is empty to a visitor"
    );

    // The author logs a GREEN case, not anonymised, with the same counterpart.
    let mut open = fields("Open demand", "", "green", "none", "2024-03-03");
    open.counterpart_id = red.clone();
    let (open_case, same) = seed_case(
        &t.app,
        &t.author_id,
        &t.moderator_id,
        &open,
        Stage::Published,
    );
    assert_eq!(same, red);
    assert_eq!(seen(&t.peer, &red, "kqredonly").await, Seen::ALL);
    assert_eq!(seen(&t.visitor, &red, "kqredonly").await, Seen::NOTHING);
    let listed = t.peer.get(&format!("/counterparts/{red}")).await;
    assert!(listed.has("1 case you can read."), "{}", listed.body);
    assert!(listed.has(&format!("/cases/{open_case}")) && !listed.has("Red demand"));
}

/// A moderator marks an entry public: everyone sees it (its RED case stays hidden); marking
/// it not public hides it again. Both are audit-logged; a forged or unprivileged request
/// changes nothing.
async fn public_flag_shows_an_entry_to_everyone(backend: Backend) {
    let t = town(backend).await;
    let (_, red) = seed_case(
        &t.app,
        &t.author_id,
        &t.moderator_id,
        &fields(
            "Red demand",
            "Consulate kqpublic",
            "red",
            "none",
            "2024-03-01",
        ),
        Stage::Published,
    );
    let page_path = format!("/counterparts/{red}");
    let action = format!("/counterparts/{red}/public");
    let page = t.moderator.get(&page_path).await;
    assert!(page.has("Make it public"));

    // Without a valid token: back to the page with the reason, nothing changed.
    let forged = t
        .moderator
        .post_raw(&action, &[("public", "yes"), ("csrf_token", "wrong")])
        .await;
    assert_eq!(forged.status, StatusCode::SEE_OTHER);
    assert!(t.moderator.follow(&forged).await.has("This form expired"));
    assert_eq!(seen(&t.visitor, &red, "kqpublic").await, Seen::NOTHING);
    // A member may not.
    let home = t.peer.get("/").await;
    let refused = post_with_token(&t.peer, &home, &action, &[("public", "yes")]).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert_eq!(seen(&t.visitor, &red, "kqpublic").await, Seen::NOTHING);

    let done = t
        .moderator
        .submit(&page_path, &action, &[("public", "yes")])
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    let after = t.moderator.follow(&done).await;
    assert!(after.has("is public") && after.has("Make it not public"));
    for client in [&t.visitor, &t.peer] {
        assert_eq!(seen(client, &red, "kqpublic").await, Seen::ALL);
    }
    let public = t.visitor.get(&page_path).await;
    assert!(public.has("No case you can read names this counterpart."));
    assert!(!public.has("Red demand") && !public.has("Make it not public"));
    assert!(
        t.moderator
            .get("/counterparts")
            .await
            .has("<td>Public</td>")
    );

    let undone = t
        .moderator
        .submit(&page_path, &action, &[("public", "no")])
        .await;
    assert_eq!(undone.status, StatusCode::SEE_OTHER);
    assert_eq!(seen(&t.visitor, &red, "kqpublic").await, Seen::NOTHING);
    let logged: Vec<String> = audit_actions(&t.app)
        .into_iter()
        .filter(|(a, _)| a == "set_counterpart_public")
        .map(|(_, d)| d)
        .collect();
    assert_eq!(logged.len(), 2, "{logged:?}");
    assert!(logged[0].ends_with(": public") && logged[1].ends_with(": not public"));
}

/// `/counterparts` pages through the entries by name and says when there is nothing.
async fn registry_is_paginated_with_an_empty_state(backend: Backend) {
    let t = town(backend).await;
    let empty = t.visitor.get("/counterparts").await;
    assert_eq!(empty.status, StatusCode::OK);
    assert!(empty.has("No counterpart to show yet"));
    assert!(
        t.visitor
            .get("/counterparts?page=2")
            .await
            .has("No counterpart to show yet")
    );
    {
        use twinwise::db::counterparts::find_or_create;
        use twinwise::db::schema::counterparts::dsl;
        use twinwise::domain::case::NewCounterpart;
        use twinwise::domain::case_fields::CounterpartKind;
        let mut conn = t.app.db.get().unwrap();
        for i in 0..30 {
            let new = NewCounterpart {
                name: format!("Entry {i:02}"),
                kind: CounterpartKind::Company,
                country: twinwise::domain::Country::parse("CN").unwrap(),
                city: String::new(),
            };
            find_or_create(&mut conn, &new, &t.author_id).unwrap();
        }
        diesel::update(dsl::counterparts)
            .set(dsl::is_public.eq(true))
            .execute(&mut *conn)
            .unwrap();
    }
    let first = t.visitor.get("/counterparts").await;
    assert!(first.has("30 counterparts."), "{}", first.body);
    let names = first.texts("tbody th a");
    assert_eq!(names.len(), 25);
    assert_eq!(names[0], "Entry 00");
    assert_eq!(names[24], "Entry 24");
    assert!(first.has("rel=\"next\" href=\"/counterparts?page=2\""));
    let second = t.visitor.get("/counterparts?page=2").await;
    assert_eq!(
        second.texts("tbody th a"),
        (25..30).map(|i| format!("Entry {i}")).collect::<Vec<_>>()
    );
    assert!(second.has("rel=\"prev\"") && !second.has("rel=\"next\""));
    let beyond = t.visitor.get("/counterparts?page=9").await;
    assert_eq!(beyond.status, StatusCode::OK);
    assert!(beyond.has("There is no page 9"));
    assert_eq!(
        t.visitor
            .get("/counterparts?page=abc")
            .await
            .texts("tbody th a")
            .len(),
        25
    );
}

// ----- curation -----

/// Renaming: bad input re-renders the page with the message and the text kept; a name
/// another entry in the country has is refused (merge instead); markup is kept as text and
/// escaped; a valid name is saved and audit-logged.
async fn moderators_rename_entries(backend: Backend) {
    let t = town(backend).await;
    let (case, entry) = seed_case(
        &t.app,
        &t.author_id,
        &t.moderator_id,
        &fields(
            "Green demand",
            "Consulate kqrename",
            "green",
            "none",
            "2024-03-01",
        ),
        Stage::Published,
    );
    seed_case(
        &t.app,
        &t.author_id,
        &t.moderator_id,
        &fields(
            "Other demand",
            "Embassy Taken",
            "green",
            "none",
            "2024-03-02",
        ),
        Stage::Published,
    );
    let page = format!("/counterparts/{entry}");
    let action = format!("/counterparts/{entry}/rename");
    let rename = |name: String| {
        let (client, page, action) = (&t.moderator, page.clone(), action.clone());
        async move {
            client
                .submit(&page, &action, &[("name", name.as_str())])
                .await
        }
    };

    let empty = rename("   ".into()).await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        empty.has("Enter the counterpart&#39;s name.")
            || empty.has("Enter the counterpart's name.")
    );
    assert!(empty.has("aria-invalid=\"true\""));
    let long = "x".repeat(201);
    let oversized = rename(long.clone()).await;
    assert_eq!(oversized.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(oversized.has("200 characters or fewer"));
    assert_eq!(
        oversized.input_value("name").as_deref(),
        Some(long.as_str()),
        "input kept"
    );
    let taken = rename("embassy TAKEN".into()).await;
    assert_eq!(taken.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        taken.has("is already called “Embassy Taken”"),
        "{}",
        taken.body
    );
    assert!(taken.has("merge the two entries instead"));
    assert_eq!(taken.input_value("name").as_deref(), Some("embassy TAKEN"));
    // Expired form: 403, the text kept, nothing saved.
    let forged = t
        .moderator
        .post_raw(&action, &[("name", "Forged name"), ("csrf_token", "wrong")])
        .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    assert!(forged.has("This form expired"));
    assert_eq!(forged.input_value("name").as_deref(), Some("Forged name"));
    // Members may not rename.
    let home = t.peer.get("/").await;
    let refused = post_with_token(&t.peer, &home, &action, &[("name", "Member name")]).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert!(t.moderator.get(&page).await.texts("h1") == vec!["Consulate kqrename"]);

    // Markup is text.
    let html = rename("<b>Consulate</b> kqmarkup <script>alert(1)</script>".into()).await;
    assert_eq!(html.status, StatusCode::SEE_OTHER, "{}", html.body);
    for path in [
        page.clone(),
        "/counterparts".to_owned(),
        format!("/cases/{case}"),
        "/search?q=kqmarkup".to_owned(),
    ] {
        let shown = t.peer.get(&path).await;
        let escaped = shown.has("&#60;b&#62;Consulate&#60;") || shown.has("&lt;b&gt;Consulate&lt;");
        assert!(escaped, "{path}:\n{}", shown.body);
        assert!(
            !shown.has("<b>Consulate</b>") && !shown.has("<script>alert(1)"),
            "{path}"
        );
    }

    let done = rename("Consulate-General kqrenamed".into()).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER);
    let after = t.moderator.follow(&done).await;
    assert!(after.has("is now called “Consulate-General kqrenamed”"));
    assert_eq!(after.texts("h1"), vec!["Consulate-General kqrenamed"]);
    assert!(
        t.peer
            .get(&format!("/cases/{case}"))
            .await
            .has("Consulate-General kqrenamed")
    );
    let logged: Vec<String> = audit_actions(&t.app)
        .into_iter()
        .filter(|(a, _)| a == "rename_counterpart")
        .map(|(_, d)| d)
        .collect();
    assert_eq!(logged.len(), 2, "{logged:?}");
    assert!(
        logged[1].contains("→ “Consulate-General kqrenamed”"),
        "{logged:?}"
    );
}

fn alerts_of(app: &TestApp, counterpart: &str) -> Vec<twinwise::cases::patterns::AlertRow> {
    use twinwise::db::schema::pattern_alerts::dsl;
    dsl::pattern_alerts
        .filter(dsl::counterpart_id.eq(counterpart))
        .select(twinwise::cases::patterns::AlertRow::as_select())
        .load(&mut *app.db.get().unwrap())
        .unwrap()
}

fn cases_naming(app: &TestApp, counterpart: &str) -> i64 {
    use twinwise::db::schema::cases::dsl;
    dsl::cases
        .filter(dsl::counterpart_id.eq(counterpart))
        .count()
        .get_result(&mut *app.db.get().unwrap())
        .unwrap()
}

/// Merging a duplicate: a confirmation page first (a POST without the confirmation, with a
/// forged token or from a member changes nothing); then every case (drafts too) and the
/// pattern alerts move to the entry kept, two alerts about the same counterpart become one
/// (open if either was), the duplicate is gone and the merge is audit-logged.
async fn merging_moves_cases_and_alerts_after_confirmation(backend: Backend) {
    let t = town(backend).await;
    let mut authors = vec![t.author_id.clone()];
    for (email, city, country) in [
        ("uppsala@registry.example", "Uppsala", "SE"),
        ("porto@registry.example", "Porto", "PT"),
    ] {
        authors.push(t.app.create_user_in(
            email,
            "Another Author",
            Role::Member,
            PASSWORD,
            city,
            country,
        ));
    }
    let seed = |title: &str, name: &str, author: &str, day: u32, stage: Stage| {
        let on = format!("2024-03-{day:02}");
        seed_case(
            &t.app,
            author,
            &t.moderator_id,
            &fields(title, name, "green", "none", &on),
            stage,
        )
    };
    // Three cities each name the duplicate and the entry to keep: an alert on each.
    let mut duplicate = String::new();
    let mut keep = String::new();
    for (i, author) in authors.iter().enumerate() {
        let day = u32::try_from(i).unwrap() + 1;
        duplicate = seed(
            &format!("Dup case {i}"),
            "Embassy of China kqdup",
            author,
            day,
            Stage::Published,
        )
        .1;
        keep = seed(
            &format!("Keep case {i}"),
            "Embassy of the PRC kqkeep",
            author,
            day,
            Stage::Published,
        )
        .1;
    }
    seed(
        "Dup draft",
        "Embassy of China kqdup",
        &t.author_id,
        9,
        Stage::Draft,
    );
    assert_eq!(alerts_of(&t.app, &duplicate).len(), 1);
    assert_eq!(alerts_of(&t.app, &keep).len(), 1);
    // The kept entry's alert was handled; the duplicate's is open.
    twinwise::cases::patterns::dismiss(
        &mut t.app.db.get().unwrap(),
        &alerts_of(&t.app, &keep)[0].id,
    )
    .unwrap();

    let confirm = format!("/counterparts/{duplicate}/merge?into={keep}");
    let action = format!("/counterparts/{duplicate}/merge");
    // The counterpart page offers the merge to moderators only.
    let page = t.moderator.get(&format!("/counterparts/{duplicate}")).await;
    assert!(page.has(&format!("action=\"/counterparts/{duplicate}/merge\"")));
    assert!(page.has(&format!("<option value=\"{keep}\">")));
    assert!(
        !t.peer
            .get(&format!("/counterparts/{duplicate}"))
            .await
            .has("Merge a duplicate")
    );
    assert_eq!(t.peer.get(&confirm).await.status, StatusCode::FORBIDDEN);

    let review = t.moderator.get(&confirm).await;
    assert_eq!(review.status, StatusCode::OK, "{}", review.body);
    assert!(
        review.has("4 cases (in any state) and 1 pattern alert move"),
        "{}",
        review.body
    );
    assert!(review.has("This cannot be undone"));
    assert!(exists(&t.app, &duplicate), "looking changes nothing");

    // Not confirmed, forged, from a member: nothing happens.
    let unconfirmed = post_with_token(&t.moderator, &review, &action, &[("into", &keep)]).await;
    assert_eq!(unconfirmed.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(unconfirmed.has("Nothing was merged yet"));
    let forged = t
        .moderator
        .post_raw(
            &action,
            &[("into", &keep), ("confirm", "yes"), ("csrf_token", "wrong")],
        )
        .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    assert!(forged.has("This form expired") && forged.has("Merge into"));
    let home = t.peer.get("/").await;
    let refused = post_with_token(
        &t.peer,
        &home,
        &action,
        &[("into", &keep), ("confirm", "yes")],
    )
    .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    // Into itself, or into nothing: refused with the reason.
    let itself = post_with_token(
        &t.moderator,
        &review,
        &action,
        &[("into", &duplicate), ("confirm", "yes")],
    )
    .await;
    assert_eq!(itself.status, StatusCode::SEE_OTHER);
    assert!(
        t.moderator
            .follow(&itself)
            .await
            .has("cannot be merged into itself")
    );
    let nowhere = t
        .moderator
        .get(&format!("/counterparts/{duplicate}/merge?into=nope"))
        .await;
    assert_eq!(nowhere.status, StatusCode::SEE_OTHER);
    assert!(
        t.moderator
            .follow(&nowhere)
            .await
            .has("Choose the entry to keep")
    );
    assert!(exists(&t.app, &duplicate));
    assert_eq!(cases_naming(&t.app, &duplicate), 4);

    let merged = post_with_token(
        &t.moderator,
        &review,
        &action,
        &[("into", &keep), ("confirm", "yes")],
    )
    .await;
    assert_eq!(merged.status, StatusCode::SEE_OTHER, "{}", merged.body);
    assert_eq!(
        merged.location.as_deref(),
        Some(format!("/counterparts/{keep}").as_str())
    );
    let after = t.moderator.follow(&merged).await;
    assert!(
        after.has(
            "“Embassy of China kqdup” was merged into “Embassy of the PRC kqkeep”: 4 cases moved."
        ),
        "{}",
        after.body
    );
    assert!(after.has("6 cases you can read."));
    assert!(!exists(&t.app, &duplicate));
    assert_eq!(
        t.moderator
            .get(&format!("/counterparts/{duplicate}"))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(cases_naming(&t.app, &duplicate), 0);
    assert_eq!(cases_naming(&t.app, &keep), 7);
    let alerts = alerts_of(&t.app, &keep);
    assert_eq!(alerts.len(), 1, "one alert per pattern");
    assert_eq!(alerts[0].pattern_key, format!("counterpart:{keep}"));
    assert!(
        alerts[0].dismissed_at.is_none(),
        "open, since the duplicate's alert was"
    );
    assert_eq!(alerts[0].city_count, 3);
    assert!(
        t.moderator
            .get("/moderation")
            .await
            .has(&format!("/counterparts/{keep}"))
    );
    assert!(
        t.peer
            .get(&format!("/counterparts/{keep}"))
            .await
            .has("6 cases you can read.")
    );
    let logged: Vec<String> = audit_actions(&t.app)
        .into_iter()
        .filter(|(a, _)| a == "merge_counterparts")
        .map(|(_, d)| d)
        .collect();
    assert_eq!(logged.len(), 1);
    assert!(
        logged[0].contains("“Embassy of China kqdup” merged into"),
        "{logged:?}"
    );
    assert!(logged[0].contains("4 case(s)"), "{logged:?}");

    // A duplicate's alert moves to an entry that had none.
    let mut solo = String::new();
    for (i, author) in authors.iter().enumerate() {
        let day = u32::try_from(i).unwrap() + 10;
        solo = seed(
            &format!("Solo case {i}"),
            "Consulate kqsolo",
            author,
            day,
            Stage::Published,
        )
        .1;
    }
    let (_, target) = seed(
        "Target case",
        "Consulate kqtarget",
        &t.author_id,
        20,
        Stage::Published,
    );
    assert!(alerts_of(&t.app, &target).is_empty());
    let review = t
        .moderator
        .get(&format!("/counterparts/{solo}/merge?into={target}"))
        .await;
    let moved = post_with_token(
        &t.moderator,
        &review,
        &format!("/counterparts/{solo}/merge"),
        &[("into", &target), ("confirm", "yes")],
    )
    .await;
    assert_eq!(moved.status, StatusCode::SEE_OTHER);
    let alerts = alerts_of(&t.app, &target);
    assert_eq!(alerts.len(), 1);
    assert_eq!(alerts[0].pattern_key, format!("counterpart:{target}"));
    assert_eq!(alerts[0].city_count, 3);
}

backend_tests!(
    draft_counterpart_is_seen_by_its_author_and_moderators_only,
    counterparts_named_only_by_red_or_anonymised_cases_stay_hidden,
    public_flag_shows_an_entry_to_everyone,
    registry_is_paginated_with_an_empty_state,
    moderators_rename_entries,
    merging_moves_cases_and_alerts_after_confirmation,
);
