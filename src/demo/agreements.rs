//! Demo partnerships (public facts, with their sources, from `data/partnerships.toml`) and
//! demo agreements (fictional texts from `data/agreements/`, described in its `index.toml`).

use serde::Deserialize;

use super::{DemoError, member_by_key};
use crate::agreements::intake::{self, NewText};
use crate::db::partnerships::{self as rows, PartnershipRow};
use crate::db::{DbConn, cities, new_id, now};
use crate::domain::agreement::{
    AgreementFields, AgreementInput, PartnershipFields, PartnershipInput, agreement_text,
};
use crate::domain::{CityName, Country};

const PARTNERSHIPS: &str = include_str!("data/partnerships.toml");
const AGREEMENTS: &str = include_str!("data/agreements/index.toml");

/// The texts, by file name.
const TEXTS: &[(&str, &str)] = &[
    (
        "hamburg-draft-mou.en.txt",
        include_str!("data/agreements/hamburg-draft-mou.en.txt"),
    ),
    (
        "hamburg-draft-mou.zh.txt",
        include_str!("data/agreements/hamburg-draft-mou.zh.txt"),
    ),
    (
        "milan-academic-mou.it.txt",
        include_str!("data/agreements/milan-academic-mou.it.txt"),
    ),
];

/// The demo author who files each city's agreements.
const FILED_BY: &[(&str, &str)] = &[("Hamburg", "lena"), ("Milan", "giulia")];

#[derive(Debug, Deserialize)]
struct PartnershipFile {
    partnership: Vec<DemoPartnership>,
}

#[derive(Debug, Deserialize)]
struct DemoPartnership {
    city: String,
    country: String,
    counterpart_city: String,
    #[serde(default)]
    counterpart_province: String,
    counterpart_country: String,
    kind: String,
    #[serde(default)]
    since: String,
    status: String,
    #[serde(default)]
    status_date: String,
    #[serde(default)]
    status_reason: String,
    #[serde(default)]
    sources: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct AgreementFile {
    agreement: Vec<DemoAgreement>,
}

#[derive(Debug, Deserialize)]
struct DemoAgreement {
    file: String,
    key: String,
    language: String,
    title: String,
    kind: String,
    city: String,
    #[serde(default)]
    partnership: Option<String>,
    status: String,
    #[serde(default)]
    signed_on: String,
    #[serde(default)]
    effective_on: String,
    #[serde(default)]
    term: String,
    renewal: String,
    #[serde(default)]
    notice: String,
    tlp: String,
}

fn invalid(what: &str, e: impl std::fmt::Debug) -> DemoError {
    DemoError::Invalid(format!("{what}: {e:?}"))
}

fn city_id(conn: &mut DbConn, name: &str, code: &str) -> Result<String, DemoError> {
    let name = CityName::parse(name).map_err(|e| invalid(name, e))?;
    let country = Country::from_code(code).ok_or_else(|| invalid("country", code))?;
    Ok(cities::find_or_create(conn, &name, country)?)
}

/// Adds the partnerships not there yet; returns how many were added.
pub fn seed_partnerships(conn: &mut DbConn) -> Result<usize, DemoError> {
    let file: PartnershipFile =
        toml::from_str(PARTNERSHIPS).map_err(|e| invalid("partnerships.toml", e))?;
    let today = chrono::Utc::now().date_naive();
    let mut added = 0;
    for p in file.partnership {
        let city = city_id(conn, &p.city, &p.country)?;
        let fields = PartnershipFields {
            city_id: city.clone(),
            counterpart_city: p.counterpart_city.clone(),
            counterpart_province: p.counterpart_province,
            counterpart_country: p.counterpart_country,
            kind: p.kind,
            since: p.since,
            status: p.status,
            status_on: p.status_date,
            status_reason: p.status_reason,
            case_id: String::new(),
            sources: p.sources.join("\n"),
            tlp: "clear".to_owned(),
            audience: Vec::new(),
        };
        let input = PartnershipInput::parse(&fields, today, &p.country)
            .map_err(|e| invalid(&p.counterpart_city, e))?;
        if rows::duplicate(
            conn,
            &city,
            &input.counterpart_city,
            input.kind.as_str(),
            None,
        )? {
            continue;
        }
        let at = now();
        rows::insert(
            conn,
            &PartnershipRow {
                id: new_id(),
                city_id: city,
                counterpart_city: input.counterpart_city,
                counterpart_province: input.counterpart_province,
                counterpart_country: input.counterpart_country.code.to_owned(),
                kind: input.kind.as_str().to_owned(),
                since: input
                    .since
                    .map(|d| d.as_str().to_owned())
                    .unwrap_or_default(),
                status: input.status.as_str().to_owned(),
                status_on: input
                    .status_on
                    .map(|d| d.as_str().to_owned())
                    .unwrap_or_default(),
                status_reason: input.status_reason,
                case_id: None,
                sources: input.sources.join("\n"),
                tlp: input.tlp.as_str().to_owned(),
                created_by: None,
                created_at: at,
                updated_at: at,
            },
        )?;
        added += 1;
    }
    Ok(added)
}

fn period(raw: &str) -> (String, String) {
    let mut parts = raw.split_whitespace();
    let count = parts.next().unwrap_or_default().to_owned();
    let unit = match parts.next().unwrap_or_default() {
        "year" | "years" => "years",
        "month" | "months" => "months",
        "day" | "days" => "days",
        _ => "",
    };
    (count, unit.to_owned())
}

/// Adds the demo agreements when their city has none yet; returns how many were added.
pub fn seed_agreements(conn: &mut DbConn) -> Result<usize, DemoError> {
    let file: AgreementFile = toml::from_str(AGREEMENTS).map_err(|e| invalid("index.toml", e))?;
    let today = chrono::Utc::now().date_naive();
    let mut created: Vec<(String, String)> = Vec::new();
    let mut added = 0;
    for a in &file.agreement {
        let key = FILED_BY
            .iter()
            .find(|(city, _)| *city == a.city)
            .map(|(_, key)| *key)
            .ok_or_else(|| invalid("no demo author for", &a.city))?;
        let author = member_by_key(conn, key)?;
        let body = TEXTS
            .iter()
            .find(|(name, _)| *name == a.file)
            .map(|(_, body)| *body)
            .ok_or_else(|| invalid("missing text", &a.file))?;
        let text = NewText {
            body: agreement_text(body).map_err(|e| invalid(&a.file, e))?,
            source: a.file.clone(),
            language: Some(a.language.clone()),
        };
        if let Some((_, id)) = created.iter().find(|(k, _)| *k == a.key) {
            intake::add_text(conn, &author, id, &text).map_err(|e| invalid(&a.file, e))?;
            continue;
        }
        let existing = crate::db::agreements::list(
            conn,
            author.reader(),
            &crate::db::agreements::AgreementFilter {
                city_id: Some(author.city_id.clone()),
                ..Default::default()
            },
            0,
            100,
        )?
        .0;
        if existing.iter().any(|l| l.row.title == a.title) {
            continue;
        }
        let partnership_id = match &a.partnership {
            Some(counterpart) => rows::of_city(conn, &author.city_id)?
                .into_iter()
                .find(|p| p.counterpart_city == *counterpart)
                .map(|p| p.id)
                .unwrap_or_default(),
            None => String::new(),
        };
        let (term_count, term_unit) = period(&a.term);
        let (notice_count, notice_unit) = period(&a.notice);
        let fields = AgreementFields {
            title: a.title.clone(),
            kind: a.kind.clone(),
            partnership_id,
            status: a.status.clone(),
            signed_on: a.signed_on.clone(),
            effective_on: a.effective_on.clone(),
            term_count,
            term_unit,
            renewal: a.renewal.clone(),
            notice_count,
            notice_unit,
            reminders: "90, 30, 7".to_owned(),
            tlp: a.tlp.clone(),
            audience: Vec::new(),
        };
        let input = AgreementInput::parse(&fields, today, &author.country_code)
            .map_err(|e| invalid(&a.title, e))?;
        let id =
            intake::create(conn, &author, &input, &text, today).map_err(|e| invalid(&a.file, e))?;
        created.push((a.key.clone(), id));
        added += 1;
    }
    Ok(added)
}
