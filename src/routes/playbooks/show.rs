//! `/playbooks/{slug}`: the playbook page with its template letters filled in, the printable
//! view, the Markdown and letter downloads, and the moderators' status buttons.

use actix_web::http::header;
use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::done_or_flash;
use crate::auth::{CsrfForm, Moderator, Refusal, Viewer};
use crate::db::cases::CaseCard;
use crate::domain::markdown;
use crate::domain::playbook::{
    PLACEHOLDERS, PlaybookStatus, Section, UseOutcome, fill, replace_placeholders,
};
use crate::domain::sensitivity::Tlp;
use crate::error::AppError;
use crate::playbooks::authoring;
use crate::playbooks::reading::{self, PlaybookView};
use crate::state::AppState;
use crate::web::filters;
use crate::web::highlight::escape;
use crate::web::page::PageContext;

/// Longest value a reader may type into a placeholder.
const VALUE_MAX: usize = 200;

/// The reader's values for the letters' placeholders, from the URL.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct LetterValues {
    pub city: String,
    pub counterpart: String,
    pub date: String,
    pub partner_city: String,
    pub event: String,
    pub sender: String,
}

impl LetterValues {
    pub fn get(&self, name: &str) -> Option<String> {
        let value = match name {
            "city" => &self.city,
            "counterpart" => &self.counterpart,
            "date" => &self.date,
            "partner_city" => &self.partner_city,
            "event" => &self.event,
            "sender" => &self.sender,
            _ => return None,
        };
        // One line, bounded, without control characters.
        let clean: String = value
            .chars()
            .filter(|c| !c.is_control())
            .take(VALUE_MAX)
            .collect();
        Some(clean)
    }

    fn any(&self) -> bool {
        PLACEHOLDERS
            .iter()
            .any(|(n, _)| self.get(n).is_some_and(|v| !v.trim().is_empty()))
    }

    /// The values as a query string, for the download links.
    fn query(&self) -> String {
        let mut out = url::form_urlencoded::Serializer::new(String::new());
        for (name, _) in PLACEHOLDERS {
            if let Some(v) = self.get(name).filter(|v| !v.trim().is_empty()) {
                out.append_pair(name, v.trim());
            }
        }
        out.finish()
    }
}

/// A template letter ready to show: filled text and its rendering.
pub struct FilledLetter {
    pub key: String,
    pub name: String,
    pub text: String,
    pub html: String,
}

/// The letter as text with the reader's values, and as HTML: rendered from the Markdown
/// with the placeholders still in it, then each placeholder replaced by the escaped value (so
/// a value is never read as Markdown) or, when empty, marked for the reader to fill in.
fn filled(letter: &Section, values: &LetterValues) -> FilledLetter {
    let html = replace_placeholders(&markdown::render(&letter.body), |name| {
        let placeholder = format!("{{{name}}}");
        Some(match values.get(name).filter(|v| !v.trim().is_empty()) {
            Some(v) => escape(v.trim()),
            None => format!("<mark class=\"placeholder\">{placeholder}</mark>"),
        })
    });
    FilledLetter {
        key: letter.key.clone(),
        name: letter.title.clone(),
        text: fill(&letter.body, |n| values.get(n)),
        html,
    }
}

#[derive(Template)]
#[template(path = "playbooks/show.html")]
struct ShowPage {
    ctx: PageContext,
    view: PlaybookView,
    letters: Vec<FilledLetter>,
    values: LetterValues,
    /// True on the printable view.
    print: bool,
    moderates: bool,
    member: bool,
}

impl ShowPage {
    fn status(&self) -> PlaybookStatus {
        self.view.row.status()
    }
    fn tlp(&self) -> Tlp {
        self.view.row.tlp()
    }
    fn placeholders(&self) -> &'static [(&'static str, &'static str)] {
        PLACEHOLDERS
    }
    fn value(&self, name: &str) -> String {
        self.values.get(name).unwrap_or_default()
    }
    fn values_query(&self) -> String {
        self.values.query()
    }
    fn filled_in(&self) -> bool {
        self.values.any()
    }
    fn steps(&self) -> Vec<(usize, String, String)> {
        self.view
            .doc
            .steps
            .iter()
            .enumerate()
            .map(|(i, s)| (i + 1, s.title.clone(), markdown::render(&s.body)))
            .collect()
    }
    fn avoid_html(&self) -> String {
        markdown::render(&self.view.doc.avoid)
    }
    fn tally(&self) -> Vec<(UseOutcome, usize)> {
        self.view.tally()
    }
    fn uses(&self) -> &[(CaseCard, UseOutcome)] {
        &self.view.uses
    }
    fn topics(&self) -> Vec<&'static str> {
        self.view.doc.topics().iter().map(|t| t.label()).collect()
    }
    fn demands(&self) -> Vec<&'static str> {
        self.view.doc.demands().iter().map(|d| d.label()).collect()
    }
    fn snippet_html(&self, _card: &CaseCard) -> Option<String> {
        None
    }
}

async fn load(state: &AppState, viewer: &Viewer, slug: String) -> Result<PlaybookView, AppError> {
    let reader = viewer.reader();
    state
        .db
        .run(move |conn| Ok(reading::load(conn, reader.as_reader(), &slug, None)?))
        .await
}

async fn page(
    ctx: PageContext,
    viewer: Viewer,
    state: web::Data<AppState>,
    slug: String,
    values: LetterValues,
    print: bool,
) -> Result<HttpResponse, AppError> {
    let view = load(&state, &viewer, slug).await?;
    let letters = view
        .doc
        .letters
        .iter()
        .map(|l| filled(l, &values))
        .collect();
    let reader = viewer.reader();
    crate::web::ok(&ShowPage {
        moderates: reader.as_reader().moderates(),
        member: viewer.member().is_some(),
        ctx,
        view,
        letters,
        values,
        print,
    })
}

/// `GET /playbooks/{slug}`: 404 for a playbook the reader may not see.
pub async fn show(
    ctx: PageContext,
    viewer: Viewer,
    state: web::Data<AppState>,
    path: web::Path<String>,
    values: web::Query<LetterValues>,
) -> Result<HttpResponse, AppError> {
    page(
        ctx,
        viewer,
        state,
        path.into_inner(),
        values.into_inner(),
        false,
    )
    .await
}

/// `GET /playbooks/{slug}/print`: the same text without navigation or forms.
pub async fn print(
    ctx: PageContext,
    viewer: Viewer,
    state: web::Data<AppState>,
    path: web::Path<String>,
    values: web::Query<LetterValues>,
) -> Result<HttpResponse, AppError> {
    page(
        ctx,
        viewer,
        state,
        path.into_inner(),
        values.into_inner(),
        true,
    )
    .await
}

fn attachment(body: String, content_type: &str, file_name: &str) -> HttpResponse {
    HttpResponse::Ok()
        .content_type(content_type)
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{file_name}\""),
        ))
        .body(body)
}

/// `GET /playbooks/{slug}/download.md`: the whole playbook as one Markdown file (referenced
/// cases limited to those the reader may see).
pub async fn markdown(
    viewer: Viewer,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let view = load(&state, &viewer, path.into_inner()).await?;
    let links = view.case_links(|p| state.settings.link(p));
    let body = view.doc.to_markdown(&links);
    Ok(attachment(
        body,
        "text/markdown; charset=utf-8",
        &format!("{}.md", view.row.slug),
    ))
}

/// `GET /playbooks/{slug}/letters/{key}.txt`: one letter, filled in, as plain text.
pub async fn letter(
    viewer: Viewer,
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
    values: web::Query<LetterValues>,
) -> Result<HttpResponse, AppError> {
    let (slug, key) = path.into_inner();
    let view = load(&state, &viewer, slug).await?;
    let letter = view
        .doc
        .letters
        .iter()
        .find(|l| l.key == key)
        .ok_or(AppError::NotFound)?;
    let text = fill(&letter.body, |n| values.get(n));
    Ok(attachment(
        text,
        "text/plain; charset=utf-8",
        &format!("{}-letter-{key}.txt", view.row.slug),
    ))
}

/// The status form.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct StatusForm {
    pub status: String,
}

impl Refusal for StatusForm {}

/// `POST /playbooks/{slug}/status`: publish, archive or republish.
pub async fn status(
    me: Moderator,
    state: web::Data<AppState>,
    path: web::Path<String>,
    form: CsrfForm<StatusForm>,
) -> Result<HttpResponse, AppError> {
    let slug = path.into_inner();
    let back = format!("/playbooks/{slug}");
    let to = PlaybookStatus::parse(form.0.status.trim())
        .map_err(|_| AppError::BadRequest("unknown status"))?;
    let member = me.0.clone();
    let result = state
        .db
        .run(move |conn| {
            Ok::<_, AppError>(
                authoring::set_status(conn, &member, &slug, to).map(|()| match to {
                    PlaybookStatus::Published => "Published: members can read it now.".to_owned(),
                    PlaybookStatus::Archived => {
                        "Archived: it stays readable but is no longer listed.".to_owned()
                    }
                    PlaybookStatus::Draft => "Back to draft.".to_owned(),
                }),
            )
        })
        .await?;
    done_or_flash(result, &back)
}

/// The feature form.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct FeatureForm {
    pub featured: String,
}

impl Refusal for FeatureForm {}

/// `POST /playbooks/{slug}/feature`: on or off the home page.
pub async fn feature(
    me: Moderator,
    state: web::Data<AppState>,
    path: web::Path<String>,
    form: CsrfForm<FeatureForm>,
) -> Result<HttpResponse, AppError> {
    let slug = path.into_inner();
    let back = format!("/playbooks/{slug}");
    let featured = form.0.featured == "yes";
    let member = me.0.clone();
    let result = state
        .db
        .run(move |conn| {
            Ok::<_, AppError>(
                authoring::set_featured(conn, &member, &slug, featured).map(|()| {
                    if featured {
                        "Featured on the home page.".to_owned()
                    } else {
                        "No longer featured on the home page.".to_owned()
                    }
                }),
            )
        })
        .await?;
    done_or_flash(result, &back)
}
