//! `/api/structures…`: the structures in scope, a structure's users (revalidated through its
//! ETag, see `revalidate`), its letter settings.

use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::Utc;
use sesame_core::{LetterSettings, Structure, User, UsersResponse};

use serde_json::Value;

use super::no_store;
use super::revalidate;
use crate::auth::{CurrentAdmin, CurrentTeacher, Person};
use crate::db::{Db, DirectorySnapshot, Role};
use crate::directory_cache::{Body, Coding, View};
use crate::error::{AppError, AppResult};
use crate::letter_settings::validate;
use crate::log_text::Quoted;
use crate::state::AppState;

pub async fn list(State(state): State<AppState>, current: CurrentAdmin) -> AppResult<Json<Vec<Structure>>> {
    Ok(Json(current.structures(&state).await?))
}

/// The directory of one structure, with activation codes: never stored by the browser or a
/// proxy (`no-store`), but revalidated.
///
/// Scope first, on every request, in the same small query as the directory's version, which gives
/// the ETag: a matching `If-None-Match` gets `304 Not Modified` without reading or serialising
/// anything more. Otherwise the body comes from [`crate::directory_cache`] — read and
/// serialised once per version, compressed once per coding — in the best coding the client
/// accepts.
pub async fn users(
    State(state): State<AppState>,
    person: Person,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> AppResult<Response> {
    let current = match person {
        Person::Admin(current) => current,
        Person::Teacher(teacher) => return teacher_users(&state, &teacher, &id).await,
    };
    let version = current.directory_version(&state, &id).await?;
    let (view, hide_central_admins) = match current.admin.role {
        Role::Central => (View::Central, false),
        Role::Local | Role::Teacher => (View::Local, true),
    };
    let coding = revalidate::coding(&headers);
    if revalidate::not_modified(&headers, &version, view) {
        tracing::debug!(structure = %Quoted(&id), admin = %Quoted(&current.admin.login), "directory not modified");
        return Ok(directory_headers(
            StatusCode::NOT_MODIFIED.into_response(),
            &version,
            view,
            coding,
        ));
    }
    let db = state.db.clone();
    let structure_id = id.clone();
    let body = state
        .directories
        .body(&id, view, &version, || {
            read(db, structure_id, hide_central_admins)
        })
        .await
        .map_err(AppError::Internal)?;
    let bytes = state
        .directories
        .encoded(&id, view, &body, coding)
        .await
        .map_err(AppError::Internal)?;
    // Who received the codes: every full answer is logged, never what it held.
    tracing::info!(structure = %Quoted(&id), count = body.count, admin = %Quoted(&current.admin.login), "directory read");
    let mut response = ([(header::CONTENT_TYPE, "application/json")], bytes).into_response();
    if let Some(word) = coding.header() {
        response
            .headers_mut()
            .insert(header::CONTENT_ENCODING, HeaderValue::from_static(word));
    }
    Ok(directory_headers(response, &body.version, view, coding))
}

/// A teacher's directory: the accounts they may see ([`CurrentTeacher::users`]), read and
/// serialised for them alone (never the cached body of a whole school), `no-store`.
async fn teacher_users(state: &AppState, teacher: &CurrentTeacher, id: &str) -> AppResult<Response> {
    let (structure, users) = teacher.users(state, id).await?;
    let latest_import_id = state.db.latest_import(id).await?;
    let count = users.len();
    let body = users_response(structure, users, latest_import_id);
    tracing::info!(structure = %Quoted(id), count, teacher = %Quoted(&teacher.teacher.login), "directory read by a teacher");
    Ok(no_store(Json(body).into_response()))
}

/// A directory's answer, stamped with the time it was read.
fn users_response(structure: Structure, users: Vec<User>, latest_import_id: Option<String>) -> UsersResponse {
    UsersResponse {
        structure,
        users,
        fetched_at: Utc::now(),
        latest_import_id,
    }
}

/// The headers of every directory answer, 200 or 304: its ETag, `Vary: Accept-Encoding` (the
/// coding is chosen by that header) and `Cache-Control: no-store`.
fn directory_headers(response: Response, version: &str, view: View, coding: Coding) -> Response {
    let mut response = no_store(response);
    let headers = response.headers_mut();
    headers.insert(header::ETAG, revalidate::etag(version, view, coding));
    headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    response
}

/// Reads structure `id`'s directory and serialises it (on a cache miss). Serialising takes tens
/// of milliseconds for a large school: on a blocking thread, so other requests served by this
/// async worker are not held up meanwhile.
async fn read(db: Db, id: String, hide_central_admins: bool) -> Result<Body, String> {
    tracing::debug!(structure = %Quoted(&id), "directory read from the database");
    let snapshot = db
        .directory(&id, hide_central_admins)
        .await
        .map_err(|e| format!("reading the directory: {e}"))?
        .ok_or("the structure was removed while being read")?;
    tokio::task::spawn_blocking(move || {
        let DirectorySnapshot {
            structure,
            version,
            users,
            latest_import_id,
        } = snapshot;
        let count = users.len();
        let response = users_response(structure, users, latest_import_id);
        let json = serde_json::to_vec(&response).map_err(|e| format!("serialising the directory: {e}"))?;
        Ok(Body::new(version, count, json))
    })
    .await
    .map_err(|e| format!("serialising the directory: {e}"))?
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
