//! Outgoing email end to end: the transactional outbox, retries with back-off while the SMTP
//! server is down, deduplication, several workers on one database, the MIME shape of what is
//! sent, and the folder transport.

use crate::common;

use std::collections::HashSet;
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::TimeDelta;
use common::{
    Backend, Options, Registrant, SmtpServer, TestDatabase, fast_tuning, spawn_app, spawn_with,
};
use diesel::prelude::*;
use reqwest::StatusCode;
use tokio::sync::Notify;
use twinwise::config::{MailTransport, Tuning};
use twinwise::db::outbox::{self, OutboxRow, OutgoingEmail};
use twinwise::db::schema::outbox as outbox_table;
use twinwise::db::{Db, DbConn, now};
use twinwise::email::Mailer;
use twinwise::email::transport::Sender;
use twinwise::email::worker::Worker;

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

/// A small message with recognisable parts (raw: these tests are about the transport).
#[allow(clippy::disallowed_methods)]
fn letter(key: &str, to: &str, subject: &str) -> OutgoingEmail {
    OutgoingEmail::unchecked(
        key,
        to,
        subject,
        &format!("Plain text of {subject}."),
        &format!("<p>HTML of {subject}.</p>"),
    )
}

/// Queues one message in its own transaction; true when a row was written.
fn enqueue(db: &Db, email: &OutgoingEmail) -> bool {
    let mut conn = db.get().unwrap();
    conn.transaction::<_, diesel::result::Error, _>(|c| outbox::enqueue(c, email))
        .expect("enqueue")
}

/// Every outbox row, oldest first.
fn all_rows(db: &Db) -> Vec<OutboxRow> {
    let mut conn = db.get().unwrap();
    outbox_table::table
        .order(outbox_table::created_at.asc())
        .select(OutboxRow::as_select())
        .load(&mut *conn)
        .unwrap()
}

/// The outbox rows addressed to one address.
fn rows_to(db: &Db, address: &str) -> Vec<OutboxRow> {
    outbox::to_address(&mut db.get().unwrap(), address).unwrap()
}

/// The only outbox row addressed to `address`.
fn only_row_to(db: &Db, address: &str) -> OutboxRow {
    let rows = rows_to(db, address);
    assert_eq!(
        rows.len(),
        1,
        "expected one outbox row to {address}: {rows:#?}"
    );
    rows.into_iter().next().unwrap()
}

/// Polls the single row to `address` until `done` holds, and returns it.
async fn wait_for_row(
    db: &Db,
    address: &str,
    timeout: Duration,
    what: &str,
    done: impl Fn(&OutboxRow) -> bool,
) -> OutboxRow {
    let deadline = Instant::now() + timeout;
    loop {
        let row = only_row_to(db, address);
        if done(&row) {
            return row;
        }
        assert!(
            Instant::now() < deadline,
            "outbox row to {address} never reached: {what}; last seen: {row:#?}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// A database with migrations applied and no server (so no background worker) attached.
fn bare_database(backend: Backend) -> (Db, TestDatabase) {
    let database = TestDatabase::new(backend);
    let db = Db::connect(&database.url).expect("connect database");
    db.migrate().expect("migrate");
    (db, database)
}

fn sender() -> Sender {
    Sender {
        from: "Twinwise <no-reply@twinwise.test>".parse().unwrap(),
        domain: "twinwise.test".into(),
    }
}

/// A worker of our own, as a second instance of the application would run it.
fn worker(db: &Db, mailer: Mailer) -> Worker {
    Worker {
        db: db.clone(),
        mailer,
        sender: sender(),
        tuning: fast_tuning(),
        wake: Arc::new(Notify::new()),
    }
}

fn smtp_mailer(smtp: &SmtpServer) -> Mailer {
    Mailer::new(&MailTransport::Smtp(
        format!("smtp://127.0.0.1:{}", smtp.port()).into(),
    ))
    .expect("SMTP mailer")
}

// ---------------------------------------------------------------------------------------------
// Retries while the SMTP server is down
// ---------------------------------------------------------------------------------------------

async fn mail_queued_while_smtp_is_down_is_retried_with_growing_backoff_and_sent_once(
    backend: Backend,
) {
    let app = spawn_with(Options {
        smtp_down: true,
        ..Options::new(backend)
    })
    .await;
    let who = Registrant::new("retry.me@lyon.example");
    let visitor = app.client.fresh();
    let done = app.register(&visitor, &who).await;
    assert!(done.has("Check your email"), "{}", done.body);

    // Three failed attempts, each scheduled further out than the one before.
    let mut observed: Vec<OutboxRow> = Vec::new();
    for attempt in 1..=3 {
        let row = wait_for_row(
            &app.db,
            &who.email,
            Duration::from_secs(15),
            &format!("{attempt} failed attempt(s)"),
            |r| r.attempts >= attempt,
        )
        .await;
        assert_eq!(
            row.attempts, attempt,
            "attempts are counted one by one: {row:#?}"
        );
        assert_eq!(row.status, "pending", "a failed send is retried: {row:#?}");
        assert!(row.sent_at.is_none());
        assert!(
            row.locked_until.is_none(),
            "the lease is released: {row:#?}"
        );
        let error = row.last_error.clone().expect("the failure is recorded");
        assert!(!error.is_empty());
        observed.push(row);
    }
    assert!(
        app.smtp.all().is_empty(),
        "nothing can arrive while SMTP is down"
    );

    // next_attempt_at(n + 1) >= next_attempt_at(n) + backoff * 2^n, because attempt n + 1 only
    // starts once attempt n is due.
    let base = TimeDelta::milliseconds(200);
    let gap1 = observed[1].next_attempt_at - observed[0].next_attempt_at;
    let gap2 = observed[2].next_attempt_at - observed[1].next_attempt_at;
    assert!(
        gap1 >= base * 2,
        "second retry waits at least 400 ms, got {gap1}"
    );
    assert!(
        gap2 >= base * 4,
        "third retry waits at least 800 ms, got {gap2}"
    );
    assert!(gap2 > gap1, "the back-off grows: {gap1} then {gap2}");

    app.smtp.come_up();
    let mail = app.mail_to(&who.email, "Confirm your email").await;
    assert!(mail.text.contains("/verify-email?token="));

    let sent = wait_for_row(
        &app.db,
        &who.email,
        Duration::from_secs(5),
        "status sent",
        |r| r.status == "sent",
    )
    .await;
    assert!(sent.sent_at.is_some());
    assert!(sent.locked_until.is_none());
    assert_eq!(sent.attempts, 4, "three failures and one success");

    tokio::time::sleep(Duration::from_secs(1)).await;
    assert_eq!(
        app.smtp.to(&who.email).len(),
        1,
        "the message arrives exactly once"
    );
    assert_eq!(app.smtp.all().len(), 1);
}

async fn message_is_given_up_as_failed_after_max_attempts(backend: Backend) {
    let app = spawn_with(Options {
        smtp_down: true,
        tuning: Tuning {
            outbox_max_attempts: 2,
            ..fast_tuning()
        },
        ..Options::new(backend)
    })
    .await;
    let to = "never.delivered@lyon.example";
    assert!(enqueue(
        &app.db,
        &letter("give-up:1", to, "This will not arrive")
    ));

    let failed = wait_for_row(&app.db, to, Duration::from_secs(15), "status failed", |r| {
        r.status == "failed"
    })
    .await;
    assert_eq!(failed.attempts, 2, "exactly max attempts: {failed:#?}");
    assert!(failed.last_error.is_some());
    assert!(failed.sent_at.is_none());
    assert!(failed.locked_until.is_none());

    // A given-up message is left alone, even once the server is reachable.
    app.smtp.come_up();
    tokio::time::sleep(Duration::from_millis(800)).await;
    let later = only_row_to(&app.db, to);
    assert_eq!(later.status, "failed");
    assert_eq!(later.attempts, 2, "no attempt after giving up");
    assert!(app.smtp.all().is_empty(), "{:#?}", app.smtp.all());
}

// ---------------------------------------------------------------------------------------------
// Deduplication
// ---------------------------------------------------------------------------------------------

async fn same_dedupe_key_queues_one_row_and_sends_one_email(backend: Backend) {
    let app = spawn_app(backend).await;
    let to = "dedupe@lyon.example";
    let other = "after.duplicate@lyon.example";

    let (first, second, third) = {
        let mut conn = app.db.get().unwrap();
        conn.transaction::<_, diesel::result::Error, _>(|c| {
            let first = outbox::enqueue(c, &letter("notice:42", to, "First notice"))?;
            let second = outbox::enqueue(c, &letter("notice:42", to, "Second notice"))?;
            // On PostgreSQL a failed INSERT would abort the transaction: this write proves it
            // is still usable.
            let third = outbox::enqueue(c, &letter("notice:43", other, "Unrelated notice"))?;
            Ok((first, second, third))
        })
        .expect("the transaction commits despite the duplicate")
    };
    assert!(first, "the first message is queued");
    assert!(!second, "the duplicate reports that it was dropped");
    assert!(third, "a write after the duplicate succeeds");

    let rows = rows_to(&app.db, to);
    assert_eq!(rows.len(), 1, "{rows:#?}");
    assert_eq!(rows[0].subject, "First notice", "the first message wins");
    assert_eq!(rows_to(&app.db, other).len(), 1);

    // A later duplicate, in a transaction of its own, after the first was sent.
    app.mail_to(to, "First notice").await;
    app.mail_to(other, "Unrelated notice").await;
    assert!(!enqueue(&app.db, &letter("notice:42", to, "Third notice")));
    assert_eq!(rows_to(&app.db, to).len(), 1);

    tokio::time::sleep(Duration::from_secs(1)).await;
    assert_eq!(app.smtp.to(to).len(), 1, "{:#?}", app.smtp.to(to));
    assert_eq!(app.smtp.all().len(), 2);
    assert_eq!(only_row_to(&app.db, to).status, "sent");
}

// ---------------------------------------------------------------------------------------------
// Several workers on one database
// ---------------------------------------------------------------------------------------------

async fn two_workers_on_one_database_deliver_each_message_once(backend: Backend) {
    let (db, _database) = bare_database(backend);
    let smtp = SmtpServer::start();
    let first = worker(&db, smtp_mailer(&smtp));
    let second = worker(&db, smtp_mailer(&smtp));

    let mut expected = 0;
    for round in 0..3 {
        let batch = 12;
        for i in 0..batch {
            let to = format!("r{round}m{i}@workers.example");
            assert!(enqueue(
                &db,
                &letter(
                    &format!("w:{round}:{i}"),
                    &to,
                    &format!("Round {round} #{i}")
                )
            ));
        }
        expected += batch;
        let (a, b) = tokio::join!(first.deliver_due(), second.deliver_due());
        let (a, b) = (a.expect("first worker"), b.expect("second worker"));
        assert_eq!(
            a + b,
            batch,
            "round {round}: the workers together sent each message once ({a} + {b})"
        );
        assert_eq!(smtp.all().len(), expected, "round {round}");
    }

    // Nothing is left to do, and nothing is sent twice.
    let (a, b) = tokio::join!(first.deliver_due(), second.deliver_due());
    assert_eq!((a.unwrap(), b.unwrap()), (0, 0));
    let received = smtp.all();
    assert_eq!(received.len(), expected);
    let subjects: HashSet<_> = received.iter().map(|m| m.subject.clone()).collect();
    assert_eq!(subjects.len(), expected, "every subject exactly once");
    let ids: HashSet<_> = received.iter().map(|m| m.message_id.clone()).collect();
    assert_eq!(ids.len(), expected, "every Message-ID exactly once");
    let rows = all_rows(&db);
    assert_eq!(rows.len(), expected);
    for row in rows {
        assert_eq!(row.status, "sent", "{row:#?}");
        assert_eq!(row.attempts, 1, "{row:#?}");
        let delivered: Vec<_> = received
            .iter()
            .filter(|m| m.to.iter().any(|t| t == &row.to_address))
            .collect();
        assert_eq!(delivered.len(), 1, "{row:#?}");
        assert_eq!(delivered[0].subject, row.subject);
    }
}

// ---------------------------------------------------------------------------------------------
// What a message looks like
// ---------------------------------------------------------------------------------------------

async fn verification_email_is_multipart_with_row_message_id_and_escaped_name(backend: Backend) {
    let app = spawn_app(backend).await;
    let mut who = Registrant::new("script.kiddie@lyon.example");
    who.display_name = "<script>alert(1)</script>".into();
    let visitor = app.client.fresh();
    app.register(&visitor, &who).await;

    let mail = app.mail_to(&who.email, "Confirm your email").await;
    let row = only_row_to(&app.db, &who.email);

    let content_type = mail.header("Content-Type").expect("Content-Type header");
    assert!(
        content_type.starts_with("multipart/alternative"),
        "{content_type}"
    );
    assert!(
        mail.raw.contains("Content-Type: text/plain"),
        "{}",
        mail.raw
    );
    assert!(mail.raw.contains("Content-Type: text/html"), "{}", mail.raw);
    assert!(mail.text.contains("/verify-email?token="), "{}", mail.text);
    assert!(mail.html.contains("/verify-email?token="), "{}", mail.html);

    assert_eq!(
        mail.header("Message-ID").as_deref(),
        Some(format!("<{}@127.0.0.1>", row.id).as_str()),
        "the Message-ID is derived from the outbox row"
    );
    assert_eq!(mail.message_id, format!("{}@127.0.0.1", row.id));
    let from = mail.header("From").expect("From header");
    assert!(from.contains("Twinwise"), "{from}");
    assert!(from.contains("no-reply@"), "{from}");

    // Escaped as an entity (`&lt;` or `&#60;`), so a browser shows the name as text.
    assert!(
        mail.html.contains("&lt;script&gt;alert(1)&lt;/script&gt;")
            || mail
                .html
                .contains("&#60;script&#62;alert(1)&#60;/script&#62;"),
        "the name is escaped in HTML:\n{}",
        mail.html
    );
    assert!(
        !mail.html.to_lowercase().contains("<script"),
        "no raw script tag in HTML:\n{}",
        mail.html
    );
    let doc = scraper::Html::parse_document(&mail.html);
    let scripts = scraper::Selector::parse("script").unwrap();
    assert_eq!(doc.select(&scripts).count(), 0, "no script element");
    let paragraphs = scraper::Selector::parse("p").unwrap();
    assert!(
        doc.select(&paragraphs)
            .any(|p| p.text().collect::<String>() == "Hello <script>alert(1)</script>,"),
        "the reader sees the name as typed:\n{}",
        mail.html
    );
    assert!(
        mail.text.contains("Hello <script>alert(1)</script>,"),
        "plain text shows the name as typed:\n{}",
        mail.text
    );

    // Transactional mail carries no unsubscribe headers.
    assert_eq!(mail.header("List-Unsubscribe"), None);
    assert_eq!(mail.header("List-Unsubscribe-Post"), None);
}

async fn bulk_message_carries_one_click_unsubscribe_headers(backend: Backend) {
    let app = spawn_app(backend).await;
    let to = "digest.reader@lyon.example";
    let url = format!("{}/unsubscribe?token=abc123", app.base);
    let email = letter("digest:1", to, "Weekly digest").with_list_unsubscribe(&url);
    assert!(enqueue(&app.db, &email));

    let mail = app.mail_to(to, "Weekly digest").await;
    assert_eq!(
        mail.header("List-Unsubscribe"),
        Some(format!("<{url}>")),
        "{}",
        mail.raw
    );
    assert_eq!(
        mail.header("List-Unsubscribe-Post").as_deref(),
        Some("List-Unsubscribe=One-Click")
    );
    assert!(mail.text.contains("Plain text of Weekly digest."));
    assert!(mail.html.contains("<p>HTML of Weekly digest.</p>"));
    let row = only_row_to(&app.db, to);
    assert_eq!(mail.message_id, format!("{}@127.0.0.1", row.id));
}

// ---------------------------------------------------------------------------------------------
// The outbox row shares the transaction of its change
// ---------------------------------------------------------------------------------------------

async fn a_taken_address_gets_a_notice_not_a_second_link(backend: Backend) {
    let app = spawn_app(backend).await;
    let who = Registrant::new("only.once@lyon.example");
    let visitor = app.client.fresh();
    app.register(&visitor, &who).await;
    app.mail_to(&who.email, "Confirm your email").await;
    let before = all_rows(&app.db).len();
    assert_eq!(before, 1);

    let mut again = Registrant::new("only.once@lyon.example");
    again.display_name = "Someone Else".into();
    let page = visitor
        .fresh()
        .submit("/register", "/register", &again.fields())
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    assert_eq!(page.location.as_deref(), Some("/register/done"));
    // No second verification link: one notice to the holder of the address.
    let notice = app.mail_to(&who.email, "Someone tried to register").await;
    assert!(!notice.text.contains("verify-email"));
    assert_eq!(
        all_rows(&app.db).len(),
        before + 1,
        "{:#?}",
        all_rows(&app.db)
    );
    assert_eq!(app.smtp.to(&who.email).len(), 2);
}

async fn rolled_back_registration_takes_its_email_with_it(backend: Backend) {
    use twinwise::accounts::registration::{self, Registration};
    use twinwise::domain::{CityName, Country, DisplayName, EmailAddress, Position};

    let app = spawn_app(backend).await;
    let email = "rolled.back@lyon.example";
    let registration = Registration {
        email: EmailAddress::parse(email).unwrap(),
        display_name: DisplayName::parse("Rolled Back").unwrap(),
        city: CityName::parse("Lyon").unwrap(),
        country: Country::parse("FR").unwrap(),
        position: Position::parse("Officer").unwrap(),
    };
    let outcome = {
        let mut conn = app.db.get().unwrap();
        let conn: &mut DbConn = &mut conn;
        conn.transaction::<(), diesel::result::Error, _>(|c| {
            registration::register(c, &app.settings, &registration, "not-a-real-hash")
                .expect("registration succeeds inside the outer transaction");
            assert_eq!(rows_in(c, email), 1, "queued inside the transaction");
            // Something later in the same unit of work fails.
            Err(diesel::result::Error::RollbackTransaction)
        })
    };
    assert!(outcome.is_err());

    tokio::time::sleep(Duration::from_millis(500)).await;
    assert!(
        rows_to(&app.db, email).is_empty(),
        "the email went with the rollback"
    );
    let mut conn = app.db.get().unwrap();
    assert!(
        twinwise::db::users::find_by_email(&mut conn, email)
            .unwrap()
            .is_none()
    );
    assert!(app.smtp.to(email).is_empty());
}

fn rows_in(conn: &mut DbConn, address: &str) -> usize {
    outbox::to_address(conn, address).unwrap().len()
}

// ---------------------------------------------------------------------------------------------
// The folder transport
// ---------------------------------------------------------------------------------------------

async fn folder_transport_writes_an_eml_file(backend: Backend) {
    let (db, _database) = bare_database(backend);
    let folder = tempfile::tempdir().unwrap();
    let mail_dir = folder.path().join("mail");
    let mailer = Mailer::new(&MailTransport::Folder(mail_dir.clone())).expect("folder mailer");
    assert!(mail_dir.is_dir(), "the folder is created");
    let to = "folder.reader@lyon.example";
    assert!(enqueue(&db, &letter("folder:1", to, "Saved to a folder")));

    let sent = worker(&db, mailer).deliver_due().await.expect("deliver");
    assert_eq!(sent, 1);

    let files: Vec<_> = std::fs::read_dir(&mail_dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "eml"))
        .collect();
    assert_eq!(files.len(), 1, "{files:?}");
    let contents = std::fs::read_to_string(&files[0]).unwrap();
    assert!(
        contents.contains("Subject: Saved to a folder"),
        "{contents}"
    );
    assert!(contents.contains(to), "{contents}");
    assert!(contents.contains("multipart/alternative"), "{contents}");
    let row = only_row_to(&db, to);
    assert!(
        contents.contains(&format!("<{}@twinwise.test>", row.id)),
        "{contents}"
    );
    assert_eq!(row.status, "sent");
    assert!(row.sent_at.is_some());
}

// ---------------------------------------------------------------------------------------------
// Deliberately narrow checks on the lease
// ---------------------------------------------------------------------------------------------

async fn sent_message_cannot_be_claimed_again(backend: Backend) {
    let (db, _database) = bare_database(backend);
    let to = "sent.once@lyon.example";
    assert!(enqueue(&db, &letter("claim:2", to, "Sent once")));
    let id = only_row_to(&db, to).id;
    let mut conn = db.get().unwrap();
    let at = now();
    assert!(outbox::claim(&mut conn, &id, at, at + TimeDelta::minutes(2)).unwrap());
    assert!(
        !outbox::claim(&mut conn, &id, at, at + TimeDelta::minutes(2)).unwrap(),
        "a leased message cannot be leased twice"
    );
    outbox::mark_sent(&mut conn, &id).unwrap();
    let at = now();
    assert!(
        !outbox::claim(&mut conn, &id, at, at + TimeDelta::minutes(2)).unwrap(),
        "a sent message cannot be leased"
    );
    assert!(outbox::due(&mut conn, now(), 50).unwrap().is_empty());
}

async fn delivered_links_lose_their_bodies_and_old_mail_is_pruned(backend: Backend) {
    let app = spawn_app(backend).await;
    let who = Registrant::new("pruned.paula@lyon.example");
    app.register(&app.client.fresh(), &who).await;
    let mail = app.mail_to(&who.email, "Confirm your email").await;
    assert!(mail.text.contains("/verify-email?token="));
    let row = wait_for_row(&app.db, &who.email, Duration::from_secs(10), "sent", |r| {
        r.status == "sent"
    })
    .await;
    assert!(
        row.text_body.is_empty() && row.html_body.is_empty(),
        "the single-use link stays only in the recipient's mailbox"
    );
    assert!(
        !row.subject.is_empty(),
        "what was sent, and when, is still known"
    );

    let tuning = fast_tuning();
    let mut conn = app.db.get().unwrap();
    let soon = twinwise::db::now() + chrono::TimeDelta::days(3);
    let kept = twinwise::jobs::housekeeping(&mut conn, &tuning, soon).unwrap();
    assert_eq!(
        (kept.emails, kept.email_links),
        (0, 0),
        "within the retention period"
    );
    let later = twinwise::db::now() + chrono::TimeDelta::days(33);
    let pruned = twinwise::jobs::housekeeping(&mut conn, &tuning, later).unwrap();
    assert_eq!((pruned.emails, pruned.email_links), (1, 1));
    drop(conn);
    assert!(rows_to(&app.db, &who.email).is_empty());
}

backend_tests!(
    delivered_links_lose_their_bodies_and_old_mail_is_pruned,
    mail_queued_while_smtp_is_down_is_retried_with_growing_backoff_and_sent_once,
    message_is_given_up_as_failed_after_max_attempts,
    same_dedupe_key_queues_one_row_and_sends_one_email,
    two_workers_on_one_database_deliver_each_message_once,
    verification_email_is_multipart_with_row_message_id_and_escaped_name,
    bulk_message_carries_one_click_unsubscribe_headers,
    a_taken_address_gets_a_notice_not_a_second_link,
    rolled_back_registration_takes_its_email_with_it,
    folder_transport_writes_an_eml_file,
    sent_message_cannot_be_claimed_again,
);

/// A message whose retry is scheduled for later cannot be leased early: two workers that both
/// listed it as due cannot skip the back-off.
async fn claim_does_not_take_a_message_that_is_not_due_yet(backend: Backend) {
    let (db, _database) = bare_database(backend);
    let to = "not.due@lyon.example";
    assert!(enqueue(&db, &letter("claim:1", to, "Not due")));
    let id = only_row_to(&db, to).id;
    let mut conn = db.get().unwrap();
    // A failed attempt schedules the retry an hour from now.
    outbox::mark_failed(&mut conn, &id, "refused", Some(now() + TimeDelta::hours(1))).unwrap();
    assert!(outbox::due(&mut conn, now(), 50).unwrap().is_empty());
    // A worker that listed the message before that failure must not be able to lease it.
    let at = now();
    let claimed = outbox::claim(&mut conn, &id, at, at + TimeDelta::minutes(2)).unwrap();
    assert!(
        !claimed,
        "claim leased a message whose next attempt is an hour away"
    );
}

/// A minimal SMTP server that offers STARTTLS and AUTH and records every command it receives
/// (it cannot actually do TLS: it answers STARTTLS with 454 and refuses everything else).
fn starttls_offering_server() -> (u16, Arc<std::sync::Mutex<Vec<String>>>) {
    use std::io::{BufRead, BufReader, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let log: Arc<std::sync::Mutex<Vec<String>>> = Arc::default();
    let record = log.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut writer) = stream else { break };
            let mut reader = BufReader::new(writer.try_clone().unwrap());
            let _ = writer.write_all(b"220 fake.test ESMTP\r\n");
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 {
                    break;
                }
                let command = line.trim_end().to_owned();
                record.lock().unwrap().push(command.clone());
                let upper = command.to_uppercase();
                let reply: &[u8] = if upper.starts_with("EHLO") {
                    b"250-fake.test\r\n250-STARTTLS\r\n250-AUTH PLAIN LOGIN\r\n250 8BITMIME\r\n"
                } else if upper.starts_with("STARTTLS") {
                    b"454 4.7.0 TLS not available due to temporary reason\r\n"
                } else if upper.starts_with("QUIT") {
                    b"221 2.0.0 Bye\r\n"
                } else {
                    b"530 5.7.0 Must issue a STARTTLS command first\r\n"
                };
                if writer.write_all(reply).is_err() || upper.starts_with("QUIT") {
                    break;
                }
            }
        }
    });
    (port, log)
}

/// An `smtp://` URL with credentials insists on STARTTLS: credentials never cross the network
/// in clear text, and a server that cannot upgrade gets no AUTH command.
async fn smtp_url_upgrades_with_starttls_when_the_server_offers_it(backend: Backend) {
    let (db, _database) = bare_database(backend);
    let (port, log) = starttls_offering_server();
    let mailer = Mailer::new(&MailTransport::Smtp(
        format!("smtp://mailer:s3cret@127.0.0.1:{port}").into(),
    ))
    .expect("SMTP mailer");
    assert!(enqueue(
        &db,
        &letter("tls:1", "tls@lyon.example", "Over TLS")
    ));
    let _ = worker(&db, mailer).deliver_due().await.expect("deliver");

    let commands = log.lock().unwrap().clone();
    assert!(
        commands.first().is_some_and(|c| c.starts_with("EHLO")),
        "{commands:?}"
    );
    assert!(
        commands
            .get(1)
            .is_some_and(|c| c.eq_ignore_ascii_case("STARTTLS")),
        "the client must ask for STARTTLS before anything else, but sent: {commands:?}"
    );
    assert!(
        !commands
            .iter()
            .any(|c| c.to_uppercase().starts_with("AUTH")),
        "credentials were sent without TLS: {commands:?}"
    );
}

mod fixed {
    use super::*;

    #[actix_web::test]
    async fn sqlite_claim_does_not_take_a_message_that_is_not_due_yet() {
        claim_does_not_take_a_message_that_is_not_due_yet(Backend::Sqlite).await;
    }

    #[actix_web::test]
    async fn postgres_claim_does_not_take_a_message_that_is_not_due_yet() {
        if common::postgres_available() {
            claim_does_not_take_a_message_that_is_not_due_yet(Backend::Postgres).await;
        }
    }

    #[actix_web::test]
    async fn sqlite_smtp_url_with_credentials_insists_on_starttls() {
        smtp_url_upgrades_with_starttls_when_the_server_offers_it(Backend::Sqlite).await;
    }
}
