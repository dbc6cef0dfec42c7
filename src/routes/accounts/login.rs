//! `/login` and `/logout`.

use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use actix_web_flash_messages::FlashMessage;
use askama::Template;
use serde::Deserialize;

use crate::accounts::registration;
use crate::auth::csrf::Refusal;
use crate::auth::password::{self, Verdict};
use crate::auth::rate_limit::Limit;
use crate::auth::{CsrfForm, EmptyForm, SESSION_USER, csrf, device};
use crate::db::users::{self, UserRow};
use crate::domain::{AccountStatus, EmailAddress};
use crate::error::AppError;
use crate::startup::AppState;
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

/// Why a correct password still does not sign the person in.
fn not_active_message(user: &UserRow) -> Option<&'static str> {
    if user.email_verified_at.is_none() {
        return Some("Confirm your email address first: we have sent you a new link.");
    }
    match user.status() {
        AccountStatus::Active => None,
        AccountStatus::Pending => Some(
            "Your account is waiting for a moderator's approval. We will email you when it is approved.",
        ),
        AccountStatus::Rejected => Some("Your registration was not approved."),
        AccountStatus::Suspended => {
            Some("This account is suspended. Contact the Twinwise moderators.")
        }
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

    // The per-account limit applies to browsers the account has not signed in from;
    // its usual browser has its own bucket, so an attacker cannot lock the owner out.
    let ip_limit = Limit::login_ip(&client_ip(&req));
    let account_limit = match device::known_account(&req, &state.cookie_key) {
        Some(known) if known == email.as_str() => Limit::login_known_device(email.as_str()),
        _ => Limit::login_account(email.as_str()),
    };
    let lookup = email.clone();
    let limits = vec![ip_limit, account_limit];
    let checked = limits.clone();
    let (limited, user) = state
        .db
        .run(move |conn| {
            let mut limited = false;
            for limit in &checked {
                limited |= limit.exceeded(conn)?;
            }
            let user = users::find_by_email(conn, lookup.as_str())?;
            Ok::<_, AppError>((limited, user))
        })
        .await?;
    // Verify even when limited or unknown, so that every path costs one hash.
    let verdict = password::verify(
        input.password.clone(),
        user.as_ref().map(|u| u.password_hash.clone()),
    )
    .await?;
    if limited {
        return fail(
            ctx,
            FormErrors::whole_form(LIMITED),
            StatusCode::TOO_MANY_REQUESTS,
        );
    }
    let (user, rehash) = match (verdict, user) {
        (Verdict::Match { rehash }, Some(user)) => (user, rehash),
        _ => {
            state
                .db
                .run(move |conn| {
                    limits
                        .iter()
                        .try_for_each(|l| l.hit(conn))
                        .map_err(AppError::from)
                })
                .await?;
            return fail(ctx, FormErrors::whole_form(WRONG), StatusCode::UNAUTHORIZED);
        }
    };
    if let Some(message) = not_active_message(&user) {
        if user.email_verified_at.is_none() {
            let settings = state.settings.clone();
            let (email, resend_limit) = (
                user.email.clone(),
                [Limit::resend_verification(&user.email)],
            );
            state
                .db
                .run(move |conn| {
                    if !crate::auth::rate_limit::over_limit(conn, &resend_limit)? {
                        registration::resend_verification(conn, &settings, &email)?;
                    }
                    Ok::<_, AppError>(())
                })
                .await?;
            state.wake_outbox();
        }
        return fail(ctx, FormErrors::whole_form(message), StatusCode::FORBIDDEN);
    }

    if rehash {
        let id = user.id.clone();
        let new_hash = password::rehash(input.password.clone()).await?;
        state
            .db
            .run(move |conn| users::set_password_hash(conn, &id, &new_hash).map_err(AppError::from))
            .await?;
    }
    state
        .db
        .run(move |conn| {
            limits[1..]
                .iter()
                .try_for_each(|l| l.clear(conn))
                .map_err(AppError::from)
        })
        .await?;

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
