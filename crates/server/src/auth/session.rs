//! Session cookies, CSRF and scope: the [`CurrentAdmin`] extractor.
//!
//! The cookie holds a random 256-bit token; the database holds only its SHA-256. Every request
//! that changes something must also carry `X-Sesame-Csrf` equal to the session's CSRF token
//! (given by `GET /api/session`): `SameSite=Strict` already stops cross-site requests, the header
//! is the second lock. Scope is checked by [`CurrentAdmin::structure`] on every structure route.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{header, Method};
use base64::Engine;
use sesame_core::Structure;
use sha2::{Digest, Sha256};

use crate::db::{random_bytes, Admin, Role, Session};
use crate::error::{AppError, AppResult};
use crate::state::AppState;

pub const SESSION_COOKIE: &str = "sesame_session";
pub const CSRF_HEADER: &str = "x-sesame-csrf";

/// A new random token, URL-safe base64 (for cookies and CSRF).
pub fn new_token() -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(random_bytes::<32>())
}

/// What the database stores for a cookie token.
pub fn token_hash(token: &str) -> String {
    crate::db::hex(&Sha256::digest(token.as_bytes()))
}

/// The session cookie, if the request has one.
pub fn cookie_token(parts: &Parts) -> Option<String> {
    parts
        .headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == SESSION_COOKIE)
        .map(|(_, value)| value.to_owned())
}

/// The signed-in administrator of this request.
#[derive(Debug, Clone)]
pub struct CurrentAdmin {
    pub admin: Admin,
    pub session: Session,
    pub token_hash: String,
}

impl FromRequestParts<AppState> for CurrentAdmin {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> AppResult<CurrentAdmin> {
        let token = cookie_token(parts).ok_or(AppError::Unauthorized)?;
        let token_hash = token_hash(&token);
        let session = state
            .db
            .session(&token_hash)
            .await?
            .ok_or(AppError::Unauthorized)?;
        let admin = state
            .db
            .admin(&session.admin_login)
            .await?
            .ok_or(AppError::Unauthorized)?;
        let safe = matches!(parts.method, Method::GET | Method::HEAD | Method::OPTIONS);
        if !safe {
            let sent = parts
                .headers
                .get(CSRF_HEADER)
                .map(|v| v.as_bytes())
                .unwrap_or_default();
            if !constant_time_eq(sent, session.csrf_token.as_bytes()) {
                return Err(AppError::Forbidden(
                    "Jeton anti-CSRF manquant ou invalide : rechargez la page.",
                ));
            }
        }
        Ok(CurrentAdmin {
            admin,
            session,
            token_hash,
        })
    }
}

impl CurrentAdmin {
    /// Structure `id` if this administrator may see it: 403 outside a local administrator's
    /// structures (whether or not it exists, so scope leaks nothing), 404 for a central one.
    pub async fn structure(&self, state: &AppState, id: &str) -> AppResult<Structure> {
        if self.admin.role == Role::Local && !state.db.admin_has_structure(&self.admin.login, id).await? {
            return Err(AppError::Forbidden(
                "Cet établissement ne fait pas partie de votre périmètre.",
            ));
        }
        state
            .db
            .structure(id)
            .await?
            .ok_or(AppError::NotFound("Établissement introuvable."))
    }

    /// The structures this administrator may see.
    pub async fn structures(&self, state: &AppState) -> AppResult<Vec<Structure>> {
        Ok(match self.admin.role {
            Role::Central => state.db.all_structures().await?,
            Role::Local => state.db.structures_of_admin(&self.admin.login).await?,
        })
    }
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_long_random_and_hashed() {
        let (a, b) = (new_token(), new_token());
        assert_ne!(a, b);
        assert_eq!(a.len(), 43);
        assert_eq!(token_hash(&a).len(), 64);
        assert_ne!(token_hash(&a), a);
    }

    #[test]
    fn finds_the_session_cookie_among_others() {
        let request = axum::http::Request::get("/")
            .header(header::COOKIE, "theme=dark; sesame_session=abc123; other=1")
            .body(())
            .unwrap();
        let (parts, _) = request.into_parts();
        assert_eq!(cookie_token(&parts).as_deref(), Some("abc123"));
    }

    #[test]
    fn constant_time_comparison() {
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(!constant_time_eq(b"abc", b"abd"));
        assert!(!constant_time_eq(b"abc", b"ab"));
    }
}
