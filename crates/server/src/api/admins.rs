//! `/api/admins`: the administrators of Sésame, managed from the browser. A central
//! administrator lists, creates, changes, resets and removes them; a local administrator only
//! sees themselves. Passwords are generated here and shown once (`IssuedPassword`), never
//! logged; whatever takes access away (a reset, disabling, removal) revokes that
//! administrator's sessions in the same transaction. The API never takes the last enabled
//! central administrator away, nor lets one remove or disable themselves (a colleague does it),
//! so a school is never left without anyone who can manage it.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use sesame_core::access::admin_rules::{check_display_name, check_login};
use sesame_core::wire::{AdminInfo, AdminUpdate, IssuedPassword, NewAdmin, Role};
use sesame_core::Lang;

use super::no_store;
use crate::auth::{password, CurrentAdmin};
use crate::db::{login_key, Admin, AdminChange, SubjectChange};
use crate::error::{AppError, AppResult};
use crate::log_text::Quoted;
use crate::state::AppState;

/// `GET /api/admins`: all of them for a central administrator, only oneself for a local one.
pub async fn list(State(state): State<AppState>, current: CurrentAdmin) -> AppResult<Json<Vec<AdminInfo>>> {
    let mut admins = state.db.admins().await?;
    if current.admin.role == Role::Local {
        admins.retain(|a| a.login == current.admin.login);
    }
    Ok(Json(admins))
}

/// `POST /api/admins`: a new administrator, with a generated password (201, shown once).
pub async fn create(
    State(state): State<AppState>,
    current: CurrentAdmin,
    Json(body): Json<NewAdmin>,
) -> AppResult<Response> {
    central_only(&current)?;
    let login = body.login.trim().to_owned();
    check_login(&login).map_err(problem)?;
    let display_name = display_name(&body.display_name, &login)?;
    let structures = check_structures(&state, body.role, &body.structures).await?;
    let subject = oidc_subject(body.oidc_subject.as_deref())?;
    if state.db.admin(&login).await?.is_some() {
        return Err(AppError::Conflict(format!(
            "L’administrateur « {login} » existe déjà."
        )));
    }
    if let Some(subject) = &subject {
        if let Some(holder) = state.db.admin_by_oidc_subject(subject).await? {
            return Err(subject_taken(&holder.login));
        }
    }
    let secret = password::generate();
    let admin = Admin {
        login,
        display_name,
        password_hash: password::hash_bounded(&state.verifier, &secret).await?,
        role: body.role,
        disabled: false,
    };
    let login = state.db.put_admin(&admin, &structures).await?;
    if subject.is_some() {
        link(&state, &login, subject.as_deref()).await?;
    }
    tracing::info!(admin = %Quoted(&login), role = body.role.as_str(), by = %Quoted(&current.admin.login), "administrator created");
    let issued = IssuedPassword {
        login,
        password: secret,
    };
    Ok(no_store((StatusCode::CREATED, Json(issued)).into_response()))
}

/// `PUT /api/admins/{login}`: name, role, structures, disabled.
pub async fn update(
    State(state): State<AppState>,
    current: CurrentAdmin,
    Path(login): Path<String>,
    Json(body): Json<AdminUpdate>,
) -> AppResult<Json<AdminInfo>> {
    let (existing, myself) = administered(&state, &current, &login).await?;
    let display_name = display_name(&body.display_name, &existing.login)?;
    let structures = check_structures(&state, body.role, &body.structures).await?;
    let subject = oidc_subject(body.oidc_subject.as_deref())?;
    if myself && (body.disabled || body.role != Role::Central) {
        return Err(AppError::Conflict(
            "Vous ne pouvez ni vous désactiver ni vous retirer le rôle central : demandez-le à un autre administrateur central."
                .into(),
        ));
    }
    let change = state
        .db
        .update_admin(
            &existing.login,
            &display_name,
            body.role,
            &structures,
            body.disabled,
        )
        .await?;
    let login = made(change)?;
    link(&state, &login, subject.as_deref()).await?;
    tracing::info!(admin = %Quoted(&login), role = body.role.as_str(), disabled = body.disabled, by = %Quoted(&current.admin.login), "administrator changed");
    Ok(Json(AdminInfo {
        login,
        display_name,
        role: body.role,
        structures,
        disabled: body.disabled,
        oidc_subject: subject,
    }))
}

/// `POST /api/admins/{login}/password-reset`: a new generated password, shown once; the
/// administrator's sessions are revoked.
pub async fn reset_password(
    State(state): State<AppState>,
    current: CurrentAdmin,
    Path(login): Path<String>,
) -> AppResult<Response> {
    let existing = another_administrator(
        &state,
        &current,
        &login,
        "Pour votre propre mot de passe, passez par « Mon compte » : il demande l’actuel.",
    )
    .await?;
    let secret = password::generate();
    let hashed = password::hash_bounded(&state.verifier, &secret).await?;
    if !state.db.set_admin_password(&existing.login, &hashed).await? {
        return Err(NOT_FOUND);
    }
    tracing::info!(admin = %Quoted(&existing.login), by = %Quoted(&current.admin.login), "administrator password reset, sessions signed out");
    let issued = IssuedPassword {
        login: existing.login,
        password: secret,
    };
    Ok(no_store(Json(issued).into_response()))
}

/// `DELETE /api/admins/{login}`: removed with their sessions (the logs keep their login).
pub async fn remove(
    State(state): State<AppState>,
    current: CurrentAdmin,
    Path(login): Path<String>,
) -> AppResult<StatusCode> {
    let existing = another_administrator(
        &state,
        &current,
        &login,
        "Vous ne pouvez pas supprimer votre propre compte : demandez-le à un autre administrateur central.",
    )
    .await?;
    made(state.db.remove_admin(&existing.login).await?)?;
    tracing::info!(admin = %Quoted(&existing.login), by = %Quoted(&current.admin.login), "administrator removed, sessions signed out");
    Ok(StatusCode::NO_CONTENT)
}

const NOT_FOUND: AppError = AppError::NotFound("Administrateur introuvable.");

/// The longest ENT identity taken (an ENT id is a few dozen characters).
const MAX_SUBJECT_CHARS: usize = 256;

/// The ENT identity given, trimmed (`None` when empty), or why it cannot be one.
fn oidc_subject(given: Option<&str>) -> AppResult<Option<String>> {
    let Some(subject) = given.map(str::trim).filter(|s| !s.is_empty()) else {
        return Ok(None);
    };
    if subject.chars().count() > MAX_SUBJECT_CHARS || subject.chars().any(char::is_control) {
        return Err(AppError::BadRequest(format!(
            "L’identité ENT doit être l’identifiant du compte dans l’ENT (la colonne « Id » de son export), \
             {MAX_SUBJECT_CHARS} caractères au plus."
        )));
    }
    Ok(Some(subject.to_owned()))
}

fn subject_taken(holder: &str) -> AppError {
    AppError::Conflict(format!(
        "Cette identité ENT est déjà celle de l’administrateur « {holder} »."
    ))
}

/// Links administrator `login` to `subject` (or unlinks them).
async fn link(state: &AppState, login: &str, subject: Option<&str>) -> AppResult<()> {
    match state.db.set_admin_oidc_subject(login, subject).await? {
        SubjectChange::Done => Ok(()),
        SubjectChange::NotFound => Err(NOT_FOUND),
        SubjectChange::TakenBy(holder) => Err(subject_taken(&holder)),
    }
}

/// The administrator a request is about, and whether they are the one asking (which some changes
/// refuse): only a central administrator may ask, and an unknown login is not found.
async fn administered(state: &AppState, current: &CurrentAdmin, login: &str) -> AppResult<(Admin, bool)> {
    central_only(current)?;
    let existing = state.db.admin(login).await?.ok_or(NOT_FOUND)?;
    let myself = login_key(&existing.login) == login_key(&current.admin.login);
    Ok((existing, myself))
}

/// [`administered`], when it is not `current` themself: otherwise a conflict saying `refusal`
/// (what one may not do to one's own account, and where to do it instead).
async fn another_administrator(
    state: &AppState,
    current: &CurrentAdmin,
    login: &str,
    refusal: &str,
) -> AppResult<Admin> {
    let (existing, myself) = administered(state, current, login).await?;
    if myself {
        return Err(AppError::Conflict(refusal.into()));
    }
    Ok(existing)
}

fn central_only(current: &CurrentAdmin) -> AppResult<()> {
    if current.admin.role == Role::Central {
        Ok(())
    } else {
        Err(AppError::Forbidden(
            "Seul un administrateur central peut gérer les administrateurs.",
        ))
    }
}

fn problem(problem: sesame_core::access::admin_rules::Problem) -> AppError {
    AppError::BadRequest(problem.message(Lang::Fr))
}

/// The display name to keep: the one given, trimmed, or the login.
fn display_name(given: &str, login: &str) -> AppResult<String> {
    let name = given.trim();
    check_display_name(name).map_err(problem)?;
    Ok(if name.is_empty() {
        login.to_owned()
    } else {
        name.to_owned()
    })
}

/// The structures to give: for a local administrator at least one, each existing (each once);
/// for a central one none (they see every structure).
async fn check_structures(state: &AppState, role: Role, ids: &[String]) -> AppResult<Vec<String>> {
    match role {
        Role::Central if !ids.is_empty() => Err(AppError::BadRequest(
            "Un administrateur central voit tous les établissements : ne lui en donnez aucun.".into(),
        )),
        Role::Local if ids.is_empty() => Err(AppError::BadRequest(
            "Donnez au moins un établissement à un administrateur local.".into(),
        )),
        Role::Teacher => Err(AppError::BadRequest(
            "Un administrateur est central ou local ; un enseignant se connecte avec l’ENT.".into(),
        )),
        _ => {
            let mut given: Vec<String> = Vec::new();
            for id in ids {
                if given.contains(id) {
                    continue;
                }
                if state.db.structure(id).await?.is_none() {
                    return Err(AppError::BadRequest(format!(
                        "Établissement inconnu : « {} ».",
                        id.chars().take(80).collect::<String>()
                    )));
                }
                given.push(id.clone());
            }
            Ok(given)
        }
    }
}

/// The canonical login of a change made; 404 when there was no such administrator, 409 when it
/// would have left no central administrator able to sign in (checked by the database inside the
/// change's own transaction, so two changes at once cannot both pass).
fn made(change: AdminChange) -> AppResult<String> {
    match change {
        AdminChange::Done(login) => Ok(login),
        AdminChange::NotFound => Err(NOT_FOUND),
        AdminChange::LastCentral => Err(AppError::Conflict(
            "C’est le dernier administrateur central actif : créez-en un autre d’abord.".into(),
        )),
    }
}
