//! `/register`: the registration form.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use crate::accounts::registration::{self, Registration};
use crate::auth::password;
use crate::auth::rate_limit::{Limit, over_limit};
use crate::auth::{CsrfForm, Refusal};
use crate::domain::country::COUNTRIES;
use crate::domain::{CityName, Country, DisplayName, EmailAddress, NewPassword, Position};
use crate::error::AppError;
use crate::state::AppState;
use crate::web::forms::FormErrors;
use crate::web::page::PageContext;
use crate::web::{client_ip, render, see_other};

/// The registration form as typed.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct RegisterForm {
    pub email: String,
    pub display_name: String,
    pub city: String,
    pub country: String,
    pub position: String,
    pub password: String,
}

impl RegisterForm {
    /// Validates every field, collecting all the errors at once.
    fn parse(&self) -> Result<(Registration, NewPassword), FormErrors> {
        let mut errors = FormErrors::new();
        let email = errors.check("email", EmailAddress::parse(&self.email));
        let display_name = errors.check("display_name", DisplayName::parse(&self.display_name));
        let city = errors.check("city", CityName::parse(&self.city));
        let country = errors.check("country", Country::parse(&self.country));
        let position = errors.check("position", Position::parse(&self.position));
        let password = errors.check(
            "password",
            NewPassword::parse(&self.password, &self.email, &self.display_name),
        );
        match (email, display_name, city, country, position, password) {
            (
                Some(email),
                Some(display_name),
                Some(city),
                Some(country),
                Some(position),
                Some(password),
            ) if errors.is_empty() => Ok((
                Registration {
                    email,
                    display_name,
                    city,
                    country,
                    position,
                },
                password,
            )),
            _ => Err(errors),
        }
    }
}

#[derive(Template)]
#[template(path = "accounts/register.html")]
struct RegisterPage {
    ctx: PageContext,
    form: RegisterForm,
    errors: FormErrors,
    countries: &'static [Country],
}

#[derive(Template)]
#[template(path = "accounts/register_done.html")]
struct DonePage {
    ctx: PageContext,
}

fn page(
    ctx: PageContext,
    mut form: RegisterForm,
    errors: FormErrors,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    // Never send a password back to the browser.
    form.password.clear();
    render(
        status,
        &RegisterPage {
            ctx,
            form,
            errors,
            countries: COUNTRIES,
        },
    )
}

/// `GET /register`.
pub async fn show(ctx: PageContext) -> Result<HttpResponse, AppError> {
    if ctx.user().is_some() {
        return Ok(see_other("/account"));
    }
    page(
        ctx,
        RegisterForm::default(),
        FormErrors::new(),
        StatusCode::OK,
    )
}

impl Refusal for RegisterForm {
    async fn refuse(self, req: HttpRequest) -> Result<HttpResponse, AppError> {
        let ctx = PageContext::of(&req).await?;
        page(ctx, self, FormErrors::forged(), StatusCode::FORBIDDEN)
    }
}

/// `POST /register`.
pub async fn submit(
    req: HttpRequest,
    ctx: PageContext,
    state: web::Data<AppState>,
    form: CsrfForm<RegisterForm>,
) -> Result<HttpResponse, AppError> {
    let CsrfForm(input) = form;
    let (registration, password) = match input.parse() {
        Ok(parsed) => parsed,
        Err(errors) => return page(ctx, input, errors, StatusCode::UNPROCESSABLE_ENTITY),
    };
    let limits = [
        Limit::register_ip(&client_ip(&req)),
        Limit::register_email(registration.email.as_str()),
    ];
    let limited = state
        .db
        .run(move |conn| over_limit(conn, &limits).map_err(AppError::from))
        .await?;
    if limited {
        let errors = FormErrors::whole_form(
            "Too many registrations from here in the last hour. Please wait and try again later.",
        );
        return page(ctx, input, errors, StatusCode::TOO_MANY_REQUESTS);
    }
    let hash = password::hash(password).await?;
    let settings = state.settings.clone();
    let outcome = state
        .db
        .run(move |conn| {
            Ok::<_, AppError>(registration::register(
                conn,
                &settings,
                &registration,
                &hash,
            ))
        })
        .await?;
    // A taken address answers exactly like a free one; its holder is emailed instead.
    outcome?;
    state.wake_outbox();
    Ok(see_other("/register/done"))
}

/// `GET /register/done`: what happens next.
pub async fn done(ctx: PageContext) -> Result<HttpResponse, AppError> {
    crate::web::ok(&DonePage { ctx })
}
