//! `/api/session`: sign in (`POST`), who am I (`GET`), sign out (`DELETE`).

use std::net::SocketAddr;
use std::time::Instant;

use axum::extract::{ConnectInfo, FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::Duration;
use serde::{Deserialize, Serialize};
use sesame_core::Structure;

use crate::auth::password;
use crate::auth::session::{new_token, token_hash};
use crate::auth::{CurrentAdmin, SESSION_COOKIE};
use crate::error::{AppError, AppResult};
use crate::state::AppState;

/// How long a session lasts without signing in again: a school working day.
const SESSION_HOURS: i64 = 10;

#[derive(Deserialize)]
pub struct Credentials {
    login: String,
    password: String,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SessionInfo {
    login: String,
    display_name: String,
    role: &'static str,
    structures: Vec<Structure>,
    csrf_token: String,
    /// Whether this server sends e-mail (`--smtp-url`): the app disables « Envoyer par
    /// courriel » and says why from the start, instead of after a confirmation.
    mail_enabled: bool,
}

async fn info(state: &AppState, current: &CurrentAdmin) -> AppResult<SessionInfo> {
    Ok(SessionInfo {
        login: current.admin.login.clone(),
        display_name: current.admin.display_name.clone(),
        role: current.admin.role.as_str(),
        structures: current.structures(state).await?,
        csrf_token: current.session.csrf_token.clone(),
        mail_enabled: state.mailer.is_some(),
    })
}

pub async fn get(State(state): State<AppState>, current: CurrentAdmin) -> AppResult<Response> {
    Ok(no_store(Json(info(&state, &current).await?).into_response()))
}

/// The client's address, when the server was started with connection info (tests through
/// `oneshot` have none and share one bucket).
pub struct ClientAddress(String);

impl<S: Send + Sync> FromRequestParts<S> for ClientAddress {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let address = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|ConnectInfo(a)| a.ip().to_string());
        Ok(ClientAddress(address.unwrap_or_else(|| "unknown".into())))
    }
}

pub async fn login(
    State(state): State<AppState>,
    ClientAddress(address): ClientAddress,
    headers: HeaderMap,
    Json(credentials): Json<Credentials>,
) -> AppResult<Response> {
    let login = credentials.login.trim().to_owned();
    if login.is_empty() || credentials.password.is_empty() {
        return Err(AppError::BadRequest(
            "Saisissez votre identifiant et votre mot de passe.".into(),
        ));
    }
    let account_key = format!("login:{}", login.to_lowercase());
    let keys = [account_key.clone(), format!("address:{address}")];
    let now = Instant::now();
    state
        .limiter
        .check(&keys, now)
        .map_err(|retry_after_secs| AppError::TooManyRequests { retry_after_secs })?;

    let admin = state.db.admin(&login).await?;
    let stored = admin
        .as_ref()
        .map_or(password::decoy_hash(), |a| a.password_hash.as_str())
        .to_owned();
    let password = credentials.password;
    // Argon2 takes tens of milliseconds of CPU: off the async workers.
    let valid = tokio::task::spawn_blocking(move || password::verify(&password, &stored))
        .await
        .map_err(|e| AppError::Internal(format!("password check: {e}")))?;
    let Some(admin) = admin.filter(|_| valid) else {
        state.limiter.record_failure(&keys, now);
        tracing::warn!(login = %login, "failed sign-in");
        return Err(AppError::BadCredentials);
    };
    state.limiter.clear(&account_key);

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
    tracing::info!(login = %admin.login, "signed in");
    let current = CurrentAdmin {
        session: state
            .db
            .session(&token_hash(&token))
            .await?
            .ok_or(AppError::Unauthorized)?,
        token_hash: token_hash(&token),
        admin,
    };
    let secure = state.secure_cookies
        || headers
            .get("x-forwarded-proto")
            .is_some_and(|p| p.as_bytes().eq_ignore_ascii_case(b"https"));
    let cookie = format!(
        "{SESSION_COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict; Max-Age={}{}",
        SESSION_HOURS * 3600,
        if secure { "; Secure" } else { "" }
    );
    let mut response = no_store(Json(info(&state, &current).await?).into_response());
    response.headers_mut().insert(
        header::SET_COOKIE,
        HeaderValue::from_str(&cookie).expect("ascii cookie"),
    );
    Ok(response)
}

pub async fn logout(State(state): State<AppState>, current: CurrentAdmin) -> AppResult<Response> {
    state.db.delete_session(&current.token_hash).await?;
    tracing::info!(login = %current.admin.login, "signed out");
    let cookie = format!("{SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
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
