//! The rule library in the database: one row per rule (lists as JSON arrays), one revision
//! per save, and the `rules` change counter that tells every instance its compiled library
//! is stale.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{change_counters, rule_revisions, rules, users};
use super::{DbConn, now};
use crate::domain::rules::{Category, RuleSpec};

/// One row of `rules`.
#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = rules)]
#[diesel(treat_none_as_null = true)]
pub struct RuleRow {
    pub id: String,
    pub category: String,
    pub severity: String,
    pub title: String,
    pub guidance: String,
    pub alternative: String,
    pub patterns: String,
    pub unless_patterns: String,
    pub must_match: String,
    pub must_not_match: String,
    pub case_ids: String,
    pub playbook_slugs: String,
    pub revision: i32,
    pub updated_by: Option<String>,
    pub updated_at: NaiveDateTime,
}

fn list(json: &str) -> Vec<String> {
    serde_json::from_str(json).unwrap_or_default()
}

fn json(items: &[String]) -> String {
    serde_json::to_string(items).unwrap_or_else(|_| "[]".to_owned())
}

impl RuleRow {
    /// The rule as written; `None` when its category is unknown to this version.
    pub fn spec(&self) -> Option<(Category, RuleSpec)> {
        let category = Category::parse(&self.category).ok()?;
        Some((
            category,
            RuleSpec {
                id: self.id.clone(),
                severity: self.severity.clone(),
                title: self.title.clone(),
                guidance: self.guidance.clone(),
                alternative: self.alternative.clone(),
                patterns: list(&self.patterns),
                unless: list(&self.unless_patterns),
                must_match: list(&self.must_match),
                must_not_match: list(&self.must_not_match),
                cases: list(&self.case_ids),
                playbooks: list(&self.playbook_slugs),
            },
        ))
    }

    fn of(
        category: Category,
        spec: &RuleSpec,
        revision: i32,
        author: Option<&str>,
        at: NaiveDateTime,
    ) -> RuleRow {
        RuleRow {
            id: spec.id.clone(),
            category: category.as_str().to_owned(),
            severity: spec.severity.clone(),
            title: spec.title.clone(),
            guidance: spec.guidance.clone(),
            alternative: spec.alternative.clone(),
            patterns: json(&spec.patterns),
            unless_patterns: json(&spec.unless),
            must_match: json(&spec.must_match),
            must_not_match: json(&spec.must_not_match),
            case_ids: json(&spec.cases),
            playbook_slugs: json(&spec.playbooks),
            revision,
            updated_by: author.map(str::to_owned),
            updated_at: at,
        }
    }
}

/// A saved revision, with its author's display name.
#[derive(Debug, Clone)]
pub struct RevisionEntry {
    pub revision: i32,
    pub note: String,
    pub author: Option<String>,
    pub created_at: NaiveDateTime,
    /// The rule as it was: (category, spec).
    pub content: Option<(Category, RuleSpec)>,
}

#[derive(serde::Serialize, serde::Deserialize)]
struct Content {
    category: String,
    spec: RuleSpec,
}

/// The value of the counter every rule write moves on.
pub fn epoch(conn: &mut DbConn) -> QueryResult<i64> {
    change_counters::table
        .filter(change_counters::name.eq("rules"))
        .select(change_counters::value)
        .first(conn)
}

fn bump(conn: &mut DbConn) -> QueryResult<()> {
    diesel::update(change_counters::table.filter(change_counters::name.eq("rules")))
        .set(change_counters::value.eq(change_counters::value + 1))
        .execute(conn)
        .map(drop)
}

/// Every rule, by category and id.
pub fn all(conn: &mut DbConn) -> QueryResult<Vec<RuleRow>> {
    rules::table
        .order((rules::category.asc(), rules::id.asc()))
        .select(RuleRow::as_select())
        .load(conn)
}

pub fn find(conn: &mut DbConn, id: &str) -> QueryResult<Option<RuleRow>> {
    rules::table
        .find(id)
        .select(RuleRow::as_select())
        .first(conn)
        .optional()
}

pub fn count(conn: &mut DbConn) -> QueryResult<i64> {
    rules::table.count().get_result(conn)
}

/// Saves a rule as its next revision (the first when it is new), with its revision row,
/// and moves the counter on. The caller holds the transaction and has validated the rule.
pub fn save(
    conn: &mut DbConn,
    category: Category,
    spec: &RuleSpec,
    note: &str,
    author: Option<&str>,
) -> QueryResult<i32> {
    let at = now();
    let revision = rules::table
        .find(&spec.id)
        .select(rules::revision)
        .first::<i32>(conn)
        .optional()?
        .map_or(1, |r| r + 1);
    let row = RuleRow::of(category, spec, revision, author, at);
    if revision == 1 {
        diesel::insert_into(rules::table)
            .values(&row)
            .execute(conn)?;
    } else {
        diesel::update(rules::table.find(&spec.id))
            .set(&row)
            .execute(conn)?;
    }
    let content = serde_json::to_string(&Content {
        category: category.as_str().to_owned(),
        spec: spec.clone(),
    })
    .unwrap_or_default();
    diesel::insert_into(rule_revisions::table)
        .values((
            rule_revisions::rule_id.eq(&spec.id),
            rule_revisions::revision.eq(revision),
            rule_revisions::content.eq(content),
            rule_revisions::note.eq(note),
            rule_revisions::author_id.eq(author),
            rule_revisions::created_at.eq(at),
        ))
        .execute(conn)?;
    bump(conn)?;
    Ok(revision)
}

/// A rule's revisions, newest first.
pub fn revisions(conn: &mut DbConn, id: &str) -> QueryResult<Vec<RevisionEntry>> {
    let rows: Vec<(i32, String, String, Option<String>, NaiveDateTime)> = rule_revisions::table
        .left_join(users::table.on(users::id.nullable().eq(rule_revisions::author_id)))
        .filter(rule_revisions::rule_id.eq(id))
        .order(rule_revisions::revision.desc())
        .select((
            rule_revisions::revision,
            rule_revisions::content,
            rule_revisions::note,
            users::display_name.nullable(),
            rule_revisions::created_at,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(
            |(revision, content, note, author, created_at)| RevisionEntry {
                revision,
                note,
                author,
                created_at,
                content: serde_json::from_str::<Content>(&content)
                    .ok()
                    .and_then(|c| Some((Category::parse(&c.category).ok()?, c.spec))),
            },
        )
        .collect())
}

/// What search reads of a rule: (id, title, severity, guidance, safer wording).
pub type RuleText = (String, String, String, String, String);

/// What search reads of each rule, by category and id.
pub fn texts(conn: &mut DbConn) -> QueryResult<Vec<RuleText>> {
    rules::table
        .order((rules::category.asc(), rules::id.asc()))
        .select((
            rules::id,
            rules::title,
            rules::severity,
            rules::guidance,
            rules::alternative,
        ))
        .load(conn)
}
