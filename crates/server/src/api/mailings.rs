//! `/api/structures/{id}/mailings` and `/api/mailings/{id}`: queue credentials e-mails, follow
//! them, retry the failed ones.
//!
//! The browser sends only account ids and an idempotency key: scope is checked again for every
//! id, and the worker composes each message from the server's own directory. Every route checks
//! that the administrator may see the mailing's structure.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;

use super::account_ids::account_ids;
use crate::auth::Person;
use sesame_core::wire::{MailingRequest, MailingRetried, MailingStatus, NewMailing};

use crate::db::Mailing;
use crate::error::{AppError, AppResult};
use crate::log_text::Quoted;
use crate::mail::Mailer;
use crate::state::AppState;

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
    person: Person,
    Path(id): Path<String>,
    Json(body): Json<MailingRequest>,
) -> AppResult<(StatusCode, Json<NewMailing>)> {
    match &person {
        Person::Admin(current) => {
            current.structure(&state, &id).await?;
        }
        Person::Teacher(current) => {
            let (structure, _) = current.structure(&state, &id).await?;
            if !structure.letter_settings.teachers_may_mail {
                return Err(AppError::Forbidden(
                    "Cet établissement ne laisse pas les enseignants envoyer les identifiants par courriel : \
                     imprimez-les.",
                ));
            }
        }
    }
    let mailer = mailer(&state)?;
    let key = body.idempotency_key.trim();
    if key.is_empty() || key.len() > MAX_KEY_LEN {
        return Err(AppError::BadRequest(format!(
            "« idempotencyKey » doit faire entre 1 et {MAX_KEY_LEN} caractères."
        )));
    }
    let ids = account_ids(body.user_ids, "par envoi")?;
    let hide_central_admins = person.hides_central_admins();
    let targets = state.db.mail_targets(&id, &ids, hide_central_admins).await?;
    let seen = match &person {
        Person::Admin(_) => true,
        Person::Teacher(current) => current.sees_all(&state, &id, &ids).await?,
    };
    if targets.len() != ids.len() || !seen {
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
    let by_teacher = matches!(person, Person::Teacher(_));
    let queued = state
        .db
        .create_mailing_as(&id, person.login(), by_teacher, key, &queued, skipped)
        .await?;
    let mailing = queued.mailing;
    if queued.created {
        tracing::info!(mailing = %mailing.mailing_id, structure = %Quoted(&id), queued = mailing.queued, skipped_no_email = mailing.skipped_no_email, by = %Quoted(person.login()), by_teacher, "mailing queued");
        mailer.wake.notify_waiters();
    } else {
        tracing::info!(mailing = %mailing.mailing_id, structure = %Quoted(&id), "mailing requested again with the same key: nothing new queued");
    }
    Ok((StatusCode::ACCEPTED, Json(mailing)))
}

/// The mailing, if this administrator may see its structure, or it is this teacher's own (403
/// otherwise, 404 if none).
async fn visible_mailing(state: &AppState, person: &Person, id: &str) -> AppResult<Mailing> {
    let mailing = state
        .db
        .mailing(id)
        .await?
        .ok_or(AppError::NotFound("Envoi introuvable."))?;
    match person {
        Person::Admin(current) => {
            current.structure(state, &mailing.structure_id).await?;
        }
        Person::Teacher(current) => {
            current.structure(state, &mailing.structure_id).await?;
            if !(mailing.by_teacher && mailing.admin_login == current.teacher.login) {
                return Err(AppError::Forbidden("Cet envoi n’est pas le vôtre."));
            }
        }
    }
    Ok(mailing)
}

pub async fn status(
    State(state): State<AppState>,
    person: Person,
    Path(id): Path<String>,
) -> AppResult<Json<MailingStatus>> {
    let mailing = visible_mailing(&state, &person, &id).await?;
    let hide_central_admins = person.hides_central_admins();
    Ok(Json(
        state.db.mailing_status(&mailing.id, hide_central_admins).await?,
    ))
}

pub async fn retry(
    State(state): State<AppState>,
    person: Person,
    Path(id): Path<String>,
) -> AppResult<(StatusCode, Json<MailingRetried>)> {
    let mailing = visible_mailing(&state, &person, &id).await?;
    let mailer = mailer(&state)?;
    let requeued = state.db.retry_failed_mails(&mailing.id).await?;
    tracing::info!(mailing = %mailing.id, requeued, by = %Quoted(person.login()), "mailing failures queued again");
    mailer.wake.notify_waiters();
    Ok((
        StatusCode::ACCEPTED,
        Json(MailingRetried {
            mailing_id: mailing.id,
            requeued,
        }),
    ))
}
