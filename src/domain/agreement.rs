//! Partnerships and agreements as members enter them: the closed sets, periods and partial
//! dates, the deadlines an agreement's terms produce, and the forms, validated field by field.

use chrono::{Days, Months, NaiveDate};

use super::country::Country;
use super::enums::text_enum;
use super::form::{Collector, FieldError, audience, parse_one};
use super::sensitivity::Tlp;
use super::text::{clean_line, clean_text};

/// What kind of tie a partnership or an agreement is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PartnershipKind {
    SisterCity,
    FriendshipCity,
    Mou,
    Academic,
    Economic,
    Other,
}

text_enum!(PartnershipKind {
    SisterCity => "sister-city", "Sister city",
    FriendshipCity => "friendship-city", "Friendship city",
    Mou => "mou", "Memorandum of understanding",
    Academic => "academic", "Academic",
    Economic => "economic", "Economic or trade",
    Other => "other", "Other",
});

/// Where a partnership stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PartnershipStatus {
    Active,
    Suspended,
    Terminated,
}

text_enum!(PartnershipStatus {
    Active => "active", "Active",
    Suspended => "suspended", "Suspended",
    Terminated => "terminated", "Terminated",
});

/// Where an agreement stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AgreementStatus {
    Draft,
    Signed,
    Expired,
    Terminated,
}

text_enum!(AgreementStatus {
    Draft => "draft", "Draft under negotiation",
    Signed => "signed", "Signed",
    Expired => "expired", "Expired",
    Terminated => "terminated", "Terminated",
});

/// How an agreement continues at the end of its term.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Renewal {
    Automatic,
    Written,
    None,
}

text_enum!(Renewal {
    Automatic => "automatic", "Renews automatically unless notice is given",
    Written => "written", "Renewed only by written agreement",
    None => "none", "Ends at the end of its term",
});

/// How much an annotation worries its author.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Concern {
    Note,
    Low,
    Medium,
    High,
}

text_enum!(Concern {
    Note => "note", "Note",
    Low => "low", "Low concern",
    Medium => "medium", "Medium concern",
    High => "high", "High concern",
});

/// Limits, in characters unless said otherwise.
pub const TITLE_MAX: usize = 300;
pub const PLACE_MAX: usize = 100;
pub const REASON_MAX: usize = 2_000;
pub const SOURCES_MAX: usize = 10;
pub const SOURCE_MAX: usize = 500;
pub const ANNOTATION_MAX: usize = 10_000;
/// An agreement's text, pasted or extracted, in bytes (about 300,000 words).
pub const TEXT_MAX_BYTES: usize = 2 * 1024 * 1024;
/// The longest term or notice period accepted, in years.
const PERIOD_MAX_YEARS: u32 = 99;
/// At most this many reminders per agreement, each at most a year ahead.
pub const REMINDERS_MAX: usize = 6;
pub const REMINDER_MAX_DAYS: u32 = 365;
/// Reminders for a new agreement: 90, 30 and 7 days before the deadline.
pub const DEFAULT_REMINDERS: &[u32] = &[90, 30, 7];

/// The unit of a [`Period`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PeriodUnit {
    Days,
    Months,
    Years,
}

text_enum!(PeriodUnit {
    Days => "days", "days",
    Months => "months", "months",
    Years => "years", "years",
});

/// A term or a notice period: "5 years", "6 months", "90 days".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub count: u32,
    pub unit: PeriodUnit,
}

impl Period {
    /// Reads the number and unit a form sends; both empty means no period.
    pub fn from_form(count: &str, unit: &str, what: &str) -> Result<Option<Period>, String> {
        let count = count.trim();
        if count.is_empty() {
            return Ok(None);
        }
        let count: u32 = count
            .parse()
            .map_err(|_| format!("Enter the {what} as a whole number, for example 6."))?;
        let unit = PeriodUnit::parse(unit.trim())
            .map_err(|_| format!("Choose days, months or years for the {what}."))?;
        let period = Period { count, unit };
        if count == 0 {
            return Err(format!("The {what} must be at least one day."));
        }
        if period.approximate_days() > PERIOD_MAX_YEARS * 366 {
            return Err(format!(
                "Keep the {what} to {PERIOD_MAX_YEARS} years or less."
            ));
        }
        Ok(Some(period))
    }

    /// Reads the stored form ("5 years"); '' is no period.
    pub fn parse_stored(stored: &str) -> Option<Period> {
        let (count, unit) = stored.split_once(' ')?;
        Some(Period {
            count: count.parse().ok()?,
            unit: PeriodUnit::parse(unit).ok()?,
        })
    }

    /// The stored form.
    pub fn stored(period: Option<Period>) -> String {
        period.map_or_else(String::new, |p| format!("{} {}", p.count, p.unit.as_str()))
    }

    fn approximate_days(self) -> u32 {
        match self.unit {
            PeriodUnit::Days => self.count,
            PeriodUnit::Months => self.count.saturating_mul(31),
            PeriodUnit::Years => self.count.saturating_mul(366),
        }
    }

    /// `date` plus the period (month ends clamp: 31 January + 1 month is 28 or 29 February).
    pub fn after(self, date: NaiveDate) -> Option<NaiveDate> {
        match self.unit {
            PeriodUnit::Days => date.checked_add_days(Days::new(self.count.into())),
            PeriodUnit::Months => date.checked_add_months(Months::new(self.count)),
            PeriodUnit::Years => date.checked_add_months(Months::new(self.count.checked_mul(12)?)),
        }
    }

    /// `date` minus the period.
    pub fn before(self, date: NaiveDate) -> Option<NaiveDate> {
        match self.unit {
            PeriodUnit::Days => date.checked_sub_days(Days::new(self.count.into())),
            PeriodUnit::Months => date.checked_sub_months(Months::new(self.count)),
            PeriodUnit::Years => date.checked_sub_months(Months::new(self.count.checked_mul(12)?)),
        }
    }
}

impl std::fmt::Display for Period {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let unit = match (self.count, self.unit) {
            (1, PeriodUnit::Days) => "day",
            (1, PeriodUnit::Months) => "month",
            (1, PeriodUnit::Years) => "year",
            (_, unit) => unit.as_str(),
        };
        write!(f, "{} {unit}", self.count)
    }
}

/// A date known to the year, the month or the day: "2016", "2016-03", "2016-03-29".
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct PartialDate(String);

impl PartialDate {
    /// Checks one of the three forms; the date must exist and lie between 1900 and `today`.
    pub fn parse(raw: &str, today: NaiveDate) -> Result<PartialDate, String> {
        let raw = raw.trim();
        let message = || "Enter the date as YYYY, YYYY-MM or YYYY-MM-DD, for example 2016-03.";
        let padded = match raw.len() {
            4 => format!("{raw}-01-01"),
            7 => format!("{raw}-01"),
            10 => raw.to_owned(),
            _ => return Err(message().to_owned()),
        };
        let date = NaiveDate::parse_from_str(&padded, "%Y-%m-%d").map_err(|_| message())?;
        if date.format("%Y-%m-%d").to_string() != padded {
            return Err(message().to_owned());
        }
        if date < NaiveDate::from_ymd_opt(1900, 1, 1).unwrap_or(NaiveDate::MIN) {
            return Err("Enter a date in 1900 or later.".to_owned());
        }
        if date > today {
            return Err("The date cannot be in the future.".to_owned());
        }
        Ok(PartialDate(raw.to_owned()))
    }

    /// An optional field: '' is no date.
    pub fn parse_optional(raw: &str, today: NaiveDate) -> Result<Option<PartialDate>, String> {
        if raw.trim().is_empty() {
            Ok(None)
        } else {
            Self::parse(raw, today).map(Some)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// An agreement's dates and terms, from which its deadlines follow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Terms {
    pub status: AgreementStatus,
    pub signed_on: Option<NaiveDate>,
    pub effective_on: Option<NaiveDate>,
    pub term: Option<Period>,
    pub renewal: Renewal,
    pub notice: Option<Period>,
}

/// What the terms mean from a given day on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Deadlines {
    /// The end of the period in which the next decision falls: the renewal that notice can
    /// still prevent, or the expiry.
    pub period_ends: NaiveDate,
    /// The last day to act: to give notice against an automatic renewal, or to agree a
    /// renewal in writing before expiry. `None` when the agreement simply ends.
    pub act_by: Option<NaiveDate>,
}

/// Terms longer than this many periods from the start are not followed further.
const PERIODS_MAX: usize = 2_000;

impl Terms {
    /// The day the agreement runs from.
    pub fn start(&self) -> Option<NaiveDate> {
        self.effective_on.or(self.signed_on)
    }

    /// The deadlines seen from `today`, for a signed agreement with a term; `None` when there
    /// is nothing ahead (no term, not signed, or a term that has ended without renewal).
    pub fn deadlines(&self, today: NaiveDate) -> Option<Deadlines> {
        if self.status != AgreementStatus::Signed {
            return None;
        }
        let term = self.term?;
        let mut end = term.after(self.start()?)?;
        match self.renewal {
            Renewal::Automatic => {
                for _ in 0..PERIODS_MAX {
                    let act_by = self.notice.map_or(Some(end), |n| n.before(end))?;
                    if act_by >= today {
                        return Some(Deadlines {
                            period_ends: end,
                            act_by: Some(act_by),
                        });
                    }
                    end = term.after(end)?;
                }
                None
            }
            Renewal::Written | Renewal::None => (end >= today).then_some(Deadlines {
                period_ends: end,
                act_by: (self.renewal == Renewal::Written).then_some(end),
            }),
        }
    }

    /// Checks that the terms make sense together, against the fields they came from.
    fn check(&self, today: NaiveDate, c: &mut Collector) {
        if self.status != AgreementStatus::Draft && self.signed_on.is_none() {
            c.add("signed_on", "Enter the date it was signed.");
        }
        if let Some(signed) = self.signed_on
            && self.status != AgreementStatus::Draft
            && signed > today
        {
            c.add(
                "signed_on",
                "A signed agreement cannot have been signed in the future.",
            );
        }
        if let (Some(signed), Some(effective)) = (self.signed_on, self.effective_on)
            && effective < signed
        {
            c.add(
                "effective_on",
                "The agreement cannot take effect before it is signed.",
            );
        }
        if self.term.is_none()
            && self.renewal != Renewal::None
            && self.status != AgreementStatus::Draft
        {
            c.add(
                "term",
                "Enter the term, so that its renewal can be worked out (or choose that it ends at the end of its term).",
            );
        }
        if let (Some(term), Some(notice), Some(start)) = (self.term, self.notice, self.start())
            && let (Some(end), true) = (term.after(start), self.renewal == Renewal::Automatic)
            && notice.before(end).is_none_or(|by| by <= start)
        {
            c.add(
                "notice",
                format!(
                    "A notice period of {notice} would fall before the agreement takes effect: it must be shorter than the term of {term}."
                ),
            );
        }
    }
}

/// Reads reminder lead times: "90, 30, 7" (days before the deadline). Empty means none.
pub fn parse_reminders(raw: &str) -> Result<Vec<u32>, String> {
    let mut days = Vec::new();
    for part in raw
        .split([',', ' ', ';'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        let n: u32 = part.parse().map_err(|_| {
            "List the reminders as days before the deadline, for example 90, 30, 7.".to_owned()
        })?;
        if n == 0 || n > REMINDER_MAX_DAYS {
            return Err(format!(
                "Each reminder must be between 1 and {REMINDER_MAX_DAYS} days before the deadline."
            ));
        }
        days.push(n);
    }
    days.sort_unstable_by(|a, b| b.cmp(a));
    days.dedup();
    if days.len() > REMINDERS_MAX {
        return Err(format!("Set at most {REMINDERS_MAX} reminders."));
    }
    Ok(days)
}

/// Lead times as stored and shown: "90,30,7".
pub fn reminders_stored(days: &[u32]) -> String {
    days.iter()
        .map(u32::to_string)
        .collect::<Vec<_>>()
        .join(",")
}

fn optional_date(raw: &str) -> Result<Option<NaiveDate>, String> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    NaiveDate::parse_from_str(raw, "%Y-%m-%d")
        .map(Some)
        .map_err(|_| "Enter the date as YYYY-MM-DD, for example 2016-03-29.".to_owned())
}

fn level(raw: &str) -> Result<Tlp, String> {
    parse_one(
        raw,
        |s| Tlp::parse(s).ok(),
        "Choose who may read it.",
        "Choose a sensitivity level from the list.",
    )
}

/// The partnership form as typed.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct PartnershipFields {
    pub city_id: String,
    pub counterpart_city: String,
    pub counterpart_province: String,
    pub counterpart_country: String,
    pub kind: String,
    pub since: String,
    pub status: String,
    pub status_on: String,
    pub status_reason: String,
    pub case_id: String,
    pub sources: String,
    pub tlp: String,
    pub audience: Vec<String>,
}

/// A partnership whose fields passed validation (the city and the linked case are checked
/// against the database by the caller).
#[derive(Debug, Clone)]
pub struct PartnershipInput {
    pub city_id: String,
    pub counterpart_city: String,
    pub counterpart_province: String,
    pub counterpart_country: Country,
    pub kind: PartnershipKind,
    pub since: Option<PartialDate>,
    pub status: PartnershipStatus,
    pub status_on: Option<PartialDate>,
    pub status_reason: String,
    pub case_id: Option<String>,
    pub sources: Vec<String>,
    pub tlp: Tlp,
    pub audience: Vec<String>,
}

fn sources(raw: &str) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    for line in raw.lines().map(str::trim).filter(|l| !l.is_empty()) {
        out.push(clean_line(line, "each source", SOURCE_MAX).map_err(|e| e.to_string())?);
    }
    if out.len() > SOURCES_MAX {
        return Err(format!("List at most {SOURCES_MAX} sources, one per line."));
    }
    Ok(out)
}

impl PartnershipInput {
    /// Validates every field, reporting all problems at once.
    pub fn parse(
        fields: &PartnershipFields,
        today: NaiveDate,
        home_country: &str,
    ) -> Result<Self, Vec<FieldError>> {
        let mut c = Collector::default();
        let city_id = if fields.city_id.trim().is_empty() {
            c.add("city_id", "Choose the city.");
            None
        } else {
            Some(fields.city_id.trim().to_owned())
        };
        let counterpart_city = c.check(
            "counterpart_city",
            clean_line(&fields.counterpart_city, "the counterpart city", PLACE_MAX),
        );
        let counterpart_province = if fields.counterpart_province.trim().is_empty() {
            Some(String::new())
        } else {
            c.check(
                "counterpart_province",
                clean_line(&fields.counterpart_province, "the province", PLACE_MAX),
            )
        };
        let counterpart_country = c.check(
            "counterpart_country",
            Country::parse(&fields.counterpart_country),
        );
        let kind = c.check(
            "kind",
            parse_one(
                &fields.kind,
                |s| PartnershipKind::parse(s).ok(),
                "Choose what kind of partnership it is.",
                "Choose a kind from the list.",
            ),
        );
        let since = c.check("since", PartialDate::parse_optional(&fields.since, today));
        let status = c.check(
            "status",
            parse_one(
                &fields.status,
                |s| PartnershipStatus::parse(s).ok(),
                "Choose where the partnership stands.",
                "Choose a status from the list.",
            ),
        );
        let status_on = c.check(
            "status_on",
            PartialDate::parse_optional(&fields.status_on, today),
        );
        let status_reason = c.check(
            "status_reason",
            clean_text(&fields.status_reason, "the reason", REASON_MAX, false),
        );
        if status == Some(PartnershipStatus::Active) {
            if status_on.as_ref().is_some_and(Option::is_some) {
                c.add(
                    "status_on",
                    "An active partnership has no suspension or termination date: clear it.",
                );
            }
        } else if status.is_some() && status_on.as_ref().is_some_and(Option::is_none) {
            c.add("status_on", "Enter when it was suspended or terminated.");
        }
        if let (Some(Some(since)), Some(Some(on))) = (&since, &status_on)
            && on < since
        {
            c.add("status_on", "This date is before the partnership began.");
        }
        let case_id = fields.case_id.trim();
        let case_id = (!case_id.is_empty()).then(|| case_id.to_owned());
        let sources = c.check("sources", sources(&fields.sources));
        let tlp = c.check("tlp", level(&fields.tlp));
        let audience = c.check("audience", audience(tlp, &fields.audience, home_country));
        match (
            city_id,
            counterpart_city,
            counterpart_province,
            counterpart_country,
            kind,
            since,
            status,
            status_on,
            status_reason,
            sources,
            tlp,
            audience,
        ) {
            (
                Some(city_id),
                Some(counterpart_city),
                Some(counterpart_province),
                Some(counterpart_country),
                Some(kind),
                Some(since),
                Some(status),
                Some(status_on),
                Some(status_reason),
                Some(sources),
                Some(tlp),
                Some(audience),
            ) if c.is_empty() => Ok(PartnershipInput {
                city_id,
                counterpart_city,
                counterpart_province,
                counterpart_country,
                kind,
                since,
                status,
                status_on,
                status_reason,
                case_id,
                sources,
                tlp,
                audience,
            }),
            _ => Err(c.into_errors()),
        }
    }
}

/// The agreement's particulars as typed (the text comes separately, pasted or uploaded).
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct AgreementFields {
    pub title: String,
    pub kind: String,
    pub partnership_id: String,
    pub status: String,
    pub signed_on: String,
    pub effective_on: String,
    pub term_count: String,
    pub term_unit: String,
    pub renewal: String,
    pub notice_count: String,
    pub notice_unit: String,
    pub reminders: String,
    pub tlp: String,
    pub audience: Vec<String>,
}

/// An agreement's particulars, validated (the partnership is checked by the caller).
#[derive(Debug, Clone)]
pub struct AgreementInput {
    pub title: String,
    pub kind: PartnershipKind,
    pub partnership_id: Option<String>,
    pub terms: Terms,
    pub reminders: Vec<u32>,
    pub tlp: Tlp,
    pub audience: Vec<String>,
}

impl AgreementFields {
    /// The form filled with what is stored.
    pub fn of_input(input: &AgreementInput) -> AgreementFields {
        let (term_count, term_unit) = period_fields(input.terms.term);
        let (notice_count, notice_unit) = period_fields(input.terms.notice);
        AgreementFields {
            title: input.title.clone(),
            kind: input.kind.as_str().to_owned(),
            partnership_id: input.partnership_id.clone().unwrap_or_default(),
            status: input.terms.status.as_str().to_owned(),
            signed_on: input
                .terms
                .signed_on
                .map(|d| d.to_string())
                .unwrap_or_default(),
            effective_on: input
                .terms
                .effective_on
                .map(|d| d.to_string())
                .unwrap_or_default(),
            term_count,
            term_unit,
            renewal: input.terms.renewal.as_str().to_owned(),
            notice_count,
            notice_unit,
            reminders: reminders_stored(&input.reminders).replace(',', ", "),
            tlp: input.tlp.as_str().to_owned(),
            audience: input.audience.clone(),
        }
    }

    /// A new agreement's form: GREEN, no renewal chosen yet, the usual reminders.
    pub fn new_default() -> AgreementFields {
        AgreementFields {
            status: AgreementStatus::Draft.as_str().to_owned(),
            term_unit: PeriodUnit::Years.as_str().to_owned(),
            notice_unit: PeriodUnit::Months.as_str().to_owned(),
            reminders: "90, 30, 7".to_owned(),
            tlp: Tlp::Green.as_str().to_owned(),
            ..AgreementFields::default()
        }
    }
}

fn period_fields(period: Option<Period>) -> (String, String) {
    period.map_or((String::new(), String::new()), |p| {
        (p.count.to_string(), p.unit.as_str().to_owned())
    })
}

impl AgreementInput {
    /// Validates every field, reporting all problems at once.
    pub fn parse(
        fields: &AgreementFields,
        today: NaiveDate,
        home_country: &str,
    ) -> Result<Self, Vec<FieldError>> {
        let mut c = Collector::default();
        let title = c.check("title", clean_line(&fields.title, "a title", TITLE_MAX));
        let kind = c.check(
            "kind",
            parse_one(
                &fields.kind,
                |s| PartnershipKind::parse(s).ok(),
                "Choose what kind of agreement it is.",
                "Choose a kind from the list.",
            ),
        );
        let partnership_id = fields.partnership_id.trim();
        let partnership_id = (!partnership_id.is_empty()).then(|| partnership_id.to_owned());
        let status = c.check(
            "status",
            parse_one(
                &fields.status,
                |s| AgreementStatus::parse(s).ok(),
                "Choose where the agreement stands.",
                "Choose a status from the list.",
            ),
        );
        let signed_on = c.check("signed_on", optional_date(&fields.signed_on));
        let effective_on = c.check("effective_on", optional_date(&fields.effective_on));
        let term = c.check(
            "term",
            Period::from_form(&fields.term_count, &fields.term_unit, "term"),
        );
        let renewal = c.check(
            "renewal",
            parse_one(
                &fields.renewal,
                |s| Renewal::parse(s).ok(),
                "Choose how the agreement is renewed.",
                "Choose a renewal from the list.",
            ),
        );
        let notice = c.check(
            "notice",
            Period::from_form(&fields.notice_count, &fields.notice_unit, "notice period"),
        );
        let reminders = c.check("reminders", parse_reminders(&fields.reminders));
        let tlp = c.check("tlp", level(&fields.tlp));
        let audience = c.check("audience", audience(tlp, &fields.audience, home_country));
        let terms = match (status, signed_on, effective_on, term, renewal, notice) {
            (
                Some(status),
                Some(signed_on),
                Some(effective_on),
                Some(term),
                Some(renewal),
                Some(notice),
            ) => {
                let terms = Terms {
                    status,
                    signed_on,
                    effective_on,
                    term,
                    renewal,
                    notice,
                };
                terms.check(today, &mut c);
                Some(terms)
            }
            _ => None,
        };
        match (title, kind, terms, reminders, tlp, audience) {
            (Some(title), Some(kind), Some(terms), Some(reminders), Some(tlp), Some(audience))
                if c.is_empty() =>
            {
                Ok(AgreementInput {
                    title,
                    kind,
                    partnership_id,
                    terms,
                    reminders,
                    tlp,
                    audience,
                })
            }
            _ => Err(c.into_errors()),
        }
    }
}

/// An agreement's text as pasted or extracted: NFC, line ends normalised, NUL and other
/// control characters (tabs and line breaks aside) removed, bounded.
pub fn agreement_text(raw: &str) -> Result<String, String> {
    if raw.len() > TEXT_MAX_BYTES {
        return Err(format!(
            "The text is {:.1} MB; an agreement can be at most {} MB. Split annexes into their own text.",
            raw.len() as f64 / (1024.0 * 1024.0),
            TEXT_MAX_BYTES / (1024 * 1024)
        ));
    }
    use unicode_normalization::UnicodeNormalization;
    let text: String = raw
        .replace("\r\n", "\n")
        .replace('\r', "\n")
        .chars()
        .filter(|&c| c == '\n' || c == '\t' || !(c.is_control() || is_invisible(c)))
        .nfc()
        .collect();
    if text.trim().is_empty() {
        return Err("Paste the agreement's text or choose a file: it has no text.".to_owned());
    }
    Ok(text.trim().to_owned())
}

/// Direction overrides and zero-width characters: they change what a reader sees (or split a
/// word a rule looks for) without being visible; the bidirectional algorithm lays out
/// right-to-left scripts without them.
fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200D}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
}

/// An annotation's comment, as Markdown.
pub fn annotation_body(raw: &str) -> Result<String, String> {
    clean_text(raw, "a comment", ANNOTATION_MAX, true).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn years(n: u32) -> Option<Period> {
        Some(Period {
            count: n,
            unit: PeriodUnit::Years,
        })
    }

    fn months(n: u32) -> Option<Period> {
        Some(Period {
            count: n,
            unit: PeriodUnit::Months,
        })
    }

    fn signed(on: &str, term: Option<Period>, renewal: Renewal, notice: Option<Period>) -> Terms {
        Terms {
            status: AgreementStatus::Signed,
            signed_on: Some(date(on)),
            effective_on: None,
            term,
            renewal,
            notice,
        }
    }

    #[test]
    fn automatic_renewal_gives_the_next_notice_deadline_still_ahead() {
        let terms = signed("2022-03-01", years(5), Renewal::Automatic, months(3));
        let d = terms.deadlines(date("2026-12-01")).unwrap();
        assert_eq!(d.period_ends, date("2027-03-01"));
        assert_eq!(d.act_by, Some(date("2026-12-01")));
        // The day after the deadline, the next chance is five years on.
        let d = terms.deadlines(date("2026-12-02")).unwrap();
        assert_eq!(d.period_ends, date("2032-03-01"));
        assert_eq!(d.act_by, Some(date("2031-12-01")));
    }

    #[test]
    fn written_renewal_acts_by_expiry_and_no_renewal_just_ends() {
        let written = signed("2020-01-31", years(5), Renewal::Written, None);
        let d = written.deadlines(date("2024-06-01")).unwrap();
        assert_eq!(
            (d.period_ends, d.act_by),
            (date("2025-01-31"), Some(date("2025-01-31")))
        );
        assert_eq!(written.deadlines(date("2025-02-01")), None);
        let ends = signed("2020-01-31", months(1), Renewal::None, None);
        let d = ends.deadlines(date("2020-02-01")).unwrap();
        assert_eq!((d.period_ends, d.act_by), (date("2020-02-29"), None));
    }

    #[test]
    fn drafts_and_indefinite_agreements_have_no_deadline() {
        let mut terms = signed("2022-03-01", years(5), Renewal::Automatic, months(3));
        terms.status = AgreementStatus::Draft;
        assert_eq!(terms.deadlines(date("2026-01-01")), None);
        let open = signed("2022-03-01", None, Renewal::None, months(3));
        assert_eq!(open.deadlines(date("2026-01-01")), None);
    }

    fn form(
        status: &str,
        signed_on: &str,
        term: &str,
        renewal: &str,
        notice: &str,
    ) -> AgreementFields {
        AgreementFields {
            title: "Memorandum".into(),
            kind: "mou".into(),
            status: status.into(),
            signed_on: signed_on.into(),
            term_count: term.into(),
            term_unit: "years".into(),
            renewal: renewal.into(),
            notice_count: notice.into(),
            notice_unit: "months".into(),
            reminders: "7, 90, 30, 30".into(),
            tlp: "amber".into(),
            ..AgreementFields::default()
        }
    }

    fn errors(fields: &AgreementFields) -> Vec<&'static str> {
        AgreementInput::parse(fields, date("2026-12-01"), "CZ")
            .err()
            .unwrap_or_default()
            .into_iter()
            .map(|e| e.field)
            .collect()
    }

    #[test]
    fn the_form_checks_terms_together() {
        let ok = AgreementInput::parse(
            &form("signed", "2020-05-01", "5", "automatic", "6"),
            date("2026-12-01"),
            "CZ",
        )
        .unwrap();
        assert_eq!(ok.reminders, vec![90, 30, 7]);
        assert_eq!(ok.audience, vec!["CZ".to_owned()]);
        // Notice as long as the term falls before the start.
        assert_eq!(
            errors(&form("signed", "2020-05-01", "1", "automatic", "12")),
            vec!["notice"]
        );
        assert_eq!(
            errors(&form("signed", "", "5", "automatic", "6")),
            vec!["signed_on"]
        );
        assert_eq!(
            errors(&form("signed", "2030-01-01", "5", "automatic", "6")),
            vec!["signed_on"]
        );
        assert_eq!(
            errors(&form("signed", "2020-05-01", "", "automatic", "6")),
            vec!["term"]
        );
        assert_eq!(
            errors(&form("signed", "2020-13-01", "x", "sometimes", "0")),
            vec!["signed_on", "term", "renewal", "notice"]
        );
        // A draft may leave everything open.
        assert!(errors(&form("draft", "", "", "automatic", "")).is_empty());
        let mut hostile = form("draft", "", "", "none", "");
        hostile.title = "<script>\u{202E}</script>".into();
        assert_eq!(errors(&hostile), vec!["title"]);
    }

    #[test]
    fn partial_dates_and_periods_parse_strictly() {
        let today = date("2026-12-01");
        assert!(PartialDate::parse("2016", today).is_ok());
        assert!(PartialDate::parse("2016-03", today).is_ok());
        assert!(PartialDate::parse("2016-02-30", today).is_err());
        assert!(PartialDate::parse("2016-3", today).is_err());
        assert!(PartialDate::parse("2099", today).is_err());
        assert_eq!(Period::parse_stored("6 months"), months(6));
        assert_eq!(Period::stored(years(5)), "5 years");
        assert_eq!(Period::from_form("", "years", "term"), Ok(None));
        assert!(Period::from_form("100", "years", "term").is_err());
        assert_eq!(years(1).unwrap().to_string(), "1 year");
        assert_eq!(parse_reminders(""), Ok(vec![]));
        assert!(parse_reminders("400").is_err());
        assert!(parse_reminders("1,2,3,4,5,6,7").is_err());
    }

    #[test]
    fn agreement_text_is_cleaned_and_bounded() {
        assert_eq!(
            agreement_text("Article 1\r\nTe\u{200B}xt\0\u{7}\u{202E}").unwrap(),
            "Article 1\nText"
        );
        assert_eq!(agreement_text("第一条 شروط").unwrap(), "第一条 شروط");
        assert!(agreement_text(" \n\t ").is_err());
        assert!(agreement_text(&"a".repeat(TEXT_MAX_BYTES + 1)).is_err());
    }
}
