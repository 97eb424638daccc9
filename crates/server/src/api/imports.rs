//! `/api/structures/{id}/imports`: the ENT's export brought in from the browser — a dry run
//! that says what would change (`?dryRun=true`), then the import itself, all or nothing — and
//! the list of past imports; `POST /api/structures`, a new school (central administrators).
//!
//! The file is parsed by core's own parser (the one `sesame import` uses) and planned by core
//! ([`sesame_core::import::plan`]); the import writes exactly the plan the dry run showed. The
//! body is the raw CSV, at most [`MAX_FILE_BYTES`]. A local administrator may not touch a
//! central administrator's own account: such a line is an error, and those accounts are never
//! listed to them.

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::Json;
use serde::Deserialize;
use sesame_core::import::{parse_csv, refused, summary, Target};
use sesame_core::wire::{ImportMessage, ImportRecord, ImportSummary, NewStructure, Role};
use sesame_core::{LetterSettings, SchoolTimeZone, Structure};

use crate::auth::CurrentAdmin;
use crate::error::{AppError, AppResult};
use crate::log_text::Quoted;
use crate::state::AppState;

/// Larger than any school's export (about 200 bytes a line, 20,000 lines is 4 MB).
pub const MAX_FILE_BYTES: usize = 20 * 1024 * 1024;
/// Middleware of the import route (`map_response`): a file over [`MAX_FILE_BYTES`] is told so
/// with the import's own limit, not the 1 MiB of the JSON bodies.
pub async fn file_too_large(response: Response) -> Response {
    if response.status() != StatusCode::PAYLOAD_TOO_LARGE {
        return response;
    }
    super::errors::error(
        StatusCode::PAYLOAD_TOO_LARGE,
        "payload_too_large",
        format!(
            "Fichier trop volumineux : {} Mio au plus. Un export de l’ENT en fait bien moins ; vérifiez qu’il s’agit du bon fichier.",
            MAX_FILE_BYTES >> 20
        ),
    )
}

/// Longest file name kept in the record.
const MAX_FILE_NAME: usize = 200;

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ImportQuery {
    #[serde(default)]
    dry_run: bool,
    #[serde(default)]
    file_name: String,
}

/// `POST /api/structures/{id}/imports[?dryRun=true][&fileName=…]`, the CSV as the body: 200 with
/// the preview (dry run, bad lines included), 201 with what was imported, or 422 with the bad
/// lines and nothing written.
pub async fn import(
    State(state): State<AppState>,
    current: CurrentAdmin,
    Path(id): Path<String>,
    Query(query): Query<ImportQuery>,
    body: Bytes,
) -> AppResult<(StatusCode, Json<ImportSummary>)> {
    let structure = current.structure(&state, &id).await?;
    let zone = SchoolTimeZone::from_iana(&structure.time_zone).unwrap_or_default();
    let refuse = |summary: ImportSummary| {
        let status = if query.dry_run {
            StatusCode::OK
        } else {
            StatusCode::UNPROCESSABLE_ENTITY
        };
        Ok((
            status,
            Json(ImportSummary {
                dry_run: query.dry_run,
                ..summary
            }),
        ))
    };
    let report = match parse_csv(&body, zone) {
        Ok(report) => report,
        Err(error) => return refuse(refused(&error)),
    };
    let local = current.admin.role == Role::Local;
    let (mut existing, plan) = state.db.plan_import(&id, &report.users).await?;
    if local {
        // A central administrator's own account is theirs to change, not a school's.
        let central = state.db.central_admin_accounts(&id).await?;
        let errors: Vec<ImportMessage> = plan
            .targets
            .iter()
            .zip(&report.users)
            .filter(|(target, _)| matches!(target, Target::Existing(id) if central.contains(id)))
            .map(|(_, line)| ImportMessage {
                line: Some(line.line),
                message:
                    "ce compte est celui d’un administrateur central de Sésame : seul un administrateur \
                          central peut l’importer"
                        .into(),
            })
            .collect();
        if !errors.is_empty() {
            return refuse(ImportSummary {
                errors,
                ..ImportSummary::default()
            });
        }
        existing.retain(|u| !central.contains(&u.id));
    }
    let mut preview = summary(&existing, &report.users, &plan, &report.warnings);
    if query.dry_run {
        return Ok((StatusCode::OK, Json(preview)));
    }
    let file_name: String = query.file_name.trim().chars().take(MAX_FILE_NAME).collect();
    let record = state
        .db
        .import_planned(&id, &report.users, &plan, Some(&current.admin.login), &file_name)
        .await?;
    tracing::info!(structure = %Quoted(&structure.uai), import = %record.id, created = record.created, updated = record.updated, admin = %Quoted(&current.admin.login), "import");
    preview.dry_run = false;
    preview.import_id = Some(record.id);
    Ok((StatusCode::CREATED, Json(preview)))
}

/// `GET /api/structures/{id}/imports`: who imported what and when, newest first.
pub async fn list(
    State(state): State<AppState>,
    current: CurrentAdmin,
    Path(id): Path<String>,
) -> AppResult<Json<Vec<ImportRecord>>> {
    current.structure(&state, &id).await?;
    let redact = current.admin.role == Role::Local;
    Ok(Json(state.db.imports(&id, redact).await?))
}

/// `POST /api/structures`: a new school, for central administrators (its accounts come with its
/// first import).
pub async fn create_structure(
    State(state): State<AppState>,
    current: CurrentAdmin,
    Json(body): Json<NewStructure>,
) -> AppResult<(StatusCode, Json<Structure>)> {
    if current.admin.role != Role::Central {
        return Err(AppError::Forbidden(
            "Seul un administrateur central peut créer un établissement.",
        ));
    }
    let uai = body.uai.trim().to_uppercase();
    if !is_uai(&uai) {
        return Err(AppError::BadRequest(format!(
            "« {} » n’est pas un code UAI : sept chiffres puis une lettre (par exemple 0751234A).",
            body.uai.chars().take(40).collect::<String>()
        )));
    }
    let name = body.name.trim();
    if name.is_empty() || name.chars().count() > 200 || name.chars().any(char::is_control) {
        return Err(AppError::BadRequest(
            "Donnez le nom de l’établissement (200 caractères au plus).".into(),
        ));
    }
    if state.db.structure_by_uai(&uai).await?.is_some() {
        return Err(AppError::Conflict(format!("L’établissement {uai} existe déjà.")));
    }
    let structure = state
        .db
        .create_structure(&uai, name, &LetterSettings::default())
        .await?;
    tracing::info!(structure = %Quoted(&uai), admin = %Quoted(&current.admin.login), "structure created");
    Ok((StatusCode::CREATED, Json(structure)))
}

/// Seven digits and a letter: the form of a French school's UAI.
fn is_uai(uai: &str) -> bool {
    let bytes = uai.as_bytes();
    bytes.len() == 8 && bytes[..7].iter().all(u8::is_ascii_digit) && bytes[7].is_ascii_uppercase()
}
