//! `/agreements`: agreements under review, their texts and clauses with the rule library's
//! flags, annotations, and the upcoming deadlines.

pub mod clauses;
pub mod compare;
pub mod form;
pub mod list;
pub mod show;

use actix_web::web;

use crate::agreements::AgreementError;
use crate::agreements::extract::{self, Format};
use crate::agreements::intake::NewText;
use crate::agreements::language;
use crate::auth::UploadedFile;
use crate::domain::agreement::agreement_text;
use crate::error::AppError;
use crate::routes::playbooks::errors_from;
use crate::web::forms::FormErrors;

/// Registers the agreement routes (fixed paths before `/agreements/{id}`).
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/agreements").get(list::list))
        .service(web::resource("/agreements/deadlines").get(list::deadlines))
        .service(
            web::resource("/agreements/new")
                .get(form::new)
                .post(form::create),
        )
        .service(web::resource("/agreements/{id}").get(show::show))
        .service(
            web::resource("/agreements/{id}/edit")
                .get(form::edit)
                .post(form::update),
        )
        .service(
            web::resource("/agreements/{id}/clauses")
                .get(clauses::show)
                .post(clauses::correct),
        )
        .service(web::resource("/agreements/{id}/compare").get(compare::pick))
        .service(web::resource("/agreements/{id}/compare/{other}").get(compare::compare))
        .service(web::resource("/agreements/{id}/review.md").get(show::review_markdown))
        .service(web::resource("/agreements/{id}/review.csv").get(show::review_csv))
        .service(web::resource("/agreements/{id}/texts").post(show::add_text))
        .service(web::resource("/agreements/{id}/annotations").post(show::annotate))
        .service(
            web::resource("/agreements/{id}/annotations/{annotation}/delete")
                .post(show::delete_annotation),
        );
}

/// The text fields that come with a file or a paste.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct TextFields {
    pub text: String,
    pub language: String,
}

/// The text to store: the uploaded file's when one was chosen, else the pasted one. Field
/// errors go to `text`, `file` or `language`.
pub(crate) fn new_text(
    fields: &TextFields,
    file: Option<&UploadedFile>,
) -> Result<NewText, FormErrors> {
    let mut errors = FormErrors::new();
    let language = match fields.language.trim() {
        "" => None,
        code => match language::parse(code) {
            Some(code) => Some(code.to_owned()),
            None => {
                errors.add("language", "Choose a language from the list.");
                None
            }
        },
    };
    let (raw, source) = match file {
        Some(f) if f.too_large => {
            errors.add(
                "file",
                format!(
                    "The file is larger than {} MB, the most Twinwise reads.",
                    crate::auth::upload::FILE_LIMIT / (1024 * 1024)
                ),
            );
            return Err(errors);
        }
        Some(f) => {
            let text = Format::of_name(&f.name).and_then(|format| extract::text(format, &f.bytes));
            match text {
                Ok(text) => (text, f.name.clone()),
                Err(e) => {
                    errors.add("file", format!("{}: {e}.", f.name));
                    return Err(errors);
                }
            }
        }
        None => (fields.text.clone(), "pasted".to_owned()),
    };
    match agreement_text(&raw) {
        Ok(body) if errors.is_empty() => Ok(NewText {
            body,
            source,
            language,
        }),
        Ok(_) => Err(errors),
        Err(message) => {
            errors.add(if file.is_some() { "file" } else { "text" }, message);
            Err(errors)
        }
    }
}

/// Field errors from a workflow refusal, or the error page for anything else.
pub(crate) fn form_errors(e: AgreementError) -> Result<FormErrors, AppError> {
    match e {
        AgreementError::Invalid(found) => Ok(errors_from(found)),
        other => Err(other.into()),
    }
}
