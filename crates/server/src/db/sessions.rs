//! Login sessions, found by the SHA-256 of the cookie token (the token itself is never stored).

use chrono::{DateTime, Duration, Utc};
use sqlx::Row;

use super::{parse_timestamp, timestamp, Db, DbResult};

/// A live session. `Debug` leaves the CSRF token out.
#[derive(Clone)]
pub struct Session {
    pub admin_login: String,
    pub csrf_token: String,
    pub expires_at: DateTime<Utc>,
}

impl std::fmt::Debug for Session {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Session")
            .field("admin_login", &self.admin_login)
            .finish_non_exhaustive()
    }
}

impl Db {
    pub async fn create_session(
        &self,
        token_hash: &str,
        admin_login: &str,
        csrf_token: &str,
        lifetime: Duration,
    ) -> DbResult<()> {
        let now = Utc::now();
        sqlx::query(
            "INSERT INTO sessions (token_hash, admin_login, csrf_token, created_at, expires_at) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(token_hash)
        .bind(admin_login)
        .bind(csrf_token)
        .bind(timestamp(now))
        .bind(timestamp(now + lifetime))
        .execute(&self.pool)
        .await?;
        // Expired sessions are swept here, at login, rather than by a timer.
        sqlx::query("DELETE FROM sessions WHERE expires_at < $1")
            .bind(timestamp(now))
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// The unexpired session with this token hash.
    pub async fn session(&self, token_hash: &str) -> DbResult<Option<Session>> {
        let row = sqlx::query(
            "SELECT admin_login, csrf_token, expires_at FROM sessions WHERE token_hash = $1 AND expires_at > $2",
        )
        .bind(token_hash)
        .bind(timestamp(Utc::now()))
        .fetch_optional(&self.pool)
        .await?;
        row.map(|row| {
            Ok(Session {
                admin_login: row.get("admin_login"),
                csrf_token: row.get("csrf_token"),
                expires_at: parse_timestamp(row.get("expires_at"))?,
            })
        })
        .transpose()
    }

    pub async fn delete_session(&self, token_hash: &str) -> DbResult<()> {
        sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
            .bind(token_hash)
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}
