//! Playbooks end to end: moderators write and curate them (every save a revision), members
//! read them under the sensitivity policy, fill in their letters, suggest edits that are
//! merged part by part, and record which playbook their city used.

use crate::common;

use common::{Backend, Client, Page, TestApp, spawn_app};
use reqwest::StatusCode;
use scraper::{Html, Selector};
use twinwise::domain::Role;

const PASSWORD: &str = "orchid tundra falcon 42";

// ----- helpers -----

/// Owned form fields, as a browser would send them.
type Fields = Vec<(String, String)>;

fn owned(pairs: &[(&str, &str)]) -> Fields {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

/// A complete, valid playbook form (CLEAR, two steps, one letter); tweak it with `with`.
fn playbook_fields(slug: &str, title: &str) -> Fields {
    owned(&[
        ("slug", slug),
        ("title", title),
        (
            "summary",
            "What to do when an embassy asks the city to cancel an event.",
        ),
        ("topics", "taiwan"),
        ("demands", "cancel_event"),
        ("tlp", "clear"),
        ("step_key", ""),
        ("step_title", "Write it down"),
        (
            "step_body",
            "Note who called the embassy back, when, and what was said.",
        ),
        ("step_key", ""),
        ("step_title", "Answer in writing"),
        ("step_body", "Decline politely and keep a copy."),
        ("letter_key", ""),
        ("letter_title", "Reply to the embassy"),
        (
            "letter_body",
            "Dear {counterpart},\n\nThe city of {city} will hold {event} as planned.\n\n{sender}",
        ),
        ("avoid", "- Phoning back without a witness"),
        ("cases", ""),
        ("note", ""),
    ])
}

/// `fields` with every `key` replaced by one `value`.
fn with(mut fields: Fields, key: &str, value: &str) -> Fields {
    fields.retain(|(k, _)| k != key);
    fields.push((key.to_owned(), value.to_owned()));
    fields
}

/// `fields` without any `key`.
fn without(mut fields: Fields, key: &str) -> Fields {
    fields.retain(|(k, _)| k != key);
    fields
}

/// Sets the `n`th (0-based) field called `name`, as typing into that box would.
fn set_nth(fields: &mut Fields, name: &str, n: usize, value: &str) {
    let slot = fields
        .iter_mut()
        .filter(|(k, _)| k == name)
        .nth(n)
        .unwrap_or_else(|| panic!("no field {name} #{n} in the form"));
    slot.1 = value.to_owned();
}

/// The `n`th (0-based) value of the field called `name`.
fn nth(fields: &Fields, name: &str, n: usize) -> String {
    fields
        .iter()
        .filter(|(k, _)| k == name)
        .nth(n)
        .map(|(_, v)| v.clone())
        .unwrap_or_else(|| panic!("no field {name} #{n} in {fields:?}"))
}

/// What a browser would send for the form posting to `action`: inputs, textareas, the checked
/// boxes and the chosen options, in document order (the CSRF token included).
fn form_fields(page: &Page, action: &str) -> Fields {
    let doc = Html::parse_document(&page.body);
    let form_selector = Selector::parse(&format!("form[action=\"{action}\"]")).unwrap();
    let form = doc
        .select(&form_selector)
        .next()
        .unwrap_or_else(|| panic!("no form posting to {action} on the page:\n{}", page.body));
    let controls = Selector::parse("input, textarea, select").unwrap();
    let options = Selector::parse("option").unwrap();
    let mut out = Vec::new();
    for control in form.select(&controls) {
        let element = control.value();
        let Some(name) = element.attr("name") else {
            continue;
        };
        let value = match element.name() {
            "textarea" => control.text().collect::<String>(),
            "select" => {
                let all: Vec<_> = control.select(&options).collect();
                let chosen = all
                    .iter()
                    .find(|o| o.value().attr("selected").is_some())
                    .or(all.first());
                match chosen {
                    Some(o) => o.value().attr("value").unwrap_or_default().to_owned(),
                    None => continue,
                }
            }
            _ => match element.attr("type").unwrap_or("text") {
                "checkbox" | "radio" if element.attr("checked").is_none() => continue,
                "submit" | "button" => continue,
                _ => element.attr("value").unwrap_or_default().to_owned(),
            },
        };
        out.push((name.to_owned(), value));
    }
    out
}

/// Posts owned fields as they are (a `csrf_token` among them if wanted).
async fn post_fields(client: &Client, action: &str, fields: &Fields) -> Page {
    let all: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    client.post_raw(action, &all).await
}

/// Posts the playbook form to `/playbooks/new` with a fresh CSRF token.
async fn post_playbook(client: &Client, fields: &Fields) -> Page {
    let token = client.get("/playbooks/new").await.csrf();
    let fields = with(fields.clone(), "csrf_token", &token);
    post_fields(client, "/playbooks/new", &fields).await
}

/// Creates a draft playbook; returns its slug.
async fn create_playbook(moderator: &Client, fields: &Fields) -> String {
    let page = post_playbook(moderator, fields).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    let location = page.location.unwrap();
    let slug = location.trim_start_matches("/playbooks/").to_owned();
    assert_eq!(
        slug,
        nth(fields, "slug", 0),
        "redirects to the new playbook"
    );
    slug
}

/// Publishes (or republishes, or archives) a playbook through its page's buttons.
async fn set_status(moderator: &Client, slug: &str, status: &str) -> Page {
    let page = moderator
        .submit(
            &format!("/playbooks/{slug}"),
            &format!("/playbooks/{slug}/status"),
            &[("status", status)],
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    moderator.follow(&page).await
}

async fn publish_playbook(moderator: &Client, slug: &str) {
    let page = set_status(moderator, slug, "published").await;
    assert!(
        page.has("Published: members can read it now."),
        "{}",
        page.body
    );
}

/// Creates and publishes a playbook; returns its slug.
async fn published_playbook(moderator: &Client, fields: &Fields) -> String {
    let slug = create_playbook(moderator, fields).await;
    publish_playbook(moderator, &slug).await;
    slug
}

/// The moderator's edit form, as loaded, ready to change and post back.
async fn edit_form(moderator: &Client, slug: &str) -> Fields {
    let page = moderator.get(&format!("/playbooks/{slug}/edit")).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    form_fields(&page, &format!("/playbooks/{slug}/edit"))
}

/// Saves an edit of step `n`'s text; returns the response to the POST.
async fn edit_step(moderator: &Client, slug: &str, n: usize, body: &str, note: &str) -> Page {
    let mut fields = edit_form(moderator, slug).await;
    set_nth(&mut fields, "step_body", n, body);
    set_nth(&mut fields, "note", 0, note);
    post_fields(moderator, &format!("/playbooks/{slug}/edit"), &fields).await
}

/// The member's suggestion form, as loaded.
async fn suggest_form(member: &Client, slug: &str) -> Fields {
    let page = member.get(&format!("/playbooks/{slug}/suggest")).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    form_fields(&page, &format!("/playbooks/{slug}/suggest"))
}

/// Sends a suggestion form; returns the suggestion's path after asserting it was taken.
async fn send_suggestion(member: &Client, slug: &str, fields: &Fields) -> String {
    let page = post_fields(member, &format!("/playbooks/{slug}/suggest"), fields).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    let location = page.location.unwrap();
    assert!(
        location.starts_with(&format!("/playbooks/{slug}/suggestions/")),
        "{location}"
    );
    location
}

/// The text of a step's `<li>` on the playbook page (1-based, as the page numbers them).
fn step_text(page: &Page, n: usize) -> String {
    page.texts(&format!("ol.steps li#step-{n} .prose"))
        .join(" ")
}

fn encoded(text: &str) -> String {
    url::form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

fn playbook_count(app: &TestApp) -> i64 {
    use diesel::prelude::*;
    use twinwise::db::schema::playbooks::dsl;
    dsl::playbooks
        .count()
        .get_result(&mut *app.db.get().unwrap())
        .unwrap()
}

fn revision_count(app: &TestApp) -> i64 {
    use diesel::prelude::*;
    use twinwise::db::schema::playbook_revisions::dsl;
    dsl::playbook_revisions
        .count()
        .get_result(&mut *app.db.get().unwrap())
        .unwrap()
}

/// A member in the given city and country, signed in.
async fn member_in(app: &TestApp, name: &str, city: &str, country: &str, role: Role) -> Client {
    let email = email_of(name, city);
    app.create_user_in(&email, name, role, PASSWORD, city, country);
    let client = app.client.fresh();
    assert_eq!(
        client.login(&email, PASSWORD).await.status,
        StatusCode::SEE_OTHER
    );
    client
}

fn email_of(name: &str, city: &str) -> String {
    format!(
        "{}@{}.example",
        name.to_lowercase().replace(' ', "."),
        city.to_lowercase()
    )
}

/// Waits until the outbox worker has sent everything (see tests/suite/surfaces.rs: publishing a
/// case races the worker on SQLite otherwise).
async fn outbox_drained(app: &TestApp) {
    use diesel::prelude::*;
    use twinwise::db::schema::outbox::dsl;
    for _ in 0..200 {
        let pending: i64 = dsl::outbox
            .filter(dsl::status.eq("pending"))
            .count()
            .get_result(&mut *app.db.get().unwrap())
            .unwrap();
        if pending == 0 {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(25)).await;
    }
    panic!("the outbox did not drain");
}

/// A complete, valid case form (as in tests/suite/cases.rs).
fn case_fields(title: &str) -> Fields {
    owned(&[
        ("title", title),
        (
            "summary",
            "The embassy wrote to the mayor asking to cancel a photo exhibition.",
        ),
        ("narrative", "On Monday a letter arrived from the embassy."),
        ("topics", "taiwan"),
        ("demands", "cancel_event"),
        ("counterpart_id", "new"),
        ("counterpart_name", "Embassy of the PRC in Sweden"),
        ("counterpart_kind", "embassy"),
        ("counterpart_country", "SE"),
        ("channel", "letter"),
        ("response", "declined"),
        ("outcome", "The exhibition opened as planned."),
        ("lessons", "Answer in writing, politely and briefly."),
        ("occurred_on", "2024-03-01"),
        ("tlp", "green"),
        ("anonymity", "none"),
    ])
}

/// Writes a case draft; returns its id.
async fn draft_case(author: &Client, fields: &Fields) -> String {
    let token = author.get("/cases/new").await.csrf();
    let fields = with(fields.clone(), "csrf_token", &token);
    let page = post_fields(author, "/cases/new", &fields).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    page.location
        .unwrap()
        .trim_start_matches("/cases/")
        .to_owned()
}

/// Writes, submits and publishes a case; returns its id.
async fn published_case(
    app: &TestApp,
    author: &Client,
    moderator: &Client,
    fields: &Fields,
) -> String {
    let id = draft_case(author, fields).await;
    let submitted = author
        .submit(&format!("/cases/{id}"), &format!("/cases/{id}/submit"), &[])
        .await;
    assert_eq!(submitted.status, StatusCode::SEE_OTHER);
    outbox_drained(app).await;
    let page = moderator
        .submit(
            &format!("/moderation/cases/{id}"),
            &format!("/moderation/cases/{id}/publish"),
            &[],
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert!(moderator.follow(&page).await.has("was published"));
    id
}

// ----- 1. permissions and the sensitivity policy -----

/// Only moderators write playbooks; drafts are theirs alone; published playbooks follow the
/// TLP levels (CLEAR everyone, GREEN members, AMBER listed countries, RED moderators) on the
/// page and in the list.
async fn only_moderators_write_and_readers_see_what_the_level_allows(backend: Backend) {
    let app = spawn_app(backend).await;
    let moderator = member_in(&app, "Mona Mod", "Lyon", "FR", Role::Moderator).await;
    let member = member_in(&app, "Piet Vos", "Utrecht", "NL", Role::Member).await;
    let czech = member_in(&app, "Eva Svoboda", "Ostrava", "CZ", Role::Member).await;
    let visitor = app.client.fresh();

    // Visitors are sent to sign in; members are refused, also when posting directly.
    let new_for_visitor = visitor.get("/playbooks/new").await;
    assert_eq!(new_for_visitor.status, StatusCode::SEE_OTHER);
    assert!(
        new_for_visitor
            .location
            .as_deref()
            .is_some_and(|l| l.starts_with("/login")),
        "{:?}",
        new_for_visitor.location
    );
    assert_eq!(
        member.get("/playbooks/new").await.status,
        StatusCode::FORBIDDEN
    );
    let fields = playbook_fields("clear-playbook", "Clear playbook for everyone");
    let token = member.get("/").await.csrf();
    let by_member = post_fields(
        &member,
        "/playbooks/new",
        &with(fields.clone(), "csrf_token", &token),
    )
    .await;
    assert_eq!(by_member.status, StatusCode::FORBIDDEN);
    assert_eq!(playbook_count(&app), 0, "the member's POST saved nothing");
    assert!(
        !member.get("/playbooks").await.has("Write a playbook"),
        "members are not offered the form"
    );

    // A moderator's new playbook is a draft only moderators see.
    let clear = create_playbook(&moderator, &fields).await;
    let draft = moderator.get(&format!("/playbooks/{clear}")).await;
    assert_eq!(draft.status, StatusCode::OK);
    assert!(draft.has("Only moderators can see it until it is published."));
    assert!(draft.has("Draft saved as revision 1."), "{}", draft.body);
    for reader in [&member, &visitor] {
        assert_eq!(
            reader.get(&format!("/playbooks/{clear}")).await.status,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            reader
                .get(&format!("/playbooks/{clear}/download.md"))
                .await
                .status,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            reader
                .get(&format!("/playbooks/{clear}/revisions"))
                .await
                .status,
            StatusCode::NOT_FOUND
        );
        assert!(
            !reader
                .get("/playbooks?status=draft")
                .await
                .has("Clear playbook for everyone"),
            "asking for drafts does not show them"
        );
    }
    assert!(
        moderator
            .get("/playbooks?status=draft")
            .await
            .has("Clear playbook for everyone")
    );
    assert!(
        !moderator
            .get("/playbooks")
            .await
            .has("Clear playbook for everyone"),
        "the default list is the published playbooks"
    );
    // Members cannot publish it either.
    let token = member.get("/").await.csrf();
    assert_eq!(
        member
            .post_raw(
                &format!("/playbooks/{clear}/status"),
                &[("status", "published"), ("csrf_token", &token)],
            )
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        visitor.get(&format!("/playbooks/{clear}")).await.status,
        StatusCode::NOT_FOUND
    );

    publish_playbook(&moderator, &clear).await;
    let green = published_playbook(
        &moderator,
        &with(
            playbook_fields("green-playbook", "Green playbook for members"),
            "tlp",
            "green",
        ),
    )
    .await;
    let mut amber_fields = with(
        playbook_fields("amber-playbook", "Amber playbook for Czechia"),
        "tlp",
        "amber",
    );
    amber_fields.push(("audience".into(), "CZ".into()));
    let amber = published_playbook(&moderator, &amber_fields).await;
    let red = published_playbook(
        &moderator,
        &with(
            playbook_fields("red-playbook", "Red playbook for moderators"),
            "tlp",
            "red",
        ),
    )
    .await;

    let titles = [
        (&clear, "Clear playbook for everyone"),
        (&green, "Green playbook for members"),
        (&amber, "Amber playbook for Czechia"),
        (&red, "Red playbook for moderators"),
    ];
    for (who, name, allowed) in [
        (&visitor, "visitor", [true, false, false, false]),
        (&member, "member in NL", [true, true, false, false]),
        (&czech, "member in CZ", [true, true, true, false]),
        (&moderator, "moderator", [true, true, true, true]),
    ] {
        let list = who.get("/playbooks").await;
        assert_eq!(list.status, StatusCode::OK);
        for ((slug, title), ok) in titles.iter().zip(allowed) {
            let page = who.get(&format!("/playbooks/{slug}")).await;
            assert_eq!(
                page.status,
                if ok {
                    StatusCode::OK
                } else {
                    StatusCode::NOT_FOUND
                },
                "{name} reading {slug}"
            );
            if ok {
                assert!(page.has(title), "{name} sees the title of {slug}");
            }
            assert_eq!(
                who.get(&format!("/playbooks/{slug}/download.md"))
                    .await
                    .status
                    .is_success(),
                ok,
                "{name} downloading {slug}"
            );
            assert_eq!(list.has(title), ok, "{name}'s list and {slug}");
        }
        let count = allowed.iter().filter(|ok| **ok).count();
        let label = if count == 1 {
            "1 playbook.".to_owned()
        } else {
            format!("{count} playbooks.")
        };
        assert!(list.has(&label), "{name} is told {label}:\n{}", list.body);
    }
    let amber_page = czech.get(&format!("/playbooks/{amber}")).await;
    assert!(amber_page.has("Members in CZ"), "the audience is shown");
    // Every other view of a playbook answers as its page does.
    for (who, slug) in [
        (&visitor, &green),
        (&member, &amber),
        (&member, &red),
        (&czech, &red),
    ] {
        for path in [
            format!("/playbooks/{slug}/print"),
            format!("/playbooks/{slug}/revisions"),
            format!("/playbooks/{slug}/revisions/1"),
            format!("/playbooks/{slug}/compare?from=1&to=1"),
        ] {
            assert_eq!(who.get(&path).await.status, StatusCode::NOT_FOUND, "{path}");
        }
    }
    assert_eq!(
        member
            .get(&format!("/playbooks/{amber}/suggest"))
            .await
            .status,
        StatusCode::NOT_FOUND,
        "no suggestion form for a playbook the member may not read"
    );
    assert_eq!(
        czech
            .get(&format!("/playbooks/{amber}/suggest"))
            .await
            .status,
        StatusCode::OK
    );

    // Filters narrow the list and refuse unknown values.
    assert!(
        member
            .get("/playbooks?topic=taiwan")
            .await
            .has("Green playbook for members")
    );
    assert!(
        member
            .get("/playbooks?topic=tibet")
            .await
            .has("No playbook matches these filters.")
    );
    assert!(
        member
            .get("/playbooks?demand=cancel_event&q=embassy")
            .await
            .has("Clear playbook for everyone")
    );
    assert_eq!(
        member.get("/playbooks?topic=atlantis").await.status,
        StatusCode::BAD_REQUEST
    );
}

/// The list pages by 20, with links that keep the filters.
async fn the_list_is_paginated(backend: Backend) {
    let app = spawn_app(backend).await;
    let moderator = member_in(&app, "Mona Mod", "Lyon", "FR", Role::Moderator).await;
    for i in 0..21 {
        published_playbook(
            &moderator,
            &playbook_fields(
                &format!("playbook-{i:02}"),
                &format!("Playbook number {i:02}"),
            ),
        )
        .await;
    }
    let visitor = app.client.fresh();
    let first = visitor.get("/playbooks?topic=taiwan").await;
    assert!(first.has("21 playbooks."), "{}", first.body);
    assert_eq!(first.texts("ul.cards li.card").len(), 20);
    assert!(first.has("Page 1 of 2"));
    let next = Html::parse_document(&first.body)
        .select(&Selector::parse("a[rel=next]").unwrap())
        .next()
        .and_then(|a| a.value().attr("href").map(str::to_owned));
    assert_eq!(
        next.as_deref(),
        Some("/playbooks?topic=taiwan&page=2"),
        "the next-page link keeps the filter"
    );
    let second = visitor.get("/playbooks?topic=taiwan&page=2").await;
    assert_eq!(second.texts("ul.cards li.card").len(), 1);
    assert!(second.has("Playbook number 20"));
    assert!(!second.has("Playbook number 00"));
}

// ----- 2. revisions -----

/// Every save is a revision: the history lists them, compare marks the changed words,
/// restoring an old revision copies it into a new one, and an edit based on an old revision
/// is refused without saving anything.
async fn edits_are_revisions_compared_restored_and_never_lost(backend: Backend) {
    let app = spawn_app(backend).await;
    let moderator = member_in(&app, "Mona Mod", "Lyon", "FR", Role::Moderator).await;
    let other_moderator = member_in(&app, "Otto Mod", "Graz", "AT", Role::Moderator).await;
    let member = member_in(&app, "Piet Vos", "Utrecht", "NL", Role::Member).await;
    let slug = published_playbook(
        &moderator,
        &playbook_fields("revisions-playbook", "Revisions playbook"),
    )
    .await;
    let original_step = "Note who called the embassy back, when, and what was said.";

    // A member cannot edit.
    assert_eq!(
        member.get(&format!("/playbooks/{slug}/edit")).await.status,
        StatusCode::FORBIDDEN
    );

    // Moderator A opens the form on revision 1 and keeps it open.
    let stale = edit_form(&other_moderator, &slug).await;
    assert_eq!(nth(&stale, "base_revision", 0), "1");

    // An edit without a note is refused; one with a note is revision 2.
    let no_note = edit_step(
        &moderator,
        &slug,
        0,
        "Note who called the consulate back, when, and what was said.",
        "",
    )
    .await;
    assert_eq!(no_note.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        no_note.has("Enter a note saying what changed"),
        "{}",
        no_note.body
    );
    let saved = edit_step(
        &moderator,
        &slug,
        0,
        "Note who called the consulate back, when, and what was said.",
        "The caller was the consulate",
    )
    .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let page = moderator.follow(&saved).await;
    assert!(page.has("Saved as revision 2."));
    assert!(step_text(&page, 1).contains("called the consulate back"));
    assert!(page.has("revision 2"));

    // The search follows the current text.
    assert!(
        member
            .get("/playbooks?q=consulate")
            .await
            .has("Revisions playbook"),
        "the new word is found"
    );

    // The history lists both, newest first.
    let history = member.get(&format!("/playbooks/{slug}/revisions")).await;
    assert_eq!(history.status, StatusCode::OK);
    let rows = history.texts("tbody tr");
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert!(rows[0].starts_with("2 (current)") && rows[0].contains("The caller was the consulate"));
    assert!(rows[1].starts_with('1') && rows[1].contains("First version"));
    assert!(rows[0].contains("Mona Mod"));

    // Compare marks the changed word both ways and counts them.
    let compare = member
        .get(&format!("/playbooks/{slug}/compare?from=1&to=2"))
        .await;
    assert_eq!(compare.status, StatusCode::OK);
    assert!(compare.has("<del>embassy</del>"), "{}", compare.body);
    assert!(compare.has("<ins>consulate</ins>"), "{}", compare.body);
    assert!(compare.has("1 word added, 1 removed."), "{}", compare.body);
    assert_eq!(
        member
            .get(&format!("/playbooks/{slug}/compare?from=1&to=9"))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        member
            .get(&format!("/playbooks/{slug}/compare?from=x&to=2"))
            .await
            .status,
        StatusCode::BAD_REQUEST
    );

    // The stale form (based on revision 1) is refused, the text kept, nothing saved.
    let before = revision_count(&app);
    let mut fields = stale.clone();
    set_nth(&mut fields, "title", 0, "Stale title from moderator A");
    set_nth(&mut fields, "note", 0, "A's late edit");
    let refused = post_fields(
        &other_moderator,
        &format!("/playbooks/{slug}/edit"),
        &fields,
    )
    .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused.has("Someone saved revision 2 while you were editing"),
        "{}",
        refused.body
    );
    assert_eq!(
        refused.input_value("title").as_deref(),
        Some("Stale title from moderator A"),
        "the stale edit is kept in the form"
    );
    assert_eq!(revision_count(&app), before, "nothing was saved");
    let current = member.get(&format!("/playbooks/{slug}")).await;
    assert!(!current.has("Stale title from moderator A"));
    assert!(step_text(&current, 1).contains("consulate"));

    // Saving identical content is refused.
    let mut same = edit_form(&moderator, &slug).await;
    set_nth(&mut same, "note", 0, "Just saving again");
    let unchanged = post_fields(&moderator, &format!("/playbooks/{slug}/edit"), &same).await;
    assert_eq!(unchanged.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(unchanged.has("Nothing changed"), "{}", unchanged.body);
    assert_eq!(revision_count(&app), before);

    // Members cannot restore.
    let token = member
        .get(&format!("/playbooks/{slug}/revisions/1"))
        .await
        .csrf_or_empty();
    let token = if token.is_empty() {
        member.get("/").await.csrf()
    } else {
        token
    };
    assert_eq!(
        member
            .post_raw(
                &format!("/playbooks/{slug}/revisions/1/restore"),
                &[("csrf_token", &token)],
            )
            .await
            .status,
        StatusCode::FORBIDDEN
    );

    // Restoring revision 1 creates revision 3 with revision 1's text.
    let old = moderator
        .get(&format!("/playbooks/{slug}/revisions/1"))
        .await;
    assert!(old.has("Restore revision 1 as a new revision"));
    let restored = moderator
        .submit(
            &format!("/playbooks/{slug}/revisions/1"),
            &format!("/playbooks/{slug}/revisions/1/restore"),
            &[],
        )
        .await;
    assert_eq!(restored.status, StatusCode::SEE_OTHER);
    let page = moderator.follow(&restored).await;
    assert!(
        page.has("Revision 1 restored as revision 3."),
        "{}",
        page.body
    );
    assert!(page.has("revision 3"));
    assert_eq!(step_text(&page, 1), original_step);
    let third = moderator
        .get(&format!("/playbooks/{slug}/revisions/3"))
        .await;
    assert_eq!(
        third.texts(".revision-text"),
        old.texts(".revision-text"),
        "revision 3 has the text of revision 1"
    );
    let same_text = member
        .get(&format!("/playbooks/{slug}/compare?from=1&to=3"))
        .await;
    assert!(same_text.has("The two revisions have the same text."));
    let history = member.get(&format!("/playbooks/{slug}/revisions")).await;
    let rows = history.texts("tbody tr");
    assert_eq!(rows.len(), 3);
    assert!(
        rows[0].contains("Restored revision 1") && rows[0].contains("(copy of revision 1)"),
        "{rows:?}"
    );
}

// ----- 3. and 4. suggestions -----

/// A member suggests a change to a step; a moderator finds it in the queue, reads the diff and
/// accepts it; the playbook shows the new text, the history credits the member and the member
/// is emailed.
async fn accepted_suggestion_becomes_a_credited_revision(backend: Backend) {
    let app = spawn_app(backend).await;
    let moderator = member_in(&app, "Mona Mod", "Lyon", "FR", Role::Moderator).await;
    let member = member_in(&app, "Piet Vos", "Utrecht", "NL", Role::Member).await;
    let peer = member_in(&app, "Anna Berg", "Uppsala", "SE", Role::Member).await;
    let visitor = app.client.fresh();
    let slug = published_playbook(
        &moderator,
        &playbook_fields("suggested-playbook", "Suggested playbook"),
    )
    .await;

    // Visitors are sent to sign in; members are offered the form with the current text.
    let page = member.get(&format!("/playbooks/{slug}")).await;
    assert!(page.has("Suggest an edit"));
    assert!(
        !visitor
            .get(&format!("/playbooks/{slug}"))
            .await
            .has("Suggest an edit")
    );
    let for_visitor = visitor.get(&format!("/playbooks/{slug}/suggest")).await;
    assert_eq!(for_visitor.status, StatusCode::SEE_OTHER);
    let form = suggest_form(&member, &slug).await;
    assert_eq!(nth(&form, "base_revision", 0), "1");
    assert_eq!(nth(&form, "title", 0), "Suggested playbook");
    assert_eq!(
        nth(&form, "step_body", 1),
        "Decline politely and keep a copy."
    );

    // No change, or no note, is refused with the text kept.
    let mut unchanged = form.clone();
    set_nth(&mut unchanged, "note", 0, "Nothing really");
    let refused = post_fields(&member, &format!("/playbooks/{slug}/suggest"), &unchanged).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused.has("You have not changed anything yet."),
        "{}",
        refused.body
    );
    let mut no_note = form.clone();
    set_nth(
        &mut no_note,
        "step_body",
        1,
        "Decline in writing within a week.",
    );
    let refused = post_fields(&member, &format!("/playbooks/{slug}/suggest"), &no_note).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused.has("Decline in writing within a week."),
        "the text is kept"
    );

    let mut fields = form.clone();
    set_nth(
        &mut fields,
        "step_body",
        1,
        "Decline in writing within a week.",
    );
    set_nth(&mut fields, "note", 0, "A deadline helps");
    let suggestion = send_suggestion(&member, &slug, &fields).await;
    let own = member.get(&suggestion).await;
    assert_eq!(own.status, StatusCode::OK);
    assert!(own.has("A deadline helps"));
    assert!(!own.has("Accept as revision"), "members cannot accept");
    // The same suggestion twice is refused.
    let twice = post_fields(&member, &format!("/playbooks/{slug}/suggest"), &fields).await;
    assert_eq!(twice.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        twice.has("You already suggested exactly this edit"),
        "{}",
        twice.body
    );
    // Another member cannot see it, nor the queue.
    assert_eq!(peer.get(&suggestion).await.status, StatusCode::NOT_FOUND);
    assert_eq!(
        peer.get("/moderation/suggestions").await.status,
        StatusCode::FORBIDDEN
    );

    // The moderator finds it in the queue and reads the diff.
    let queue = moderator.get("/moderation/suggestions").await;
    assert!(queue.has("1 waiting, oldest first."), "{}", queue.body);
    assert!(queue.has("Suggested playbook") && queue.has("by Piet Vos"));
    assert!(queue.has("A deadline helps"));
    assert!(queue.has(&suggestion), "the queue links the suggestion");
    let review = moderator.get(&suggestion).await;
    assert!(review.has("Accept as revision 2"));
    assert!(
        review.has("<ins>in</ins>") || review.has("<ins>in writing"),
        "{}",
        review.body
    );
    assert!(review.has("<del>politely"), "{}", review.body);
    // A member cannot accept.
    let token = member.get(&suggestion).await.csrf_or_empty();
    let token = if token.is_empty() {
        member.get("/").await.csrf()
    } else {
        token
    };
    assert_eq!(
        member
            .post_raw(&format!("{suggestion}/accept"), &[("csrf_token", &token)])
            .await
            .status,
        StatusCode::FORBIDDEN
    );

    let accepted = moderator
        .submit(&suggestion, &format!("{suggestion}/accept"), &[])
        .await;
    assert_eq!(accepted.status, StatusCode::SEE_OTHER);
    assert_eq!(
        accepted.location.as_deref(),
        Some(format!("/playbooks/{slug}").as_str())
    );
    let page = moderator.follow(&accepted).await;
    assert!(page.has("Accepted as revision 2"), "{}", page.body);
    let page = member.get(&format!("/playbooks/{slug}")).await;
    assert_eq!(step_text(&page, 2), "Decline in writing within a week.");
    assert!(!page.has("Decline politely and keep a copy."));
    let history = member.get(&format!("/playbooks/{slug}/revisions")).await;
    let rows = history.texts("tbody tr");
    assert!(
        rows[0].contains("Mona Mod, suggested by Piet Vos"),
        "the member is credited: {rows:?}"
    );
    let mail = app
        .mail_to(
            &email_of("Piet Vos", "Utrecht"),
            "Your suggested edit was accepted",
        )
        .await;
    assert!(mail.text.contains("Suggested playbook"), "{}", mail.text);
    assert!(
        mail.text
            .contains(&format!("/playbooks/{slug}/revisions/2")),
        "{}",
        mail.text
    );
    // Decided: out of the queue, and it cannot be accepted twice.
    let queue = moderator.get("/moderation/suggestions").await;
    assert!(queue.has("No suggestion is waiting."));
    assert!(queue.has("Recently decided"));
    assert!(member.get(&suggestion).await.has("Accepted"));
    let again = moderator
        .submit(
            &format!("/playbooks/{slug}"),
            &format!("{suggestion}/accept"),
            &[],
        )
        .await;
    assert!(
        moderator.follow(&again).await.has("already decided"),
        "a decided suggestion is not applied again"
    );
    assert_eq!(revision_count(&app), 2);
}

/// Rejecting needs a note; the member is emailed with it and the page shows it.
async fn rejected_suggestion_carries_the_note(backend: Backend) {
    let app = spawn_app(backend).await;
    let moderator = member_in(&app, "Mona Mod", "Lyon", "FR", Role::Moderator).await;
    let member = member_in(&app, "Piet Vos", "Utrecht", "NL", Role::Member).await;
    let slug = published_playbook(
        &moderator,
        &playbook_fields("rejected-playbook", "Rejected playbook"),
    )
    .await;
    let mut fields = suggest_form(&member, &slug).await;
    set_nth(&mut fields, "title", 0, "A much worse title");
    set_nth(&mut fields, "note", 0, "Shorter is better");
    let suggestion = send_suggestion(&member, &slug, &fields).await;

    let empty = moderator
        .submit(
            &suggestion,
            &format!("{suggestion}/reject"),
            &[("decision_note", "   ")],
        )
        .await;
    assert_eq!(empty.status, StatusCode::SEE_OTHER);
    let back = moderator.follow(&empty).await;
    assert!(
        back.has("Not done:"),
        "an empty note is refused:\n{}",
        back.body
    );
    assert!(
        back.has("Accept as revision 2"),
        "the suggestion is still open"
    );

    let rejected = moderator
        .submit(
            &suggestion,
            &format!("{suggestion}/reject"),
            &[("decision_note", "The current title is clearer for readers.")],
        )
        .await;
    assert_eq!(rejected.status, StatusCode::SEE_OTHER);
    assert!(
        moderator
            .follow(&rejected)
            .await
            .has("Rejected; the member is told by email, with your note.")
    );
    let mail = app
        .mail_to(
            &email_of("Piet Vos", "Utrecht"),
            "Your suggested edit was not accepted",
        )
        .await;
    assert!(
        mail.text
            .contains("The current title is clearer for readers."),
        "{}",
        mail.text
    );
    assert!(mail.text.contains(&suggestion), "{}", mail.text);
    let own = member.get(&suggestion).await;
    assert!(own.has("Not accepted."));
    assert!(own.has("The current title is clearer for readers."));
    let page = member.get(&format!("/playbooks/{slug}")).await;
    assert!(page.has("Rejected playbook") && !page.has("A much worse title"));
    assert_eq!(revision_count(&app), 1, "nothing was saved");
}

// ----- 5. conflicts and merges -----

/// A suggestion made on revision 1 is merged part by part: a part the moderator also changed
/// since is a conflict (no accept button, POST refused, the moderator's text kept); a part
/// only the suggestion changed is applied on top of the moderator's later change.
async fn stale_suggestions_merge_part_by_part_or_conflict(backend: Backend) {
    let app = spawn_app(backend).await;
    let moderator = member_in(&app, "Mona Mod", "Lyon", "FR", Role::Moderator).await;
    let member = member_in(&app, "Piet Vos", "Utrecht", "NL", Role::Member).await;
    let slug = published_playbook(
        &moderator,
        &playbook_fields("merged-playbook", "Merged playbook"),
    )
    .await;

    // The member opens the form on revision 1 and sends a change to step 1...
    let on_first = suggest_form(&member, &slug).await;
    let mut step_one = on_first.clone();
    set_nth(
        &mut step_one,
        "step_body",
        0,
        "Keep a written record of every call.",
    );
    set_nth(&mut step_one, "note", 0, "Records matter");
    let conflicting = send_suggestion(&member, &slug, &step_one).await;

    // ...then the moderator changes step 1 differently: revision 2.
    let saved = edit_step(
        &moderator,
        &slug,
        0,
        "Log the call in the city's register the same day.",
        "Register",
    )
    .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);

    let review = moderator.get(&conflicting).await;
    assert!(
        review.has("Conflicts with later changes"),
        "{}",
        review.body
    );
    assert!(review.has("Step 1 (text)"));
    assert!(
        !review.has("Accept as revision"),
        "no accept button on a conflict"
    );
    let token = review.csrf();
    let refused = moderator
        .post_raw(&format!("{conflicting}/accept"), &[("csrf_token", &token)])
        .await;
    assert_eq!(refused.status, StatusCode::SEE_OTHER);
    assert!(moderator.follow(&refused).await.has("Not accepted"));
    let page = member.get(&format!("/playbooks/{slug}")).await;
    assert_eq!(
        step_text(&page, 1),
        "Log the call in the city's register the same day."
    );
    assert_eq!(revision_count(&app), 2, "nothing was overwritten");
    // The author sees the conflict too.
    assert!(
        member
            .get(&conflicting)
            .await
            .has("Conflicts with later changes")
    );

    // A change to step 2, made on the form opened on revision 1, does not conflict.
    let mut step_two = on_first.clone();
    set_nth(
        &mut step_two,
        "step_body",
        1,
        "Decline in writing, copying the mayor.",
    );
    set_nth(&mut step_two, "note", 0, "Copy the mayor");
    let merging = send_suggestion(&member, &slug, &step_two).await;
    let review = moderator.get(&merging).await;
    assert!(
        !review.has("Conflicts with later changes"),
        "{}",
        review.body
    );
    assert!(review.has("those later changes are kept"));
    assert!(review.has("Accept as revision 3"));
    let accepted = moderator
        .submit(&merging, &format!("{merging}/accept"), &[])
        .await;
    assert_eq!(
        accepted.location.as_deref(),
        Some(format!("/playbooks/{slug}").as_str())
    );
    let page = member.get(&format!("/playbooks/{slug}")).await;
    assert_eq!(
        step_text(&page, 1),
        "Log the call in the city's register the same day.",
        "the moderator's change survives"
    );
    assert_eq!(
        step_text(&page, 2),
        "Decline in writing, copying the mayor.",
        "the member's change is applied"
    );
    assert!(page.has("revision 3"));
    // The first suggestion still conflicts.
    assert!(
        moderator
            .get(&conflicting)
            .await
            .has("Conflicts with later changes")
    );
}

/// A suggestion page shows the playbook's current text; once the playbook is raised to a
/// level its author may not read, the author's suggestion page must not show that text.
async fn suggestion_page_does_not_leak_text_the_author_may_no_longer_read(backend: Backend) {
    let app = spawn_app(backend).await;
    let moderator = member_in(&app, "Mona Mod", "Lyon", "FR", Role::Moderator).await;
    let member = member_in(&app, "Piet Vos", "Utrecht", "NL", Role::Member).await;
    let slug = published_playbook(
        &moderator,
        &with(
            playbook_fields("raised-playbook", "Raised playbook"),
            "tlp",
            "green",
        ),
    )
    .await;
    let mut fields = suggest_form(&member, &slug).await;
    set_nth(
        &mut fields,
        "step_body",
        1,
        "Decline in writing within a week.",
    );
    set_nth(&mut fields, "note", 0, "A deadline helps");
    let suggestion = send_suggestion(&member, &slug, &fields).await;

    // The moderator adds confidential detail and raises the playbook to RED.
    let mut edit = edit_form(&moderator, &slug).await;
    set_nth(
        &mut edit,
        "step_body",
        0,
        "Call the intelligence liaison on the confidential number.",
    );
    set_nth(&mut edit, "tlp", 0, "red");
    set_nth(&mut edit, "note", 0, "Confidential now");
    let saved = post_fields(&moderator, &format!("/playbooks/{slug}/edit"), &edit).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    assert_eq!(
        member.get(&format!("/playbooks/{slug}")).await.status,
        StatusCode::NOT_FOUND,
        "the member may no longer read the playbook"
    );
    let page = member.get(&suggestion).await;
    assert!(
        !page.has("intelligence liaison"),
        "the RED text reaches the member through their suggestion page ({}):\n{}",
        page.status,
        page.body
    );
}

// ----- 6. the policy on referenced cases and uses -----

/// Cases a playbook cites, and cases that record using it, are shown (and counted) only when
/// the reader may read them; only a case's author records a use.
async fn cited_and_using_cases_follow_the_case_policy(backend: Backend) {
    let app = spawn_app(backend).await;
    let moderator = member_in(&app, "Mona Mod", "Lyon", "FR", Role::Moderator).await;
    let green_author = member_in(&app, "Anna Berg", "Uppsala", "SE", Role::Member).await;
    let clear_author = member_in(&app, "Rui Costa", "Porto", "PT", Role::Member).await;
    let peer = member_in(&app, "Piet Vos", "Utrecht", "NL", Role::Member).await;
    let visitor = app.client.fresh();
    let green_case = published_case(
        &app,
        &green_author,
        &moderator,
        &case_fields("Green case about a photo exhibition"),
    )
    .await;
    let clear_case = published_case(
        &app,
        &clear_author,
        &moderator,
        &with(case_fields("Clear case about a flag"), "tlp", "clear"),
    )
    .await;
    let draft = draft_case(&clear_author, &case_fields("Draft case not yet out")).await;

    // Only published cases can be cited.
    let refused = post_playbook(
        &moderator,
        &with(
            playbook_fields("cites-a-draft", "Cites a draft"),
            "cases",
            &format!("/cases/{draft}"),
        ),
    )
    .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused.has("No published case has the id"),
        "{}",
        refused.body
    );

    let slug = published_playbook(
        &moderator,
        &with(
            playbook_fields("cited-cases", "Playbook with cited cases"),
            "cases",
            &format!("{}/cases/{green_case}\n{clear_case}", app.base),
        ),
    )
    .await;
    let for_visitor = visitor.get(&format!("/playbooks/{slug}")).await;
    assert_eq!(for_visitor.status, StatusCode::OK);
    assert!(for_visitor.has("Clear case about a flag"));
    assert!(!for_visitor.has("Green case about a photo exhibition"));
    assert!(
        !for_visitor.has(&green_case),
        "not even the id of the GREEN case"
    );
    let download = visitor.get(&format!("/playbooks/{slug}/download.md")).await;
    assert!(download.has("Clear case about a flag"));
    assert!(!download.has("Green case about a photo exhibition"));
    let for_member = peer.get(&format!("/playbooks/{slug}")).await;
    assert!(for_member.has("Clear case about a flag"));
    assert!(for_member.has("Green case about a photo exhibition"));

    // The authors record uses from their case pages.
    let case_page = green_author.get(&format!("/cases/{green_case}")).await;
    assert!(case_page.has("We used a playbook"), "{}", case_page.body);
    let recorded = green_author
        .submit(
            &format!("/cases/{green_case}"),
            &format!("/cases/{green_case}/playbooks"),
            &[("playbook", &slug), ("outcome", "worked")],
        )
        .await;
    assert_eq!(recorded.status, StatusCode::SEE_OTHER);
    let case_page = green_author.follow(&recorded).await;
    assert!(case_page.has("Recorded:"), "{}", case_page.body);
    assert!(case_page.has("The city used:"));
    let recorded = clear_author
        .submit(
            &format!("/cases/{clear_case}"),
            &format!("/cases/{clear_case}/playbooks"),
            &[("playbook", &slug), ("outcome", "partly")],
        )
        .await;
    assert_eq!(recorded.status, StatusCode::SEE_OTHER);
    // Someone else's case is not theirs to mark.
    let not_mine = peer
        .submit(
            &format!("/cases/{clear_case}"),
            &format!("/cases/{clear_case}/playbooks"),
            &[("playbook", &slug), ("outcome", "did_not_work")],
        )
        .await;
    assert_eq!(not_mine.status, StatusCode::NOT_FOUND);

    let for_member = peer.get(&format!("/playbooks/{slug}")).await;
    assert!(
        for_member.has("Worked: 1 · Partly worked: 1 · Did not work: 0"),
        "{}",
        for_member.body
    );
    let used = for_member.texts("#used ~ ul.plain-list li").join("\n");
    assert!(
        used.contains("Green case about a photo exhibition"),
        "{used}"
    );
    assert!(used.contains("Clear case about a flag"), "{used}");
    let for_visitor = visitor.get(&format!("/playbooks/{slug}")).await;
    assert!(
        for_visitor.has("Worked: 0 · Partly worked: 1 · Did not work: 0"),
        "the visitor's tally leaves out the GREEN case:\n{}",
        for_visitor.body
    );
    assert!(!for_visitor.has("Green case about a photo exhibition"));
    assert!(!for_visitor.has("Uppsala"), "nor where it happened");
}

// ----- 7. bad input -----

/// Oversized, empty, duplicate, malformed and hostile input is refused with a message (and
/// the input kept) or neutralised; a refused form saves nothing.
async fn bad_playbook_input_is_refused_or_neutralised(backend: Backend) {
    let app = spawn_app(backend).await;
    let moderator = member_in(&app, "Mona Mod", "Lyon", "FR", Role::Moderator).await;
    let visitor = app.client.fresh();
    let good = playbook_fields("taken-address", "The first playbook");
    create_playbook(&moderator, &good).await;
    let count = playbook_count(&app);
    let revisions = revision_count(&app);

    let mut huge = playbook_fields("huge-playbook", "Huge playbook");
    set_nth(&mut huge, "step_body", 0, &"x".repeat(21 * 1024));
    let cases: Vec<(&str, Fields, &str)> = vec![
        ("huge step", huge, "20 KB"),
        (
            "no step",
            without(
                without(playbook_fields("no-steps", "No steps"), "step_title"),
                "step_body",
            ),
            "Add at least one step.",
        ),
        (
            "blank steps",
            with(
                with(
                    playbook_fields("blank-steps", "Blank steps"),
                    "step_title",
                    " ",
                ),
                "step_body",
                "  ",
            ),
            "Add at least one step.",
        ),
        (
            "duplicate slug",
            playbook_fields("taken-address", "Second with the same address"),
            "already uses the address",
        ),
        (
            "upper-case slug",
            playbook_fields("Taiwan-Events", "Upper-case address"),
            "Use lower-case letters, digits and single hyphens only",
        ),
        (
            "slug with spaces",
            playbook_fields("taiwan events", "Address with spaces"),
            "Use lower-case letters, digits and single hyphens only",
        ),
        (
            "unknown placeholder",
            with(
                with(
                    playbook_fields("mayor-letter", "Mayor letter"),
                    "letter_title",
                    "To the mayor",
                ),
                "letter_body",
                "Dear {mayor}, the city of {city} declines.",
            ),
            "{mayor}",
        ),
        (
            "unknown topic",
            with(
                playbook_fields("atlantis-topic", "Atlantis"),
                "topics",
                "atlantis",
            ),
            "Choose topics from the list.",
        ),
        (
            "no topic",
            without(playbook_fields("no-topic", "No topic"), "topics"),
            "Choose at least one topic.",
        ),
        (
            "unknown level",
            with(playbook_fields("purple-level", "Purple"), "tlp", "purple"),
            "Choose a sensitivity level.",
        ),
        (
            "AMBER without countries",
            with(
                playbook_fields("amber-nobody", "Amber for nobody"),
                "tlp",
                "amber",
            ),
            "at least one country",
        ),
        (
            "not a case link",
            with(
                playbook_fields("bad-cases", "Bad cases"),
                "cases",
                "<script>",
            ),
            "is not a link to a case",
        ),
    ];
    for (what, fields, message) in cases {
        let page = post_playbook(&moderator, &fields).await;
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "{what}");
        assert!(
            page.has(message),
            "{what}: expected {message:?} in\n{}",
            page.body
        );
        let title = nth(&fields, "title", 0);
        assert_eq!(
            page.input_value("title").as_deref(),
            Some(title.as_str()),
            "{what}: the input is kept"
        );
        let slug = nth(&fields, "slug", 0);
        if slug != "taken-address" {
            assert_eq!(
                moderator
                    .get(&format!("/playbooks/{}", encoded(&slug)))
                    .await
                    .status,
                StatusCode::NOT_FOUND,
                "{what}: nothing half-saved"
            );
        }
        assert_eq!(playbook_count(&app), count, "{what}: no playbook row");
        assert_eq!(revision_count(&app), revisions, "{what}: no revision row");
    }
    // Without its CSRF token the form is refused too.
    let forged = post_fields(
        &moderator,
        "/playbooks/new",
        &playbook_fields("forged-form", "Forged"),
    )
    .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    assert_eq!(playbook_count(&app), count, "the forged form saved nothing");
    let dup = moderator.get("/playbooks/taken-address").await;
    assert!(dup.has("The first playbook") && !dup.has("Second with the same address"));

    // Hostile Markdown is saved but neutralised on every page that shows it.
    let mut hostile = playbook_fields("hostile-markdown", "Hostile Markdown");
    set_nth(
        &mut hostile,
        "step_body",
        0,
        "<script>alert(1)</script>\n\nCall [x](javascript:alert(1)) and <img src=x onerror=alert(2)>",
    );
    let slug = published_playbook(&moderator, &hostile).await;
    for path in [
        format!("/playbooks/{slug}"),
        format!("/playbooks/{slug}/print"),
        format!("/playbooks/{slug}/revisions/1"),
    ] {
        let page = visitor.get(&path).await;
        assert_eq!(page.status, StatusCode::OK, "{path}");
        let lower = page.body.to_lowercase();
        assert!(!lower.contains("<script"), "{path}:\n{}", page.body);
        let doc = Html::parse_document(&page.body);
        let links = Selector::parse("a[href]").unwrap();
        for link in doc.select(&links) {
            let href = link.value().attr("href").unwrap().trim().to_lowercase();
            assert!(!href.starts_with("javascript:"), "{path}: {href}");
        }
        assert!(
            !lower.contains("href=\"javascript:"),
            "{path}:\n{}",
            page.body
        );
        assert!(!lower.contains("onerror"), "{path}:\n{}", page.body);
    }
    let page = visitor.get(&format!("/playbooks/{slug}")).await;
    assert!(
        step_text(&page, 1).contains("Call x"),
        "{}",
        step_text(&page, 1)
    );
    let download = visitor.get(&format!("/playbooks/{slug}/download.md")).await;
    assert!(
        download
            .headers
            .get("content-disposition")
            .is_some_and(|v| v.to_str().unwrap().starts_with("attachment")),
        "the raw Markdown is only ever an attachment"
    );

    // The edit form checks the same way, and keeps the revision when refused.
    let mut fields = edit_form(&moderator, &slug).await;
    set_nth(&mut fields, "letter_body", 0, "Dear {ambassador}");
    set_nth(&mut fields, "note", 0, "Address the ambassador");
    let refused = post_fields(&moderator, &format!("/playbooks/{slug}/edit"), &fields).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.has("{ambassador}"), "{}", refused.body);
    assert!(
        visitor
            .get(&format!("/playbooks/{slug}"))
            .await
            .has("revision 1")
    );
    // A member's suggestion is checked as well.
    let member = member_in(&app, "Piet Vos", "Utrecht", "NL", Role::Member).await;
    let mut fields = suggest_form(&member, &slug).await;
    set_nth(&mut fields, "letter_body", 0, "Dear {mayor}");
    set_nth(&mut fields, "note", 0, "Mayor");
    let refused = post_fields(&member, &format!("/playbooks/{slug}/suggest"), &fields).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.has("{mayor}"), "{}", refused.body);
    let mut fields = suggest_form(&member, &slug).await;
    set_nth(&mut fields, "step_body", 1, &"y".repeat(21 * 1024));
    set_nth(&mut fields, "note", 0, "Longer");
    let refused = post_fields(&member, &format!("/playbooks/{slug}/suggest"), &fields).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.has("20 KB"), "{}", refused.body);
}

// ----- 8. letters -----

/// The letters' placeholders are filled from the query string, on the page, the printable
/// view and the .txt download; the Markdown download holds the whole text.
async fn letters_are_filled_in_and_downloaded(backend: Backend) {
    let app = spawn_app(backend).await;
    let moderator = member_in(&app, "Mona Mod", "Lyon", "FR", Role::Moderator).await;
    let visitor = app.client.fresh();
    let slug = published_playbook(
        &moderator,
        &playbook_fields("letters-playbook", "Letters playbook"),
    )
    .await;
    let query = format!(
        "city=Brno&counterpart={}&event={}",
        encoded("Consulate General of the PRC"),
        encoded("the Tibet film evening")
    );
    let page = visitor.get(&format!("/playbooks/{slug}?{query}")).await;
    assert_eq!(page.status, StatusCode::OK);
    let letter = page.texts("section.letter .prose").join("\n");
    assert!(
        letter.contains("Dear Consulate General of the PRC,"),
        "{letter}"
    );
    assert!(
        letter.contains("The city of Brno will hold the Tibet film evening as planned."),
        "{letter}"
    );
    assert!(
        letter.contains("{sender}"),
        "an empty value keeps its placeholder: {letter}"
    );
    assert_eq!(
        page.input_value("city").as_deref(),
        Some("Brno"),
        "the values stay in the form"
    );
    let unfilled = visitor.get(&format!("/playbooks/{slug}")).await;
    assert!(
        unfilled
            .texts("section.letter .prose")
            .join("\n")
            .contains("{city}")
    );

    // The .txt link carries the values.
    let doc = Html::parse_document(&page.body);
    let link = doc
        .select(&Selector::parse("a[href*=\"/letters/\"]").unwrap())
        .next()
        .expect("a letter download link")
        .value()
        .attr("href")
        .unwrap()
        .to_owned();
    assert!(
        link.contains(".txt?") && link.contains("city=Brno"),
        "{link}"
    );
    let txt = visitor.get(&link).await;
    assert_eq!(txt.status, StatusCode::OK);
    assert!(
        txt.headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/plain"),
        "{:?}",
        txt.headers
    );
    assert!(
        txt.headers["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment"),
        "{:?}",
        txt.headers
    );
    assert_eq!(
        txt.body,
        "Dear Consulate General of the PRC,\n\nThe city of Brno will hold the Tibet film \
         evening as planned.\n\n{sender}"
    );
    let key = link
        .split("/letters/")
        .nth(1)
        .unwrap()
        .split(".txt")
        .next()
        .unwrap();
    assert_eq!(
        visitor
            .get(&format!("/playbooks/{slug}/letters/nosuchletter.txt"))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert!(!key.is_empty());

    let print = visitor
        .get(&format!("/playbooks/{slug}/print?{query}"))
        .await;
    assert_eq!(print.status, StatusCode::OK);
    assert!(print.has("The city of Brno will hold the Tibet film evening as planned."));
    assert!(!print.has("Suggest an edit") && !print.has("Fill in</button>"));

    let md = visitor.get(&format!("/playbooks/{slug}/download.md")).await;
    assert_eq!(md.status, StatusCode::OK);
    assert!(
        md.headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/markdown")
    );
    assert!(
        md.headers["content-disposition"]
            .to_str()
            .unwrap()
            .contains("letters-playbook.md")
    );
    assert!(md.body.starts_with("# Letters playbook\n"), "{}", md.body);
    assert!(md.body.contains("### 1. Write it down"), "{}", md.body);
    assert!(
        md.body.contains("Note who called the embassy back"),
        "{}",
        md.body
    );
    assert!(md.body.contains("### 2. Answer in writing"), "{}", md.body);
    assert!(md.body.contains("## Template letters"), "{}", md.body);
    assert!(md.body.contains("## What to avoid"), "{}", md.body);
}

/// What a reader types into a placeholder is plain text: HTML and Markdown in it are shown
/// as typed, never interpreted, so a crafted link cannot put markup or links on the page.
async fn letter_values_are_plain_text(backend: Backend) {
    let app = spawn_app(backend).await;
    let moderator = member_in(&app, "Mona Mod", "Lyon", "FR", Role::Moderator).await;
    let visitor = app.client.fresh();
    let slug = published_playbook(
        &moderator,
        &playbook_fields("escaped-letters", "Escaped letters"),
    )
    .await;
    let query = format!(
        "counterpart={}&city={}&event={}",
        encoded("<b>Embassy</b>"),
        encoded("<script>alert(1)</script>"),
        encoded("[verify your account](https://evil.example/login)")
    );
    let page = visitor.get(&format!("/playbooks/{slug}?{query}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(!page.has("<script>alert(1)"), "{}", page.body);
    assert!(!page.has("<b>Embassy</b>"), "{}", page.body);
    assert!(
        !page.has("href=\"https://evil.example/login\""),
        "a value cannot add a link to the page:\n{}",
        page.body
    );
    // The copyable text and the form show the values escaped.
    assert!(page.has("&lt;b&gt;Embassy&lt;/b&gt;"), "{}", page.body);
    // The rendered letter shows them as typed.
    let letter = page.texts("section.letter .prose").join("\n");
    assert!(
        letter.contains("Dear <b>Embassy</b>,"),
        "the value is shown as typed, not interpreted: {letter:?}"
    );
    assert!(
        letter.contains("The city of <script>alert(1)</script> will hold"),
        "the value is shown as typed, not dropped: {letter:?}"
    );
    assert!(
        letter.contains("[verify your account](https://evil.example/login)"),
        "Markdown in a value is not interpreted: {letter:?}"
    );
}

// ----- 9. featuring and archiving -----

/// A featured published playbook is on the home page (for readers who may see it); archiving
/// takes it off the home page and the default list, but its page stays readable.
async fn featured_playbooks_reach_the_home_page_until_archived(backend: Backend) {
    let app = spawn_app(backend).await;
    let moderator = member_in(&app, "Mona Mod", "Lyon", "FR", Role::Moderator).await;
    let member = member_in(&app, "Piet Vos", "Utrecht", "NL", Role::Member).await;
    let visitor = app.client.fresh();

    // Drafts cannot be featured.
    let draft = create_playbook(
        &moderator,
        &playbook_fields("draft-feature", "Draft to feature"),
    )
    .await;
    let refused = moderator
        .submit(
            &format!("/playbooks/{draft}"),
            &format!("/playbooks/{draft}/feature"),
            &[("featured", "yes")],
        )
        .await;
    assert!(
        moderator
            .follow(&refused)
            .await
            .has("only published playbooks can be featured")
    );
    assert!(!moderator.get("/").await.has("Draft to feature"));

    let slug = published_playbook(
        &moderator,
        &playbook_fields("featured-playbook", "Featured playbook"),
    )
    .await;
    let green = published_playbook(
        &moderator,
        &with(
            playbook_fields("featured-green", "Featured green playbook"),
            "tlp",
            "green",
        ),
    )
    .await;
    assert!(!visitor.get("/").await.has("Featured playbooks"));
    for s in [&slug, &green] {
        let featured = moderator
            .submit(
                &format!("/playbooks/{s}"),
                &format!("/playbooks/{s}/feature"),
                &[("featured", "yes")],
            )
            .await;
        assert!(
            moderator
                .follow(&featured)
                .await
                .has("Featured on the home page.")
        );
    }
    let home = visitor.get("/").await;
    assert!(home.has("Featured playbooks"), "{}", home.body);
    let featured = home.texts(".featured-playbooks li").join("\n");
    assert!(featured.contains("Featured playbook"), "{featured}");
    assert!(
        !featured.contains("Featured green playbook"),
        "a GREEN playbook is not featured to visitors: {featured}"
    );
    assert!(
        member
            .get("/")
            .await
            .texts(".featured-playbooks li")
            .join("\n")
            .contains("Featured green playbook")
    );
    assert!(visitor.get("/playbooks").await.has("· featured"));

    let archived = set_status(&moderator, &slug, "archived").await;
    assert!(archived.has("Archived: it stays readable but is no longer listed."));
    let home = visitor.get("/").await;
    assert!(
        !home.has("href=\"/playbooks/featured-playbook\""),
        "archived playbooks leave the home page:\n{}",
        home.body
    );
    let member_home = member.get("/").await;
    assert!(
        member_home.has("href=\"/playbooks/featured-green\"")
            && !member_home.has("href=\"/playbooks/featured-playbook\""),
        "the other stays featured"
    );
    assert!(
        !visitor
            .get("/playbooks")
            .await
            .has("href=\"/playbooks/featured-playbook\"")
    );
    assert!(
        visitor
            .get("/playbooks?status=archived")
            .await
            .has("href=\"/playbooks/featured-playbook\"")
    );
    let page = visitor.get(&format!("/playbooks/{slug}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.has("Archived.") && page.has("Featured playbook"));
    assert!(
        !member
            .get(&format!("/playbooks/{slug}"))
            .await
            .has("Suggest an edit")
    );
    // Republishing does not put it back on the home page by itself.
    publish_playbook(&moderator, &slug).await;
    assert!(
        !visitor
            .get("/")
            .await
            .has("href=\"/playbooks/featured-playbook\"")
    );
}

// ----- 10. the case page -----

/// A case page suggests published playbooks the reader may read whose topic or demand matches
/// the case, and not the others.
async fn case_page_suggests_matching_playbooks(backend: Backend) {
    let app = spawn_app(backend).await;
    let moderator = member_in(&app, "Mona Mod", "Lyon", "FR", Role::Moderator).await;
    let author = member_in(&app, "Anna Berg", "Uppsala", "SE", Role::Member).await;
    let peer = member_in(&app, "Piet Vos", "Utrecht", "NL", Role::Member).await;
    let visitor = app.client.fresh();
    let case = published_case(
        &app,
        &author,
        &moderator,
        &with(
            case_fields("Embassy asks to cancel a Taiwan exhibition"),
            "tlp",
            "clear",
        ),
    )
    .await;
    published_playbook(
        &moderator,
        &without(
            playbook_fields("taiwan-playbook", "Taiwan events playbook"),
            "demands",
        ),
    )
    .await;
    published_playbook(
        &moderator,
        &with(
            with(
                playbook_fields("tibet-playbook", "Tibet flags playbook"),
                "topics",
                "tibet",
            ),
            "demands",
            "remove_symbol",
        ),
    )
    .await;
    create_playbook(
        &moderator,
        &playbook_fields("draft-taiwan", "Draft Taiwan playbook"),
    )
    .await;
    published_playbook(
        &moderator,
        &with(
            playbook_fields("green-taiwan", "Green Taiwan playbook"),
            "tlp",
            "green",
        ),
    )
    .await;

    let page = peer.get(&format!("/cases/{case}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.has("Playbooks for cases like this one:"),
        "{}",
        page.body
    );
    let suggested = page.texts(".case-playbooks li").join("\n");
    assert!(suggested.contains("Taiwan events playbook"), "{suggested}");
    assert!(suggested.contains("Green Taiwan playbook"), "{suggested}");
    assert!(!suggested.contains("Tibet flags playbook"), "{suggested}");
    assert!(!suggested.contains("Draft Taiwan playbook"), "{suggested}");
    assert!(page.has("href=\"/playbooks/taiwan-playbook\""));
    assert!(
        !page.has("We used a playbook"),
        "only the author records a use"
    );

    let for_visitor = visitor.get(&format!("/cases/{case}")).await;
    let suggested = for_visitor.texts(".case-playbooks li").join("\n");
    assert!(suggested.contains("Taiwan events playbook"), "{suggested}");
    assert!(
        !suggested.contains("Green Taiwan playbook"),
        "visitors are not shown GREEN playbooks: {suggested}"
    );
    assert!(
        author
            .get(&format!("/cases/{case}"))
            .await
            .has("We used a playbook")
    );
}

/// A revision is readable only when the playbook is and the revision is at the level it was
/// saved with. The history shows who saved a revision, who is credited, when and why only
/// for those; the others are listed by number alone, left out of the comparison and their
/// pages answer 404. `/account` names a member's suggestion only while they may read its
/// playbook.
async fn history_and_account_name_only_what_the_reader_may_read(backend: Backend) {
    let app = spawn_app(backend).await;
    let moderator = member_in(&app, "Mona Mod", "Lyon", "FR", Role::Moderator).await;
    let red_editor = member_in(&app, "Rex Redmod", "Lyon", "FR", Role::Moderator).await;
    let suggester = member_in(&app, "Credit Person", "Uppsala", "SE", Role::Member).await;
    let reader = member_in(&app, "Piet Vos", "Utrecht", "NL", Role::Member).await;
    let slug = published_playbook(
        &moderator,
        &with(
            playbook_fields("history-playbook", "History playbook"),
            "tlp",
            "green",
        ),
    )
    .await;
    let mut fields = suggest_form(&suggester, &slug).await;
    set_nth(
        &mut fields,
        "step_body",
        1,
        "Decline in writing within a week.",
    );
    set_nth(&mut fields, "note", 0, "zqcreditnote");
    let suggestion = send_suggestion(&suggester, &slug, &fields).await;
    assert!(suggester.get("/account").await.has("History playbook"));

    // Revision 2: raised to RED with a note; revision 3: the suggestion, accepted at RED.
    let mut edit = edit_form(&red_editor, &slug).await;
    set_nth(
        &mut edit,
        "step_body",
        0,
        "Call the liaison on the confidential number.",
    );
    set_nth(&mut edit, "tlp", 0, "red");
    set_nth(&mut edit, "note", 0, "zqrednote");
    let saved = post_fields(&red_editor, &format!("/playbooks/{slug}/edit"), &edit).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let account = suggester.get("/account").await;
    assert!(
        !account.has("History playbook") && !account.has(&slug),
        "/account names a playbook its member may no longer read:\n{}",
        account.body
    );
    let accepted = moderator
        .submit(&suggestion, &format!("{suggestion}/accept"), &[])
        .await;
    assert_eq!(accepted.status, StatusCode::SEE_OTHER, "{}", accepted.body);
    assert!(!suggester.get("/account").await.has("History playbook"));
    // Revision 4: lowered to GREEN again.
    let mut edit = edit_form(&moderator, &slug).await;
    set_nth(&mut edit, "tlp", 0, "green");
    set_nth(&mut edit, "note", 0, "Lowered again");
    let saved = post_fields(&moderator, &format!("/playbooks/{slug}/edit"), &edit).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    assert!(suggester.get("/account").await.has("History playbook"));

    let history_path = format!("/playbooks/{slug}/revisions");
    for (who, client) in [("reader", &reader), ("suggester", &suggester)] {
        let history = client.get(&history_path).await;
        assert_eq!(history.status, StatusCode::OK, "{who}");
        // (The page's header names the member who is signed in.)
        let main = history.texts("main").join("\n");
        for hidden in ["zqrednote", "zqcreditnote", "Rex Redmod", "Credit Person"] {
            assert!(
                !main.contains(hidden),
                "{who} sees {hidden:?} in the history:\n{main}"
            );
        }
        let rows = history.texts("tbody tr");
        assert_eq!(rows.len(), 4, "{who}: {rows:?}");
        assert!(
            rows[0].contains("Mona Mod") && rows[0].contains("Lowered again"),
            "{rows:?}"
        );
        for row in &rows[1..3] {
            assert!(
                row.contains("Saved at a sensitivity level you cannot read."),
                "{rows:?}"
            );
        }
        assert!(
            rows[3].contains("Mona Mod") && rows[3].contains("first version"),
            "{rows:?}"
        );
        // Only readable revisions are compared.
        assert_eq!(history.texts("#from option"), vec!["4", "1"], "{who}");
        assert!(!history.has("from=3&amp;to=4"), "{who}");
        for path in [
            format!("/playbooks/{slug}/revisions/2"),
            format!("/playbooks/{slug}/revisions/3"),
            format!("/playbooks/{slug}/compare?from=1&to=3"),
        ] {
            assert_eq!(
                client.get(&path).await.status,
                StatusCode::NOT_FOUND,
                "{who} {path}"
            );
        }
        assert_eq!(
            client
                .get(&format!("/playbooks/{slug}/compare?from=1&to=4"))
                .await
                .status,
            StatusCode::OK
        );
    }
    // Moderators read every revision.
    let history = moderator.get(&history_path).await;
    for shown in [
        "zqrednote",
        "Rex Redmod",
        "suggested by Credit Person",
        "zqcreditnote",
        "from=3&amp;to=4",
    ] {
        assert!(
            history.has(shown),
            "the moderator misses {shown:?}:\n{}",
            history.body
        );
    }
    assert_eq!(history.texts("#from option"), vec!["4", "3", "2", "1"]);
}

backend_tests!(
    only_moderators_write_and_readers_see_what_the_level_allows,
    the_list_is_paginated,
    edits_are_revisions_compared_restored_and_never_lost,
    accepted_suggestion_becomes_a_credited_revision,
    rejected_suggestion_carries_the_note,
    stale_suggestions_merge_part_by_part_or_conflict,
    suggestion_page_does_not_leak_text_the_author_may_no_longer_read,
    cited_and_using_cases_follow_the_case_policy,
    bad_playbook_input_is_refused_or_neutralised,
    letters_are_filled_in_and_downloaded,
    letter_values_are_plain_text,
    featured_playbooks_reach_the_home_page_until_archived,
    case_page_suggests_matching_playbooks,
    history_and_account_name_only_what_the_reader_may_read,
);
