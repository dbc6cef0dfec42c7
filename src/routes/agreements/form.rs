//! `/agreements/new` (particulars and the first text, pasted or uploaded) and
//! `/agreements/{id}/edit` (the particulars).

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use actix_web_flash_messages::FlashMessage;
use askama::Template;
use serde::Deserialize;

use super::{TextFields, form_errors, new_text};
use crate::agreements::{intake, language, reading};
use crate::auth::{CsrfForm, CsrfUpload, CurrentUser, Refusal};
use crate::db::partnerships::{self, PartnershipRow};
use crate::db::users::Member;
use crate::domain::agreement::{
    AgreementFields, AgreementInput, AgreementStatus, PartnershipKind, PeriodUnit, Renewal,
    TEXT_MAX_BYTES,
};
use crate::domain::country::{COUNTRIES, Country};
use crate::domain::policy;
use crate::domain::sensitivity::Tlp;
use crate::error::AppError;
use crate::routes::playbooks::errors_from;
use crate::state::AppState;
use crate::web::forms::FormErrors;
use crate::web::page::PageContext;
use crate::web::{render, see_other};

#[derive(Template)]
#[template(path = "agreements/form.html")]
struct FormPage {
    ctx: PageContext,
    /// `None` for a new agreement.
    id: Option<String>,
    form: AgreementFields,
    text: TextFields,
    errors: FormErrors,
    partnerships: Vec<PartnershipRow>,
}

impl FormPage {
    fn kinds(&self) -> &'static [PartnershipKind] {
        PartnershipKind::ALL
    }
    fn statuses(&self) -> &'static [AgreementStatus] {
        AgreementStatus::ALL
    }
    fn renewals(&self) -> &'static [Renewal] {
        Renewal::ALL
    }
    fn units(&self) -> &'static [PeriodUnit] {
        PeriodUnit::ALL
    }
    fn levels(&self) -> &'static [Tlp] {
        Tlp::ALL
    }
    fn countries(&self) -> &'static [Country] {
        COUNTRIES
    }
    fn languages(&self) -> &'static [(&'static str, &'static str)] {
        language::LANGUAGES
    }
    fn in_audience(&self, c: &Country) -> bool {
        self.form.audience.iter().any(|x| x == c.code)
    }
    fn action(&self) -> String {
        match &self.id {
            Some(id) => format!("/agreements/{id}/edit"),
            None => "/agreements/new".to_owned(),
        }
    }
}

/// What a form page shows: the particulars and the text as typed, and the messages.
struct Filled {
    form: AgreementFields,
    text: TextFields,
    errors: FormErrors,
}

async fn page(
    ctx: PageContext,
    state: &AppState,
    me: &Member,
    id: Option<String>,
    filled: Filled,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let Filled {
        form,
        mut text,
        errors,
    } = filled;
    // A paste past the limit is not sent back: the message says what happened.
    if text.text.len() > TEXT_MAX_BYTES {
        text.text.clear();
    }
    let city = me.city_id.clone();
    let partnerships = state
        .db
        .run(move |conn| partnerships::of_city(conn, &city).map_err(AppError::from))
        .await?;
    render(
        status,
        &FormPage {
            ctx,
            id,
            form,
            text,
            errors,
            partnerships,
        },
    )
}

/// The agreement forms come back with what was typed (a chosen file must be chosen again).
impl Refusal for AgreementFields {
    async fn refuse(self, req: HttpRequest) -> Result<HttpResponse, AppError> {
        let me = CurrentUser::of(&req).await?;
        let state = AppState::of(&req)?;
        let id = req.match_info().get("id").map(str::to_owned);
        let ctx = PageContext::of(&req).await?;
        let status = StatusCode::FORBIDDEN;
        page(
            ctx,
            &state,
            &me,
            id,
            Filled {
                form: self,
                text: TextFields::default(),
                errors: FormErrors::forged(),
            },
            status,
        )
        .await
    }
}

/// `?partnership=` preselects one.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct NewQuery {
    pub partnership: Option<String>,
}

fn today() -> chrono::NaiveDate {
    chrono::Utc::now().date_naive()
}

/// `GET /agreements/new`.
pub async fn new(
    ctx: PageContext,
    me: CurrentUser,
    state: web::Data<AppState>,
    query: web::Query<NewQuery>,
) -> Result<HttpResponse, AppError> {
    let mut form = AgreementFields::new_default();
    form.partnership_id = query.into_inner().partnership.unwrap_or_default();
    let status = StatusCode::OK;
    page(
        ctx,
        &state,
        &me,
        None,
        Filled {
            form,
            text: TextFields::default(),
            errors: FormErrors::new(),
        },
        status,
    )
    .await
}

/// `POST /agreements/new`: the particulars and the first text, in one transaction.
pub async fn create(
    ctx: PageContext,
    me: CurrentUser,
    state: web::Data<AppState>,
    upload: CsrfUpload<AgreementFields>,
) -> Result<HttpResponse, AppError> {
    let text_fields: TextFields = upload.also();
    let status = StatusCode::UNPROCESSABLE_ENTITY;
    let parsed = AgreementInput::parse(&upload.input, today(), &me.country_code);
    let text = new_text(&text_fields, upload.file.as_ref());
    let (parsed, text) = match (parsed, text) {
        (Ok(parsed), Ok(text)) => (parsed, text),
        (parsed, text) => {
            let mut errors = parsed.err().map(errors_from).unwrap_or_default();
            if let Err(more) = text {
                errors.extend(more);
            }
            return page(
                ctx,
                &state,
                &me,
                None,
                Filled {
                    form: upload.input,
                    text: text_fields,
                    errors,
                },
                status,
            )
            .await;
        }
    };
    let editor = me.0.clone();
    let saved = state
        .db
        .run(move |conn| Ok::<_, AppError>(intake::create(conn, &editor, &parsed, &text, today())))
        .await?;
    match saved {
        Ok(id) => {
            FlashMessage::success("Agreement added and reviewed against the rule library.").send();
            Ok(see_other(&format!("/agreements/{id}")))
        }
        Err(e) => {
            let errors = form_errors(e)?;
            page(
                ctx,
                &state,
                &me,
                None,
                Filled {
                    form: upload.input,
                    text: text_fields,
                    errors,
                },
                status,
            )
            .await
        }
    }
}

/// `GET /agreements/{id}/edit`: the particulars.
pub async fn edit(
    ctx: PageContext,
    me: CurrentUser,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let reader = me.0.clone();
    let key = id.clone();
    let found = state
        .db
        .run(move |conn| reading::readable(conn, reader.reader(), &key))
        .await?;
    if !policy::can_edit_city_record(me.reader(), &found.record()) {
        return Err(AppError::Forbidden);
    }
    let row = &found.listed.row;
    let input = AgreementInput {
        title: row.title.clone(),
        kind: row.kind(),
        partnership_id: row.partnership_id.clone(),
        terms: row.terms(),
        reminders: row.reminders(),
        tlp: row.tlp(),
        audience: found.audience.clone(),
    };
    let form = AgreementFields::of_input(&input);
    let status = StatusCode::OK;
    page(
        ctx,
        &state,
        &me,
        Some(id),
        Filled {
            form,
            text: TextFields::default(),
            errors: FormErrors::new(),
        },
        status,
    )
    .await
}

/// `POST /agreements/{id}/edit`.
pub async fn update(
    ctx: PageContext,
    me: CurrentUser,
    state: web::Data<AppState>,
    path: web::Path<String>,
    form: CsrfForm<AgreementFields>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let CsrfForm(input) = form;
    let status = StatusCode::UNPROCESSABLE_ENTITY;
    let no_text = TextFields::default;
    let parsed = match AgreementInput::parse(&input, today(), &me.country_code) {
        Ok(parsed) => parsed,
        Err(found) => {
            return page(
                ctx,
                &state,
                &me,
                Some(id),
                Filled {
                    form: input,
                    text: no_text(),
                    errors: errors_from(found),
                },
                status,
            )
            .await;
        }
    };
    let editor = me.0.clone();
    let key = id.clone();
    let saved = state
        .db
        .run(move |conn| Ok::<_, AppError>(intake::update(conn, &editor, &key, &parsed, today())))
        .await?;
    match saved {
        Ok(()) => {
            FlashMessage::success("Agreement saved.").send();
            Ok(see_other(&format!("/agreements/{id}")))
        }
        Err(e) => {
            let errors = form_errors(e)?;
            page(
                ctx,
                &state,
                &me,
                Some(id),
                Filled {
                    form: input,
                    text: no_text(),
                    errors,
                },
                status,
            )
            .await
        }
    }
}
