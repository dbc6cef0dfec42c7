//! `/login` and `/logout`.

use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use actix_web_flash_messages::FlashMessage;
use askama::Template;
use serde::Deserialize;

use crate::accounts::sign_in::{self, Attempt, Outcome};
use crate::auth::{CsrfForm, EmptyForm, Refusal, SESSION_USER, csrf, device};
use crate::domain::EmailAddress;
use crate::error::AppError;
use crate::state::AppState;
use crate::web::forms::FormErrors;
use crate::web::page::PageContext;
use crate::web::{client_ip, render, safe_next, see_other};

/// The sign-in form.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct LoginForm {
    pub email: String,
    pub password: String,
    pub next: String,
}

/// `?next=` on the sign-in page.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct NextQuery {
    pub next: String,
}

#[derive(Template)]
#[template(path = "accounts/login.html")]
struct LoginPage {
    ctx: PageContext,
    email: String,
    next: String,
    errors: FormErrors,
}

const WRONG: &str = "The email address or password is not right.";
const LIMITED: &str = "Too many failed sign-in attempts. Wait 15 minutes, or reset your password.";

fn page(
    ctx: PageContext,
    email: String,
    next: String,
    errors: FormErrors,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    render(
        status,
        &LoginPage {
            ctx,
            email,
            next,
            errors,
        },
    )
}

/// `GET /login`.
pub async fn show(
    ctx: PageContext,
    query: web::Query<NextQuery>,
) -> Result<HttpResponse, AppError> {
    let next = safe_next(Some(&query.next)).to_owned();
    if ctx.user().is_some() {
        return Ok(see_other(&next));
    }
    page(ctx, String::new(), next, FormErrors::new(), StatusCode::OK)
}

impl Refusal for LoginForm {
    async fn refuse(self, req: HttpRequest) -> Result<HttpResponse, AppError> {
        let next = safe_next(Some(&self.next)).to_owned();
        let ctx = PageContext::of(&req).await?;
        page(
            ctx,
            self.email,
            next,
            FormErrors::forged(),
            StatusCode::FORBIDDEN,
        )
    }
}

/// `POST /login`.
pub async fn submit(
    req: HttpRequest,
    ctx: PageContext,
    session: Session,
    state: web::Data<AppState>,
    form: CsrfForm<LoginForm>,
) -> Result<HttpResponse, AppError> {
    let CsrfForm(input) = form;
    let next = safe_next(Some(&input.next)).to_owned();
    let fail = |ctx, errors, status| page(ctx, input.email.clone(), next.clone(), errors, status);
    let Ok(email) = EmailAddress::parse(&input.email) else {
        return fail(ctx, FormErrors::whole_form(WRONG), StatusCode::UNAUTHORIZED);
    };
    let known_device =
        device::known_account(&req, &state.cookie_key).as_deref() == Some(email.as_str());
    let attempt = Attempt {
        email,
        password: input.password.clone(),
        ip: client_ip(&req),
        known_device,
    };
    let user = match sign_in::attempt(&state.db, state.settings.clone(), attempt).await? {
        Outcome::Welcome(user) => user,
        Outcome::Limited => {
            let errors = FormErrors::whole_form(LIMITED);
            return fail(ctx, errors, StatusCode::TOO_MANY_REQUESTS);
        }
        Outcome::Wrong => {
            return fail(ctx, FormErrors::whole_form(WRONG), StatusCode::UNAUTHORIZED);
        }
        Outcome::NotActive(message) => {
            state.wake_outbox();
            return fail(ctx, FormErrors::whole_form(message), StatusCode::FORBIDDEN);
        }
    };
    // A fresh session id at sign-in defeats session fixation.
    session.renew();
    session
        .insert(SESSION_USER, &user.id)
        .map_err(|e| AppError::Internal(anyhow::anyhow!(e.to_string())))?;
    csrf::rotate(&session);
    FlashMessage::success(format!("Welcome back, {}.", user.display_name)).send();
    let mut response = see_other(&next);
    response
        .add_cookie(&device::cookie(
            &state.cookie_key,
            &user.email,
            state.settings.is_https(),
        ))
        .map_err(|e| AppError::Internal(anyhow::anyhow!(e.to_string())))?;
    Ok(response)
}

/// `POST /logout`: deletes the session row and cookie.
pub async fn logout(session: Session, _: CsrfForm<EmptyForm>) -> Result<HttpResponse, AppError> {
    session.purge();
    FlashMessage::info("You are signed out.").send();
    Ok(see_other("/"))
}
