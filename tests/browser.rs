//! End to end in a real browser: headless Chromium driven over WebDriver (chromedriver +
//! fantoccini) against a real server, database and SMTP server from `common`.
//!
//! Needs `chromium` and `chromedriver` (Debian: `apt-get install chromium chromium-driver`);
//! `CHROMIUM` and `CHROMEDRIVER` override the binaries. Without them the tests are skipped
//! with a loud warning, except under CI (`CI` set), where they fail. Set
//! `TWINWISE_SCREENSHOTS=<dir>` to keep the screenshots the tests take.

mod common;

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

    /// fantoccini's TLS connector asks rustls for the process-wide crypto provider, and the
    /// dependency graph enables two (ring through reqwest and lettre, aws-lc-rs through
    /// fantoccini), so rustls cannot choose: install one explicitly. Needs
    /// `rustls = { version = "0.23", default-features = false, features = ["ring", "std"] }`
    /// in `[dev-dependencies]`.
    fn install_crypto_provider() {
        let _ = rustls::crypto::ring::default_provider().install_default();
    }

    const NO_CRYPTO_PROVIDER: &str = "no rustls crypto provider for fantoccini: add `rustls = \
        { version = \"0.23\", default-features = false, features = [\"ring\", \"std\"] }` to \
        [dev-dependencies] and call `install_default()` in `install_crypto_provider`";

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
            install_crypto_provider();
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
            let mut builder = std::panic::catch_unwind(ClientBuilder::rustls)
                .unwrap_or_else(|_| panic!("{NO_CRYPTO_PROVIDER}"))
                .expect("rustls");
            let client = builder
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
