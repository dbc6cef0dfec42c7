//! `POST /cases/{id}/playbooks`: a case's author records "we used this playbook".

use actix_web::{HttpResponse, web};
use serde::Deserialize;

use super::done_or_flash;
use crate::auth::{CsrfForm, CurrentUser, Refusal, Viewer};
use crate::domain::playbook::UseOutcome;
use crate::error::AppError;
use crate::state::AppState;

/// The use form.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct UseForm {
    pub playbook: String,
    pub outcome: String,
}

impl Refusal for UseForm {}

/// Records or updates the outcome.
pub async fn record(
    user: CurrentUser,
    viewer: Viewer,
    state: web::Data<AppState>,
    path: web::Path<String>,
    form: CsrfForm<UseForm>,
) -> Result<HttpResponse, AppError> {
    let case_id = path.into_inner();
    let back = format!("/cases/{case_id}#playbooks");
    let CsrfForm(input) = form;
    let Ok(outcome) = UseOutcome::parse(input.outcome.trim()) else {
        actix_web_flash_messages::FlashMessage::error(
            "Not recorded: choose how it went (worked, partly, or did not work).",
        )
        .send();
        return Ok(crate::web::see_other(&back));
    };
    let member = user.0.clone();
    let reader = viewer.reader();
    let result = state
        .db
        .run(move |conn| {
            Ok::<_, AppError>(
                crate::playbooks::uses::record(
                    conn,
                    &member,
                    reader.as_reader(),
                    &case_id,
                    input.playbook.trim(),
                    outcome,
                )
                .map(|title| format!("Recorded: “{title}” {}.", outcome.label().to_lowercase())),
            )
        })
        .await?;
    done_or_flash(result, &back)
}

/// Removes a recorded use.
pub async fn remove(
    user: CurrentUser,
    state: web::Data<AppState>,
    path: web::Path<String>,
    form: CsrfForm<UseForm>,
) -> Result<HttpResponse, AppError> {
    let case_id = path.into_inner();
    let back = format!("/cases/{case_id}#playbooks");
    let CsrfForm(input) = form;
    let member = user.0.clone();
    let result = state
        .db
        .run(move |conn| {
            Ok::<_, AppError>(
                crate::playbooks::uses::remove(conn, &member, &case_id, input.playbook.trim())
                    .map(|()| "Removed.".to_owned()),
            )
        })
        .await?;
    done_or_flash(result, &back)
}
