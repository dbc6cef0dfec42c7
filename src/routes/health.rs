//! `GET /healthz`: whether the database answers.

use actix_web::{HttpResponse, web};
use diesel::connection::SimpleConnection;
use serde_json::json;

use crate::db::DbError;
use crate::state::AppState;

/// 200 with the backend's name when a query succeeds, 503 otherwise.
pub async fn check(state: web::Data<AppState>) -> HttpResponse {
    let backend = state.db.backend().name();
    let answered = state
        .db
        .run(|conn| conn.batch_execute("SELECT 1").map_err(DbError::from))
        .await;
    match answered {
        Ok(()) => HttpResponse::Ok().json(json!({ "status": "ok", "database": backend })),
        Err(e) => {
            tracing::error!(error = ?e, "health check failed");
            HttpResponse::ServiceUnavailable()
                .json(json!({ "status": "unavailable", "database": backend }))
        }
    }
}
