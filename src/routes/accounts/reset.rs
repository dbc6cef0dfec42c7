//! `/password-reset`: request a link, then choose a new password.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use actix_web_flash_messages::FlashMessage;
use askama::Template;
use serde::Deserialize;

use super::{TokenQuery, token_status};
use crate::accounts::{AccountError, TokenProblem, recovery};
use crate::auth::csrf::Refusal;
use crate::auth::rate_limit::{Limit, over_limit};
use crate::auth::{CsrfForm, password};
use crate::domain::{EmailAddress, NewPassword};
use crate::error::AppError;
use crate::state::AppState;
use crate::web::forms::FormErrors;
use crate::web::page::PageContext;
use crate::web::{client_ip, render, see_other};

/// The "forgot password" form.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct RequestForm {
    pub email: String,
}

#[derive(Template)]
#[template(path = "accounts/reset_request.html")]
struct RequestPage {
    ctx: PageContext,
    email: String,
    errors: FormErrors,
    sent: bool,
}

/// `GET /password-reset`.
pub async fn show_request(ctx: PageContext) -> Result<HttpResponse, AppError> {
    render(
        StatusCode::OK,
        &RequestPage {
            ctx,
            email: String::new(),
            errors: FormErrors::new(),
            sent: false,
        },
    )
}

fn request_page(
    ctx: PageContext,
    email: String,
    errors: FormErrors,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let sent = false;
    render(
        status,
        &RequestPage {
            ctx,
            email,
            errors,
            sent,
        },
    )
}

impl Refusal for RequestForm {
    async fn refuse(self, req: HttpRequest) -> Result<HttpResponse, AppError> {
        let ctx = PageContext::of(&req).await?;
        request_page(ctx, self.email, FormErrors::forged(), StatusCode::FORBIDDEN)
    }
}

/// `POST /password-reset`: the same answer whether or not the address has an account.
pub async fn request(
    req: HttpRequest,
    ctx: PageContext,
    state: web::Data<AppState>,
    form: CsrfForm<RequestForm>,
) -> Result<HttpResponse, AppError> {
    let CsrfForm(input) = form;
    let fail = |ctx, errors, status| request_page(ctx, input.email.clone(), errors, status);
    let email = match EmailAddress::parse(&input.email) {
        Ok(email) => email,
        Err(e) => {
            let mut errors = FormErrors::new();
            errors.add("email", e);
            return fail(ctx, errors, StatusCode::UNPROCESSABLE_ENTITY);
        }
    };
    let ip_limit = [Limit::reset_ip(&client_ip(&req))];
    // Past the per-account limit the answer stays the same; only the email is not sent.
    let account_limit = [Limit::reset_account(email.as_str())];
    let (ip_limited, send) = state
        .db
        .run(move |conn| {
            if over_limit(conn, &ip_limit)? {
                return Ok::<_, AppError>((true, false));
            }
            Ok((false, !over_limit(conn, &account_limit)?))
        })
        .await?;
    // The answer waits only for the limits, the same work for every address; looking the
    // account up and queueing its link happen after it, so its timing says nothing about
    // whether the address has an account.
    if send {
        let state = state.clone();
        actix_web::rt::spawn(async move {
            let settings = state.settings.clone();
            let sent = state
                .db
                .run(move |conn| recovery::request_reset(conn, &settings, email.as_str()))
                .await;
            match sent {
                Ok(()) => state.wake_outbox(),
                Err(e) => tracing::error!(error = ?e, "queueing a password-reset link failed"),
            }
        });
    }
    if ip_limited {
        return fail(
            ctx,
            FormErrors::whole_form(
                "Too many reset requests from here. Please wait an hour and try again.",
            ),
            StatusCode::TOO_MANY_REQUESTS,
        );
    }
    render(
        StatusCode::OK,
        &RequestPage {
            ctx,
            email: input.email,
            errors: FormErrors::new(),
            sent: true,
        },
    )
}

/// The new-password form.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ConfirmForm {
    pub token: String,
    pub password: String,
}

#[derive(Template)]
#[template(path = "accounts/reset_confirm.html")]
struct ConfirmPage {
    ctx: PageContext,
    token: String,
    problem: Option<TokenProblem>,
    errors: FormErrors,
}

fn problem_page(ctx: PageContext, problem: TokenProblem) -> Result<HttpResponse, AppError> {
    render(
        token_status(problem),
        &ConfirmPage {
            ctx,
            token: String::new(),
            problem: Some(problem),
            errors: FormErrors::new(),
        },
    )
}

/// `GET /password-reset/confirm?token=`.
pub async fn show_confirm(
    ctx: PageContext,
    state: web::Data<AppState>,
    query: web::Query<TokenQuery>,
) -> Result<HttpResponse, AppError> {
    let token = query.into_inner().token;
    let lookup = token.clone();
    let found = state
        .db
        .run(move |conn| Ok::<_, AppError>(recovery::account_for_reset(conn, &lookup)))
        .await?;
    match found {
        Ok(_) => render(
            StatusCode::OK,
            &ConfirmPage {
                ctx,
                token,
                problem: None,
                errors: FormErrors::new(),
            },
        ),
        Err(AccountError::Token(problem)) => problem_page(ctx, problem),
        Err(other) => Err(other.into()),
    }
}

fn confirm_page(
    ctx: PageContext,
    token: String,
    errors: FormErrors,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let problem = None;
    render(
        status,
        &ConfirmPage {
            ctx,
            token,
            problem,
            errors,
        },
    )
}

impl Refusal for ConfirmForm {
    async fn refuse(self, req: HttpRequest) -> Result<HttpResponse, AppError> {
        let ctx = PageContext::of(&req).await?;
        confirm_page(ctx, self.token, FormErrors::forged(), StatusCode::FORBIDDEN)
    }
}

/// `POST /password-reset/confirm`.
pub async fn confirm(
    ctx: PageContext,
    state: web::Data<AppState>,
    form: CsrfForm<ConfirmForm>,
) -> Result<HttpResponse, AppError> {
    let CsrfForm(input) = form;
    let again = |ctx, errors, status| confirm_page(ctx, input.token.clone(), errors, status);
    let lookup = input.token.clone();
    let account = match state
        .db
        .run(move |conn| Ok::<_, AppError>(recovery::account_for_reset(conn, &lookup)))
        .await?
    {
        Ok(account) => account,
        Err(AccountError::Token(problem)) => return problem_page(ctx, problem),
        Err(other) => return Err(other.into()),
    };
    let password = match NewPassword::parse(&input.password, &account.email, &account.display_name)
    {
        Ok(password) => password,
        Err(e) => {
            let mut errors = FormErrors::new();
            errors.add("password", e);
            return again(ctx, errors, StatusCode::UNPROCESSABLE_ENTITY);
        }
    };
    let hash = password::hash(password).await?;
    let token = input.token.clone();
    match state
        .db
        .run(move |conn| Ok::<_, AppError>(recovery::reset_password(conn, &token, &hash)))
        .await?
    {
        Ok(_) => {
            state.wake_outbox();
            FlashMessage::success("Your password was changed and you were signed out everywhere. Sign in with the new password.").send();
            Ok(see_other("/login"))
        }
        Err(AccountError::Token(problem)) => problem_page(ctx, problem),
        Err(other) => Err(other.into()),
    }
}
