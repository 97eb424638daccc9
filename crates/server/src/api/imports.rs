//! `/api/structures/{id}/imports`: the ENT's export brought in from the browser — a dry run
//! that says what would change (`?dryRun=true`), then the import itself, all or nothing — and
//! the list of past imports; `POST /api/structures`, a new school (central administrators).
//!
//! The file is parsed by core's own parser (the one `sesame import` uses) and planned by core
//! ([`sesame_core::import::plan`]) from what the administrator may see of the directory: a
//! local administrator's answer never depends on other schools' accounts nor on central
//! administrators' own (`db/import.rs`). The import plans again as it writes, and writes exactly
//! that plan. The body is the raw CSV, at most [`MAX_FILE_BYTES`]; parsing and planning run on
//! the blocking pool, one import per school and a few in all at once ([`ImportSlots`]), and the
//! answer lists the first accounts of each kind with whole counts ([`LISTED`]), so that one
//! school's large file neither stalls the server nor fills its memory.
//!
//! [`ImportSlots`]: crate::import_slots::ImportSlots
//! [`LISTED`]: sesame_core::import::LISTED

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::Json;
use serde::Deserialize;
use sesame_core::import::{parse_csv, refused, summary};
use sesame_core::wire::{ImportRecord, ImportSummary, NewStructure, Role};
use sesame_core::{LetterSettings, SchoolTimeZone, Structure};

use crate::auth::CurrentAdmin;
use crate::db::{Commit, ImportOptions, Importer, Planned};
use crate::error::{AppError, AppResult};
use crate::import_slots::Busy;
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

/// What an import busy elsewhere asks the browser to wait, in seconds.
const BUSY_RETRY_SECS: u64 = 30;

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ImportQuery {
    #[serde(default)]
    dry_run: bool,
    #[serde(default)]
    file_name: String,
    /// The school's accounts absent from the file leave it (they stay in their other schools).
    #[serde(default)]
    remove_absent: bool,
}

/// `POST /api/structures/{id}/imports[?dryRun=true][&fileName=…][&removeAbsent=true]`, the CSV
/// as the body: 200 with the preview (dry run, bad lines included), 201 with what was imported,
/// or 422 with the bad lines and nothing written; 429 while this school (or too many schools)
/// has an import running.
pub async fn import(
    State(state): State<AppState>,
    current: CurrentAdmin,
    Path(id): Path<String>,
    Query(query): Query<ImportQuery>,
    body: Bytes,
) -> AppResult<(StatusCode, Json<ImportSummary>)> {
    let structure = current.structure(&state, &id).await?;
    let _slot = state.imports.take(&id).map_err(|busy| AppError::AlreadyRunning {
        message: match busy {
            Busy::School => {
                "Un import de cet établissement est déjà en cours : attendez qu’il se termine, puis \
                 relancez-le si besoin."
            }
            Busy::Server => "Le serveur traite déjà plusieurs imports : réessayez dans une minute.",
        },
        retry_after_secs: BUSY_RETRY_SECS,
    })?;
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
    let parsed = tokio::task::spawn_blocking(move || parse_csv(&body, zone))
        .await
        .map_err(|e| AppError::Internal(format!("parsing an import: {e}")))?;
    let report = match parsed {
        Ok(report) => report,
        Err(error) => return refuse(refused(&error)),
    };
    let importer = match current.admin.role {
        Role::Central => Importer::Central(current.admin.login.clone()),
        // An administrator is never a teacher; were one, they would see the least.
        Role::Local | Role::Teacher => Importer::Local(current.admin.login.clone()),
    };
    let users = Arc::new(report.users);
    let answer = |planned: &Planned| {
        summary(
            &planned.school,
            &users,
            &planned.plan,
            &report.warnings,
            query.remove_absent,
        )
    };
    if query.dry_run {
        let planned = state.db.plan_import(&id, users.clone(), &importer).await?;
        return Ok((StatusCode::OK, Json(answer(&planned))));
    }
    let options = ImportOptions {
        // Controls (ESC, NUL) and direction tricks dropped, trimmed, at most 200 characters.
        file_name: sesame_core::import::clean_file_name(&query.file_name),
        remove_absent: query.remove_absent,
    };
    match state.db.import(&id, users.clone(), &importer, &options).await? {
        Commit::Refused(planned) => refuse(answer(&planned)),
        Commit::Written(record, planned) => {
            tracing::info!(
                structure = %Quoted(&structure.uai),
                import = %record.id,
                created = record.created,
                shared = record.shared,
                updated = record.updated,
                removed = record.removed,
                admin = %Quoted(&current.admin.login),
                "import"
            );
            let mut preview = answer(&planned);
            preview.dry_run = false;
            preview.import_id = Some(record.id);
            Ok((StatusCode::CREATED, Json(preview)))
        }
    }
}

/// `GET /api/structures/{id}/imports`: who imported what and when, newest first.
pub async fn list(
    State(state): State<AppState>,
    current: CurrentAdmin,
    Path(id): Path<String>,
) -> AppResult<Json<Vec<ImportRecord>>> {
    current.structure(&state, &id).await?;
    let redact = current.hides_central_admins();
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
