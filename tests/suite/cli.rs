//! The real `twinwise` binary: `migrate`, `create-admin`, `seed-demo` and `serve --demo`, on a
//! fresh data folder with SQLite or a throwaway PostgreSQL database.

use crate::common;

use std::io::Read;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::{Backend, Client, PgDatabase, Registrant};
use reqwest::StatusCode;
use twinwise::db::{DatabaseUrl, Db, audit, cities, users};

const BIN: &str = env!("CARGO_BIN_EXE_twinwise");
const ADMIN_PASSWORD: &str = "quartz harbour violin 31";

/// Settings the binary reads from the environment; a test sets only what it means to.
const AMBIENT: &[&str] = &[
    "DATABASE_URL",
    "TWINWISE_DATA_DIR",
    "TWINWISE_BIND",
    "TWINWISE_BASE_URL",
    "TWINWISE_MAIL",
    "TWINWISE_SECRET",
    "TWINWISE_PASSWORD",
    "RUST_LOG",
];

/// A fresh data folder, and for PostgreSQL a throwaway database.
struct Setup {
    dir: tempfile::TempDir,
    pg: Option<PgDatabase>,
}

impl Setup {
    fn new(backend: Backend) -> Self {
        Setup {
            dir: tempfile::tempdir().expect("temp dir"),
            pg: (backend == Backend::Postgres).then(PgDatabase::create),
        }
    }

    /// The data folder; not created up front, so commands must create it.
    fn data_dir(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    fn database_url(&self) -> DatabaseUrl {
        match &self.pg {
            Some(pg) => DatabaseUrl::Postgres(pg.url()),
            None => DatabaseUrl::Sqlite(self.data_dir().join("twinwise.db")),
        }
    }

    /// The binary with a clean environment: the data folder, and `DATABASE_URL` only for
    /// PostgreSQL.
    fn command(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(BIN);
        cmd.args(args)
            .current_dir(self.dir.path())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        for name in AMBIENT {
            cmd.env_remove(name);
        }
        cmd.env("TWINWISE_DATA_DIR", self.data_dir())
            .env("RUST_LOG", "warn");
        if let Some(pg) = &self.pg {
            cmd.env("DATABASE_URL", pg.url());
        }
        cmd
    }

    fn run(&self, args: &[&str], env: &[(&str, &str)]) -> Run {
        let mut cmd = self.command(args);
        for (k, v) in env {
            cmd.env(k, v);
        }
        Run::finish(cmd.output().expect("run twinwise"), args)
    }

    fn create_admin(&self, email: &str, name: &str, password: Option<&str>) -> Run {
        let env: Vec<(&str, &str)> = password
            .map(|p| vec![("TWINWISE_PASSWORD", p)])
            .unwrap_or_default();
        self.run(&["create-admin", "--email", email, "--name", name], &env)
    }

    fn db(&self) -> Db {
        Db::connect(&self.database_url()).expect("connect to the command's database")
    }
}

/// A finished command.
struct Run {
    ok: bool,
    code: Option<i32>,
    stdout: String,
    stderr: String,
    what: String,
}

impl Run {
    fn finish(output: Output, args: &[&str]) -> Self {
        Run {
            ok: output.status.success(),
            code: output.status.code(),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
            what: args.join(" "),
        }
    }

    fn succeeded(self) -> Self {
        assert!(
            self.ok,
            "`twinwise {}` failed ({:?}):\nstdout:\n{}\nstderr:\n{}",
            self.what, self.code, self.stdout, self.stderr
        );
        self
    }

    fn failed_with(self, message: &str) -> Self {
        assert!(
            !self.ok,
            "`twinwise {}` should fail; stdout:\n{}",
            self.what, self.stdout
        );
        assert_ne!(self.code, Some(0));
        assert!(
            self.stderr.contains(message),
            "`twinwise {}` should say {message:?}; stderr:\n{}",
            self.what,
            self.stderr
        );
        self
    }
}

/// A running child process, killed when dropped; its output is collected as it comes.
struct Running {
    child: Child,
    stdout: Arc<Mutex<String>>,
    stderr: Arc<Mutex<String>>,
}

fn collect(mut pipe: impl Read + Send + 'static) -> Arc<Mutex<String>> {
    let text = Arc::new(Mutex::new(String::new()));
    let sink = text.clone();
    std::thread::spawn(move || {
        let mut buf = [0u8; 4096];
        while let Ok(n) = pipe.read(&mut buf) {
            if n == 0 {
                break;
            }
            sink.lock()
                .unwrap()
                .push_str(&String::from_utf8_lossy(&buf[..n]));
        }
    });
    text
}

impl Running {
    fn spawn(mut cmd: Command) -> Self {
        let mut child = cmd.spawn().expect("start twinwise");
        let stdout = collect(child.stdout.take().unwrap());
        let stderr = collect(child.stderr.take().unwrap());
        Running {
            child,
            stdout,
            stderr,
        }
    }

    fn stdout(&self) -> String {
        self.stdout.lock().unwrap().clone()
    }

    fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    /// Panics with the output when the process has ended.
    fn assert_alive(&mut self) {
        if let Some(status) = self.child.try_wait().unwrap() {
            panic!(
                "twinwise exited early ({status}):\nstdout:\n{}\nstderr:\n{}",
                self.stdout(),
                self.stderr()
            );
        }
    }

    /// Waits for the process to exit by itself; panics after `timeout`.
    async fn exit_within(&mut self, timeout: Duration) -> std::process::ExitStatus {
        let deadline = Instant::now() + timeout;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                // Let the reader threads drain the pipes.
                tokio::time::sleep(Duration::from_millis(100)).await;
                return status;
            }
            assert!(
                Instant::now() < deadline,
                "twinwise still running after {timeout:?}:\nstderr:\n{}",
                self.stderr()
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn eml_files(dir: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e == "eml"))
                .collect()
        })
        .unwrap_or_default()
}

/// The password printed for a demo account.
fn printed_password(summary: &str, email: &str) -> String {
    let line = summary
        .lines()
        .find(|l| l.contains(email))
        .unwrap_or_else(|| panic!("no line for {email} in:\n{summary}"));
    line.split("password:")
        .nth(1)
        .unwrap_or_else(|| panic!("no password on {line:?}"))
        .trim()
        .to_owned()
}

const DEMO: &[(&str, &str)] = &[
    ("admin@demo.twinwise.example", "admin"),
    ("moderator@demo.twinwise.example", "moderator"),
    ("member@demo.twinwise.example", "member"),
];

// ---------------------------------------------------------------------------------------------
// migrate
// ---------------------------------------------------------------------------------------------

async fn migrate_on_a_fresh_setup_creates_the_schema(backend: Backend) {
    let setup = Setup::new(backend);
    assert!(!setup.data_dir().exists());
    let run = setup.run(&["migrate"], &[]).succeeded();
    assert!(
        run.stdout.contains("Migrations are up to date."),
        "{}",
        run.stdout
    );
    if backend == Backend::Sqlite {
        let file = setup.data_dir().join("twinwise.db");
        assert!(file.is_file(), "{} was not created", file.display());
    } else {
        assert!(
            !setup.data_dir().join("twinwise.db").exists(),
            "with DATABASE_URL set no SQLite file is made"
        );
    }
    // The schema is there and empty.
    let db = setup.db();
    assert!(users::none_exist(&mut db.get().unwrap()).unwrap());

    // Running it again is harmless.
    let again = setup.run(&["migrate"], &[]).succeeded();
    assert!(again.stdout.contains("Migrations are up to date."));
}

// ---------------------------------------------------------------------------------------------
// create-admin
// ---------------------------------------------------------------------------------------------

async fn create_admin_makes_an_active_verified_admin_with_an_audit_entry(backend: Backend) {
    let setup = Setup::new(backend);
    let run = setup
        .create_admin("Root.Admin@City.Example", "Rosa Root", Some(ADMIN_PASSWORD))
        .succeeded();
    assert!(run.stdout.contains("Admin Rosa Root"), "{}", run.stdout);
    assert!(
        !run.stdout.contains(ADMIN_PASSWORD),
        "the password is not echoed"
    );

    let db = setup.db();
    let mut conn = db.get().unwrap();
    let user = users::find_by_email(&mut conn, "root.admin@city.example")
        .unwrap()
        .expect("the admin exists (email stored lower-cased)");
    assert_eq!(user.role, "admin");
    assert_eq!(user.status, "active");
    assert_eq!(user.display_name, "Rosa Root");
    assert!(user.email_verified_at.is_some());
    assert_ne!(user.password_hash, ADMIN_PASSWORD);
    assert!(user.password_hash.starts_with("$argon2"));
    let verdict =
        twinwise::auth::password::verify(ADMIN_PASSWORD.into(), Some(user.password_hash.clone()))
            .await
            .unwrap();
    assert!(
        matches!(verdict, twinwise::auth::password::Verdict::Match { .. }),
        "the stored hash matches the password given"
    );
    assert_eq!(
        audit::actions_on(&mut conn, &user.id).unwrap(),
        vec!["create_admin".to_owned()]
    );
}

async fn create_admin_refuses_a_weak_password(backend: Backend) {
    let setup = Setup::new(backend);
    setup
        .create_admin("weak@city.example", "Wendy Weak", Some("password1234"))
        .failed_with("too common or easy to guess");
    setup
        .create_admin("weak@city.example", "Wendy Weak", Some("short pw"))
        .failed_with("at least 12 characters");
    setup
        .create_admin(
            "weak@city.example",
            "Wendy Weak",
            Some("wendy weak 2024 forever"),
        )
        .failed_with("Don't use your email address or name");
    // Nothing was written (the database may not even exist yet).
    setup.run(&["migrate"], &[]).succeeded();
    assert!(users::none_exist(&mut setup.db().get().unwrap()).unwrap());
}

async fn create_admin_refuses_an_existing_email(backend: Backend) {
    let setup = Setup::new(backend);
    setup
        .create_admin("taken@city.example", "First Admin", Some(ADMIN_PASSWORD))
        .succeeded();
    setup
        .create_admin("TAKEN@city.example", "Second Admin", Some(ADMIN_PASSWORD))
        .failed_with("an account with taken@city.example already exists");
    let mut conn = setup.db().get().unwrap();
    let user = users::find_by_email(&mut conn, "taken@city.example")
        .unwrap()
        .unwrap();
    assert_eq!(
        user.display_name, "First Admin",
        "the first account is kept"
    );
    assert_eq!(audit::actions_on(&mut conn, &user.id).unwrap().len(), 1);
}

async fn create_admin_without_password_or_terminal_fails_clearly(backend: Backend) {
    let setup = Setup::new(backend);
    // stdin is /dev/null, not a terminal.
    setup
        .create_admin("nopass@city.example", "Nora Nopass", None)
        .failed_with("set TWINWISE_PASSWORD or run in a terminal");
    setup.run(&["migrate"], &[]).succeeded();
    assert!(
        users::find_by_email(&mut setup.db().get().unwrap(), "nopass@city.example")
            .unwrap()
            .is_none()
    );
}

// ---------------------------------------------------------------------------------------------
// seed-demo
// ---------------------------------------------------------------------------------------------

async fn seed_demo_prints_three_accounts_and_can_run_twice(backend: Backend) {
    let setup = Setup::new(backend);
    let first = setup.run(&["seed-demo"], &[]).succeeded();
    for (email, _) in DEMO {
        let password = printed_password(&first.stdout, email);
        assert!(password.len() >= 12, "{email}: {password:?}");
    }

    let db = setup.db();
    let snapshot = |db: &Db| {
        let mut conn = db.get().unwrap();
        let mut found = Vec::new();
        for (email, role) in DEMO {
            let user = users::find_by_email(&mut conn, email)
                .unwrap()
                .unwrap_or_else(|| panic!("{email} was not created"));
            assert_eq!(&user.role, role);
            assert_eq!(user.status, "active");
            assert!(user.email_verified_at.is_some());
            found.push(user.id);
        }
        (found, cities::names(&mut conn, 1000).unwrap())
    };
    let (ids, city_names) = snapshot(&db);
    assert!(city_names.len() >= 12, "{city_names:?}");

    let second = setup.run(&["seed-demo"], &[]).succeeded();
    for (email, _) in DEMO {
        assert_eq!(
            printed_password(&second.stdout, email),
            printed_password(&first.stdout, email),
            "the second run prints the same sign-in details"
        );
    }
    let (ids_again, city_names_again) = snapshot(&db);
    assert_eq!(ids, ids_again, "the same three accounts, none added");
    assert_eq!(city_names, city_names_again, "no city duplicated");

    // The printed password is the real one.
    let mut conn = db.get().unwrap();
    let member = users::find_by_email(&mut conn, "member@demo.twinwise.example")
        .unwrap()
        .unwrap();
    let verdict = twinwise::auth::password::verify(
        printed_password(&first.stdout, "member@demo.twinwise.example"),
        Some(member.password_hash),
    )
    .await
    .unwrap();
    assert!(matches!(
        verdict,
        twinwise::auth::password::Verdict::Match { .. }
    ));
}

// ---------------------------------------------------------------------------------------------
// serve
// ---------------------------------------------------------------------------------------------

async fn serve_demo_answers_health_signs_in_the_demo_member_and_writes_mail_files(
    backend: Backend,
) {
    let setup = Setup::new(backend);
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let mut cmd = setup.command(&["serve", "--demo"]);
    cmd.env("TWINWISE_BIND", format!("127.0.0.1:{port}"));
    let mut server = Running::spawn(cmd);

    // Health answers within 30 s.
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(5))
        .build()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    let health = loop {
        server.assert_alive();
        if let Ok(response) = http.get(format!("{base}/healthz")).send().await
            && response.status() == StatusCode::OK
        {
            break response.text().await.unwrap();
        }
        assert!(
            Instant::now() < deadline,
            "/healthz did not answer 200 within 30 s; stderr:\n{}",
            server.stderr()
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    let health: serde_json::Value = serde_json::from_str(&health).unwrap();
    assert_eq!(health["status"], "ok");
    let expected_backend = match backend {
        Backend::Sqlite => "sqlite",
        Backend::Postgres => "postgres",
    };
    assert_eq!(health["database"], expected_backend);

    // The demo accounts were printed before the server started.
    let member_email = "member@demo.twinwise.example";
    let summary = server.stdout();
    for (email, _) in DEMO {
        assert!(summary.contains(email), "{email} not printed:\n{summary}");
    }
    let member_password = printed_password(&summary, member_email);
    assert!(summary.contains("Twinwise is running at"), "{summary}");
    if backend == Backend::Sqlite {
        assert!(setup.data_dir().join("twinwise.db").is_file());
    }
    assert!(
        setup.data_dir().join("secret.key").is_file(),
        "a signing secret is generated into the data folder"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(setup.data_dir().join("secret.key"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(
            mode & 0o777,
            0o600,
            "the secret is readable by the owner only"
        );
    }

    // Sign in through the real form.
    let member = Client::new(&base);
    let form = member.get("/login").await;
    assert_eq!(form.status, StatusCode::OK);
    let token = form.csrf();
    assert!(!token.is_empty());
    let signed_in = member
        .post_raw(
            "/login",
            &[
                ("email", member_email),
                ("password", &member_password),
                ("csrf_token", &token),
            ],
        )
        .await;
    assert_eq!(
        signed_in.status,
        StatusCode::SEE_OTHER,
        "sign-in failed:\n{}",
        signed_in.body
    );
    let account = member.get("/account").await;
    assert_eq!(account.status, StatusCode::OK, "{}", account.body);
    assert!(account.has(member_email), "{}", account.body);

    // A registration writes its verification mail as a file into <data>/mail/.
    let mail_dir = setup.data_dir().join("mail");
    let visitor = Client::new(&base);
    let who = Registrant::new("newcomer@rotterdam.example");
    let registered = visitor
        .submit("/register", "/register", &who.fields())
        .await;
    assert_eq!(
        registered.status,
        StatusCode::SEE_OTHER,
        "registration failed:\n{}",
        registered.body
    );
    let deadline = Instant::now() + Duration::from_secs(10);
    let mail = loop {
        let found = eml_files(&mail_dir).into_iter().find_map(|p| {
            let text = std::fs::read_to_string(&p).ok()?;
            text.contains(&who.email).then_some(text)
        });
        if let Some(text) = found {
            break text;
        }
        server.assert_alive();
        assert!(
            Instant::now() < deadline,
            "no .eml for {} in {}; files: {:?}; stderr:\n{}",
            who.email,
            mail_dir.display(),
            eml_files(&mail_dir),
            server.stderr()
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    assert!(
        mail.contains("Subject: Confirm your email address for Twinwise"),
        "{mail}"
    );
    assert!(mail.contains(&format!("{base}/verify-email?token=")) || mail.contains("verify-email"));
    drop(server);
}

async fn serve_without_demo_flag_leaves_an_empty_database_empty(backend: Backend) {
    let setup = Setup::new(backend);
    let port = free_port();
    let mut cmd = setup.command(&["serve"]);
    cmd.env("TWINWISE_BIND", format!("127.0.0.1:{port}"));
    let mut server = Running::spawn(cmd);
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        server.assert_alive();
        if let Ok(r) = reqwest::get(format!("http://127.0.0.1:{port}/healthz")).await
            && r.status() == StatusCode::OK
        {
            break;
        }
        assert!(Instant::now() < deadline, "{}", server.stderr());
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert!(!server.stdout().contains("demo.twinwise.example"));
    assert!(users::none_exist(&mut setup.db().get().unwrap()).unwrap());
}

/// Starts `serve` with extra settings and expects it to exit non-zero saying `messages`.
async fn serve_fails(setup: &Setup, env: &[(&str, &str)], messages: &[&str]) {
    let mut cmd = setup.command(&["serve"]);
    cmd.env("TWINWISE_BIND", format!("127.0.0.1:{}", free_port()));
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut server = Running::spawn(cmd);
    let status = server.exit_within(Duration::from_secs(45)).await;
    assert!(!status.success(), "serve should fail with {env:?}");
    let stderr = server.stderr();
    for message in messages {
        assert!(
            stderr.contains(message),
            "serve with {env:?} should say {message:?}; stderr:\n{stderr}"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// check-agreement
// ---------------------------------------------------------------------------------------------

const MOU: &str = "Memorandum of Understanding on Friendly Relations\r\nbetween the City of Lund and the City of Xi'an\r\n\r\nWhereas both cities wish to deepen their friendship,\r\n\r\nArticle 1 – Purpose\r\nThe Parties shall promote exchanges in culture, education and sport.\r\n\r\nArticle 2\r\nOne China\r\nThe City of Lund adheres to the one China principle and recognises that Taiwan is an\r\ninalienable part of the territory of China.\r\n\r\nArticle 3 – Languages\r\nThis Memorandum is done in Swedish and Chinese. In case of divergence, the Chinese text shall prevail.\r\n\r\nDone at Lund on 1 May 2024.\r\n";

#[test]
fn check_agreement_prints_clauses_and_flags_as_json() {
    let setup = Setup::new(Backend::Sqlite);
    let file = setup.dir.path().join("mou.txt");
    std::fs::write(&file, MOU).unwrap();
    let run = setup
        .run(&["check-agreement", "--json", file.to_str().unwrap()], &[])
        .succeeded();
    let files: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    let review = &files[0];
    assert_eq!(review["file"], file.to_str().unwrap());
    assert_eq!(review["language"], "en");
    let clauses = review["clauses"].as_array().unwrap();
    let numbers: Vec<&str> = clauses
        .iter()
        .map(|c| c["number"].as_str().unwrap_or("-"))
        .collect();
    assert_eq!(numbers, ["-", "Article 1", "Article 2", "Article 3", "-"]);
    let categories = |i: usize| -> Vec<String> {
        clauses[i]["flags"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["category"].as_str().unwrap().to_owned())
            .collect()
    };
    assert!(
        categories(1).is_empty(),
        "a harmless clause: {:?}",
        clauses[1]
    );
    assert!(
        categories(2).contains(&"sovereignty".to_owned()),
        "{:?}",
        clauses[2]
    );
    let flag = &clauses[2]["flags"][0];
    assert_eq!(flag["severity"], "red");
    assert!(
        MOU.contains(flag["matched"].as_str().unwrap()),
        "matched words as written"
    );
    assert!(
        clauses[2]["text"]
            .as_str()
            .unwrap()
            .starts_with("Article 2\nOne China")
    );
    assert_eq!(clauses[2]["title"], "One China");
    // The readable report says the same.
    let report = setup
        .run(&["check-agreement", file.to_str().unwrap()], &[])
        .succeeded();
    assert!(report.stdout.contains("Article 2 – One China") && report.stdout.contains("[RED]"));
    // --lang overrides the detection.
    let forced = setup
        .run(
            &[
                "check-agreement",
                "--json",
                "--lang",
                "sv",
                file.to_str().unwrap(),
            ],
            &[],
        )
        .succeeded();
    assert!(forced.stdout.contains("\"language\": \"sv\""));
}

// ---------------------------------------------------------------------------------------------
// the job runner
// ---------------------------------------------------------------------------------------------

/// Two `serve` processes on one database and a `run-jobs` from cron, then a restart: the
/// deadline reminder goes out exactly once (one outbox row, one mail file).
async fn a_reminder_goes_out_once_across_instances_and_restarts(backend: Backend) {
    use diesel::prelude::*;
    let setup = Setup::new(backend);
    setup
        .create_admin("root@lund.example", "Rosa Root", Some(ADMIN_PASSWORD))
        .succeeded();
    let db = setup.db();
    let mut conn = db.get().unwrap();
    let admin = users::find_by_email(&mut conn, "root@lund.example")
        .unwrap()
        .unwrap();
    let today = chrono::Utc::now().date_naive();
    let at = twinwise::db::now();
    twinwise::db::agreements::insert(
        &mut conn,
        &twinwise::db::agreements::AgreementRow {
            id: uuid::Uuid::now_v7().to_string(),
            city_id: admin.city_id.clone(),
            partnership_id: None,
            title: "Zqrenewing memorandum".into(),
            kind: "mou".into(),
            status: "signed".into(),
            signed_on: None,
            effective_on: None,
            term: "5 years".into(),
            renewal: "automatic".into(),
            notice: "6 months".into(),
            reminder_days: "90, 30, 7".into(),
            renews_on: Some(today + chrono::TimeDelta::days(200)),
            notice_by: Some(today + chrono::TimeDelta::days(20)),
            tlp: "green".into(),
            created_by: admin.id.clone(),
            created_at: at,
            updated_at: at,
        },
    )
    .unwrap();
    let reminders = |conn: &mut twinwise::db::DbConn| {
        twinwise::db::outbox::to_address(conn, "root@lund.example")
            .unwrap()
            .into_iter()
            .filter(|m| m.subject == "An agreement's notice deadline is coming up")
            .count()
    };
    let (first, _) = serve_ready(&setup, &[]).await;
    let (second, _) = serve_ready(&setup, &[]).await;
    let cron = setup.run(&["run-jobs"], &[]).succeeded();
    // Each ran its jobs as soon as it started; whichever came first sent the reminder.
    let deadline = Instant::now() + Duration::from_secs(20);
    while eml_files(&setup.data_dir().join("mail")).is_empty() {
        assert!(
            Instant::now() < deadline,
            "no reminder was delivered: {}",
            cron.stdout
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    drop((first, second));
    // Make every job due again and restart: the reminder is not sent twice.
    diesel::update(twinwise::db::schema::jobs::table)
        .set(twinwise::db::schema::jobs::due_at.eq(at - chrono::TimeDelta::days(1)))
        .execute(&mut conn)
        .unwrap();
    let again = setup.run(&["run-jobs"], &[]).succeeded();
    assert!(
        again
            .stdout
            .contains("agreement-reminders: 0 reminders, 0 mails"),
        "{}",
        again.stdout
    );
    let (restarted, _) = serve_ready(&setup, &[]).await;
    let later = setup.run(&["run-jobs"], &[]).succeeded();
    assert!(!later.stdout.contains("1 reminders"), "{}", later.stdout);
    drop(restarted);
    assert_eq!(reminders(&mut conn), 1);
    assert_eq!(eml_files(&setup.data_dir().join("mail")).len(), 1);
}

/// The database's library is the one checked against: a moderator's rule counts, and the
/// starter library is there on a fresh database (and without one).
async fn check_agreement_uses_the_database_rule_library(backend: Backend) {
    let setup = Setup::new(backend);
    let file = setup.dir.path().join("mou.txt");
    std::fs::write(&file, "Article 1\nEvery zqfestival needs a zqblessing.\n").unwrap();
    let args = ["check-agreement", "--json", file.to_str().unwrap()];
    let flags = |stdout: &str| -> Vec<String> {
        let files: serde_json::Value = serde_json::from_str(stdout).expect("JSON");
        files[0]["clauses"][0]["flags"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["rule"].as_str().unwrap().to_owned())
            .collect()
    };
    assert!(flags(&setup.run(&args, &[]).succeeded().stdout).is_empty());
    if backend == Backend::Sqlite {
        assert!(
            !setup.data_dir().join("twinwise.db").exists(),
            "checking a file creates no database"
        );
    }
    setup.run(&["migrate"], &[]).succeeded();
    let db = setup.db();
    let mut conn = db.get().unwrap();
    assert!(twinwise::db::rules::count(&mut conn).unwrap() >= 80);
    let form = twinwise::domain::rules::RuleFields {
        id: "zq-festival".into(),
        category: "media-events-approval".into(),
        severity: "amber".into(),
        title: "Festivals need approval".into(),
        patterns: "zqfestival* ~3 zqbless*".into(),
        must_match: "Every zqfestival needs a zqblessing.".into(),
        ..Default::default()
    };
    let (category, spec) = form.parse().expect("a valid rule");
    twinwise::db::rules::save(&mut conn, category, &spec, "test", None).unwrap();
    assert_eq!(
        flags(&setup.run(&args, &[]).succeeded().stdout),
        ["zq-festival"]
    );
}

/// The same agreement as a Word document (one paragraph per line) is read the same way.
#[test]
fn check_agreement_reads_word_documents() {
    use std::io::Write;
    let setup = Setup::new(Backend::Sqlite);
    let paragraphs: String = MOU
        .lines()
        .map(|line| format!("<w:p><w:r><w:t xml:space=\"preserve\">{line}</w:t></w:r></w:p>"))
        .collect();
    let xml = format!(
        "<?xml version=\"1.0\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>{paragraphs}</w:body></w:document>"
    );
    let file = setup.dir.path().join("mou.docx");
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&file).unwrap());
    zip.start_file(
        "word/document.xml",
        zip::write::SimpleFileOptions::default(),
    )
    .unwrap();
    zip.write_all(xml.as_bytes()).unwrap();
    zip.finish().unwrap();
    let run = setup
        .run(&["check-agreement", "--json", file.to_str().unwrap()], &[])
        .succeeded();
    let files: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let clauses = files[0]["clauses"].as_array().unwrap();
    assert_eq!(clauses[2]["number"], "Article 2");
    assert_eq!(clauses[2]["flags"][0]["category"], "sovereignty");
}

#[test]
fn check_agreement_refuses_what_it_cannot_read() {
    let setup = Setup::new(Backend::Sqlite);
    let dir = setup.dir.path();
    std::fs::write(dir.join("scan.pdf"), b"%PDF-1.7").unwrap();
    std::fs::write(dir.join("latin1.txt"), b"Vertr\xe4ge").unwrap();
    setup
        .run(
            &["check-agreement", dir.join("scan.pdf").to_str().unwrap()],
            &[],
        )
        .failed_with("not a PDF that can be opened");
    std::fs::write(dir.join("notes.odt"), b"PK").unwrap();
    setup
        .run(
            &["check-agreement", dir.join("notes.odt").to_str().unwrap()],
            &[],
        )
        .failed_with("only .txt, .md, .docx and .pdf files");
    setup
        .run(
            &["check-agreement", dir.join("latin1.txt").to_str().unwrap()],
            &[],
        )
        .failed_with("not UTF-8 text");
    setup
        .run(
            &["check-agreement", dir.join("missing.txt").to_str().unwrap()],
            &[],
        )
        .failed_with("cannot read it");
    setup.run(&["check-agreement"], &[]).failed_with("PATH");
}

/// Starts `serve` on a free port with extra settings and waits until `/healthz` answers;
/// returns the process and its base URL.
async fn serve_ready(setup: &Setup, env: &[(&str, &str)]) -> (Running, String) {
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let mut cmd = setup.command(&["serve"]);
    cmd.env("TWINWISE_BIND", format!("127.0.0.1:{port}"));
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut server = Running::spawn(cmd);
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        server.assert_alive();
        if let Ok(r) = reqwest::get(format!("{base}/healthz")).await
            && r.status() == StatusCode::OK
        {
            return (server, base);
        }
        assert!(Instant::now() < deadline, "not ready:\n{}", server.stderr());
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// The server's peak memory, from `/proc` (Linux).
fn peak_rss_kib(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .unwrap_or_default()
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

/// 500 simultaneous sign-ins against the real binary at the real argon2 cost (19 MiB a
/// hash): every one is answered (the limits refuse most before any hash) and the peak memory
/// stays bounded (one work area per core). Before the work areas were reused, 30 wrong
/// passwords in a row left 200 MiB or more with the allocator.
#[actix_web::test]
async fn five_hundred_sign_ins_at_the_real_cost_keep_memory_bounded() {
    let setup = Setup::new(Backend::Sqlite);
    let (server, base) = serve_ready(&setup, &[]).await;
    let mut attempts = Vec::new();
    for i in 0..500 {
        let browser = Client::new(&base);
        let token = browser.get("/login").await.csrf();
        attempts.push((browser, token, format!("nobody{i}@city.example")));
    }
    let mut running = tokio::task::JoinSet::new();
    for (browser, token, email) in attempts {
        running.spawn(async move {
            let fields = [
                ("email", email.as_str()),
                ("password", "not the password 1"),
                ("csrf_token", token.as_str()),
            ];
            browser.post_raw("/login", &fields).await.status
        });
    }
    let mut counts = std::collections::BTreeMap::new();
    while let Some(status) = running.join_next().await {
        *counts.entry(status.unwrap().as_u16()).or_insert(0) += 1;
    }
    assert_eq!(
        counts,
        [(401, 30), (429, 470)].into(),
        "every attempt answered"
    );
    let peak = peak_rss_kib(server.child.id());
    assert!(peak > 0 && peak < 160 * 1024, "peak RSS {peak} KiB");
    eprintln!(
        "peak RSS over 500 sign-ins at the real cost: {} MiB",
        peak / 1024
    );
}

/// ERROR is for what an operator must look at: a 404, a redirect to sign in, a refused form
/// and a wrong method are expected outcomes, logged below it, while each request still gets
/// its line.
#[actix_web::test]
async fn expected_refusals_are_not_logged_as_errors() {
    let setup = Setup::new(Backend::Sqlite);
    let (server, base) = serve_ready(&setup, &[("RUST_LOG", "info"), ("NO_COLOR", "1")]).await;
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(5))
        .build()
        .unwrap();
    let answers = [
        http.get(format!("{base}/no-such-page"))
            .send()
            .await
            .unwrap()
            .status(),
        http.get(format!("{base}/cases/unknown-case"))
            .send()
            .await
            .unwrap()
            .status(),
        http.get(format!("{base}/account"))
            .send()
            .await
            .unwrap()
            .status(),
        http.post(format!("{base}/login"))
            .form(&[
                ("email", "a@b.example"),
                ("password", "x"),
                ("csrf_token", "forged"),
            ])
            .send()
            .await
            .unwrap()
            .status(),
        http.delete(format!("{base}/cases"))
            .send()
            .await
            .unwrap()
            .status(),
    ];
    assert_eq!(
        answers.map(|s| s.as_u16()),
        [404, 404, 303, 403, 405],
        "the refusals this test is about"
    );
    tokio::time::sleep(Duration::from_millis(300)).await;
    let log = server.stderr();
    assert!(
        log.contains("/no-such-page") && log.contains("/account"),
        "each request is logged:\n{log}"
    );
    let errors: Vec<&str> = log.lines().filter(|l| l.contains("ERROR")).collect();
    assert!(
        errors.is_empty(),
        "expected outcomes logged at ERROR:\n{}",
        errors.join("\n")
    );
}

#[actix_web::test]
async fn serve_refuses_an_unknown_mail_setting() {
    let setup = Setup::new(Backend::Sqlite);
    serve_fails(
        &setup,
        &[("TWINWISE_MAIL", "sendmail")],
        &["TWINWISE_MAIL must be `folder`, `smtp://...` or `smtps://...`"],
    )
    .await;
}

/// A mistyped scheme may still carry a password: the refusal must not echo the value.
#[actix_web::test]
async fn a_refused_mail_setting_is_not_echoed() {
    let setup = Setup::new(Backend::Sqlite);
    let mut cmd = setup.command(&["serve"]);
    cmd.env("TWINWISE_BIND", format!("127.0.0.1:{}", free_port()));
    cmd.env("TWINWISE_MAIL", "smtpx://relay:hunter2-secret@mail.example");
    let mut server = Running::spawn(cmd);
    let status = server.exit_within(Duration::from_secs(45)).await;
    assert!(!status.success());
    let stderr = server.stderr();
    assert!(stderr.contains("TWINWISE_MAIL must be"), "{stderr}");
    assert!(
        !stderr.contains("hunter2"),
        "the password was echoed:\n{stderr}"
    );
}

#[actix_web::test]
async fn serve_refuses_an_unsupported_database_url() {
    let setup = Setup::new(Backend::Sqlite);
    serve_fails(
        &setup,
        &[("DATABASE_URL", "mysql://db.example/twinwise")],
        &["unsupported database URL (expected sqlite://PATH or postgres://...): mysql://db.example/twinwise"],
    )
    .await;
    // The other commands say the same.
    setup
        .run(
            &["migrate"],
            &[("DATABASE_URL", "mysql://db.example/twinwise")],
        )
        .failed_with("unsupported database URL");
}

#[actix_web::test]
async fn serve_exits_when_the_postgres_database_is_unreachable() {
    if !common::postgres_available() {
        return;
    }
    let setup = Setup::new(Backend::Sqlite);
    let missing = format!(
        "postgres://postgres@127.0.0.1:5432/tw_missing_{}",
        uuid::Uuid::new_v4().simple()
    );
    serve_fails(
        &setup,
        &[("DATABASE_URL", &missing)],
        &[
            "twinwise: could not get a database connection",
            "does not exist",
        ],
    )
    .await;
}

#[actix_web::test]
async fn serve_refuses_a_port_that_is_taken() {
    let setup = Setup::new(Backend::Sqlite);
    let taken = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = taken.local_addr().unwrap().to_string();
    let mut cmd = setup.command(&["serve"]);
    cmd.env("TWINWISE_BIND", &addr);
    let mut server = Running::spawn(cmd);
    let status = server.exit_within(Duration::from_secs(45)).await;
    assert!(!status.success());
    let stderr = server.stderr();
    assert!(
        stderr.contains(&format!("could not listen on {addr}")),
        "{stderr}"
    );
    drop(taken);
}

#[actix_web::test]
async fn serve_refuses_a_short_secret() {
    let setup = Setup::new(Backend::Sqlite);
    serve_fails(
        &setup,
        &[("TWINWISE_SECRET", "too-short")],
        &["TWINWISE_SECRET must be at least 64 characters long"],
    )
    .await;
    assert!(
        !setup.data_dir().join("secret.key").exists(),
        "no secret is generated when one is given"
    );
}

#[actix_web::test]
async fn serve_refuses_a_base_url_that_is_not_http() {
    let setup = Setup::new(Backend::Sqlite);
    serve_fails(
        &setup,
        &[("TWINWISE_BASE_URL", "ftp://twinwise.example")],
        &["TWINWISE_BASE_URL is not a valid http(s) URL: ftp://twinwise.example"],
    )
    .await;
}

backend_tests!(
    migrate_on_a_fresh_setup_creates_the_schema,
    create_admin_makes_an_active_verified_admin_with_an_audit_entry,
    create_admin_refuses_a_weak_password,
    create_admin_refuses_an_existing_email,
    create_admin_without_password_or_terminal_fails_clearly,
    seed_demo_prints_three_accounts_and_can_run_twice,
    serve_demo_answers_health_signs_in_the_demo_member_and_writes_mail_files,
    serve_without_demo_flag_leaves_an_empty_database_empty,
    check_agreement_uses_the_database_rule_library,
    a_reminder_goes_out_once_across_instances_and_restarts,
);
