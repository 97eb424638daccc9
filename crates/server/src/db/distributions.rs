//! The distribution log: who produced letters or e-mails for which accounts, and when.

use chrono::Utc;
use sqlx::{Row, SqliteConnection};

use super::versions::bump;
use super::{new_id, parse_timestamp, timestamp, Db, DbResult};

pub use sesame_core::wire::{Channel, DistributionEntry};

impl Db {
    /// Records that `admin_login` distributed to `user_ids` of structure `structure_id`.
    pub async fn record_distribution(
        &self,
        structure_id: &str,
        admin_login: &str,
        channel: Channel,
        user_ids: &[String],
    ) -> DbResult<String> {
        let mut tx = self.pool.begin().await?;
        let id = insert_distribution(&mut tx, structure_id, admin_login, channel, user_ids).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// The log of a structure, newest first.
    ///
    /// With `redact_central_admins` (a local administrator reads it), the ids of accounts marked
    /// as central administrators' own are left out, an entry left with none is left out too, and
    /// the login of an entry made by a central administrator (or by an administrator since
    /// removed, whose role is unknown) is `None`.
    pub async fn distributions(
        &self,
        structure_id: &str,
        redact_central_admins: bool,
    ) -> DbResult<Vec<DistributionEntry>> {
        let rows = sqlx::query(
            "SELECT d.id, d.admin_login, d.channel, d.at, du.user_id, \
             COALESCE((SELECT a.role = 'local' FROM admins a WHERE a.login = d.admin_login), FALSE) AS by_local \
             FROM distributions d JOIN distribution_users du ON du.distribution_id = d.id \
             WHERE d.structure_id = $1 \
             AND ($2 = FALSE OR du.user_id NOT IN (SELECT id FROM users WHERE central_admin = TRUE)) \
             ORDER BY d.at DESC, d.id, du.user_id",
        )
        .bind(structure_id)
        .bind(redact_central_admins)
        .fetch_all(&self.pool)
        .await?;
        let mut entries: Vec<DistributionEntry> = Vec::new();
        for row in &rows {
            let id: String = row.get("id");
            if entries.last().is_none_or(|e| e.id != id) {
                let by_local: bool = row.get("by_local");
                entries.push(DistributionEntry {
                    id,
                    admin_login: Some(row.get("admin_login")).filter(|_| by_local || !redact_central_admins),
                    channel: row.get("channel"),
                    at: parse_timestamp(row.get("at"))?,
                    user_ids: Vec::new(),
                });
            }
            entries
                .last_mut()
                .expect("pushed above")
                .user_ids
                .push(row.get("user_id"));
        }
        Ok(entries)
    }
}

/// Writes one log entry inside the caller's transaction, so the outbox can mark a message sent
/// and log it in one commit (a crash never leaves one without the other). The directory shows
/// each account's last distribution: it gets a new version in the same transaction.
pub(super) async fn insert_distribution(
    conn: &mut SqliteConnection,
    structure_id: &str,
    admin_login: &str,
    channel: Channel,
    user_ids: &[String],
) -> DbResult<String> {
    let id = new_id();
    sqlx::query(
        "INSERT INTO distributions (id, structure_id, admin_login, channel, at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(&id)
    .bind(structure_id)
    .bind(admin_login)
    .bind(channel.as_str())
    .bind(timestamp(Utc::now()))
    .execute(&mut *conn)
    .await?;
    for user_id in user_ids {
        sqlx::query(
            "INSERT INTO distribution_users (distribution_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
        )
        .bind(&id)
        .bind(user_id)
        .execute(&mut *conn)
        .await?;
    }
    bump(conn, structure_id).await?;
    Ok(id)
}
