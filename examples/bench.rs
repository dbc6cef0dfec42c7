//! Load benchmark: a fresh database with N synthetic cases, the real server in-process on a
//! loopback port, and concurrent GETs of the main read pages as a visitor and as a member.
//!
//! ```sh
//! cargo run --release --example bench -- [--cases 100000] [--database-url URL] \
//!     [--concurrency 16] [--seconds 10] [--max-requests 20000]
//! ```
//!
//! Without `--database-url` the database is a SQLite file in a temporary folder. With a
//! `postgres://…/NAME` URL a throwaway database `NAME_bench_<random>` is created on that
//! server and dropped at the end. Not part of the test suite.

use std::net::TcpListener;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use clap::Parser;
use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use twinwise::accounts::admin::{Provisioned, provision};
use twinwise::config::{MailTransport, Settings, Tuning};
use twinwise::db::schema::cases;
use twinwise::db::{DatabaseUrl, Db};
use twinwise::demo::synthetic;
use twinwise::domain::{CityName, Country, DisplayName, EmailAddress, NewPassword, Role};
use twinwise::startup::Application;

#[path = "common/sample.rs"]
mod sample;

#[derive(Debug, Parser)]
#[command(about = "Seed synthetic cases and measure Twinwise's read pages under load")]
struct Args {
    /// Synthetic cases to seed.
    #[arg(long, default_value_t = 100_000)]
    cases: u64,
    /// `postgres://user@host:port/name` for a throwaway PostgreSQL database; default SQLite.
    #[arg(long)]
    database_url: Option<String>,
    /// Requests in flight at once.
    #[arg(long, default_value_t = 16)]
    concurrency: usize,
    /// Time limit per route and identity, in seconds.
    #[arg(long, default_value_t = 10)]
    seconds: u64,
    /// Request limit per route and identity.
    #[arg(long, default_value_t = 20_000)]
    max_requests: usize,
    /// Keep the PostgreSQL database afterwards (its name is printed).
    #[arg(long)]
    keep: bool,
}

const MEMBER_EMAIL: &str = "bench.member@bench.twinwise.example";
const MEMBER_PASSWORD: &str = "saffron glacier tandem 83";

/// A throwaway PostgreSQL database on the server the given URL names.
struct PgScratch {
    admin_url: String,
    name: String,
    url: String,
    keep: bool,
}

impl PgScratch {
    fn create(url: &str, keep: bool) -> anyhow::Result<Self> {
        let (base, given) = url
            .rsplit_once('/')
            .context("the PostgreSQL URL needs a database name")?;
        let given: String = given
            .split('?')
            .next()
            .unwrap_or("")
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        let given = if given.is_empty() {
            "twinwise".into()
        } else {
            given
        };
        let name = format!(
            "{given}_bench_{}",
            &uuid::Uuid::new_v4().simple().to_string()[..8]
        );
        let admin_url = format!("{base}/postgres");
        diesel::PgConnection::establish(&admin_url)
            .with_context(|| format!("connect to {admin_url}"))?
            .batch_execute(&format!("CREATE DATABASE {name}"))?;
        Ok(PgScratch {
            url: format!("{base}/{name}"),
            admin_url,
            name,
            keep,
        })
    }
}

impl Drop for PgScratch {
    fn drop(&mut self) {
        if self.keep {
            println!("kept PostgreSQL database {}", self.name);
            return;
        }
        if let Ok(mut admin) = diesel::PgConnection::establish(&self.admin_url) {
            let _ = admin.batch_execute(&format!(
                "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                self.name
            ));
        }
    }
}

/// One measured route and identity.
struct Measured {
    label: String,
    requests: usize,
    errors: usize,
    elapsed: Duration,
    latencies_ms: Vec<f64>,
}

impl Measured {
    fn percentile(&self, p: f64) -> f64 {
        if self.latencies_ms.is_empty() {
            return f64::NAN;
        }
        let rank = ((p / 100.0) * (self.latencies_ms.len() as f64 - 1.0)).round() as usize;
        self.latencies_ms[rank.min(self.latencies_ms.len() - 1)]
    }
}

async fn measure(client: &reqwest::Client, url: &str, label: String, args: &Args) -> Measured {
    // Warm-up: caches, prepared statements, pool connections.
    for _ in 0..args.concurrency.min(20) {
        let _ = client.get(url).send().await.map(|r| r.bytes());
    }
    let issued = Arc::new(AtomicUsize::new(0));
    let deadline = Instant::now() + Duration::from_secs(args.seconds);
    let started = Instant::now();
    let mut workers = Vec::new();
    for _ in 0..args.concurrency {
        let (client, url, issued) = (client.clone(), url.to_owned(), issued.clone());
        let max = args.max_requests;
        workers.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            let mut errors = 0;
            while Instant::now() < deadline && issued.fetch_add(1, Ordering::Relaxed) < max {
                let sent = Instant::now();
                let ok = match client.get(&url).send().await {
                    Ok(response) => {
                        let status = response.status();
                        response.bytes().await.is_ok() && status.is_success()
                    }
                    Err(_) => false,
                };
                latencies.push(sent.elapsed().as_secs_f64() * 1000.0);
                if !ok {
                    errors += 1;
                }
            }
            (latencies, errors)
        }));
    }
    let mut latencies_ms = Vec::new();
    let mut errors = 0;
    for worker in workers {
        if let Ok((l, e)) = worker.await {
            latencies_ms.extend(l);
            errors += e;
        }
    }
    let elapsed = started.elapsed();
    latencies_ms.sort_by(|a, b| a.total_cmp(b));
    Measured {
        label,
        requests: latencies_ms.len(),
        errors,
        elapsed,
        latencies_ms,
    }
}

fn csrf_token(html: &str) -> Option<String> {
    let at = html.find("name=\"csrf_token\"")?;
    let rest = &html[at..];
    let value = rest.find("value=\"")? + 7;
    let end = rest[value..].find('"')?;
    Some(rest[value..value + end].to_owned())
}

fn client() -> anyhow::Result<reqwest::Client> {
    Ok(reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .pool_max_idle_per_host(256)
        .timeout(Duration::from_secs(60))
        .build()?)
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let dir = tempfile::tempdir()?;
    let pg = match &args.database_url {
        Some(url) if url.starts_with("postgres://") || url.starts_with("postgresql://") => {
            Some(PgScratch::create(url, args.keep)?)
        }
        Some(other) => {
            bail!("--database-url must be a postgres:// URL (SQLite is the default): {other}")
        }
        None => None,
    };
    let database_url = match &pg {
        Some(pg) => DatabaseUrl::Postgres(pg.url.clone()),
        None => DatabaseUrl::Sqlite(dir.path().join("bench.db")),
    };
    println!(
        "database: {} ({})",
        database_url.backend().name(),
        match &pg {
            Some(pg) => pg.name.clone(),
            None => dir.path().join("bench.db").display().to_string(),
        }
    );

    // Schema, synthetic cases and a member to sign in as.
    let db = Db::connect(&database_url)?;
    let wanted = args.cases;
    let seeding = db.clone();
    let report = tokio::task::spawn_blocking(move || -> anyhow::Result<synthetic::Report> {
        seeding.migrate()?;
        let mut conn = seeding.get()?;
        let report = synthetic::seed(&mut conn, wanted, synthetic::DEFAULT_SEED)?;
        let email = EmailAddress::parse(MEMBER_EMAIL)?;
        let name = DisplayName::parse("Bench Member")?;
        let password = NewPassword::parse(MEMBER_PASSWORD, MEMBER_EMAIL, "Bench Member")?;
        provision(
            &mut conn,
            &Provisioned {
                email: &email,
                name: &name,
                city: &CityName::parse("Berlin")?,
                country: Country::parse("DE")?,
                position: "Benchmark",
                role: Role::Member,
                password_hash: &twinwise::auth::password::hash_blocking(&password)?,
            },
            None,
        )?;
        if seeding.backend() == twinwise::db::Backend::Postgres {
            // What autovacuum does shortly after a bulk load: statistics for the planner and
            // the visibility map that index-only scans need.
            conn.batch_execute("VACUUM ANALYZE")?;
        }
        Ok(report)
    })
    .await??;
    println!("seeded: {report}");

    // A published CLEAR case with a discussion, for the case page.
    let case_id: String = {
        let mut conn = db.get()?;
        cases::table
            .filter(cases::status.eq("published"))
            .filter(cases::tlp.eq("clear"))
            .filter(cases::comment_count.gt(1))
            .order(cases::published_at.desc())
            .select(cases::id)
            .first(&mut *conn)?
    };

    // A CLEAR 300-clause agreement of the member's city, for the review page.
    let agreement_id = {
        use twinwise::agreements::intake::{self, NewText};
        use twinwise::domain::agreement::{AgreementFields, AgreementInput};
        let mut conn = db.get()?;
        let member = twinwise::db::users::find_by_email(&mut conn, MEMBER_EMAIL)?
            .and_then(|u| twinwise::db::users::member(&mut conn, &u.id).transpose())
            .context("the bench member")??;
        let today = chrono::Utc::now().date_naive();
        let fields = AgreementFields {
            title: "Benchmark memorandum (300 clauses)".to_owned(),
            kind: "mou".to_owned(),
            renewal: "automatic".to_owned(),
            tlp: "clear".to_owned(),
            ..AgreementFields::new_default()
        };
        let input = AgreementInput::parse(&fields, today, &member.country_code)
            .map_err(|e| anyhow::anyhow!("agreement fields: {e:?}"))?;
        let text = NewText {
            body: sample::agreement(300),
            source: "bench".to_owned(),
            language: Some("en".to_owned()),
        };
        intake::create(&mut conn, &member, &input, &text, today)
            .map_err(|e| anyhow::anyhow!("agreement: {e:?}"))?
    };

    // The real server, on its own actix system thread.
    let listener = TcpListener::bind("127.0.0.1:0")?;
    let port = listener.local_addr()?.port();
    let base = format!("http://127.0.0.1:{port}");
    let settings = Settings {
        bind: format!("127.0.0.1:{port}"),
        base_url: url::Url::parse(&base)?,
        database_url: database_url.clone(),
        data_dir: dir.path().to_path_buf(),
        mail: MailTransport::Folder(dir.path().join("mail")),
        secret: vec![42u8; 64].into(),
        tuning: Tuning::default(),
        patterns: Default::default(),
        trusted_proxies: Vec::new(),
    };
    let server_db = db.clone();
    std::thread::spawn(move || {
        actix_web::rt::System::new().block_on(async move {
            match Application::build_on(listener, server_db, settings) {
                Ok(app) => {
                    let _ = app.run_until_stopped().await;
                }
                Err(e) => eprintln!("server failed to start: {e}"),
            }
        })
    });

    let visitor = client()?;
    let started = Instant::now();
    while visitor.get(format!("{base}/healthz")).send().await.is_err() {
        if started.elapsed() > Duration::from_secs(30) {
            bail!("the server did not answer /healthz within 30 s");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }

    // Sign in through the real form.
    let member = client()?;
    let form = member
        .get(format!("{base}/login"))
        .send()
        .await?
        .text()
        .await?;
    let token = csrf_token(&form).context("no csrf_token on /login")?;
    let signed_in = member
        .post(format!("{base}/login"))
        .form(&[
            ("email", MEMBER_EMAIL),
            ("password", MEMBER_PASSWORD),
            ("csrf_token", token.as_str()),
        ])
        .send()
        .await?;
    if signed_in.status() != reqwest::StatusCode::SEE_OTHER {
        bail!("sign-in failed with {}", signed_in.status());
    }

    let word = synthetic::COMMON_WORD;
    let search = if visitor
        .get(format!("{base}/search?q={word}"))
        .send()
        .await?
        .status()
        == reqwest::StatusCode::NOT_FOUND
    {
        println!("note: /search answers 404; searching with /cases?q={word} instead");
        format!("/cases?q={word}")
    } else {
        format!("/search?q={word}")
    };
    let routes = [
        "/cases".to_owned(),
        "/cases?topic=taiwan&response=declined".to_owned(),
        format!("/cases/{case_id}"),
        search,
        "/stats".to_owned(),
        "/agreements".to_owned(),
        format!("/agreements/{agreement_id}"),
        "/partnerships".to_owned(),
        "/rules".to_owned(),
    ];

    println!(
        "load: {} concurrent, at most {} s and {} requests per row, loopback\n",
        args.concurrency, args.seconds, args.max_requests
    );
    let mut results = Vec::new();
    for route in &routes {
        let url = format!("{base}{route}");
        let probe = visitor.get(&url).send().await?.status();
        if probe == reqwest::StatusCode::NOT_FOUND {
            println!("skipped {route}: it answers 404");
            continue;
        }
        for (who, client) in [("visitor", &visitor), ("member", &member)] {
            let shown = if route.starts_with("/cases/") && !route.contains('?') {
                "/cases/{id}".to_owned()
            } else if route.starts_with("/agreements/") {
                "/agreements/{id} (300 clauses)".to_owned()
            } else {
                route.clone()
            };
            results.push(measure(client, &url, format!("{shown} ({who})"), &args).await);
        }
    }

    println!(
        "\n{:<52} {:>9} {:>8} {:>8} {:>8} {:>7}",
        "route", "req/s", "p50 ms", "p99 ms", "max ms", "errors"
    );
    for m in &results {
        println!(
            "{:<52} {:>9.1} {:>8.1} {:>8.1} {:>8.1} {:>7}",
            m.label,
            m.requests as f64 / m.elapsed.as_secs_f64(),
            m.percentile(50.0),
            m.percentile(99.0),
            m.latencies_ms.last().copied().unwrap_or(f64::NAN),
            m.errors
        );
    }
    drop(pg);
    Ok(())
}
