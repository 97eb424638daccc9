//! `GET /api/health`: what a load balancer and a monitor ask. 200 when the database answers, with
//! the outbox's backlog (shared by every instance on the database: the same figures whichever
//! instance answers); 503 when the database does not.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use chrono::Utc;
use sesame_core::wire::{DatabaseHealth, Health, OutboxHealth};

use crate::state::AppState;

pub async fn health(State(state): State<AppState>) -> (StatusCode, Json<Health>) {
    let engine = state.db.engine();
    let backlog = match state.db.ping().await {
        Ok(()) => state.db.outbox_backlog(Utc::now()).await,
        Err(error) => Err(error),
    };
    match backlog {
        Ok(backlog) => (
            StatusCode::OK,
            Json(Health {
                status: "ok".into(),
                database: DatabaseHealth {
                    engine: engine.into(),
                    status: "ok".into(),
                },
                outbox: Some(OutboxHealth {
                    mail: if state.mailer.is_some() { "on" } else { "off" }.into(),
                    queued: backlog.queued,
                    sending: backlog.sending,
                    stale_leases: backlog.stale,
                    failed: backlog.failed,
                    oldest_due_secs: backlog.oldest_due_secs,
                }),
            }),
        ),
        Err(error) => {
            tracing::error!(%error, "health check: the database does not answer");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(Health {
                    status: "database unavailable".into(),
                    database: DatabaseHealth {
                        engine: engine.into(),
                        status: "unavailable".into(),
                    },
                    outbox: None,
                }),
            )
        }
    }
}
