//! The two storage engines behind one [`Db`](super::Db): SQLite (a file) and PostgreSQL (a
//! server, for several instances on one database).
//!
//! Not sqlx's `Any` driver: it refuses SQLite's BOOLEAN columns. Instead each handle — the pool,
//! a transaction — is an [`Engine`] holding the one engine's own sqlx type, and [`on!`] runs one
//! body against whichever it holds. The body is written once and type-checked once per engine,
//! so `sqlx::query(…).bind(…).execute(…)` and `row.get::<String, _>(…)` keep their static types;
//! it must only end in a type both arms share (a count, decoded values — not a row).

use sqlx::{PgPool, Postgres, Sqlite, SqlitePool, Transaction};

use super::DbResult;

/// One value per engine: which one this database is, holding that engine's own type.
#[derive(Debug, Clone)]
pub(super) enum Engine<S, P> {
    Sqlite(S),
    Postgres(P),
}

/// The connection pool.
pub(super) type Pool = Engine<SqlitePool, PgPool>;

/// A transaction; dropped without [`Tx::commit`], it rolls back.
pub(super) type Tx = Engine<Transaction<'static, Sqlite>, Transaction<'static, Postgres>>;

/// Runs `$body` with `$c` bound to what `$handle` holds, whichever the engine; with a third
/// name, `$db` is that engine's sqlx database type (for a `QueryBuilder::<$db>`).
macro_rules! on {
    ($handle:expr, $c:ident => $body:expr) => {
        match $handle {
            $crate::db::engine::Engine::Sqlite($c) => $body,
            $crate::db::engine::Engine::Postgres($c) => $body,
        }
    };
    ($handle:expr, $c:ident, $db:ident => $body:expr) => {
        match $handle {
            $crate::db::engine::Engine::Sqlite($c) => {
                #[allow(dead_code)]
                type $db = sqlx::Sqlite;
                $body
            }
            $crate::db::engine::Engine::Postgres($c) => {
                #[allow(dead_code)]
                type $db = sqlx::Postgres;
                $body
            }
        }
    };
}
pub(crate) use on;

impl Pool {
    /// A transaction: on SQLite `BEGIN IMMEDIATE`, which takes the write lock at once, waiting
    /// for it as long as the busy timeout allows. A plain (deferred) `BEGIN` would read first and
    /// ask for the lock at its first write, and SQLite then answers "database is locked" at once,
    /// without waiting, when another connection holds it (waiting could deadlock two upgrading
    /// readers): an import failed so beside the outbox worker's claims. On PostgreSQL, `BEGIN`.
    pub(super) async fn begin(&self) -> DbResult<Tx> {
        Ok(match self {
            Engine::Sqlite(pool) => Engine::Sqlite(pool.begin_with("BEGIN IMMEDIATE").await?),
            Engine::Postgres(pool) => Engine::Postgres(pool.begin().await?),
        })
    }

    /// A transaction that writes, serialised with every other one calling this: SQLite's
    /// `BEGIN IMMEDIATE` takes the database's write lock first; on PostgreSQL a plain `BEGIN`
    /// and a transaction-scoped advisory lock numbered `lock` (the same in every instance).
    /// Either way two processes cannot both read a count and both act on it.
    pub(super) async fn begin_serialised(&self, lock: i64) -> DbResult<Tx> {
        Ok(match self {
            Engine::Sqlite(pool) => Engine::Sqlite(pool.begin_with("BEGIN IMMEDIATE").await?),
            Engine::Postgres(pool) => {
                let mut tx = pool.begin().await?;
                sqlx::query("SELECT pg_advisory_xact_lock($1)")
                    .bind(lock)
                    .execute(&mut *tx)
                    .await?;
                Engine::Postgres(tx)
            }
        })
    }
}

impl Tx {
    pub(super) async fn commit(self) -> DbResult<()> {
        on!(self, tx => tx.commit().await)
    }
}
