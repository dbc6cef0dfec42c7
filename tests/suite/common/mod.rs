//! The test harness: a real server on a random port, a fresh database per test (SQLite file
//! or a throwaway PostgreSQL database), a real SMTP server, and a cookie-keeping client that
//! reads CSRF tokens from the served forms.
#![allow(dead_code)]

pub mod smtp;

use std::net::TcpListener;
use std::sync::Once;
use std::time::Duration;

use diesel::connection::SimpleConnection;
use diesel::{Connection, PgConnection};
use reqwest::StatusCode;
use reqwest::redirect::Policy;
use scraper::{Html, Selector};
use twinwise::config::{MailTransport, Settings, Tuning};
use twinwise::db::{DatabaseUrl, Db};
use twinwise::domain::{CityName, Country, DisplayName, EmailAddress, NewPassword, Role};
use twinwise::startup::Application;

pub use smtp::{Mail, SmtpServer};

/// The PostgreSQL server the suite uses for throwaway databases.
pub const PG_ADMIN_URL: &str = "postgres://postgres@127.0.0.1:5432/postgres";

/// Which database a test runs against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Runs each named `async fn(Backend)` once per backend, as `sqlite::name` and `postgres::name`.
#[macro_export]
macro_rules! backend_tests {
    ($($name:ident),+ $(,)?) => {
        mod sqlite {
            $(#[actix_web::test] async fn $name() { super::$name($crate::common::Backend::Sqlite).await })+
        }
        mod postgres {
            $(#[actix_web::test] async fn $name() {
                if $crate::common::postgres_available() {
                    super::$name($crate::common::Backend::Postgres).await
                }
            })+
        }
    };
}

fn init_tracing() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        // Cheap hashes keep the suite fast; production always uses the OWASP parameters.
        twinwise::auth::password::use_cost_for_tests(1024, 1);
        let _ = tracing_subscriber::fmt()
            .with_env_filter(std::env::var("TEST_LOG").unwrap_or_else(|_| "warn".into()))
            .with_test_writer()
            .try_init();
    });
}

/// True when the PostgreSQL server answers. Without one the PostgreSQL half is skipped with a
/// loud warning, except under CI (`CI` set), where a missing server fails the test.
pub fn postgres_available() -> bool {
    match PgConnection::establish(PG_ADMIN_URL) {
        Ok(_) => true,
        Err(e) if std::env::var_os("CI").is_some() => {
            panic!("CI needs PostgreSQL at {PG_ADMIN_URL}: {e}")
        }
        Err(e) => {
            eprintln!(
                "\n!!!!! SKIPPING a PostgreSQL test: no server at {PG_ADMIN_URL} ({e}) !!!!!\n"
            );
            false
        }
    }
}

/// A throwaway PostgreSQL database, dropped with the value.
pub struct PgDatabase {
    pub name: String,
}

impl PgDatabase {
    pub fn create() -> Self {
        let name = format!("tw_test_{}", uuid::Uuid::new_v4().simple());
        let mut admin = PgConnection::establish(PG_ADMIN_URL).expect("connect to PostgreSQL");
        admin
            .batch_execute(&format!("CREATE DATABASE {name}"))
            .expect("create test database");
        PgDatabase { name }
    }

    pub fn url(&self) -> String {
        format!("postgres://postgres@127.0.0.1:5432/{}", self.name)
    }
}

impl Drop for PgDatabase {
    fn drop(&mut self) {
        if let Ok(mut admin) = PgConnection::establish(PG_ADMIN_URL) {
            let _ = admin.batch_execute(&format!(
                "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                self.name
            ));
        }
    }
}

/// A database for one test: the URL plus what must live as long as it.
pub struct TestDatabase {
    pub url: DatabaseUrl,
    _pg: Option<PgDatabase>,
    _dir: tempfile::TempDir,
}

impl TestDatabase {
    pub fn new(backend: Backend) -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        match backend {
            Backend::Sqlite => TestDatabase {
                url: DatabaseUrl::Sqlite(dir.path().join("test.db")),
                _pg: None,
                _dir: dir,
            },
            Backend::Postgres => {
                let pg = PgDatabase::create();
                TestDatabase {
                    url: DatabaseUrl::Postgres(pg.url()),
                    _pg: Some(pg),
                    _dir: dir,
                }
            }
        }
    }
}

/// Timings short enough for tests.
pub fn fast_tuning() -> Tuning {
    Tuning {
        outbox_poll: Duration::from_millis(100),
        outbox_backoff: Duration::from_millis(200),
        // Tests change data and look at the statistics at once.
        stats_cache: Duration::ZERO,
        ..Tuning::default()
    }
}

/// How a test wants its app built.
pub struct Options {
    pub backend: Backend,
    /// Start the SMTP server later (to test retries); the port is reserved up front.
    pub smtp_down: bool,
    pub tuning: Tuning,
    /// `TWINWISE_TRUSTED_PROXIES`.
    pub trusted_proxies: Vec<ipnet::IpNet>,
}

impl Options {
    pub fn new(backend: Backend) -> Self {
        Options {
            backend,
            smtp_down: false,
            tuning: fast_tuning(),
            trusted_proxies: Vec::new(),
        }
    }
}

/// A running Twinwise with its own database and SMTP server.
pub struct TestApp {
    pub base: String,
    pub port: u16,
    pub db: Db,
    pub smtp: SmtpServer,
    pub settings: Settings,
    pub client: Client,
    _database: TestDatabase,
}

/// Starts an app for a test.
pub async fn spawn_app(backend: Backend) -> TestApp {
    spawn_with(Options::new(backend)).await
}

/// Starts an app with options.
pub async fn spawn_with(options: Options) -> TestApp {
    init_tracing();
    let database = TestDatabase::new(options.backend);
    let smtp = if options.smtp_down {
        SmtpServer::reserve()
    } else {
        SmtpServer::start()
    };
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind a port");
    let port = listener.local_addr().unwrap().port();
    let base = format!("http://127.0.0.1:{port}");
    let settings = Settings {
        bind: format!("127.0.0.1:{port}"),
        base_url: url::Url::parse(&base).unwrap(),
        database_url: database.url.clone(),
        data_dir: database._dir.path().to_path_buf(),
        mail: MailTransport::Smtp(format!("smtp://127.0.0.1:{}", smtp.port()).into()),
        secret: vec![7u8; 64].into(),
        tuning: options.tuning,
        patterns: Default::default(),
        trusted_proxies: options.trusted_proxies.clone(),
    };
    let db = Db::connect(&settings.database_url).expect("connect database");
    twinwise::startup::prepare_database(&db).expect("migrate");
    let app = Application::build_on(listener, db.clone(), settings.clone()).expect("build app");
    actix_web::rt::spawn(app.run_until_stopped());
    TestApp {
        client: Client::new(&base),
        base,
        port,
        db,
        smtp,
        settings,
        _database: database,
    }
}

/// A browser-like client: keeps cookies, does not follow redirects by itself.
#[derive(Clone)]
pub struct Client {
    pub http: reqwest::Client,
    pub base: String,
}

/// A response with its body read.
#[derive(Debug)]
pub struct Page {
    pub status: StatusCode,
    pub location: Option<String>,
    pub headers: reqwest::header::HeaderMap,
    pub body: String,
}

impl Page {
    /// The CSRF token of the first form on the page.
    pub fn csrf(&self) -> String {
        self.input_value("csrf_token")
            .unwrap_or_else(|| panic!("no csrf_token on page:\n{}", self.body))
    }

    /// The CSRF token if the page has a form, else an empty string.
    pub fn csrf_or_empty(&self) -> String {
        self.input_value("csrf_token").unwrap_or_default()
    }

    /// The value of the first `<input name=...>`.
    pub fn input_value(&self, name: &str) -> Option<String> {
        let doc = Html::parse_document(&self.body);
        let selector = Selector::parse(&format!("input[name=\"{name}\"]")).unwrap();
        doc.select(&selector)
            .next()
            .and_then(|e| e.value().attr("value").map(str::to_owned))
    }

    /// The selected option's value of a `<select>`.
    pub fn selected(&self, name: &str) -> Option<String> {
        let doc = Html::parse_document(&self.body);
        let selector =
            Selector::parse(&format!("select[name=\"{name}\"] option[selected]")).unwrap();
        doc.select(&selector)
            .next()
            .and_then(|e| e.value().attr("value").map(str::to_owned))
    }

    /// Text of the elements matching a CSS selector.
    pub fn texts(&self, css: &str) -> Vec<String> {
        let doc = Html::parse_document(&self.body);
        let selector = Selector::parse(css).unwrap();
        doc.select(&selector)
            .map(|e| e.text().collect::<String>().trim().to_owned())
            .collect()
    }

    /// True when the body contains the text.
    pub fn has(&self, text: &str) -> bool {
        self.body.contains(text)
    }
}

impl Client {
    pub fn new(base: &str) -> Self {
        let http = reqwest::Client::builder()
            .cookie_store(true)
            .redirect(Policy::none())
            // The server closes idle connections; a pooled one reused after a slow step
            // (password hashing, waiting for mail) could fail mid-request.
            .pool_max_idle_per_host(0)
            .timeout(Duration::from_secs(30))
            .build()
            .unwrap();
        Client {
            http,
            base: base.to_owned(),
        }
    }

    /// A second, independent browser.
    pub fn fresh(&self) -> Self {
        Client::new(&self.base)
    }

    fn url(&self, path: &str) -> String {
        if path.starts_with("http") {
            path.to_owned()
        } else {
            format!("{}{path}", self.base)
        }
    }

    async fn read(response: reqwest::Response) -> Page {
        let status = response.status();
        let headers = response.headers().clone();
        let location = headers
            .get("location")
            .map(|v| v.to_str().unwrap().to_owned());
        let body = response.text().await.unwrap_or_default();
        Page {
            status,
            location,
            headers,
            body,
        }
    }

    pub async fn get(&self, path: &str) -> Page {
        Self::read(self.http.get(self.url(path)).send().await.expect("GET")).await
    }

    /// Posts a urlencoded form as is (no token added).
    pub async fn post_raw(&self, path: &str, fields: &[(&str, &str)]) -> Page {
        Self::read(
            self.http
                .post(self.url(path))
                .form(fields)
                .send()
                .await
                .expect("POST"),
        )
        .await
    }

    /// Loads `page` to read its CSRF token, then posts `fields` plus the token to `action`.
    pub async fn submit(&self, page: &str, action: &str, fields: &[(&str, &str)]) -> Page {
        let token = self.get(page).await.csrf();
        let mut all: Vec<(&str, &str)> = fields.to_vec();
        all.push(("csrf_token", &token));
        self.post_raw(action, &all).await
    }

    /// Loads `page` for its CSRF token, then posts `fields` and, when given, a file (field
    /// `file`: name and bytes) as `multipart/form-data` to `action`.
    pub async fn submit_multipart(
        &self,
        page: &str,
        action: &str,
        fields: &[(&str, &str)],
        file: Option<(&str, Vec<u8>)>,
    ) -> Page {
        let token = self.get(page).await.csrf();
        let mut form = reqwest::multipart::Form::new().text("csrf_token", token);
        for (name, value) in fields {
            form = form.text(name.to_string(), value.to_string());
        }
        if let Some((name, bytes)) = file {
            form = form.part(
                "file",
                reqwest::multipart::Part::bytes(bytes).file_name(name.to_owned()),
            );
        }
        Self::read(
            self.http
                .post(self.url(action))
                .multipart(form)
                .send()
                .await
                .expect("POST multipart"),
        )
        .await
    }

    /// Follows a redirect (303 after a POST) with a GET.
    pub async fn follow(&self, page: &Page) -> Page {
        let location = page
            .location
            .as_deref()
            .unwrap_or_else(|| panic!("expected a redirect, got {}:\n{}", page.status, page.body));
        self.get(location).await
    }

    pub async fn login(&self, email: &str, password: &str) -> Page {
        self.submit(
            "/login",
            "/login",
            &[("email", email), ("password", password)],
        )
        .await
    }

    pub async fn logout(&self) -> Page {
        self.submit("/", "/logout", &[]).await
    }
}

/// A registration's fields, filled with plausible values.
pub struct Registrant {
    pub email: String,
    pub display_name: String,
    pub city: String,
    pub country: String,
    pub position: String,
    pub password: String,
}

impl Registrant {
    pub fn new(email: &str) -> Self {
        Registrant {
            email: email.to_owned(),
            display_name: "Eva Lindqvist".into(),
            city: "Gothenburg".into(),
            country: "SE".into(),
            position: "International coordinator".into(),
            password: "granite meadow lantern 58".into(),
        }
    }

    pub fn fields(&self) -> Vec<(&str, &str)> {
        vec![
            ("email", self.email.as_str()),
            ("display_name", self.display_name.as_str()),
            ("city", self.city.as_str()),
            ("country", self.country.as_str()),
            ("position", self.position.as_str()),
            ("password", self.password.as_str()),
        ]
    }
}

/// The path and query of the first link in a text that contains `marker`.
pub fn link_with(text: &str, marker: &str) -> String {
    let start = text.find("http").and_then(|_| {
        text.match_indices("http").map(|(i, _)| i).find(|&i| {
            text[i..]
                .split_whitespace()
                .next()
                .is_some_and(|w| w.contains(marker))
        })
    });
    let start = start.unwrap_or_else(|| panic!("no link containing {marker} in:\n{text}"));
    let url = text[start..].split_whitespace().next().unwrap();
    let parsed = url::Url::parse(url).unwrap();
    match parsed.query() {
        Some(q) => format!("{}?{q}", parsed.path()),
        None => parsed.path().to_owned(),
    }
}

impl TestApp {
    /// Waits for the next email to an address whose subject contains `subject`.
    pub async fn mail_to(&self, to: &str, subject: &str) -> Mail {
        self.smtp
            .wait_for(to, subject, Duration::from_secs(15))
            .await
    }

    /// Registers through the form; returns the page after the redirect.
    pub async fn register(&self, client: &Client, who: &Registrant) -> Page {
        let page = client.submit("/register", "/register", &who.fields()).await;
        assert_eq!(
            page.status,
            StatusCode::SEE_OTHER,
            "registration failed:\n{}",
            page.body
        );
        client.follow(&page).await
    }

    /// Follows the verification link from the email and presses the confirm button.
    pub async fn verify_email(&self, client: &Client, email: &str) -> Page {
        let mail = self.mail_to(email, "Confirm your email").await;
        let link = link_with(&mail.text, "/verify-email?token=");
        let page = client.get(&link).await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
        let token = page.input_value("token").expect("token field");
        client
            .post_raw(
                "/verify-email",
                &[("token", &token), ("csrf_token", &page.csrf())],
            )
            .await
    }

    /// Creates an active account directly in the database; returns its id.
    pub fn create_user(&self, email: &str, name: &str, role: Role, password: &str) -> String {
        self.create_user_in(email, name, role, password, "Lyon", "FR")
    }

    pub fn create_user_in(
        &self,
        email: &str,
        name: &str,
        role: Role,
        password: &str,
        city: &str,
        country: &str,
    ) -> String {
        use twinwise::accounts::admin::{Provisioned, provision};
        let email = EmailAddress::parse(email).unwrap();
        let name = DisplayName::parse(name).unwrap();
        let city = CityName::parse(city).unwrap();
        let password = NewPassword::parse(password, email.as_str(), name.as_str()).unwrap();
        let hash = twinwise::auth::password::hash_blocking(&password).unwrap();
        let mut conn = self.db.get().unwrap();
        provision(
            &mut conn,
            &Provisioned {
                email: &email,
                name: &name,
                city: &city,
                country: Country::parse(country).unwrap(),
                position: "Officer",
                role,
                password_hash: &hash,
            },
            None,
        )
        .unwrap()
    }

    /// A signed-in client for a new account with the given role.
    pub async fn signed_in(&self, role: Role) -> (Client, String) {
        let email = format!(
            "{}-{}@city.example",
            role.as_str(),
            uuid::Uuid::new_v4().simple()
        );
        let password = "orchid tundra falcon 42";
        let id = self.create_user(&email, "Test Person", role, password);
        let client = self.client.fresh();
        let page = client.login(&email, password).await;
        assert_eq!(
            page.status,
            StatusCode::SEE_OTHER,
            "login failed:\n{}",
            page.body
        );
        (client, id)
    }
}
