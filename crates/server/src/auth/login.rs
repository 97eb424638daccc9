//! Signing in: from a login and a password to an administrator, or a refusal that says nothing
//! about which of the two was wrong.
//!
//! In this order, so that nothing costly happens before the cheap checks:
//! 1. lengths, before anything else (a login is at most [`MAX_LOGIN_CHARS`] characters, a
//!    password [`MAX_PASSWORD_CHARS`]): a megabyte login never reaches the limiter's memory;
//! 2. the device cookie, if any, is checked against this login (`auth::device`), and the rate
//!    limiter reserves the attempt: trusted with a valid device cookie, otherwise 429 and
//!    `Retry-After` when the account's delay, the address's block or the global budget runs;
//! 3. the password is checked by the [`Verifier`](super::password::Verifier) (503 and
//!    `Retry-After` when too many checks are queued), against the decoy when the login is
//!    unknown;
//! 4. the outcome goes back to the limiter.
//!
//! The log names the administrator of a failed attempt only when the login is theirs (their
//! canonical login, quoted): what was typed is never logged, since it may be a password typed in
//! the wrong field.

use chrono::Utc;

use crate::auth::rate_limit::{AttemptKeys, Reservation};
use crate::client::Client;
use crate::db::{login_key, Admin};
use crate::error::{AppError, AppResult};
use crate::log_text::Quoted;
use crate::state::AppState;

pub use sesame_core::access::admin_rules::{MAX_LOGIN_CHARS, MAX_PASSWORD_CHARS};
/// What a 503 asks the client to wait, in seconds.
const BUSY_RETRY_SECS: u64 = 1;

/// The administrator `login` names, if `password` is theirs and they are not disabled;
/// `device_cookie` is the request's device cookie, if it has one.
pub async fn authenticate(
    state: &AppState,
    client: Client,
    login: &str,
    password: String,
    device_cookie: Option<&str>,
) -> AppResult<Admin> {
    // Bytes first: counting the characters of a huge string is work too.
    if login.len() > 4 * MAX_LOGIN_CHARS || login.chars().count() > MAX_LOGIN_CHARS {
        return Err(AppError::BadRequest(format!(
            "L'identifiant ne peut pas dépasser {MAX_LOGIN_CHARS} caractères."
        )));
    }
    if password.len() > 4 * MAX_PASSWORD_CHARS || password.chars().count() > MAX_PASSWORD_CHARS {
        return Err(AppError::BadRequest(format!(
            "Le mot de passe ne peut pas dépasser {MAX_PASSWORD_CHARS} caractères."
        )));
    }
    let login = login.trim();
    if login.is_empty() || password.is_empty() {
        return Err(AppError::BadRequest(
            "Saisissez votre identifiant et votre mot de passe.".into(),
        ));
    }

    let key = login_key(login);
    let now = Utc::now();
    let device = match device_cookie {
        Some(cookie) => state.devices.verify(&state.db, &key, cookie, now).await?,
        None => None,
    };
    let keys = AttemptKeys::new(&key, client.ip, device.as_deref());
    let reservation = state
        .limiter
        .reserve(&keys, now)
        .await?
        .map_err(|retry_after_secs| {
            tracing::info!(address = %client.address(), retry_after_secs, "sign-in attempt delayed");
            AppError::TooManyRequests { retry_after_secs }
        })?;
    let admin = match state.db.admin(login).await {
        Ok(admin) => admin,
        Err(error) => {
            cancel(state, reservation).await;
            return Err(error.into());
        }
    };
    let stored = admin.as_ref().map(|a| a.password_hash.clone());
    let valid = match state.verifier.check(password, stored).await {
        Ok(valid) => valid,
        Err(_busy) => {
            cancel(state, reservation).await;
            tracing::warn!(address = %client.address(), "sign-in refused: too many password checks at once");
            return Err(AppError::Busy {
                retry_after_secs: BUSY_RETRY_SECS,
            });
        }
    };
    match admin {
        Some(admin) if valid && !admin.disabled => {
            // The administrator is in even if the limiter cannot record it: their failures
            // then expire on their own.
            if let Err(error) = state.limiter.succeeded(&keys, reservation).await {
                tracing::error!(%error, "sign-in: cannot clear the account's failures");
            }
            Ok(admin)
        }
        Some(admin) => {
            let trusted_device = reservation.trusted;
            state.limiter.failed(reservation);
            let why = if valid {
                "administrator disabled"
            } else {
                "wrong password"
            };
            tracing::warn!(account = %Quoted(&admin.login), address = %client.address(), trusted_device, why, "failed sign-in");
            Err(AppError::BadCredentials)
        }
        None => {
            state.limiter.failed(reservation);
            tracing::warn!(address = %client.address(), "failed sign-in: unknown login (not logged)");
            Err(AppError::BadCredentials)
        }
    }
}

/// Gives an attempt that was never checked back to the limiter (logged if that fails: the attempt
/// then stays counted, which only costs its owner a little patience).
async fn cancel(state: &AppState, reservation: Reservation) {
    if let Err(error) = state.limiter.cancelled(reservation).await {
        tracing::error!(%error, "sign-in: cannot give an unchecked attempt back");
    }
}
