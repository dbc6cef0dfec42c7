//! A playbook as moderators write it: the document stored with every revision, the form that
//! produces it, and the template letters' placeholders.

use serde::{Deserialize, Serialize};

use super::case::FieldError;
use super::case_fields::{DemandKind, Topic};
use super::country::Country;
use super::enums::text_enum;
use super::sensitivity::Tlp;
use super::text::{clean_line, clean_text};

/// Where a playbook is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PlaybookStatus {
    Draft,
    Published,
    Archived,
}

text_enum!(PlaybookStatus {
    Draft => "draft", "Draft",
    Published => "published", "Published",
    Archived => "archived", "Archived",
});

/// How a playbook worked for a city that used it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum UseOutcome {
    Worked,
    Partly,
    DidNotWork,
}

text_enum!(UseOutcome {
    Worked => "worked", "Worked",
    Partly => "partly", "Partly worked",
    DidNotWork => "did_not_work", "Did not work",
});

/// Limits, in characters unless said otherwise.
pub const SLUG_MIN: usize = 3;
pub const SLUG_MAX: usize = 80;
pub const TITLE_MAX: usize = 200;
pub const SUMMARY_MAX: usize = 1_000;
pub const STEP_TITLE_MAX: usize = 200;
/// Bodies (steps, letters, "what to avoid") are limited in bytes.
pub const BODY_MAX_BYTES: usize = 20 * 1024;
pub const STEPS_MAX: usize = 30;
pub const LETTERS_MAX: usize = 10;
pub const CASES_MAX: usize = 30;
pub const NOTE_MAX: usize = 500;

/// The placeholders a template letter may use; readers fill them in on the playbook page.
pub const PLACEHOLDERS: &[(&str, &str)] = &[
    ("city", "Your city"),
    ("counterpart", "Who made the demand"),
    ("date", "Date of their message"),
    ("partner_city", "Partner city"),
    ("event", "The event"),
    ("sender", "Your name and position"),
];

/// The placeholders as writers type them: "{city}, {counterpart}, …".
pub fn placeholder_list() -> String {
    PLACEHOLDERS
        .iter()
        .map(|(name, _)| format!("{{{name}}}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A URL-safe name: lower-case letters, digits and single hyphens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Slug(String);

impl Slug {
    pub fn parse(raw: &str) -> Result<Self, String> {
        let slug = raw.trim();
        if slug.is_empty() {
            return Err(
                "Enter a short name for the address, e.g. taiwan-event-cancellation.".into(),
            );
        }
        let valid_chars = slug
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if !valid_chars || slug.starts_with('-') || slug.ends_with('-') || slug.contains("--") {
            return Err(
                "Use lower-case letters, digits and single hyphens only (not at the start or end)."
                    .into(),
            );
        }
        if !(SLUG_MIN..=SLUG_MAX).contains(&slug.len()) {
            return Err(format!(
                "Use {SLUG_MIN} to {SLUG_MAX} characters for the address."
            ));
        }
        if matches!(slug, "new" | "suggestions") {
            return Err("That address is reserved; choose another.".into());
        }
        Ok(Slug(slug.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A titled part of a playbook (a step or a template letter). The key stays the same across
/// revisions, so a suggestion made on an old revision finds the part it changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Section {
    pub key: String,
    pub title: String,
    pub body: String,
}

/// The whole text of a playbook at one revision, stored as JSON.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlaybookDoc {
    pub title: String,
    pub summary: String,
    pub topics: Vec<String>,
    pub demands: Vec<String>,
    pub tlp: String,
    #[serde(default)]
    pub audience: Vec<String>,
    pub steps: Vec<Section>,
    #[serde(default)]
    pub letters: Vec<Section>,
    #[serde(default)]
    pub avoid: String,
    /// Ids of referenced cases, in order.
    #[serde(default)]
    pub cases: Vec<String>,
}

impl PlaybookDoc {
    pub fn tlp(&self) -> Tlp {
        Tlp::parse(&self.tlp).unwrap_or(Tlp::Red)
    }

    pub fn topics(&self) -> Vec<Topic> {
        self.topics
            .iter()
            .filter_map(|t| Topic::parse(t).ok())
            .collect()
    }

    pub fn demands(&self) -> Vec<DemandKind> {
        self.demands
            .iter()
            .filter_map(|d| DemandKind::parse(d).ok())
            .collect()
    }

    /// The text as one Markdown document: the download, and what revisions are compared on.
    /// Referenced cases are listed by the caller, who knows which ones the reader may see.
    pub fn to_markdown(&self, cases: &[(String, String)]) -> String {
        let mut out = format!("# {}\n\n{}\n\n", self.title, self.summary);
        let topics: Vec<&str> = self.topics().iter().map(|t| t.label()).collect();
        let demands: Vec<&str> = self.demands().iter().map(|d| d.label()).collect();
        out.push_str(&format!("Topics: {}\n\n", topics.join(", ")));
        out.push_str(&format!("Demands: {}\n\n", demands.join(", ")));
        out.push_str(&format!(
            "Sensitivity: {}\n\n## Steps\n\n",
            self.tlp().label()
        ));
        for (i, step) in self.steps.iter().enumerate() {
            out.push_str(&format!(
                "### {}. {}\n\n{}\n\n",
                i + 1,
                step.title,
                step.body
            ));
        }
        if !self.letters.is_empty() {
            out.push_str("## Template letters\n\n");
            for letter in &self.letters {
                out.push_str(&format!("### {}\n\n{}\n\n", letter.title, letter.body));
            }
        }
        if !self.avoid.is_empty() {
            out.push_str(&format!("## What to avoid\n\n{}\n\n", self.avoid));
        }
        if !cases.is_empty() {
            out.push_str("## Cases\n\n");
            for (title, url) in cases {
                out.push_str(&format!("- {title} <{url}>\n"));
            }
            out.push('\n');
        }
        out.truncate(out.trim_end().len());
        out.push('\n');
        out
    }

    /// The editable text, part by part, for suggestions and their merge.
    pub fn parts(&self) -> Vec<(String, String)> {
        let mut parts = vec![
            ("title".to_owned(), self.title.clone()),
            ("summary".to_owned(), self.summary.clone()),
        ];
        for s in &self.steps {
            parts.push((format!("step:{}:title", s.key), s.title.clone()));
            parts.push((format!("step:{}:body", s.key), s.body.clone()));
        }
        for l in &self.letters {
            parts.push((format!("letter:{}:title", l.key), l.title.clone()));
            parts.push((format!("letter:{}:body", l.key), l.body.clone()));
        }
        parts.push(("avoid".to_owned(), self.avoid.clone()));
        parts
    }

    /// The label people read for a part key, e.g. "Step 2 (title)".
    pub fn part_label(&self, key: &str) -> String {
        let mut bits = key.split(':');
        match (bits.next(), bits.next(), bits.next()) {
            (Some("title"), None, None) => "Title".into(),
            (Some("summary"), None, None) => "Summary".into(),
            (Some("avoid"), None, None) => "What to avoid".into(),
            (Some(kind @ ("step" | "letter")), Some(k), Some(field)) => {
                let list = if kind == "step" {
                    &self.steps
                } else {
                    &self.letters
                };
                let noun = if kind == "step" { "Step" } else { "Letter" };
                let place = list
                    .iter()
                    .position(|s| s.key == k)
                    .map_or_else(|| "(removed)".to_owned(), |i| (i + 1).to_string());
                let what = if field == "title" {
                    if kind == "step" { "title" } else { "name" }
                } else {
                    "text"
                };
                format!("{noun} {place} ({what})")
            }
            _ => key.to_owned(),
        }
    }

    /// Sets one part by key; false when the document has no such part.
    fn set_part(&mut self, key: &str, value: String) -> bool {
        let mut bits = key.split(':');
        match (bits.next(), bits.next(), bits.next()) {
            (Some("title"), None, None) => self.title = value,
            (Some("summary"), None, None) => self.summary = value,
            (Some("avoid"), None, None) => self.avoid = value,
            (Some(kind @ ("step" | "letter")), Some(k), Some(field)) => {
                let list = if kind == "step" {
                    &mut self.steps
                } else {
                    &mut self.letters
                };
                let Some(section) = list.iter_mut().find(|s| s.key == k) else {
                    return false;
                };
                match field {
                    "title" => section.title = value,
                    "body" => section.body = value,
                    _ => return false,
                }
            }
            _ => return false,
        }
        true
    }

    fn part(&self, key: &str) -> Option<String> {
        self.parts()
            .into_iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v)
    }
}

/// A part both a suggestion and a later revision changed, differently.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    pub label: String,
    /// The text the suggestion started from.
    pub base: String,
    /// The text now.
    pub current: String,
    /// The text the member suggested.
    pub suggested: String,
}

/// Applies a suggestion made on `base` to `current`, part by part: parts only the suggestion
/// changed take its text; parts changed since `base` keep theirs; a part both changed
/// differently (or that was removed since) is a conflict, and nothing is applied.
pub fn merge(
    base: &PlaybookDoc,
    current: &PlaybookDoc,
    suggested: &[(String, String)],
) -> Result<PlaybookDoc, Vec<Conflict>> {
    let mut merged = current.clone();
    let mut conflicts = Vec::new();
    for (key, new) in suggested {
        let old = base.part(key).unwrap_or_default();
        if *new == old {
            continue;
        }
        match current.part(key) {
            Some(now) if now == old || now == *new => {
                merged.set_part(key, new.clone());
            }
            now => conflicts.push(Conflict {
                label: base.part_label(key),
                base: old,
                current: now.unwrap_or_else(|| "(removed since)".into()),
                suggested: new.clone(),
            }),
        }
    }
    if conflicts.is_empty() {
        Ok(merged)
    } else {
        Err(conflicts)
    }
}

/// Checks the placeholders of a template letter: every `{name}` must be a known one.
pub fn check_placeholders(text: &str) -> Result<(), String> {
    let mut rest = text;
    while let Some(open) = rest.find(['{', '}']) {
        if rest[open..].starts_with('}') {
            return Err("has a '}' without its '{'.".into());
        }
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else {
            return Err("has a '{' without its '}'.".into());
        };
        let name = &after[..close];
        if !PLACEHOLDERS.iter().any(|(known, _)| *known == name) {
            let shown: String = name.chars().take(40).collect();
            return Err(format!(
                "uses the unknown placeholder {{{shown}}}; use {}.",
                placeholder_list()
            ));
        }
        rest = &after[close + 1..];
    }
    Ok(())
}

/// Replaces each known `{name}` in one pass (so a value that itself looks like a placeholder
/// is left as typed); `with` returns `None` to keep a placeholder as it is.
pub fn replace_placeholders(text: &str, with: impl Fn(&str) -> Option<String>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let name = after.find('}').map(|close| &after[..close]);
        match name.filter(|n| PLACEHOLDERS.iter().any(|(known, _)| known == n)) {
            Some(name) => {
                match with(name) {
                    Some(value) => out.push_str(&value),
                    None => {
                        out.push('{');
                        out.push_str(name);
                        out.push('}');
                    }
                }
                rest = &after[name.len() + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Fills a letter's placeholders with the reader's values; empty values keep the placeholder.
pub fn fill(text: &str, value: impl Fn(&str) -> Option<String>) -> String {
    replace_placeholders(text, |name| {
        value(name)
            .filter(|v| !v.trim().is_empty())
            .map(|v| v.trim().to_owned())
    })
}

/// The playbook form as typed. Steps and letters come as parallel lists; rows left blank are
/// dropped, so the form can offer empty rows for new parts.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct PlaybookFields {
    pub slug: String,
    pub title: String,
    pub summary: String,
    pub topics: Vec<String>,
    pub demands: Vec<String>,
    pub tlp: String,
    pub audience: Vec<String>,
    pub step_key: Vec<String>,
    pub step_title: Vec<String>,
    pub step_body: Vec<String>,
    pub letter_key: Vec<String>,
    pub letter_title: Vec<String>,
    pub letter_body: Vec<String>,
    pub avoid: String,
    /// Referenced cases: one link or id per line.
    pub cases: String,
    pub note: String,
    /// Edits only: the revision the form was opened on.
    pub base_revision: String,
}

impl PlaybookFields {
    /// The form filled with a document, for editing.
    pub fn from_doc(slug: &str, doc: &PlaybookDoc, case_links: &[String]) -> Self {
        PlaybookFields {
            slug: slug.to_owned(),
            title: doc.title.clone(),
            summary: doc.summary.clone(),
            topics: doc.topics.clone(),
            demands: doc.demands.clone(),
            tlp: doc.tlp.clone(),
            audience: doc.audience.clone(),
            step_key: doc.steps.iter().map(|s| s.key.clone()).collect(),
            step_title: doc.steps.iter().map(|s| s.title.clone()).collect(),
            step_body: doc.steps.iter().map(|s| s.body.clone()).collect(),
            letter_key: doc.letters.iter().map(|s| s.key.clone()).collect(),
            letter_title: doc.letters.iter().map(|s| s.title.clone()).collect(),
            letter_body: doc.letters.iter().map(|s| s.body.clone()).collect(),
            avoid: doc.avoid.clone(),
            cases: case_links.join("\n"),
            note: String::new(),
            base_revision: String::new(),
        }
    }
}

/// A validated playbook form: the document, plus the slug and note of the save.
#[derive(Debug, Clone)]
pub struct PlaybookInput {
    pub slug: Slug,
    pub doc: PlaybookDoc,
    pub note: String,
}

fn new_key() -> String {
    uuid::Uuid::new_v4().simple().to_string()[..12].to_owned()
}

fn body(raw: &str, what: &'static str, required: bool) -> Result<String, String> {
    if raw.len() > BODY_MAX_BYTES {
        return Err(format!("Keep {what} to 20 KB (about 3,000 words)."));
    }
    clean_text(raw, what, usize::MAX, required).map_err(|e| e.to_string())
}

/// Steps or letters from parallel form lists; `noun` names them in messages.
fn sections(
    keys: &[String],
    titles: &[String],
    bodies: &[String],
    noun: &str,
    letters: bool,
) -> Result<Vec<Section>, String> {
    let rows = titles.len().max(bodies.len());
    let mut out: Vec<Section> = Vec::new();
    for i in 0..rows {
        let title = titles.get(i).map_or("", |s| s.as_str());
        let text = bodies.get(i).map_or("", |s| s.as_str());
        if title.trim().is_empty() && text.trim().is_empty() {
            continue;
        }
        let n = i + 1;
        let title =
            clean_line(title, "a title", STEP_TITLE_MAX).map_err(|e| format!("{noun} {n}: {e}"))?;
        let text = body(text, "the text", true).map_err(|e| format!("{noun} {n}: {e}"))?;
        if letters {
            check_placeholders(&text).map_err(|e| format!("{noun} {n} {e}"))?;
        }
        let key = keys
            .get(i)
            .map(|k| k.trim())
            .filter(|k| {
                !k.is_empty() && k.len() <= 32 && k.chars().all(|c| c.is_ascii_alphanumeric())
            })
            .filter(|k| !out.iter().any(|s| s.key == *k))
            .map_or_else(new_key, str::to_owned);
        out.push(Section {
            key,
            title,
            body: text,
        });
    }
    Ok(out)
}

/// Reads case ids from links (`…/cases/{id}`) or bare ids, one per line.
pub fn case_ids(raw: &str) -> Result<Vec<String>, String> {
    let mut ids: Vec<String> = Vec::new();
    for line in raw.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let id = line
            .split(['?', '#'])
            .next()
            .unwrap_or("")
            .trim_end_matches('/')
            .rsplit('/')
            .next()
            .unwrap_or("");
        let valid = !id.is_empty()
            && id.len() <= 64
            && id.chars().all(|c| c.is_ascii_hexdigit() || c == '-');
        if !valid {
            let shown: String = line.chars().take(60).collect();
            return Err(format!("“{shown}” is not a link to a case."));
        }
        if !ids.iter().any(|i| i == id) {
            ids.push(id.to_owned());
        }
    }
    if ids.len() > CASES_MAX {
        return Err(format!("Reference at most {CASES_MAX} cases."));
    }
    Ok(ids)
}

/// A non-empty note of at most [`NOTE_MAX`] characters, on one line.
pub fn parse_note(raw: &str, what: &'static str) -> Result<String, String> {
    clean_line(raw, what, NOTE_MAX).map_err(|e| e.to_string())
}

impl PlaybookInput {
    /// Validates every field, reporting all problems at once. `note_required` is false for
    /// the first save, whose note defaults to "First version".
    pub fn parse(fields: &PlaybookFields, note_required: bool) -> Result<Self, Vec<FieldError>> {
        let mut errors: Vec<FieldError> = Vec::new();
        let mut check = |field: &'static str, result: Result<String, String>| match result {
            Ok(v) => Some(v),
            Err(message) => {
                errors.push(FieldError { field, message });
                None
            }
        };
        let slug = check("slug", Slug::parse(&fields.slug).map(|s| s.0));
        let title = check(
            "title",
            clean_line(&fields.title, "a title", TITLE_MAX).map_err(|e| e.to_string()),
        );
        let summary = check(
            "summary",
            clean_text(&fields.summary, "a short summary", SUMMARY_MAX, true)
                .map_err(|e| e.to_string()),
        );
        let avoid = check("avoid", body(&fields.avoid, "“what to avoid”", false));
        let note = if note_required || !fields.note.trim().is_empty() {
            check(
                "note",
                parse_note(&fields.note, "a note saying what changed"),
            )
        } else {
            Some("First version".to_owned())
        };
        let mut steps = None;
        match sections(
            &fields.step_key,
            &fields.step_title,
            &fields.step_body,
            "Step",
            false,
        ) {
            Ok(s) if s.is_empty() => errors.push(FieldError {
                field: "steps",
                message: "Add at least one step.".into(),
            }),
            Ok(s) if s.len() > STEPS_MAX => errors.push(FieldError {
                field: "steps",
                message: format!("Keep to {STEPS_MAX} steps."),
            }),
            Ok(s) => steps = Some(s),
            Err(message) => errors.push(FieldError {
                field: "steps",
                message,
            }),
        }
        let mut letters = None;
        match sections(
            &fields.letter_key,
            &fields.letter_title,
            &fields.letter_body,
            "Letter",
            true,
        ) {
            Ok(l) if l.len() > LETTERS_MAX => errors.push(FieldError {
                field: "letters",
                message: format!("Keep to {LETTERS_MAX} letters."),
            }),
            Ok(l) => letters = Some(l),
            Err(message) => errors.push(FieldError {
                field: "letters",
                message,
            }),
        }
        let topics = enum_list(&fields.topics, |s| Topic::parse(s).ok().map(Topic::as_str));
        let demands = enum_list(&fields.demands, |s| {
            DemandKind::parse(s).ok().map(DemandKind::as_str)
        });
        let topics = match topics {
            Some(t) if !t.is_empty() => Some(t),
            Some(_) => {
                errors.push(FieldError {
                    field: "topics",
                    message: "Choose at least one topic.".into(),
                });
                None
            }
            None => {
                errors.push(FieldError {
                    field: "topics",
                    message: "Choose topics from the list.".into(),
                });
                None
            }
        };
        let demands = match demands {
            Some(d) => Some(d),
            None => {
                errors.push(FieldError {
                    field: "demands",
                    message: "Choose kinds of demand from the list.".into(),
                });
                None
            }
        };
        let tlp = match Tlp::parse(fields.tlp.trim()) {
            Ok(t) => Some(t),
            Err(_) => {
                errors.push(FieldError {
                    field: "tlp",
                    message: "Choose a sensitivity level.".into(),
                });
                None
            }
        };
        let mut audience = Vec::new();
        if tlp == Some(Tlp::Amber) {
            for code in fields.audience.iter().filter(|c| !c.trim().is_empty()) {
                match Country::parse(code) {
                    Ok(c) => audience.push(c.code.to_owned()),
                    Err(_) => {
                        errors.push(FieldError {
                            field: "audience",
                            message: "Choose countries from the list.".into(),
                        });
                        break;
                    }
                }
            }
            audience.sort();
            audience.dedup();
            if audience.is_empty() && !errors.iter().any(|e| e.field == "audience") {
                errors.push(FieldError {
                    field: "audience",
                    message:
                        "An AMBER playbook needs at least one country whose members may read it."
                            .into(),
                });
            }
        }
        let cases = match case_ids(&fields.cases) {
            Ok(c) => Some(c),
            Err(message) => {
                errors.push(FieldError {
                    field: "cases",
                    message,
                });
                None
            }
        };
        match (
            slug, title, summary, avoid, note, steps, letters, topics, demands, tlp, cases,
        ) {
            (
                Some(slug),
                Some(title),
                Some(summary),
                Some(avoid),
                Some(note),
                Some(steps),
                Some(letters),
                Some(topics),
                Some(demands),
                Some(tlp),
                Some(cases),
            ) if errors.is_empty() => Ok(PlaybookInput {
                slug: Slug(slug),
                doc: PlaybookDoc {
                    title,
                    summary,
                    topics,
                    demands,
                    tlp: tlp.as_str().to_owned(),
                    audience,
                    steps,
                    letters,
                    avoid,
                    cases,
                },
                note,
            }),
            _ => Err(errors),
        }
    }
}

/// Known values only, stored form, sorted and without repeats; `None` on an unknown value.
fn enum_list(raw: &[String], parse: impl Fn(&str) -> Option<&'static str>) -> Option<Vec<String>> {
    let mut out = Vec::new();
    for item in raw.iter().map(|s| s.trim()).filter(|s| !s.is_empty()) {
        out.push(parse(item)?.to_owned());
    }
    out.sort();
    out.dedup();
    Some(out)
}

/// A member's suggested edit as typed: the editable text of every part, keyed as in
/// [`PlaybookDoc::parts`], plus the revision it started from and a note.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct SuggestionFields {
    pub base_revision: String,
    pub title: String,
    pub summary: String,
    pub step_key: Vec<String>,
    pub step_title: Vec<String>,
    pub step_body: Vec<String>,
    pub letter_key: Vec<String>,
    pub letter_title: Vec<String>,
    pub letter_body: Vec<String>,
    pub avoid: String,
    pub note: String,
}

impl SuggestionFields {
    pub fn from_doc(revision: i32, doc: &PlaybookDoc) -> Self {
        SuggestionFields {
            base_revision: revision.to_string(),
            title: doc.title.clone(),
            summary: doc.summary.clone(),
            step_key: doc.steps.iter().map(|s| s.key.clone()).collect(),
            step_title: doc.steps.iter().map(|s| s.title.clone()).collect(),
            step_body: doc.steps.iter().map(|s| s.body.clone()).collect(),
            letter_key: doc.letters.iter().map(|s| s.key.clone()).collect(),
            letter_title: doc.letters.iter().map(|s| s.title.clone()).collect(),
            letter_body: doc.letters.iter().map(|s| s.body.clone()).collect(),
            avoid: doc.avoid.clone(),
            note: String::new(),
        }
    }
}

/// A validated suggestion: only the parts that differ from the base revision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SuggestionInput {
    pub base_revision: i32,
    pub changes: Vec<(String, String)>,
    pub note: String,
}

impl SuggestionInput {
    /// Checks the text against the limits and keeps the parts that changed from `base`.
    pub fn parse(fields: &SuggestionFields, base: &PlaybookDoc) -> Result<Self, Vec<FieldError>> {
        let mut errors: Vec<FieldError> = Vec::new();
        let mut push = |field: &'static str, message: String| {
            if !errors.iter().any(|e| e.field == field) {
                errors.push(FieldError { field, message });
            }
        };
        let base_revision = fields.base_revision.trim().parse::<i32>().unwrap_or(0);
        let mut proposed = base.clone();
        match clean_line(&fields.title, "a title", TITLE_MAX) {
            Ok(t) => proposed.title = t,
            Err(e) => push("title", e.to_string()),
        }
        match clean_text(&fields.summary, "a short summary", SUMMARY_MAX, true) {
            Ok(s) => proposed.summary = s,
            Err(e) => push("summary", e.to_string()),
        }
        match body(&fields.avoid, "“what to avoid”", false) {
            Ok(a) => proposed.avoid = a,
            Err(e) => push("avoid", e),
        }
        for (kind, keys, titles, bodies) in [
            (
                "step",
                &fields.step_key,
                &fields.step_title,
                &fields.step_body,
            ),
            (
                "letter",
                &fields.letter_key,
                &fields.letter_title,
                &fields.letter_body,
            ),
        ] {
            let (noun, field) = if kind == "step" {
                ("Step", "steps")
            } else {
                ("Letter", "letters")
            };
            for (i, key) in keys.iter().enumerate() {
                let n = i + 1;
                let title = titles.get(i).map_or("", |s| s.as_str());
                let text = bodies.get(i).map_or("", |s| s.as_str());
                let title = clean_line(title, "a title", STEP_TITLE_MAX);
                let text = body(text, "the text", true).and_then(|t| {
                    if kind == "letter" {
                        check_placeholders(&t).map_err(|e| format!("it {e}"))?;
                    }
                    Ok(t)
                });
                match (title, text) {
                    (Ok(title), Ok(text)) => {
                        let known = proposed.set_part(&format!("{kind}:{key}:title"), title)
                            && proposed.set_part(&format!("{kind}:{key}:body"), text);
                        if !known {
                            push(field, format!("{noun} {n} is not part of this playbook."));
                        }
                    }
                    (Err(e), _) => push(field, format!("{noun} {n}: {e}")),
                    (_, Err(e)) => push(field, format!("{noun} {n}: {e}")),
                }
            }
        }
        let note = match parse_note(&fields.note, "a note for the moderators") {
            Ok(n) => n,
            Err(e) => {
                push("note", e);
                String::new()
            }
        };
        let before = base.parts();
        let changes: Vec<(String, String)> = proposed
            .parts()
            .into_iter()
            .zip(before)
            .filter(|((_, new), (_, old))| new != old)
            .map(|(new, _)| new)
            .collect();
        if errors.is_empty() && changes.is_empty() {
            errors.push(FieldError {
                field: "summary",
                message: "You have not changed anything yet.".into(),
            });
        }
        if errors.is_empty() {
            Ok(SuggestionInput {
                base_revision,
                changes,
                note,
            })
        } else {
            Err(errors)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc() -> PlaybookDoc {
        PlaybookDoc {
            title: "Title".into(),
            summary: "Summary".into(),
            topics: vec!["taiwan".into()],
            demands: vec!["cancel_event".into()],
            tlp: "clear".into(),
            audience: vec![],
            steps: vec![
                Section {
                    key: "a1".into(),
                    title: "Log it".into(),
                    body: "Write it down.".into(),
                },
                Section {
                    key: "b2".into(),
                    title: "Answer".into(),
                    body: "Say no.".into(),
                },
            ],
            letters: vec![],
            avoid: "- Phoning back".into(),
            cases: vec![],
        }
    }

    #[test]
    fn slugs_are_lower_case_words_with_single_hyphens() {
        assert!(Slug::parse("taiwan-event").is_ok());
        for bad in [
            "", "ab", "Taiwan", "a--b", "-ab", "ab-", "a b", "new", "über",
        ] {
            assert!(Slug::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn placeholders_must_be_known_and_balanced() {
        assert!(check_placeholders("Dear {counterpart}, on {date} {city} …").is_ok());
        assert!(
            check_placeholders("{mayor}")
                .unwrap_err()
                .contains("{mayor}")
        );
        assert!(check_placeholders("open { brace").is_err());
        assert!(check_placeholders("close } brace").is_err());
        assert_eq!(
            fill("{city} and {event}", |n| (n == "city")
                .then(|| "Brno".into())),
            "Brno and {event}"
        );
        // One pass: a value that looks like a placeholder stays as typed.
        assert_eq!(
            fill("{counterpart}, {event}", |n| Some(
                if n == "counterpart" {
                    "{event}"
                } else {
                    "Expo"
                }
                .into()
            )),
            "{event}, Expo"
        );
    }

    #[test]
    fn merge_applies_untouched_parts_and_reports_conflicts() {
        let base = doc();
        let mut current = doc();
        current.steps[0].body = "Write it down, with the date.".into();
        // Only the suggestion changed step b2: applied on top of the later change.
        let merged = merge(
            &base,
            &current,
            &[("step:b2:body".into(), "Decline politely.".into())],
        )
        .unwrap();
        assert_eq!(merged.steps[0].body, "Write it down, with the date.");
        assert_eq!(merged.steps[1].body, "Decline politely.");
        // Both changed step a1: a conflict, nothing applied.
        let conflicts = merge(
            &base,
            &current,
            &[("step:a1:body".into(), "Keep a record.".into())],
        )
        .unwrap_err();
        assert_eq!(conflicts.len(), 1);
        assert_eq!(conflicts[0].label, "Step 1 (text)");
        assert_eq!(conflicts[0].current, "Write it down, with the date.");
        // A step removed since is a conflict too.
        let mut removed = doc();
        removed.steps.remove(1);
        assert!(merge(&base, &removed, &[("step:b2:body".into(), "x".into())]).is_err());
    }

    #[test]
    fn suggestions_keep_only_changed_parts_and_refuse_no_change() {
        let base = doc();
        let mut fields = SuggestionFields::from_doc(3, &base);
        fields.note = "Clearer".into();
        assert!(SuggestionInput::parse(&fields, &base).is_err());
        fields.step_body[1] = "Decline in writing.".into();
        let input = SuggestionInput::parse(&fields, &base).unwrap();
        assert_eq!(input.base_revision, 3);
        assert_eq!(
            input.changes,
            vec![("step:b2:body".to_owned(), "Decline in writing.".to_owned())]
        );
        fields.step_key[1] = "zz".into();
        assert!(SuggestionInput::parse(&fields, &base).is_err());
    }

    #[test]
    fn the_form_refuses_empty_steps_unknown_values_and_bad_placeholders() {
        let mut fields = PlaybookFields::from_doc("a-b-c", &doc(), &[]);
        assert!(PlaybookInput::parse(&fields, false).is_ok());
        fields.step_title = vec!["Only a title".into()];
        fields.step_body = vec![String::new()];
        fields.topics = vec!["atlantis".into()];
        fields.letter_title = vec!["Reply".into()];
        fields.letter_body = vec!["Dear {ambassador}".into()];
        let errors = PlaybookInput::parse(&fields, false).unwrap_err();
        let fields_hit: Vec<&str> = errors.iter().map(|e| e.field).collect();
        assert!(fields_hit.contains(&"steps"));
        assert!(fields_hit.contains(&"topics"));
        assert!(fields_hit.contains(&"letters"));
    }

    #[test]
    fn case_links_and_ids_are_read_line_by_line() {
        let ids = case_ids(
            "https://x.example/cases/0193a0b2-7c1d-7e2f-8a9b-0c1d2e3f4a5b\n\n0193a0b2-7c1d-7e2f-8a9b-0c1d2e3f4a5b",
        )
        .unwrap();
        assert_eq!(ids, vec!["0193a0b2-7c1d-7e2f-8a9b-0c1d2e3f4a5b"]);
        assert!(case_ids("<script>").is_err());
    }
}
