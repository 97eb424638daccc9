//! One error type for every handler: `AppError` becomes `{"error": {"code", "message"}}` with
//! the right status. Messages are French (an administrator reads them); a 5xx says little to
//! the client and the log says why.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use sesame_core::wire::ErrorBody;

#[derive(Debug)]
pub enum AppError {
    /// 400: the request is malformed; the message says what to fix.
    BadRequest(String),
    /// 401: no valid session.
    Unauthorized,
    /// 401 at login: wrong login or password (never says which).
    BadCredentials,
    /// 403: outside the administrator's scope, or a missing CSRF header.
    Forbidden(&'static str),
    /// 404.
    NotFound(&'static str),
    /// 409: conflicts with the current state.
    Conflict(String),
    /// 503: a service this request needs is not configured or not available.
    Unavailable(&'static str),
    /// 429: too many attempts; retry after this many seconds.
    TooManyRequests { retry_after_secs: u64 },
    /// 503 with `Retry-After`: too much work at once (password checks); retry shortly.
    Busy { retry_after_secs: u64 },
    /// 429 with `Retry-After`: this kind of work is already running as much as it may (an import
    /// of the same school, or as many imports as the server takes at once); `message` says which.
    AlreadyRunning {
        message: &'static str,
        retry_after_secs: u64,
    },
    /// 503 with `Retry-After`: the database does not answer (locked past its wait, unreachable,
    /// out of connections); logged with its cause. Nothing was written: retrying is safe.
    DatabaseUnavailable(String),
    /// 500: logged with its cause, reported without it.
    Internal(String),
}

/// What a 503 for an unavailable database asks the client to wait, in seconds.
pub const DATABASE_RETRY_SECS: u64 = 5;

impl AppError {
    fn parts(&self) -> (StatusCode, &'static str, String) {
        match self {
            AppError::BadRequest(m) => (StatusCode::BAD_REQUEST, "bad_request", m.clone()),
            AppError::Unauthorized => (
                StatusCode::UNAUTHORIZED,
                "unauthorized",
                "Veuillez vous connecter.".into(),
            ),
            AppError::BadCredentials => (
                StatusCode::UNAUTHORIZED,
                "bad_credentials",
                "Identifiant ou mot de passe incorrect.".into(),
            ),
            AppError::Forbidden(m) => (StatusCode::FORBIDDEN, "forbidden", (*m).into()),
            AppError::NotFound(m) => (StatusCode::NOT_FOUND, "not_found", (*m).into()),
            AppError::Conflict(m) => (StatusCode::CONFLICT, "conflict", m.clone()),
            AppError::Unavailable(m) => (StatusCode::SERVICE_UNAVAILABLE, "unavailable", (*m).into()),
            AppError::TooManyRequests { retry_after_secs } => (
                StatusCode::TOO_MANY_REQUESTS,
                "too_many_requests",
                format!(
                    "Trop de tentatives. Réessayez dans {}.",
                    duration_fr(*retry_after_secs)
                ),
            ),
            AppError::Busy { retry_after_secs } => (
                StatusCode::SERVICE_UNAVAILABLE,
                "busy",
                format!(
                    "Le serveur vérifie beaucoup de connexions en ce moment. Réessayez dans {}.",
                    duration_fr(*retry_after_secs)
                ),
            ),
            AppError::AlreadyRunning { message, .. } => (
                StatusCode::TOO_MANY_REQUESTS,
                "already_running",
                (*message).into(),
            ),
            AppError::DatabaseUnavailable(_) => (
                StatusCode::SERVICE_UNAVAILABLE,
                "database_unavailable",
                format!(
                    "La base de données ne répond pas pour le moment : rien n'a été enregistré. \
                     Réessayez dans {} ; si cela dure, prévenez l'exploitant du service.",
                    duration_fr(DATABASE_RETRY_SECS)
                ),
            ),
            AppError::Internal(_) => (
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal",
                "Erreur interne du serveur. Réessayez ; si le problème persiste, contactez l'assistance."
                    .into(),
            ),
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        match &self {
            AppError::Internal(cause) => tracing::error!(cause = %cause.escape_debug(), "internal error"),
            AppError::DatabaseUnavailable(cause) => {
                tracing::error!(cause = %cause.escape_debug(), "database unavailable: answered 503")
            }
            _ => {}
        }
        let (status, code, message) = self.parts();
        let mut response = (status, Json(ErrorBody::new(code, message))).into_response();
        let retry_after_secs = match self {
            AppError::TooManyRequests { retry_after_secs }
            | AppError::Busy { retry_after_secs }
            | AppError::AlreadyRunning { retry_after_secs, .. } => Some(retry_after_secs),
            AppError::DatabaseUnavailable(_) => Some(DATABASE_RETRY_SECS),
            _ => None,
        };
        if let Some(seconds) = retry_after_secs {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        response
    }
}

/// "1 seconde", "45 secondes", "1 minute", "15 minutes" (rounded up).
fn duration_fr(seconds: u64) -> String {
    let plural = |n: u64, unit: &str| format!("{n} {unit}{}", if n > 1 { "s" } else { "" });
    if seconds < 60 {
        plural(seconds.max(1), "seconde")
    } else {
        plural(seconds.div_ceil(60), "minute")
    }
}

impl From<sqlx::Error> for AppError {
    fn from(error: sqlx::Error) -> Self {
        if crate::db::is_unavailable(&error) {
            AppError::DatabaseUnavailable(format!("database: {error}"))
        } else {
            AppError::Internal(format!("database: {error}"))
        }
    }
}

/// Handlers return this.
pub type AppResult<T> = Result<T, AppError>;

#[cfg(test)]
mod tests {
    use super::duration_fr;

    #[test]
    fn waits_read_as_a_person_says_them() {
        assert_eq!(duration_fr(0), "1 seconde");
        assert_eq!(duration_fr(2), "2 secondes");
        assert_eq!(duration_fr(60), "1 minute");
        assert_eq!(duration_fr(61), "2 minutes");
    }
}
