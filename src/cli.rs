//! The `twinwise` command line.

use std::io::IsTerminal;
use std::sync::Arc;

use clap::{Parser, Subcommand};

use crate::accounts::AccountError;
use crate::accounts::admin::{Provisioned, provision};
use crate::agreements::library::{Library, Shelf};
use crate::auth::password::hash_blocking;
use crate::config::{CommonArgs, ServeArgs, Settings};
use crate::db::audit::Action;
use crate::db::{DatabaseUrl, Db};
use crate::domain::{CityName, Country, DisplayName, EmailAddress, NewPassword, Role};
use crate::{demo, startup};

/// Twinwise: peer learning for city international-affairs offices.
#[derive(Debug, Parser)]
#[command(name = "twinwise", version, about)]
pub struct Cli {
    #[command(flatten)]
    pub common: CommonArgs,
    #[command(subcommand)]
    pub command: Command,
}

/// What to do.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Apply migrations and run the web server, the outbox worker and housekeeping.
    Serve(ServeArgs),
    /// Apply pending database migrations and exit.
    Migrate,
    /// Create an active admin account; the password comes from TWINWISE_PASSWORD or a prompt.
    CreateAdmin {
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
        /// The admin's city (shown on their profile).
        #[arg(long, default_value = "Twinwise team")]
        city: String,
        /// The admin's country (ISO code or name).
        #[arg(long, default_value = "BE")]
        country: String,
    },
    /// Load demo cities, one account of each role (printing their sign-in details) and the
    /// demo cases; running it again adds nothing.
    SeedDemo {
        /// Also make sure N generated cases exist (titles start with "[synthetic]"), with
        /// timelines, comments and marks, for load tests; existing ones count towards N.
        #[arg(long, value_name = "N")]
        synthetic: Option<u64>,
    },
    /// Split agreement files (.txt, .md, .docx) into clauses and check each against the rule
    /// library, without a running server.
    /// Runs the periodic jobs that are due (deadline reminders, housekeeping) once and exits;
    /// for cron, alongside the runner inside `serve`. Reminders are queued in the outbox, which
    /// `serve` delivers. Takes the same settings as `serve`.
    RunJobs(ServeArgs),
    CheckAgreement {
        /// The files to check.
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<std::path::PathBuf>,
        /// Print JSON: per file its language and clauses, each with its flags.
        #[arg(long)]
        json: bool,
        /// The language of the files (ISO 639-1, e.g. de), instead of detecting it.
        #[arg(long, value_name = "CODE")]
        lang: Option<String>,
    },
}

/// Runs the parsed command.
pub async fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Serve(serve) => {
            let settings = Settings::from_args(&cli.common, &serve)?;
            if serve.demo {
                let db = Db::connect(&settings.database_url)?;
                let seeding = settings.clone();
                let printed =
                    tokio::task::spawn_blocking(move || -> anyhow::Result<Option<String>> {
                        startup::prepare_database(&db)?;
                        Ok(demo::seed_if_empty(&mut *db.get()?, &seeding)?)
                    })
                    .await??;
                if let Some(summary) = printed {
                    println!("{summary}");
                }
            }
            let app = startup::Application::build(settings.clone()).await?;
            tracing::info!(port = app.port(), base_url = %settings.base_url, backend = settings.database_url.backend().name(), "Twinwise is listening");
            println!(
                "Twinwise is running at {} (database: {}). Press Ctrl+C to stop.",
                settings.base_url,
                settings.database_url.backend().name()
            );
            app.run_until_stopped().await?;
        }
        Command::Migrate => {
            let url = cli.common.database_url()?;
            tokio::task::spawn_blocking(move || startup::prepare_database(&Db::connect(&url)?))
                .await??;
            println!("Migrations are up to date.");
        }
        Command::CreateAdmin {
            email,
            name,
            city,
            country,
        } => {
            let url = cli.common.database_url()?;
            let email = EmailAddress::parse(&email)?;
            let name = DisplayName::parse(&name)?;
            let city = CityName::parse(&city)?;
            let country = Country::parse(&country)?;
            let password = read_password(&email, &name)?;
            let hash = hash_blocking(&password)?;
            let summary = tokio::task::spawn_blocking(move || -> anyhow::Result<String> {
                let db = Db::connect(&url)?;
                startup::prepare_database(&db)?;
                let account = Provisioned {
                    email: &email,
                    name: &name,
                    city: &city,
                    country,
                    position: "Administrator",
                    role: Role::Admin,
                    password_hash: &hash,
                };
                match provision(&mut *db.get()?, &account, Some(Action::CreateAdmin)) {
                    Ok(_) => Ok(format!(
                        "Admin {} <{}> created. Sign in at /login.",
                        name.as_str(),
                        email
                    )),
                    Err(AccountError::EmailTaken) => {
                        anyhow::bail!("an account with {email} already exists")
                    }
                    Err(e) => Err(e.into()),
                }
            })
            .await??;
            println!("{summary}");
        }
        Command::SeedDemo { synthetic } => {
            let url = cli.common.database_url()?;
            let settings = demo::seeding_settings(url.clone(), &cli.common.data_dir);
            let summary = tokio::task::spawn_blocking(move || -> anyhow::Result<String> {
                let db = Db::connect(&url)?;
                startup::prepare_database(&db)?;
                let mut conn = db.get()?;
                let mut summary = demo::seed(&mut conn, &settings)?;
                if let Some(wanted) = synthetic {
                    let report =
                        demo::synthetic::seed(&mut conn, wanted, demo::synthetic::DEFAULT_SEED)?;
                    summary.push('\n');
                    summary.push_str(&report.to_string());
                }
                Ok(summary)
            })
            .await??;
            println!("{summary}");
        }
        Command::RunJobs(serve) => {
            let settings = Settings::from_args(&cli.common, &serve)?;
            let url = settings.database_url.clone();
            let ran = tokio::task::spawn_blocking(move || -> anyhow::Result<_> {
                let db = Db::connect(&url)?;
                startup::prepare_database(&db)?;
                let ran = crate::jobs::run_due(
                    &mut *db.get()?,
                    &settings,
                    &crate::jobs::runner_name(),
                    crate::db::now(),
                    crate::jobs::Job::ALL,
                )?;
                Ok(ran)
            })
            .await??;
            if ran.is_empty() {
                println!("No job is due.");
            }
            for r in &ran {
                match &r.outcome {
                    Ok(done) => println!("{}: {done}", r.job),
                    Err(e) => println!("{}: failed: {e}", r.job),
                }
            }
            if ran.iter().any(|r| r.outcome.is_err()) {
                anyhow::bail!("a job failed");
            }
        }
        Command::CheckAgreement { paths, json, lang } => {
            let url = cli.common.database_url()?;
            let library = tokio::task::spawn_blocking(move || rule_library(&url)).await??;
            println!(
                "{}",
                crate::agreements::check::run(&library, &paths, json, lang.as_deref())?
            );
        }
    }
    Ok(())
}

/// The database's rule library for `check-agreement`; the starter library when the SQLite
/// file does not exist yet (checking a file creates no database).
fn rule_library(url: &DatabaseUrl) -> anyhow::Result<Arc<Library>> {
    if let DatabaseUrl::Sqlite(path) = url
        && !path.exists()
    {
        return Ok(crate::agreements::check::starter()?);
    }
    let db = Db::connect(url)?;
    startup::prepare_database(&db)?;
    Ok(Shelf::default().library(&mut *db.get()?)?)
}

/// Reads the new admin's password from `TWINWISE_PASSWORD`, or asks twice on the terminal.
fn read_password(email: &EmailAddress, name: &DisplayName) -> anyhow::Result<NewPassword> {
    let check = |raw: &str| NewPassword::parse(raw, email.as_str(), name.as_str());
    if let Ok(raw) = std::env::var("TWINWISE_PASSWORD") {
        return Ok(check(&raw)?);
    }
    if !std::io::stdin().is_terminal() {
        anyhow::bail!("set TWINWISE_PASSWORD or run in a terminal to be asked for the password");
    }
    loop {
        let first = rpassword::prompt_password("Password (12 to 128 characters): ")?;
        match check(&first) {
            Err(e) => eprintln!("{e}"),
            Ok(password) => {
                if rpassword::prompt_password("Repeat the password: ")? == first {
                    return Ok(password);
                }
                eprintln!("The two passwords differ; try again.");
            }
        }
    }
}
