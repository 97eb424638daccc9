//! `/api/oidc…`: signing in through the ENT (OpenID Connect, authorization code flow).
//!
//! - `GET /api/oidc` — what the sign-in page offers (the button, and whether passwords are).
//! - `GET /api/oidc/login` — a new attempt: its state, nonce and PKCE verifier kept in the
//!   database under the SHA-256 of a random id the browser keeps in a short-lived cookie
//!   (`HttpOnly; SameSite=Lax`: the callback is a navigation coming from the ENT's site, which a
//!   `Strict` cookie would not follow), then 302 to the ENT.
//! - `GET /api/oidc/callback` — the attempt is taken from the database (once: a replayed callback
//!   finds nothing), its state compared, the code exchanged and the ID token checked
//!   (`crate::oidc`); then Sésame decides who it is ([`sesame_core::access::sign_in::entrant`]) and opens
//!   its own session exactly as after a password — 302 to `/` — or refuses: 302 to
//!   `/login?error=CODE` with nothing created and one log line without any token.
//!
//! Every answer carries `Cache-Control: no-store` and clears the attempt's cookie.

use axum::extract::{Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::Duration;
use serde::Deserialize;
use sesame_core::access::sign_in::{entrant, Entrant, Known};
use sesame_core::wire::OidcInfo;

use super::no_store;
use super::session::{open_admin_session, open_teacher_session};
use crate::auth::password::constant_time_eq;
use crate::auth::session::{cookie_token, new_token, token_hash};
use crate::client::Client;
use crate::db::OidcFlow;
use crate::error::AppResult;
use crate::log_text::Quoted;
use crate::state::AppState;

/// The attempt's cookie over plain HTTP, and over HTTPS (`__Host-`: this host only).
const FLOW_COOKIE: &str = "sesame_oidc";
const SECURE_FLOW_COOKIE: &str = "__Host-sesame_oidc";
/// How long an attempt may take at the ENT (typing a password, a second factor).
const FLOW_MINUTES: i64 = 10;

fn flow_cookie_name(https: bool) -> &'static str {
    if https {
        SECURE_FLOW_COOKIE
    } else {
        FLOW_COOKIE
    }
}

/// `GET /api/oidc`: what the sign-in page shows.
pub async fn info(State(state): State<AppState>) -> Json<OidcInfo> {
    Json(OidcInfo {
        enabled: state.oidc.is_some(),
        label: state
            .oidc
            .as_ref()
            .map(|provider| provider.settings().label.clone())
            .unwrap_or_default(),
        password_sign_in: state.sign_in.password,
    })
}

/// `GET /api/oidc/login`: to the ENT, with a new attempt.
pub async fn login(State(state): State<AppState>, client: Client) -> AppResult<Response> {
    let Some(provider) = &state.oidc else {
        return Ok(back_to_login("oidc_off"));
    };
    let start = match provider.start().await {
        Ok(start) => start,
        Err(failure) => {
            tracing::warn!(reason = %failure.reason().escape_debug(), "sign-in through the ENT unavailable");
            return Ok(back_to_login(failure.code()));
        }
    };
    let id = new_token();
    let flow = OidcFlow {
        state: start.state,
        nonce: start.nonce,
        pkce_verifier: start.verifier,
        expires_at: chrono::Utc::now(),
    };
    if !state
        .db
        .put_oidc_flow(&token_hash(&id), &flow, Duration::minutes(FLOW_MINUTES))
        .await?
    {
        tracing::warn!("sign-in through the ENT refused: too many attempts under way");
        return Ok(back_to_login("oidc_busy"));
    }
    let cookie = format!(
        "{}={id}; Path=/; HttpOnly; SameSite=Lax; Max-Age={}{}",
        flow_cookie_name(client.https),
        FLOW_MINUTES * 60,
        if client.https { "; Secure" } else { "" }
    );
    let mut response = redirect(&start.url);
    response.headers_mut().append(
        header::SET_COOKIE,
        HeaderValue::from_str(&cookie).expect("ascii cookie"),
    );
    Ok(response)
}

/// What the ENT sends back.
#[derive(Deserialize)]
pub struct Callback {
    code: Option<String>,
    state: Option<String>,
    /// The ENT refused (`access_denied`…): its code only is logged.
    error: Option<String>,
    /// RFC 9207: the issuer, when the provider names it.
    iss: Option<String>,
}

/// `GET /api/oidc/callback`: the attempt finished at the ENT.
pub async fn callback(
    State(state): State<AppState>,
    client: Client,
    headers: HeaderMap,
    Query(query): Query<Callback>,
) -> AppResult<Response> {
    let outcome = finish(&state, client, &headers, &query).await;
    let mut response = match outcome {
        Ok(cookies) => {
            let mut response = redirect("/");
            for cookie in cookies {
                response.headers_mut().append(header::SET_COOKIE, cookie);
            }
            response
        }
        Err(Refused { code, why }) => {
            tracing::warn!(code, why = %why.escape_debug(), address = %client.address(), "sign-in through the ENT refused");
            back_to_login(code)
        }
    };
    let clear = format!(
        "{}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0{}",
        flow_cookie_name(client.https),
        if client.https { "; Secure" } else { "" }
    );
    response.headers_mut().append(
        header::SET_COOKIE,
        HeaderValue::from_str(&clear).expect("ascii cookie"),
    );
    Ok(response)
}

/// A refused callback: the sign-in page's code, and why for the log.
struct Refused {
    code: &'static str,
    why: String,
}

fn refused(code: &'static str, why: impl Into<String>) -> Refused {
    Refused {
        code,
        why: why.into(),
    }
}

/// The callback's checks, then a session: the cookies to set.
async fn finish(
    state: &AppState,
    client: Client,
    headers: &HeaderMap,
    query: &Callback,
) -> Result<Vec<HeaderValue>, Refused> {
    let provider = state
        .oidc
        .as_ref()
        .ok_or_else(|| refused("oidc_off", "signing in through the ENT is not offered"))?;
    let id = cookie_token(headers, flow_cookie_name(client.https))
        .ok_or_else(|| refused("oidc_state", "no attempt cookie (expired, or another browser)"))?;
    // Taken, whatever comes next: a replay of this callback finds nothing.
    let flow = state
        .db
        .take_oidc_flow(&token_hash(&id))
        .await
        .map_err(|e| refused("oidc_unavailable", format!("database: {e}")))?
        .ok_or_else(|| refused("oidc_state", "no such attempt (already used, or expired)"))?;
    if let Some(error) = &query.error {
        let shown: String = error.chars().take(64).collect();
        return Err(refused("oidc_denied", format!("the ENT answered {shown:?}")));
    }
    let sent = query.state.as_deref().unwrap_or_default();
    if !constant_time_eq(sent.as_bytes(), flow.state.as_bytes()) {
        return Err(refused("oidc_state", "the state is not the attempt's"));
    }
    if let Some(iss) = &query.iss {
        if iss.trim_end_matches('/') != provider.settings().issuer.as_str().trim_end_matches('/') {
            return Err(refused("oidc_issuer", "the callback names another issuer"));
        }
    }
    let code = query
        .code
        .as_deref()
        .filter(|c| !c.is_empty())
        .ok_or_else(|| refused("oidc_denied", "no code"))?;
    let identity = provider
        .finish(code, &flow.pkce_verifier, &flow.nonce)
        .await
        .map_err(|failure| refused(failure.code(), failure.reason().to_owned()))?;
    let db_error = |e: sqlx::Error| refused("oidc_unavailable", format!("database: {e}"));
    let linked = state
        .db
        .admin_by_oidc_subject(&identity.subject)
        .await
        .map_err(db_error)?;
    let claimed = match &identity.claimed_login {
        Some(login) => state.db.admin(login).await.map_err(db_error)?,
        None => None,
    };
    let teacher = state.db.teacher(&identity.subject).await.map_err(db_error)?;
    let known = Known {
        linked_admin: linked.as_ref().map(|a| (a.login.clone(), a.disabled)),
        claimed_admin: claimed.as_ref().map(|a| (a.login.clone(), a.disabled)),
        teacher_allowed: teacher.is_some(),
        teacher_anywhere: teacher.is_some()
            || state
                .db
                .is_teacher_anywhere(&identity.subject)
                .await
                .map_err(db_error)?,
    };
    match entrant(&identity.subject, &known) {
        Entrant::Admin(login) => {
            let admin = linked
                .into_iter()
                .chain(claimed)
                .find(|a| a.login == login)
                .expect("the entrant is one of the two");
            let (_, cookies) = open_admin_session(state, client, admin, true)
                .await
                .map_err(|e| refused("oidc_unavailable", format!("session: {e:?}")))?;
            tracing::info!(login = %Quoted(&login), address = %client.address(), "signed in through the ENT");
            Ok(cookies)
        }
        Entrant::Teacher(subject) => {
            let cookie = open_teacher_session(state, client, &subject)
                .await
                .map_err(|e| refused("oidc_unavailable", format!("session: {e:?}")))?;
            let login = teacher.map(|t| t.login).unwrap_or_default();
            tracing::info!(teacher = %Quoted(&login), address = %client.address(), "teacher signed in through the ENT");
            Ok(vec![cookie])
        }
        Entrant::Refused(refusal) => Err(refused(
            refusal.code(),
            format!("ENT identity {} is not let in", Quoted(&identity.subject)),
        )),
    }
}

/// 302 to `location`, never cached.
fn redirect(location: &str) -> Response {
    let mut response = StatusCode::FOUND.into_response();
    response.headers_mut().insert(
        header::LOCATION,
        HeaderValue::from_str(location).unwrap_or_else(|_| HeaderValue::from_static("/login")),
    );
    no_store(response)
}

/// 302 to the sign-in page, which says what `code` means.
fn back_to_login(code: &str) -> Response {
    redirect(&format!("/login?error={code}"))
}
