//! End to end in a real browser: headless Chromium driven over WebDriver (chromedriver +
//! fantoccini) against a real server, database and SMTP server from `common`.
//!
//! Needs `chromium` and `chromedriver` (Debian: `apt-get install chromium chromium-driver`);
//! `CHROMIUM` and `CHROMEDRIVER` override the binaries. Without them the tests are skipped
//! with a loud warning, except under CI (`CI` set), where they fail. Set
//! `TWINWISE_SCREENSHOTS=<dir>` to keep the screenshots the tests take.
//!
//! The accessibility walk also needs axe-core, installed from `tests/axe/package-lock.json`
//! with `npm ci --prefix tests/axe`; when the browser is there and axe-core is not, it fails
//! (it never skips) and says so. axe-core is injected over WebDriver: the app ships no script.

use crate::common;

mod harness {
    #![allow(dead_code)]

    use std::net::{TcpListener, TcpStream};
    use std::os::unix::process::CommandExt;
    use std::path::{Path, PathBuf};
    use std::process::{Child, Command, Stdio};
    use std::sync::Arc;
    use std::time::{Duration, Instant};

    use fantoccini::elements::Element;
    use fantoccini::error::CmdError;
    use fantoccini::key::Key;
    use fantoccini::{Client, ClientBuilder, Locator};
    use hyper_util::client::legacy::connect::HttpConnector;
    use serde_json::json;

    /// How long to wait for a page to load or an element to appear.
    const TIMEOUT: Duration = Duration::from_secs(15);

    /// Flags for Chromium in a container without network: no sandbox (we run as root), no
    /// GPU, no /dev/shm, and nothing that phones home.
    const CHROMIUM_FLAGS: &[&str] = &[
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1280,1000",
    ];

    /// The first of `env` (if set) or `names` found on the PATH.
    fn find_binary(env: &str, names: &[&str]) -> Option<PathBuf> {
        if let Some(path) = std::env::var_os(env) {
            return Some(PathBuf::from(path)).filter(|p| p.is_file());
        }
        let path = std::env::var_os("PATH").unwrap_or_default();
        names.iter().find_map(|name| {
            std::env::split_paths(&path)
                .map(|dir| dir.join(name))
                .find(|p| p.is_file())
        })
    }

    /// Chromium and chromedriver, or `None` after a loud warning when they are missing.
    /// Under CI a missing browser fails the test instead.
    pub fn binaries() -> Option<(PathBuf, PathBuf)> {
        let chromium = find_binary(
            "CHROMIUM",
            &["chromium", "chromium-browser", "google-chrome"],
        );
        let driver = find_binary("CHROMEDRIVER", &["chromedriver"]);
        match (chromium, driver) {
            (Some(chromium), Some(driver)) => Some((chromium, driver)),
            (chromium, driver) => {
                let missing = [
                    ("chromium", chromium.is_none()),
                    ("chromedriver", driver.is_none()),
                ]
                .iter()
                .filter(|(_, gone)| *gone)
                .map(|(name, _)| *name)
                .collect::<Vec<_>>()
                .join(" and ");
                let hint = "install them with `apt-get install chromium chromium-driver` \
                            (or set CHROMIUM / CHROMEDRIVER)";
                if std::env::var_os("CI").is_some() {
                    panic!("CI needs {missing} for the browser tests: {hint}");
                }
                eprintln!("\n!!!!! SKIPPING browser test: {missing} not found; {hint} !!!!!\n");
                None
            }
        }
    }

    /// A chromedriver child process on a free port, killed when dropped.
    struct Driver {
        child: Child,
        url: String,
        chromium: PathBuf,
        log: PathBuf,
        _dir: tempfile::TempDir,
    }

    impl Driver {
        async fn start(chromium: PathBuf, driver: &Path) -> Driver {
            let dir = tempfile::tempdir().expect("temp dir for chromedriver");
            let port = TcpListener::bind("127.0.0.1:0")
                .and_then(|l| l.local_addr())
                .expect("a free port")
                .port();
            let log = dir.path().join("chromedriver.log");
            let child = Command::new(driver)
                // Its own process group, so that dropping it can also end the browsers it
                // started (see `Drop`).
                .process_group(0)
                .arg(format!("--port={port}"))
                .arg(format!("--log-path={}", log.display()))
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .unwrap_or_else(|e| panic!("start {}: {e}", driver.display()));
            let mut this = Driver {
                child,
                url: format!("http://127.0.0.1:{port}"),
                chromium,
                log,
                _dir: dir,
            };
            let deadline = Instant::now() + TIMEOUT;
            while TcpStream::connect(("127.0.0.1", port)).is_err() {
                if let Ok(Some(status)) = this.child.try_wait() {
                    panic!(
                        "chromedriver exited at start ({status}); log:\n{}",
                        this.log()
                    );
                }
                assert!(
                    Instant::now() < deadline,
                    "chromedriver did not listen on port {port}"
                );
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
            this
        }

        fn log(&self) -> String {
            std::fs::read_to_string(&self.log).unwrap_or_default()
        }
    }

    impl Drop for Driver {
        /// Kills chromedriver and any Chromium a test left open (after a panic, say): they
        /// are all in chromedriver's process group.
        fn drop(&mut self) {
            unsafe extern "C" {
                safe fn kill(pid: i32, signal: i32) -> i32;
            }
            const SIGKILL: i32 = 9;
            if let Ok(pid) = i32::try_from(self.child.id()) {
                kill(-pid, SIGKILL);
            }
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }

    /// One browser session (its own profile, so its own cookies) on a Twinwise server.
    pub struct Browser {
        pub client: Client,
        base: String,
        driver: Arc<Driver>,
        _profile: tempfile::TempDir,
    }

    impl Browser {
        /// Starts chromedriver and a browser on the app at `base`. `None` when the browser is
        /// not installed and this is not CI (a warning was printed): the test should return.
        pub async fn start(base: &str) -> Option<Browser> {
            let (chromium, driver) = binaries()?;
            let driver = Arc::new(Driver::start(chromium, &driver).await);
            Some(Browser::session(driver, base).await)
        }

        /// A second, independent browser (separate cookies) on the same chromedriver.
        pub async fn another(&self) -> Browser {
            Browser::session(self.driver.clone(), &self.base).await
        }

        async fn session(driver: Arc<Driver>, base: &str) -> Browser {
            let profile = tempfile::tempdir().expect("temp dir for the browser profile");
            let mut args: Vec<String> = CHROMIUM_FLAGS.iter().map(|s| s.to_string()).collect();
            args.push(format!("--user-data-dir={}", profile.path().display()));
            let caps = json!({
                "browserName": "chrome",
                "goog:chromeOptions": {
                    "binary": driver.chromium,
                    "args": args,
                },
            });
            let serde_json::Value::Object(caps) = caps else {
                unreachable!()
            };
            // chromedriver listens on plain HTTP on localhost: no TLS stack needed.
            let client = ClientBuilder::new(HttpConnector::new())
                .capabilities(caps)
                .connect(&driver.url)
                .await
                .unwrap_or_else(|e| {
                    panic!(
                        "start a Chromium session: {e}; chromedriver log:\n{}",
                        driver.log()
                    )
                });
            Browser {
                client,
                base: base.trim_end_matches('/').to_owned(),
                driver,
                _profile: profile,
            }
        }

        /// Ends the session (quits Chromium). Dropping the last `Browser` kills chromedriver.
        pub async fn close(self) {
            let _ = self.client.clone().close().await;
        }

        /// Opens a path on the app (or a full URL).
        pub async fn goto(&self, path: &str) {
            let url = if path.starts_with("http") {
                path.to_owned()
            } else {
                format!("{}{path}", self.base)
            };
            self.client
                .goto(&url)
                .await
                .unwrap_or_else(|e| panic!("open {url}: {e}"));
        }

        /// The current path and query.
        pub async fn path(&self) -> String {
            let url = self.client.current_url().await.expect("current URL");
            match url.query() {
                Some(q) => format!("{}?{q}", url.path()),
                None => url.path().to_owned(),
            }
        }

        /// Waits for an element; panics with the page text when it does not appear.
        pub async fn find(&self, locator: Locator<'_>) -> Element {
            match self
                .client
                .wait()
                .at_most(TIMEOUT)
                .for_element(locator)
                .await
            {
                Ok(element) => element,
                Err(e) => panic!(
                    "no element {locator:?} on {} ({e}); the page says:\n{}",
                    self.path().await,
                    self.text().await
                ),
            }
        }

        /// Types into the field named `name` (replacing what is there).
        pub async fn fill(&self, name: &str, value: &str) {
            let field = self.find(Locator::Css(&format!("[name=\"{name}\"]"))).await;
            Self::type_into(&field, value).await;
        }

        /// Types into the field whose `<label>` reads `label`, found through `label[for]`.
        pub async fn fill_labelled(&self, label: &str, value: &str) {
            let xpath = format!("//label[normalize-space(.)={}]", xpath_literal(label));
            let label_element = self.find(Locator::XPath(&xpath)).await;
            let id = label_element
                .attr("for")
                .await
                .expect("label's for attribute")
                .unwrap_or_else(|| panic!("the label {label:?} has no for= attribute"));
            let field = self.find(Locator::Id(&id)).await;
            Self::type_into(&field, value).await;
        }

        async fn type_into(field: &Element, value: &str) {
            field.clear().await.expect("clear field");
            field.send_keys(value).await.expect("type into field");
        }

        /// Chooses the option with `value` in the `<select>` named `name`.
        pub async fn select(&self, name: &str, value: &str) {
            let select = self
                .find(Locator::Css(&format!("select[name=\"{name}\"]")))
                .await;
            select
                .select_by_value(value)
                .await
                .unwrap_or_else(|e| panic!("select {value:?} in {name}: {e}"));
        }

        /// Chooses the option whose visible text is `option` in the `<select>` whose `<label>`
        /// reads `label`, and checks that it took.
        pub async fn select_by_text(&self, label: &str, option: &str) {
            let select = self.labelled(label).await;
            select
                .select_by_label(option)
                .await
                .unwrap_or_else(|e| panic!("choose {option:?} in {label:?}: {e}"));
            assert_eq!(
                Self::selected_text(&select).await,
                option,
                "{label:?} shows the chosen option"
            );
        }

        /// The visible text of the chosen option of the `<select>` whose `<label>` reads `label`.
        pub async fn selected_option(&self, label: &str) -> String {
            Self::selected_text(&self.labelled(label).await).await
        }

        async fn selected_text(select: &Element) -> String {
            let option = select
                .find(Locator::Css("option:checked"))
                .await
                .expect("a chosen option");
            option.text().await.expect("option text").trim().to_owned()
        }

        /// The form control whose `<label>` reads `label`, found through `label[for]`.
        async fn labelled(&self, label: &str) -> Element {
            let xpath = format!("//label[normalize-space(.)={}]", xpath_literal(label));
            let label_element = self.find(Locator::XPath(&xpath)).await;
            let id = label_element
                .attr("for")
                .await
                .expect("label's for attribute")
                .unwrap_or_else(|| panic!("the label {label:?} has no for= attribute"));
            self.find(Locator::Id(&id)).await
        }

        /// Ticks the checkbox, or chooses the radio button, whose `<label>` reads `label` (the
        /// label wraps the input). The label must be unique on the page: see `check_in`.
        pub async fn check(&self, label: &str) {
            let xpath = format!("//label[normalize-space(.)={}]", xpath_literal(label));
            self.check_matching(&xpath, label).await;
        }

        /// As `check`, among the inputs of the `<fieldset>` whose `<legend>` reads `legend`.
        pub async fn check_in(&self, legend: &str, label: &str) {
            let xpath = format!(
                "//fieldset[legend[normalize-space(.)={}]]//label[normalize-space(.)={}]",
                xpath_literal(legend),
                xpath_literal(label)
            );
            self.check_matching(&xpath, &format!("{legend} › {label}"))
                .await;
        }

        async fn check_matching(&self, xpath: &str, what: &str) {
            self.find(Locator::XPath(xpath)).await;
            let labels = self
                .client
                .find_all(Locator::XPath(xpath))
                .await
                .expect("find labels");
            assert_eq!(
                labels.len(),
                1,
                "{} labels read {what:?}; name the group with `check_in`",
                labels.len()
            );
            let label = &labels[0];
            let input = label
                .find(Locator::Css("input[type=checkbox], input[type=radio]"))
                .await
                .unwrap_or_else(|e| panic!("no checkbox or radio inside the label {what:?}: {e}"));
            if !input.is_selected().await.expect("input state") {
                // Click the label, as a person would: that proves it is tied to its input.
                label
                    .click()
                    .await
                    .unwrap_or_else(|e| panic!("click the label {what:?}: {e}"));
            }
            assert!(
                input.is_selected().await.expect("input state"),
                "{what:?} is checked after clicking its label"
            );
        }

        /// Enters `iso` (YYYY-MM-DD) into the date input whose `<label>` reads `label`, by
        /// typing its digits as Chromium's date field expects them for the browser's locale
        /// (month-day-year, day-month-year or year-month-day), and checks the field's value.
        pub async fn fill_date(&self, label: &str, iso: &str) {
            let field = self.labelled(label).await;
            let parts: Vec<&str> = iso.split('-').collect();
            let [year, month, day] = parts[..] else {
                panic!("{iso:?} is not YYYY-MM-DD")
            };
            let orders = [
                format!("{month}{day}{year}"),
                format!("{day}{month}{year}"),
                // The year segment takes up to six digits, so step out of it by hand.
                format!("{year}{}{month}{day}", char::from(Key::Right)),
            ];
            let mut seen = Vec::new();
            for keys in &orders {
                field.clear().await.expect("clear the date");
                // Send Keys focuses the first segment; a click would land on whichever
                // segment (or nothing) is under the pointer.
                field.send_keys(keys).await.expect("type the date");
                let value = field.prop("value").await.expect("date value");
                if value.as_deref() == Some(iso) {
                    return;
                }
                seen.push(value.unwrap_or_default());
            }
            panic!("could not type {iso} into {label:?}; the field held {seen:?}");
        }

        /// Clicks the button whose text is `text` and waits for the page it loads.
        pub async fn click_button(&self, text: &str) {
            let xpath = format!(
                "//button[normalize-space(.)={0}] | //input[@type='submit' and @value={0}]",
                xpath_literal(text)
            );
            let button = self.find(Locator::XPath(&xpath)).await;
            self.navigating(|| async { button.click().await }).await;
        }

        /// Clicks the link whose text is `text` and waits for the page it loads.
        pub async fn click_link(&self, text: &str) {
            let link = self.find(Locator::LinkText(text)).await;
            self.navigating(|| async { link.click().await }).await;
        }

        /// Presses a key in the focused element.
        pub async fn press(&self, key: Key) {
            let focused = self.client.active_element().await.expect("focused element");
            focused.send_keys(&key).await.expect("press key");
        }

        /// The focused element.
        pub async fn focused(&self) -> Element {
            self.client.active_element().await.expect("focused element")
        }

        /// Runs `act`, then waits until the old document is gone and the new one has loaded.
        async fn navigating<F, Fut>(&self, act: F)
        where
            F: FnOnce() -> Fut,
            Fut: Future<Output = Result<(), CmdError>>,
        {
            let old = self
                .client
                .find(Locator::Css("html"))
                .await
                .expect("the page");
            act().await.expect("click");
            let deadline = Instant::now() + TIMEOUT;
            // A stale <html> means the browser replaced the document.
            while old.tag_name().await.is_ok() {
                assert!(
                    Instant::now() < deadline,
                    "the click did not load a page; still on {}:\n{}",
                    self.path().await,
                    self.text().await
                );
                tokio::time::sleep(Duration::from_millis(25)).await;
            }
            loop {
                let ready = self
                    .client
                    .execute("return document.readyState", vec![])
                    .await;
                if matches!(ready, Ok(serde_json::Value::String(ref s)) if s == "complete") {
                    break;
                }
                assert!(Instant::now() < deadline, "the page did not finish loading");
                tokio::time::sleep(Duration::from_millis(25)).await;
            }
        }

        /// The visible text of the page.
        pub async fn text(&self) -> String {
            match self.client.find(Locator::Css("body")).await {
                Ok(body) => body.text().await.unwrap_or_default(),
                Err(_) => String::new(),
            }
        }

        /// Asserts that the page text contains `text`.
        pub async fn expect_text(&self, text: &str) {
            let page = self.text().await;
            assert!(
                page.contains(text),
                "expected {text:?} on {}; the page says:\n{page}",
                self.path().await
            );
        }

        /// The HTML source of the page.
        pub async fn source(&self) -> String {
            self.client.source().await.expect("page source")
        }

        /// Saves a PNG of the viewport to `path`; copies it to `$TWINWISE_SCREENSHOTS` if set.
        pub async fn screenshot(&self, path: &Path) {
            let png = self.client.screenshot().await.expect("take a screenshot");
            std::fs::write(path, &png).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
            if let Some(dir) = std::env::var_os("TWINWISE_SCREENSHOTS") {
                let dir = PathBuf::from(dir);
                std::fs::create_dir_all(&dir).expect("create TWINWISE_SCREENSHOTS");
                let copy = dir.join(path.file_name().expect("a file name"));
                std::fs::copy(path, &copy)
                    .unwrap_or_else(|e| panic!("copy the screenshot to {}: {e}", copy.display()));
                eprintln!("screenshot: {}", copy.display());
            }
        }
        /// As `screenshot`, of the whole page: the window grows to the page's height first.
        pub async fn screenshot_full_page(&self, path: &Path) {
            let (width, height) = self.client.get_window_size().await.expect("window size");
            let (width, height) = (width as u32, height as u32);
            let page_height = self
                .client
                .execute(
                    "return document.documentElement.scrollHeight \
                     + window.outerHeight - window.innerHeight",
                    vec![],
                )
                .await
                .ok()
                .and_then(|h| h.as_u64())
                .map_or(height, |h| h.min(8_000) as u32);
            let _ = self
                .client
                .set_window_size(width, page_height.max(height))
                .await;
            self.screenshot(path).await;
            let _ = self.client.set_window_size(width, height).await;
        }
    }

    /// `s` as an XPath string literal (XPath 1.0 has no escapes).
    fn xpath_literal(s: &str) -> String {
        if !s.contains('\'') {
            format!("'{s}'")
        } else if !s.contains('"') {
            format!("\"{s}\"")
        } else {
            let parts: Vec<String> = s.split('\'').map(|p| format!("'{p}'")).collect();
            format!("concat({})", parts.join(", \"'\", "))
        }
    }
}

use std::time::Instant;

use audit::Audit;
use common::{Backend, Registrant, link_with, spawn_app};
use fantoccini::Locator;
use fantoccini::key::Key;
use harness::Browser;
use twinwise::domain::Role;

/// Register, confirm the email, get approved by a moderator, sign in: all by clicking.
#[actix_web::test]
async fn registration_to_first_sign_in_in_a_browser() {
    let started = Instant::now();
    if harness::binaries().is_none() {
        return;
    }
    let app = spawn_app(Backend::Sqlite).await;
    let shots = tempfile::tempdir().expect("temp dir for screenshots");
    let who = Registrant::new("eva.lindqvist@goteborg.example");
    let visitor = Browser::start(&app.base).await.expect("browser");

    // Keyboard basics: the first Tab lands on the skip link, and it moves focus to <main>.
    visitor.goto("/register").await;
    visitor.press(Key::Tab).await;
    let skip = visitor.focused().await;
    assert_eq!(
        skip.prop("textContent").await.unwrap().as_deref(),
        Some("Skip to main content"),
        "the first Tab stop is the skip link"
    );
    assert_eq!(skip.attr("href").await.unwrap().as_deref(), Some("#main"));
    assert!(
        skip.is_displayed().await.unwrap(),
        "the skip link shows when focused"
    );
    visitor.press(Key::Enter).await;
    assert_eq!(
        visitor.focused().await.attr("id").await.unwrap().as_deref(),
        Some("main"),
        "the skip link moves focus to the main content"
    );

    // Every field of the register form has a label pointing at it.
    let fields = visitor
        .client
        .find_all(Locator::Css(
            "main form input:not([type=hidden]), main form select, main form textarea",
        ))
        .await
        .unwrap();
    assert_eq!(
        fields.len(),
        6,
        "email, name, position, city, country, password"
    );
    for field in &fields {
        let id = field.attr("id").await.unwrap().expect("field has an id");
        let labels = visitor
            .client
            .find_all(Locator::Css(&format!("label[for=\"{id}\"]")))
            .await
            .unwrap();
        assert_eq!(labels.len(), 1, "field #{id} has exactly one label");
        assert!(!labels[0].text().await.unwrap().trim().is_empty());
    }

    // Register by label, the way a person would.
    visitor
        .fill_labelled("Work email address", &who.email)
        .await;
    visitor.fill_labelled("Your name", &who.display_name).await;
    visitor.fill_labelled("Your position", &who.position).await;
    visitor.fill_labelled("Your city", &who.city).await;
    visitor.select("country", &who.country).await;
    visitor.fill("password", &who.password).await;
    visitor.click_button("Register").await;
    visitor.expect_text("Check your email").await;

    // Confirm the address from the link in the email.
    let mail = app.mail_to(&who.email, "Confirm your email").await;
    visitor
        .goto(&link_with(&mail.text, "/verify-email?token="))
        .await;
    visitor.click_button("Confirm my email address").await;
    visitor.expect_text("A moderator will now review").await;

    // A moderator approves, in a separate browser.
    let moderator_email = "moderator@lyon.example";
    let moderator_password = "orchid tundra falcon 42";
    app.create_user(
        moderator_email,
        "Marie Dubois",
        Role::Moderator,
        moderator_password,
    );
    let moderator = visitor.another().await;
    moderator.goto("/login").await;
    moderator.fill("email", moderator_email).await;
    moderator.fill("password", moderator_password).await;
    moderator.click_button("Sign in").await;
    moderator.expect_text("Welcome, Marie Dubois").await;
    moderator.goto("/moderation/members").await;
    moderator.expect_text("Eva Lindqvist").await;
    moderator.expect_text("Gothenburg, Sweden").await;
    moderator.click_button("Approve Eva Lindqvist").await;
    moderator
        .expect_text("Eva Lindqvist was approved and has been emailed.")
        .await;
    moderator
        .screenshot(&shots.path().join("moderation-approved.png"))
        .await;
    moderator.close().await;

    // The registrant signs in and is welcomed by name.
    visitor.goto("/login").await;
    visitor.fill("email", &who.email).await;
    visitor.fill("password", &who.password).await;
    visitor.click_button("Sign in").await;
    assert_eq!(visitor.path().await, "/");
    visitor.expect_text("Welcome, Eva Lindqvist").await;
    let nav = visitor.find(Locator::Css("header nav")).await;
    let nav_text = nav.text().await.unwrap();
    assert!(
        nav_text.contains("Sign out") && nav_text.contains("Eva Lindqvist"),
        "the nav shows the account and Sign out: {nav_text:?}"
    );
    assert!(!nav_text.contains("Register"), "{nav_text:?}");

    visitor
        .screenshot(&shots.path().join("registration-welcome.png"))
        .await;
    visitor.close().await;
    eprintln!(
        "browser registration flow took {:.1}s",
        started.elapsed().as_secs_f64()
    );
}

/// A member writes a case through the form, submits it, a moderator publishes it, and
/// another member finds it with the filters and reads it: all by clicking.
#[actix_web::test]
async fn case_is_written_submitted_published_and_found_in_a_browser() {
    let started = Instant::now();
    if harness::binaries().is_none() {
        return;
    }
    let app = spawn_app(Backend::Sqlite).await;
    let shots = tempfile::tempdir().expect("temp dir for screenshots");
    let password = "orchid tundra falcon 42";
    let title = "Embassy asks to close a Taiwan photo exhibition";
    let author_email = "anna.berg@uppsala.example";
    app.create_user_in(
        author_email,
        "Anna Berg",
        Role::Member,
        password,
        "Uppsala",
        "SE",
    );
    app.create_user_in(
        "mona.mod@lyon.example",
        "Mona Mod",
        Role::Moderator,
        password,
        "Lyon",
        "FR",
    );
    app.create_user_in(
        "piet.vos@utrecht.example",
        "Piet Vos",
        Role::Member,
        password,
        "Utrecht",
        "NL",
    );

    // The author signs in and writes the case through the form.
    let author = Browser::start(&app.base).await.expect("browser");
    sign_in(&author, author_email, password, "Anna Berg").await;
    author.goto("/cases/new").await;
    author.expect_text("Log a case").await;
    author.fill_labelled("Title", title).await;
    author
        .fill_labelled(
            "Summary",
            "The embassy wrote to the mayor asking to close a photo exhibition.",
        )
        .await;
    author
        .fill_labelled(
            "The full story",
            "On **Monday** a letter from the embassy asked the mayor to close the photo \
             exhibition in the town library.\n\nThe mayor declined in writing.",
        )
        .await;
    author.fill_date("When it happened", "2024-03-01").await;
    author.check_in("Topics", "Taiwan").await;
    author
        .check_in("What was demanded", "Cancel or move an event")
        .await;
    assert!(
        author
            .selected_option("Counterpart")
            .await
            .starts_with("Someone new"),
        "a new counterpart is the default"
    );
    author
        .fill_labelled("Name", "Embassy of the PRC in Sweden")
        .await;
    author.select_by_text("Kind", "Embassy").await;
    author
        .select_by_text("Country where it is based", "Sweden")
        .await;
    author.select_by_text("How it reached you", "Letter").await;
    author
        .select_by_text("How the city responded", "Declined")
        .await;
    author
        .check_in(
            "Sensitivity (Traffic Light Protocol)",
            "TLP:GREEN All verified members",
        )
        .await;
    author.click_button("Save draft").await;
    author.expect_text("Draft saved").await;
    author.expect_text("Only you can see this case").await;
    let case_path = author.path().await;
    assert!(
        case_path.starts_with("/cases/") && case_path != "/cases/new",
        "the draft's own page: {case_path}"
    );
    author.click_button("Submit to the moderators").await;
    author.expect_text("A moderator will review").await;

    // A moderator publishes it, in a separate browser.
    let moderator = author.another().await;
    sign_in(&moderator, "mona.mod@lyon.example", password, "Mona Mod").await;
    moderator.goto("/moderation/cases").await;
    moderator.click_link(&format!("Review: {title}")).await;
    moderator.expect_text("Uppsala, Sweden").await;
    moderator.click_button("Publish").await;
    moderator
        .expect_text(&format!(
            "“{title}” was published; the author has been emailed."
        ))
        .await;
    moderator.close().await;
    author.close().await;

    let mail = app.mail_to(author_email, "published").await;
    assert!(
        mail.text.contains(&case_path),
        "the email links to the case:\n{}",
        mail.text
    );

    // A member in another city finds it with the filter form and reads it.
    let reader = Browser::start(&app.base).await.expect("browser");
    sign_in(&reader, "piet.vos@utrecht.example", password, "Piet Vos").await;
    reader.goto("/cases").await;
    reader.select_by_text("Topic", "Taiwan").await;
    reader.fill_labelled("Words", "library").await;
    reader.click_button("Show cases").await;
    let listed = reader.path().await;
    assert!(
        listed.contains("q=library") && listed.contains("topic=taiwan"),
        "the filters are in the address: {listed}"
    );
    reader.expect_text("1 case.").await;
    let mark = reader
        .find(Locator::Css(".case-card .snippet mark"))
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(
        mark.to_lowercase(),
        "library",
        "the snippet highlights the word"
    );
    reader
        .screenshot_full_page(&shots.path().join("cases-filtered.png"))
        .await;
    reader.click_link(title).await;
    assert_eq!(reader.path().await, case_path);
    let heading = reader.find(Locator::Css("main h1")).await;
    assert_eq!(heading.text().await.unwrap(), title);
    reader.expect_text("Uppsala, Sweden").await;
    reader.expect_text("Embassy of the PRC in Sweden").await;
    reader.expect_text("1 March 2024").await;
    reader
        .screenshot_full_page(&shots.path().join("case-page.png"))
        .await;
    reader.close().await;
    eprintln!(
        "browser case flow took {:.1}s",
        started.elapsed().as_secs_f64()
    );
}

/// Signs in through /login and checks the welcome.
async fn sign_in(browser: &Browser, email: &str, password: &str, name: &str) {
    browser.goto("/login").await;
    browser.fill("email", email).await;
    browser.fill("password", password).await;
    browser.click_button("Sign in").await;
    browser.expect_text(&format!("Welcome, {name}")).await;
}

/// A member uploads a Word document, sees its flags, annotates a clause, adds a second version
/// and compares the two, all by clicking.
#[actix_web::test]
async fn an_agreement_is_uploaded_flagged_annotated_and_compared_in_a_browser() {
    if harness::binaries().is_none() {
        return;
    }
    let app = spawn_app(Backend::Sqlite).await;
    let password = "orchid tundra falcon 42";
    app.create_user_in(
        "ana.horak@brno.example",
        "Ana Horak",
        Role::Member,
        password,
        "Brno",
        "CZ",
    );
    let browser = Browser::start(&app.base).await.expect("a browser");
    sign_in(&browser, "ana.horak@brno.example", password, "Ana Horak").await;
    let files = tempfile::tempdir().expect("temp dir for uploads");
    let version = |n: u32, article3: &str| {
        let path = files.path().join(format!("mou-v{n}.docx"));
        let bytes = twinwise::agreements::extract::sample_docx(&[
            "MEMORANDUM OF UNDERSTANDING",
            "Article 1",
            "The Parties shall develop exchanges in culture and education.",
            "Article 2",
            "The City of Brno adheres to the one China principle.",
            "Article 3",
            article3,
        ]);
        std::fs::write(&path, bytes).expect("write the upload");
        path
    };
    browser.goto("/agreements/new").await;
    browser.fill("title", "Zqbrowser memorandum").await;
    for choice in [
        "input[name=kind][value=mou]",
        "input[name=renewal][value=automatic]",
    ] {
        browser
            .find(Locator::Css(choice))
            .await
            .click()
            .await
            .expect("choose");
    }
    let first = version(
        1,
        "This Memorandum is renewed automatically every five years.",
    );
    browser
        .find(Locator::Css("input[name=file]"))
        .await
        .send_keys(&first.display().to_string())
        .await
        .expect("choose the file");
    browser.click_button("Review it").await;
    browser.expect_text("Review of the").await;
    browser.expect_text("one China principle").await;
    assert!(
        browser.source().await.contains("<mark"),
        "the matched words are highlighted"
    );
    // Annotate Article 2.
    browser
        .find(Locator::XPath(
            "//summary[contains(., 'Annotate Article 2')]",
        ))
        .await
        .click()
        .await
        .expect("open the form");
    let form = browser
        .find(Locator::XPath(
            "//summary[contains(., 'Annotate Article 2')]/following-sibling::form",
        ))
        .await;
    let body = form
        .find(Locator::Css("textarea[name=body]"))
        .await
        .expect("the comment box");
    body.send_keys("Ask to delete this article, as Prague did.")
        .await
        .expect("type");
    form.find(Locator::Css("input[name=concern][value=high]"))
        .await
        .expect("high")
        .click()
        .await
        .expect("choose");
    form.find(Locator::Css("button[type=submit]"))
        .await
        .expect("submit")
        .click()
        .await
        .expect("submit");
    browser
        .expect_text("Ask to delete this article, as Prague did.")
        .await;
    // A second version, then the comparison of the two.
    let second = version(
        2,
        "This Memorandum remains in force until either Party terminates it.",
    );
    browser
        .find(Locator::Css("#add-text-title ~ form input[name=file]"))
        .await
        .send_keys(&second.display().to_string())
        .await
        .expect("choose the second file");
    browser.click_button("Add and review").await;
    browser.expect_text("version 2").await;
    let compare = browser
        .find(Locator::XPath(
            "//a[starts-with(., 'compare with version 2')]",
        ))
        .await
        .attr("href")
        .await
        .expect("href")
        .expect("a link to compare");
    browser.goto(&compare).await;
    browser.expect_text("terminates").await;
    let source = browser.source().await;
    assert!(
        source.contains("<ins>") && source.contains("<del>"),
        "a word-level diff"
    );
    browser.close().await;
}

/// A member suggests an edit to a playbook step by clicking through the suggestion form; a
/// moderator accepts it in a second browser; the member then reads the new text and finds
/// the credit in the history.
#[actix_web::test]
async fn playbook_suggestion_is_sent_accepted_and_credited_in_a_browser() {
    let started = Instant::now();
    if harness::binaries().is_none() {
        return;
    }
    let app = spawn_app(Backend::Sqlite).await;
    let shots = tempfile::tempdir().expect("temp dir for screenshots");
    let password = "orchid tundra falcon 42";
    let member_email = "piet.vos@utrecht.example";
    app.create_user_in(
        member_email,
        "Piet Vos",
        Role::Member,
        password,
        "Utrecht",
        "NL",
    );
    app.create_user_in(
        "mona.mod@lyon.example",
        "Mona Mod",
        Role::Moderator,
        password,
        "Lyon",
        "FR",
    );

    // The moderator writes and publishes the playbook over HTTP.
    let slug = "embassy-event-cancellation";
    let old_step = "Decline politely and keep a copy.";
    let new_step = "Decline in writing within a week, copying the mayor.";
    let http = app.client.fresh();
    assert_eq!(
        http.login("mona.mod@lyon.example", password).await.status,
        reqwest::StatusCode::SEE_OTHER
    );
    let created = http
        .submit(
            "/playbooks/new",
            "/playbooks/new",
            &[
                ("slug", slug),
                ("title", "When an embassy asks to cancel an event"),
                (
                    "summary",
                    "What to do, in order, when an event is targeted.",
                ),
                ("topics", "taiwan"),
                ("demands", "cancel_event"),
                ("tlp", "green"),
                ("step_key", ""),
                ("step_title", "Write it down"),
                ("step_body", "Note who called, when, and what was said."),
                ("step_key", ""),
                ("step_title", "Answer in writing"),
                ("step_body", old_step),
            ],
        )
        .await;
    assert_eq!(
        created.status,
        reqwest::StatusCode::SEE_OTHER,
        "{}",
        created.body
    );
    let published = http
        .submit(
            &format!("/playbooks/{slug}"),
            &format!("/playbooks/{slug}/status"),
            &[("status", "published")],
        )
        .await;
    assert!(
        http.follow(&published)
            .await
            .has("Published: members can read it now.")
    );

    // The member opens it and suggests a change to step 2, by label.
    let member = Browser::start(&app.base).await.expect("browser");
    sign_in(&member, member_email, password, "Piet Vos").await;
    member.goto(&format!("/playbooks/{slug}")).await;
    member.expect_text(old_step).await;
    member.click_link("Suggest an edit").await;
    assert_eq!(member.path().await, format!("/playbooks/{slug}/suggest"));
    member.expect_text("Suggest an edit").await;
    member.fill_labelled("Step 2: what to do", new_step).await;
    member
        .fill_labelled(
            "Why this change? (for the moderators)",
            "A deadline and a copy to the mayor help",
        )
        .await;
    member.click_button("Send the suggestion").await;
    member
        .expect_text("Your suggestion is with the moderators")
        .await;
    let suggestion_path = member.path().await;
    assert!(
        suggestion_path.starts_with(&format!("/playbooks/{slug}/suggestions/")),
        "the member lands on the suggestion: {suggestion_path}"
    );
    member
        .screenshot_full_page(&shots.path().join("playbook-suggestion-sent.png"))
        .await;

    // A moderator finds it in the queue and accepts it, in a second browser.
    let moderator = member.another().await;
    sign_in(&moderator, "mona.mod@lyon.example", password, "Mona Mod").await;
    moderator.goto("/moderation/suggestions").await;
    moderator.expect_text("by Piet Vos").await;
    moderator
        .click_link("When an embassy asks to cancel an event")
        .await;
    assert_eq!(moderator.path().await, suggestion_path);
    let inserted = moderator
        .find(Locator::Css(".diff ins"))
        .await
        .text()
        .await
        .unwrap();
    assert!(!inserted.trim().is_empty(), "the diff marks added words");
    moderator.click_button("Accept as revision 2").await;
    moderator
        .expect_text("Accepted as revision 2; the member is told by email.")
        .await;
    moderator.close().await;

    // The member reads the new text and finds the credit in the history.
    member.goto(&format!("/playbooks/{slug}")).await;
    let step = member
        .find(Locator::Css("ol.steps li#step-2 .prose"))
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(step.trim(), new_step);
    member.expect_text("revision 2").await;
    member.click_link("History (2 revisions)").await;
    assert_eq!(member.path().await, format!("/playbooks/{slug}/revisions"));
    member.expect_text("Mona Mod, suggested by Piet Vos").await;
    member
        .screenshot_full_page(&shots.path().join("playbook-history.png"))
        .await;
    member.close().await;

    let mail = app
        .mail_to(member_email, "Your suggested edit was accepted")
        .await;
    assert!(
        mail.text
            .contains(&format!("/playbooks/{slug}/revisions/2")),
        "{}",
        mail.text
    );
    eprintln!(
        "browser playbook suggestion flow took {:.1}s",
        started.elapsed().as_secs_f64()
    );
}

/// Machine checks of accessibility in the browser: axe-core, sideways scrolling at phone
/// width, and the contrast of the focus ring against what is behind it.
mod audit {
    use std::path::PathBuf;
    use std::sync::OnceLock;
    use std::time::Duration;

    use serde_json::{Value, json};

    use super::harness::Browser;

    /// The narrowest phone the pages must fit without scrolling sideways.
    pub const PHONE_WIDTH: u32 = 360;

    /// The least contrast a focus ring needs against what it sits on (WCAG 2.2, 1.4.11).
    pub const FOCUS_CONTRAST: f64 = 3.0;

    /// Where `npm ci` in `tests/axe` puts axe-core.
    fn axe_path() -> PathBuf {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/axe/node_modules/axe-core/axe.min.js")
    }

    const INSTALL: &str = "install the version pinned in tests/axe/package-lock.json with \
        `npm ci --prefix tests/axe` (needs Node.js and npm: `apt-get install nodejs npm`); \
        .ci/run does both";

    /// The `version` in a JSON file, under `key` (a path of object keys).
    fn version_in(path: &std::path::Path, key: &[&str]) -> Option<String> {
        let text = std::fs::read_to_string(path).ok()?;
        let json: Value = serde_json::from_str(&text).ok()?;
        key.iter()
            .try_fold(&json, |v, k| v.get(k))?
            .get("version")?
            .as_str()
            .map(str::to_owned)
    }

    /// axe-core's source, read once. Missing, or not the version the lock file pins, it
    /// fails the test (under CI as everywhere else) with the command that installs it.
    pub fn axe_source() -> &'static str {
        static SOURCE: OnceLock<String> = OnceLock::new();
        SOURCE.get_or_init(|| {
            let path = axe_path();
            let folder = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/axe");
            if !path.exists() {
                // `cargo test` alone works on a machine with npm: install the pinned version.
                let installed = std::process::Command::new("npm")
                    .args(["ci", "--no-audit", "--no-fund", "--prefix"])
                    .arg(&folder)
                    .status();
                eprintln!("axe-core was missing; `npm ci --prefix tests/axe`: {installed:?}");
            }
            let source = std::fs::read_to_string(&path).unwrap_or_else(|e| {
                panic!(
                    "axe-core is not installed ({}: {e}): {INSTALL}",
                    path.display()
                )
            });
            let pinned = version_in(
                &folder.join("package-lock.json"),
                &["packages", "node_modules/axe-core"],
            )
            .expect("tests/axe/package-lock.json pins axe-core");
            let installed = version_in(&folder.join("node_modules/axe-core/package.json"), &[]);
            assert_eq!(
                installed.as_deref(),
                Some(pinned.as_str()),
                "the installed axe-core is not the pinned one: {INSTALL}"
            );
            source
        })
    }

    /// Runs axe on the current document, after `axe_script` has defined `done` and loaded
    /// axe-core; answers `{violations: [...]}` or `{error}`.
    const RUN_AXE: &str = r##"
        if (typeof window.axe !== "object") { done({ error: "axe-core did not load" }); return; }
        const target = (t) => Array.isArray(t) ? t.join(" >>> ") : String(t);
        window.axe.run(document, { resultTypes: ["violations"] })
          .then((r) => done({ violations: r.violations.map((v) => ({
            id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.map((n) => n.target.map(target).join(" ")),
          })) }))
          .catch((e) => done({ error: String((e && e.stack) || e) }));
    "##;

    /// One asynchronous script that loads axe-core into the page unless it is there, runs it
    /// and answers its findings: one WebDriver round trip per page.
    fn axe_script() -> &'static str {
        static SCRIPT: OnceLock<String> = OnceLock::new();
        SCRIPT.get_or_init(|| {
            format!(
                "const done = arguments[arguments.length - 1];\n\
                 if (typeof window.axe !== \"object\") {{\n{}\n}}\n{RUN_AXE}",
                axe_source()
            )
        })
    }

    /// Where the browser is, the page's heading and text, its widths, and the outermost
    /// elements that stick out past the viewport.
    const PAGE_STATE: &str = r##"
        const root = document.documentElement;
        const limit = root.clientWidth;
        const describe = (el) => el.tagName.toLowerCase()
          + (el.id ? "#" + el.id : "")
          + (typeof el.className === "string" && el.className.trim()
              ? "." + el.className.trim().split(/\s+/).join(".") : "");
        const offenders = [];
        if (root.scrollWidth > limit) {
          for (const el of document.body.querySelectorAll("*")) {
            const right = el.getBoundingClientRect().right;
            const parent = el.parentElement;
            if (right > limit + 0.5 && parent
                && (parent === document.body || parent.getBoundingClientRect().right <= limit + 0.5)) {
              let path = describe(el), up = parent;
              for (let i = 0; i < 3 && up && up !== document.body; i++, up = up.parentElement) {
                path = describe(up) + " > " + path;
              }
              offenders.push(path + " (right edge at " + Math.round(right) + "px)");
              if (offenders.length >= 5) break;
            }
          }
        }
        const h1 = document.querySelector("main h1");
        return {
          path: location.pathname + location.search,
          h1: h1 ? h1.innerText : "", text: document.body.innerText,
          scroll: root.scrollWidth, client: limit, inner: window.innerWidth, offenders,
        };
    "##;

    /// Focuses the element matching `arguments[0]` and reports its outline and, for a point in
    /// the middle of the ring on each side, the background layers under it (topmost first,
    /// down to the first opaque one).
    const PROBE_FOCUS: &str = r##"
        const el = document.querySelector(arguments[0]);
        if (!el) return { found: false };
        el.scrollIntoView({ block: "center", inline: "center" });
        el.focus({ preventScroll: true });
        const cs = getComputedStyle(el);
        const width = parseFloat(cs.outlineWidth) || 0;
        const offset = parseFloat(cs.outlineOffset) || 0;
        const r = el.getBoundingClientRect();
        const d = offset + width / 2;
        const points = [
          [r.left - d, r.top + r.height / 2], [r.right + d, r.top + r.height / 2],
          [r.left + r.width / 2, r.top - d], [r.left + r.width / 2, r.bottom + d],
        ];
        const describe = (e) => e.tagName.toLowerCase()
          + (e.id ? "#" + e.id : "")
          + (typeof e.className === "string" && e.className.trim()
              ? "." + e.className.trim().split(/\s+/).join(".") : "");
        const sides = [];
        for (const [x, y] of points) {
          if (x < 0 || y < 0 || x >= window.innerWidth || y >= window.innerHeight) continue;
          const under = document.elementsFromPoint(x, y).filter((e) => e !== el && !el.contains(e));
          const layers = [];
          for (const e of under) {
            const bg = getComputedStyle(e).backgroundColor;
            layers.push(bg);
            const alpha = bg.startsWith("rgba(") ? parseFloat(bg.split(",")[3]) : 1;
            if (alpha >= 1) break;
          }
          sides.push({ on: under.length ? describe(under[0]) : "the canvas", layers });
        }
        return {
          found: true,
          focused: document.activeElement === el,
          visible: el.matches(":focus-visible"),
          style: cs.outlineStyle, width, color: cs.outlineColor, sides,
        };
    "##;

    async fn page_state(browser: &Browser) -> Value {
        browser
            .client
            .execute(PAGE_STATE, vec![])
            .await
            .expect("read the page")
    }

    /// An sRGB colour with alpha, channels 0–255 and alpha 0–1.
    #[derive(Clone, Copy, Debug, PartialEq)]
    pub struct Rgba {
        pub r: f64,
        pub g: f64,
        pub b: f64,
        pub a: f64,
    }

    pub const WHITE: Rgba = Rgba {
        r: 255.0,
        g: 255.0,
        b: 255.0,
        a: 1.0,
    };

    impl Rgba {
        /// A computed CSS colour: `rgb(r, g, b)` or `rgba(r, g, b, a)`.
        pub fn parse(css: &str) -> Option<Rgba> {
            let css = css.trim();
            let inner = css
                .strip_prefix("rgba(")
                .or_else(|| css.strip_prefix("rgb("))?
                .strip_suffix(')')?;
            let parts: Vec<f64> = inner
                .split(',')
                .map(|p| p.trim().parse::<f64>())
                .collect::<Result<_, _>>()
                .ok()?;
            match parts[..] {
                [r, g, b] => Some(Rgba { r, g, b, a: 1.0 }),
                [r, g, b, a] => Some(Rgba { r, g, b, a }),
                _ => None,
            }
        }

        /// This colour painted over an opaque `below`.
        pub fn over(self, below: Rgba) -> Rgba {
            let mix = |top: f64, bottom: f64| top * self.a + bottom * (1.0 - self.a);
            Rgba {
                r: mix(self.r, below.r),
                g: mix(self.g, below.g),
                b: mix(self.b, below.b),
                a: 1.0,
            }
        }

        /// WCAG relative luminance.
        pub fn luminance(self) -> f64 {
            let channel = |c: f64| {
                let c = c / 255.0;
                if c <= 0.04045 {
                    c / 12.92
                } else {
                    ((c + 0.055) / 1.055).powf(2.4)
                }
            };
            0.2126 * channel(self.r) + 0.7152 * channel(self.g) + 0.0722 * channel(self.b)
        }
    }

    impl std::fmt::Display for Rgba {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            write!(
                f,
                "#{:02x}{:02x}{:02x}",
                self.r.round() as u8,
                self.g.round() as u8,
                self.b.round() as u8
            )
        }
    }

    /// WCAG contrast ratio of two opaque colours, 1 to 21.
    pub fn contrast(a: Rgba, b: Rgba) -> f64 {
        let (la, lb) = (a.luminance(), b.luminance());
        (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
    }

    /// The opaque colour of background layers listed topmost first, over a white canvas.
    pub fn flatten(layers: &[Rgba]) -> Rgba {
        layers
            .iter()
            .rev()
            .fold(WHITE, |below, layer| layer.over(below))
    }

    /// What the walk found wrong, reported all at once at the end.
    #[derive(Default)]
    pub struct Audit {
        failures: Vec<String>,
        pages: Vec<String>,
        focus_checks: usize,
        lesser: usize,
        in_axe: Duration,
    }

    impl Audit {
        /// Sizes the browser's viewport to `PHONE_WIDTH` CSS pixels wide.
        pub async fn phone(browser: &Browser) {
            let client = &browser.client;
            let mut outer = PHONE_WIDTH;
            for _ in 0..3 {
                client
                    .set_window_size(outer, 900)
                    .await
                    .expect("resize the window");
                let inner = client
                    .execute("return window.innerWidth", vec![])
                    .await
                    .expect("read the viewport width")
                    .as_u64()
                    .unwrap_or(0) as u32;
                if inner == PHONE_WIDTH {
                    return;
                }
                // Window chrome, if any, takes its share: grow the window by it.
                outer = (outer + PHONE_WIDTH).saturating_sub(inner);
            }
            panic!("could not make the viewport {PHONE_WIDTH}px wide");
        }

        /// Opens `path` and audits it (see `here`).
        pub async fn visit(
            &mut self,
            browser: &Browser,
            who: &str,
            path: &str,
            heading: &str,
            text: &[&str],
        ) {
            let started = std::time::Instant::now();
            browser.goto(path).await;
            self.here(browser, who, path, heading, text).await;
            if let Some(last) = self.pages.last_mut() {
                last.push_str(&format!(" {:.1}s", started.elapsed().as_secs_f64()));
            }
        }

        /// Audits the page the browser shows: it must be the page meant (its `<h1>` contains
        /// `heading` and its text each of `text`), fit the viewport's width, and have no
        /// serious or critical axe-core violation.
        pub async fn here(
            &mut self,
            browser: &Browser,
            who: &str,
            what: &str,
            heading: &str,
            text: &[&str],
        ) {
            let state = page_state(browser).await;
            let at = format!("{what} ({who}, {})", state["path"].as_str().unwrap_or("?"));
            self.pages.push(at.clone());
            let h1 = state["h1"].as_str().unwrap_or_default();
            if !h1.contains(heading) {
                self.failures.push(format!(
                    "{at}: not the page meant: its heading is {h1:?}, expected {heading:?}"
                ));
                return;
            }
            let body = state["text"].as_str().unwrap_or_default();
            for t in text {
                if !body.contains(t) {
                    self.failures.push(format!(
                        "{at}: expected {t:?} on the page, it says:\n{body}"
                    ));
                }
            }
            self.width(&state, &at);
            self.axe(browser, &at).await;
        }

        fn width(&mut self, m: &Value, at: &str) {
            let (scroll, client, inner) = (m["scroll"].as_u64(), m["client"].as_u64(), &m["inner"]);
            assert_eq!(
                inner.as_u64(),
                Some(u64::from(PHONE_WIDTH)),
                "{at}: the viewport is not {PHONE_WIDTH}px wide"
            );
            match (scroll, client) {
                (Some(scroll), Some(client)) if scroll <= client => {}
                (Some(scroll), Some(client)) => self.failures.push(format!(
                    "{at}: scrolls sideways at {PHONE_WIDTH}px: the page is {scroll}px wide in a \
                     {client}px viewport; sticking out: {}",
                    m["offenders"]
                )),
                _ => self.failures.push(format!("{at}: could not measure: {m}")),
            }
        }

        async fn axe(&mut self, browser: &Browser, at: &str) {
            let started = std::time::Instant::now();
            let result = browser
                .client
                .execute_async(axe_script(), vec![])
                .await
                .unwrap_or_else(|e| panic!("{at}: run axe-core: {e}"));
            self.in_axe += started.elapsed();
            if let Some(error) = result.get("error") {
                panic!("{at}: axe-core failed: {error}");
            }
            let violations = result["violations"]
                .as_array()
                .unwrap_or_else(|| panic!("{at}: unexpected axe-core answer: {result}"));
            for v in violations {
                let impact = v["impact"].as_str().unwrap_or("unknown");
                if !matches!(impact, "serious" | "critical") {
                    self.lesser += 1;
                    eprintln!("note: {at}: {} ({impact}): {}", v["id"], v["help"]);
                    continue;
                }
                let nodes: Vec<&str> = v["nodes"]
                    .as_array()
                    .map(|n| n.iter().filter_map(Value::as_str).collect())
                    .unwrap_or_default();
                self.failures.push(format!(
                    "{at}: axe {} ({impact}): {}; on {}",
                    v["id"].as_str().unwrap_or("?"),
                    v["help"].as_str().unwrap_or(""),
                    nodes.join(", ")
                ));
            }
        }

        /// Focuses the element matching `css` on the current page and checks its focus ring:
        /// a solid outline at least 2px wide, with `FOCUS_CONTRAST` against the background
        /// under it on every side that is in view.
        pub async fn focus_ring(&mut self, browser: &Browser, who: &str, surface: &str, css: &str) {
            self.focus_checks += 1;
            let at = format!(
                "focus ring on {surface} ({who}, {}, `{css}`)",
                browser.path().await
            );
            let probe = browser
                .client
                .execute(PROBE_FOCUS, vec![json!(css)])
                .await
                .expect("probe the focus ring");
            if probe["found"] != Value::Bool(true) {
                self.failures.push(format!("{at}: no such element"));
                return;
            }
            if probe["focused"] != Value::Bool(true) || probe["visible"] != Value::Bool(true) {
                self.failures.push(format!(
                    "{at}: focus() did not make it the :focus-visible element: {probe}"
                ));
                return;
            }
            let style = probe["style"].as_str().unwrap_or("none");
            let width = probe["width"].as_f64().unwrap_or(0.0);
            if style == "none" || style == "hidden" || width < 2.0 {
                self.failures
                    .push(format!("{at}: no visible outline ({style}, {width}px)"));
                return;
            }
            let Some(ring) = probe["color"].as_str().and_then(Rgba::parse) else {
                self.failures.push(format!(
                    "{at}: unreadable outline colour {}",
                    probe["color"]
                ));
                return;
            };
            let sides = probe["sides"].as_array().cloned().unwrap_or_default();
            if sides.is_empty() {
                self.failures
                    .push(format!("{at}: no side of the ring is in view"));
            }
            // The side with the least contrast decides.
            let mut worst: Option<(f64, String)> = None;
            for side in sides {
                let layers: Option<Vec<Rgba>> = side["layers"]
                    .as_array()
                    .map(|l| l.iter().map(|c| c.as_str().and_then(Rgba::parse)).collect())
                    .unwrap_or(Some(Vec::new()));
                let Some(layers) = layers else {
                    self.failures
                        .push(format!("{at}: unreadable background {}", side["layers"]));
                    return;
                };
                let behind = flatten(&layers);
                let shown = ring.over(behind);
                let ratio = contrast(shown, behind);
                if worst.as_ref().is_none_or(|(least, _)| ratio < *least) {
                    let on = side["on"].as_str().unwrap_or("?");
                    worst = Some((ratio, format!("the ring {shown} on {on} ({behind})")));
                }
            }
            if let Some((ratio, what)) = worst
                && ratio < FOCUS_CONTRAST
            {
                self.failures.push(format!(
                    "{at}: {what} has a contrast of {ratio:.2}:1, needs {FOCUS_CONTRAST}:1"
                ));
            }
        }

        /// Proves on the current page that each check can fail: a page made too wide, an
        /// image without a text alternative and a pale focus ring must each be reported.
        pub async fn self_test(browser: &Browser) {
            const SPOIL: &str = r##"
                const main = document.querySelector("main");
                const wide = document.createElement("div");
                wide.id = "audit-too-wide";
                wide.style.width = "2000px";
                wide.style.height = "1px";
                const img = document.createElement("img");
                img.id = "audit-no-alt";
                img.src = "/static/favicon.svg";
                main.append(wide, img);
                const link = document.createElement("a");
                link.id = "audit-pale-ring";
                link.href = "#main";
                link.textContent = "pale ring";
                link.style.outlineColor = "rgb(250, 250, 250)";
                document.querySelector("main .panel").append(link);
            "##;
            const MEND: &str = r##"
                for (const id of ["audit-too-wide", "audit-no-alt", "audit-pale-ring"]) {
                  document.getElementById(id).remove();
                }
            "##;
            browser
                .client
                .execute(SPOIL, vec![])
                .await
                .expect("spoil the page");
            let mut spoilt = Audit::default();
            spoilt.width(&page_state(browser).await, "spoilt page");
            spoilt.axe(browser, "spoilt page").await;
            spoilt
                .focus_ring(browser, "test", "a panel", "#audit-pale-ring")
                .await;
            browser
                .client
                .execute(MEND, vec![])
                .await
                .expect("mend the page");
            let found = spoilt.failures.join("\n");
            for expected in [
                "scrolls sideways",
                "axe image-alt (critical)",
                "#audit-no-alt",
                "needs 3:1",
            ] {
                assert!(
                    found.contains(expected),
                    "the audit missed a planted fault ({expected:?}); it found:\n{found}"
                );
            }
            assert_eq!(spoilt.failures.len(), 3, "{found}");
        }

        /// Fails with every problem found, if any; checks that the walk really walked.
        pub fn finish(self, min_pages: usize, min_focus_checks: usize, took: Duration) {
            eprintln!(
                "accessibility walk: {} pages and {} focus rings checked in {:.1}s ({:.1}s in \
                 axe-core); {} moderate or minor axe notes\n  {}",
                self.pages.len(),
                self.focus_checks,
                took.as_secs_f64(),
                self.in_axe.as_secs_f64(),
                self.lesser,
                self.pages.join("\n  ")
            );
            assert!(
                self.failures.is_empty(),
                "{} accessibility problems:\n\n{}",
                self.failures.len(),
                self.failures.join("\n\n")
            );
            assert!(
                self.pages.len() >= min_pages,
                "only {} pages were audited",
                self.pages.len()
            );
            assert!(
                self.focus_checks >= min_focus_checks,
                "only {} focus rings were checked",
                self.focus_checks
            );
        }
    }

    #[test]
    fn contrast_matches_the_wcag_examples() {
        let black = Rgba::parse("rgb(0, 0, 0)").unwrap();
        assert!((contrast(black, WHITE) - 21.0).abs() < 1e-9);
        assert!((contrast(WHITE, WHITE) - 1.0).abs() < 1e-9);
        // #767676 on white is the classic just-passing grey: 4.54:1.
        let grey = Rgba::parse("rgb(118, 118, 118)").unwrap();
        assert!((contrast(grey, WHITE) - 4.54).abs() < 0.01);
        // The old amber ring (#ffbf47) on white: far below 3:1.
        let amber = Rgba::parse("rgb(255, 191, 71)").unwrap();
        assert!(contrast(amber, WHITE) < 2.0);
    }

    #[test]
    fn translucent_layers_are_flattened_over_white() {
        let half_black = Rgba::parse("rgba(0, 0, 0, 0.5)").unwrap();
        let flat = flatten(&[half_black]);
        assert!((flat.r - 127.5).abs() < 1e-9 && flat.a == 1.0);
        let blue = Rgba::parse("rgb(31, 78, 121)").unwrap();
        assert_eq!(flatten(&[Rgba { a: 0.0, ..WHITE }, blue]), blue);
        assert_eq!(Rgba::parse("transparent"), None);
        assert_eq!(Rgba::parse("rgb(1, 2)"), None);
    }
}

/// The `href` and text of the first element matching `css`.
async fn first_link(browser: &Browser, css: &str) -> (String, String) {
    let link = browser.find(Locator::Css(css)).await;
    let href = link
        .attr("href")
        .await
        .expect("read href")
        .unwrap_or_else(|| panic!("{css} has no href"));
    let text = link.text().await.expect("link text").trim().to_owned();
    (href, text)
}

/// The password `seed-demo` printed for a demo account.
fn demo_password(summary: &str, email: &str) -> String {
    summary
        .lines()
        .find(|line| line.contains(email))
        .and_then(|line| line.split("password: ").nth(1))
        .unwrap_or_else(|| panic!("no password for {email} in:\n{summary}"))
        .trim()
        .to_owned()
}

/// A case form with every required field filled in, by a member in Prague.
fn case_form<'a>(title: &'a str, anonymity: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("title", title),
        (
            "summary",
            "The consulate asked the city to take a Tibet flag down from the town hall.",
        ),
        (
            "narrative",
            "On 10 March the consulate phoned the office of the mayor of Prague; a letter \
             followed.",
        ),
        ("topics", "tibet"),
        ("demands", "remove_symbol"),
        ("counterpart_id", "new"),
        ("counterpart_name", "Consulate General of the PRC in Munich"),
        ("counterpart_kind", "consulate"),
        ("counterpart_country", "DE"),
        ("channel", "phone"),
        ("response", "declined"),
        ("occurred_on", "2024-03-10"),
        ("tlp", "green"),
        ("anonymity", anonymity),
    ]
}

/// Every main page, for a visitor, a member, a moderator and an admin, in a 360px-wide
/// window on the demo data plus one of each thing the queues hold: no serious or critical
/// axe-core violation, no sideways scrolling, and a focus ring with 3:1 contrast against each
/// surface it sits on.
#[actix_web::test]
async fn main_pages_pass_axe_fit_a_phone_and_show_a_contrasting_focus_ring() {
    let started = Instant::now();
    if harness::binaries().is_none() {
        return;
    }
    audit::axe_source();
    let app = spawn_app(Backend::Sqlite).await;
    let summary = {
        let mut conn = app.db.get().expect("a connection");
        twinwise::demo::seed(&mut conn, &app.settings).expect("seed the demo data")
    };
    let member_email = "member@demo.twinwise.example";
    let moderator_email = "moderator@demo.twinwise.example";
    let admin_email = "admin@demo.twinwise.example";

    // What the queues hold: a registration to approve, a submitted case, a flag.
    let registrant = Registrant::new("eva.lindqvist@goteborg.example");
    let http = app.client.fresh();
    app.register(&http, &registrant).await;
    app.verify_email(&http, &registrant.email).await;
    let member_http = app.client.fresh();
    assert_eq!(
        member_http
            .login(member_email, &demo_password(&summary, member_email))
            .await
            .status,
        reqwest::StatusCode::SEE_OTHER
    );
    let mut drafts = Vec::new();
    // The submitted one is anonymised, so that its review shows the redaction check.
    for (title, anonymity) in [
        ("Consulate asks to take down the Tibet flag", "city"),
        ("Consulate phones about the flag again", "none"),
    ] {
        let page = member_http
            .submit("/cases/new", "/cases/new", &case_form(title, anonymity))
            .await;
        assert_eq!(page.status, reqwest::StatusCode::SEE_OTHER, "{}", page.body);
        drafts.push(page.location.expect("the draft's address"));
    }
    let (submitted, draft) = (&drafts[0], &drafts[1]);
    let sent = member_http
        .submit(submitted, &format!("{submitted}/submit"), &[])
        .await;
    assert_eq!(sent.status, reqwest::StatusCode::SEE_OTHER, "{}", sent.body);
    let list = member_http.get("/cases").await;
    let demo_case = {
        let doc = scraper::Html::parse_document(&list.body);
        let link = scraper::Selector::parse(".case-card h2 a").unwrap();
        doc.select(&link)
            .next()
            .and_then(|a| a.value().attr("href"))
            .expect("a demo case on /cases")
            .to_owned()
    };
    let flag_reason = "Names an official who asked not to be named";
    let flagged = member_http
        .submit(
            &demo_case,
            &format!("{demo_case}/flag"),
            &[("reason", flag_reason)],
        )
        .await;
    assert_eq!(
        flagged.status,
        reqwest::StatusCode::SEE_OTHER,
        "{}",
        flagged.body
    );
    let setup = started.elapsed();

    let mut audit = Audit::default();
    let suggested = "tibet-flag-removal-request";
    let edited = "taiwan-event-cancellation-request";

    // A member: their pages, the forms, one re-rendered with errors, and a suggested edit.
    let member = Browser::start(&app.base).await.expect("browser");
    Audit::phone(&member).await;
    sign_in(
        &member,
        member_email,
        &demo_password(&summary, member_email),
        "Jan Member",
    )
    .await;
    let m = "member";
    audit
        .here(&member, m, "home", "Welcome, Jan Member", &["Recent cases"])
        .await;
    audit
        .focus_ring(&member, m, "the header", ".site-header .link-button")
        .await;
    audit.focus_ring(&member, m, "a panel", "#home-q").await;
    audit
        .focus_ring(
            &member,
            m,
            "a button on a panel",
            "main .search-form .button",
        )
        .await;
    audit
        .visit(&member, m, "/cases", "Cases", &["Log a case"])
        .await;
    audit
        .focus_ring(&member, m, "a button on a panel", ".filters .button")
        .await;
    audit
        .focus_ring(&member, m, "a card", ".case-card h2 a")
        .await;
    let (case, title) = first_link(&member, ".case-card h2 a").await;
    audit
        .visit(&member, m, &case, &title, &["Discussion"])
        .await;
    audit
        .visit(
            &member,
            m,
            draft,
            "Consulate phones",
            &["Only you can see this case"],
        )
        .await;
    audit
        .visit(&member, m, &format!("{draft}/edit"), "Edit the case", &[])
        .await;
    audit
        .visit(&member, m, "/cases/new", "Log a case", &[])
        .await;
    member.click_button("Save draft").await;
    audit
        .here(
            &member,
            m,
            "case form with errors",
            "Log a case",
            &["Please check the form"],
        )
        .await;
    audit
        .focus_ring(&member, m, "a panel", ".error-summary a")
        .await;
    audit
        .focus_ring(&member, m, "a panel", "input[name=topics]")
        .await;
    audit
        .visit(&member, m, "/account", "Your account", &[])
        .await;
    audit
        .visit(
            &member,
            m,
            "/account/calendar",
            "Calendar feed",
            &["Make my calendar feed"],
        )
        .await;
    audit
        .visit(&member, m, "/account/notifications", "What you follow", &[])
        .await;
    audit
        .visit(&member, m, "/notifications", "Notifications", &[])
        .await;
    audit
        .visit(
            &member,
            m,
            "/account/security",
            "Password and email address",
            &[],
        )
        .await;
    // Agreement review: the registry, the agreements, a review, the forms, the rule library.
    audit
        .visit(
            &member,
            m,
            "/partnerships",
            "Partnerships",
            &["Add a partnership"],
        )
        .await;
    let (partnership, _) = first_link(&member, "table th a").await;
    audit
        .visit(&member, m, &partnership, "", &["Sources"])
        .await;
    audit
        .visit(&member, m, "/partnerships/new", "Add a partnership", &[])
        .await;
    audit
        .visit(
            &member,
            m,
            "/agreements",
            "Agreements",
            &["Review an agreement"],
        )
        .await;
    let (agreement, agreement_title) = first_link(&member, ".card-title a").await;
    audit
        .visit(&member, m, &agreement, &agreement_title, &["Review of the"])
        .await;
    audit
        .focus_ring(&member, m, "a clause", "article.clause summary")
        .await;
    audit
        .visit(&member, m, "/agreements/new", "Review an agreement", &[])
        .await;
    audit
        .visit(
            &member,
            m,
            "/agreements/deadlines",
            "Upcoming deadlines",
            &[],
        )
        .await;
    audit.visit(&member, m, "/rules", "Rule library", &[]).await;
    let (rule, rule_title) = first_link(&member, "ul.rule-list a").await;
    audit
        .visit(
            &member,
            m,
            &format!("{rule}?sample=The+City+adheres+to+the+one+China+principle."),
            &rule_title,
            &["Test bench"],
        )
        .await;
    audit
        .visit(
            &member,
            m,
            &format!("/playbooks/{suggested}"),
            "",
            &["Suggest an edit"],
        )
        .await;
    audit
        .visit(
            &member,
            m,
            &format!("/playbooks/{suggested}/suggest"),
            "Suggest an edit",
            &[],
        )
        .await;
    member
        .fill_labelled(
            "Why this change? (for the moderators)",
            "Say who signs the answer",
        )
        .await;
    member
        .fill_labelled(
            "What to avoid",
            "Do not answer by phone; answer in writing.",
        )
        .await;
    member.click_button("Send the suggestion").await;
    audit
        .here(
            &member,
            m,
            "suggestion",
            "Suggested edit",
            &["Your suggestion is with the moderators"],
        )
        .await;

    // A moderator: the queues, a case review, a suggestion, and an edit for the history.
    let moderator = member.another().await;
    Audit::phone(&moderator).await;
    sign_in(
        &moderator,
        moderator_email,
        &demo_password(&summary, moderator_email),
        "Maria Moderator",
    )
    .await;
    let md = "moderator";
    moderator.goto(&agreement).await;
    let (clauses, _) = first_link(&moderator, "a.correct-split").await;
    audit
        .visit(
            &moderator,
            md,
            &clauses,
            "Correct the clauses",
            &["New clause starts at"],
        )
        .await;
    audit
        .visit(
            &moderator,
            md,
            "/rules/new",
            "Add a rule",
            &["Patterns, one per line"],
        )
        .await;
    audit
        .visit(
            &moderator,
            md,
            &format!("{rule}/edit"),
            "Edit the rule",
            &["Save a new revision"],
        )
        .await;
    audit
        .visit(
            &moderator,
            md,
            &format!("{rule}/revisions/1"),
            "Revision 1",
            &["The starter library"],
        )
        .await;
    audit
        .visit(
            &moderator,
            md,
            "/moderation",
            "Moderation",
            &["1 waiting for approval"],
        )
        .await;
    audit
        .visit(
            &moderator,
            md,
            "/moderation/members",
            "New members",
            &["Eva Lindqvist"],
        )
        .await;
    audit
        .visit(
            &moderator,
            md,
            "/moderation/cases",
            "Submitted cases",
            &["Consulate asks"],
        )
        .await;
    audit
        .visit(
            &moderator,
            md,
            &format!("/moderation{submitted}"),
            "Review: Consulate asks",
            &["Redaction check", "would identify the author"],
        )
        .await;
    audit
        .visit(&moderator, md, "/moderation/flags", "Flags", &[flag_reason])
        .await;
    audit
        .visit(
            &moderator,
            md,
            "/moderation/changes",
            "Changes to published cases",
            &["Shares the case with members in Austria, Germany as well."],
        )
        .await;
    let (change, _) = first_link(&moderator, "main li a[href*='/moderation/changes/']").await;
    audit
        .visit(
            &moderator,
            md,
            &change,
            "Change to: Repeated calls",
            &["What it changes", "Redaction check"],
        )
        .await;
    audit
        .visit(
            &moderator,
            md,
            &format!("{case}/revisions"),
            "Revisions",
            &[],
        )
        .await;
    audit
        .visit(
            &moderator,
            md,
            "/moderation/suggestions",
            "Suggested edits",
            &["by Jan Member"],
        )
        .await;
    let (suggestion, _) = first_link(&moderator, "main li a[href*='/suggestions/']").await;
    audit
        .visit(
            &moderator,
            md,
            &suggestion,
            "Suggested edit",
            &["Accept as revision 2"],
        )
        .await;
    audit
        .visit(
            &moderator,
            md,
            &format!("/playbooks/{edited}"),
            "",
            &["Archive"],
        )
        .await;
    audit
        .focus_ring(&moderator, md, "a panel", ".moderator-actions .button")
        .await;
    audit
        .visit(
            &moderator,
            md,
            &format!("/playbooks/{edited}/edit"),
            "Edit the playbook",
            &[],
        )
        .await;
    moderator
        .fill_labelled("What changed (for the history)", "Named who answers")
        .await;
    moderator
        .fill_labelled("What to avoid (optional)", "Never answer by phone alone.")
        .await;
    moderator.click_button("Save").await;
    audit
        .here(
            &moderator,
            md,
            "saved playbook",
            "",
            &["Saved as revision 2."],
        )
        .await;
    audit
        .visit(&moderator, md, "/playbooks/new", "Write a playbook", &[])
        .await;
    moderator.close().await;

    // An admin: accounts, one account, the audit log, the settings.
    let admin = member.another().await;
    Audit::phone(&admin).await;
    sign_in(
        &admin,
        admin_email,
        &demo_password(&summary, admin_email),
        "Alex Admin",
    )
    .await;
    let ad = "admin";
    audit
        .visit(&admin, ad, "/admin/users", "Accounts", &["Jan Member"])
        .await;
    admin.click_link("Jan Member").await;
    audit
        .here(&admin, ad, "an account", "Jan Member", &[])
        .await;
    audit
        .visit(&admin, ad, "/admin/audit", "Audit log", &[])
        .await;
    audit
        .visit(&admin, ad, "/admin/settings", "Settings", &[])
        .await;
    admin.close().await;
    member.close().await;

    // A visitor: every public page, the account forms, one with errors, and a 404.
    let visitor = Browser::start(&app.base).await.expect("browser");
    Audit::phone(&visitor).await;
    let v = "visitor";
    audit
        .visit(
            &visitor,
            v,
            "/",
            "Learn from cities",
            &["Featured playbooks"],
        )
        .await;
    Audit::self_test(&visitor).await;
    audit
        .focus_ring(&visitor, v, "the header, over the page", ".skip-link")
        .await;
    audit
        .focus_ring(&visitor, v, "the header", ".site-header .brand")
        .await;
    audit
        .focus_ring(&visitor, v, "the header", ".site-header a.button-small")
        .await;
    audit
        .focus_ring(&visitor, v, "the page background", ".hero a[href='/login']")
        .await;
    audit
        .focus_ring(&visitor, v, "the page background", ".hero .button")
        .await;
    audit
        .focus_ring(&visitor, v, "a panel", ".featured-playbooks .heading-row a")
        .await;
    audit
        .focus_ring(&visitor, v, "a card", ".recent .case-card h2 a")
        .await;
    audit.visit(&visitor, v, "/cases", "Cases", &[]).await;
    let (case, title) = first_link(&visitor, ".case-card h2 a").await;
    audit.visit(&visitor, v, &case, &title, &[]).await;
    audit
        .visit(&visitor, v, "/search?q=embassy", "Search", &[])
        .await;
    audit.visit(&visitor, v, "/stats", "Statistics", &[]).await;
    audit
        .visit(&visitor, v, "/counterparts", "Counterparts", &[])
        .await;
    let (counterpart, name) = first_link(&visitor, "main table th a").await;
    audit.visit(&visitor, v, &counterpart, &name, &[]).await;
    audit
        .visit(&visitor, v, "/playbooks", "Playbooks", &[])
        .await;
    audit
        .visit(
            &visitor,
            v,
            &format!("/playbooks/{edited}"),
            "",
            &["History (2 revisions)"],
        )
        .await;
    audit
        .visit(
            &visitor,
            v,
            &format!("/playbooks/{edited}/revisions"),
            "History",
            &["Named who answers"],
        )
        .await;
    audit
        .visit(
            &visitor,
            v,
            &format!("/playbooks/{edited}/compare?from=1&to=2"),
            "From revision 1 to revision 2",
            &[],
        )
        .await;
    audit.visit(&visitor, v, "/login", "Sign in", &[]).await;
    audit.visit(&visitor, v, "/register", "Register", &[]).await;
    visitor.click_button("Register").await;
    audit
        .here(
            &visitor,
            v,
            "registration with errors",
            "Register",
            &["Please check the form"],
        )
        .await;
    audit
        .visit(&visitor, v, "/password-reset", "Reset your password", &[])
        .await;
    audit
        .visit(&visitor, v, "/no-such-page", "Page not found", &[])
        .await;
    visitor.close().await;

    eprintln!("setup took {:.1}s", setup.as_secs_f64());
    audit.finish(40, 15, started.elapsed());
}
