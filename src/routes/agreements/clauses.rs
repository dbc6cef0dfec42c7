//! `/agreements/{id}/clauses`: the split of one text, to correct before review (merge a clause
//! with the next, split one at a line).

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use actix_web_flash_messages::FlashMessage;
use askama::Template;
use serde::Deserialize;

use crate::agreements::correction::{self, Correction};
use crate::agreements::{AgreementError, language};
use crate::auth::{CsrfForm, CurrentUser};
use crate::db::agreements::{ClauseRow, TextInfo};
use crate::error::AppError;
use crate::state::AppState;
use crate::web::page::PageContext;
use crate::web::{render, see_other};

/// `?text=`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ClausesQuery {
    pub text: String,
}

/// A clause on the correction page with its lines (a short start of each).
pub struct Editable {
    pub row: ClauseRow,
    pub lines: Vec<String>,
}

impl Editable {
    fn of(row: ClauseRow) -> Editable {
        let lines = row
            .body
            .lines()
            .map(|l| {
                let l = l.trim();
                if l.chars().count() > 70 {
                    format!("{}…", l.chars().take(70).collect::<String>())
                } else {
                    l.to_owned()
                }
            })
            .collect();
        Editable { row, lines }
    }

    pub fn label(&self) -> String {
        match (&self.row.number, &self.row.title) {
            (Some(n), Some(t)) => format!("{n} – {t}"),
            (Some(n), None) => n.clone(),
            (None, _) => match self.row.kind() {
                crate::domain::clauses::ClauseKind::Preamble => "Preamble".to_owned(),
                crate::domain::clauses::ClauseKind::Signatures => "Signatures".to_owned(),
                _ => "Unnumbered clause".to_owned(),
            },
        }
    }
}

#[derive(Template)]
#[template(path = "agreements/clauses.html")]
struct ClausesPage {
    ctx: PageContext,
    id: String,
    text: TextInfo,
    clauses: Vec<Editable>,
}

impl ClausesPage {
    fn languages(&self) -> &'static [(&'static str, &'static str)] {
        language::LANGUAGES
    }
    fn language_name(&self, code: &str) -> String {
        language::name(code).to_owned()
    }
}

/// `GET /agreements/{id}/clauses?text=`.
pub async fn show(
    ctx: PageContext,
    me: CurrentUser,
    state: web::Data<AppState>,
    path: web::Path<String>,
    query: web::Query<ClausesQuery>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let (key, text_id) = (id.clone(), query.into_inner().text);
    let (text, clauses) = state
        .db
        .run(move |conn| correction::clauses_to_correct(conn, &me.0, &key, &text_id))
        .await?;
    render(
        StatusCode::OK,
        &ClausesPage {
            ctx,
            id,
            text,
            clauses: clauses.into_iter().map(Editable::of).collect(),
        },
    )
}

/// The correction forms: `action` is `merge` or `split`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct CorrectionForm {
    pub text: String,
    pub action: String,
    pub position: String,
    pub line: String,
    /// For `language`: a code, or empty for the text's language.
    pub language: String,
}

impl crate::auth::Refusal for CorrectionForm {}

/// `POST /agreements/{id}/clauses`.
pub async fn correct(
    me: CurrentUser,
    state: web::Data<AppState>,
    path: web::Path<String>,
    form: CsrfForm<CorrectionForm>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let CsrfForm(form) = form;
    let back = format!(
        "/agreements/{id}/clauses?text={}",
        url::form_urlencoded::byte_serialize(form.text.as_bytes()).collect::<String>()
    );
    let position: Option<i32> = form.position.trim().parse().ok();
    let correction = match (form.action.as_str(), position) {
        ("merge", Some(position)) => Correction::Merge { position },
        ("split", Some(position)) => match form.line.trim().parse() {
            Ok(line) => Correction::Split { position, line },
            Err(_) => {
                FlashMessage::error("Not split: choose the line the new clause starts with.")
                    .send();
                return Ok(see_other(&back));
            }
        },
        ("language", Some(position)) => {
            let wanted = form.language.trim();
            match (wanted.is_empty(), language::parse(wanted)) {
                (true, _) => Correction::Language {
                    position,
                    language: None,
                },
                (false, Some(code)) => Correction::Language {
                    position,
                    language: Some(code),
                },
                (false, None) => {
                    FlashMessage::error("Nothing changed: choose a language from the list.").send();
                    return Ok(see_other(&back));
                }
            }
        }
        _ => {
            FlashMessage::error("Nothing changed: that correction is not one Twinwise knows.")
                .send();
            return Ok(see_other(&back));
        }
    };
    let (key, text_id) = (id.clone(), form.text.clone());
    let done = state
        .db
        .run(move |conn| {
            Ok::<_, AppError>(correction::correct(conn, &me.0, &key, &text_id, correction))
        })
        .await?;
    match done {
        Ok(()) => {
            FlashMessage::success(match correction {
                Correction::Merge { .. } => "Clauses merged.",
                Correction::Split { .. } => "Clause split in two.",
                Correction::Language { .. } => "Clause language saved.",
            })
            .send();
            Ok(see_other(&back))
        }
        Err(AgreementError::Invalid(errors)) => {
            let message = errors
                .into_iter()
                .map(|e| e.message)
                .collect::<Vec<_>>()
                .join(" ");
            FlashMessage::error(format!("Nothing changed: {message}")).send();
            Ok(see_other(&back))
        }
        Err(other) => Err(other.into()),
    }
}
