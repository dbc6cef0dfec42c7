//! `/account` and `/account/security`: the member's details, password and email address.

use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use actix_web_flash_messages::FlashMessage;
use askama::Template;
use serde::Deserialize;

use super::{TokenQuery, token_status};
use crate::accounts::{AccountError, TokenProblem, inspect_token, security};
use crate::auth::password::{self, Verdict};
use crate::auth::rate_limit::{Limit, take};
use crate::auth::{CsrfForm, CurrentUser, Refusal};
use crate::db::tokens::Purpose;
use crate::db::users::{self, Member};
use crate::domain::{EmailAddress, NewPassword};
use crate::error::AppError;
use crate::state::AppState;
use crate::web::filters;
use crate::web::forms::FormErrors;
use crate::web::page::PageContext;
use crate::web::{render, see_other};

#[derive(Template)]
#[template(path = "accounts/account.html")]
struct AccountPage {
    ctx: PageContext,
    me: Member,
    /// The member's own cases, drafts included, most recently changed first.
    cases: Vec<crate::db::cases::CaseCard>,
    /// The member's suggested edits to playbooks, newest first.
    suggestions: Vec<crate::db::playbooks::SuggestionEntry>,
}

/// `GET /account`: the member's details and their own cases.
pub async fn account(
    ctx: PageContext,
    user: CurrentUser,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let reader = ctx.viewer.reader();
    let me_id = user.id.clone();
    let (cases, suggestions) = state
        .db
        .run(move |conn| {
            let rows = crate::db::cases::by_author(conn, &me_id, 100)?;
            let cases = crate::db::cases::cards(conn, reader.as_reader(), rows)?;
            // Named only while the member may still read the playbook.
            let suggestions = crate::db::playbooks::suggestions(
                conn,
                None,
                None,
                Some(&me_id),
                Some(reader.as_reader()),
                50,
            )?;
            Ok::<_, AppError>((cases, suggestions))
        })
        .await?;
    render(
        StatusCode::OK,
        &AccountPage {
            ctx,
            me: user.0,
            cases,
            suggestions,
        },
    )
}

/// The change-password form.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct PasswordForm {
    pub current_password: String,
    pub new_password: String,
}

/// The change-email form.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct EmailForm {
    pub new_email: String,
    pub email_password: String,
}

impl Refusal for PasswordForm {
    async fn refuse(self, req: HttpRequest) -> Result<HttpResponse, AppError> {
        let (ctx, me) = (PageContext::of(&req).await?, CurrentUser::of(&req).await?);
        let (none, forged) = (FormErrors::new(), FormErrors::forged());
        page(ctx, me, String::new(), forged, none, StatusCode::FORBIDDEN)
    }
}

impl Refusal for EmailForm {
    async fn refuse(self, req: HttpRequest) -> Result<HttpResponse, AppError> {
        let (ctx, me) = (PageContext::of(&req).await?, CurrentUser::of(&req).await?);
        let (none, forged) = (FormErrors::new(), FormErrors::forged());
        page(ctx, me, self.new_email, none, forged, StatusCode::FORBIDDEN)
    }
}

#[derive(Template)]
#[template(path = "accounts/security.html")]
struct SecurityPage {
    ctx: PageContext,
    me: Member,
    new_email: String,
    password_errors: FormErrors,
    email_errors: FormErrors,
}

fn page(
    ctx: PageContext,
    me: Member,
    new_email: String,
    password_errors: FormErrors,
    email_errors: FormErrors,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    render(
        status,
        &SecurityPage {
            ctx,
            me,
            new_email,
            password_errors,
            email_errors,
        },
    )
}

/// `GET /account/security`.
pub async fn show(ctx: PageContext, user: CurrentUser) -> Result<HttpResponse, AppError> {
    page(
        ctx,
        user.0,
        String::new(),
        FormErrors::new(),
        FormErrors::new(),
        StatusCode::OK,
    )
}

/// What checking the current password found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Current {
    Right,
    Wrong,
    /// Too many wrong passwords lately: not checked.
    Limited,
}

/// Checks the current password of the signed-in member, at most
/// [`Limit::current_password`] wrong ones in a row (a stolen session must not become a way to
/// guess the password); a right one is not counted.
async fn current_password(
    state: &AppState,
    user_id: &str,
    candidate: String,
) -> Result<Current, AppError> {
    let id = user_id.to_owned();
    let limit = [Limit::current_password(user_id)];
    let Some((taken, stored)) = state
        .db
        .run(move |conn| {
            let Some(taken) = take(conn, &limit)? else {
                return Ok::<_, AppError>(None);
            };
            Ok(Some((
                taken,
                users::find(conn, &id)?.map(|u| u.password_hash),
            )))
        })
        .await?
    else {
        return Ok(Current::Limited);
    };
    if !matches!(
        password::verify(candidate, stored).await?,
        Verdict::Match { .. }
    ) {
        return Ok(Current::Wrong);
    }
    state
        .db
        .run(move |conn| taken.give_back(conn).map_err(AppError::from))
        .await?;
    Ok(Current::Right)
}

const WRONG_CURRENT: &str = "Your current password is not right.";
const TOO_MANY_WRONG: &str =
    "Too many wrong passwords. For your account's safety, wait 15 minutes and try again.";

/// The field error and status for a current password that did not pass.
fn current_refused(found: Current) -> (&'static str, StatusCode) {
    if found == Current::Limited {
        (TOO_MANY_WRONG, StatusCode::TOO_MANY_REQUESTS)
    } else {
        (WRONG_CURRENT, StatusCode::UNPROCESSABLE_ENTITY)
    }
}

/// `POST /account/password`: needs the current password; signs out every other session.
pub async fn change_password(
    ctx: PageContext,
    user: CurrentUser,
    session: Session,
    state: web::Data<AppState>,
    form: CsrfForm<PasswordForm>,
) -> Result<HttpResponse, AppError> {
    let CsrfForm(input) = form;
    let me = user.0;
    let fail =
        |ctx, me, errors, status| page(ctx, me, String::new(), errors, FormErrors::new(), status);
    let found = current_password(&state, &me.id, input.current_password.clone()).await?;
    if found != Current::Right {
        let (message, status) = current_refused(found);
        let mut errors = FormErrors::new();
        errors.add("current_password", message);
        return fail(ctx, me, errors, status);
    }
    let new_password = match NewPassword::parse(&input.new_password, &me.email, &me.display_name) {
        Ok(p) => p,
        Err(e) => {
            let mut errors = FormErrors::new();
            errors.add("new_password", e);
            return fail(ctx, me, errors, StatusCode::UNPROCESSABLE_ENTITY);
        }
    };
    let hash = password::hash(new_password).await?;
    let id = me.id.clone();
    state
        .db
        .run(move |conn| security::change_password(conn, &id, &hash).map_err(AppError::from))
        .await?;
    state.wake_outbox();
    // Every session row of the account is gone; this one is saved again under a new id.
    session.renew();
    FlashMessage::success("Your password was changed. Other devices were signed out.").send();
    Ok(see_other("/account/security"))
}

/// `POST /account/email`: needs the password; the new address must confirm by link.
pub async fn change_email(
    ctx: PageContext,
    user: CurrentUser,
    state: web::Data<AppState>,
    form: CsrfForm<EmailForm>,
) -> Result<HttpResponse, AppError> {
    let CsrfForm(input) = form;
    let me = user.0;
    let fail = |ctx, me, errors, status| {
        page(
            ctx,
            me,
            input.new_email.clone(),
            FormErrors::new(),
            errors,
            status,
        )
    };
    let mut errors = FormErrors::new();
    let new_email = errors.check("new_email", EmailAddress::parse(&input.new_email));
    if new_email.as_ref().is_some_and(|e| e.as_str() == me.email) {
        errors.add("new_email", "This is already your email address.");
    }
    let found = current_password(&state, &me.id, input.email_password.clone()).await?;
    let mut status = StatusCode::UNPROCESSABLE_ENTITY;
    if found != Current::Right {
        let (message, refused) = current_refused(found);
        errors.add("email_password", message);
        status = refused;
    }
    let Some(new_email) = new_email.filter(|_| errors.is_empty()) else {
        return fail(ctx, me, errors, status);
    };
    let settings = state.settings.clone();
    let (id, target) = (me.id.clone(), new_email.clone());
    match state
        .db
        .run(move |conn| {
            Ok::<_, AppError>(security::request_email_change(
                conn, &settings, &id, &target,
            ))
        })
        .await?
    {
        Ok(()) => {
            state.wake_outbox();
            FlashMessage::info(format!("We sent an email to {new_email}: follow its confirmation link to make the change. If that address already belongs to a Twinwise account, the email says so instead, and nothing changes.")).send();
            Ok(see_other("/account/security"))
        }
        Err(other) => Err(other.into()),
    }
}

#[derive(Template)]
#[template(path = "accounts/email_confirm.html")]
struct EmailConfirmPage {
    ctx: PageContext,
    token: String,
    problem: Option<TokenProblem>,
    error: Option<&'static str>,
}

fn confirm_page(
    ctx: PageContext,
    token: String,
    problem: Option<TokenProblem>,
    error: Option<&'static str>,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    render(
        status,
        &EmailConfirmPage {
            ctx,
            token,
            problem,
            error,
        },
    )
}

/// `GET /account/email/confirm?token=`: a button, so that link scanners change nothing.
pub async fn show_email_confirm(
    ctx: PageContext,
    state: web::Data<AppState>,
    query: web::Query<TokenQuery>,
) -> Result<HttpResponse, AppError> {
    let token = query.into_inner().token;
    let lookup = token.clone();
    match state
        .db
        .run(move |conn| Ok::<_, AppError>(inspect_token(conn, &lookup, Purpose::ChangeEmail)))
        .await?
    {
        Ok(_) => confirm_page(ctx, token, None, None, StatusCode::OK),
        Err(AccountError::Token(problem)) => confirm_page(
            ctx,
            String::new(),
            Some(problem),
            None,
            token_status(problem),
        ),
        Err(other) => Err(other.into()),
    }
}

/// The confirm button of an email-change link.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ConfirmEmailForm {
    pub token: String,
}

impl Refusal for ConfirmEmailForm {
    async fn refuse(self, req: HttpRequest) -> Result<HttpResponse, AppError> {
        let ctx = PageContext::of(&req).await?;
        let error = Some(crate::auth::csrf::CSRF_FAILED);
        confirm_page(ctx, self.token, None, error, StatusCode::FORBIDDEN)
    }
}

/// `POST /account/email/confirm`.
pub async fn confirm_email(
    ctx: PageContext,
    state: web::Data<AppState>,
    form: CsrfForm<ConfirmEmailForm>,
) -> Result<HttpResponse, AppError> {
    let CsrfForm(input) = form;
    match state
        .db
        .run(move |conn| Ok::<_, AppError>(security::confirm_email_change(conn, &input.token)))
        .await?
    {
        Ok(new_email) => {
            state.wake_outbox();
            FlashMessage::success(format!("Your email address is now {new_email}.")).send();
            let target = if ctx.user().is_some() {
                "/account"
            } else {
                "/login"
            };
            Ok(see_other(target))
        }
        Err(AccountError::Token(problem)) => confirm_page(
            ctx,
            String::new(),
            Some(problem),
            None,
            token_status(problem),
        ),
        Err(AccountError::EmailTaken) => confirm_page(
            ctx,
            String::new(),
            None,
            Some(
                "Another account started using this address meanwhile, so the change was not made.",
            ),
            StatusCode::CONFLICT,
        ),
        Err(other) => Err(other.into()),
    }
}
