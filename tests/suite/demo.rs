//! `twinwise seed-demo`: the demo cases (published through the real workflows, idempotent,
//! anonymised where they say so, with a pattern alert) and `--synthetic N`, on both backends.

use crate::common;

use std::process::{Command, Stdio};

use common::{Backend, TestDatabase};
use diesel::prelude::*;
use diesel::sql_types::BigInt;
use twinwise::cases::{patterns, reading, redaction};
use twinwise::db::cases::{self as case_rows, CaseFilter, Sort};
use twinwise::db::schema::{
    case_audience, case_comments, case_faced, case_references, case_revisions, case_timeline,
    cases, counterparts, pattern_alerts, users,
};
use twinwise::db::search::SearchWords;
use twinwise::db::{DatabaseUrl, Db, DbConn};
use twinwise::demo::cases::CASES;
use twinwise::demo::synthetic;
use twinwise::domain::policy::Reader;

const BIN: &str = env!("CARGO_BIN_EXE_twinwise");

/// Runs the binary against the test database, with a clean environment.
fn run(database: &TestDatabase, data_dir: &std::path::Path, args: &[&str]) -> String {
    let mut cmd = Command::new(BIN);
    cmd.args(args)
        .stdin(Stdio::null())
        .env_remove("TWINWISE_BASE_URL")
        .env("TWINWISE_DATA_DIR", data_dir)
        .env("RUST_LOG", "warn");
    match &database.url {
        DatabaseUrl::Sqlite(path) => {
            cmd.env("DATABASE_URL", format!("sqlite://{}", path.display()))
        }
        DatabaseUrl::Postgres(url) => cmd.env("DATABASE_URL", url),
    };
    let output = cmd.output().expect("run twinwise");
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        output.status.success(),
        "twinwise {} failed:\n{stdout}\n{}",
        args.join(" "),
        String::from_utf8_lossy(&output.stderr)
    );
    stdout
}

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

fn scalar(conn: &mut DbConn, sql: &str) -> i64 {
    diesel::sql_query(sql)
        .get_result::<Count>(conn)
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
        .n
}

/// Row counts of everything seeding writes.
fn census(conn: &mut DbConn) -> Vec<i64> {
    vec![
        cases::table.count().get_result(conn).unwrap(),
        case_references::table.count().get_result(conn).unwrap(),
        case_timeline::table.count().get_result(conn).unwrap(),
        case_comments::table.count().get_result(conn).unwrap(),
        case_faced::table.count().get_result(conn).unwrap(),
        case_revisions::table.count().get_result(conn).unwrap(),
        counterparts::table.count().get_result(conn).unwrap(),
        pattern_alerts::table.count().get_result(conn).unwrap(),
        users::table.count().get_result(conn).unwrap(),
        scalar(conn, "SELECT COUNT(*) AS n FROM case_search"),
    ]
}

fn moderator(conn: &mut DbConn) -> (String, String) {
    let row = twinwise::db::users::find_by_email(conn, "moderator@demo.twinwise.example")
        .unwrap()
        .expect("the demo moderator exists");
    let member = twinwise::db::users::member(conn, &row.id).unwrap().unwrap();
    (member.id, member.country_code)
}

fn search(conn: &mut DbConn, reader: Reader<'_>, text: &str) -> i64 {
    let filter = CaseFilter {
        words: SearchWords::parse(text),
        ..CaseFilter::default()
    };
    case_rows::page(conn, reader, &filter, Sort::Newest, 0, 20)
        .unwrap()
        .1
}

async fn seed_demo_publishes_the_demo_cases_once(backend: Backend) {
    let database = TestDatabase::new(backend);
    let data = tempfile::tempdir().unwrap();
    let first = run(&database, data.path(), &["seed-demo"]);
    assert!(
        first.contains(&format!("{} demo cases are published", CASES.len())),
        "{first}"
    );
    assert!(CASES.len() >= 28, "about thirty demo cases");

    let db = Db::connect(&database.url).unwrap();
    let mut conn = db.get().unwrap();
    let published: i64 = cases::table
        .filter(cases::status.eq("published"))
        .count()
        .get_result(&mut *conn)
        .unwrap();
    assert_eq!(published, CASES.len() as i64);
    let with_references: i64 = case_references::table
        .select(diesel::dsl::count(case_references::case_id).aggregate_distinct())
        .first(&mut *conn)
        .unwrap();
    assert_eq!(with_references, published, "every demo case cites a source");
    let anonymised: i64 = cases::table
        .filter(cases::anonymity.ne("none"))
        .count()
        .get_result(&mut *conn)
        .unwrap();
    assert!(anonymised >= 1);
    let amber: Vec<String> = cases::table
        .filter(cases::tlp.eq("amber"))
        .select(cases::id)
        .load(&mut *conn)
        .unwrap();
    assert!(!amber.is_empty());
    let audiences: i64 = case_audience::table
        .filter(case_audience::case_id.eq_any(&amber))
        .count()
        .get_result(&mut *conn)
        .unwrap();
    assert!(
        audiences >= amber.len() as i64,
        "AMBER cases name their audience"
    );
    assert!(
        !patterns::open(&mut conn).unwrap().is_empty(),
        "the demo raises at least one pattern alert"
    );
    let clear: i64 = cases::table
        .filter(cases::tlp.eq("clear"))
        .count()
        .get_result(&mut *conn)
        .unwrap();
    assert!(clear * 2 > published, "most demo cases are public");
    let visible = case_rows::page(
        &mut conn,
        Reader::Visitor,
        &CaseFilter::default(),
        Sort::Newest,
        0,
        20,
    )
    .unwrap()
    .1;
    assert_eq!(visible, clear, "visitors see exactly the CLEAR cases");
    // Indexed through the workflows: the Milan case is found by a word of its narrative.
    assert_eq!(search(&mut conn, Reader::Visitor, "Dalai Lama honorary"), 1);

    // Anonymised cases pass the moderators' redaction check.
    let (mod_id, mod_country) = moderator(&mut conn);
    let as_moderator = Reader::Member {
        id: &mod_id,
        city: "",
        country: &mod_country,
        moderates: true,
    };
    let hidden: Vec<String> = cases::table
        .filter(cases::anonymity.ne("none"))
        .select(cases::id)
        .load(&mut *conn)
        .unwrap();
    for id in hidden {
        let view = reading::load(&mut conn, as_moderator, &id, 1).unwrap();
        let terms = redaction::terms_for_case(&mut conn, &view.row).unwrap();
        let findings = redaction::find(&view, &terms);
        assert!(
            findings.is_empty(),
            "“{}” names {:?}",
            view.row.title,
            findings.iter().map(|f| &f.passage_html).collect::<Vec<_>>()
        );
    }

    // Counters match the rows behind them.
    for (table, column) in [
        ("case_comments", "comment_count"),
        ("case_faced", "faced_count"),
    ] {
        let off = scalar(
            &mut conn,
            &format!(
                "SELECT COUNT(*) AS n FROM cases c WHERE c.{column} <> \
                 (SELECT COUNT(*) FROM {table} t WHERE t.case_id = c.id)"
            ),
        );
        assert_eq!(off, 0, "{column} disagrees with {table}");
    }

    let before = census(&mut conn);
    drop(conn);
    let second = run(&database, data.path(), &["seed-demo"]);
    assert!(second.contains("(0 added now)"), "{second}");
    let mut conn = db.get().unwrap();
    assert_eq!(census(&mut conn), before, "a second run adds nothing");
}

async fn seed_demo_synthetic_adds_searchable_marked_cases(backend: Backend) {
    let database = TestDatabase::new(backend);
    let data = tempfile::tempdir().unwrap();
    let out = run(&database, data.path(), &["seed-demo", "--synthetic", "200"]);
    assert!(out.contains("200 synthetic cases added"), "{out}");

    let db = Db::connect(&database.url).unwrap();
    let mut conn = db.get().unwrap();
    assert_eq!(synthetic::count(&mut conn).unwrap(), 200);
    let unpublished: i64 = cases::table
        .filter(cases::title.like("[synthetic]%"))
        .filter(cases::status.ne("published"))
        .count()
        .get_result(&mut *conn)
        .unwrap();
    assert_eq!(unpublished, 0);
    let indexed = scalar(
        &mut conn,
        "SELECT COUNT(*) AS n FROM case_search WHERE title LIKE '[synthetic]%'",
    );
    assert_eq!(indexed, 200, "every synthetic case has a search document");
    let (mod_id, mod_country) = moderator(&mut conn);
    let as_moderator = Reader::Member {
        id: &mod_id,
        city: "",
        country: &mod_country,
        moderates: true,
    };
    let found = search(&mut conn, as_moderator, synthetic::COMMON_WORD);
    assert!(
        (40..=200).contains(&found),
        "{found} cases mention {}",
        synthetic::COMMON_WORD
    );
    assert!(search(&mut conn, as_moderator, "synthetic") >= 200);
    for (table, column) in [
        ("case_comments", "comment_count"),
        ("case_faced", "faced_count"),
    ] {
        let off = scalar(
            &mut conn,
            &format!(
                "SELECT COUNT(*) AS n FROM cases c WHERE c.{column} <> \
                 (SELECT COUNT(*) FROM {table} t WHERE t.case_id = c.id)"
            ),
        );
        assert_eq!(off, 0, "{column} disagrees with {table}");
    }
    let discussed: i64 = case_comments::table.count().get_result(&mut *conn).unwrap();
    assert!(discussed > 100, "synthetic cases come with comments");
    let revisions = scalar(
        &mut conn,
        "SELECT COUNT(*) AS n FROM case_revisions r JOIN cases c ON c.id = r.case_id \
         WHERE c.title LIKE '[synthetic]%'",
    );
    assert_eq!(revisions, 200);

    let before = census(&mut conn);
    drop(conn);
    let again = run(&database, data.path(), &["seed-demo", "--synthetic", "200"]);
    assert!(again.contains("0 synthetic cases added"), "{again}");
    let mut conn = db.get().unwrap();
    assert_eq!(census(&mut conn), before, "a second run adds nothing");
}

backend_tests!(
    seed_demo_publishes_the_demo_cases_once,
    seed_demo_synthetic_adds_searchable_marked_cases,
);
