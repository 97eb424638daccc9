//! Login sessions, found by the SHA-256 of the cookie token (the token itself is never stored).

use chrono::{DateTime, Duration, Utc};

use super::admins::{Admin, Role};
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

    /// The unexpired session with this token hash, with its administrator if they are not
    /// disabled (disabling revokes the sessions; this also covers one created meanwhile).
    ///
    /// One query for both, read on this thread (`db/readers.rs`): it runs on every request of
    /// a signed-in administrator, the directory's `304`s included, where the hand-over of a
    /// query to another thread and back was most of the cost.
    pub async fn signed_in(&self, token_hash: &str) -> DbResult<Option<(Session, Admin)>> {
        let now = timestamp(Utc::now());
        self.readers.run_here(|connection| {
            let mut statement = connection.prepare_cached(
                "SELECT s.csrf_token, s.expires_at, \
                        a.login, a.display_name, a.password_hash, a.role, a.disabled \
                 FROM sessions s JOIN admins a ON a.login = s.admin_login \
                 WHERE s.token_hash = ?1 AND s.expires_at > ?2 AND NOT a.disabled",
            )?;
            let mut rows = statement.query(rusqlite::params![token_hash, now])?;
            let Some(row) = rows.next()? else {
                return Ok(None);
            };
            let role: String = row.get(5)?;
            let admin = Admin {
                login: row.get(2)?,
                display_name: row.get(3)?,
                password_hash: row.get(4)?,
                role: Role::parse(&role)
                    .ok_or_else(|| sqlx::Error::Decode(format!("unknown role {role:?}").into()))?,
                disabled: row.get(6)?,
            };
            let expires_at: String = row.get(1)?;
            let session = Session {
                admin_login: admin.login.clone(),
                csrf_token: row.get(0)?,
                expires_at: parse_timestamp(&expires_at)?,
            };
            Ok(Some((session, admin)))
        })
    }

    pub async fn delete_session(&self, token_hash: &str) -> DbResult<()> {
        sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
            .bind(token_hash)
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}
