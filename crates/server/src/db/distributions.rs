//! The distribution log: who produced letters or e-mails for which accounts, and when.

use chrono::Utc;
use sqlx::Row;

use super::engine::{on, Tx};
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
    use std::str::FromStr;

    use sqlx::migrate::Migrator;
    use sqlx::sqlite::{SqliteConnectOptions, SqlitePoolOptions};
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
        let options = SqliteConnectOptions::from_str(&format!("sqlite://{}", path.display()))
            .unwrap()
            .create_if_missing(true)
            .foreign_keys(true);
        let pool = SqlitePoolOptions::new().connect_with(options).await.unwrap();
        let all = sqlx::migrate!("./migrations/sqlite");
        let before = Migrator {
            migrations: std::borrow::Cow::Owned(all.migrations[..5].to_vec()),
            ignore_missing: false,
            locking: true,
            no_tx: false,
        };
        before.run(&pool).await.unwrap();
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
