//! What every validated form shares: messages per field, collected so that a form reports all
//! its problems at once, and the parsers for choices from a list.

use super::country::Country;
use super::sensitivity::Tlp;

/// A message for one form field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub field: &'static str,
    pub message: String,
}

/// The messages of one form, at most one per field.
#[derive(Debug, Default)]
pub struct Collector(pub Vec<FieldError>);

impl Collector {
    /// The value, or `None` with the error recorded against `field`.
    pub fn check<T, E: ToString>(
        &mut self,
        field: &'static str,
        result: Result<T, E>,
    ) -> Option<T> {
        result.map_err(|e| self.add(field, e.to_string())).ok()
    }

    /// Records a message against `field`, unless it already has one.
    pub fn add(&mut self, field: &'static str, message: impl Into<String>) {
        if !self.0.iter().any(|e| e.field == field) {
            self.0.push(FieldError {
                field,
                message: message.into(),
            });
        }
    }

    /// True when nothing was recorded.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The messages.
    pub fn into_errors(self) -> Vec<FieldError> {
        self.0
    }
}

/// Parses a list of enumeration values; empty lists and unknown values are refused.
pub fn parse_many<T: Copy + Ord>(
    raw: &[String],
    parse: impl Fn(&str) -> Option<T>,
    empty: &str,
    unknown: &str,
) -> Result<Vec<T>, String> {
    let mut values = Vec::new();
    for item in raw.iter().map(|s| s.trim()).filter(|s| !s.is_empty()) {
        values.push(parse(item).ok_or_else(|| unknown.to_owned())?);
    }
    values.sort();
    values.dedup();
    if values.is_empty() {
        Err(empty.to_owned())
    } else {
        Ok(values)
    }
}

/// Parses one choice from a list: `empty` when nothing was chosen, `unknown` for a value the
/// list does not hold.
pub fn parse_one<T>(
    raw: &str,
    parse: impl Fn(&str) -> Option<T>,
    empty: &str,
    unknown: &str,
) -> Result<T, String> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Err(empty.to_owned());
    }
    parse(raw).ok_or_else(|| unknown.to_owned())
}

/// The AMBER audience chosen on a form: the listed countries, or `home_country` when none
/// was chosen; empty for the other levels.
pub fn audience(
    tlp: Option<Tlp>,
    raw: &[String],
    home_country: &str,
) -> Result<Vec<String>, String> {
    if tlp != Some(Tlp::Amber) {
        return Ok(Vec::new());
    }
    match parse_many(
        raw,
        |s| Country::from_code(s).map(|c| c.code),
        "",
        "Choose countries from the list.",
    ) {
        Ok(codes) => Ok(codes.into_iter().map(str::to_owned).collect()),
        Err(e) if e.is_empty() => Ok(vec![home_country.to_owned()]),
        Err(e) => Err(e),
    }
}
