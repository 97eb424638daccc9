//! Storage: every SQL statement of the server lives under this module, behind [`Db`].
//!
//! SQLite by default (one file, WAL journal so readers never wait for the writer). The SQL is
//! kept to what PostgreSQL also accepts (TEXT ids made here, BOOLEAN, RFC 3339 TEXT instants,
//! `ON CONFLICT … DO UPDATE`), so a PostgreSQL backend for multi-instance deployments can be
//! added here without touching handlers.

mod admins;
mod central_marks;
mod distributions;
mod import;
mod import_write;
mod login_failures;
mod mailings;
mod readers;
mod sessions;
mod structures;
#[cfg(test)]
mod test_accounts;
mod unavailable;
mod users;
mod versions;

use std::path::Path;
use std::str::FromStr;
use std::sync::Arc;

use chrono::{DateTime, SecondsFormat, Utc};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};

pub use admins::{Admin, Role};
pub use central_marks::login_key;
pub use distributions::{Channel, DistributionEntry};
pub use import::ImportRecord;
pub use login_failures::FailureKey;
pub use mailings::{Backlog, Claimed, MailTarget, Mailing, Queued};
pub use sessions::Session;
pub use unavailable::is_unavailable;
pub use users::DirectorySnapshot;

/// The database handle: a connection pool, cheap to clone.
#[derive(Debug, Clone)]
pub struct Db {
    pool: SqlitePool,
    /// Plain connections on the same file for the directory listing (see `readers`).
    readers: Arc<readers::Readers>,
}

/// A storage failure; handlers turn it into a 500 that says little, and the log says why.
pub type DbResult<T> = Result<T, sqlx::Error>;

impl Db {
    /// Opens (creating if needed) the SQLite file at `path` and brings its schema up to date.
    pub async fn open(path: &Path) -> DbResult<Db> {
        let options = SqliteConnectOptions::from_str(&format!("sqlite://{}", path.display()))?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            // With WAL, NORMAL is durable across application crashes and much faster than FULL.
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(std::time::Duration::from_secs(5));
        let pool = SqlitePoolOptions::new()
            .max_connections(8)
            // A request waits this long for a connection, then answers 503 (not sqlx's 30 s).
            .acquire_timeout(std::time::Duration::from_secs(5))
            .connect_with(options)
            .await?;
        migrate(&pool, path).await?;
        let db = Db {
            pool,
            readers: readers::Readers::new(path),
        };
        db.backfill_login_keys().await?;
        Ok(db)
    }

    /// Migrations applied to this database, of [`MIGRATIONS`] known to this binary.
    pub async fn migrations_applied(&self) -> DbResult<i64> {
        let row = sqlx::query("SELECT COUNT(*) AS n FROM _sqlx_migrations WHERE success")
            .fetch_one(&self.pool)
            .await?;
        Ok(sqlx::Row::get(&row, "n"))
    }

    /// The engine, as the start-up line and `GET /api/health` name it.
    pub fn engine(&self) -> &'static str {
        "sqlite"
    }

    /// Answers when the database does (for `GET /api/health`).
    pub async fn ping(&self) -> DbResult<()> {
        sqlx::query("SELECT 1").execute(&self.pool).await.map(|_| ())
    }
}

/// The schema's migrations, compiled into the binary.
pub static MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

/// Brings the schema up to date, one process at a time: every instance (and `sesame migrate`,
/// `sesame import`) migrates at start, and two starting together must not both apply the same
/// migration (sqlx's migration lock does nothing on SQLite). They take an exclusive `flock` on
/// `FILE.migrations-lock` beside the database for the duration — a separate file, because
/// closing any descriptor of the database file itself would drop SQLite's own locks.
async fn migrate(pool: &SqlitePool, path: &Path) -> DbResult<()> {
    let mut lock_path = path.as_os_str().to_owned();
    lock_path.push(".migrations-lock");
    let lock = tokio::task::spawn_blocking(move || -> std::io::Result<std::fs::File> {
        let file = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&lock_path)?;
        file.lock()?;
        Ok(file)
    })
    .await
    .map_err(|e| sqlx::Error::AnyDriverError(Box::new(e)))?
    .map_err(sqlx::Error::Io)?;
    let migrated = MIGRATIONS.run(pool).await;
    drop(lock); // closing the file releases the lock
    Ok(migrated?)
}

/// A new random identifier (128 bits, hex), for rows the server creates.
pub fn new_id() -> String {
    hex(&random_bytes::<16>())
}

/// Random bytes from the operating system.
pub fn random_bytes<const N: usize>() -> [u8; N] {
    let mut bytes = [0u8; N];
    getrandom::getrandom(&mut bytes).expect("the operating system provides randomness");
    bytes
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Instants are stored as RFC 3339 UTC text with milliseconds, which sorts chronologically.
pub fn timestamp(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Millis, true)
}

fn parse_timestamp(text: &str) -> DbResult<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| sqlx::Error::Decode(format!("bad instant {text:?} in the database: {e}").into()))
}
