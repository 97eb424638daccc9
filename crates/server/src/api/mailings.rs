//! `/api/structures/{id}/mailings` and `/api/mailings/{id}`: queue credentials e-mails, follow
//! them, retry the failed ones.
//!
//! The browser sends only account ids and an idempotency key: scope is checked again for every
//! id, and the worker composes each message from the server's own directory. Every route checks
//! that the administrator may see the mailing's structure.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use serde_json::{json, Value};

use crate::auth::CurrentAdmin;
use sesame_core::wire::{MailingRequest, MailingStatus, NewMailing, Role};

use crate::db::Mailing;
use crate::error::{AppError, AppResult};
use crate::log_text::Quoted;
use crate::mail::Mailer;
use crate::state::AppState;

/// Most accounts one mailing may address (a very large school, with room to spare).
const MAX_IDS: usize = 100_000;
/// Longest accepted idempotency key (the app sends a UUID).
const MAX_KEY_LEN: usize = 200;

/// The mailer, or 503 with what the administrator should tell whoever runs the server.
fn mailer(state: &AppState) -> AppResult<&Mailer> {
    state.mailer.as_ref().ok_or(AppError::Unavailable(
        "L'envoi de courriels n'est pas configuré sur ce serveur (option --smtp-url) : \
         distribuez les identifiants en PDF ou contactez l'administrateur du serveur.",
    ))
}

pub async fn create(
    State(state): State<AppState>,
    current: CurrentAdmin,
    Path(id): Path<String>,
    Json(body): Json<MailingRequest>,
) -> AppResult<(StatusCode, Json<NewMailing>)> {
    current.structure(&state, &id).await?;
    let mailer = mailer(&state)?;
    let key = body.idempotency_key.trim();
    if key.is_empty() || key.len() > MAX_KEY_LEN {
        return Err(AppError::BadRequest(format!(
            "« idempotencyKey » doit faire entre 1 et {MAX_KEY_LEN} caractères."
        )));
    }
    if body.user_ids.is_empty() || body.user_ids.len() > MAX_IDS {
        return Err(AppError::BadRequest(format!(
            "Entre 1 et {MAX_IDS} comptes par envoi."
        )));
    }
    let mut ids = body.user_ids;
    ids.sort();
    ids.dedup();
    let hide_central_admins = current.admin.role == Role::Local;
    let targets = state.db.mail_targets(&id, &ids, hide_central_admins).await?;
    if targets.len() != ids.len() {
        return Err(AppError::Forbidden(
            "Certains comptes ne font pas partie de cet établissement.",
        ));
    }
    let queued: Vec<String> = targets
        .iter()
        .filter(|t| t.has_email)
        .map(|t| t.id.clone())
        .collect();
    let skipped = targets.len() - queued.len();
    let queued = state
        .db
        .create_mailing(&id, &current.admin.login, key, &queued, skipped)
        .await?;
    let mailing = queued.mailing;
    if queued.created {
        tracing::info!(mailing = %mailing.mailing_id, structure = %Quoted(&id), queued = mailing.queued, skipped_no_email = mailing.skipped_no_email, admin = %Quoted(&current.admin.login), "mailing queued");
        mailer.wake.notify_waiters();
    } else {
        tracing::info!(mailing = %mailing.mailing_id, structure = %Quoted(&id), "mailing requested again with the same key: nothing new queued");
    }
    Ok((StatusCode::ACCEPTED, Json(mailing)))
}

/// The mailing, if this administrator may see its structure (403 otherwise, 404 if none).
async fn visible_mailing(state: &AppState, current: &CurrentAdmin, id: &str) -> AppResult<Mailing> {
    let mailing = state
        .db
        .mailing(id)
        .await?
        .ok_or(AppError::NotFound("Envoi introuvable."))?;
    current.structure(state, &mailing.structure_id).await?;
    Ok(mailing)
}

pub async fn status(
    State(state): State<AppState>,
    current: CurrentAdmin,
    Path(id): Path<String>,
) -> AppResult<Json<MailingStatus>> {
    let mailing = visible_mailing(&state, &current, &id).await?;
    let hide_central_admins = current.admin.role == Role::Local;
    Ok(Json(
        state.db.mailing_status(&mailing.id, hide_central_admins).await?,
    ))
}

pub async fn retry(
    State(state): State<AppState>,
    current: CurrentAdmin,
    Path(id): Path<String>,
) -> AppResult<(StatusCode, Json<Value>)> {
    let mailing = visible_mailing(&state, &current, &id).await?;
    let mailer = mailer(&state)?;
    let requeued = state.db.retry_failed_mails(&mailing.id).await?;
    tracing::info!(mailing = %mailing.id, requeued, admin = %Quoted(&current.admin.login), "mailing failures queued again");
    mailer.wake.notify_waiters();
    Ok((
        StatusCode::ACCEPTED,
        Json(json!({ "mailingId": mailing.id, "requeued": requeued })),
    ))
}
