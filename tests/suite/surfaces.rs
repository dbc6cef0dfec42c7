//! Search, statistics, exports and the Atom feed: each shows only what the policy lets its
//! reader see, with anonymised identities hidden, on both backends.

use crate::common;

use std::collections::{BTreeMap, BTreeSet};

use common::{Backend, Client, Options, Page, TestApp, spawn_app, spawn_with};
use reqwest::StatusCode;
use scraper::{Html, Selector};
use twinwise::config::Tuning;
use twinwise::domain::Role;

const PASSWORD: &str = "orchid tundra falcon 42";

/// A complete, valid case form; tweak fields with `with`.
fn case_fields(title: &str) -> Vec<(String, String)> {
    [
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
    ]
    .iter()
    .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
    .collect()
}

fn with(mut fields: Vec<(String, String)>, key: &str, value: &str) -> Vec<(String, String)> {
    fields.retain(|(k, _)| k != key);
    fields.push((key.to_owned(), value.to_owned()));
    fields
}

/// Creates a draft and returns its id.
async fn draft(client: &Client, fields: &[(String, String)]) -> String {
    let token = client.get("/cases/new").await.csrf();
    let mut all: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    all.push(("csrf_token", &token));
    let page = client.post_raw("/cases/new", &all).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    page.location
        .unwrap()
        .trim_start_matches("/cases/")
        .to_owned()
}

async fn submit(client: &Client, id: &str) {
    let page = client
        .submit(&format!("/cases/{id}"), &format!("/cases/{id}/submit"), &[])
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
}

async fn publish(moderator: &Client, id: &str) {
    let page = moderator
        .submit(
            &format!("/moderation/cases/{id}"),
            &format!("/moderation/cases/{id}/publish"),
            &[],
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert!(moderator.follow(&page).await.has("was published"));
}

/// Writes, submits and publishes a case; returns its id.
async fn published(
    app: &TestApp,
    author: &Client,
    moderator: &Client,
    fields: &[(String, String)],
) -> String {
    let id = draft(author, fields).await;
    submit(author, &id).await;
    // Each publication mails the author. Publishing reads, then writes in a deferred SQLite
    // transaction, which fails at once ("database is locked") when the outbox worker commits
    // in between; these tests are not about that race, so they let the worker finish first.
    outbox_drained(app).await;
    publish(moderator, &id).await;
    id
}

/// A member in the given city and country, signed in.
async fn member_in(app: &TestApp, name: &str, city: &str, country: &str, role: Role) -> Client {
    let email = format!(
        "{}@{}.example",
        name.to_lowercase().replace(' ', "."),
        city.to_lowercase()
    );
    app.create_user_in(&email, name, role, PASSWORD, city, country);
    let client = app.client.fresh();
    assert_eq!(
        client.login(&email, PASSWORD).await.status,
        StatusCode::SEE_OTHER
    );
    client
}

/// The `href` of every link on the page, decoded.
fn hrefs(page: &Page) -> Vec<String> {
    let doc = Html::parse_document(&page.body);
    let links = Selector::parse("a[href], link[href]").unwrap();
    doc.select(&links)
        .map(|a| a.value().attr("href").unwrap().to_owned())
        .collect()
}

fn links_to(page: &Page, href: &str) -> bool {
    hrefs(page).iter().any(|h| h == href)
}

/// Waits until the outbox holds no message still to send.
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

fn encoded(text: &str) -> String {
    url::form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

// ----- search -----

async fn search_finds_cases_and_counterparts(backend: Backend) {
    let app = spawn_app(backend).await;
    let author = member_in(&app, "Anna Berg", "Uppsala", "SE", Role::Member).await;
    let peer = member_in(&app, "Piet Vos", "Utrecht", "NL", Role::Member).await;
    let moderator = member_in(&app, "Mona Mod", "Lyon", "FR", Role::Moderator).await;
    let visitor = app.client.fresh();
    let fields = with(
        case_fields("Embassy objects to a festival"),
        "narrative",
        "The embassy objected to the paper lanterns carrying a Taiwanese flag.",
    );
    published(&app, &author, &moderator, &fields).await;
    let red = with(
        with(case_fields("Red lanterns threat"), "tlp", "red"),
        "narrative",
        "Threats about the lanterns.",
    );
    published(&app, &author, &moderator, &red).await;

    // The nav links to the search page.
    assert!(peer.get("/").await.has("href=\"/search\""));

    let found = peer.get("/search?q=lanterns").await;
    assert_eq!(found.status, StatusCode::OK);
    assert_eq!(
        found.texts(".case-title"),
        vec!["Embassy objects to a festival"],
        "a RED case of someone else never shows"
    );
    assert!(
        found.has("<mark>lanterns</mark>"),
        "the snippet highlights the word:\n{}",
        found.body
    );
    assert!(found.has("1 case matches"));
    // Authors find their own RED case; visitors find nothing that is not public.
    assert_eq!(
        author
            .get("/search?q=lanterns")
            .await
            .texts(".case-title")
            .len(),
        2
    );
    let public = visitor.get("/search?q=lanterns").await;
    assert_eq!(public.status, StatusCode::OK);
    assert!(public.texts(".case-title").is_empty());
    assert!(public.has("No case you can read matches"));

    // Counterparts are found by words in their name, by those who may read a case naming
    // them (here GREEN: members, not visitors; see tests/suite/counterparts.rs).
    let named = peer.get("/search?q=sweden+embassy").await;
    assert_eq!(
        named.texts(".search-counterparts a"),
        vec!["Embassy of the PRC in Sweden"]
    );
    assert!(
        visitor
            .get("/search?q=sweden+embassy")
            .await
            .has("No counterpart you can see has these words in its name")
    );
    assert!(
        peer.get("/search?q=consulate")
            .await
            .has("No counterpart you can see has these words in its name")
    );

    // An empty query shows only the form; punctuation alone asks for a word.
    let empty = peer.get("/search").await;
    assert_eq!(empty.status, StatusCode::OK);
    assert_eq!(empty.texts("input[name=q]").len(), 1);
    assert!(empty.texts("#search-cases").is_empty() && !empty.has("Type a word"));
    let blank = peer.get("/search?q=+++").await;
    assert!(blank.texts("#search-cases").is_empty());
    let punctuation = peer.get("/search?q=%21%21%21+%28%29").await;
    assert_eq!(punctuation.status, StatusCode::OK);
    assert!(punctuation.has("Type a word to search for"));

    // Search syntax in user text is only text: never a server error.
    for q in [
        "\"",
        "\"lanterns",
        "NEAR(",
        "NEAR(lanterns flag, 2)",
        "*",
        "lanterns*",
        "-tibet",
        "((",
        "lanterns)",
        "a AND OR NOT",
        "'; DROP TABLE cases; --",
        "%_\\",
        "^lanterns:",
    ] {
        let page = peer.get(&format!("/search?q={}", encoded(q))).await;
        assert_eq!(
            page.status,
            StatusCode::OK,
            "search for {q:?}:\n{}",
            page.body
        );
    }
    let near = peer.get("/search?q=lanterns*").await;
    assert_eq!(
        near.texts(".case-title"),
        vec!["Embassy objects to a festival"]
    );
    // The text is echoed escaped.
    let echoed = peer
        .get(&format!("/search?q={}", encoded("<b>lanterns</b>")))
        .await;
    assert!(!echoed.has("<b>lanterns</b>"));
    assert_eq!(echoed.input_value("q").as_deref(), Some("<b>lanterns</b>"));
}

async fn search_shows_the_newest_twenty_and_links_to_the_rest(backend: Backend) {
    let app = spawn_app(backend).await;
    let author = member_in(&app, "Anna Berg", "Uppsala", "SE", Role::Member).await;
    let moderator = member_in(&app, "Mona Mod", "Lyon", "FR", Role::Moderator).await;
    for i in 0..21 {
        let fields = with(
            case_fields(&format!("Lantern festival letter {i}")),
            "tlp",
            "clear",
        );
        published(&app, &author, &moderator, &fields).await;
    }
    let page = app.client.fresh().get("/search?q=lantern+festival").await;
    assert_eq!(page.status, StatusCode::OK);
    let titles = page.texts(".case-title");
    assert_eq!(titles.len(), 20);
    assert_eq!(titles[0], "Lantern festival letter 20", "newest first");
    assert!(!titles.contains(&"Lantern festival letter 0".to_owned()));
    assert!(page.has("21 cases match; the 20 newest are shown"));
    assert!(links_to(&page, "/cases?q=lantern+festival"));
    let all = app.client.fresh().get("/cases?q=lantern+festival").await;
    assert!(all.has("21 cases."));
}

// ----- statistics -----

/// A chart's table as (label, count) rows, in order.
fn table_rows(page: &Page, key: &str) -> Vec<(String, i64)> {
    let doc = Html::parse_document(&page.body);
    let rows = Selector::parse(&format!("#table-{key} tbody tr")).unwrap();
    let th = Selector::parse("th").unwrap();
    let td = Selector::parse("td").unwrap();
    doc.select(&rows)
        .map(|row| {
            let label = row.select(&th).next().unwrap().text().collect::<String>();
            let value = row.select(&td).next().unwrap().text().collect::<String>();
            (label.trim().to_owned(), value.trim().parse().unwrap())
        })
        .collect()
}

/// A chart's bars as (label, count) rows, in order.
fn svg_bars(page: &Page, key: &str) -> Vec<(String, i64)> {
    let doc = Html::parse_document(&page.body);
    let bars = Selector::parse(&format!("#svg-{key} svg g.chart-row")).unwrap();
    doc.select(&bars)
        .map(|g| {
            (
                g.value().attr("data-label").unwrap().to_owned(),
                g.value().attr("data-value").unwrap().parse().unwrap(),
            )
        })
        .collect()
}

/// Every chart's numbers, checking on the way that each drawing and its table agree.
fn charts(page: &Page) -> BTreeMap<&'static str, Vec<(String, i64)>> {
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(
        !page.has("style=") && !page.has("<style"),
        "no inline styles"
    );
    let mut all = BTreeMap::new();
    for key in ["topic", "demand", "response", "country", "month"] {
        let table = table_rows(page, key);
        assert_eq!(
            svg_bars(page, key),
            table,
            "the {key} chart and its table disagree"
        );
        if !table.is_empty() {
            let doc = Html::parse_document(&page.body);
            let svg = Selector::parse(&format!("#svg-{key} svg[role=img]")).unwrap();
            let element = doc.select(&svg).next().expect("an accessible svg");
            assert!(element.value().attr("aria-label").is_some());
            let caption = Selector::parse(&format!("#table-{key} caption")).unwrap();
            assert_eq!(doc.select(&caption).count(), 1);
            let scoped = Selector::parse(&format!("#table-{key} th[scope=row]")).unwrap();
            assert_eq!(doc.select(&scoped).count(), table.len());
        }
        all.insert(key, table);
    }
    all
}

fn total(page: &Page) -> i64 {
    let text = page.texts(".stats-total strong");
    text.first()
        .unwrap_or_else(|| panic!("no total:\n{}", page.body))
        .parse()
        .unwrap()
}

fn rows(pairs: &[(&str, i64)]) -> Vec<(String, i64)> {
    pairs.iter().map(|(l, v)| ((*l).to_owned(), *v)).collect()
}

async fn stats_count_only_what_the_reader_may_read(backend: Backend) {
    let app = spawn_app(backend).await;
    let author = member_in(&app, "Karel Dvorak", "Brno", "CZ", Role::Member).await;
    let peer = member_in(&app, "Piet Vos", "Utrecht", "NL", Role::Member).await;
    let moderator = member_in(&app, "Mona Mod", "Lyon", "FR", Role::Moderator).await;
    let visitor = app.client.fresh();

    // GREEN, open: Czechia, Taiwan, declined, March 2024.
    published(
        &app,
        &author,
        &moderator,
        &case_fields("Open letter about Taiwan"),
    )
    .await;
    // RED: only the author and moderators count it.
    let red = with(
        with(
            with(case_fields("Red threat about Tibet"), "tlp", "red"),
            "topics",
            "tibet",
        ),
        "response",
        "complied",
    );
    published(
        &app,
        &author,
        &moderator,
        &with(red, "occurred_on", "2024-05-10"),
    )
    .await;
    // GREEN, anonymised down to the region: "Undisclosed" for other members.
    let hidden = with(
        with(
            case_fields("Anonymous pressure about Taiwan"),
            "anonymity",
            "city_and_country",
        ),
        "occurred_on",
        "2024-05-20",
    );
    published(&app, &author, &moderator, &hidden).await;

    let seen = peer.get("/stats").await;
    let numbers = charts(&seen);
    assert_eq!(total(&seen), 2);
    assert_eq!(numbers["topic"], rows(&[("Taiwan", 2)]));
    assert_eq!(numbers["demand"], rows(&[("Cancel or move an event", 2)]));
    assert_eq!(numbers["response"], rows(&[("Declined", 2)]));
    assert_eq!(
        numbers["country"],
        rows(&[("Czechia", 1), ("Undisclosed", 1)])
    );
    assert_eq!(
        numbers["month"],
        rows(&[("Mar 2024", 1), ("Apr 2024", 0), ("May 2024", 1)])
    );

    for who in [&author, &moderator] {
        let page = who.get("/stats").await;
        let numbers = charts(&page);
        assert_eq!(total(&page), 3);
        assert_eq!(numbers["topic"], rows(&[("Taiwan", 2), ("Tibet", 1)]));
        assert_eq!(
            numbers["response"],
            rows(&[("Declined", 2), ("Complied", 1)])
        );
        assert_eq!(numbers["country"], rows(&[("Czechia", 3)]));
        assert_eq!(
            numbers["month"],
            rows(&[("Mar 2024", 1), ("Apr 2024", 0), ("May 2024", 2)])
        );
    }

    // Visitors count public cases only: none here.
    let public = visitor.get("/stats").await;
    let numbers = charts(&public);
    assert_eq!(total(&public), 0);
    assert!(numbers.values().all(Vec::is_empty));
    assert!(public.has("No cases to count"));

    // The filters of /cases apply.
    let tibet = peer.get("/stats?topic=tibet").await;
    assert_eq!(total(&tibet), 0);
    let tibet = moderator.get("/stats?topic=tibet").await;
    assert_eq!(total(&tibet), 1);
    assert_eq!(charts(&tibet)["topic"], rows(&[("Tibet", 1)]));
    let by_words = peer.get("/stats?q=anonymous").await;
    assert_eq!(total(&by_words), 1);
    assert_eq!(charts(&by_words)["country"], rows(&[("Undisclosed", 1)]));
    // A hidden country cannot be found through the country filter either.
    let czech = peer.get("/stats?country=CZ").await;
    assert_eq!(total(&czech), 1);
    assert_eq!(charts(&czech)["country"], rows(&[("Czechia", 1)]));
    assert_eq!(
        peer.get("/stats?topic=atlantis").await.status,
        StatusCode::BAD_REQUEST
    );
    assert!(
        peer.get("/stats?q=%21%21")
            .await
            .has("Type at least one word")
    );
    // The cases page links to the statistics with its filters.
    let list = peer.get("/cases?topic=taiwan").await;
    assert!(links_to(&list, "/stats?topic=taiwan&"));
    assert!(links_to(&tibet, "/cases?topic=tibet"));
}

// ----- exports -----

fn csv_records(page: &Page) -> Vec<BTreeMap<String, String>> {
    let mut reader = csv::Reader::from_reader(page.body.as_bytes());
    let headers = reader.headers().unwrap().clone();
    reader
        .records()
        .map(|r| {
            let record = r.unwrap();
            headers
                .iter()
                .zip(record.iter())
                .map(|(h, v)| (h.to_owned(), v.to_owned()))
                .collect()
        })
        .collect()
}

fn ids_of_csv(records: &[BTreeMap<String, String>]) -> BTreeSet<String> {
    records.iter().map(|r| r["id"].clone()).collect()
}

fn json_cases(page: &Page) -> Vec<serde_json::Value> {
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let value: serde_json::Value = serde_json::from_str(&page.body).unwrap();
    let cases = value["cases"].as_array().unwrap().clone();
    assert_eq!(value["count"].as_u64().unwrap() as usize, cases.len());
    cases
}

fn ids_of_json(cases: &[serde_json::Value]) -> BTreeSet<String> {
    cases
        .iter()
        .map(|c| c["id"].as_str().unwrap().to_owned())
        .collect()
}

fn set(ids: &[&String]) -> BTreeSet<String> {
    ids.iter().map(|s| (*s).clone()).collect()
}

async fn exports_hold_exactly_the_readable_cases(backend: Backend) {
    let app = spawn_app(backend).await;
    let author = member_in(&app, "Karel Dvorak", "Brno", "CZ", Role::Member).await;
    let peer = member_in(&app, "Piet Vos", "Utrecht", "NL", Role::Member).await;
    let moderator = member_in(&app, "Mona Mod", "Lyon", "FR", Role::Moderator).await;
    let visitor = app.client.fresh();

    let open = published(
        &app,
        &author,
        &moderator,
        &case_fields("Open letter about Taiwan"),
    )
    .await;
    let red = published(
        &app,
        &author,
        &moderator,
        &with(case_fields("Red threat about Taiwan"), "tlp", "red"),
    )
    .await;
    let anonymised = with(
        with(
            with(
                case_fields("=HYPERLINK(\"http://evil.example\")"),
                "anonymity",
                "city",
            ),
            "topics",
            "tibet",
        ),
        "occurred_on",
        "2024-04-02",
    );
    let hidden = published(&app, &author, &moderator, &anonymised).await;
    // A draft is never exported, not even to its author.
    let draft_id = draft(&author, &case_fields("Unfinished draft")).await;

    // The cases page offers the downloads to members, the feed to everyone.
    let list = peer.get("/cases?topic=tibet").await;
    assert!(links_to(&list, "/cases/export.csv?topic=tibet&"));
    assert!(links_to(&list, "/cases/export.json?topic=tibet&"));
    assert!(links_to(&list, "/cases/feed.atom?topic=tibet&"));
    assert!(list.has("<link rel=\"alternate\" type=\"application/atom+xml\""));
    let public_list = visitor.get("/cases").await;
    assert!(!public_list.has("Download CSV") && public_list.has("Atom feed"));
    assert!(!peer.get("/").await.has("application/atom+xml"));

    // Another member: the GREEN cases, the anonymised one without its city.
    let page = peer.get("/cases/export.csv").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(
        page.headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    let disposition = page.headers["content-disposition"].to_str().unwrap();
    assert!(disposition.starts_with("attachment; filename=\"twinwise-cases-"));
    assert!(disposition.ends_with(".csv\""));
    // Excel reads it as UTF-8 when double-clicked: a byte-order mark, CRLF line ends.
    let raw = peer
        .http
        .get(format!("{}/cases/export.csv", peer.base))
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    assert!(raw.starts_with(b"\xEF\xBB\xBFid,"), "{:?}", &raw[..8]);
    let text = std::str::from_utf8(&raw).unwrap();
    let (header, _) = text.split_once("\r\n").expect("CRLF after the header");
    assert!(!header.contains('\n'));
    assert!(text.ends_with("\r\n"), "CRLF after the last record");
    let records = csv_records(&page);
    assert_eq!(ids_of_csv(&records), set(&[&open, &hidden]));
    assert_eq!(records[0]["id"], hidden, "newest first");
    let anon = records.iter().find(|r| r["id"] == hidden).unwrap();
    assert_eq!(anon["place"], "a city in Czechia");
    assert_eq!(anon["counterpart_name"], "");
    assert_eq!(anon["counterpart_kind"], "Embassy");
    assert_eq!(
        anon["title"], "'=HYPERLINK(\"http://evil.example\")",
        "a formula-looking cell is defused"
    );
    assert_eq!(anon["url"], format!("{}/cases/{hidden}", app.base));
    assert_eq!(anon["occurred_on"], "2024-04-02");
    assert!(
        !anon.values().any(|v| v.contains("Brno")),
        "the city of an anonymised case stays hidden"
    );
    let plain = records.iter().find(|r| r["id"] == open).unwrap();
    assert_eq!(plain["place"], "Brno, Czechia");
    assert_eq!(plain["counterpart_name"], "Embassy of the PRC in Sweden");
    assert_eq!(plain["topics"], "Taiwan");
    assert_eq!(plain["response"], "Declined");
    assert_eq!(plain["lessons"], "Answer in writing, politely and briefly.");
    assert!(!page.has("Red threat") && !page.has("Unfinished draft"));

    let cases = json_cases(&peer.get("/cases/export.json").await);
    assert_eq!(ids_of_json(&cases), set(&[&open, &hidden]));
    let anon = cases.iter().find(|c| c["id"] == hidden.as_str()).unwrap();
    assert_eq!(anon["place"], "a city in Czechia");
    assert_eq!(anon["counterpart_name"], "");
    assert_eq!(anon["topics"], serde_json::json!(["tibet"]));
    assert_eq!(anon["tlp"], "green");
    assert!(anon["published_at"].as_str().unwrap().ends_with('Z'));

    // The topic filter applies.
    let tibet = csv_records(&peer.get("/cases/export.csv?topic=tibet").await);
    assert_eq!(ids_of_csv(&tibet), set(&[&hidden]));
    let taiwan = json_cases(&peer.get("/cases/export.json?topic=taiwan").await);
    assert_eq!(ids_of_json(&taiwan), set(&[&open]));
    let nothing = json_cases(&peer.get("/cases/export.json?q=%21%21").await);
    assert!(nothing.is_empty());
    assert_eq!(
        peer.get("/cases/export.csv?topic=atlantis").await.status,
        StatusCode::BAD_REQUEST
    );

    // The moderator and the author see everything published, with the city.
    for who in [&moderator, &author] {
        let cases = json_cases(&who.get("/cases/export.json").await);
        assert_eq!(ids_of_json(&cases), set(&[&open, &red, &hidden]));
        let anon = cases.iter().find(|c| c["id"] == hidden.as_str()).unwrap();
        assert_eq!(anon["place"], "Brno, Czechia");
        assert_eq!(anon["counterpart_name"], "Embassy of the PRC in Sweden");
        assert!(!ids_of_json(&cases).contains(&draft_id));
    }

    // Visitors are sent to sign in.
    for path in ["/cases/export.csv", "/cases/export.json?topic=tibet"] {
        let page = visitor.get(path).await;
        assert_eq!(page.status, StatusCode::SEE_OTHER, "{path}");
        assert!(
            page.location
                .as_deref()
                .unwrap()
                .starts_with("/login?next=")
        );
        assert!(!page.has("Open letter"));
    }
}

// ----- Atom feed -----

/// Parses the feed as XML; returns the text of every element named `name`, in order.
fn xml_texts(xml: &str, name: &str) -> Vec<String> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut out = Vec::new();
    let mut inside = false;
    let mut current = String::new();
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Eof => break,
            Event::Start(e) if e.name().as_ref() == name => {
                inside = true;
                current.clear();
            }
            Event::End(e) if e.name().as_ref() == name => {
                inside = false;
                out.push(current.clone());
            }
            Event::Text(t) if inside => current.push_str(&t.xml10_content()),
            Event::GeneralRef(r) if inside => {
                if let Some(c) = r.resolve_char_ref().expect("a valid reference") {
                    current.push(c);
                    continue;
                }
                let name = r.xml10_content();
                current.push_str(match name.as_ref() {
                    "amp" => "&",
                    "lt" => "<",
                    "gt" => ">",
                    "quot" => "\"",
                    "apos" => "'",
                    other => panic!("unexpected entity {other}"),
                });
            }
            _ => {}
        }
    }
    out
}

async fn cached_statistics_follow_a_change_at_once(backend: Backend) {
    // Statistics kept for a minute, as in production.
    let app = spawn_with(Options {
        tuning: Tuning {
            stats_cache: std::time::Duration::from_secs(60),
            ..common::fast_tuning()
        },
        ..Options::new(backend)
    })
    .await;
    let author = member_in(&app, "Karel Dvorak", "Brno", "CZ", Role::Member).await;
    let moderator = member_in(&app, "Mona Mod", "Lyon", "FR", Role::Moderator).await;
    let visitor = app.client.fresh();
    let fields = with(case_fields("A public letter"), "tlp", "clear");
    let id = published(&app, &author, &moderator, &fields).await;
    assert_eq!(total(&visitor.get("/stats").await), 1);
    assert_eq!(total(&visitor.get("/stats").await), 1, "now from the cache");

    // The author raises the case to RED (narrowing: at once). The visitor's cached count
    // must not outlive the change.
    let token = author.get(&format!("/cases/{id}/edit")).await.csrf();
    let red = with(fields, "tlp", "red");
    let mut all: Vec<(&str, &str)> = red.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    all.push(("csrf_token", &token));
    let saved = author.post_raw(&format!("/cases/{id}/edit"), &all).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    assert_eq!(
        total(&visitor.get("/stats").await),
        0,
        "the RED case is not counted"
    );
    assert_eq!(total(&moderator.get("/stats").await), 1);
}

async fn atom_feed_answers_conditional_requests(backend: Backend) {
    let app = spawn_app(backend).await;
    let author = member_in(&app, "Karel Dvorak", "Brno", "CZ", Role::Member).await;
    let moderator = member_in(&app, "Mona Mod", "Lyon", "FR", Role::Moderator).await;
    let fields = with(case_fields("A public letter"), "tlp", "clear");
    published(&app, &author, &moderator, &fields).await;
    let reader = reqwest::Client::new();
    let url = format!("{}/cases/feed.atom", app.base);
    let first = reader.get(&url).send().await.unwrap();
    assert_eq!(first.status(), StatusCode::OK);
    let etag = first.headers()["etag"].to_str().unwrap().to_owned();
    let modified = first.headers()["last-modified"]
        .to_str()
        .unwrap()
        .to_owned();
    assert_eq!(first.headers()["cache-control"], "public, no-cache");
    assert!(!first.text().await.unwrap().is_empty());
    let by_tag = reader
        .get(&url)
        .header("If-None-Match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(by_tag.status(), StatusCode::NOT_MODIFIED);
    assert_eq!(by_tag.headers()["etag"].to_str().unwrap(), etag);
    assert!(by_tag.text().await.unwrap().is_empty());
    let by_date = reader
        .get(&url)
        .header("If-Modified-Since", &modified)
        .send()
        .await
        .unwrap();
    assert_eq!(by_date.status(), StatusCode::NOT_MODIFIED);
    let other = reader
        .get(&url)
        .header("If-None-Match", "\"something-else\"")
        .send()
        .await
        .unwrap();
    assert_eq!(other.status(), StatusCode::OK);
    // A new public case changes the feed, and with it the validator.
    published(
        &app,
        &author,
        &moderator,
        &with(case_fields("Another public letter"), "tlp", "clear"),
    )
    .await;
    let changed = reader
        .get(&url)
        .header("If-None-Match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(changed.status(), StatusCode::OK);
    assert_ne!(changed.headers()["etag"].to_str().unwrap(), etag);
}

async fn atom_feed_is_public_only(backend: Backend) {
    let app = spawn_app(backend).await;
    let author = member_in(&app, "Karel Dvorak", "Brno", "CZ", Role::Member).await;
    let moderator = member_in(&app, "Mona Mod", "Lyon", "FR", Role::Moderator).await;
    let visitor = app.client.fresh();

    let clear = published(
        &app,
        &author,
        &moderator,
        &with(case_fields("Lanterns & <dragons> festival"), "tlp", "clear"),
    )
    .await;
    published(
        &app,
        &author,
        &moderator,
        &with(case_fields("Green members-only letter"), "tlp", "green"),
    )
    .await;
    let anonymised = with(
        with(
            with(case_fields("Anonymous Tibet flag request"), "tlp", "clear"),
            "anonymity",
            "city",
        ),
        "topics",
        "tibet",
    );
    published(&app, &author, &moderator, &anonymised).await;

    // Whoever asks, the feed is the visitors' view.
    for who in [&moderator, &author, &visitor] {
        let page = who.get("/cases/feed.atom").await;
        assert_eq!(page.status, StatusCode::OK);
        assert_eq!(
            page.headers["content-type"].to_str().unwrap(),
            "application/atom+xml; charset=utf-8"
        );
        assert!(page.body.starts_with("<?xml"));
        let titles = xml_texts(&page.body, "title");
        assert_eq!(
            titles[1..],
            [
                "Anonymous Tibet flag request".to_owned(),
                "Lanterns & <dragons> festival".to_owned()
            ],
            "entries, newest first"
        );
        assert!(titles[0].starts_with("Twinwise"));
        assert!(!page.has("Green members-only"));
        assert_eq!(xml_texts(&page.body, "entry").len(), 2);
        let names = xml_texts(&page.body, "name");
        assert!(!names.is_empty() && names.iter().all(|n| n == "Twinwise"));
        assert!(!page.has("Karel") && !page.has("Mona"));
        let summaries = xml_texts(&page.body, "summary");
        assert!(summaries[0].starts_with("Reported from a city in Czechia."));
        assert!(summaries[1].starts_with("Reported from Brno, Czechia."));
        let ids = xml_texts(&page.body, "id");
        assert!(ids.contains(&format!("{}/cases/{clear}", app.base)));
        assert!(
            xml_texts(&page.body, "updated")
                .iter()
                .all(|u| u.ends_with('Z'))
        );
        assert!(page.has(&format!("href=\"{}/cases/{clear}\"", app.base)));
    }

    // The filters apply.
    let tibet = visitor.get("/cases/feed.atom?topic=tibet").await;
    assert_eq!(
        xml_texts(&tibet.body, "title")[1..],
        ["Anonymous Tibet flag request".to_owned()]
    );
    assert!(tibet.has("/cases/feed.atom?topic=tibet"));
    let none = moderator.get("/cases/feed.atom?q=members").await;
    assert_eq!(none.status, StatusCode::OK);
    assert!(xml_texts(&none.body, "entry").is_empty());
    assert_eq!(
        visitor.get("/cases/feed.atom?year=19x").await.status,
        StatusCode::BAD_REQUEST
    );
}

backend_tests!(
    search_finds_cases_and_counterparts,
    search_shows_the_newest_twenty_and_links_to_the_rest,
    stats_count_only_what_the_reader_may_read,
    cached_statistics_follow_a_change_at_once,
    atom_feed_answers_conditional_requests,
    exports_hold_exactly_the_readable_cases,
    atom_feed_is_public_only,
);
