//! Device cookies (OWASP's « Slow down online guessing attacks with device cookies »): proof
//! that a browser signed in to a login before, so the rate limiter can let its owner through
//! the delays and blocks a stranger's guesses cause (`auth::rate_limit`).
//!
//! At each successful sign-in the answer sets one, and sign-out leaves it. Its value is
//! `NONCE.ISSUED.MAC`: a random 128-bit nonce (the device's name for the limiter, which counts
//! its failures apart), the time it was issued (seconds since 1970), and an HMAC-SHA256 of both
//! and the login's key (`db::login_key`) under a key only the server knows. The login is not in
//! the cookie (a cookie jar shows no login); it is the one being signed in to that must match.
//! A cookie older than [`LIFETIME_DAYS`] is worth nothing, whatever its `Max-Age` said.
//!
//! The signing key is made by the first instance that needs it and kept in the database
//! (`server_keys`), so every `sesame serve` on one database accepts the cookies of the others.
//! Deleting its row and restarting the instances makes every device cookie worthless (their
//! owners are then strangers until they next sign in).
//!
//! One cookie per browser: when two administrators share one, it speaks for the last one who
//! signed in. Over HTTPS it is `__Host-sesame_device` (`Secure`, `Path=/`, no `Domain`), as the
//! session cookie is, and `HttpOnly; SameSite=Strict`.

use base64::Engine;
use chrono::{DateTime, Utc};
use hmac::{Hmac, Mac};
use sha2::Sha256;
use tokio::sync::OnceCell;

use crate::db::{random_bytes, Db, DbResult};

/// The device cookie over plain HTTP.
pub const DEVICE_COOKIE: &str = "sesame_device";
/// The device cookie over HTTPS.
pub const SECURE_DEVICE_COOKIE: &str = "__Host-sesame_device";
/// How long a device cookie is worth something: a school year and its holidays.
pub const LIFETIME_DAYS: i64 = 400;
/// The name of the signing key in the database.
const KEY_NAME: &str = "device-cookie";
/// What the MAC covers before the login's key, the nonce and the time: this purpose alone.
const PURPOSE: &str = "sesame device cookie v1";
/// A longer cookie is not one of ours (saves hashing garbage).
const MAX_COOKIE_LEN: usize = 128;

/// The device cookie's name for a request that came over HTTPS (`secure`) or not.
pub fn cookie_name(secure: bool) -> &'static str {
    if secure {
        SECURE_DEVICE_COOKIE
    } else {
        DEVICE_COOKIE
    }
}

/// The `Set-Cookie` value that gives `value` to the browser.
pub fn set_cookie(value: &str, secure: bool) -> String {
    format!(
        "{}={value}; Path=/; HttpOnly; SameSite=Strict; Max-Age={}{}",
        cookie_name(secure),
        LIFETIME_DAYS * 24 * 3600,
        if secure { "; Secure" } else { "" }
    )
}

/// Issues and checks device cookies with the database's key (read once, then kept).
#[derive(Debug, Default)]
pub struct DeviceCookies {
    key: OnceCell<Vec<u8>>,
}

impl DeviceCookies {
    pub fn new() -> DeviceCookies {
        DeviceCookies::default()
    }

    async fn key(&self, db: &Db) -> DbResult<&[u8]> {
        self.key
            .get_or_try_init(|| db.server_key(KEY_NAME))
            .await
            .map(Vec::as_slice)
    }

    /// A new cookie value for the login whose key is `login_key`, issued at `now`.
    pub async fn issue(&self, db: &Db, login_key: &str, now: DateTime<Utc>) -> DbResult<String> {
        let nonce = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(random_bytes::<16>());
        let issued = now.timestamp();
        let mac = mac(self.key(db).await?, login_key, &nonce, issued)
            .finalize()
            .into_bytes();
        let mac = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(mac);
        Ok(format!("{nonce}.{issued}.{mac}"))
    }

    /// The device (its nonce) `cookie` names, if this server issued it for `login_key` less than
    /// [`LIFETIME_DAYS`] ago; `None` for anything else.
    pub async fn verify(
        &self,
        db: &Db,
        login_key: &str,
        cookie: &str,
        now: DateTime<Utc>,
    ) -> DbResult<Option<String>> {
        if cookie.len() > MAX_COOKIE_LEN {
            return Ok(None);
        }
        let mut parts = cookie.split('.');
        let (Some(nonce), Some(issued), Some(given), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Ok(None);
        };
        let Ok(issued) = issued.parse::<i64>() else {
            return Ok(None);
        };
        let age = now.timestamp().saturating_sub(issued);
        if !(0..LIFETIME_DAYS * 24 * 3600).contains(&age) {
            return Ok(None);
        }
        let Ok(given) = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(given) else {
            return Ok(None);
        };
        let expected = mac(self.key(db).await?, login_key, nonce, issued);
        // Constant time: a guesser learns nothing from how long a wrong MAC takes.
        Ok(expected.verify_slice(&given).is_ok().then(|| nonce.to_owned()))
    }
}

fn mac(key: &[u8], login_key: &str, nonce: &str, issued: i64) -> Hmac<Sha256> {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes any key length");
    // Each part ends with a byte none of them holds, so no two inputs read the same.
    for part in [PURPOSE, login_key, nonce, &issued.to_string()] {
        mac.update(part.as_bytes());
        mac.update(&[0]);
    }
    mac
}

#[cfg(test)]
mod tests {
    use chrono::Duration;

    use super::*;

    #[tokio::test]
    async fn a_cookie_speaks_for_its_login_on_every_instance_until_it_is_too_old() {
        let (_dir, db) = crate::db::testing::temp_db().await;
        let (one, other_instance) = (DeviceCookies::new(), DeviceCookies::new());
        let now = Utc::now();
        let cookie = one.issue(&db, "ana", now).await.unwrap();
        let device = other_instance.verify(&db, "ana", &cookie, now).await.unwrap();
        assert_eq!(device.as_deref(), cookie.split('.').next());
        assert_eq!(
            one.verify(&db, "bob", &cookie, now).await.unwrap(),
            None,
            "another login"
        );
        let later = now + Duration::days(LIFETIME_DAYS);
        assert_eq!(
            one.verify(&db, "ana", &cookie, later).await.unwrap(),
            None,
            "too old"
        );
        let (nonce, rest) = cookie.split_once('.').unwrap();
        for forged in [
            format!("{nonce}x.{rest}"),
            format!("{nonce}.{}", rest.replacen('.', "0.", 1)),
            format!("{cookie}A"),
            format!("{cookie}.x"),
            "".into(),
            "a.b.c".into(),
            "x".repeat(4000),
        ] {
            assert_eq!(
                one.verify(&db, "ana", &forged, now).await.unwrap(),
                None,
                "{forged}"
            );
        }
        assert_ne!(
            one.issue(&db, "ana", now).await.unwrap(),
            cookie,
            "a new nonce each time"
        );
    }
}
