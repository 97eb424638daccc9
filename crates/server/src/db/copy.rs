//! `sesame copy`: a school that started on SQLite moves to PostgreSQL, every row.
//!
//! Table by table, in the order foreign keys need, in ONE transaction on the target: all or
//! nothing. Each value is read from SQLite as the target column's type says (PostgreSQL's
//! `information_schema`), so a BOOLEAN stays a boolean and a BIGINT a number; rows go over in
//! multi-row `INSERT`s. The target must be empty (a new database, migrated by opening it):
//! copying into one in use would mix two installations. Every table's row count is compared
//! before the commit. The outbox's identity sequence is moved past the copied ids.

use sqlx::{QueryBuilder, Row};

use super::engine::Engine;
use super::Db;

/// Every table of the schema, parents before children.
pub const TABLES: [&str; 16] = [
    "structures",
    "classes",
    "imports",
    "users",
    "structure_users",
    "memberships",
    "children",
    "admins",
    "admin_structures",
    "sessions",
    "distributions",
    "distribution_users",
    "mailings",
    "outbox",
    "login_failures",
    "server_keys",
];

/// Bound values per statement at most (PostgreSQL takes 65,535).
const MAX_BINDS: usize = 30_000;

/// A table copied, and how many rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Copied {
    pub table: &'static str,
    pub rows: i64,
}

/// Why nothing was copied.
#[derive(Debug)]
pub enum CopyError {
    /// The databases or their data cannot be copied as they are; said in words for the operator.
    Refused(String),
    /// A database failed.
    Database(sqlx::Error),
}

impl std::fmt::Display for CopyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CopyError::Refused(why) => f.write_str(why),
            CopyError::Database(error) => error.fmt(f),
        }
    }
}

impl std::error::Error for CopyError {}

impl From<sqlx::Error> for CopyError {
    fn from(error: sqlx::Error) -> CopyError {
        CopyError::Database(error)
    }
}

fn refused(why: impl Into<String>) -> CopyError {
    CopyError::Refused(why.into())
}

impl Db {
    /// Copies every row of this SQLite database into `target`, an empty PostgreSQL one.
    pub async fn copy_into(&self, target: &Db) -> Result<Vec<Copied>, CopyError> {
        let (Engine::Sqlite(from), Engine::Postgres(to)) = (&self.pool, &target.pool) else {
            return Err(refused(
                "sesame copy goes from a SQLite file to a PostgreSQL database",
            ));
        };
        let mut tx = to.begin().await?;
        // Every table read from one snapshot of the file (a read transaction in WAL mode), so a
        // process still writing to it cannot make children and parents disagree.
        let mut source = from.begin().await?;
        for table in TABLES {
            let used: bool = sqlx::query(&format!("SELECT EXISTS (SELECT 1 FROM {table}) AS used"))
                .fetch_one(&mut *tx)
                .await?
                .get("used");
            if used {
                return Err(refused(format!(
                    "the target database already holds data (table {table}): copy into a new, empty database"
                )));
            }
        }
        let mut copied = Vec::new();
        for table in TABLES {
            let columns: Vec<(String, String)> = sqlx::query(
                "SELECT column_name::text AS name, data_type::text AS type FROM information_schema.columns \
                 WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position",
            )
            .bind(table)
            .fetch_all(&mut *tx)
            .await?
            .iter()
            .map(|r| (r.get("name"), r.get("type")))
            .collect();
            let list = columns
                .iter()
                .map(|(n, _)| n.as_str())
                .collect::<Vec<_>>()
                .join(", ");
            let rows = sqlx::query(&format!("SELECT {list} FROM {table}"))
                .fetch_all(&mut *source)
                .await?;
            for chunk in rows.chunks((MAX_BINDS / columns.len()).max(1)) {
                let mut insert =
                    QueryBuilder::<sqlx::Postgres>::new(format!("INSERT INTO {table} ({list}) "));
                let mut failed = None;
                insert.push_values(chunk, |mut b, row| {
                    for (i, (name, kind)) in columns.iter().enumerate() {
                        let bound = match kind.as_str() {
                            "boolean" => row.try_get::<Option<bool>, _>(i).map(|v| {
                                b.push_bind(v);
                            }),
                            "bigint" => row.try_get::<Option<i64>, _>(i).map(|v| {
                                b.push_bind(v);
                            }),
                            "integer" => row.try_get::<Option<i32>, _>(i).map(|v| {
                                b.push_bind(v);
                            }),
                            _ => row.try_get::<Option<String>, _>(i).map(|v| {
                                b.push_bind(v);
                            }),
                        };
                        if let Err(e) = bound {
                            failed.get_or_insert(refused(format!("{table}.{name}: {e}")));
                        }
                    }
                });
                if let Some(error) = failed {
                    return Err(error);
                }
                insert.build().execute(&mut *tx).await?;
            }
            let source: i64 = sqlx::query(&format!("SELECT COUNT(*) AS n FROM {table}"))
                .fetch_one(&mut *source)
                .await?
                .get("n");
            let written: i64 = sqlx::query(&format!("SELECT COUNT(*) AS n FROM {table}"))
                .fetch_one(&mut *tx)
                .await?
                .get("n");
            if source != written || written != rows.len() as i64 {
                return Err(refused(format!(
                    "table {table}: {source} rows in the file, {written} written; nothing is kept"
                )));
            }
            copied.push(Copied { table, rows: written });
        }
        // New outbox rows take ids after the copied ones.
        sqlx::query(
            "SELECT setval(pg_get_serial_sequence('outbox', 'id'), COALESCE(MAX(id), 0) + 1, false) FROM outbox",
        )
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(copied)
    }
}

#[cfg(test)]
mod tests {
    use chrono::{Duration, NaiveDate, Utc};
    use sqlx::Row;

    use super::{Copied, TABLES};
    use crate::auth::rate_limit::AttemptKeys;
    use crate::db::engine::{on, Engine};
    use crate::db::testing::{fresh_postgres_database, postgres_server};
    use crate::db::{Channel, Db};

    /// Every row of `table` as text, columns in `columns`' order, sorted: what both engines hold
    /// must read the same.
    async fn rows(db: &Db, table: &str, columns: &[(String, String)]) -> Vec<Vec<String>> {
        let list = columns
            .iter()
            .map(|(n, _)| n.as_str())
            .collect::<Vec<_>>()
            .join(", ");
        let sql = format!("SELECT {list} FROM {table}");
        let mut rows: Vec<Vec<String>> = on!(&db.pool, pool => {
            sqlx::query(&sql)
                .fetch_all(pool)
                .await
                .unwrap()
                .iter()
                .map(|row| {
                    columns
                        .iter()
                        .enumerate()
                        .map(|(i, (_, kind))| match kind.as_str() {
                            "boolean" => format!("{:?}", row.get::<Option<bool>, _>(i)),
                            "bigint" => format!("{:?}", row.get::<Option<i64>, _>(i)),
                            "integer" => format!("{:?}", row.get::<Option<i32>, _>(i)),
                            _ => format!("{:?}", row.get::<Option<String>, _>(i)),
                        })
                        .collect()
                })
                .collect()
        });
        rows.sort();
        rows
    }

    /// The demo's two schools, a session, a distribution, a mailing with one message sent and one
    /// queued, a sign-in failure — every table holds rows — copied to PostgreSQL: every row
    /// reads the same there, and new outbox rows get new ids. Runs in the PostgreSQL pass of
    /// `cargo xtask test` (it needs both engines).
    #[tokio::test]
    #[ignore = "needs PostgreSQL: run by the PostgreSQL pass of `cargo xtask test` (`-- --include-ignored`)"]
    async fn every_row_of_every_table_survives_the_copy() {
        let server = postgres_server().expect("SESAME_TEST_POSTGRES names a PostgreSQL server");
        let dir = tempfile::tempdir().unwrap();
        let from = Db::open(&dir.path().join("sesame.db")).await.unwrap();
        crate::commands::demo::seed(&from, NaiveDate::from_ymd_opt(2026, 9, 1).unwrap())
            .await
            .unwrap();
        let school = from.all_structures().await.unwrap()[0].id.clone();
        let users: Vec<String> = from
            .users_of_structure(&school, false)
            .await
            .unwrap()
            .iter()
            .filter(|u| u.email.is_some())
            .take(2)
            .map(|u| u.id.clone())
            .collect();
        from.create_session("hash", "demo", "csrf", Duration::hours(1))
            .await
            .unwrap();
        from.record_distribution(&school, "demo", Channel::Pdf, &users)
            .await
            .unwrap();
        from.create_mailing(&school, "demo", "k", &users, 0)
            .await
            .unwrap();
        let now = Utc::now();
        let claimed = from
            .claim_mail(now, now + Duration::minutes(2), false)
            .await
            .unwrap()
            .unwrap();
        from.mail_sent(&claimed).await.unwrap();
        let failure = AttemptKeys::new("demo", Some([192, 0, 2, 1].into()), None);
        from.reserve_sign_in(&failure.all(), now).await.unwrap().unwrap();
        from.server_key("device-cookie").await.unwrap();

        let to = Db::open_postgres(fresh_postgres_database(&server).await)
            .await
            .unwrap();
        let copied = from.copy_into(&to).await.unwrap();
        assert_eq!(copied.iter().map(|c| c.table).collect::<Vec<_>>(), TABLES);
        for Copied { table, rows: n } in &copied {
            assert!(*n > 0, "the test fills every table ({table} is empty)");
            let Engine::Postgres(pool) = &to.pool else {
                unreachable!()
            };
            let columns: Vec<(String, String)> = sqlx::query(
                "SELECT column_name::text AS name, data_type::text AS type FROM information_schema.columns \
                 WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position",
            )
            .bind(table)
            .fetch_all(pool)
            .await
            .unwrap()
            .iter()
            .map(|r| (r.get("name"), r.get("type")))
            .collect();
            let (before, after) = (
                rows(&from, table, &columns).await,
                rows(&to, table, &columns).await,
            );
            assert_eq!(before.len(), after.len(), "{table}");
            // The first row that differs, not the whole table (it would fill the screen).
            if let Some((a, b)) = before.iter().zip(&after).find(|(a, b)| a != b) {
                panic!("{table}: {a:?} in the file became {b:?}");
            }
        }
        // The copied installation works on: the queued message is claimed there, a new mailing's
        // rows get ids after the copied ones.
        let queued = to
            .claim_mail(now, now + Duration::minutes(2), false)
            .await
            .unwrap()
            .unwrap();
        assert_ne!(queued.id, claimed.id);
        to.create_mailing(&school, "demo", "k2", &users, 0).await.unwrap();
        // Copying again into a database that holds data is refused, nothing added.
        let error = from.copy_into(&to).await.unwrap_err().to_string();
        assert_eq!(
            error,
            "the target database already holds data (table structures): copy into a new, empty database"
        );
    }
}
