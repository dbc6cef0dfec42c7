//! Email is a surface: over a real SMTP server, every message about content quotes it at
//! TLP:CLEAR and TLP:GREEN and says nothing of it above (title, text, return note, city,
//! counterpart, playbook slug), in the subject, the headers, the text and the HTML part;
//! anonymised cases are never named to their author; and the decision is taken again when
//! the message is sent.

use crate::common;

use std::time::Duration;

use common::{Backend, Client, Mail, Options, Page, TestApp, spawn_app, spawn_with};
use diesel::prelude::*;
use reqwest::StatusCode;
use twinwise::db::schema;
use twinwise::domain::Role;

const PASSWORD: &str = "orchid tundra falcon 42";
const LEVELS: [&str; 4] = ["clear", "green", "amber", "red"];

// ----- helpers -----

type Fields = Vec<(String, String)>;

fn owned(pairs: &[(&str, &str)]) -> Fields {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

fn with(mut fields: Fields, key: &str, value: &str) -> Fields {
    fields.retain(|(k, _)| k != key);
    fields.push((key.to_owned(), value.to_owned()));
    fields
}

async fn post_fields(client: &Client, action: &str, fields: &Fields) -> Page {
    let all: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    client.post_raw(action, &all).await
}

/// A signed-in member whose address does not name their city.
async fn member(
    app: &TestApp,
    email: &str,
    name: &str,
    city: &str,
    country: &str,
    role: Role,
) -> Client {
    app.create_user_in(email, name, role, PASSWORD, city, country);
    let client = app.client.fresh();
    assert_eq!(
        client.login(email, PASSWORD).await.status,
        StatusCode::SEE_OTHER
    );
    client
}

/// Words that identify one case: each must be absent from mail that may not quote it.
struct CaseWords {
    title: String,
    summary: String,
    narrative: String,
    counterpart: String,
    note: String,
}

impl CaseWords {
    fn new(tag: &str) -> Self {
        CaseWords {
            title: format!("Zebrafinch{tag}"),
            summary: format!("Okapi{tag}"),
            narrative: format!("Pangolin{tag}"),
            counterpart: format!("Kestrelwing{tag}"),
            note: format!("Marmoset{tag}"),
        }
    }

    fn all(&self) -> Vec<&str> {
        vec![
            &self.title,
            &self.summary,
            &self.narrative,
            &self.counterpart,
            &self.note,
            "Uppsala",
        ]
    }

    fn fields(&self, tlp: &str, anonymity: &str) -> Fields {
        owned(&[
            (
                "title",
                &format!("Embassy letter about {} in Uppsala", self.title),
            ),
            (
                "summary",
                &format!(
                    "The embassy wrote to the mayor of Uppsala about {}.",
                    self.summary
                ),
            ),
            (
                "narrative",
                &format!("On Monday a letter arrived; it named {}.", self.narrative),
            ),
            ("topics", "taiwan"),
            ("demands", "cancel_event"),
            ("counterpart_id", "new"),
            (
                "counterpart_name",
                &format!("Consulate {}", self.counterpart),
            ),
            ("counterpart_kind", "consulate"),
            ("counterpart_country", "SE"),
            ("channel", "letter"),
            ("response", "declined"),
            ("outcome", "The exhibition opened as planned."),
            ("lessons", "Answer in writing, politely and briefly."),
            ("occurred_on", "2024-03-01"),
            ("tlp", tlp),
            ("anonymity", anonymity),
        ])
    }
}

/// Waits until the outbox has nothing left to send.
async fn outbox_drained(app: &TestApp) {
    use schema::outbox::dsl;
    for _ in 0..400 {
        let pending: i64 = dsl::outbox
            .filter(dsl::status.eq("pending"))
            .count()
            .get_result(&mut *app.db.get().unwrap())
            .unwrap();
        if pending == 0 {
            return;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    panic!("the outbox did not drain");
}

/// Writes and submits a case; returns its id.
async fn submitted_case(app: &TestApp, author: &Client, fields: &Fields) -> String {
    let token = author.get("/cases/new").await.csrf();
    let page = post_fields(
        author,
        "/cases/new",
        &with(fields.clone(), "csrf_token", &token),
    )
    .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    let id = page
        .location
        .unwrap()
        .trim_start_matches("/cases/")
        .to_owned();
    let submitted = author
        .submit(&format!("/cases/{id}"), &format!("/cases/{id}/submit"), &[])
        .await;
    assert_eq!(submitted.status, StatusCode::SEE_OTHER);
    outbox_drained(app).await;
    id
}

async fn publish(moderator: &Client, id: &str) {
    let page = moderator
        .submit(
            &format!("/moderation/cases/{id}"),
            &format!("/moderation/cases/{id}/publish"),
            &[],
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
}

async fn return_case(moderator: &Client, id: &str, reason: &str) {
    let page = moderator
        .submit(
            &format!("/moderation/cases/{id}"),
            &format!("/moderation/cases/{id}/return"),
            &[("reason", reason)],
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
}

/// The header block of the raw message.
fn headers(mail: &Mail) -> String {
    mail.raw
        .lines()
        .take_while(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every word appears in both parts.
fn assert_quotes(mail: &Mail, words: &[&str]) {
    for word in words {
        assert!(
            mail.text.contains(word),
            "text lacks {word}:\n{}",
            mail.text
        );
        assert!(
            mail.html.contains(word),
            "HTML lacks {word}:\n{}",
            mail.html
        );
    }
}

/// No word appears anywhere: subject, headers, text, HTML (in any letter case).
fn assert_silent(mail: &Mail, words: &[&str]) {
    let places = [
        ("subject", mail.subject.to_lowercase()),
        ("headers", headers(mail).to_lowercase()),
        ("text", mail.text.to_lowercase()),
        ("HTML", mail.html.to_lowercase()),
        ("raw message", mail.raw.to_lowercase()),
    ];
    for word in words {
        for (place, text) in &places {
            assert!(
                !text.contains(&word.to_lowercase()),
                "the {place} names {word:?}:\n{text}"
            );
        }
    }
}

fn quoted(level: &str) -> bool {
    matches!(level, "clear" | "green")
}

// ----- cases -----

/// Published and returned: at CLEAR and GREEN the author's mail quotes the title and the
/// return note; at AMBER and RED it says what happened and links the case, nothing more.
async fn case_mail_quotes_only_clear_and_green(backend: Backend) {
    let app = spawn_app(backend).await;
    let moderator = member(
        &app,
        "mona@moderators.example",
        "Mona Mod",
        "Lyon",
        "FR",
        Role::Moderator,
    )
    .await;
    for level in LEVELS {
        let email = format!("anna.{level}@city-hall.example");
        let author = member(&app, &email, "Anna Berg", "Uppsala", "SE", Role::Member).await;
        let published_words = CaseWords::new(&format!("{level}pub"));
        let returned_words = CaseWords::new(&format!("{level}ret"));
        let published = submitted_case(&app, &author, &published_words.fields(level, "none")).await;
        let returned = submitted_case(&app, &author, &returned_words.fields(level, "none")).await;
        publish(&moderator, &published).await;
        outbox_drained(&app).await;
        return_case(
            &moderator,
            &returned,
            &format!("Please take {} out of the title.", returned_words.note),
        )
        .await;

        let mail = app.mail_to(&email, "published").await;
        assert_eq!(mail.subject, "Your case was published on Twinwise");
        assert!(
            mail.text.contains(&format!("/cases/{published}")),
            "{}",
            mail.text
        );
        assert!(
            mail.html.contains(&format!("/cases/{published}")),
            "{}",
            mail.html
        );
        let back = app.mail_to(&email, "needs changes").await;
        assert_eq!(
            back.subject,
            "Your case needs changes before it is published"
        );
        assert!(
            back.text.contains(&format!("/cases/{returned}/edit")),
            "{}",
            back.text
        );
        if quoted(level) {
            assert_quotes(&mail, &[&published_words.title]);
            assert_quotes(&back, &[&returned_words.title, &returned_words.note]);
            // Quoted, still nothing beyond the title and the note.
            assert_silent(
                &mail,
                &[&published_words.summary, &published_words.counterpart],
            );
        } else {
            assert_silent(&mail, &published_words.all());
            assert_silent(&back, &returned_words.all());
            assert!(
                mail.text.contains("published one of your cases"),
                "{}",
                mail.text
            );
            assert!(
                back.text.contains("returned one of your cases"),
                "{}",
                back.text
            );
        }
    }
}

/// An anonymised case is never named in mail to its author, at any level: the recipient's
/// address says who reported it. The mail links the author's account page, not the case.
async fn anonymised_case_mail_names_nothing_and_links_the_account(backend: Backend) {
    let app = spawn_app(backend).await;
    let moderator = member(
        &app,
        "mona@moderators.example",
        "Mona Mod",
        "Lyon",
        "FR",
        Role::Moderator,
    )
    .await;
    for (level, anonymity) in [
        ("clear", "city"),
        ("green", "city"),
        ("green", "city_and_country"),
        ("amber", "city_and_country"),
    ] {
        let email = format!("anna.{level}.{anonymity}@city-hall.example");
        let author = member(&app, &email, "Anna Berg", "Uppsala", "SE", Role::Member).await;
        let tag = format!("{level}{}", anonymity.replace('_', ""));
        let published_words = CaseWords::new(&format!("{tag}pub"));
        let returned_words = CaseWords::new(&format!("{tag}ret"));
        let published =
            submitted_case(&app, &author, &published_words.fields(level, anonymity)).await;
        let returned =
            submitted_case(&app, &author, &returned_words.fields(level, anonymity)).await;
        publish(&moderator, &published).await;
        outbox_drained(&app).await;
        return_case(
            &moderator,
            &returned,
            &format!("Uppsala is named; take {} out.", returned_words.note),
        )
        .await;

        let mail = app.mail_to(&email, "published").await;
        let back = app.mail_to(&email, "needs changes").await;
        let mut hidden = published_words.all();
        hidden.push(&published);
        hidden.push("Sweden");
        assert_silent(&mail, &hidden);
        let mut hidden = returned_words.all();
        hidden.push(&returned);
        hidden.push("Sweden");
        assert_silent(&back, &hidden);
        for m in [&mail, &back] {
            assert!(
                m.text.contains(&format!("{}/account", app.base)),
                "{}",
                m.text
            );
            assert!(
                m.html.contains(&format!("{}/account", app.base)),
                "{}",
                m.html
            );
        }
    }
}

// ----- playbooks -----

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
        ("tlp", "green"),
        ("step_key", ""),
        ("step_title", "Write it down"),
        ("step_body", "Note who called, when, and what was said."),
        ("step_key", ""),
        ("step_title", "Answer in writing"),
        ("step_body", "Decline politely and keep a copy."),
        ("letter_key", ""),
        ("letter_title", "Reply to the embassy"),
        (
            "letter_body",
            "Dear {counterpart},\n\nThe city of {city} will hold {event}.\n\n{sender}",
        ),
        ("avoid", "- Phoning back without a witness"),
        ("cases", ""),
        ("note", ""),
    ])
}

/// Creates and publishes a GREEN playbook; returns its id.
async fn published_playbook(app: &TestApp, moderator: &Client, slug: &str, title: &str) -> String {
    let token = moderator.get("/playbooks/new").await.csrf();
    let page = post_fields(
        moderator,
        "/playbooks/new",
        &with(playbook_fields(slug, title), "csrf_token", &token),
    )
    .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    let page = moderator
        .submit(
            &format!("/playbooks/{slug}"),
            &format!("/playbooks/{slug}/status"),
            &[("status", "published")],
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    use schema::playbooks::dsl;
    dsl::playbooks
        .filter(dsl::slug.eq(slug))
        .select(dsl::id)
        .first(&mut *app.db.get().unwrap())
        .unwrap()
}

/// What a browser would send for the form posting to `action`: inputs, textareas, the
/// checked boxes and the chosen options, in document order (the CSRF token included).
fn form_fields(page: &Page, action: &str) -> Fields {
    use scraper::{Html, Selector};
    let doc = Html::parse_document(&page.body);
    let form = Selector::parse(&format!("form[action=\"{action}\"]")).unwrap();
    let controls = Selector::parse("input, textarea, select").unwrap();
    let options = Selector::parse("option").unwrap();
    let form = doc
        .select(&form)
        .next()
        .unwrap_or_else(|| panic!("no form posting to {action}:\n{}", page.body));
    let mut out = Fields::new();
    for control in form.select(&controls) {
        let e = control.value();
        let Some(name) = e.attr("name") else { continue };
        let value = match e.name() {
            "textarea" => control.text().collect::<String>(),
            "select" => {
                let all: Vec<_> = control.select(&options).collect();
                match all
                    .iter()
                    .find(|o| o.value().attr("selected").is_some())
                    .or(all.first())
                {
                    Some(o) => o.value().attr("value").unwrap_or_default().to_owned(),
                    None => continue,
                }
            }
            _ => match e.attr("type").unwrap_or("text") {
                "checkbox" | "radio" if e.attr("checked").is_none() => continue,
                "submit" | "button" => continue,
                _ => e.attr("value").unwrap_or_default().to_owned(),
            },
        };
        out.push((name.to_owned(), value));
    }
    out
}

/// Sends a suggestion changing step `step`'s text; returns the suggestion's path.
async fn suggest(member: &Client, slug: &str, step: usize, body: &str, note: &str) -> String {
    let action = format!("/playbooks/{slug}/suggest");
    let page = member.get(&action).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let mut steps = 0;
    let fields: Fields = form_fields(&page, &action)
        .into_iter()
        .map(|(name, value)| match name.as_str() {
            "step_body" => {
                steps += 1;
                let value = if steps - 1 == step {
                    body.to_owned()
                } else {
                    value
                };
                (name, value)
            }
            "note" => (name, note.to_owned()),
            _ => (name, value),
        })
        .collect();
    let page = post_fields(member, &action, &fields).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    page.location.unwrap()
}

/// A moderator's edit that sets the playbook's level (and AMBER audience).
async fn set_playbook_level(moderator: &Client, slug: &str, tlp: &str, audience: &[&str]) {
    if tlp == "green" {
        return; // already
    }
    let action = format!("/playbooks/{slug}/edit");
    let page = moderator.get(&action).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let mut fields = with(form_fields(&page, &action), "tlp", tlp);
    fields.retain(|(k, _)| k != "audience");
    for country in audience {
        fields.push(("audience".to_owned(), (*country).to_owned()));
    }
    let fields = with(fields, "note", "Level changed");
    let page = post_fields(moderator, &action, &fields).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
}

/// Accepted and rejected: at CLEAR and GREEN, to a member who may read the playbook, the mail
/// quotes its title (and the moderator's note) and links it by slug; above GREEN, or when the
/// member may no longer read it, it names nothing and links the suggestion by its id.
async fn suggestion_mail_quotes_only_what_the_member_may_read_at_green(backend: Backend) {
    let app = spawn_app(backend).await;
    let moderator = member(
        &app,
        "mona@moderators.example",
        "Mona Mod",
        "Lyon",
        "FR",
        Role::Moderator,
    )
    .await;
    // (level, AMBER audience): AMBER listing the member's country is readable and still not
    // quoted; AMBER for another country is the known gap (the member may no longer read it).
    let cases: [(&str, &[&str], bool); 5] = [
        ("clear", &[], true),
        ("green", &[], true),
        ("amber", &["NL"], false),
        ("amber", &["FR"], false),
        ("red", &[], false),
    ];
    for (n, (level, audience, quotes)) in cases.into_iter().enumerate() {
        let email = format!("piet.{n}@gemeente.example");
        let member = member(&app, &email, "Piet Vos", "Utrecht", "NL", Role::Member).await;
        let slug = format!("wombat{n}-guide");
        let title = format!("Guide Quetzal{n}");
        published_playbook(&app, &moderator, &slug, &title).await;
        let accepted = suggest(
            &member,
            &slug,
            0,
            &format!("Write Ibis{n} down."),
            "Clearer",
        )
        .await;
        let rejected = suggest(&member, &slug, 1, &format!("Shout Ibex{n}."), "Bolder").await;
        set_playbook_level(&moderator, &slug, level, audience).await;

        outbox_drained(&app).await;
        let page = moderator
            .submit(&accepted, &format!("{accepted}/accept"), &[])
            .await;
        assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
        outbox_drained(&app).await;
        let note = format!("Narwhal{n} says otherwise.");
        let page = moderator
            .submit(
                &rejected,
                &format!("{rejected}/reject"),
                &[("decision_note", &note)],
            )
            .await;
        assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
        assert!(moderator.follow(&page).await.has("Rejected"), "{level}");

        let yes = app
            .mail_to(&email, "Your suggested edit was accepted")
            .await;
        let no = app
            .mail_to(&email, "Your suggested edit was not accepted")
            .await;
        let accepted_id = accepted.rsplit('/').next().unwrap();
        let rejected_id = rejected.rsplit('/').next().unwrap();
        let secrets = [
            title.as_str(),
            &format!("Quetzal{n}"),
            &format!("wombat{n}"),
            &format!("Narwhal{n}"),
            &format!("Ibis{n}"),
            &format!("Ibex{n}"),
        ];
        if quotes {
            // The level edit (if any) was one revision, the accepted suggestion the next.
            let revision = if level == "green" { 2 } else { 3 };
            let link = format!("/playbooks/{slug}/revisions/{revision}");
            assert_quotes(&yes, &[&title, &link]);
            assert_quotes(&no, &[&title, &note, &rejected]);
        } else {
            assert_silent(&yes, &secrets);
            assert_silent(&no, &secrets);
            assert_quotes(&yes, &[&format!("/suggestions/{accepted_id}")]);
            assert_quotes(&no, &[&format!("/suggestions/{rejected_id}")]);
            // The opaque link opens the suggestion for its author while they may read the
            // playbook, and answers like a missing page otherwise.
            let opened = member.get(&format!("/suggestions/{rejected_id}")).await;
            if audience.contains(&"NL") {
                assert_eq!(opened.status, StatusCode::SEE_OTHER);
                assert_eq!(opened.location.as_deref(), Some(rejected.as_str()));
            } else {
                assert_eq!(opened.status, StatusCode::NOT_FOUND);
            }
        }
    }
}

/// `/suggestions/{id}` opens only for the author and moderators.
async fn suggestion_link_by_id_is_for_its_author_and_moderators(backend: Backend) {
    let app = spawn_app(backend).await;
    let moderator = member(
        &app,
        "mona@mods.example",
        "Mona Mod",
        "Lyon",
        "FR",
        Role::Moderator,
    )
    .await;
    let author = member(
        &app,
        "piet@gemeente.example",
        "Piet Vos",
        "Utrecht",
        "NL",
        Role::Member,
    )
    .await;
    let other = member(
        &app,
        "eva@mesto.example",
        "Eva Novak",
        "Brno",
        "CZ",
        Role::Member,
    )
    .await;
    published_playbook(&app, &moderator, "opaque-guide", "Opaque guide").await;
    let path = suggest(&author, "opaque-guide", 0, "Write it all down.", "Detail").await;
    let id = path.rsplit('/').next().unwrap();
    let link = format!("/suggestions/{id}");
    for reader in [&author, &moderator] {
        let page = reader.get(&link).await;
        assert_eq!(page.status, StatusCode::SEE_OTHER);
        assert_eq!(page.location.as_deref(), Some(path.as_str()));
    }
    assert_eq!(other.get(&link).await.status, StatusCode::NOT_FOUND);
    assert_eq!(
        other.get("/suggestions/not-an-id").await.status,
        StatusCode::NOT_FOUND
    );
    let visitor = app.client.fresh().get(&link).await;
    assert_eq!(visitor.status, StatusCode::SEE_OTHER);
    assert!(visitor.location.unwrap().starts_with("/login"));
}

// ----- the decision at send time -----

/// Mail queued while it could quote, sent after the content was raised above GREEN, goes out
/// as its fallback: nothing quoted. Mail whose content stayed GREEN goes out as queued.
async fn send_time_check_withholds_content_raised_since_queueing(backend: Backend) {
    let app = spawn_with(Options {
        smtp_down: true,
        ..Options::new(backend)
    })
    .await;
    let moderator = member(
        &app,
        "mona@mods.example",
        "Mona Mod",
        "Lyon",
        "FR",
        Role::Moderator,
    )
    .await;
    let raised_email = "anna.raised@city-hall.example";
    let kept_email = "anna.kept@city-hall.example";
    let raised_author = member(
        &app,
        raised_email,
        "Anna Berg",
        "Uppsala",
        "SE",
        Role::Member,
    )
    .await;
    let kept_author = member(&app, kept_email, "Anna Berg", "Uppsala", "SE", Role::Member).await;
    let raised_words = CaseWords::new("raised");
    let kept_words = CaseWords::new("kept");
    let raised =
        submitted_case_no_drain(&raised_author, &raised_words.fields("green", "none")).await;
    let kept = submitted_case_no_drain(&kept_author, &kept_words.fields("green", "none")).await;
    publish(&moderator, &raised).await;
    publish(&moderator, &kept).await;

    let member_email = "piet.raised@gemeente.example";
    let piet = member(
        &app,
        member_email,
        "Piet Vos",
        "Utrecht",
        "NL",
        Role::Member,
    )
    .await;
    published_playbook(&app, &moderator, "wombat-raised", "Guide Quetzalraised").await;
    let suggestion = suggest(
        &piet,
        "wombat-raised",
        0,
        "Write Ibisraised down.",
        "Clearer",
    )
    .await;
    let page = moderator
        .submit(&suggestion, &format!("{suggestion}/accept"), &[])
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);

    // Queued quoting, with a fallback beside it.
    let queued = |to: &str| -> (String, Option<String>) {
        use schema::outbox::dsl;
        dsl::outbox
            .filter(dsl::to_address.eq(to))
            .select((dsl::text_body, dsl::guard))
            .first(&mut *app.db.get().unwrap())
            .unwrap()
    };
    let (text, guard) = queued(raised_email);
    assert!(
        text.contains(&raised_words.title) && guard.is_some(),
        "{text}"
    );

    // Narrowed meanwhile (immediate, as narrowing is): the case to AMBER, the playbook to RED.
    diesel::update(schema::cases::table.find(&raised))
        .set(schema::cases::tlp.eq("amber"))
        .execute(&mut *app.db.get().unwrap())
        .unwrap();
    set_playbook_level(&moderator, "wombat-raised", "red", &[]).await;

    app.smtp.come_up();
    let mail = app.mail_to(raised_email, "published").await;
    assert_silent(&mail, &raised_words.all());
    assert!(
        mail.text.contains("published one of your cases"),
        "{}",
        mail.text
    );
    // The fallback says nothing of the content, its address included.
    assert!(!mail.text.contains(&raised), "{}", mail.text);
    assert!(
        mail.text.contains(&format!("{}/account", app.base)),
        "{}",
        mail.text
    );
    let mail = app
        .mail_to(member_email, "Your suggested edit was accepted")
        .await;
    assert_silent(&mail, &["Quetzalraised", "wombat-raised", "Ibisraised"]);
    let kept_mail = app.mail_to(kept_email, "published").await;
    assert_quotes(&kept_mail, &[&kept_words.title]);

    // What the row says is what was sent.
    outbox_drained(&app).await;
    let (text, guard) = queued(raised_email);
    assert!(!text.contains(&raised_words.title), "{text}");
    assert!(guard.is_none());
}

async fn submitted_case_no_drain(author: &Client, fields: &Fields) -> String {
    let token = author.get("/cases/new").await.csrf();
    let page = post_fields(
        author,
        "/cases/new",
        &with(fields.clone(), "csrf_token", &token),
    )
    .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    let id = page
        .location
        .unwrap()
        .trim_start_matches("/cases/")
        .to_owned();
    let submitted = author
        .submit(&format!("/cases/{id}"), &format!("/cases/{id}/submit"), &[])
        .await;
    assert_eq!(submitted.status, StatusCode::SEE_OTHER);
    id
}

backend_tests!(
    case_mail_quotes_only_clear_and_green,
    anonymised_case_mail_names_nothing_and_links_the_account,
    suggestion_mail_quotes_only_what_the_member_may_read_at_green,
    suggestion_link_by_id_is_for_its_author_and_moderators,
    send_time_check_withholds_content_raised_since_queueing,
);
