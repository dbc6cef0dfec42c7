//! Agreement review over HTTP: adding an agreement by paste and by upload, the review page's
//! flags and highlights, language versions and versions, annotations, the partnerships
//! registry, the deadlines list, and the policy for city-owned records (the owning city's
//! members always read; otherwise the levels as for cases) across every surface that shows
//! agreements and partnerships: page, list, deadlines, edit, search, review download,
//! annotations (shared and kept to the city), the registry, each member's calendar feed and
//! the reminder mail. Both backends.

use crate::common;

use common::{Backend, Client, Page, TestApp, spawn_app};
use reqwest::StatusCode;
use twinwise::domain::Role;

const PASSWORD: &str = "orchid tundra falcon 42";

const RISKY: &str = "MEMORANDUM OF UNDERSTANDING ON FRIENDLY EXCHANGES

The City of Brno and the City of Zqtown,
Have agreed as follows:

Article 1
Purpose
The Parties shall develop exchanges in culture and education.

Article 2
The City of Brno adheres to the one China principle and recognises that Taiwan is an inalienable part of China's territory.

Article 3
This Memorandum shall be automatically renewed for successive periods of five years.

Done at Brno on 1 May 2024.";

const CHINESE: &str = "友好交流合作谅解备忘录

第一条 目的
双方在文化和教育领域开展交流。

第二条
双方确认一个中国原则，台湾是中国领土不可分割的一部分。

第三条
本备忘录以中文文本为准。";

/// The particulars of a signed agreement, five years from 2024-05-01 with automatic renewal
/// and six months' notice, at `tlp`.
fn particulars<'a>(title: &'a str, tlp: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("title", title),
        ("kind", "mou"),
        ("status", "signed"),
        ("signed_on", "2024-05-01"),
        ("term_count", "5"),
        ("term_unit", "years"),
        ("renewal", "automatic"),
        ("notice_count", "6"),
        ("notice_unit", "months"),
        ("reminders", "90, 30, 7"),
        ("tlp", tlp),
    ]
}

fn id_from(page: &Page) -> String {
    let location = page
        .location
        .as_deref()
        .unwrap_or_else(|| panic!("expected a redirect, got {}:\n{}", page.status, page.body));
    location
        .trim_start_matches("/agreements/")
        .split(['?', '/'])
        .next()
        .unwrap()
        .to_owned()
}

async fn paste(client: &Client, fields: &[(&str, &str)], text: &str) -> Page {
    let mut all = fields.to_vec();
    all.push(("text", text));
    client
        .submit_multipart("/agreements/new", "/agreements/new", &all, None)
        .await
}

async fn member_in(app: &TestApp, city: &str, country: &str, role: Role) -> (Client, String) {
    let email = format!(
        "{}@{}.example",
        uuid::Uuid::new_v4().simple(),
        city.to_lowercase()
    );
    let id = app.create_user_in(&email, "Test Person", role, PASSWORD, city, country);
    let client = app.client.fresh();
    let page = client.login(&email, PASSWORD).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "login failed");
    (client, id)
}

/// A one-page PDF with these lines as text (none: a page without a text layer, like a scan).
fn pdf(lines: &[&str]) -> Vec<u8> {
    twinwise::agreements::extract::sample_pdf(lines)
}

/// A minimal Word document holding these paragraphs.
fn docx(paragraphs: &[&str]) -> Vec<u8> {
    use std::io::Write;
    let mut out = std::io::Cursor::new(Vec::new());
    {
        let mut zip = zip::ZipWriter::new(&mut out);
        let options = zip::write::SimpleFileOptions::default();
        zip.start_file("[Content_Types].xml", options).unwrap();
        zip.write_all(br#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>"#).unwrap();
        zip.start_file("word/document.xml", options).unwrap();
        let body: String = paragraphs
            .iter()
            .map(|p| format!("<w:p><w:r><w:t>{p}</w:t></w:r></w:p>"))
            .collect();
        write!(
            zip,
            r#"<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>"#
        )
        .unwrap();
        zip.finish().unwrap();
    }
    out.into_inner()
}

async fn a_member_reviews_an_agreement_by_paste_and_upload(backend: Backend) {
    let app = spawn_app(backend).await;
    let (brno, _) = member_in(&app, "Brno", "CZ", Role::Member).await;

    let created = paste(
        &brno,
        &particulars("Brno – Zqtown memorandum", "green"),
        RISKY,
    )
    .await;
    assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.body);
    let id = id_from(&created);
    let review = brno.get(&format!("/agreements/{id}")).await;
    assert_eq!(review.status, StatusCode::OK);
    assert!(review.has("2 red"), "{}", review.body);
    assert!(review.has("2 amber"));
    let marks = review.texts("mark");
    assert!(
        marks.iter().any(|m| m.contains("one China principle")),
        "{marks:?}"
    );
    assert!(
        marks.iter().any(|m| m.contains("automatically renewed")),
        "{marks:?}"
    );
    let headings = review.texts("article.clause h3");
    assert_eq!(
        headings,
        [
            "Preamble",
            "Article 1 — Purpose",
            "Article 2",
            "Article 3",
            "Signatures"
        ]
    );
    // Five years from 2024-05-01, six months' notice: act by 2028-11-01.
    assert!(review.has("2028-11-01"), "deadline missing");
    assert_eq!(
        review
            .headers
            .get("cache-control")
            .and_then(|v| v.to_str().ok()),
        Some("no-store")
    );

    // The Chinese version, uploaded as a file, is its own language version.
    let added = brno
        .submit_multipart(
            &format!("/agreements/{id}"),
            &format!("/agreements/{id}/texts"),
            &[("language", "")],
            Some(("memorandum.zh.txt", CHINESE.as_bytes().to_vec())),
        )
        .await;
    assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.body);
    let chinese = brno.follow(&added).await;
    assert!(
        chinese.has("Review of the Chinese text, version 1"),
        "{}",
        chinese.body
    );
    assert!(
        chinese
            .texts("mark")
            .iter()
            .any(|m| m.contains("以中文文本为准"))
    );
    // A revised English draft, from a Word document, is English version 2.
    let paragraphs = ["Article 1", "The Parties shall develop exchanges in sport."];
    let revised = brno
        .submit_multipart(
            &format!("/agreements/{id}"),
            &format!("/agreements/{id}/texts"),
            &[("language", "en")],
            Some(("draft-2.docx", docx(&paragraphs))),
        )
        .await;
    let revised = brno.follow(&revised).await;
    assert!(
        revised.has("Review of the English text, version 2"),
        "{}",
        revised.body
    );
    assert!(revised.has("0 red"));
    assert!(revised.has("Earlier versions"));

    // Listed for the member, with both languages.
    let list = brno.get("/agreements?mine=1").await;
    assert!(list.has("Brno – Zqtown memorandum"));
    assert!(list.has("en, zh"), "{}", list.body);
    let deadlines = brno.get("/agreements/deadlines").await;
    assert_eq!(deadlines.status, StatusCode::OK);
    assert!(
        !deadlines.has("Brno – Zqtown memorandum"),
        "2028 is more than a year ahead"
    );
}

async fn annotations_follow_the_agreement_and_city_only_notes_stay_home(backend: Backend) {
    let app = spawn_app(backend).await;
    let (brno, _) = member_in(&app, "Brno", "CZ", Role::Member).await;
    let (brno_peer, _) = member_in(&app, "Brno", "CZ", Role::Member).await;
    let (lyon, _) = member_in(&app, "Lyon", "FR", Role::Member).await;
    let (moderator, _) = member_in(&app, "Vienna", "AT", Role::Moderator).await;
    let id = id_from(&paste(&brno, &particulars("Annotated memorandum", "green"), RISKY).await);
    let page = brno.get(&format!("/agreements/{id}")).await;
    let doc = scraper::Html::parse_document(&page.body);
    let select = scraper::Selector::parse("input[name=clause_id]").unwrap();
    let clause_ids: Vec<String> = doc
        .select(&select)
        .filter_map(|e| e.value().attr("value").map(str::to_owned))
        .collect();
    assert_eq!(clause_ids.len(), 5);
    let article_2 = clause_ids[2].clone();
    let path = format!("/agreements/{id}");
    let action = format!("/agreements/{id}/annotations");
    let shared = lyon
        .submit(
            &path,
            &action,
            &[
                ("clause_id", &article_2),
                ("concern", "high"),
                ("body", "Lyon refused **this** <script>x</script>"),
            ],
        )
        .await;
    assert_eq!(shared.status, StatusCode::SEE_OTHER);
    let kept = brno
        .submit(
            &path,
            &action,
            &[
                ("clause_id", &article_2),
                ("concern", "medium"),
                ("body", "Zqhome only"),
                ("city_only", "1"),
            ],
        )
        .await;
    assert_eq!(kept.status, StatusCode::SEE_OTHER);
    // A member of another city cannot keep a note to the owning city.
    let refused = lyon
        .submit(
            &path,
            &action,
            &[
                ("clause_id", &article_2),
                ("concern", "low"),
                ("body", "Zqsneaky"),
                ("city_only", "1"),
            ],
        )
        .await;
    let after = lyon.follow(&refused).await;
    assert!(
        after.has("Only members of the agreement&#39;s city"),
        "{}",
        after.body
    );
    // Empty comment: refused with a message.
    let empty = lyon
        .submit(
            &path,
            &action,
            &[
                ("clause_id", &article_2),
                ("concern", "low"),
                ("body", "  "),
            ],
        )
        .await;
    assert!(lyon.follow(&empty).await.has("Not saved"));

    for (who, client, sees_home) in [
        ("author", &brno, true),
        ("peer", &brno_peer, true),
        ("lyon", &lyon, false),
        ("moderator", &moderator, false),
    ] {
        let page = client.get(&path).await;
        assert!(page.has("Lyon refused"), "{who} misses the shared note");
        assert!(!page.body.contains("<script>x"), "markup must be escaped");
        assert_eq!(page.has("Zqhome only"), sees_home, "{who}");
        assert!(!page.has("Zqsneaky"));
    }
    // A visitor sees neither the agreement (GREEN) nor its notes.
    assert_eq!(
        app.client.fresh().get(&path).await.status,
        StatusCode::NOT_FOUND
    );
    // The downloads hold what the page holds for each reader.
    let markdown = brno.get(&format!("{path}/review.md")).await;
    assert_eq!(markdown.status, StatusCode::OK);
    assert!(markdown.has("# Annotated memorandum"));
    assert!(markdown.has("TLP:GREEN"));
    assert!(markdown.has("Zqhome only") && markdown.has("Lyon refused"));
    assert!(markdown.has("> The City of Brno adheres to the one China principle"));
    let csv = lyon.get(&format!("{path}/review.csv")).await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(csv.has("Article 2,flag,red,sovereignty,"), "{}", csv.body);
    assert!(csv.has("Lyon refused") && !csv.has("Zqhome only"));
    assert_eq!(
        csv.headers
            .get("cache-control")
            .and_then(|v| v.to_str().ok()),
        Some("no-store")
    );
    let visitor_csv = app.client.fresh().get(&format!("{path}/review.csv")).await;
    assert_eq!(visitor_csv.status, StatusCode::NOT_FOUND);

    // Deleting: the author may, another member may not, a moderator may (audited).
    let page = lyon.get(&path).await;
    let doc = scraper::Html::parse_document(&page.body);
    let forms = scraper::Selector::parse("form[action*='/annotations/']").unwrap();
    let delete: Vec<String> = doc
        .select(&forms)
        .filter_map(|e| e.value().attr("action").map(str::to_owned))
        .collect();
    assert_eq!(delete.len(), 1, "lyon may delete its own note only");
    let other_note = brno.get(&path).await;
    let doc = scraper::Html::parse_document(&other_note.body);
    let brno_forms: Vec<String> = doc
        .select(&forms)
        .filter_map(|e| e.value().attr("action").map(str::to_owned))
        .collect();
    let brno_own = brno_forms
        .iter()
        .find(|a| !delete.contains(a))
        .unwrap()
        .clone();
    let forged = lyon.submit(&path, &brno_own, &[]).await;
    assert_eq!(
        forged.status,
        StatusCode::NOT_FOUND,
        "a city-only note is not even there for lyon"
    );
    let removed = moderator.submit(&path, &delete[0], &[]).await;
    assert_eq!(removed.status, StatusCode::SEE_OTHER);
    assert!(!brno.get(&path).await.has("Lyon refused"));
    let mut conn = app.db.get().unwrap();
    use diesel::prelude::*;
    use twinwise::db::schema::audit_log;
    let audited: i64 = audit_log::table
        .filter(audit_log::action.eq("delete_annotation"))
        .count()
        .get_result(&mut conn)
        .unwrap();
    assert_eq!(audited, 1);
}

/// Which readers see a city-owned record at each level, written from DESIGN.md: CLEAR anyone,
/// GREEN members, AMBER moderators and members of the audience's countries (here SK, chosen
/// on the form), RED moderators; the owning city's members always.
fn expected(level: &str, reader: &str) -> bool {
    match (level, reader) {
        (_, "moderator" | "owner-peer" | "owner") => true,
        ("clear", _) => true,
        ("green", r) => r != "visitor",
        ("amber", r) => r == "audience",
        _ => false,
    }
}

async fn the_policy_holds_for_agreements_and_partnerships_on_every_surface(backend: Backend) {
    let app = spawn_app(backend).await;
    let (owner, owner_id) = member_in(&app, "Brno", "CZ", Role::Member).await;
    let (owner_peer, owner_peer_id) = member_in(&app, "Brno", "CZ", Role::Member).await;
    let (elsewhere, elsewhere_id) = member_in(&app, "Lyon", "FR", Role::Member).await;
    let (audience, audience_id) = member_in(&app, "Bratislava", "SK", Role::Member).await;
    let (moderator, moderator_id) = member_in(&app, "Vienna", "AT", Role::Moderator).await;
    let visitor = app.client.fresh();
    let email_of = |id: &str| {
        twinwise::db::users::member(&mut app.db.get().unwrap(), id)
            .unwrap()
            .unwrap()
            .email
    };
    // A notice deadline 20 days from today (so the 30-day reminder is due): five years'
    // term, three months' notice, signed 57 months less 20 days ago.
    let signed = (chrono::Utc::now().date_naive() + chrono::TimeDelta::days(20)
        - chrono::Months::new(57))
    .to_string();
    let near = [("signed_on", signed.as_str()), ("notice_count", "3")];
    let mut agreements = Vec::new();
    let mut partnerships = Vec::new();
    for level in ["clear", "green", "amber", "red"] {
        let title = format!("Zqagreement {level}");
        let mut fields = particulars(&title, level);
        fields.retain(|(k, _)| !near.iter().any(|(n, _)| n == k));
        fields.extend(near);
        if level == "amber" {
            fields.push(("audience", "SK"));
        }
        let page = paste(&owner, &fields, RISKY).await;
        let id = id_from(&page);
        // A note every reader of the agreement sees, and one kept to Brno's members.
        let review = owner.get(&format!("/agreements/{id}")).await;
        let clause = {
            let doc = scraper::Html::parse_document(&review.body);
            let sel = scraper::Selector::parse("input[name=clause_id]").unwrap();
            doc.select(&sel)
                .next()
                .and_then(|e| e.value().attr("value").map(str::to_owned))
                .unwrap()
        };
        for (note, home) in [
            (format!("Zqshared note {level}"), false),
            (format!("Zqhome note {level}"), true),
        ] {
            let mut fields = vec![
                ("clause_id", clause.as_str()),
                ("concern", "high"),
                ("body", note.as_str()),
            ];
            if home {
                fields.push(("city_only", "1"));
            }
            let added = owner
                .submit(
                    &format!("/agreements/{id}"),
                    &format!("/agreements/{id}/annotations"),
                    &fields,
                )
                .await;
            assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.body);
        }
        agreements.push((level, id, title));
        let counterpart = format!("Zqcity{level}");
        let mut p = vec![
            ("counterpart_city", counterpart.as_str()),
            ("counterpart_country", "CN"),
            ("kind", "friendship-city"),
            ("status", "active"),
            ("tlp", level),
        ];
        let city = owner.get("/partnerships/new").await.selected("city_id");
        let city = city.unwrap_or_default();
        p.push(("city_id", &city));
        if level == "amber" {
            p.push(("audience", "SK"));
        }
        let saved = owner
            .submit("/partnerships/new", "/partnerships/new", &p)
            .await;
        assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
        let pid = saved
            .location
            .unwrap()
            .trim_start_matches("/partnerships/")
            .to_owned();
        partnerships.push((level, pid, counterpart));
    }
    let readers: [(&str, &Client); 6] = [
        ("visitor", &visitor),
        ("elsewhere", &elsewhere),
        ("audience", &audience),
        ("moderator", &moderator),
        ("owner-peer", &owner_peer),
        ("owner", &owner),
    ];
    let mut failures = Vec::new();
    // Each member's calendar feed, read without cookies.
    let mut feeds = std::collections::HashMap::new();
    for (reader, client) in &readers[1..] {
        let made = client
            .submit("/account/calendar", "/account/calendar", &[])
            .await;
        let doc = scraper::Html::parse_document(&made.body);
        let sel = scraper::Selector::parse("#feed-address").unwrap();
        let address = doc
            .select(&sel)
            .next()
            .and_then(|e| e.value().attr("value").map(str::to_owned))
            .expect("a feed address");
        let feed = reqwest::get(&address).await.unwrap().text().await.unwrap();
        feeds.insert(*reader, feed);
    }
    for (reader, client) in readers {
        let list = client.get("/agreements").await;
        let search = client.get("/search?q=zqagreement").await;
        let found = search.texts("section[aria-labelledby=search-agreements] li a");
        let deadlines = client.get("/agreements/deadlines").await;
        let registry = client.get("/partnerships").await;
        for (level, id, title) in &agreements {
            let want = expected(level, reader);
            let page = client.get(&format!("/agreements/{id}")).await;
            let got = page.status == StatusCode::OK;
            if got != want || (!want && page.status != StatusCode::NOT_FOUND) {
                failures.push(format!("{reader} {level} agreement page: {}", page.status));
            }
            if list.has(title) != want {
                failures.push(format!(
                    "{reader} {level} agreement in the list: {}",
                    list.has(title)
                ));
            }
            if reader != "visitor" && deadlines.has(title) != want {
                failures.push(format!("{reader} {level} agreement in deadlines"));
            }
            if found.contains(title) != want {
                failures.push(format!("{reader} {level} agreement in /search: {found:?}"));
            }
            let download = client.get(&format!("/agreements/{id}/review.md")).await;
            if (download.status == StatusCode::OK) != want {
                failures.push(format!(
                    "{reader} {level} review download: {}",
                    download.status
                ));
            }
            let owning = matches!(reader, "owner" | "owner-peer");
            for (what, page) in [("page", &page), ("download", &download)] {
                if page.has(&format!("Zqshared note {level}")) != want {
                    failures.push(format!("{reader} {level} shared note on the {what}"));
                }
                if page.has(&format!("Zqhome note {level}")) != (want && owning) {
                    failures.push(format!("{reader} {level} city-only note on the {what}"));
                }
            }
            if let Some(feed) = feeds.get(reader) {
                // A feed holds its own city's deadlines, quoting titles up to GREEN only.
                let quoted = owning && matches!(*level, "clear" | "green");
                if feed.contains(title.as_str()) != quoted {
                    failures.push(format!("{reader} {level} title in the calendar feed"));
                }
            }
            let edit = client.get(&format!("/agreements/{id}/edit")).await.status;
            let may_edit = matches!(reader, "owner" | "owner-peer" | "moderator");
            let edit_ok = match (may_edit, want) {
                _ if reader == "visitor" => edit == StatusCode::SEE_OTHER,
                (true, _) => edit == StatusCode::OK,
                (false, true) => edit == StatusCode::FORBIDDEN,
                (false, false) => matches!(edit, StatusCode::NOT_FOUND | StatusCode::SEE_OTHER),
            };
            if !edit_ok {
                failures.push(format!("{reader} {level} agreement edit: {edit}"));
            }
        }
        for (level, id, counterpart) in &partnerships {
            let want = expected(level, reader);
            let page = client.get(&format!("/partnerships/{id}")).await;
            if (page.status == StatusCode::OK) != want {
                failures.push(format!(
                    "{reader} {level} partnership page: {}",
                    page.status
                ));
            }
            if registry.has(counterpart) != want {
                failures.push(format!("{reader} {level} partnership in the registry"));
            }
        }
    }
    for (reader, feed) in &feeds {
        let events = feed.matches("BEGIN:VEVENT").count();
        let want = if matches!(*reader, "owner" | "owner-peer") {
            8
        } else {
            0
        };
        if events != want {
            failures.push(format!("{reader}: {events} events in the calendar feed"));
        }
    }
    // Reminder mail goes to the owning city's members only, quoting titles up to GREEN.
    let notice_by = twinwise::db::agreements::find(&mut app.db.get().unwrap(), &agreements[0].1)
        .unwrap()
        .unwrap()
        .row
        .notice_by
        .expect("a notice deadline");
    {
        // The server's own runner has scheduled the job for later today: make it due.
        use diesel::prelude::*;
        use twinwise::db::schema::jobs;
        diesel::update(jobs::table)
            .set(
                jobs::due_at.eq(chrono::NaiveDate::from_ymd_opt(2000, 1, 1)
                    .unwrap()
                    .and_hms_opt(0, 0, 0)
                    .unwrap()),
            )
            .execute(&mut *app.db.get().unwrap())
            .unwrap();
    }
    let ran = run_jobs_on(&app, notice_by - chrono::TimeDelta::days(5));
    assert!(
        ran.iter()
            .any(|r| r.outcome == Ok("4 reminders, 8 mails".into())),
        "{ran:?} (deadline {notice_by})"
    );
    for (reader, id) in [
        ("owner", &owner_id),
        ("owner-peer", &owner_peer_id),
        ("elsewhere", &elsewhere_id),
        ("audience", &audience_id),
        ("moderator", &moderator_id),
    ] {
        let email = email_of(id);
        if matches!(reader, "owner" | "owner-peer") {
            let texts = received(&app, &email, 4).await;
            for (level, _, title) in &agreements {
                let quoted = texts.iter().any(|t| t.contains(title.as_str()));
                if quoted != matches!(*level, "clear" | "green") {
                    failures.push(format!("{reader} {level} title in reminder mail: {quoted}"));
                }
            }
        } else if !queued_to(&app, &email, REMINDER).is_empty() {
            failures.push(format!("{reader} was sent a reminder"));
        }
    }
    // Visitors are sent to sign in for the deadlines list.
    assert_eq!(
        visitor.get("/agreements/deadlines").await.status,
        StatusCode::SEE_OTHER
    );
    assert!(
        failures.is_empty(),
        "policy failures:\n{}",
        failures.join("\n")
    );
}

async fn bad_input_gets_clear_messages_and_saves_nothing(backend: Backend) {
    let app = spawn_app(backend).await;
    let (brno, _) = member_in(&app, "Brno", "CZ", Role::Member).await;
    let (lyon, _) = member_in(&app, "Lyon", "FR", Role::Member).await;
    let fields = particulars("Zqbad memorandum", "clear");
    let unprocessable = StatusCode::UNPROCESSABLE_ENTITY;

    let empty = paste(&brno, &fields, " \n\t ").await;
    assert_eq!(empty.status, unprocessable);
    assert!(empty.has("it has no text"));
    assert_eq!(
        empty.input_value("title").as_deref(),
        Some("Zqbad memorandum"),
        "the form keeps what was typed"
    );

    let huge = "Article 1\nText. ".repeat(700_000);
    let big = paste(&brno, &fields, &huge).await;
    assert_eq!(big.status, unprocessable);
    assert!(
        big.has("an agreement can be at most 2 MB"),
        "{}",
        &big.body[..big.body.len().min(3000)]
    );

    let mut notice = fields.clone();
    notice.retain(|(k, _)| *k != "notice_count" && *k != "notice_unit");
    notice.extend([("notice_count", "6"), ("notice_unit", "years")]);
    let early = paste(&brno, &notice, RISKY).await;
    assert_eq!(early.status, unprocessable);
    assert!(early.has("would fall before the agreement takes effect"));

    let binary = brno
        .submit_multipart(
            "/agreements/new",
            "/agreements/new",
            &fields,
            Some(("tool.docx", b"MZ\x90\x00\x03\x00\x00\x00".to_vec())),
        )
        .await;
    assert_eq!(binary.status, unprocessable);
    assert!(
        binary.has("tool.docx: not a Word document"),
        "{}",
        binary.body
    );
    let exe = brno
        .submit_multipart(
            "/agreements/new",
            "/agreements/new",
            &fields,
            Some(("setup.exe", vec![0x4d, 0x5a])),
        )
        .await;
    assert!(exe.has("only .txt, .md, .docx and .pdf files can be read"));
    // A scan (no text layer), an executable renamed .pdf, and a real text PDF.
    for (name, bytes, message) in [
        ("scan.pdf", pdf(&[]), "scan.pdf: the PDF has no text layer"),
        (
            "renamed.pdf",
            b"MZ\x90\x00\x03".to_vec(),
            "renamed.pdf: not a PDF that can be opened",
        ),
    ] {
        let refused = brno
            .submit_multipart(
                "/agreements/new",
                "/agreements/new",
                &fields,
                Some((name, bytes)),
            )
            .await;
        assert_eq!(refused.status, unprocessable);
        assert!(refused.has(message), "{name}: {}", refused.body);
    }
    let text_pdf = pdf(&[
        "Article 1",
        "The City of Brno adheres to the one China principle.",
    ]);
    let read = brno
        .submit_multipart(
            "/agreements/new",
            "/agreements/new",
            &fields,
            Some(("mou.pdf", text_pdf)),
        )
        .await;
    assert_eq!(read.status, StatusCode::SEE_OTHER, "{}", read.body);
    let review = brno.follow(&read).await;
    assert!(review.has("one China principle"), "{}", review.body);

    let hostile = "Article 1\n<script>alert(1)</script> The Parties \u{202E}shall meet\u{0000}.";
    let shown = paste(&brno, &fields, hostile).await;
    let page = brno.follow(&shown).await;
    assert!(
        page.body
            .contains("&#60;script&#62;alert(1)&#60;/script&#62;"),
        "markup is text"
    );
    assert!(!page.body.contains("<script>alert"));
    assert!(!page.body.contains('\u{202E}'));

    // Nothing half-saved: only the text PDF and the hostile one exist.
    let list = brno.get("/agreements?mine=1").await;
    assert!(list.has("2 agreements"), "{}", list.body);

    // Another city's member can read a CLEAR agreement but not change it.
    let id = id_from(&shown);
    assert_eq!(
        lyon.get(&format!("/agreements/{id}/edit")).await.status,
        StatusCode::FORBIDDEN
    );
    let forged = lyon
        .submit_multipart(
            &format!("/agreements/{id}"),
            &format!("/agreements/{id}/texts"),
            &[("text", "Article 1\nZqforged")],
            None,
        )
        .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    assert!(!brno.get(&format!("/agreements/{id}")).await.has("Zqforged"));

    // Without a CSRF token the form comes back with what was typed.
    let no_token = reqwest::multipart::Form::new()
        .text("title", "Zqkept title")
        .text("text", "Article 1\nText");
    let refused = brno
        .http
        .post(format!("{}/agreements/new", brno.base))
        .multipart(no_token)
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    assert!(refused.text().await.unwrap().contains("Zqkept title"));

    // A partnership for another city is refused; a duplicate too.
    let lyon_city = lyon
        .get("/partnerships/new")
        .await
        .selected("city_id")
        .unwrap_or_default();
    let brno_city = brno
        .get("/partnerships/new")
        .await
        .selected("city_id")
        .unwrap_or_default();
    assert_ne!(lyon_city, brno_city);
    let p = |city: &str| {
        vec![
            ("city_id", city.to_owned()),
            ("counterpart_city", "Zqcity".to_owned()),
            ("counterpart_country", "CN".to_owned()),
            ("kind", "sister-city".to_owned()),
            ("status", "terminated".to_owned()),
            ("tlp", "clear".to_owned()),
        ]
    };
    let other = p(&brno_city);
    let other: Vec<(&str, &str)> = other.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let refused = brno
        .submit("/partnerships/new", "/partnerships/new", &other)
        .await;
    assert_eq!(refused.status, unprocessable);
    assert!(refused.has("Enter when it was suspended or terminated"));
    let mut own = p(&brno_city);
    own.push(("status_on", "2019-10".to_owned()));
    let own: Vec<(&str, &str)> = own.iter().map(|(k, v)| (*k, v.as_str())).collect();
    assert_eq!(
        brno.submit("/partnerships/new", "/partnerships/new", &own)
            .await
            .status,
        StatusCode::SEE_OTHER
    );
    let twice = brno
        .submit("/partnerships/new", "/partnerships/new", &own)
        .await;
    assert_eq!(twice.status, unprocessable);
    assert!(twice.has("already records a partnership"));
    let mut forged_city: Vec<(&str, &str)> = own.clone();
    forged_city.retain(|(k, _)| *k != "city_id");
    forged_city.push(("city_id", &lyon_city));
    let forged = brno
        .submit("/partnerships/new", "/partnerships/new", &forged_city)
        .await;
    assert!(
        forged.has("You can add partnerships of your own city only"),
        "{}",
        forged.body
    );
}

async fn the_rule_library_is_browsable_with_a_test_bench(backend: Backend) {
    let app = spawn_app(backend).await;
    let visitor = app.client.fresh();
    let list = visitor.get("/rules").await;
    assert_eq!(list.status, StatusCode::OK);
    let rules = list.texts("ul.rule-list li a");
    assert!(rules.len() >= 80, "{} rules listed", rules.len());
    let only_red = visitor
        .get("/rules?category=sovereignty&severity=red")
        .await;
    assert!(
        only_red
            .texts("ul.rule-list li")
            .iter()
            .all(|r| r.starts_with("Do not sign"))
    );
    let sample = "Die Stadt bekennt sich zum Ein-China-Prinzip.";
    let query: String = url::form_urlencoded::Serializer::new(String::new())
        .append_pair("sample", sample)
        .finish();
    let links = scraper::Html::parse_document(&list.body);
    let first = links
        .select(&scraper::Selector::parse("ul.rule-list li a").unwrap())
        .find_map(|a| {
            a.value()
                .attr("href")
                .filter(|h| h.contains("one-china"))
                .map(str::to_owned)
        })
        .expect("a one-China rule");
    let bench = visitor.get(&format!("{first}?{query}")).await;
    assert_eq!(bench.status, StatusCode::OK);
    assert!(bench.has("This rule flags it"), "{}", bench.body);
    assert_eq!(bench.texts("mark"), ["Ein-China-Prinzip"]);
    let harmless = "Die Stadt fördert den Austausch mit China und Taiwan.";
    let query: String = url::form_urlencoded::Serializer::new(String::new())
        .append_pair("sample", harmless)
        .finish();
    let clean = visitor.get(&format!("{first}?{query}")).await;
    assert!(clean.has("This rule does not flag it."));
    assert!(clean.has("No rule of the library flags it."));
    let long = format!("{first}?sample={}", "a".repeat(10_001));
    assert!(
        visitor
            .get(&long)
            .await
            .has("Paste at most 10,000 characters.")
    );
    assert_eq!(
        visitor.get("/rules/no-such-rule").await.status,
        StatusCode::NOT_FOUND
    );
}

async fn versions_languages_and_agreements_compare_clause_by_clause(backend: Backend) {
    let app = spawn_app(backend).await;
    let (brno, _) = member_in(&app, "Brno", "CZ", Role::Member).await;
    let (lyon, _) = member_in(&app, "Lyon", "FR", Role::Member).await;
    let id = id_from(&paste(&brno, &particulars("Zqcompared memorandum", "green"), RISKY).await);
    let path = format!("/agreements/{id}");
    let texts = format!("/agreements/{id}/texts");
    brno.submit_multipart(
        &path,
        &texts,
        &[("text", CHINESE), ("language", "zh")],
        None,
    )
    .await;
    // A second English draft: a new article 2 moves the others down, and the renewal goes.
    let revised = "MEMORANDUM OF UNDERSTANDING ON FRIENDLY EXCHANGES\n\nArticle 1\nPurpose\nThe Parties shall develop exchanges in culture, education and sport.\n\nArticle 2\nEach Party shall bear its own costs.\n\nArticle 3\nThe City of Brno adheres to the one China principle and recognises that Taiwan is an inalienable part of China's territory.\n\nDone at Brno on 1 May 2024.";
    let v2 = brno
        .submit_multipart(
            &path,
            &texts,
            &[("text", revised), ("language", "en")],
            None,
        )
        .await;
    assert_eq!(v2.status, StatusCode::SEE_OTHER, "{}", v2.body);

    // The languages: the review page links the comparison of the current texts.
    let page = brno.get(&path).await;
    let doc = scraper::Html::parse_document(&page.body);
    let link = doc
        .select(&scraper::Selector::parse("a[href*='/compare/']").unwrap())
        .find_map(|a| {
            a.value()
                .attr("href")
                .filter(|h| h.contains("left="))
                .map(str::to_owned)
        })
        .expect("a comparison link");
    let languages = brno.get(&link).await;
    assert_eq!(languages.status, StatusCode::OK, "{}", languages.body);
    assert!(
        languages.has("texts, clause by clause"),
        "{}",
        languages.body
    );
    assert!(languages.has("finding"), "{}", languages.body);
    // The Chinese 第三条 makes the Chinese text prevail; the English Article 3 does not say so.
    assert!(
        languages.body.contains("第三条 is flagged for Prevailing language in the Chinese text but not in the English text"),
        "{}",
        languages.body
    );

    // Two versions of the English text: the moved article is recognised by its wording.
    let older = doc
        .select(&scraper::Selector::parse("details a[href*='/compare/']").unwrap())
        .find_map(|a| a.value().attr("href").map(str::to_owned))
        .expect("compare an earlier version");
    let versions = brno.get(&older.replace("&amp;", "&")).await;
    assert_eq!(versions.status, StatusCode::OK);
    assert!(versions.has("Two texts compared"));
    assert!(
        versions.has("Article 2 of the English text has no counterpart in the English text."),
        "{}",
        versions.body
    );
    assert!(versions.has("<ins>"), "word diff shown");
    assert!(versions.texts(".compare-row").len() >= 5);

    // Another agreement: Lyon cannot read a RED one, and the comparison says 404.
    let secret = id_from(&paste(&brno, &particulars("Zqsecret memorandum", "red"), RISKY).await);
    assert_eq!(
        brno.get(&format!("/agreements/{id}/compare/{secret}"))
            .await
            .status,
        StatusCode::OK
    );
    assert_eq!(
        lyon.get(&format!("/agreements/{id}/compare/{secret}"))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        lyon.get(&format!("/agreements/{secret}/compare/{id}"))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    let picked = brno
        .get(&format!("/agreements/{id}/compare?other={secret}&left="))
        .await;
    assert_eq!(
        picked.location.as_deref(),
        Some(format!("/agreements/{id}/compare/{secret}?left=").as_str())
    );
}

/// The fields of a new rule that flags "zqmarker" wording.
fn rule_fields<'a>(id: &'a str, must_match: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("id", id),
        ("title", "The counterpart approves <b>every</b> zqmarker"),
        ("category", "media-events-approval"),
        ("severity", "red"),
        ("guidance", "Ask for the *approval* to go."),
        ("alternative", "Each side decides on its own events."),
        ("patterns", "zqmarker* ~3 approv*\nzqmarker* ~3 genehmig*"),
        ("unless", "own zqmarker*"),
        ("must_match", must_match),
        (
            "must_not_match",
            "Each side approves its own zqmarker events.\nThe zqmarker exhibition opens in May.",
        ),
    ]
}

async fn moderators_curate_rules_that_their_examples_prove(backend: Backend) {
    let app = spawn_app(backend).await;
    let starter = twinwise::db::rules::count(&mut app.db.get().unwrap()).unwrap();
    assert!(starter >= 80, "starter library installed: {starter} rules");
    let (moderator, _) = member_in(&app, "Brno", "CZ", Role::Moderator).await;
    let (member, _) = member_in(&app, "Lyon", "FR", Role::Member).await;
    let visitor = app.client.fresh();

    // Only moderators see the form; a member's forged post is refused.
    assert!(moderator.get("/rules").await.has("href=\"/rules/new\""));
    assert!(!member.get("/rules").await.has("href=\"/rules/new\""));
    assert_eq!(member.get("/rules/new").await.status, StatusCode::FORBIDDEN);
    assert_eq!(
        visitor.get("/rules/new").await.status,
        StatusCode::SEE_OTHER
    );
    let forged = member
        .submit(
            "/agreements",
            "/rules/new",
            &rule_fields("zq-approval", "zqmarker approval"),
        )
        .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);

    // Examples that fail, patterns that do not compile, empty and oversized fields: each is
    // named, what was typed stays, nothing is saved.
    let fields = rule_fields(
        "zq-approval",
        "Every zqmarker event needs prior approval.\nThe zqmarker needs no blessing at all.",
    );
    let failing = moderator.submit("/rules/new", "/rules/new", &fields).await;
    assert_eq!(
        failing.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        failing.body
    );
    assert!(
        failing.has("The patterns do not flag “The zqmarker needs no blessing at all.”"),
        "{}",
        failing.body
    );
    assert!(failing.has("The zqmarker needs no blessing at all.</textarea>"));
    let mut overreach = rule_fields("zq-approval", "Every zqmarker event needs prior approval.");
    overreach[9] = ("must_not_match", "The zqmarker approval is a formality.");
    let over = moderator
        .submit("/rules/new", "/rules/new", &overreach)
        .await;
    assert!(
        over.has("The rule flags “The zqmarker approval is a formality.”, which it must not"),
        "{}",
        over.body
    );
    let mut broken = rule_fields("zq-approval", "Every zqmarker event needs prior approval.");
    broken[6] = ("patterns", "zqmarker (approv*");
    let bad = moderator.submit("/rules/new", "/rules/new", &broken).await;
    assert!(bad.has("Pattern “zqmarker (approv*”"), "{}", bad.body);
    let mut empty = rule_fields("Bad Id!", "");
    empty[1] = ("title", "");
    empty[6] = ("patterns", "");
    let nothing = moderator.submit("/rules/new", "/rules/new", &empty).await;
    for message in [
        "Enter a title.",
        "Give the rule an id",
        "Add at least one pattern",
    ] {
        assert!(nothing.has(message), "{message}:\n{}", nothing.body);
    }
    let long = "x".repeat(2_001);
    let mut oversized = rule_fields("zq-approval", &long);
    oversized[4] = ("guidance", "");
    let too_long = moderator
        .submit("/rules/new", "/rules/new", &oversized)
        .await;
    assert!(
        too_long.has("Keep each line to 2000 characters"),
        "{}",
        too_long.body
    );
    let mut linked = rule_fields("zq-approval", "Every zqmarker event needs prior approval.");
    linked.push(("cases", "no-such-case"));
    let unknown = moderator.submit("/rules/new", "/rules/new", &linked).await;
    assert!(
        unknown.has("No case has the id “no-such-case”."),
        "{}",
        unknown.body
    );
    assert_eq!(
        visitor.get("/rules/zq-approval").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        twinwise::db::rules::count(&mut app.db.get().unwrap()).unwrap(),
        starter
    );

    // A valid rule is saved, shown escaped, and reviews use it at once.
    let good = rule_fields("zq-approval", "Every zqmarker event needs prior approval.");
    let saved = moderator.submit("/rules/new", "/rules/new", &good).await;
    assert_eq!(
        saved.location.as_deref(),
        Some("/rules/zq-approval"),
        "{}",
        saved.body
    );
    let page = visitor.get("/rules/zq-approval").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.has("&#60;b&#62;every&#60;/b&#62; zqmarker") || page.has("&lt;b&gt;every"),
        "{}",
        page.body
    );
    assert!(page.has("revision 1"));
    let duplicate = moderator.submit("/rules/new", "/rules/new", &good).await;
    assert!(
        duplicate.has("A rule with this id exists"),
        "{}",
        duplicate.body
    );
    let text = "Article 1\nEvery zqmarker festival requires the approval of the other side.";
    let (brno, _) = member_in(&app, "Brno", "CZ", Role::Member).await;
    let id = id_from(&paste(&brno, &particulars("Zqcurated memorandum", "green"), text).await);
    let review = brno.get(&format!("/agreements/{id}")).await;
    assert!(review.has("/rules/zq-approval"), "{}", review.body);
    let bench = visitor
        .get("/rules/zq-approval?sample=Die+zqmarker+Feier+braucht+Genehmigung")
        .await;
    assert!(bench.has("This rule flags it"), "{}", bench.body);

    // An edit is the next revision, with its author and what changed; the id stays.
    let edit = moderator.get("/rules/zq-approval/edit").await;
    assert_eq!(
        edit.input_value("title").as_deref(),
        Some("The counterpart approves <b>every</b> zqmarker")
    );
    let mut changed = good.clone();
    changed[1] = ("title", "The counterpart approves each zqmarker");
    changed[0] = ("id", "renamed-rule");
    changed.push(("note", "Plainer title"));
    let revised = moderator
        .submit(
            "/rules/zq-approval/edit",
            "/rules/zq-approval/edit",
            &changed,
        )
        .await;
    assert_eq!(
        revised.location.as_deref(),
        Some("/rules/zq-approval"),
        "{}",
        revised.body
    );
    let same = moderator
        .submit(
            "/rules/zq-approval/edit",
            "/rules/zq-approval/edit",
            &changed,
        )
        .await;
    assert!(same.has("Nothing has changed"), "{}", same.body);
    let page = visitor.get("/rules/zq-approval").await;
    assert!(page.has("revision 2"));
    assert!(page.has("Plainer title"));
    assert!(page.has("Test Person"));
    let diff = visitor.get("/rules/zq-approval/revisions/2").await;
    assert_eq!(diff.texts("ins"), ["Added text", "each"], "{}", diff.body);
    assert_eq!(
        visitor.get("/rules/zq-approval/revisions/9").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        visitor.get("/rules/renamed-rule").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        member.get("/rules/zq-approval/edit").await.status,
        StatusCode::FORBIDDEN
    );
    let (entries, _) = twinwise::db::audit::page(&mut app.db.get().unwrap(), 0, 50).unwrap();
    let saves: Vec<_> = entries.iter().filter(|e| e.action == "save_rule").collect();
    assert_eq!(saves.len(), 2, "{entries:?}");
    assert!(
        saves
            .iter()
            .all(|e| e.actor.as_deref() == Some("Test Person") && e.detail.contains("zq-approval"))
    );
}

/// Runs the reminders job as of `date` (noon), as a runner of its own.
fn run_jobs_on(app: &TestApp, date: chrono::NaiveDate) -> Vec<twinwise::jobs::Ran> {
    let at = date.and_hms_opt(12, 0, 0).unwrap();
    let only = [twinwise::jobs::Job::Reminders];
    twinwise::jobs::run_due(
        &mut app.db.get().unwrap(),
        &app.settings,
        "test-runner",
        at,
        &only,
    )
    .unwrap()
}

fn queued_to(app: &TestApp, address: &str, subject: &str) -> Vec<twinwise::db::outbox::OutboxRow> {
    twinwise::db::outbox::to_address(&mut app.db.get().unwrap(), address)
        .unwrap()
        .into_iter()
        .filter(|m| m.subject == subject)
        .collect()
}

const REMINDER: &str = "An agreement's notice deadline is coming up";

/// The texts of the reminders `email` received, once there are `n` (delivered mail keeps no
/// text in the outbox: read what the SMTP server got).
async fn received(app: &TestApp, email: &str, n: usize) -> Vec<String> {
    for _ in 0..150 {
        let mails: Vec<String> = app
            .smtp
            .to(email)
            .into_iter()
            .filter(|m| m.subject == REMINDER)
            .map(|m| m.text)
            .collect();
        if mails.len() >= n {
            return mails;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("{n} reminders did not arrive");
}

async fn deadline_reminders_go_out_once_and_the_calendar_feed_parses(backend: Backend) {
    let app = spawn_app(backend).await;
    let (brno, _) = member_in(&app, "Brno", "CZ", Role::Member).await;
    let (colleague, colleague_id) = member_in(&app, "Brno", "CZ", Role::Member).await;
    let (lyon, _) = member_in(&app, "Lyon", "FR", Role::Member).await;
    let green = id_from(&paste(&brno, &particulars("Zqgreen memorandum", "green"), RISKY).await);
    let amber = id_from(&paste(&brno, &particulars("Zqamber memorandum", "amber"), RISKY).await);
    // Signed 2024-05-01 for five years, renewing unless notice is given six months ahead.
    let deadline = chrono::NaiveDate::from_ymd_opt(2028, 11, 1).unwrap();
    let days = |n: i64| deadline - chrono::TimeDelta::days(n);
    let email = twinwise::db::users::member(&mut app.db.get().unwrap(), &colleague_id)
        .unwrap()
        .unwrap()
        .email;

    // Nothing before the first lead time; at 90 days, each Brno member once per agreement.
    assert!(
        run_jobs_on(&app, days(95))
            .iter()
            .any(|r| r.outcome == Ok("0 reminders, 0 mails".into()))
    );
    assert!(queued_to(&app, &email, REMINDER).is_empty());
    let ran = run_jobs_on(&app, days(88));
    assert!(
        ran.iter()
            .any(|r| r.outcome == Ok("2 reminders, 4 mails".into())),
        "{ran:?}"
    );
    // Again the same day, the next day, after a restart of the runner: nothing more.
    assert!(
        run_jobs_on(&app, days(88)).is_empty(),
        "not due again within the hour"
    );
    let ran = run_jobs_on(&app, days(87));
    assert!(
        ran.iter()
            .any(|r| r.outcome == Ok("0 reminders, 0 mails".into())),
        "{ran:?}"
    );
    let sent = queued_to(&app, &email, REMINDER);
    assert_eq!(
        sent.len(),
        2,
        "one reminder per agreement ({green} green, {amber} amber): {:?}",
        {
            use diesel::prelude::*;
            use twinwise::db::schema::outbox::dsl as o;
            o::outbox
                .select((o::to_address, o::dedupe_key, o::status))
                .load::<(String, String, String)>(&mut *app.db.get().unwrap())
                .unwrap()
        }
    );
    // Delivered mail keeps no text in the outbox: read what the SMTP server received.
    let texts = received(&app, &email, 2).await;
    assert!(
        texts
            .iter()
            .any(|t| t.contains("“Zqgreen memorandum”") && t.contains("1 November 2028"))
    );
    assert!(
        texts.iter().all(|t| !t.contains("Zqamber")),
        "an AMBER agreement is not quoted: {texts:?}"
    );
    assert!(
        texts
            .iter()
            .any(|t| t.contains("one of your city's agreements is in 88 days"))
    );
    let lyon_email = lyon.get("/account").await.texts("dl.details dd")[1].clone();
    assert!(
        queued_to(&app, &lyon_email, REMINDER).is_empty(),
        "other cities hear nothing"
    );

    // Five days before: the 30- and 7-day reminders are both due, one mail says it.
    run_jobs_on(&app, days(5));
    run_jobs_on(&app, days(4));
    let sent = queued_to(&app, &email, REMINDER);
    assert_eq!(
        sent.len(),
        4,
        "{:?}",
        sent.iter().map(|m| &m.text_body).collect::<Vec<_>>()
    );
    assert!(
        received(&app, &email, 4)
            .await
            .iter()
            .any(|t| t.contains("in 5 days"))
    );

    // The calendar feed: made, read by a real parser without cookies, replaced, turned off.
    let page = colleague.get("/account/calendar").await;
    assert!(page.has("You have no calendar feed."));
    let made = colleague
        .submit("/account/calendar", "/account/calendar", &[])
        .await;
    assert_eq!(made.status, StatusCode::OK);
    let address = made.input_value("feed-address").or_else(|| {
        let doc = scraper::Html::parse_document(&made.body);
        let sel = scraper::Selector::parse("#feed-address").unwrap();
        doc.select(&sel)
            .next()
            .and_then(|e| e.value().attr("value").map(str::to_owned))
    });
    let address = address.expect("the feed address is shown");
    let path = address.trim_start_matches(&app.base).to_owned();
    assert!(
        path.starts_with("/calendar/") && path.ends_with(".ics"),
        "{path}"
    );
    let outsider = reqwest::Client::new();
    let response = outsider.get(&address).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/calendar")
    );
    assert_eq!(response.headers()["cache-control"], "no-store");
    let body = response.text().await.unwrap();
    let calendar = ical::IcalParser::new(std::io::BufReader::new(body.as_bytes()))
        .next()
        .expect("a calendar")
        .expect("it parses");
    let summaries: Vec<String> = calendar
        .events
        .iter()
        .flat_map(|e| e.properties.iter())
        .filter(|p| p.name == "SUMMARY")
        .filter_map(|p| p.value.clone())
        .collect();
    assert_eq!(summaries.len(), 4, "{summaries:?}");
    assert!(
        summaries
            .iter()
            .any(|s| s.contains("Last day to give notice on “Zqgreen memorandum”"))
    );
    assert!(
        summaries.iter().all(|s| !s.contains("Zqamber")),
        "{summaries:?}"
    );
    let starts: Vec<String> = calendar
        .events
        .iter()
        .flat_map(|e| e.properties.iter())
        .filter(|p| p.name == "DTSTART")
        .filter_map(|p| p.value.clone())
        .collect();
    assert!(
        starts.contains(&"20281101".to_owned()) && starts.contains(&"20290501".to_owned()),
        "{starts:?}"
    );
    let head = outsider.head(&address).send().await.unwrap();
    assert_eq!(head.status(), StatusCode::OK);
    // Lyon's own feed does not hold Brno's agreements.
    let theirs = lyon
        .submit("/account/calendar", "/account/calendar", &[])
        .await;
    let their_address = {
        let doc = scraper::Html::parse_document(&theirs.body);
        let sel = scraper::Selector::parse("#feed-address").unwrap();
        doc.select(&sel)
            .next()
            .and_then(|e| e.value().attr("value").map(str::to_owned))
            .unwrap()
    };
    let their_feed = outsider
        .get(&their_address)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!their_feed.contains("BEGIN:VEVENT"), "{their_feed}");
    // A new address retires the old one; turning it off retires both.
    let again = colleague
        .submit("/account/calendar", "/account/calendar", &[])
        .await;
    assert!(again.has("feed-address"));
    assert_eq!(
        outsider.get(&address).send().await.unwrap().status(),
        StatusCode::NOT_FOUND
    );
    let off = colleague
        .submit("/account/calendar", "/account/calendar/off", &[])
        .await;
    assert_eq!(off.location.as_deref(), Some("/account/calendar"));
    assert!(
        colleague
            .get("/account/calendar")
            .await
            .has("You have no calendar feed.")
    );
    assert_eq!(
        outsider
            .get(format!("{}/calendar/not-a-token.ics", app.base))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::NOT_FOUND
    );
    let _ = (green, amber);
}

async fn the_owning_city_corrects_the_split_and_notes_follow_the_words(backend: Backend) {
    let app = spawn_app(backend).await;
    let (brno, _) = member_in(&app, "Brno", "CZ", Role::Member).await;
    let (lyon, _) = member_in(&app, "Lyon", "FR", Role::Member).await;
    let id = id_from(&paste(&brno, &particulars("Zqsplit memorandum", "green"), RISKY).await);
    let review = brno.get(&format!("/agreements/{id}")).await;
    let link = {
        let doc = scraper::Html::parse_document(&review.body);
        let sel = scraper::Selector::parse("a.correct-split").unwrap();
        doc.select(&sel)
            .next()
            .and_then(|a| a.value().attr("href").map(str::to_owned))
            .expect("a link to correct the split")
    };
    let text_id = link.split("text=").nth(1).unwrap().to_owned();
    let page = brno.get(&link).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let headings = page.texts("ol.correction-list h2");
    assert_eq!(headings.len(), 5, "{headings:?}");
    // Annotate Article 2, then merge Article 1 with it: the note stays with its words.
    let clause_ids = {
        let doc = scraper::Html::parse_document(&review.body);
        let sel = scraper::Selector::parse("input[name=clause_id]").unwrap();
        doc.select(&sel)
            .filter_map(|e| e.value().attr("value").map(str::to_owned))
            .collect::<Vec<_>>()
    };
    let annotated = brno
        .submit(
            &format!("/agreements/{id}"),
            &format!("/agreements/{id}/annotations"),
            &[
                ("clause_id", clause_ids[2].as_str()),
                ("text_id", text_id.as_str()),
                ("concern", "high"),
                ("body", "Zqnote on the one China article"),
            ],
        )
        .await;
    assert_eq!(
        annotated.status,
        StatusCode::SEE_OTHER,
        "{}",
        annotated.body
    );
    let action = format!("/agreements/{id}/clauses");
    let position = |page: &Page, n: usize| -> String {
        let doc = scraper::Html::parse_document(&page.body);
        let sel = scraper::Selector::parse("ol.correction-list > li").unwrap();
        doc.select(&sel)
            .nth(n)
            .unwrap()
            .value()
            .attr("id")
            .unwrap()
            .trim_start_matches("clause-")
            .to_owned()
    };
    let first_article = position(&page, 1);
    let merged = brno
        .submit(
            &link,
            &action,
            &[
                ("text", &text_id),
                ("action", "merge"),
                ("position", &first_article),
            ],
        )
        .await;
    assert_eq!(merged.location.as_deref(), Some(link.as_str()));
    let after = brno.get(&link).await;
    assert!(after.has("Clauses merged."), "{}", after.body);
    assert_eq!(after.texts("ol.correction-list h2").len(), 4);
    let review = brno.get(&format!("/agreements/{id}")).await;
    assert!(review.has("Zqnote on the one China article"));
    // Split it again before "Article 2": five clauses, Article 2 has its number back.
    let line = {
        let doc = scraper::Html::parse_document(&after.body);
        let sel = scraper::Selector::parse(&format!("#line-{first_article} option")).unwrap();
        doc.select(&sel)
            .find(|o| o.text().collect::<String>().starts_with("Article 2"))
            .and_then(|o| o.value().attr("value").map(str::to_owned))
            .expect("the line of Article 2")
    };
    let split = brno
        .submit(
            &link,
            &action,
            &[
                ("text", &text_id),
                ("action", "split"),
                ("position", &first_article),
                ("line", &line),
            ],
        )
        .await;
    assert_eq!(split.status, StatusCode::SEE_OTHER);
    let again = brno.get(&link).await;
    assert!(again.has("Clause split in two."));
    let headings = again.texts("ol.correction-list h2");
    assert_eq!(headings.len(), 5, "{headings:?}");
    assert!(headings.iter().any(|h| h == "Article 2"), "{headings:?}");
    // Bad corrections change nothing and say why.
    let last = position(&again, 4);
    for fields in [
        vec![
            ("text", text_id.as_str()),
            ("action", "merge"),
            ("position", last.as_str()),
        ],
        vec![
            ("text", text_id.as_str()),
            ("action", "split"),
            ("position", first_article.as_str()),
            ("line", "0"),
        ],
        vec![
            ("text", text_id.as_str()),
            ("action", "split"),
            ("position", first_article.as_str()),
            ("line", "x"),
        ],
        vec![
            ("text", text_id.as_str()),
            ("action", "explode"),
            ("position", "1"),
        ],
        vec![
            ("text", text_id.as_str()),
            ("action", "merge"),
            ("position", "999"),
        ],
    ] {
        brno.submit(&link, &action, &fields).await;
        let page = brno.get(&link).await;
        assert!(
            page.has("Nothing changed") || page.has("Not split"),
            "{fields:?}: {}",
            page.body
        );
        assert_eq!(page.texts("ol.correction-list h2").len(), 5);
    }
    // A clause's language, set; an unknown code changes nothing.
    for (code, expect) in [
        ("zh", "Clause language saved."),
        ("xx", "choose a language from the list"),
    ] {
        let fields = [
            ("text", text_id.as_str()),
            ("action", "language"),
            ("position", first_article.as_str()),
            ("language", code),
        ];
        brno.submit(&link, &action, &fields).await;
        assert!(brno.get(&link).await.has(expect), "{code}");
    }
    let chosen = brno
        .get(&link)
        .await
        .texts(&format!("#language-{first_article} option[selected]"));
    assert_eq!(chosen, ["Chinese"]);
    let review = brno.get(&format!("/agreements/{id}")).await;
    assert!(review.has("lang=\"zh\""), "the clause is marked as Chinese");
    assert!(review.has("In Chinese."));

    // Another city reads the agreement (GREEN) but may not correct it.
    assert_eq!(lyon.get(&link).await.status, StatusCode::FORBIDDEN);
    let forged = lyon
        .submit(
            &format!("/agreements/{id}"),
            &action,
            &[
                ("text", &text_id),
                ("action", "merge"),
                ("position", &first_article),
            ],
        )
        .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    assert_eq!(
        brno.get(&link).await.texts("ol.correction-list h2").len(),
        5
    );
    let (entries, _) = twinwise::db::audit::page(&mut app.db.get().unwrap(), 0, 50).unwrap();
    assert_eq!(
        entries
            .iter()
            .filter(|e| e.action == "correct_clauses")
            .count(),
        3
    );
}

async fn search_finds_agreements_and_rules_through_the_policy(backend: Backend) {
    let app = spawn_app(backend).await;
    let (brno, _) = member_in(&app, "Brno", "CZ", Role::Member).await;
    let (lyon, _) = member_in(&app, "Lyon", "FR", Role::Member).await;
    let visitor = app.client.fresh();
    let text =
        |word: &str| format!("Article 1\nThe Parties shall hold a {word} festival every year.");
    let mut amber = particulars("Zqamber accord", "amber");
    amber.push(("audience", "CZ"));
    paste(&brno, &amber, &text("zqlantern")).await;
    paste(
        &brno,
        &particulars("Zqgreen accord", "green"),
        &text("zqlantern"),
    )
    .await;
    let mine = brno.get("/search?q=zqlantern").await;
    assert_eq!(
        mine.texts("section[aria-labelledby=search-agreements] li a")
            .len(),
        2,
        "{}",
        mine.body
    );
    assert!(mine.has("<mark>zqlantern</mark>"), "{}", mine.body);
    let theirs = lyon.get("/search?q=zqlantern").await;
    let titles = theirs.texts("section[aria-labelledby=search-agreements] li a");
    assert_eq!(titles, ["Zqgreen accord"], "{}", theirs.body);
    assert!(
        visitor
            .get("/search?q=zqlantern")
            .await
            .has("No agreement you can read matches these words.")
    );
    // Titles count, and a changed title is found at once.
    let by_title = brno.get("/search?q=zqamber").await;
    assert_eq!(
        by_title.texts("section[aria-labelledby=search-agreements] li a"),
        ["Zqamber accord"]
    );
    // Rules by their words, accents and case ignored; hostile text is just text.
    let rules = visitor.get("/search?q=PREVAIL").await;
    assert!(
        !rules
            .texts("section[aria-labelledby=search-rules] li a")
            .is_empty(),
        "{}",
        rules.body
    );
    let hostile = visitor
        .get("/search?q=%27%29%20OR%201%3D1%20--%20%22NEAR%28%2A")
        .await;
    assert_eq!(hostile.status, StatusCode::OK);
    assert!(hostile.has("No agreement you can read matches these words."));
}

backend_tests!(
    a_member_reviews_an_agreement_by_paste_and_upload,
    annotations_follow_the_agreement_and_city_only_notes_stay_home,
    the_policy_holds_for_agreements_and_partnerships_on_every_surface,
    bad_input_gets_clear_messages_and_saves_nothing,
    the_rule_library_is_browsable_with_a_test_bench,
    versions_languages_and_agreements_compare_clause_by_clause,
    moderators_curate_rules_that_their_examples_prove,
    deadline_reminders_go_out_once_and_the_calendar_feed_parses,
    the_owning_city_corrects_the_split_and_notes_follow_the_words,
    search_finds_agreements_and_rules_through_the_policy,
);
