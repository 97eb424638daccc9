//! `/api/structures…`: the structures in scope, a structure's users, its letter settings.

use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::Utc;
use sesame_core::{LetterSettings, Structure, UsersResponse};

use serde_json::Value;

use super::session::no_store;
use crate::auth::CurrentAdmin;
use crate::db::Role;
use crate::error::{AppError, AppResult};
use crate::letter_settings::validate;
use crate::log_text::Quoted;
use crate::state::AppState;

pub async fn list(State(state): State<AppState>, current: CurrentAdmin) -> AppResult<Json<Vec<Structure>>> {
    Ok(Json(current.structures(&state).await?))
}

/// The directory of one structure, with activation codes: never cached.
pub async fn users(
    State(state): State<AppState>,
    current: CurrentAdmin,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let structure = current.structure(&state, &id).await?;
    let hide_central_admins = current.admin.role == Role::Local;
    let users = state.db.users_of_structure(&id, hide_central_admins).await?;
    let latest_import_id = state.db.latest_import(&id).await?;
    tracing::info!(structure = %Quoted(&structure.uai), count = users.len(), admin = %Quoted(&current.admin.login), "directory read");
    let body = UsersResponse {
        structure,
        users,
        fetched_at: Utc::now(),
        latest_import_id,
    };
    // Tens of milliseconds for a large school: on a blocking thread, so other requests served by
    // this async worker are not held up meanwhile.
    let json = tokio::task::spawn_blocking(move || serde_json::to_vec(&body))
        .await
        .map_err(|e| AppError::Internal(format!("serialising the directory: {e}")))?
        .map_err(|e| AppError::Internal(format!("serialising the directory: {e}")))?;
    Ok(no_store(
        ([(header::CONTENT_TYPE, "application/json")], json).into_response(),
    ))
}

pub async fn letter_settings(
    State(state): State<AppState>,
    current: CurrentAdmin,
    Path(id): Path<String>,
) -> AppResult<Json<LetterSettings>> {
    Ok(Json(current.structure(&state, &id).await?.letter_settings))
}

/// Replaces the letter settings: every field required, each checked
/// (`crate::letter_settings`).
pub async fn put_letter_settings(
    State(state): State<AppState>,
    current: CurrentAdmin,
    Path(id): Path<String>,
    Json(body): Json<Value>,
) -> AppResult<Json<LetterSettings>> {
    current.structure(&state, &id).await?;
    let settings = validate(&body, &state.senders).map_err(AppError::BadRequest)?;
    state.db.set_letter_settings(&id, &settings).await?;
    tracing::info!(structure = %Quoted(&id), admin = %Quoted(&current.admin.login), "letter settings changed");
    Ok(Json(settings))
}
