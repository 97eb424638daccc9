//! `/api/session`: sign in (`POST`), who am I (`GET`), sign out (`DELETE`); and
//! `/api/session/password`, one's own password. A sign-in reads the browser's device cookie
//! (`auth::device`) and a successful one sets a new one, which sign-out leaves in place.

use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::Duration;
use sesame_core::admin_rules::{check_new_password, known_words};
use sesame_core::wire::{Credentials, PasswordChange, SessionInfo};
use sesame_core::Lang;

use crate::auth::device;
use crate::auth::login::authenticate;
use crate::auth::session::{cookie_token, new_token, token_hash};
use crate::auth::{cookie_name, CurrentAdmin};
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
    })
}

pub async fn get(State(state): State<AppState>, current: CurrentAdmin) -> AppResult<Response> {
    Ok(no_store(Json(info(&state, &current).await?).into_response()))
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
    let hashed = super::admins::hash(&state, &change.new).await?;
    state.db.set_admin_password(&admin.login, &hashed).await?;
    tracing::info!(login = %Quoted(&admin.login), "own password changed, other sessions signed out");
    start_session(&state, client, admin).await
}

/// A new session for `admin`: its cookie, a new device cookie, and the session's body (with its
/// CSRF token).
async fn start_session(state: &AppState, client: Client, admin: Admin) -> AppResult<Response> {
    let token = new_token();
    let csrf = new_token();
    state
        .db
        .create_session(
            &token_hash(&token),
            &admin.login,
            &csrf,
            Duration::hours(SESSION_HOURS),
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
    let cookie = format!(
        "{}={token}; Path=/; HttpOnly; SameSite=Strict; Max-Age={}{}",
        cookie_name(client.https),
        SESSION_HOURS * 3600,
        if client.https { "; Secure" } else { "" }
    );
    let device_cookie = state
        .devices
        .issue(&state.db, &login_key(&current.admin.login), chrono::Utc::now())
        .await?;
    let mut response = no_store(Json(info(state, &current).await?).into_response());
    response.headers_mut().insert(
        header::SET_COOKIE,
        HeaderValue::from_str(&cookie).expect("ascii cookie"),
    );
    response.headers_mut().append(
        header::SET_COOKIE,
        HeaderValue::from_str(&device::set_cookie(&device_cookie, client.https)).expect("ascii cookie"),
    );
    Ok(response)
}

pub async fn logout(
    State(state): State<AppState>,
    client: Client,
    current: CurrentAdmin,
) -> AppResult<Response> {
    state.db.delete_session(&current.token_hash).await?;
    tracing::info!(login = %Quoted(&current.admin.login), "signed out");
    let cookie = format!(
        "{}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0{}",
        cookie_name(client.https),
        if client.https { "; Secure" } else { "" }
    );
    let mut response = StatusCode::NO_CONTENT.into_response();
    response.headers_mut().insert(
        header::SET_COOKIE,
        HeaderValue::from_str(&cookie).expect("ascii cookie"),
    );
    Ok(response)
}

/// Marks a response as never to be cached (it holds a CSRF token or credentials).
pub fn no_store(mut response: Response) -> Response {
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}
