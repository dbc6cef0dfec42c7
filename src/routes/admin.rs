//! `/admin/...`: accounts and roles, suspension, the audit log and the approved domains.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use actix_web_flash_messages::FlashMessage;
use askama::Template;
use serde::Deserialize;

use crate::accounts::{AccountError, admin};
use crate::auth::{Admin, CsrfForm, Refusal};
use crate::db::audit::{self, Action, Entry};
use crate::db::domains::{self, ApprovedDomain};
use crate::db::users::{self, Member};
use crate::domain::country::{COUNTRIES, Country};
use crate::domain::email::parse_domain;
use crate::domain::text::clean_line;
use crate::domain::{AccountStatus, Role};
use crate::error::AppError;
use crate::state::AppState;
use crate::web::filters;
use crate::web::forms::FormErrors;
use crate::web::page::PageContext;
use crate::web::pagination::{PageQuery, Pager};
use crate::web::{render, see_other};

/// Registers the admin routes.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/admin").get(|| async { see_other("/admin/users") }))
        .service(web::resource("/admin/users").get(list_users))
        .service(web::resource("/admin/users/{id}").get(show_user))
        .service(web::resource("/admin/users/{id}/role").post(change_role))
        .service(
            web::resource("/admin/users/{id}/suspend")
                .get(confirm_suspend)
                .post(suspend),
        )
        .service(web::resource("/admin/users/{id}/reinstate").post(reinstate))
        .service(web::resource("/admin/audit").get(audit_log))
        .service(web::resource("/admin/settings").get(settings))
        .service(web::resource("/admin/settings/domains").post(add_domain))
        .service(web::resource("/admin/settings/domains/remove").post(remove_domain));
}

#[derive(Template)]
#[template(path = "admin/users.html")]
struct UsersPage {
    ctx: PageContext,
    users: Vec<Member>,
    pager: Pager,
    q: String,
    pager_base: String,
}

/// `GET /admin/users?q=&page=`.
pub async fn list_users(
    ctx: PageContext,
    _: Admin,
    state: web::Data<AppState>,
    query: web::Query<PageQuery>,
) -> Result<HttpResponse, AppError> {
    let query = query.into_inner();
    let mut pager = Pager::new(query.page.as_deref(), 50);
    let q: String = query
        .q
        .unwrap_or_default()
        .trim()
        .chars()
        .take(100)
        .collect();
    let needle = (!q.is_empty()).then(|| q.clone());
    let (offset, limit) = (pager.offset(), pager.per_page);
    let (users, total) = state
        .db
        .run(move |conn| {
            users::search(conn, needle.as_deref(), offset, limit).map_err(AppError::from)
        })
        .await?;
    pager.total = total;
    let pager_base = format!(
        "/admin/users?q={}&",
        url::form_urlencoded::byte_serialize(q.as_bytes()).collect::<String>()
    );
    render(
        StatusCode::OK,
        &UsersPage {
            ctx,
            users,
            pager,
            q,
            pager_base,
        },
    )
}

#[derive(Template)]
#[template(path = "admin/user.html")]
struct UserPage {
    ctx: PageContext,
    user: Member,
    history: Vec<String>,
    roles: &'static [Role],
    is_self: bool,
}

async fn load_member(state: &AppState, id: String) -> Result<Member, AppError> {
    state
        .db
        .run(move |conn| users::member(conn, &id).map_err(AppError::from))
        .await?
        .ok_or(AppError::NotFound)
}

/// `GET /admin/users/{id}`.
pub async fn show_user(
    ctx: PageContext,
    Admin(me): Admin,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let user = load_member(&state, path.into_inner()).await?;
    let id = user.id.clone();
    let history = state
        .db
        .run(move |conn| audit::actions_on(conn, &id).map_err(AppError::from))
        .await?
        .iter()
        .map(|a| Action::describe(a).to_owned())
        .collect();
    let is_self = user.id == me.id;
    render(
        StatusCode::OK,
        &UserPage {
            ctx,
            user,
            history,
            roles: Role::ALL,
            is_self,
        },
    )
}

/// The role form (also the reinstate button).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct RoleForm {
    pub role: String,
}

impl Refusal for RoleForm {}

fn account_error_message(e: &AccountError) -> Option<&'static str> {
    match e {
        AccountError::LastAdmin => Some("Not changed: Twinwise needs at least one active admin."),
        AccountError::SelfChange => {
            Some("Not changed: ask another admin to change your own role or status.")
        }
        _ => None,
    }
}

async fn apply(
    state: &AppState,
    back: &str,
    done: String,
    work: impl FnOnce(&mut crate::db::DbConn) -> Result<(), AccountError> + Send + 'static,
) -> Result<HttpResponse, AppError> {
    match state
        .db
        .run(move |conn| Ok::<_, AppError>(work(conn)))
        .await?
    {
        Ok(()) => FlashMessage::success(done).send(),
        Err(e) => match account_error_message(&e) {
            Some(message) => FlashMessage::error(message).send(),
            None => return Err(e.into()),
        },
    }
    Ok(see_other(back))
}

/// `POST /admin/users/{id}/role`.
pub async fn change_role(
    Admin(me): Admin,
    state: web::Data<AppState>,
    path: web::Path<String>,
    form: CsrfForm<RoleForm>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let back = format!("/admin/users/{id}");
    let Ok(role) = Role::parse(form.0.role.trim()) else {
        FlashMessage::error("Choose one of the listed roles.").send();
        return Ok(see_other(&back));
    };
    let target = load_member(&state, id.clone()).await?;
    let done = format!(
        "{} is now {}.",
        target.display_name,
        role.label().to_lowercase()
    );
    apply(&state, &back, done, move |conn| {
        admin::set_role(conn, &me, &id, role)
    })
    .await
}

#[derive(Template)]
#[template(path = "admin/suspend.html")]
struct SuspendPage {
    ctx: PageContext,
    user: Member,
    reason: String,
    errors: FormErrors,
}

/// `GET /admin/users/{id}/suspend`: asks for confirmation.
pub async fn confirm_suspend(
    ctx: PageContext,
    _: Admin,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let user = load_member(&state, path.into_inner()).await?;
    render(
        StatusCode::OK,
        &SuspendPage {
            ctx,
            user,
            reason: String::new(),
            errors: FormErrors::new(),
        },
    )
}

/// The suspension form.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct SuspendForm {
    pub reason: String,
}

impl Refusal for SuspendForm {
    async fn refuse(self, req: HttpRequest) -> Result<HttpResponse, AppError> {
        Admin::of(&req).await?;
        let state = AppState::of(&req)?;
        let id = req.match_info().get("id").unwrap_or_default().to_owned();
        let user = load_member(&state, id).await?;
        let ctx = PageContext::of(&req).await?;
        let errors = FormErrors::forged();
        render(
            StatusCode::FORBIDDEN,
            &SuspendPage {
                ctx,
                user,
                reason: self.reason,
                errors,
            },
        )
    }
}

/// `POST /admin/users/{id}/suspend`: suspends and ends the account's sessions at once.
pub async fn suspend(
    ctx: PageContext,
    Admin(me): Admin,
    state: web::Data<AppState>,
    path: web::Path<String>,
    form: CsrfForm<SuspendForm>,
) -> Result<HttpResponse, AppError> {
    let user = load_member(&state, path.into_inner()).await?;
    let CsrfForm(input) = form;
    let again = |ctx, user, errors, status| {
        render(
            status,
            &SuspendPage {
                ctx,
                user,
                reason: input.reason.clone(),
                errors,
            },
        )
    };
    let reason = match clean_line(&input.reason, "the reason", 500) {
        Ok(reason) => reason,
        Err(e) => {
            let mut errors = FormErrors::new();
            errors.add("reason", e);
            return again(ctx, user, errors, StatusCode::UNPROCESSABLE_ENTITY);
        }
    };
    let back = format!("/admin/users/{}", user.id);
    let done = format!(
        "{} is suspended and was signed out everywhere.",
        user.display_name
    );
    let id = user.id.clone();
    apply(&state, &back, done, move |conn| {
        admin::suspend(conn, &me, &id, &reason)
    })
    .await
}

/// `POST /admin/users/{id}/reinstate`.
pub async fn reinstate(
    Admin(me): Admin,
    state: web::Data<AppState>,
    path: web::Path<String>,
    _: CsrfForm<RoleForm>,
) -> Result<HttpResponse, AppError> {
    let user = load_member(&state, path.into_inner()).await?;
    let back = format!("/admin/users/{}", user.id);
    let done = format!("{} is active again.", user.display_name);
    let id = user.id.clone();
    apply(&state, &back, done, move |conn| {
        admin::reinstate(conn, &me, &id)
    })
    .await
}

#[derive(Template)]
#[template(path = "admin/audit.html")]
struct AuditPage {
    ctx: PageContext,
    entries: Vec<Entry>,
    pager: Pager,
}

impl AuditPage {
    fn label(&self, action: &str) -> &'static str {
        Action::describe(action)
    }
}

/// `GET /admin/audit`.
pub async fn audit_log(
    ctx: PageContext,
    _: Admin,
    state: web::Data<AppState>,
    query: web::Query<PageQuery>,
) -> Result<HttpResponse, AppError> {
    let mut pager = Pager::new(query.page.as_deref(), 50);
    let (offset, limit) = (pager.offset(), pager.per_page);
    let (entries, total) = state
        .db
        .run(move |conn| audit::page(conn, offset, limit).map_err(AppError::from))
        .await?;
    pager.total = total;
    render(
        StatusCode::OK,
        &AuditPage {
            ctx,
            entries,
            pager,
        },
    )
}

#[derive(Template)]
#[template(path = "admin/settings.html")]
struct SettingsPage {
    ctx: PageContext,
    domains: Vec<ApprovedDomain>,
    domain: String,
    country: String,
    errors: FormErrors,
}

impl SettingsPage {
    fn countries(&self) -> &'static [Country] {
        COUNTRIES
    }
    fn country_name(&self, code: &str) -> Option<&'static str> {
        Country::from_code(code).map(|c| c.name)
    }
}

async fn settings_page(
    ctx: PageContext,
    state: &AppState,
    form: DomainForm,
    errors: FormErrors,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let domains = state
        .db
        .run(|conn| domains::list(conn).map_err(AppError::from))
        .await?;
    render(
        status,
        &SettingsPage {
            ctx,
            domains,
            domain: form.domain,
            country: form.country,
            errors,
        },
    )
}

/// `GET /admin/settings`.
pub async fn settings(
    ctx: PageContext,
    _: Admin,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    settings_page(
        ctx,
        &state,
        DomainForm::default(),
        FormErrors::new(),
        StatusCode::OK,
    )
    .await
}

/// The form that adds a domain.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct DomainForm {
    pub domain: String,
    /// The country whose registrants at this domain are approved.
    pub country: String,
}

impl Refusal for DomainForm {
    async fn refuse(self, req: HttpRequest) -> Result<HttpResponse, AppError> {
        Admin::of(&req).await?;
        let (ctx, state) = (PageContext::of(&req).await?, AppState::of(&req)?);
        let errors = FormErrors::forged();
        settings_page(ctx, &state, self, errors, StatusCode::FORBIDDEN).await
    }
}

/// The remove button of a listed domain.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct RemoveDomainForm {
    pub domain: String,
}

impl Refusal for RemoveDomainForm {}

/// `POST /admin/settings/domains`.
pub async fn add_domain(
    ctx: PageContext,
    Admin(me): Admin,
    state: web::Data<AppState>,
    form: CsrfForm<DomainForm>,
) -> Result<HttpResponse, AppError> {
    let CsrfForm(input) = form;
    let mut errors = FormErrors::new();
    let domain = parse_domain(&input.domain)
        .map_err(|_| errors.add("domain", "Enter a domain like prague.eu."))
        .ok();
    let country = errors.check("country", Country::parse(&input.country));
    let (Some(domain), Some(country)) = (domain, country) else {
        return settings_page(ctx, &state, input, errors, StatusCode::UNPROCESSABLE_ENTITY).await;
    };
    let added = domain.clone();
    let inserted = state
        .db
        .run(move |conn| admin::add_domain(conn, &me, &added, country).map_err(AppError::from))
        .await?;
    if inserted {
        FlashMessage::success(format!(
            "Verified registrants from {domain} who name {} as their country are now approved automatically.",
            country.name
        ))
        .send();
    } else {
        FlashMessage::info(format!(
            "{domain} was already on the list for {}.",
            country.name
        ))
        .send();
    }
    Ok(see_other("/admin/settings"))
}

/// `POST /admin/settings/domains/remove`.
pub async fn remove_domain(
    Admin(me): Admin,
    state: web::Data<AppState>,
    form: CsrfForm<RemoveDomainForm>,
) -> Result<HttpResponse, AppError> {
    let CsrfForm(input) = form;
    // Anything that is not a domain cannot be on the list (and never reaches the database).
    let Ok(domain) = parse_domain(&input.domain) else {
        FlashMessage::info("That domain was not on the list.").send();
        return Ok(see_other("/admin/settings"));
    };
    let removed_domain = domain.clone();
    let removed = state
        .db
        .run(move |conn| admin::remove_domain(conn, &me, &removed_domain).map_err(AppError::from))
        .await?;
    if removed {
        FlashMessage::success(format!(
            "{domain} was removed; its registrants now wait for a moderator."
        ))
        .send();
    } else {
        FlashMessage::info("That domain was not on the list.").send();
    }
    Ok(see_other("/admin/settings"))
}
