//! Demo data: member cities, one printed account of each role, demo authors, and thirty
//! published cases with timelines, comments and "we faced this too" marks (texts in [`cases`]).
//! [`synthetic`] generates large volumes of clearly marked cases for load tests.

mod agreements;
pub mod cases;
pub mod playbooks;
pub mod synthetic;

use std::path::Path;

use chrono::NaiveDate;
use diesel::prelude::*;

use crate::accounts::AccountError;
use crate::accounts::admin::{Provisioned, provision};
use crate::auth::password::hash_blocking;
use crate::cases::{CaseError, authoring, discussion, moderation, reading};
use crate::config::{MailTransport, Settings, Tuning};
use crate::db::schema::cases as case_table;
use crate::db::users::Member;
use crate::db::{DatabaseUrl, DbConn, DbError, cities, users};
use crate::domain::case::{CaseFields, CaseInput};
use crate::domain::playbook::PlaybookFields;
use crate::domain::{CityName, Country, DisplayName, EmailAddress, NewPassword, Role};
use cases::{CASES, DemoCase};
use playbooks::DemoPlaybook;

/// Member cities with partnerships or friendship ties to Chinese cities.
const CITIES: &[(&str, &str)] = &[
    ("Prague", "CZ"),
    ("Hamburg", "DE"),
    ("Gothenburg", "SE"),
    ("Rotterdam", "NL"),
    ("Lyon", "FR"),
    ("Milan", "IT"),
    ("Vienna", "AT"),
    ("Kraków", "PL"),
    ("Vilnius", "LT"),
    ("Edinburgh", "GB"),
    ("Toronto", "CA"),
    ("Seattle", "US"),
    ("Linköping", "SE"),
    ("Duisburg", "DE"),
    ("Falkenberg", "SE"),
    ("Annapolis", "US"),
    ("Norfolk", "US"),
];

struct DemoAccount {
    email: &'static str,
    name: &'static str,
    city: &'static str,
    country: &'static str,
    position: &'static str,
    role: Role,
    password: &'static str,
}

/// Demo passwords are printed on purpose: they exist only in demo databases.
const ACCOUNTS: &[DemoAccount] = &[
    DemoAccount {
        email: "admin@demo.twinwise.example",
        name: "Alex Admin",
        city: "Vienna",
        country: "AT",
        position: "Platform administrator",
        role: Role::Admin,
        password: "copper lantern orbit 7",
    },
    DemoAccount {
        email: "moderator@demo.twinwise.example",
        name: "Maria Moderator",
        city: "Hamburg",
        country: "DE",
        position: "Head of international relations",
        role: Role::Moderator,
        password: "velvet quarry meadow 4",
    },
    DemoAccount {
        email: "member@demo.twinwise.example",
        name: "Jan Member",
        city: "Prague",
        country: "CZ",
        position: "International affairs officer",
        role: Role::Member,
        password: "harbor thistle canyon 9",
    },
];

/// A demo member who authors, comments on or marks cases. Not printed: these accounts have
/// no usable password (see [`LOCKED_PASSWORD_HASH`]).
struct DemoAuthor {
    key: &'static str,
    email: &'static str,
    name: &'static str,
    city: &'static str,
    country: &'static str,
    position: &'static str,
}

const AUTHORS: &[DemoAuthor] = &[
    DemoAuthor {
        key: "tereza",
        email: "tereza.horakova@demo.twinwise.example",
        name: "Tereza Horáková",
        city: "Prague",
        country: "CZ",
        position: "Head of the foreign relations unit",
    },
    DemoAuthor {
        key: "lena",
        email: "lena.vogt@demo.twinwise.example",
        name: "Lena Vogt",
        city: "Hamburg",
        country: "DE",
        position: "Officer for international cooperation",
    },
    DemoAuthor {
        key: "erik",
        email: "erik.lindgren@demo.twinwise.example",
        name: "Erik Lindgren",
        city: "Gothenburg",
        country: "SE",
        position: "International strategist",
    },
    DemoAuthor {
        key: "sanne",
        email: "sanne.devries@demo.twinwise.example",
        name: "Sanne de Vries",
        city: "Rotterdam",
        country: "NL",
        position: "Senior adviser, international affairs",
    },
    DemoAuthor {
        key: "camille",
        email: "camille.moreau@demo.twinwise.example",
        name: "Camille Moreau",
        city: "Lyon",
        country: "FR",
        position: "International relations officer",
    },
    DemoAuthor {
        key: "giulia",
        email: "giulia.ferraro@demo.twinwise.example",
        name: "Giulia Ferraro",
        city: "Milan",
        country: "IT",
        position: "International relations officer",
    },
    DemoAuthor {
        key: "florian",
        email: "florian.huber@demo.twinwise.example",
        name: "Florian Huber",
        city: "Vienna",
        country: "AT",
        position: "Desk officer for city diplomacy",
    },
    DemoAuthor {
        key: "agnieszka",
        email: "agnieszka.nowak@demo.twinwise.example",
        name: "Agnieszka Nowak",
        city: "Kraków",
        country: "PL",
        position: "Head of international cooperation",
    },
    DemoAuthor {
        key: "rasa",
        email: "rasa.petrauskiene@demo.twinwise.example",
        name: "Rasa Petrauskienė",
        city: "Vilnius",
        country: "LT",
        position: "Foreign relations adviser",
    },
    DemoAuthor {
        key: "fiona",
        email: "fiona.macleod@demo.twinwise.example",
        name: "Fiona MacLeod",
        city: "Edinburgh",
        country: "GB",
        position: "International team leader",
    },
    DemoAuthor {
        key: "daniel",
        email: "daniel.tremblay@demo.twinwise.example",
        name: "Daniel Tremblay",
        city: "Toronto",
        country: "CA",
        position: "Protocol and international relations",
    },
    DemoAuthor {
        key: "megan",
        email: "megan.alvarez@demo.twinwise.example",
        name: "Megan Alvarez",
        city: "Seattle",
        country: "US",
        position: "Office of intergovernmental relations",
    },
    DemoAuthor {
        key: "karin",
        email: "karin.sjoberg@demo.twinwise.example",
        name: "Karin Sjöberg",
        city: "Linköping",
        country: "SE",
        position: "International coordinator",
    },
    DemoAuthor {
        key: "tobias",
        email: "tobias.kraemer@demo.twinwise.example",
        name: "Tobias Krämer",
        city: "Duisburg",
        country: "DE",
        position: "Economic development, Asia desk",
    },
    DemoAuthor {
        key: "ingrid",
        email: "ingrid.holm@demo.twinwise.example",
        name: "Ingrid Holm",
        city: "Falkenberg",
        country: "SE",
        position: "Education department",
    },
    DemoAuthor {
        key: "james",
        email: "james.whitaker@demo.twinwise.example",
        name: "James Whitaker",
        city: "Annapolis",
        country: "US",
        position: "Office of the city manager",
    },
    DemoAuthor {
        key: "olivia",
        email: "olivia.grant@demo.twinwise.example",
        name: "Olivia Grant",
        city: "Norfolk",
        country: "US",
        position: "International relations liaison",
    },
];

/// The password hash of demo authors: not a PHC string, so no password ever matches it.
/// Such an account can only be used after a password reset.
pub const LOCKED_PASSWORD_HASH: &str = "!locked: demo account without a password";

/// Why the demo data could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    #[error(transparent)]
    Account(#[from] AccountError),
    #[error(transparent)]
    Case(#[from] CaseError),
    #[error(transparent)]
    Playbook(#[from] crate::playbooks::PlaybookError),
    #[error(transparent)]
    Db(#[from] DbError),
    #[error("the demo data is inconsistent: {0}")]
    Invalid(String),
}

impl From<diesel::result::Error> for DemoError {
    fn from(e: diesel::result::Error) -> Self {
        DemoError::Db(e.into())
    }
}

/// The email of a demo account by its key (`admin`, `moderator`, `member` or an author's).
fn email_of(key: &str) -> Option<&'static str> {
    match key {
        "admin" | "moderator" | "member" => ACCOUNTS
            .iter()
            .find(|a| a.email.starts_with(&format!("{key}@")))
            .map(|a| a.email),
        _ => AUTHORS.iter().find(|a| a.key == key).map(|a| a.email),
    }
}

fn member_by_key(conn: &mut DbConn, key: &str) -> Result<Member, DemoError> {
    let email =
        email_of(key).ok_or_else(|| DemoError::Invalid(format!("no demo account {key}")))?;
    let row = users::find_by_email(conn, email)?
        .ok_or_else(|| DemoError::Invalid(format!("{email} does not exist")))?;
    users::member(conn, &row.id)?.ok_or_else(|| DemoError::Invalid(format!("{email} has no city")))
}

fn seed_cities_and_accounts(conn: &mut DbConn) -> Result<(), DemoError> {
    conn.transaction(|conn| {
        for (name, code) in CITIES {
            let city = CityName::parse(name).map_err(|e| DemoError::Invalid(e.to_string()))?;
            let country = Country::from_code(code)
                .ok_or_else(|| DemoError::Invalid(format!("unknown country {code}")))?;
            cities::find_or_create(conn, &city, country)?;
        }
        for account in ACCOUNTS {
            let email = EmailAddress::parse(account.email).expect("demo email is valid");
            if users::email_taken(conn, email.as_str())? {
                continue;
            }
            let name = DisplayName::parse(account.name).expect("demo name is valid");
            let city = CityName::parse(account.city).expect("demo city is valid");
            let country = Country::from_code(account.country).expect("demo country is listed");
            let password = NewPassword::parse(account.password, account.email, account.name)
                .expect("demo password meets the rules");
            let hash = hash_blocking(&password).map_err(|e| DemoError::Invalid(e.to_string()))?;
            provision(
                conn,
                &Provisioned {
                    email: &email,
                    name: &name,
                    city: &city,
                    country,
                    position: account.position,
                    role: account.role,
                    password_hash: &hash,
                },
                None,
            )?;
        }
        for author in AUTHORS {
            let email = EmailAddress::parse(author.email).expect("demo email is valid");
            if users::email_taken(conn, email.as_str())? {
                continue;
            }
            provision(
                conn,
                &Provisioned {
                    email: &email,
                    name: &DisplayName::parse(author.name).expect("demo name is valid"),
                    city: &CityName::parse(author.city).expect("demo city is valid"),
                    country: Country::from_code(author.country).expect("demo country is listed"),
                    position: author.position,
                    role: Role::Member,
                    password_hash: LOCKED_PASSWORD_HASH,
                },
                None,
            )?;
        }
        Ok(())
    })
}

/// The last paragraph of every demo narrative, saying what the case is based on.
fn provenance(case: &DemoCase) -> &'static str {
    if case.composite {
        "*Illustrative demo case: a composite written for the Twinwise demo and attributed to no real city. The sources under References report similar events.*"
    } else {
        "*Demo case written for the Twinwise demo from the public sources under References; the city office's own perspective is illustrative.*"
    }
}

/// The case as its author would have typed it into the form.
fn fields_of(case: &DemoCase) -> CaseFields {
    CaseFields {
        title: case.title.to_owned(),
        summary: case.summary.to_owned(),
        narrative: format!("{}\n\n{}", case.narrative, provenance(case)),
        topics: case.topics.iter().map(|t| t.as_str().to_owned()).collect(),
        demands: case.demands.iter().map(|d| d.as_str().to_owned()).collect(),
        counterpart_id: String::new(),
        counterpart_name: case.counterpart.name.to_owned(),
        counterpart_kind: case.counterpart.kind.as_str().to_owned(),
        counterpart_country: case.counterpart.country.to_owned(),
        counterpart_city: case.counterpart.city.to_owned(),
        channel: case.channel.as_str().to_owned(),
        response: case.response.as_str().to_owned(),
        outcome: case.outcome.to_owned(),
        lessons: case.lessons.to_owned(),
        occurred_on: case.occurred_on.to_owned(),
        reference_title: case.references.iter().map(|r| r.title.to_owned()).collect(),
        reference_url: case.references.iter().map(|r| r.url.to_owned()).collect(),
        tlp: case.tlp.as_str().to_owned(),
        audience: case.audience.iter().map(|&c| c.to_owned()).collect(),
        anonymity: case.anonymity.as_str().to_owned(),
    }
}

/// Validates a demo case exactly as the case form would.
fn input_of(case: &DemoCase, home_country: &str) -> Result<CaseInput, DemoError> {
    let today = chrono::Utc::now().date_naive();
    CaseInput::parse(&fields_of(case), today, home_country).map_err(|errors| {
        DemoError::Invalid(format!(
            "{}: {}",
            case.title,
            errors
                .iter()
                .map(|e| format!("{}: {}", e.field, e.message))
                .collect::<Vec<_>>()
                .join("; ")
        ))
    })
}

fn date(raw: &str) -> Result<NaiveDate, DemoError> {
    NaiveDate::parse_from_str(raw, "%Y-%m-%d")
        .map_err(|_| DemoError::Invalid(format!("bad date {raw}")))
}

/// Loads the case as `member` would (the pages check this before any discussion action).
fn must_read(
    conn: &mut DbConn,
    member: &Member,
    case_id: &str,
    title: &str,
) -> Result<(), DemoError> {
    match reading::readable_case(conn, member.reader(), case_id) {
        Ok(_) => Ok(()),
        Err(CaseError::NotFound) => Err(DemoError::Invalid(format!(
            "{} may not read “{title}”",
            member.email
        ))),
        Err(e) => Err(e.into()),
    }
}

/// Writes one demo case through the workflows a member and a moderator use: draft, submission,
/// timeline entries, publication (revision, email, pattern alerts, search index), then
/// comments and marks. All or nothing.
fn publish_case(
    conn: &mut DbConn,
    settings: &Settings,
    moderator: &Member,
    case: &DemoCase,
) -> Result<(), DemoError> {
    conn.transaction(|conn| {
        let author = member_by_key(conn, case.author)?;
        let input = input_of(case, &author.country_code)?;
        let id = authoring::create_draft(conn, &author, &input)?;
        // Written into the draft, so the moderator's check covers them.
        for (day, body) in case.timeline {
            discussion::add_timeline_entry(conn, &author, &id, date(day)?, body)?;
        }
        authoring::submit(conn, &author, &id)?;
        moderation::publish(conn, settings, moderator, &id)?;
        for (key, body) in case.comments {
            let commenter = member_by_key(conn, key)?;
            must_read(conn, &commenter, &id, case.title)?;
            discussion::add_comment(conn, &commenter, &id, body)?;
        }
        for key in case.faced_by {
            let marker = member_by_key(conn, key)?;
            must_read(conn, &marker, &id, case.title)?;
            discussion::mark_faced(conn, &marker, &id)?;
        }
        Ok(())
    })
}

/// True when the author already has a case with this title (the demo case was loaded before).
fn already_loaded(conn: &mut DbConn, author_id: &str, title: &str) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        case_table::table
            .filter(case_table::author_id.eq(author_id))
            .filter(case_table::title.eq(title)),
    ))
    .get_result(conn)
}

/// Publishes the demo cases not loaded yet, oldest first (so the newest top the lists and
/// pattern alerts see earlier cases); returns how many were new.
fn seed_cases(conn: &mut DbConn, settings: &Settings) -> Result<usize, DemoError> {
    let moderator = member_by_key(conn, "moderator")?;
    let mut ordered: Vec<&DemoCase> = CASES.iter().collect();
    ordered.sort_by_key(|c| c.occurred_on);
    let mut added = 0;
    for case in ordered {
        let author = member_by_key(conn, case.author)?;
        if already_loaded(conn, &author.id, case.title)? {
            continue;
        }
        publish_case(conn, settings, &moderator, case)?;
        if case.title == WIDENED {
            propose_wider_audience(conn, case)?;
        }
        added += 1;
    }
    Ok(added)
}

/// The demo case whose author proposes to share it more widely, so that the moderators'
/// queue of changes to published cases has one to review.
const WIDENED: &str = "Repeated calls pressing the mayor to sign a Belt and Road declaration";

/// Its author asks to share it with members in Austria and Germany too: a widening change
/// that waits for a moderator while readers keep seeing the published version.
fn propose_wider_audience(conn: &mut DbConn, case: &DemoCase) -> Result<(), DemoError> {
    let author = member_by_key(conn, case.author)?;
    let id = case_id_by_title(conn, case.title)?;
    let mut input = input_of(case, &author.country_code)?;
    input.audience.extend(["AT".to_owned(), "DE".to_owned()]);
    input.audience.sort();
    input.audience.dedup();
    match authoring::update(conn, &author, &id, &input)? {
        authoring::Saved::Waiting { .. } => Ok(()),
        authoring::Saved::Applied => Err(DemoError::Invalid(format!(
            "{}: sharing it more widely should wait for a moderator",
            case.title
        ))),
    }
}

/// The id of the demo case with this title.
fn case_id_by_title(conn: &mut DbConn, title: &str) -> Result<String, DemoError> {
    case_table::table
        .filter(case_table::title.eq(title))
        .select(case_table::id)
        .first(conn)
        .optional()?
        .ok_or_else(|| DemoError::Invalid(format!("no demo case titled {title}")))
}

/// The playbook form as a moderator would fill it for a demo playbook.
fn playbook_fields(conn: &mut DbConn, p: &DemoPlaybook) -> Result<PlaybookFields, DemoError> {
    let mut cases = Vec::new();
    for title in p.cases {
        cases.push(format!("/cases/{}", case_id_by_title(conn, title)?));
    }
    Ok(PlaybookFields {
        slug: p.slug.into(),
        title: p.title.into(),
        summary: p.summary.into(),
        topics: p.topics.iter().map(|t| t.as_str().to_owned()).collect(),
        demands: p.demands.iter().map(|d| d.as_str().to_owned()).collect(),
        tlp: p.tlp.as_str().into(),
        step_title: p.steps.iter().map(|s| s.title.to_owned()).collect(),
        step_body: p.steps.iter().map(|s| s.body.to_owned()).collect(),
        letter_title: p.letters.iter().map(|l| l.name.to_owned()).collect(),
        letter_body: p.letters.iter().map(|l| l.body.to_owned()).collect(),
        avoid: p.avoid.into(),
        cases: cases.join("\n"),
        note: "First version, written for the demo".into(),
        ..PlaybookFields::default()
    })
}

/// Writes the demo playbooks through the moderators' workflows (create, publish, feature)
/// and records the cases that used them through their authors'; returns how many were new.
fn seed_playbooks(conn: &mut DbConn) -> Result<usize, DemoError> {
    use crate::domain::playbook::{PlaybookInput, PlaybookStatus, UseOutcome};
    use crate::playbooks::{authoring, uses};
    let moderator = member_by_key(conn, "moderator")?;
    let mut added = 0;
    for p in playbooks::PLAYBOOKS {
        if crate::db::playbooks::by_slug(conn, p.slug)?.is_some() {
            continue;
        }
        let fields = playbook_fields(conn, p)?;
        let input = PlaybookInput::parse(&fields, true).map_err(|errors| {
            let messages: Vec<String> = errors.into_iter().map(|e| e.message).collect();
            DemoError::Invalid(format!("playbook {}: {}", p.slug, messages.join("; ")))
        })?;
        authoring::create(conn, &moderator, &input)?;
        authoring::set_status(conn, &moderator, p.slug, PlaybookStatus::Published)?;
        if p.featured {
            authoring::set_featured(conn, &moderator, p.slug, true)?;
        }
        for (title, outcome) in p.uses {
            let case_id = case_id_by_title(conn, title)?;
            let author_id: String = case_table::table
                .find(&case_id)
                .select(case_table::author_id)
                .first(conn)?;
            let author = crate::db::users::member(conn, &author_id)?
                .ok_or_else(|| DemoError::Invalid(format!("no author for {title}")))?;
            let outcome = UseOutcome::parse(outcome)
                .map_err(|_| DemoError::Invalid(format!("outcome {outcome}")))?;
            uses::record(conn, &author, author.reader(), &case_id, p.slug, outcome)?;
        }
        added += 1;
    }
    Ok(added)
}

/// Seeds the demo data: cities, accounts and cases. Anything already there is left alone, so
/// running it twice changes nothing. `settings` supplies the links in the "case published"
/// emails the workflow queues and the pattern-alert thresholds.
pub fn seed(conn: &mut DbConn, settings: &Settings) -> Result<String, DemoError> {
    seed_cities_and_accounts(conn)?;
    let added = seed_cases(conn, settings)?;
    let playbooks_added = seed_playbooks(conn)?;
    let partnerships_added = agreements::seed_partnerships(conn)?;
    let agreements_added = agreements::seed_agreements(conn)?;
    let mut lines = vec!["Demo data is loaded. Sign in with:".to_owned()];
    for account in ACCOUNTS {
        lines.push(format!(
            "  {:<10} {:<34} password: {}",
            account.role.label(),
            account.email,
            account.password
        ));
    }
    lines.push(format!(
        "{} demo cases are published ({added} added now).",
        CASES.len()
    ));
    lines.push(format!(
        "{} demo playbooks are published ({playbooks_added} added now).",
        playbooks::PLAYBOOKS.len()
    ));
    lines.push(format!(
        "{partnerships_added} partnerships and {agreements_added} agreements added now."
    ));
    Ok(lines.join("\n"))
}

/// Seeds only a database without accounts (for `serve --demo`); returns the summary if it did.
pub fn seed_if_empty(conn: &mut DbConn, settings: &Settings) -> Result<Option<String>, DemoError> {
    if users::none_exist(conn)? {
        seed(conn, settings).map(Some)
    } else {
        Ok(None)
    }
}

/// The settings the case workflows need when seeding outside `serve` (`seed-demo`): the
/// public address for links in queued emails (`TWINWISE_BASE_URL`, else `serve`'s default
/// `http://127.0.0.1:8080`) and the default pattern thresholds. The secret is unused.
pub fn seeding_settings(database_url: DatabaseUrl, data_dir: &Path) -> Settings {
    let default = url::Url::parse("http://127.0.0.1:8080").expect("a valid URL");
    let base_url = std::env::var("TWINWISE_BASE_URL")
        .ok()
        .and_then(|raw| url::Url::parse(&raw).ok())
        .filter(|u| matches!(u.scheme(), "http" | "https") && u.host().is_some())
        .unwrap_or(default);
    Settings {
        bind: "127.0.0.1:8080".to_owned(),
        base_url,
        database_url,
        data_dir: data_dir.to_path_buf(),
        mail: MailTransport::Folder(data_dir.join("mail")),
        secret: Vec::new().into(),
        tuning: Tuning::default(),
        patterns: Default::default(),
        trusted_proxies: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;
    use crate::domain::sensitivity::{Anonymity, Tlp};

    #[test]
    fn demo_accounts_meet_the_rules() {
        for account in ACCOUNTS {
            assert!(EmailAddress::parse(account.email).is_ok());
            assert!(
                NewPassword::parse(account.password, account.email, account.name).is_ok(),
                "{}",
                account.password
            );
        }
        for (name, code) in CITIES {
            assert!(CityName::parse(name).is_ok());
            assert!(Country::from_code(code).is_some());
        }
        for author in AUTHORS {
            assert!(
                EmailAddress::parse(author.email).is_ok(),
                "{}",
                author.email
            );
            assert!(DisplayName::parse(author.name).is_ok(), "{}", author.name);
            assert!(
                CITIES.contains(&(author.city, author.country)),
                "{} is not a demo city",
                author.city
            );
        }
    }

    #[test]
    fn every_demo_case_passes_the_case_form_and_names_known_people() {
        let mut titles = HashSet::new();
        for case in CASES {
            assert!(titles.insert(case.title), "duplicate title {}", case.title);
            input_of(case, "CZ").unwrap_or_else(|e| panic!("{e}"));
            assert!(!case.references.is_empty(), "{} cites nothing", case.title);
            for key in std::iter::once(&case.author)
                .chain(case.comments.iter().map(|(k, _)| k))
                .chain(case.faced_by)
            {
                assert!(
                    email_of(key).is_some(),
                    "{}: unknown person {key}",
                    case.title
                );
            }
            assert!(!case.faced_by.contains(&case.author), "{}", case.title);
            assert_eq!(
                case.composite,
                case.anonymity != Anonymity::None,
                "{}: composites are anonymised, documented cases name their city",
                case.title
            );
            assert_eq!(
                case.tlp == Tlp::Amber,
                !case.audience.is_empty(),
                "{}",
                case.title
            );
        }
    }
}
