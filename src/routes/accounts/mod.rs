//! Registration, verification, sign-in, password reset and the account pages.

pub mod login;
pub mod register;
pub mod reset;
pub mod security;
pub mod verify;

use actix_web::web;

use crate::accounts::TokenProblem;

/// Registers the account routes.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::resource("/register")
            .get(register::show)
            .post(register::submit),
    )
    .service(web::resource("/register/done").get(register::done))
    .service(
        web::resource("/verify-email")
            .get(verify::show)
            .post(verify::confirm),
    )
    .service(
        web::resource("/verify-email/resend")
            .get(verify::show_resend)
            .post(verify::resend),
    )
    .service(web::resource("/login").get(login::show).post(login::submit))
    .service(web::resource("/logout").post(login::logout))
    .service(
        web::resource("/password-reset")
            .get(reset::show_request)
            .post(reset::request),
    )
    .service(
        web::resource("/password-reset/confirm")
            .get(reset::show_confirm)
            .post(reset::confirm),
    )
    .service(web::resource("/account").get(security::account))
    .service(web::resource("/account/security").get(security::show))
    .service(web::resource("/account/password").post(security::change_password))
    .service(web::resource("/account/email").post(security::change_email))
    .service(
        web::resource("/account/email/confirm")
            .get(security::show_email_confirm)
            .post(security::confirm_email),
    );
}

/// The status for a page explaining a bad emailed link.
fn token_status(problem: TokenProblem) -> actix_web::http::StatusCode {
    use actix_web::http::StatusCode;
    match problem {
        TokenProblem::Unknown => StatusCode::NOT_FOUND,
        TokenProblem::Used | TokenProblem::Expired => StatusCode::GONE,
    }
}

/// The `?token=` of an emailed link.
#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct TokenQuery {
    pub token: String,
}
