//! `/playbooks`: curated response guides, their revisions and members' suggested edits.

pub mod form;
pub mod list;
pub mod revisions;
pub mod show;
pub mod suggestions;
pub mod uses;

use actix_web::{HttpResponse, web};
use actix_web_flash_messages::FlashMessage;

use crate::domain::case::FieldError;
use crate::error::AppError;
use crate::playbooks::PlaybookError;
use crate::web::forms::FormErrors;
use crate::web::see_other;

/// Registers the playbook routes (`/playbooks/new` before `/playbooks/{slug}`).
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/playbooks").get(list::list))
        .service(
            web::resource("/playbooks/new")
                .get(form::new)
                .post(form::create),
        )
        .service(web::resource("/playbooks/{slug}").get(show::show))
        .service(web::resource("/playbooks/{slug}/print").get(show::print))
        .service(web::resource("/playbooks/{slug}/download.md").get(show::markdown))
        .service(web::resource("/playbooks/{slug}/letters/{key}.txt").get(show::letter))
        .service(
            web::resource("/playbooks/{slug}/edit")
                .get(form::edit)
                .post(form::update),
        )
        .service(web::resource("/playbooks/{slug}/status").post(show::status))
        .service(web::resource("/playbooks/{slug}/feature").post(show::feature))
        .service(web::resource("/playbooks/{slug}/revisions").get(revisions::list))
        .service(web::resource("/playbooks/{slug}/revisions/{number}").get(revisions::show))
        .service(
            web::resource("/playbooks/{slug}/revisions/{number}/restore").post(revisions::restore),
        )
        .service(web::resource("/playbooks/{slug}/compare").get(revisions::compare))
        .service(
            web::resource("/playbooks/{slug}/suggest")
                .get(suggestions::new)
                .post(suggestions::create),
        )
        .service(web::resource("/playbooks/{slug}/suggestions/{id}").get(suggestions::show))
        .service(
            web::resource("/playbooks/{slug}/suggestions/{id}/accept").post(suggestions::accept),
        )
        .service(
            web::resource("/playbooks/{slug}/suggestions/{id}/reject").post(suggestions::reject),
        )
        .service(web::resource("/moderation/suggestions").get(suggestions::queue))
        .service(web::resource("/suggestions/{id}").get(suggestions::by_id))
        .service(web::resource("/cases/{id}/playbooks").post(uses::record))
        .service(web::resource("/cases/{id}/playbooks/remove").post(uses::remove));
}

/// Field errors from validation, for the form's summary and fields.
pub(crate) fn errors_from(found: Vec<FieldError>) -> FormErrors {
    let mut errors = FormErrors::new();
    for e in found {
        errors.add(e.field, e.message);
    }
    errors
}

/// For inline actions: flashes why a playbook action did not happen and goes back; other
/// errors become error pages.
pub(crate) fn done_or_flash(
    result: Result<String, PlaybookError>,
    back: &str,
) -> Result<HttpResponse, AppError> {
    match result {
        Ok(message) => FlashMessage::success(message).send(),
        Err(PlaybookError::WrongState(why)) => {
            FlashMessage::error(format!("Not done: {why}.")).send()
        }
        Err(PlaybookError::Invalid(found)) => {
            let text: Vec<String> = found.into_iter().map(|e| e.message).collect();
            FlashMessage::error(format!("Not done: {}", text.join(" "))).send()
        }
        Err(e) => return Err(e.into()),
    }
    Ok(see_other(back))
}
