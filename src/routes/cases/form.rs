//! `/cases/new` and `/cases/{id}/edit`: the case form.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use actix_web_flash_messages::FlashMessage;
use askama::Template;

use crate::auth::{CsrfForm, CurrentUser, Refusal};
use crate::cases::CaseError;
use crate::cases::authoring::{self, Saved};
use crate::cases::changes::{self, PendingChange};
use crate::db::cases as case_rows;
use crate::db::counterparts::{self, CounterpartRow};
use crate::db::users::Member;
use crate::domain::case::{CaseFields, CaseInput};
use crate::domain::case_fields::{CaseResponse, Channel, CounterpartKind, DemandKind, Topic};
use crate::domain::country::{COUNTRIES, Country};
use crate::domain::policy::CaseStatus;
use crate::domain::sensitivity::{Anonymity, Tlp};
use crate::error::AppError;
use crate::state::AppState;
use crate::web::forms::FormErrors;
use crate::web::page::PageContext;
use crate::web::{render, see_other};

/// Reference rows the form offers.
const REFERENCE_ROWS: usize = 5;

#[derive(Template)]
#[template(path = "cases/form.html")]
struct FormPage {
    ctx: PageContext,
    /// `None` for a new case.
    case_id: Option<String>,
    /// True when editing a published case (widening changes wait for a moderator).
    published: bool,
    change: Option<PendingChange>,
    form: CaseFields,
    errors: FormErrors,
    counterparts: Vec<CounterpartRow>,
    home_country: String,
}

impl FormPage {
    fn topics(&self) -> &'static [Topic] {
        Topic::ALL
    }
    fn demands(&self) -> &'static [DemandKind] {
        DemandKind::ALL
    }
    fn kinds(&self) -> &'static [CounterpartKind] {
        CounterpartKind::ALL
    }
    fn channels(&self) -> &'static [Channel] {
        Channel::ALL
    }
    fn responses(&self) -> &'static [CaseResponse] {
        CaseResponse::ALL
    }
    fn levels(&self) -> &'static [Tlp] {
        Tlp::ALL
    }
    fn anonymities(&self) -> &'static [Anonymity] {
        Anonymity::ALL
    }
    fn countries(&self) -> &'static [Country] {
        COUNTRIES
    }
    fn has_topic(&self, t: &Topic) -> bool {
        self.form.topics.iter().any(|x| x == t.as_str())
    }
    fn has_demand(&self, d: &DemandKind) -> bool {
        self.form.demands.iter().any(|x| x == d.as_str())
    }
    fn in_audience(&self, c: &Country) -> bool {
        if self.form.audience.is_empty() {
            c.code == self.home_country
        } else {
            self.form.audience.iter().any(|x| x == c.code)
        }
    }
    /// How many countries the AMBER audience names (the author's own when none is chosen).
    fn audience_count(&self) -> usize {
        self.form.audience.len().max(1)
    }
    /// The reference rows: what was typed, padded with empty rows.
    fn reference_rows(&self) -> Vec<(usize, String, String)> {
        let typed = self
            .form
            .reference_title
            .len()
            .max(self.form.reference_url.len());
        (0..typed.max(REFERENCE_ROWS))
            .map(|i| {
                let title = self
                    .form
                    .reference_title
                    .get(i)
                    .cloned()
                    .unwrap_or_default();
                let url = self.form.reference_url.get(i).cloned().unwrap_or_default();
                (i + 1, title, url)
            })
            .collect()
    }
    fn action(&self) -> String {
        match &self.case_id {
            Some(id) => format!("/cases/{id}/edit"),
            None => "/cases/new".into(),
        }
    }
}

/// The case being edited, and the change on it that waits for (or was returned by) a
/// moderator.
struct Editing {
    case: case_rows::CaseRow,
    change: Option<PendingChange>,
}

async fn page(
    state: &AppState,
    ctx: PageContext,
    me: &Member,
    editing: Option<Editing>,
    form: CaseFields,
    errors: FormErrors,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let reader = me.clone();
    let counterparts = state
        .db
        .run(move |conn| counterparts::all_visible(conn, reader.reader()).map_err(AppError::from))
        .await?;
    let (case_id, published, change) = match editing {
        Some(e) => (
            Some(e.case.id.clone()),
            e.case.status() == CaseStatus::Published,
            e.change,
        ),
        None => (None, false, None),
    };
    render(
        status,
        &FormPage {
            ctx,
            case_id,
            published,
            change,
            form,
            errors,
            counterparts,
            home_country: me.country_code.clone(),
        },
    )
}

fn today() -> chrono::NaiveDate {
    chrono::Utc::now().date_naive()
}

fn errors_from(found: Vec<crate::domain::case::FieldError>) -> FormErrors {
    let mut errors = FormErrors::new();
    for e in found {
        errors.add(e.field, e.message);
    }
    errors
}

fn counterpart_gone() -> FormErrors {
    let mut errors = FormErrors::new();
    errors.add(
        "counterpart_id",
        "That counterpart no longer exists. Choose another or describe a new one.",
    );
    errors
}

/// `GET /cases/new`.
pub async fn new(
    ctx: PageContext,
    user: CurrentUser,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let form = CaseFields {
        tlp: Tlp::Green.as_str().into(),
        anonymity: Anonymity::None.as_str().into(),
        ..CaseFields::default()
    };
    page(
        &state,
        ctx,
        &user,
        None,
        form,
        FormErrors::new(),
        StatusCode::OK,
    )
    .await
}

/// The new-case and edit forms come back with what was typed (only its author edits a case).
impl Refusal for CaseFields {
    async fn refuse(self, req: HttpRequest) -> Result<HttpResponse, AppError> {
        let (me, state) = (CurrentUser::of(&req).await?, AppState::of(&req)?);
        let editing = match req.match_info().get("id") {
            Some(id) => Some(own_case(&state, &me, id.to_owned()).await?.0),
            None => None,
        };
        let ctx = PageContext::of(&req).await?;
        let forged = FormErrors::forged();
        page(
            &state,
            ctx,
            &me,
            editing,
            self,
            forged,
            StatusCode::FORBIDDEN,
        )
        .await
    }
}

/// `POST /cases/new`: saves a draft.
pub async fn create(
    ctx: PageContext,
    user: CurrentUser,
    state: web::Data<AppState>,
    form: CsrfForm<CaseFields>,
) -> Result<HttpResponse, AppError> {
    let CsrfForm(input) = form;
    let parsed = match CaseInput::parse(&input, today(), &user.country_code) {
        Ok(parsed) => parsed,
        Err(found) => {
            return page(
                &state,
                ctx,
                &user,
                None,
                input,
                errors_from(found),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
        }
    };
    let me = user.0.clone();
    match state
        .db
        .run(move |conn| Ok::<_, AppError>(authoring::create_draft(conn, &me, &parsed)))
        .await?
    {
        Ok(id) => {
            FlashMessage::success(
                "Draft saved. Only you can see it until you submit it to the moderators.",
            )
            .send();
            Ok(see_other(&format!("/cases/{id}")))
        }
        Err(CaseError::UnknownCounterpart) => {
            page(
                &state,
                ctx,
                &user,
                None,
                input,
                counterpart_gone(),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}

/// Loads the author's own case for editing, with the form's fields: those of a change that
/// waits for (or was returned by) a moderator, else the case's. Anyone else gets 404.
async fn own_case(
    state: &AppState,
    me: &Member,
    id: String,
) -> Result<(Editing, CaseFields), AppError> {
    let me_id = me.id.clone();
    state
        .db
        .run(move |conn| {
            let case = case_rows::find(conn, &id)?
                .filter(|r| r.author_id == me_id)
                .ok_or(AppError::NotFound)?;
            let change = changes::find(conn, &case.id)?;
            let fields = match change.as_ref().and_then(|c| c.fields.clone()) {
                Some(proposed) => proposed,
                None => authoring::fields_of(conn, &case)?,
            };
            Ok((Editing { case, change }, fields))
        })
        .await
}

/// `GET /cases/{id}/edit`.
pub async fn edit(
    ctx: PageContext,
    user: CurrentUser,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let (editing, fields) = own_case(&state, &user, path.into_inner()).await?;
    if editing.case.status() == CaseStatus::Submitted {
        FlashMessage::info("This case is waiting for a moderator; you can edit it again once it is published or returned.").send();
        return Ok(see_other(&format!("/cases/{}", editing.case.id)));
    }
    page(
        &state,
        ctx,
        &user,
        Some(editing),
        fields,
        FormErrors::new(),
        StatusCode::OK,
    )
    .await
}

/// `POST /cases/{id}/edit`.
pub async fn update(
    ctx: PageContext,
    user: CurrentUser,
    state: web::Data<AppState>,
    path: web::Path<String>,
    form: CsrfForm<CaseFields>,
) -> Result<HttpResponse, AppError> {
    let (editing, _) = own_case(&state, &user, path.into_inner()).await?;
    let case_id = editing.case.id.clone();
    let CsrfForm(input) = form;
    let parsed = match CaseInput::parse(&input, today(), &user.country_code) {
        Ok(parsed) => parsed,
        Err(found) => {
            return page(
                &state,
                ctx,
                &user,
                Some(editing),
                input,
                errors_from(found),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
        }
    };
    let (me, id) = (user.0.clone(), case_id.clone());
    match state
        .db
        .run(move |conn| Ok::<_, AppError>(authoring::update(conn, &me, &id, &parsed)))
        .await?
    {
        Ok(Saved::Applied) => FlashMessage::success("Your changes are saved.").send(),
        Ok(Saved::Waiting { reasons, narrowed }) => FlashMessage::info(format!(
            "{}Your change waits for a moderator, because it reaches further than the published version: {} Until a moderator accepts it, readers see the published version.",
            if narrowed {
                "Who may read the case was narrowed at once. "
            } else {
                ""
            },
            reasons.join(" ")
        ))
        .send(),
        Err(CaseError::WrongState(why)) => FlashMessage::error(format!("Not saved: {why}.")).send(),
        Err(CaseError::UnknownCounterpart) => {
            return page(
                &state,
                ctx,
                &user,
                Some(editing),
                input,
                counterpart_gone(),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
        }
        Err(e) => return Err(e.into()),
    }
    Ok(see_other(&format!("/cases/{case_id}")))
}
