//! The version of each structure's directory (migration 0007): what the ETag of
//! `GET /api/structures/{id}/users` is made from.
//!
//! Every write that changes what that body says replaces the version *in its own transaction*,
//! so no reader ever sees new data under an old version, whichever process wrote: imports (the
//! server's or a `sesame import` beside it), letter settings, distributions (recorded by hand
//! or by the outbox), and the marks on central administrators' own accounts (an administrator
//! created, changed or removed). A new version is random (64 bits, hex): equality is all the
//! server asks of it, and a database restored from a backup never reuses a version that named
//! other data.

use sqlx::Row;

use super::engine::{on, Engine, Tx};
use super::{hex, random_bytes, Db, DbResult};

/// A fresh version.
pub(super) fn new_version() -> String {
    hex(&random_bytes::<8>())
}

/// Gives structure `structure_id`'s directory a new version, inside the caller's transaction.
pub(super) async fn bump(tx: &mut Tx, structure_id: &str) -> DbResult<()> {
    on!(tx, tx => {
        sqlx::query("UPDATE structures SET directory_version = $2 WHERE id = $1")
            .bind(structure_id)
            .bind(new_version())
            .execute(&mut **tx)
            .await?;
    });
    Ok(())
}

/// [`bump`] for each of `structure_ids` (repeats are harmless).
pub(super) async fn bump_all(tx: &mut Tx, structure_ids: &[String]) -> DbResult<()> {
    for id in structure_ids {
        bump(tx, id).await?;
    }
    Ok(())
}

/// A new version for every structure (after a change that may touch any of them).
pub(super) async fn bump_every_structure(tx: &mut Tx) -> DbResult<()> {
    let ids: Vec<String> = on!(&mut *tx, tx => sqlx::query("SELECT id FROM structures")
        .fetch_all(&mut **tx)
        .await?
        .iter()
        .map(|row| row.get("id"))
        .collect());
    bump_all(tx, &ids).await
}

impl Db {
    /// The version of structure `id`'s directory (`None` when there is no such structure), and
    /// whether the local administrator `local_login` is given that structure (always true
    /// without one: a central administrator sees every structure).
    ///
    /// One query for both, read on this thread on SQLite (`db/readers.rs`), since it runs on
    /// each of the directory's revalidations (`304`s); a plain query on PostgreSQL.
    pub async fn directory_version(
        &self,
        id: &str,
        local_login: Option<&str>,
    ) -> DbResult<(Option<String>, bool)> {
        let pool = match (&self.pool, &self.readers) {
            (Engine::Postgres(pool), _) => pool,
            (Engine::Sqlite(_), readers) => {
                return readers
                    .as_ref()
                    .expect("SQLite has its readers")
                    .run_here(|connection| {
                        let mut statement = connection.prepare_cached(
                            "SELECT (SELECT directory_version FROM structures WHERE id = ?1), \
                        ?2 IS NULL OR EXISTS (SELECT 1 FROM admin_structures \
                                              WHERE admin_login = ?2 AND structure_id = ?1)",
                        )?;
                        Ok(statement.query_row(rusqlite::params![id, local_login], |row| {
                            Ok((row.get(0)?, row.get(1)?))
                        })?)
                    })
            }
        };
        let row = sqlx::query(
            "SELECT (SELECT directory_version FROM structures WHERE id = $1) AS version, \
                    $2::TEXT IS NULL OR EXISTS (SELECT 1 FROM admin_structures \
                                                WHERE admin_login = $2 AND structure_id = $1) AS given",
        )
        .bind(id)
        .bind(local_login)
        .fetch_one(pool)
        .await?;
        Ok((row.get("version"), row.get("given")))
    }
}
