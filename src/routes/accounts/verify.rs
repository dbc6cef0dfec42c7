//! `/verify-email`: the link in the verification email shows a confirm button (a GET never
//! changes anything, and mail scanners that prefetch links must not use the token up).

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::{TokenQuery, token_status};
use crate::accounts::registration::{self, Verified};
use crate::accounts::{AccountError, TokenProblem, inspect_token};
use crate::auth::rate_limit::{Limit, over_limit};
use crate::auth::{CsrfForm, Refusal};
use crate::db::tokens::Purpose;
use crate::domain::EmailAddress;
use crate::error::AppError;
use crate::state::AppState;
use crate::web::forms::FormErrors;
use crate::web::page::PageContext;
use crate::web::{client_ip, render};

/// What the verification page shows.
enum Stage {
    /// A valid link: the button to confirm.
    Confirm {
        token: String,
        error: Option<&'static str>,
    },
    /// The link cannot be used.
    Problem(TokenProblem),
    /// Done.
    Verified(Verified),
}

#[derive(Template)]
#[template(path = "accounts/verify.html")]
struct VerifyPage {
    ctx: PageContext,
    stage: Stage,
}

/// `GET /verify-email?token=`.
pub async fn show(
    ctx: PageContext,
    state: web::Data<AppState>,
    query: web::Query<TokenQuery>,
) -> Result<HttpResponse, AppError> {
    let token = query.into_inner().token;
    let lookup = token.clone();
    let found = state
        .db
        .run(move |conn| Ok::<_, AppError>(inspect_token(conn, &lookup, Purpose::VerifyEmail)))
        .await?;
    match found {
        Ok(_) => render(
            StatusCode::OK,
            &VerifyPage {
                ctx,
                stage: Stage::Confirm { token, error: None },
            },
        ),
        Err(AccountError::Token(problem)) => render(
            token_status(problem),
            &VerifyPage {
                ctx,
                stage: Stage::Problem(problem),
            },
        ),
        Err(other) => Err(other.into()),
    }
}

/// The confirm button of a verification link.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ConfirmAddressForm {
    pub token: String,
}

impl Refusal for ConfirmAddressForm {
    async fn refuse(self, req: HttpRequest) -> Result<HttpResponse, AppError> {
        let ctx = PageContext::of(&req).await?;
        let stage = Stage::Confirm {
            token: self.token,
            error: Some(crate::auth::csrf::CSRF_FAILED),
        };
        render(StatusCode::FORBIDDEN, &VerifyPage { ctx, stage })
    }
}

/// `POST /verify-email`.
pub async fn confirm(
    ctx: PageContext,
    state: web::Data<AppState>,
    form: CsrfForm<ConfirmAddressForm>,
) -> Result<HttpResponse, AppError> {
    let CsrfForm(input) = form;
    let settings = state.settings.clone();
    let outcome = state
        .db
        .run(move |conn| {
            Ok::<_, AppError>(registration::confirm_email(conn, &settings, &input.token))
        })
        .await?;
    match outcome {
        Ok(verified) => {
            state.wake_outbox();
            render(
                StatusCode::OK,
                &VerifyPage {
                    ctx,
                    stage: Stage::Verified(verified),
                },
            )
        }
        Err(AccountError::Token(problem)) => render(
            token_status(problem),
            &VerifyPage {
                ctx,
                stage: Stage::Problem(problem),
            },
        ),
        Err(other) => Err(other.into()),
    }
}

/// The "send me a new link" form.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ResendForm {
    pub email: String,
}

#[derive(Template)]
#[template(path = "accounts/resend.html")]
struct ResendPage {
    ctx: PageContext,
    email: String,
    errors: FormErrors,
    sent: bool,
}

/// `GET /verify-email/resend`.
pub async fn show_resend(ctx: PageContext) -> Result<HttpResponse, AppError> {
    render(
        StatusCode::OK,
        &ResendPage {
            ctx,
            email: String::new(),
            errors: FormErrors::new(),
            sent: false,
        },
    )
}

fn resend_page(
    ctx: PageContext,
    email: String,
    errors: FormErrors,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let sent = false;
    render(
        status,
        &ResendPage {
            ctx,
            email,
            errors,
            sent,
        },
    )
}

impl Refusal for ResendForm {
    async fn refuse(self, req: HttpRequest) -> Result<HttpResponse, AppError> {
        let ctx = PageContext::of(&req).await?;
        resend_page(ctx, self.email, FormErrors::forged(), StatusCode::FORBIDDEN)
    }
}

/// `POST /verify-email/resend`: answers the same whether or not the address has an account.
pub async fn resend(
    req: HttpRequest,
    ctx: PageContext,
    state: web::Data<AppState>,
    form: CsrfForm<ResendForm>,
) -> Result<HttpResponse, AppError> {
    let CsrfForm(input) = form;
    let fail = |ctx, errors, status| resend_page(ctx, input.email.clone(), errors, status);
    let email = match EmailAddress::parse(&input.email) {
        Ok(email) => email,
        Err(e) => {
            let mut errors = FormErrors::new();
            errors.add("email", e);
            return fail(ctx, errors, StatusCode::UNPROCESSABLE_ENTITY);
        }
    };
    let ip_limit = [Limit::reset_ip(&client_ip(&req))];
    let account_limit = [Limit::resend_verification(email.as_str())];
    let settings = state.settings.clone();
    let ip_limited = state
        .db
        .run(move |conn| {
            if over_limit(conn, &ip_limit)? {
                return Ok(true);
            }
            if !over_limit(conn, &account_limit)? {
                registration::resend_verification(conn, &settings, email.as_str())?;
            }
            Ok::<_, AppError>(false)
        })
        .await?;
    if ip_limited {
        return fail(
            ctx,
            FormErrors::whole_form(
                "Too many requests from here. Please wait an hour and try again.",
            ),
            StatusCode::TOO_MANY_REQUESTS,
        );
    }
    state.wake_outbox();
    render(
        StatusCode::OK,
        &ResendPage {
            ctx,
            email: input.email,
            errors: FormErrors::new(),
            sent: true,
        },
    )
}
