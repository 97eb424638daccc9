//! The distribution log: who produced letters or e-mails for which accounts, and when; and
//! taking back, for a few minutes, letters one marked as handed out by mistake.

use chrono::{DateTime, Utc};
use sqlx::Row;

use super::engine::{on, Tx};
use super::versions::bump;
use super::{new_id, parse_timestamp, timestamp, Db, DbResult};

pub use sesame_core::wire::{Channel, DistributionEntry, LastDistributed};

/// What [`Db::undo_distribution`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Undo {
    /// The entry is gone; each of its accounts' last distribution in the structure is now this.
    Undone(Vec<LastDistributed>),
    /// No such entry in this structure.
    NotFound,
    /// Another administrator recorded it: only they may take it back.
    NotYours,
    /// E-mails the outbox sent: they were sent, nothing takes that back.
    Mail,
    /// Recorded before the undo window began.
    TooLate,
}

impl Db {
    /// Records that `admin_login` distributed to `user_ids` of structure `structure_id`.
    pub async fn record_distribution(
        &self,
        structure_id: &str,
        admin_login: &str,
        channel: Channel,
        user_ids: &[String],
    ) -> DbResult<String> {
        self.record_distribution_as(structure_id, admin_login, false, channel, user_ids)
            .await
    }

    /// [`Db::record_distribution`], saying whether `login` is a teacher's (their ENT login).
    pub async fn record_distribution_as(
        &self,
        structure_id: &str,
        login: &str,
        by_teacher: bool,
        channel: Channel,
        user_ids: &[String],
    ) -> DbResult<String> {
        let mut tx = self.pool.begin().await?;
        let id = insert_distribution(&mut tx, structure_id, login, by_teacher, channel, user_ids).await?;
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
        let sql = "SELECT d.id, d.admin_login, d.channel, d.at, du.user_id, d.by_teacher, \
             COALESCE((SELECT a.role = 'local' FROM admins a WHERE a.login = d.admin_login), FALSE) AS by_local \
             FROM distributions d JOIN distribution_users du ON du.distribution_id = d.id \
             WHERE d.structure_id = $1 \
             AND ($2 = FALSE OR du.user_id NOT IN (SELECT id FROM users WHERE central_admin = TRUE)) \
             ORDER BY d.at DESC, d.id, du.user_id";
        type Line = (String, String, String, String, String, bool, bool);
        let rows: Vec<Line> = on!(&self.pool, pool => sqlx::query(sql)
            .bind(structure_id)
            .bind(redact_central_admins)
            .fetch_all(pool)
            .await?
            .iter()
            .map(|row| {
                (
                    row.get("id"),
                    row.get("admin_login"),
                    row.get("channel"),
                    row.get("at"),
                    row.get("user_id"),
                    row.get("by_local"),
                    row.get("by_teacher"),
                )
            })
            .collect());
        let mut entries: Vec<DistributionEntry> = Vec::new();
        for (id, admin_login, channel, at, user_id, by_local, by_teacher) in rows {
            if entries.last().is_none_or(|e| e.id != id) {
                entries.push(DistributionEntry {
                    id,
                    // A teacher of the school is no secret to its administrators.
                    admin_login: Some(admin_login)
                        .filter(|_| by_local || by_teacher || !redact_central_admins),
                    by_teacher,
                    channel,
                    at: parse_timestamp(&at)?,
                    user_ids: Vec::new(),
                });
            }
            entries.last_mut().expect("pushed above").user_ids.push(user_id);
        }
        Ok(entries)
    }
}

impl Db {
    /// Takes back entry `distribution_id` of structure `structure_id`, when `admin_login`
    /// recorded it from a PDF or a CSV file at `since` or later; a mailing's entry never (the
    /// messages went). One transaction: the entry and its accounts go, the directory gets a new
    /// version, and the accounts' last distribution without it is returned so the page can show
    /// it at once.
    pub async fn undo_distribution(
        &self,
        structure_id: &str,
        distribution_id: &str,
        admin_login: &str,
        since: DateTime<Utc>,
    ) -> DbResult<Undo> {
        let mut tx = self.pool.begin().await?;
        let entry: Option<(String, String, String)> = on!(&mut tx, tx => sqlx::query(
            "SELECT admin_login, channel, at FROM distributions WHERE id = $1 AND structure_id = $2",
        )
        .bind(distribution_id)
        .bind(structure_id)
        .fetch_optional(&mut **tx)
        .await?
        .map(|row| (row.get("admin_login"), row.get("channel"), row.get("at"))));
        let Some((login, channel, at)) = entry else {
            return Ok(Undo::NotFound);
        };
        if login != admin_login {
            return Ok(Undo::NotYours);
        }
        if channel == Channel::Mail.as_str() {
            return Ok(Undo::Mail);
        }
        if parse_timestamp(&at)? < since {
            return Ok(Undo::TooLate);
        }
        // Each account's newest other entry of this structure, read before this one goes.
        type Line = (String, Option<String>);
        let lines: Vec<Line> = on!(&mut tx, tx => sqlx::query(
            "SELECT mine.user_id, (SELECT MAX(d.at) FROM distribution_users du \
               JOIN distributions d ON d.id = du.distribution_id \
               WHERE du.user_id = mine.user_id AND d.structure_id = $2 AND d.id <> $1) AS last_at \
             FROM distribution_users mine WHERE mine.distribution_id = $1 ORDER BY mine.user_id",
        )
        .bind(distribution_id)
        .bind(structure_id)
        .fetch_all(&mut **tx)
        .await?
        .iter()
        .map(|row| (row.get("user_id"), row.get("last_at")))
        .collect());
        on!(&mut tx, tx => {
            // Both tables by hand: not relying on SQLite's foreign keys being switched on.
            for sql in [
                "DELETE FROM distribution_users WHERE distribution_id = $1",
                "DELETE FROM distributions WHERE id = $1",
            ] {
                sqlx::query(sql).bind(distribution_id).execute(&mut **tx).await?;
            }
        });
        bump(&mut tx, structure_id).await?;
        tx.commit().await?;
        let mut restored = Vec::with_capacity(lines.len());
        for (user_id, at) in lines {
            restored.push(LastDistributed {
                user_id,
                at: at.as_deref().map(parse_timestamp).transpose()?,
            });
        }
        Ok(Undo::Undone(restored))
    }
}

/// Writes one log entry inside the caller's transaction, so the outbox can mark a message sent
/// and log it in one commit (a crash never leaves one without the other). The directory shows
/// each account's last distribution: it gets a new version in the same transaction.
pub(super) async fn insert_distribution(
    tx: &mut Tx,
    structure_id: &str,
    admin_login: &str,
    by_teacher: bool,
    channel: Channel,
    user_ids: &[String],
) -> DbResult<String> {
    let id = new_id();
    on!(&mut *tx, tx => {
        sqlx::query(
            "INSERT INTO distributions (id, structure_id, admin_login, channel, at, by_teacher) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(&id)
        .bind(structure_id)
        .bind(admin_login)
        .bind(channel.as_str())
        .bind(timestamp(Utc::now()))
        .bind(by_teacher)
        .execute(&mut **tx)
        .await?;
        for user_id in user_ids {
            sqlx::query(
                "INSERT INTO distribution_users (distribution_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
            )
            .bind(&id)
            .bind(user_id)
            .execute(&mut **tx)
            .await?;
        }
    });
    bump(tx, structure_id).await?;
    Ok(id)
}

#[cfg(test)]
mod migration_tests {
    use sqlx::Row;

    use super::Channel;
    use crate::db::Db;

    /// (SQLite only: PostgreSQL's schema starts with the `csv` channel.)
    ///
    /// Migration 0006 rebuilds the log's tables to accept `csv`: a log written before it keeps
    /// every entry and every account, and the cascade from entries to accounts still holds.
    #[tokio::test]
    async fn the_log_survives_the_migration_that_adds_the_csv_channel() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sesame.db");
        let pool = crate::db::testing::sqlite_before(&path, 6).await;
        for sql in [
            "INSERT INTO structures (id, uai, name) VALUES ('s', '0751234A', 'École')",
            "INSERT INTO distributions VALUES ('d1', 's', 'admin', 'pdf', '2025-09-01T08:00:00Z')",
            "INSERT INTO distributions VALUES ('d2', 's', 'admin', 'mail', '2025-09-02T08:00:00Z')",
            "INSERT INTO distribution_users VALUES ('d1', 'u1'), ('d1', 'u2'), ('d2', 'u1')",
        ] {
            sqlx::query(sql).execute(&pool).await.unwrap();
        }
        assert!(
            sqlx::query(
                "INSERT INTO distributions VALUES ('d3', 's', 'admin', 'csv', '2025-09-03T08:00:00Z')"
            )
            .execute(&pool)
            .await
            .is_err(),
            "before 0006 the channel is checked against pdf and mail"
        );
        pool.close().await;

        let db = Db::open(&path).await.unwrap();
        let log = db.distributions("s", false).await.unwrap();
        let entries: Vec<(String, Vec<String>)> = log
            .iter()
            .map(|e| (e.channel.clone(), e.user_ids.clone()))
            .collect();
        assert_eq!(
            entries,
            [
                ("mail".to_owned(), vec!["u1".to_owned()]),
                ("pdf".to_owned(), vec!["u1".to_owned(), "u2".to_owned()])
            ]
        );
        db.record_distribution("s", "admin", Channel::Csv, &["u3".to_owned()])
            .await
            .unwrap();
        assert_eq!(db.distributions("s", false).await.unwrap()[0].channel, "csv");
        // The foreign key now points at the new log: deleting an entry deletes its accounts.
        let pool = &db.sqlite_pool();
        sqlx::query("DELETE FROM distributions WHERE id = 'd1'")
            .execute(pool)
            .await
            .unwrap();
        let left: i64 = sqlx::query("SELECT COUNT(*) AS n FROM distribution_users")
            .fetch_one(pool)
            .await
            .unwrap()
            .get("n");
        assert_eq!(left, 2, "d2's account and the csv entry's");
    }
}
