//! `/api/session`: sign in with a password (`POST`), who am I (`GET`), sign out (`DELETE`); and
//! `/api/session/password`, one's own password. A sign-in reads the browser's device cookie
//! (`auth::device`) and a successful one sets a new one, which sign-out leaves in place.
//!
//! A session may also begin at the ENT (`api/oidc.rs`): an administrator's, opened by
//! [`open_admin_session`] exactly as after a password, or a teacher's. `GET` and `DELETE` serve
//! both; signing out of a session that began at the ENT answers where to end the ENT's too.

use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::Duration;
use sesame_core::access::admin_rules::{check_new_password, known_words};
use sesame_core::access::sign_in::PasswordRole;
use sesame_core::wire::{Credentials, PasswordChange, Role, SessionInfo, SignedOut};
use sesame_core::Lang;

use super::no_store;
use crate::auth::device;
use crate::auth::login::authenticate;
use crate::auth::session::{cookie_token, new_token, token_hash};
use crate::auth::{cookie_name, CurrentAdmin, CurrentTeacher, Person};
use crate::client::Client;
use crate::db::{login_key, Admin};
use crate::error::{AppError, AppResult};
use crate::log_text::Quoted;
use crate::state::AppState;

/// How long a session lasts without signing in again: a school working day.
const SESSION_HOURS: i64 = 10;

async fn info(state: &AppState, current: &CurrentAdmin) -> AppResult<SessionInfo> {
    Ok(SessionInfo {
        login: current.admin.login.clone(),
        display_name: current.admin.display_name.clone(),
        role: current.admin.role,
        structures: current.structures(state).await?,
        csrf_token: current.session.csrf_token.clone(),
        mail_enabled: state.mailer.is_some(),
        classes: Vec::new(),
    })
}

/// A teacher's session: the schools where they may hand out letters, and their classes there.
async fn teacher_info(state: &AppState, current: &CurrentTeacher) -> AppResult<SessionInfo> {
    let mut structures = Vec::new();
    for school in &current.teacher.schools {
        if let Some(structure) = state.db.structure(&school.structure_id).await? {
            structures.push(structure);
        }
    }
    Ok(SessionInfo {
        login: current.teacher.login.clone(),
        display_name: current.teacher.display_name.clone(),
        role: Role::Teacher,
        structures,
        csrf_token: current.session.csrf_token.clone(),
        mail_enabled: state.mailer.is_some(),
        classes: current
            .teacher
            .schools
            .iter()
            .flat_map(|s| s.classes.iter().cloned())
            .collect(),
    })
}

pub async fn get(State(state): State<AppState>, person: Person) -> AppResult<Response> {
    let info = match &person {
        Person::Admin(current) => info(&state, current).await?,
        Person::Teacher(current) => teacher_info(&state, current).await?,
    };
    Ok(no_store(Json(info).into_response()))
}

pub async fn login(
    State(state): State<AppState>,
    client: Client,
    headers: HeaderMap,
    Json(credentials): Json<Credentials>,
) -> AppResult<Response> {
    let device = cookie_token(&headers, device::cookie_name(client.https));
    let admin = authenticate(
        &state,
        client,
        &credentials.login,
        credentials.password,
        device.as_deref(),
    )
    .await?;
    // The password was right: only now is a sign-in the operator does not offer refused, so the
    // refusal tells nothing to someone without it.
    let role = match admin.role {
        Role::Central => PasswordRole::Central,
        Role::Local | Role::Teacher => PasswordRole::Local,
    };
    if !state.sign_in.password_for(role) {
        tracing::info!(login = %Quoted(&admin.login), address = %client.address(), "password sign-in refused: not offered");
        return Err(AppError::Forbidden(
            "La connexion par mot de passe est désactivée : utilisez le bouton de connexion avec l’ENT.",
        ));
    }
    tracing::info!(login = %Quoted(&admin.login), address = %client.address(), "signed in");
    start_session(&state, client, admin).await
}

/// `PUT /api/session/password`: one's own password, the current one required (checked as a
/// sign-in is: rate-limited, bounded). Every session of the administrator ends, this one
/// included, and a new one starts in the answer (new cookie, new CSRF token): a password changed
/// because it leaked signs the other holder out.
pub async fn change_password(
    State(state): State<AppState>,
    client: Client,
    current: CurrentAdmin,
    headers: HeaderMap,
    Json(change): Json<PasswordChange>,
) -> AppResult<Response> {
    let login = current.admin.login.clone();
    let device = cookie_token(&headers, device::cookie_name(client.https));
    let admin = match authenticate(&state, client, &login, change.current.clone(), device.as_deref()).await {
        Ok(admin) => admin,
        Err(AppError::BadCredentials) => {
            return Err(AppError::BadRequest(
                "Le mot de passe actuel n’est pas le bon.".into(),
            ))
        }
        Err(other) => return Err(other),
    };
    // What a guesser knows of them: their name and their schools' names (what the app checks too).
    let session = info(&state, &current).await?;
    check_new_password(&admin.login, &change.new, &known_words(&session))
        .map_err(|p| AppError::BadRequest(p.message(Lang::Fr)))?;
    if change.new == change.current {
        return Err(AppError::BadRequest(
            "Le nouveau mot de passe doit être différent de l’actuel.".into(),
        ));
    }
    let hashed = crate::auth::password::hash_bounded(&state.verifier, &change.new).await?;
    state.db.set_admin_password(&admin.login, &hashed).await?;
    tracing::info!(login = %Quoted(&admin.login), "own password changed, other sessions signed out");
    start_session(&state, client, admin).await
}

/// A new session for `admin`: its cookie, a new device cookie, and the session's body (with its
/// CSRF token).
async fn start_session(state: &AppState, client: Client, admin: Admin) -> AppResult<Response> {
    let (current, cookies) = open_admin_session(state, client, admin, false).await?;
    let mut response = no_store(Json(info(state, &current).await?).into_response());
    for cookie in cookies {
        response.headers_mut().append(header::SET_COOKIE, cookie);
    }
    Ok(response)
}

/// Opens a session for `admin` (`via_oidc`: they signed in at the ENT): the session, and the
/// cookies to set — the session's and a new device cookie.
pub(super) async fn open_admin_session(
    state: &AppState,
    client: Client,
    admin: Admin,
    via_oidc: bool,
) -> AppResult<(CurrentAdmin, Vec<HeaderValue>)> {
    let token = new_token();
    let csrf = new_token();
    state
        .db
        .create_session_via(
            &token_hash(&token),
            &admin.login,
            &csrf,
            Duration::hours(SESSION_HOURS),
            via_oidc,
        )
        .await?;
    let (session, admin) = state
        .db
        .signed_in(&token_hash(&token))
        .await?
        .ok_or(AppError::Unauthorized)?;
    let current = CurrentAdmin {
        session,
        token_hash: token_hash(&token),
        admin,
    };
    let device_cookie = state
        .devices
        .issue(&state.db, &login_key(&current.admin.login), chrono::Utc::now())
        .await?;
    let cookies = vec![
        session_cookie(client, &token),
        HeaderValue::from_str(&device::set_cookie(&device_cookie, client.https)).expect("ascii cookie"),
    ];
    Ok((current, cookies))
}

/// Opens a session for a teacher (their ENT id) who signed in at the ENT: the session cookie.
pub(super) async fn open_teacher_session(
    state: &AppState,
    client: Client,
    teacher_id: &str,
) -> AppResult<HeaderValue> {
    let token = new_token();
    state
        .db
        .create_teacher_session(
            &token_hash(&token),
            teacher_id,
            &new_token(),
            Duration::hours(SESSION_HOURS),
        )
        .await?;
    Ok(session_cookie(client, &token))
}

/// The session cookie holding `token` (`HttpOnly; SameSite=Strict`, `Secure` over HTTPS).
fn session_cookie(client: Client, token: &str) -> HeaderValue {
    let cookie = format!(
        "{}={token}; Path=/; HttpOnly; SameSite=Strict; Max-Age={}{}",
        cookie_name(client.https),
        SESSION_HOURS * 3600,
        if client.https { "; Secure" } else { "" }
    );
    HeaderValue::from_str(&cookie).expect("ascii cookie")
}

/// `DELETE /api/session`: 204, or 200 with where to end the ENT's session too when this one
/// began there and the ENT says where (`end_session_endpoint`).
pub async fn logout(State(state): State<AppState>, client: Client, person: Person) -> AppResult<Response> {
    let via_oidc = match &person {
        Person::Admin(current) => {
            state.db.delete_session(&current.token_hash).await?;
            current.session.via_oidc
        }
        Person::Teacher(current) => {
            state.db.delete_teacher_session(&current.token_hash).await?;
            true
        }
    };
    tracing::info!(login = %Quoted(person.login()), "signed out");
    let cookie = format!(
        "{}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0{}",
        cookie_name(client.https),
        if client.https { "; Secure" } else { "" }
    );
    let end_session = match (&state.oidc, via_oidc) {
        (Some(provider), true) => provider.end_session_url().await,
        _ => None,
    };
    let mut response = match end_session {
        Some(end_session_url) => no_store(Json(SignedOut { end_session_url }).into_response()),
        None => StatusCode::NO_CONTENT.into_response(),
    };
    response.headers_mut().insert(
        header::SET_COOKIE,
        HeaderValue::from_str(&cookie).expect("ascii cookie"),
    );
    Ok(response)
}
