//! Logging: one line per request with its id, method, path, status and latency.

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::{Error, HttpMessage};
use tracing::Span;
use tracing_actix_web::{DefaultRootSpanBuilder, RequestId, RootSpanBuilder};
use tracing_subscriber::EnvFilter;
use tracing_subscriber::fmt::format::FmtSpan;

/// Builds the per-request span. Unlike the default it records the path without the query
/// string, so that tokens in emailed links never reach the logs.
pub struct RequestSpan;

impl RootSpanBuilder for RequestSpan {
    fn on_request_start(request: &ServiceRequest) -> Span {
        let request_id = request.extensions().get::<RequestId>().copied();
        tracing::info_span!(
            "request",
            request_id = %request_id.map(|id| id.to_string()).unwrap_or_default(),
            method = %request.method(),
            path = %request.path(),
            status = tracing::field::Empty,
            exception.message = tracing::field::Empty,
            exception.details = tracing::field::Empty,
        )
    }

    /// Only failures an operator must look at (5xx) are logged at ERROR, with their cause
    /// chain; expected outcomes (a sign-in redirect, a 404, a refused form) stay at DEBUG.
    fn on_request_end<B: MessageBody>(span: Span, outcome: &Result<ServiceResponse<B>, Error>) {
        let (status, error) = match outcome {
            Ok(response) => (response.status(), response.response().error()),
            Err(error) => (error.as_response_error().status_code(), Some(error)),
        };
        span.record("status", status.as_u16());
        if let Some(error) = error {
            let _entered = span.enter();
            if status.is_server_error() {
                tracing::error!(error = ?error, "request failed");
            } else {
                tracing::debug!(error = %error, "request refused");
            }
        }
        DefaultRootSpanBuilder::on_request_end(span, outcome);
    }
}

/// Logs to stderr, filtered by `RUST_LOG` (default `info`); each request's span is printed
/// when it closes, with its busy and idle time.
pub fn init() {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")),
        )
        .with_span_events(FmtSpan::CLOSE)
        .with_writer(std::io::stderr)
        .init();
}
