//! `/rules`: the clause rule library, by category, and each rule with its patterns, examples
//! and a test bench (paste text, see what this rule and the others flag in it). The library
//! is guidance, not case material: everyone may read it.

use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use crate::agreements::reading::{Segment, segments};
use crate::agreements::{review, rulebook};
use crate::domain::markdown;
use crate::domain::rules::{Category, Rule, Severity};
use crate::error::AppError;
use crate::web::page::PageContext;

/// The longest text the test bench checks, in characters.
pub const SAMPLE_MAX: usize = 10_000;

/// Registers the rule library routes.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/rules").get(list))
        .service(web::resource("/rules/{id}").get(show));
}

/// `?category=&severity=`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ListQuery {
    pub category: Option<String>,
    pub severity: Option<String>,
}

#[derive(Template)]
#[template(path = "rules/list.html")]
struct ListPage {
    ctx: PageContext,
    groups: Vec<(Category, Vec<&'static Rule>)>,
    category: String,
    severity: String,
    total: usize,
}

impl ListPage {
    fn categories(&self) -> &'static [Category] {
        Category::ALL
    }
    fn severities(&self) -> &'static [Severity] {
        Severity::ALL
    }
}

/// `GET /rules`.
pub async fn list(
    ctx: PageContext,
    query: web::Query<ListQuery>,
) -> Result<HttpResponse, AppError> {
    let library = rulebook()?;
    let category = query
        .category
        .as_deref()
        .and_then(|c| Category::parse(c).ok());
    let severity = query
        .severity
        .as_deref()
        .and_then(|s| Severity::parse(s).ok());
    let mut groups: Vec<(Category, Vec<&'static Rule>)> = Vec::new();
    let mut total = 0;
    for c in Category::ALL
        .iter()
        .copied()
        .filter(|c| category.is_none_or(|w| w == *c))
    {
        let rules: Vec<&'static Rule> = library
            .rules()
            .iter()
            .filter(|r| r.category == c && severity.is_none_or(|s| s == r.severity))
            .collect();
        total += rules.len();
        if !rules.is_empty() {
            groups.push((c, rules));
        }
    }
    crate::web::ok(&ListPage {
        ctx,
        groups,
        category: category.map(|c| c.as_str().to_owned()).unwrap_or_default(),
        severity: severity.map(|s| s.as_str().to_owned()).unwrap_or_default(),
        total,
    })
}

/// `?sample=` for the test bench.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ShowQuery {
    pub sample: Option<String>,
}

/// What the library flags in a pasted text: (rule id, title, severity, matched words).
type BenchFlag = (String, String, Severity, String);

#[derive(Template)]
#[template(path = "rules/show.html")]
struct ShowPage {
    ctx: PageContext,
    rule: &'static Rule,
    guidance_html: String,
    sample: String,
    too_long: bool,
    /// The sample with this rule's match highlighted, when it matched.
    highlighted: Option<Vec<Segment>>,
    /// Every rule that flags the sample.
    others: Vec<BenchFlag>,
}

/// `GET /rules/{id}`.
pub async fn show(
    ctx: PageContext,
    path: web::Path<String>,
    query: web::Query<ShowQuery>,
) -> Result<HttpResponse, AppError> {
    let library = rulebook()?;
    let id = path.into_inner();
    let rule = library
        .rules()
        .iter()
        .find(|r| r.id == id)
        .ok_or(AppError::NotFound)?;
    let sample = query.into_inner().sample.unwrap_or_default();
    let too_long = sample.chars().count() > SAMPLE_MAX;
    let (highlighted, others) = if too_long || sample.trim().is_empty() {
        (None, Vec::new())
    } else {
        let highlighted = rule
            .check(&sample)
            .map(|range| segments(&sample, vec![range]));
        let others = review::flags(library, &sample)
            .into_iter()
            .map(|f| {
                (
                    f.rule.id.clone(),
                    f.rule.title.clone(),
                    f.rule.severity,
                    f.matched,
                )
            })
            .collect();
        (highlighted, others)
    };
    crate::web::ok(&ShowPage {
        ctx,
        guidance_html: markdown::render(&rule.guidance),
        rule,
        sample,
        too_long,
        highlighted,
        others,
    })
}
