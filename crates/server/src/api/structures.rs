//! `/api/structures…`: the structures in scope, a structure's users, its letter settings.

use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::Utc;
use sesame_core::{LetterSettings, Structure, UsersResponse};

use super::session::no_store;
use crate::auth::CurrentAdmin;
use crate::db::Role;
use crate::error::{AppError, AppResult};
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
    tracing::info!(structure = %structure.uai, count = users.len(), admin = %current.admin.login, "directory read");
    let body = UsersResponse {
        structure,
        users,
        fetched_at: Utc::now(),
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

/// Longest accepted text of a setting; the help text is a paragraph, not a document.
const MAX_SETTING_LEN: usize = 2000;

pub async fn put_letter_settings(
    State(state): State<AppState>,
    current: CurrentAdmin,
    Path(id): Path<String>,
    Json(mut settings): Json<LetterSettings>,
) -> AppResult<Json<LetterSettings>> {
    current.structure(&state, &id).await?;
    for (name, value) in [
        ("entName", &settings.ent_name),
        ("loginUrl", &settings.login_url),
        ("activationUrl", &settings.activation_url),
        ("helpText", &settings.help_text),
        ("senderAddress", &settings.sender_address),
    ] {
        if value.chars().count() > MAX_SETTING_LEN {
            return Err(AppError::BadRequest(format!(
                "« {name} » dépasse {MAX_SETTING_LEN} caractères."
            )));
        }
    }
    for (name, url) in [
        ("loginUrl", &settings.login_url),
        ("activationUrl", &settings.activation_url),
    ] {
        let is_web_address = url.starts_with("https://") || url.starts_with("http://");
        if !url.is_empty() && !is_web_address {
            return Err(AppError::BadRequest(format!(
                "« {name} » doit être une adresse web commençant par https:// (reçu « {url} »)."
            )));
        }
    }
    // Stored and answered as a set, so the app shows what letters will use.
    settings.external_sign_in = settings.normalized_external_sign_in();
    state.db.set_letter_settings(&id, &settings).await?;
    tracing::info!(structure = %id, admin = %current.admin.login, "letter settings changed");
    Ok(Json(settings))
}
