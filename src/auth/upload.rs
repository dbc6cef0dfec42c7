//! Forms with a file: `multipart/form-data` read into the same typed input as
//! [`super::CsrfForm`], checked the same way (CSRF token and origin), with the file beside it.
//! Bounded: past [`UPLOAD_LIMIT`] the request ends with a 413 page, a file past
//! [`FILE_LIMIT`] is reported to the form, and at most one file is kept.

use std::future::Future;
use std::pin::Pin;

use actix_multipart::Multipart;
use actix_web::dev::Payload;
use actix_web::error::InternalError;
use actix_web::{FromRequest, HttpRequest};
use futures_util::StreamExt;
use serde::de::DeserializeOwned;

use super::Refusal;
use crate::error::AppError;

/// The largest request read: a file at its limit and the form's text fields.
pub const UPLOAD_LIMIT: usize = 13 * 1024 * 1024;
/// The largest file accepted.
pub const FILE_LIMIT: usize = 10 * 1024 * 1024;

/// The file sent with a form.
#[derive(Debug, Clone)]
pub struct UploadedFile {
    /// The name the browser gave, without any path.
    pub name: String,
    pub bytes: Vec<u8>,
    /// True when the file was larger than [`FILE_LIMIT`]; `bytes` is then empty.
    pub too_large: bool,
}

/// A multipart form whose CSRF token and origin were checked, and its file if one was chosen.
#[derive(Debug)]
pub struct CsrfUpload<T> {
    pub input: T,
    pub file: Option<UploadedFile>,
    /// The text fields, urlencoded, for [`CsrfUpload::also`].
    fields: Vec<u8>,
}

impl<T> CsrfUpload<T> {
    /// The same text fields read as another type (a form made of two parts).
    pub fn also<U: DeserializeOwned + Default>(&self) -> U {
        serde_html_form::from_bytes(&self.fields).unwrap_or_default()
    }
}

#[derive(Debug, thiserror::Error)]
#[error("CSRF check failed")]
struct Forged;

/// The file name without directories (browsers on some systems send a full path).
fn base_name(raw: &str) -> String {
    raw.rsplit(['/', '\\'])
        .next()
        .unwrap_or("")
        .trim()
        .chars()
        .take(200)
        .collect()
}

async fn read(
    req: &HttpRequest,
    payload: Payload,
) -> Result<(Vec<u8>, Option<UploadedFile>), AppError> {
    let incomplete = || AppError::BadRequest("The form arrived incomplete. Send it again.");
    let mut parts = Multipart::new(req.headers(), payload);
    let mut fields = url::form_urlencoded::Serializer::new(String::new());
    let mut file: Option<UploadedFile> = None;
    let mut total = 0usize;
    while let Some(part) = parts.next().await {
        let mut part = part.map_err(|_| incomplete())?;
        let name = part.name().unwrap_or_default().to_owned();
        let file_name = part
            .content_disposition()
            .and_then(|d| d.get_filename())
            .map(base_name);
        let mut bytes = Vec::new();
        let mut too_large = false;
        while let Some(chunk) = part.next().await {
            let chunk = chunk.map_err(|_| incomplete())?;
            total += chunk.len();
            if total > UPLOAD_LIMIT {
                return Err(AppError::PayloadTooLarge);
            }
            if file_name.is_some() && bytes.len() + chunk.len() > FILE_LIMIT {
                too_large = true;
                bytes = Vec::new();
            }
            if !too_large {
                bytes.extend_from_slice(&chunk);
            }
        }
        match file_name {
            Some(file_name) if name == "file" => {
                if !file_name.is_empty()
                    && (file.is_none() || file.as_ref().is_some_and(|f| f.name.is_empty()))
                {
                    file = Some(UploadedFile {
                        name: file_name,
                        bytes,
                        too_large,
                    });
                }
            }
            Some(_) => {}
            None => {
                let value = String::from_utf8(bytes).map_err(|_| {
                    AppError::BadRequest(
                        "The form could not be read. Reload the page and try again.",
                    )
                })?;
                fields.append_pair(&name, &value);
            }
        }
    }
    Ok((fields.finish().into_bytes(), file))
}

impl<T: DeserializeOwned + Refusal> FromRequest for CsrfUpload<T> {
    type Error = actix_web::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Self, actix_web::Error>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let req = req.clone();
        let payload = payload.take();
        Box::pin(async move {
            let is_multipart = req
                .headers()
                .get(actix_web::http::header::CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .is_some_and(|v| v.starts_with("multipart/form-data"));
            if !is_multipart {
                return Err(AppError::BadRequest("Send the form as multipart/form-data.").into());
            }
            let (body, file) = read(&req, payload).await?;
            let input: T = serde_html_form::from_bytes(&body).map_err(|_| {
                AppError::BadRequest("The form could not be read. Reload the page and try again.")
            })?;
            if super::csrf::genuine(&req, &body) {
                return Ok(CsrfUpload {
                    input,
                    file,
                    fields: body,
                });
            }
            let answer = input.refuse(req).await?;
            Err(InternalError::from_response(Forged, answer).into())
        })
    }
}
