//! `/api/structures/{id}/distributions`: the log of who produced letters for whom.
//!
//! The app records a PDF it generated (ids only: the codes never travel back to the server);
//! the mail outbox records what it sends. Ids outside the structure are refused, not skipped.
//!
//! `DELETE …/distributions/{distribution}` takes an entry back — a click on « Marquer comme
//! distribués » for the wrong pile — for [`UNDO_MINUTES`] after it, and only for the
//! administrator who made it; e-mails sent are never taken back.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use chrono::{Duration, Utc};
use sesame_core::wire::{
    DistributionEntry, DistributionRecord, DistributionRecorded, DistributionUndone, UNDO_MINUTES,
};

use super::account_ids::account_ids;
use crate::auth::{CurrentAdmin, Person};
use crate::db::Undo;
use crate::error::{AppError, AppResult};
use crate::log_text::Quoted;
use crate::state::AppState;

pub async fn record(
    State(state): State<AppState>,
    person: Person,
    Path(id): Path<String>,
    Json(record): Json<DistributionRecord>,
) -> AppResult<(StatusCode, Json<DistributionRecorded>)> {
    let ids = account_ids(record.user_ids, "par enregistrement")?;
    let in_scope = match &person {
        Person::Admin(current) => {
            current.structure(&state, &id).await?;
            let hide_central_admins = current.hides_central_admins();
            let known = state
                .db
                .user_ids_in_structure(&id, &ids, hide_central_admins)
                .await?;
            known.len() == ids.len()
        }
        // A teacher: their pupils and those pupils' relatives, nothing else.
        Person::Teacher(current) => current.sees_all(&state, &id, &ids).await?,
    };
    if !in_scope {
        return Err(AppError::Forbidden(
            "Certains comptes ne font pas partie de cet établissement.",
        ));
    }
    let by_teacher = matches!(person, Person::Teacher(_));
    let distribution = state
        .db
        .record_distribution_as(&id, person.login(), by_teacher, record.channel, &ids)
        .await?;
    tracing::info!(structure = %Quoted(&id), channel = record.channel.as_str(), count = ids.len(), "distribution recorded");
    Ok((
        StatusCode::CREATED,
        Json(DistributionRecorded {
            id: distribution,
            recorded: ids.len(),
        }),
    ))
}

pub async fn list(
    State(state): State<AppState>,
    current: CurrentAdmin,
    Path(id): Path<String>,
) -> AppResult<Json<Vec<DistributionEntry>>> {
    current.structure(&state, &id).await?;
    // A local administrator sees neither central administrators' logins nor their accounts' ids.
    let redact = current.hides_central_admins();
    Ok(Json(state.db.distributions(&id, redact).await?))
}

pub async fn undo(
    State(state): State<AppState>,
    person: Person,
    Path((id, distribution)): Path<(String, String)>,
) -> AppResult<Json<DistributionUndone>> {
    match &person {
        Person::Admin(current) => {
            current.structure(&state, &id).await?;
        }
        // A teacher undoes their own marking, as an administrator does.
        Person::Teacher(current) => {
            current.structure(&state, &id).await?;
        }
    }
    let since = Utc::now() - Duration::minutes(UNDO_MINUTES);
    match state
        .db
        .undo_distribution(&id, &distribution, person.login(), since)
        .await?
    {
        Undo::Undone(last_distributed) => {
            tracing::info!(structure = %Quoted(&id), count = last_distributed.len(), "distribution undone");
            Ok(Json(DistributionUndone { last_distributed }))
        }
        Undo::NotFound => Err(AppError::NotFound("Distribution introuvable dans cet établissement.")),
        Undo::NotYours => Err(AppError::Forbidden(
            "Seul l’administrateur qui a marqué ces comptes comme distribués peut l’annuler.",
        )),
        Undo::Mail => Err(AppError::Conflict(
            "Des courriels envoyés ne peuvent pas être annulés.".into(),
        )),
        Undo::TooLate => Err(AppError::Conflict(format!(
            "Trop tard pour annuler : une distribution ne s’annule que dans les {UNDO_MINUTES} minutes qui suivent."
        ))),
    }
}
