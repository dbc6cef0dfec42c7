//! A case as its author submits it, validated field by field.

use chrono::NaiveDate;

use super::case_fields::{CaseResponse, Channel, CounterpartKind, DemandKind, Topic};
use super::country::Country;
pub use super::form::FieldError;
use super::form::{Collector, audience, parse_many, parse_one};
use super::sensitivity::{Anonymity, Tlp};
use super::text::{TextError, clean_line, clean_text};

/// Limits, in characters unless said otherwise.
pub const TITLE_MAX: usize = 200;
pub const SUMMARY_MAX: usize = 1_000;
/// The narrative's limit is in bytes (100 KB).
pub const NARRATIVE_MAX_BYTES: usize = 100 * 1024;
pub const OUTCOME_MAX: usize = 5_000;
pub const LESSONS_MAX: usize = 10_000;
pub const REFERENCES_MAX: usize = 10;
pub const URL_MAX: usize = 2_000;
pub const TIMELINE_ENTRY_MAX: usize = 2_000;
pub const COMMENT_MAX_BYTES: usize = 20 * 1024;

/// The case form as typed (every value a string, multi-valued fields as lists).
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct CaseFields {
    pub title: String,
    pub summary: String,
    pub narrative: String,
    pub topics: Vec<String>,
    pub demands: Vec<String>,
    pub counterpart_id: String,
    pub counterpart_name: String,
    pub counterpart_kind: String,
    pub counterpart_country: String,
    pub counterpart_city: String,
    pub channel: String,
    pub response: String,
    pub outcome: String,
    pub lessons: String,
    pub occurred_on: String,
    pub reference_title: Vec<String>,
    pub reference_url: Vec<String>,
    pub tlp: String,
    pub audience: Vec<String>,
    pub anonymity: String,
}

/// A new entry for the counterparts registry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewCounterpart {
    pub name: String,
    pub kind: CounterpartKind,
    pub country: Country,
    pub city: String,
}

/// A counterpart's name as the case form and a moderator's rename accept it: one line of at
/// most [`TITLE_MAX`] characters. Markup is kept as text (pages escape it), as for names.
pub fn counterpart_name(input: &str) -> Result<String, TextError> {
    clean_line(input, "the counterpart's name", TITLE_MAX)
}

/// Who made the demand: a registry entry, or a new one to add.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CounterpartChoice {
    Existing(String),
    New(NewCounterpart),
}

/// A source for the case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    pub title: String,
    pub url: String,
}

/// A case whose fields all passed validation.
#[derive(Debug, Clone)]
pub struct CaseInput {
    pub title: String,
    pub summary: String,
    pub narrative: String,
    pub topics: Vec<Topic>,
    pub demands: Vec<DemandKind>,
    pub counterpart: CounterpartChoice,
    pub channel: Channel,
    pub response: CaseResponse,
    pub outcome: String,
    pub lessons: String,
    pub occurred_on: NaiveDate,
    pub references: Vec<Reference>,
    pub tlp: Tlp,
    /// AMBER only: country codes whose members may read the case.
    pub audience: Vec<String>,
    pub anonymity: Anonymity,
}

/// Checks an occurred-on date: ISO format, not before 1970, not after `today`.
pub fn parse_date(raw: &str, today: NaiveDate) -> Result<NaiveDate, String> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Err("Enter the date it happened.".into());
    }
    let date = NaiveDate::parse_from_str(raw, "%Y-%m-%d")
        .map_err(|_| "Enter the date as YYYY-MM-DD, for example 2019-10-07.".to_owned())?;
    let earliest = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or(NaiveDate::MIN);
    if date < earliest {
        return Err("Enter a date in 1970 or later.".into());
    }
    if date > today {
        return Err("The date cannot be in the future.".into());
    }
    Ok(date)
}

/// Checks a reference URL: absolute http(s), bounded.
pub fn parse_url(raw: &str) -> Result<String, String> {
    let raw = raw.trim();
    if raw.chars().count() > URL_MAX {
        return Err(format!("Keep links to {URL_MAX} characters."));
    }
    match url::Url::parse(raw) {
        Ok(url) if matches!(url.scheme(), "http" | "https") && url.host().is_some() => {
            Ok(url.to_string())
        }
        _ => Err("Enter a full web address starting with https://.".into()),
    }
}

fn references(fields: &CaseFields) -> Result<Vec<Reference>, String> {
    let rows = fields.reference_title.len().max(fields.reference_url.len());
    let mut out = Vec::new();
    for i in 0..rows {
        let title = fields.reference_title.get(i).map_or("", |s| s.as_str());
        let url = fields.reference_url.get(i).map_or("", |s| s.as_str());
        if title.trim().is_empty() && url.trim().is_empty() {
            continue;
        }
        if url.trim().is_empty() {
            return Err(format!(
                "Reference {}: add the link, or clear the title.",
                i + 1
            ));
        }
        let url = parse_url(url).map_err(|e| format!("Reference {}: {e}", i + 1))?;
        let title = if title.trim().is_empty() {
            url.clone()
        } else {
            clean_line(title, "the reference title", TITLE_MAX)
                .map_err(|e| format!("Reference {}: {e}", i + 1))?
        };
        out.push(Reference { title, url });
    }
    if out.len() > REFERENCES_MAX {
        return Err(format!("Add at most {REFERENCES_MAX} references."));
    }
    Ok(out)
}

fn counterpart(fields: &CaseFields, c: &mut Collector) -> Option<CounterpartChoice> {
    let id = fields.counterpart_id.trim();
    if !id.is_empty() && id != "new" {
        return Some(CounterpartChoice::Existing(id.to_owned()));
    }
    if fields.counterpart_name.trim().is_empty() {
        c.add(
            "counterpart_id",
            "Choose who made the demand, or describe a new counterpart.",
        );
        return None;
    }
    let name = c.check(
        "counterpart_name",
        counterpart_name(&fields.counterpart_name),
    );
    let kind = c.check(
        "counterpart_kind",
        parse_one(
            &fields.counterpart_kind,
            |s| CounterpartKind::parse(s).ok(),
            "Choose what kind of counterpart it is.",
            "Choose a kind from the list.",
        ),
    );
    let country = c.check(
        "counterpart_country",
        Country::parse(&fields.counterpart_country),
    );
    let city = if fields.counterpart_city.trim().is_empty() {
        Some(String::new())
    } else {
        c.check(
            "counterpart_city",
            clean_line(&fields.counterpart_city, "the counterpart's city", 100),
        )
    };
    Some(CounterpartChoice::New(NewCounterpart {
        name: name?,
        kind: kind?,
        country: country?,
        city: city?,
    }))
}

impl CaseFields {
    /// A validated case as the form would hold it, naming the registry entry
    /// `counterpart_id` (a change waiting for a moderator is kept this way, and checked again
    /// when accepted).
    pub fn of_input(input: &CaseInput, counterpart_id: &str) -> CaseFields {
        CaseFields {
            title: input.title.clone(),
            summary: input.summary.clone(),
            narrative: input.narrative.clone(),
            topics: input.topics.iter().map(|t| t.as_str().to_owned()).collect(),
            demands: input
                .demands
                .iter()
                .map(|d| d.as_str().to_owned())
                .collect(),
            counterpart_id: counterpart_id.to_owned(),
            channel: input.channel.as_str().to_owned(),
            response: input.response.as_str().to_owned(),
            outcome: input.outcome.clone(),
            lessons: input.lessons.clone(),
            occurred_on: input.occurred_on.to_string(),
            reference_title: input.references.iter().map(|r| r.title.clone()).collect(),
            reference_url: input.references.iter().map(|r| r.url.clone()).collect(),
            tlp: input.tlp.as_str().to_owned(),
            audience: input.audience.clone(),
            anonymity: input.anonymity.as_str().to_owned(),
            ..CaseFields::default()
        }
    }
}

impl CaseInput {
    /// Validates every field, reporting all problems at once. `home_country` is the author's
    /// country, the default AMBER audience.
    pub fn parse(
        fields: &CaseFields,
        today: NaiveDate,
        home_country: &str,
    ) -> Result<Self, Vec<FieldError>> {
        let mut c = Collector(Vec::new());
        let title = c.check("title", clean_line(&fields.title, "a title", TITLE_MAX));
        let summary = c.check(
            "summary",
            clean_text(&fields.summary, "a short summary", SUMMARY_MAX, true),
        );
        let narrative = if fields.narrative.len() > NARRATIVE_MAX_BYTES {
            c.add(
                "narrative",
                "Keep the narrative to 100 KB (about 15,000 words).",
            );
            None
        } else {
            c.check(
                "narrative",
                clean_text(&fields.narrative, "what happened", usize::MAX, true),
            )
        };
        let topics = c.check(
            "topics",
            parse_many(
                &fields.topics,
                |s| Topic::parse(s).ok(),
                "Choose at least one topic.",
                "Choose topics from the list.",
            ),
        );
        let demands = c.check(
            "demands",
            parse_many(
                &fields.demands,
                |s| DemandKind::parse(s).ok(),
                "Choose at least one kind of demand.",
                "Choose demand kinds from the list.",
            ),
        );
        let counterpart = counterpart(fields, &mut c);
        let channel = c.check(
            "channel",
            parse_one(
                &fields.channel,
                |s| Channel::parse(s).ok(),
                "Choose how the demand reached you.",
                "Choose a channel from the list.",
            ),
        );
        let response = c.check(
            "response",
            parse_one(
                &fields.response,
                |s| CaseResponse::parse(s).ok(),
                "Choose how the city responded.",
                "Choose a response from the list.",
            ),
        );
        let outcome = c.check(
            "outcome",
            clean_text(&fields.outcome, "the outcome", OUTCOME_MAX, false),
        );
        let lessons = c.check(
            "lessons",
            clean_text(&fields.lessons, "the lessons learned", LESSONS_MAX, false),
        );
        let occurred_on = c.check("occurred_on", parse_date(&fields.occurred_on, today));
        let references = c.check("references", references(fields));
        let tlp = c.check(
            "tlp",
            parse_one(
                &fields.tlp,
                |s| Tlp::parse(s).ok(),
                "Choose who may read the case.",
                "Choose a sensitivity level from the list.",
            ),
        );
        let anonymity = c.check(
            "anonymity",
            parse_one(
                &fields.anonymity,
                |s| Anonymity::parse(s).ok(),
                "Choose whether to show your city.",
                "Choose an option from the list.",
            ),
        );
        let audience = c.check("audience", audience(tlp, &fields.audience, home_country));
        match (
            title,
            summary,
            narrative,
            topics,
            demands,
            counterpart,
            channel,
            response,
            outcome,
            lessons,
            occurred_on,
            references,
            tlp,
            audience,
            anonymity,
        ) {
            (
                Some(title),
                Some(summary),
                Some(narrative),
                Some(topics),
                Some(demands),
                Some(counterpart),
                Some(channel),
                Some(response),
                Some(outcome),
                Some(lessons),
                Some(occurred_on),
                Some(references),
                Some(tlp),
                Some(audience),
                Some(anonymity),
            ) if c.0.is_empty() => Ok(CaseInput {
                title,
                summary,
                narrative,
                topics,
                demands,
                counterpart,
                channel,
                response,
                outcome,
                lessons,
                occurred_on,
                references,
                tlp,
                audience,
                anonymity,
            }),
            _ => Err(c.0),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
    }

    fn valid() -> CaseFields {
        CaseFields {
            title: "Embassy asks to cancel a Taiwan photo exhibition".into(),
            summary: "The embassy wrote to the mayor.".into(),
            narrative: "On Monday a letter arrived.".into(),
            topics: vec!["taiwan".into()],
            demands: vec!["cancel_event".into()],
            counterpart_name: "Embassy of the PRC".into(),
            counterpart_kind: "embassy".into(),
            counterpart_country: "CZ".into(),
            channel: "letter".into(),
            response: "declined".into(),
            occurred_on: "2024-03-01".into(),
            tlp: "green".into(),
            anonymity: "none".into(),
            ..CaseFields::default()
        }
    }

    fn errors(fields: &CaseFields) -> Vec<&'static str> {
        CaseInput::parse(fields, today(), "CZ")
            .err()
            .unwrap_or_default()
            .iter()
            .map(|e| e.field)
            .collect()
    }

    #[test]
    fn accepts_a_complete_case() {
        let input = CaseInput::parse(&valid(), today(), "CZ").unwrap();
        assert_eq!(input.topics, vec![Topic::Taiwan]);
        assert!(
            matches!(input.counterpart, CounterpartChoice::New(ref c) if c.kind == CounterpartKind::Embassy)
        );
        assert!(input.audience.is_empty());
    }

    #[test]
    fn a_kept_proposal_parses_back_to_the_same_case() {
        let mut fields = valid();
        fields.tlp = "amber".into();
        fields.audience = vec!["DE".into(), "CZ".into()];
        fields.reference_title = vec!["Report".into()];
        fields.reference_url = vec!["https://example.org/report".into()];
        let input = CaseInput::parse(&fields, today(), "CZ").unwrap();
        let kept = CaseFields::of_input(&input, "cp-7");
        let again = CaseInput::parse(&kept, today(), "FR").unwrap();
        assert_eq!(
            again.counterpart,
            CounterpartChoice::Existing("cp-7".into())
        );
        assert_eq!(again.audience, vec!["CZ".to_owned(), "DE".to_owned()]);
        assert_eq!(again.references, input.references);
        assert_eq!(
            (again.title, again.topics, again.tlp, again.occurred_on),
            (input.title, input.topics, input.tlp, input.occurred_on)
        );
    }

    #[test]
    fn reports_every_missing_field_at_once() {
        let found = errors(&CaseFields::default());
        for field in [
            "title",
            "summary",
            "narrative",
            "topics",
            "demands",
            "counterpart_id",
            "channel",
            "response",
            "occurred_on",
            "tlp",
            "anonymity",
        ] {
            assert!(found.contains(&field), "{field} missing from {found:?}");
        }
    }

    #[test]
    fn refuses_unknown_enumeration_values() {
        let mut fields = valid();
        fields.topics = vec!["taiwan".into(), "atlantis".into()];
        fields.tlp = "purple".into();
        fields.channel = "pigeon".into();
        assert_eq!(errors(&fields), vec!["topics", "channel", "tlp"]);
    }

    #[test]
    fn refuses_dates_in_the_future_or_before_1970() {
        assert!(parse_date("2026-11-23", today()).is_err());
        assert!(parse_date("1969-12-31", today()).is_err());
        assert!(parse_date("07/10/2019", today()).is_err());
        assert!(parse_date("2026-11-22", today()).is_ok());
    }

    #[test]
    fn enforces_limits() {
        let mut fields = valid();
        fields.title = "x".repeat(TITLE_MAX + 1);
        fields.narrative = "x".repeat(NARRATIVE_MAX_BYTES + 1);
        assert_eq!(errors(&fields), vec!["title", "narrative"]);
    }

    #[test]
    fn amber_defaults_to_the_authors_country() {
        let mut fields = valid();
        fields.tlp = "amber".into();
        assert_eq!(
            CaseInput::parse(&fields, today(), "CZ").unwrap().audience,
            vec!["CZ".to_owned()]
        );
        fields.audience = vec!["SK".into(), "CZ".into(), "SK".into()];
        assert_eq!(
            CaseInput::parse(&fields, today(), "CZ").unwrap().audience,
            vec!["CZ".to_owned(), "SK".to_owned()]
        );
        fields.audience = vec!["XX".into()];
        assert_eq!(errors(&fields), vec!["audience"]);
    }

    #[test]
    fn references_need_http_links() {
        let mut fields = valid();
        fields.reference_title = vec!["Source".into(), String::new()];
        fields.reference_url = vec!["javascript:alert(1)".into(), String::new()];
        assert_eq!(errors(&fields), vec!["references"]);
        fields.reference_url = vec!["https://example.org/a".into(), String::new()];
        assert_eq!(
            CaseInput::parse(&fields, today(), "CZ")
                .unwrap()
                .references
                .len(),
            1
        );
    }
}
