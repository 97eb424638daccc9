//! Login sessions, found by the SHA-256 of the cookie token (the token itself is never stored).

use chrono::{DateTime, Duration, Utc};
use sqlx::Row;

use super::admins::{Admin, Role};
use super::engine::{on, Engine};
use super::{parse_timestamp, timestamp, Db, DbResult};

/// The session of [`Db::signed_in`] and its administrator, one row: the same SQL on both
/// engines (rusqlite takes `$1` as sqlx does).
const SIGNED_IN: &str = "SELECT s.csrf_token, s.expires_at, \
        a.login, a.display_name, a.password_hash, a.role, a.disabled, s.via_oidc \
     FROM sessions s JOIN admins a ON a.login = s.admin_login \
     WHERE s.token_hash = $1 AND s.expires_at > $2 AND NOT a.disabled";

/// A live session. `Debug` leaves the CSRF token out.
#[derive(Clone)]
pub struct Session {
    pub admin_login: String,
    pub csrf_token: String,
    pub expires_at: DateTime<Utc>,
    /// Whether it began at the ENT (signing out then ends the ENT's session too).
    pub via_oidc: bool,
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
        self.create_session_via(token_hash, admin_login, csrf_token, lifetime, false)
            .await
    }

    /// [`Db::create_session`], saying whether the administrator signed in through the ENT.
    pub async fn create_session_via(
        &self,
        token_hash: &str,
        admin_login: &str,
        csrf_token: &str,
        lifetime: Duration,
        via_oidc: bool,
    ) -> DbResult<()> {
        let now = Utc::now();
        on!(&self.pool, pool => {
            sqlx::query(
                "INSERT INTO sessions (token_hash, admin_login, csrf_token, created_at, expires_at, via_oidc) \
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(token_hash)
            .bind(admin_login)
            .bind(csrf_token)
            .bind(timestamp(now))
            .bind(timestamp(now + lifetime))
            .bind(via_oidc)
            .execute(pool)
            .await?;
            // Expired sessions are swept here, at login, rather than by a timer.
            sqlx::query("DELETE FROM sessions WHERE expires_at < $1")
                .bind(timestamp(now))
                .execute(pool)
                .await?;
        });
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
        let pool = match (&self.pool, &self.readers) {
            (Engine::Sqlite(_), Some(readers)) => {
                return readers.run_here(|connection| {
                    let mut statement = connection.prepare_cached(SIGNED_IN)?;
                    let mut rows = statement.query(rusqlite::params![token_hash, now])?;
                    let Some(row) = rows.next()? else {
                        return Ok(None);
                    };
                    let (role, expires_at): (String, String) = (row.get(5)?, row.get(1)?);
                    Ok(Some(session_and_admin(
                        row.get(0)?,
                        &expires_at,
                        row.get(2)?,
                        row.get(3)?,
                        row.get(4)?,
                        &role,
                        row.get(6)?,
                        row.get(7)?,
                    )?))
                });
            }
            (Engine::Sqlite(_), None) => unreachable!("SQLite has its readers"),
            // One short query on the pool: no thread to hand it to on PostgreSQL.
            (Engine::Postgres(pool), _) => pool,
        };
        let row = sqlx::query(SIGNED_IN)
            .bind(token_hash)
            .bind(&now)
            .fetch_optional(pool)
            .await?;
        let Some(row) = row else { return Ok(None) };
        Ok(Some(session_and_admin(
            row.get(0),
            row.get(1),
            row.get(2),
            row.get(3),
            row.get(4),
            row.get(5),
            row.get(6),
            row.get(7),
        )?))
    }

    pub async fn delete_session(&self, token_hash: &str) -> DbResult<()> {
        on!(&self.pool, pool => {
            sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
                .bind(token_hash)
                .execute(pool)
                .await?;
        });
        Ok(())
    }
}

/// A session and its administrator from the columns of [`SIGNED_IN`], whichever read them.
#[allow(clippy::too_many_arguments)] // one per column of the row
fn session_and_admin(
    csrf_token: String,
    expires_at: &str,
    login: String,
    display_name: String,
    password_hash: String,
    role: &str,
    disabled: bool,
    via_oidc: bool,
) -> Result<(Session, Admin), sqlx::Error> {
    let admin = Admin {
        login,
        display_name,
        password_hash,
        role: Role::parse_admin(role)
            .ok_or_else(|| sqlx::Error::Decode(format!("unknown role {role:?}").into()))?,
        disabled,
    };
    let session = Session {
        admin_login: admin.login.clone(),
        csrf_token,
        expires_at: parse_timestamp(expires_at)?,
        via_oidc,
    };
    Ok((session, admin))
}
