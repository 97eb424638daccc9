//! Storage: every SQL statement of the server lives under this module, behind [`Db`].
//!
//! Two engines, one storage layer (`engine`): SQLite by default (one file, WAL journal so readers
//! never wait for the writer), or PostgreSQL when the database is given as a `postgres://` or
//! `postgresql://` URL (several instances on one server). The SQL is kept to what both accept
//! (TEXT ids made here, BOOLEAN, RFC 3339 TEXT instants, `$1` placeholders,
//! `ON CONFLICT … DO UPDATE`, `RETURNING`), so it is written once; the few statements that must
//! differ (a write lock, a claim that skips locked rows, the SQLite-only fast reads of
//! `readers`) say why where they are.

mod admins;
mod central_marks;
mod copy;
mod distributions;
mod engine;
mod import;
mod import_write;
mod login_failures;
mod mailings;
mod oidc_flows;
mod readers;
mod released;
mod server_keys;
mod sessions;
mod structures;
mod teachers;
#[cfg(test)]
mod test_accounts;
pub mod testing;
mod unavailable;
mod users;
mod versions;

use std::path::Path;
use std::str::FromStr;
use std::sync::{Arc, LazyLock};

use chrono::{DateTime, SecondsFormat, Utc};
use sqlx::migrate::Migrate;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};

use engine::{on, Engine, Pool};

pub use admins::{Admin, AdminChange, Role, SubjectChange};
pub use central_marks::login_key;
pub use copy::{Copied, TABLES};
pub use distributions::{Channel, DistributionEntry, Undo};
pub use import::{Commit, ImportOptions, ImportRecord, Importer, Planned};
pub use login_failures::FailureKey;
pub use mailings::{Backlog, Claimed, MailTarget, Mailing, Queued};
pub use oidc_flows::{OidcFlow, MAX_FLOWS};
pub use sessions::Session;
pub use teachers::{Teacher, TeacherSchool, TeacherSession};
pub use unavailable::is_unavailable;
pub use users::DirectorySnapshot;

/// The database handle: a connection pool, cheap to clone.
#[derive(Debug, Clone)]
pub struct Db {
    pool: Pool,
    /// On SQLite, plain connections on the same file for the hottest reads (see `readers`);
    /// `None` on PostgreSQL, where those reads are ordinary queries on the pool.
    readers: Option<Arc<readers::Readers>>,
}

/// A storage failure; handlers turn it into a 500 that says little, and the log says why.
pub type DbResult<T> = Result<T, sqlx::Error>;

/// The URL in `location` when it names a PostgreSQL database rather than a SQLite file.
pub fn postgres_url(location: &Path) -> Option<&str> {
    location
        .to_str()
        .filter(|text| text.starts_with("postgres://") || text.starts_with("postgresql://"))
}

/// `location` as logs and messages show it: a PostgreSQL URL without its password.
pub fn describe_location(location: &Path) -> String {
    let Some(url) = postgres_url(location) else {
        return location.display().to_string();
    };
    let (scheme, rest) = url.split_once("://").expect("a URL has a scheme");
    let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
    let tail = hide_password_parameter(&rest[authority_end..]);
    match rest[..authority_end].rsplit_once('@') {
        Some((user_info, host)) => {
            let user = user_info.split_once(':').map_or(user_info, |(user, _)| user);
            let hidden = if user_info.contains(':') { ":…" } else { "" };
            format!("{scheme}://{user}{hidden}@{host}{tail}")
        }
        None => format!("{scheme}://{}{tail}", &rest[..authority_end]),
    }
}

/// A URL's path and query with the value of a `password=` parameter (libpq's other way to give
/// one) replaced by `…`.
fn hide_password_parameter(tail: &str) -> String {
    let Some((path, query)) = tail.split_once('?') else {
        return tail.to_owned();
    };
    let query: Vec<String> = query
        .split('&')
        .map(|pair| match pair.split_once('=') {
            Some((name, _)) if name.eq_ignore_ascii_case("password") => format!("{name}=…"),
            _ => pair.to_owned(),
        })
        .collect();
    format!("{path}?{}", query.join("&"))
}

impl Db {
    /// Opens the database at `location` and brings its schema up to date: a PostgreSQL
    /// database when `location` is a `postgres://` or `postgresql://` URL, else the SQLite
    /// file at that path (created if needed).
    pub async fn open(location: &Path) -> DbResult<Db> {
        match postgres_url(location) {
            Some(url) => Db::open_postgres(PgConnectOptions::from_str(url)?).await,
            None => Db::open_sqlite(location).await,
        }
    }

    async fn open_sqlite(path: &Path) -> DbResult<Db> {
        // Held from the first connection on: that connection turns a new database to WAL, which
        // needs the file to itself, and SQLite answers « locked » at once, without waiting, to two
        // processes asking together (each would wait for the other). Several instances starting
        // on a new database met that.
        let lock = lock_migrations(path).await?;
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
        let newer = migrate_sqlite(&pool).await;
        drop(lock); // closing the file releases the lock
        let newer = newer?;
        warn_newer(&newer);
        let db = Db {
            pool: Engine::Sqlite(pool),
            readers: Some(readers::Readers::new(path)),
        };
        db.backfill_login_keys().await?;
        Ok(db)
    }

    /// Opens the PostgreSQL database `options` name (it must exist) and migrates it
    /// ([`migrate_postgres`]).
    pub(super) async fn open_postgres(options: PgConnectOptions) -> DbResult<Db> {
        let pool = PgPoolOptions::new()
            // More than SQLite's 8: a server runs statements of several connections at once.
            .max_connections(16)
            .acquire_timeout(std::time::Duration::from_secs(5))
            // The server's notices ("relation … already exists, skipping" from the migrator at
            // each start) are not news for the log; warnings still are.
            .connect_with(options.options([("client_min_messages", "warning")]))
            .await?;
        let newer = migrate_postgres(&pool).await?;
        warn_newer(&newer);
        let db = Db {
            pool: Engine::Postgres(pool),
            readers: None,
        };
        db.backfill_login_keys().await?;
        Ok(db)
    }

    /// The migrations applied to this database: `(version, description)`, oldest first, this
    /// binary's and any newer release's.
    pub async fn migrations_applied(&self) -> DbResult<Vec<(i64, String)>> {
        on!(&self.pool, pool => sqlx::query_as(APPLIED).fetch_all(pool).await)
    }

    /// The migrations this binary knows for this database's engine.
    pub fn migrations_known(&self) -> &'static sqlx::migrate::Migrator {
        match self.pool {
            Engine::Sqlite(_) => &SQLITE_MIGRATIONS,
            Engine::Postgres(_) => &POSTGRES_MIGRATIONS,
        }
    }

    /// The engine, as the start-up line and `GET /api/health` name it.
    pub fn engine(&self) -> &'static str {
        match self.pool {
            Engine::Sqlite(_) => "sqlite",
            Engine::Postgres(_) => "postgresql",
        }
    }

    /// The SQLite pool, for tests of SQLite's own migrations.
    #[cfg(test)]
    pub(crate) fn sqlite_pool(&self) -> SqlitePool {
        match &self.pool {
            Engine::Sqlite(pool) => pool.clone(),
            Engine::Postgres(_) => panic!("a SQLite database"),
        }
    }

    /// Answers when the database does (for `GET /api/health`).
    pub async fn ping(&self) -> DbResult<()> {
        let answered = on!(&self.pool, pool => sqlx::query("SELECT 1").execute(pool).await.map(|_| ()));
        match (&self.pool, answered) {
            // The pool only says it waited for a connection; one of our own says why it cannot
            // have one (refused, unknown host, bad password), which is what the operator needs.
            (Engine::Postgres(pool), Err(sqlx::Error::PoolTimedOut)) => {
                let options = pool.connect_options();
                let connecting = sqlx::ConnectOptions::connect(&*options);
                match tokio::time::timeout(std::time::Duration::from_secs(2), connecting).await {
                    Ok(Err(cause)) => Err(cause),
                    _ => Err(sqlx::Error::PoolTimedOut),
                }
            }
            (_, answered) => answered,
        }
    }
}

/// SQLite's migrations, compiled into the binary, with the checksums they were released with
/// (`db/released.rs`). Moved under `sqlite/` unchanged: sqlx knows a migration by its version and
/// checksum, neither of which depends on the directory.
pub static SQLITE_MIGRATIONS: LazyLock<sqlx::migrate::Migrator> =
    LazyLock::new(|| released::as_released(sqlx::migrate!("./migrations/sqlite")));

/// PostgreSQL's: the same final schema, written for it from the start.
pub static POSTGRES_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");

/// Waits for, and takes, the exclusive `flock` on `FILE.migrations-lock` beside the SQLite
/// database `path`, released when the file is closed: every instance (and `sesame migrate`,
/// `sesame import`) opens and migrates the database at start, one at a time
/// ([`migrate_sqlite`]). A separate file, because closing any descriptor of the database file
/// itself would drop SQLite's own locks.
async fn lock_migrations(path: &Path) -> DbResult<std::fs::File> {
    let mut lock_path = path.as_os_str().to_owned();
    lock_path.push(".migrations-lock");
    tokio::task::spawn_blocking(move || -> std::io::Result<std::fs::File> {
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
    .map_err(sqlx::Error::Io)
}

/// Brings the schema up to date, the caller holding [`lock_migrations`]: two instances starting
/// together must not both apply the same migration (sqlx's migration lock does nothing on
/// SQLite). Returns the migrations of a newer release the database already has
/// ([`newer_migrations`]).
async fn migrate_sqlite(pool: &SqlitePool) -> DbResult<Vec<(i64, String)>> {
    let mut connection = pool.acquire().await?;
    connection.ensure_migrations_table().await?;
    let applied = sqlx::query_as(APPLIED).fetch_all(&mut *connection).await?;
    let newer = newer_migrations(&SQLITE_MIGRATIONS, &applied)?;
    tolerant(&SQLITE_MIGRATIONS).run_direct(&mut *connection).await?;
    Ok(newer)
}

/// [`migrate_sqlite`] on PostgreSQL, where sqlx's advisory lock keeps instances starting
/// together from racing; held from the check to the last migration.
async fn migrate_postgres(pool: &sqlx::PgPool) -> DbResult<Vec<(i64, String)>> {
    let mut connection = pool.acquire().await?;
    connection.lock().await?;
    let migrated: DbResult<_> = async {
        connection.ensure_migrations_table().await?;
        let applied = sqlx::query_as(APPLIED).fetch_all(&mut *connection).await?;
        let newer = newer_migrations(&POSTGRES_MIGRATIONS, &applied)?;
        tolerant(&POSTGRES_MIGRATIONS)
            .run_direct(&mut *connection)
            .await?;
        Ok(newer)
    }
    .await;
    let unlocked = connection.unlock().await;
    let newer = migrated?;
    unlocked?;
    Ok(newer)
}

/// The migrations applied to a database, oldest first.
const APPLIED: &str = "SELECT version, description FROM _sqlx_migrations WHERE success ORDER BY version";

/// `migrator` without its refusal of a database that has migrations it does not know: during a
/// rolling upgrade, or after a rollback, this release runs on the schema of the next one
/// (docs/operations.md « Upgrading »: each release's migrations only add to the schema, and
/// what one stops using is removed one release later at the earliest). [`newer_migrations`]
/// checks first that those are newer than all of its own, not a schema from elsewhere.
fn tolerant(migrator: &'static sqlx::migrate::Migrator) -> sqlx::migrate::Migrator {
    sqlx::migrate::Migrator {
        migrations: std::borrow::Cow::Borrowed(&migrator.migrations[..]),
        ignore_missing: true,
        // The caller holds the lock (a file on SQLite, sqlx's own on PostgreSQL).
        locking: false,
        ..sqlx::migrate::Migrator::DEFAULT
    }
}

/// Of the migrations `applied` to a database, those `migrator` does not know — a newer release
/// wrote them; or an error when one of them is older than `migrator`'s newest: then the database
/// does not come from an earlier or a later release of this binary's line, and nothing is
/// applied to it.
pub fn newer_migrations(
    migrator: &sqlx::migrate::Migrator,
    applied: &[(i64, String)],
) -> DbResult<Vec<(i64, String)>> {
    let newest_known = migrator.iter().map(|m| m.version).max().unwrap_or(0);
    let unknown: Vec<(i64, String)> = applied
        .iter()
        .filter(|(version, _)| !migrator.version_exists(*version))
        .cloned()
        .collect();
    if let Some((version, description)) = unknown.iter().find(|(v, _)| *v < newest_known) {
        return Err(sqlx::Error::Configuration(
            format!(
                "the database has migration {version} ({description}), which this binary does not \
                 know although it knows later ones (up to {newest_known}): it was not made by a \
                 release of Sésame this one follows or precedes; restore a backup made by this release"
            )
            .into(),
        ));
    }
    Ok(unknown)
}

/// Says in the log that the database has `newer` migrations, of a newer release.
fn warn_newer(newer: &[(i64, String)]) {
    if newer.is_empty() {
        return;
    }
    tracing::warn!(
        "the database has migrations of a newer release of Sésame that this binary does not know: \
         {}; running on that schema (a release works on the next one's, docs/operations.md « Upgrading »), \
         but upgrade this binary soon",
        describe_migrations(newer)
    );
}

/// `10 (accounts in several schools), 11 (…)`.
pub fn describe_migrations(migrations: &[(i64, String)]) -> String {
    migrations
        .iter()
        .map(|(version, description)| format!("{version} ({description})"))
        .collect::<Vec<_>>()
        .join(", ")
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

/// The bytes [`hex`] wrote as `text`; `None` when it is not pairs of hexadecimal digits.
fn unhex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok())
        .collect()
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

/// A profile as stored (`Teacher`, `Relative`…); a name this version does not know is a
/// decoding error, as a bad instant is.
fn parse_profile(text: &str) -> DbResult<sesame_core::Profile> {
    sesame_core::Profile::parse(text)
        .ok_or_else(|| sqlx::Error::Decode(format!("unknown profile {text:?}").into()))
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::{
        describe_location, describe_migrations, hex, newer_migrations, postgres_url, SQLITE_MIGRATIONS,
    };

    /// SQLite databases record each applied migration's version and checksum (SHA-384 of its
    /// SQL) and refuse to start when one differs: SQLite's migrations, moved under
    /// `migrations/sqlite/`, must stay exactly as released.
    #[test]
    fn sqlite_migrations_keep_their_released_versions_and_checksums() {
        let released = [
            (1, "e9abafc1ed6ce07c16dbf055fc33aa03bdea5ef6c31cd6e2be28b2816205671b0d0133ddafa036b320f16e8d7486325e"),
            (2, "8fc50e666de547958d1595f99e49e6d62d832d3d91864360f4968f52a1911ea6e18a52ed297d07c6432fb76da0c166ab"),
            (3, "9d0aece8dc418330a98c1645e26a9fb1954ccab2c45a23e9274ef6c3e169066509e4a3ae3bdf902b0fc6afd0e117df13"),
            (4, "98b77dedad8151301b84cb0521a106b4a86f0128067f77f237be4a6081659f0d60af033c32e78453494d36175428d86e"),
            (5, "2780a4f86c7592a0a079aae176b4d7d0fbc59e943c7076653b3565455fc2456b9c91da651c051c6f239dbe9164619e26"),
            (6, "266d45e84bd4dd23d6ed01df0caa5e3ef4bdbf4a6411f0b04423bb2bb52afe0415a90cb9746c755db61808addd99bc64"),
            (7, "8b4665e36a5f0b12582d9e1bb854381acf54f7c914374548ae9c12a01e9b5329d94b4c030368e3eff7bd1f7d7b4dee80"),
            (8, "143a0daa10220e427282f55537b1c26bbcb4914e42da7accf7214d14994e5aa762a13b93fb26c74070d1a18a923714ab"),
            (9, "729cee15775fbe207316d66cef8a7e66ac5e8e6ea7e51f8fa29e7d5ed2eabc77124d659d6877168dd7f567194c9eac4c"),
            (10, "b09888dc6e12e62c67d4ce47917701494f336127da752779b267f0ff458bf648d518a8fa2c492ada148a8cf324ce27b6"),
            (11, "ad04a11d5ca795643b682aa2807dd5030516157d2b867ecde201a178cd07370220afab34b6acc8568d2673d8eff719e3"),
            (12, "511258b2ca1474a7eac324a2e3c771cae9ae4bfb12e949f033d6c6f8a1b7122d255d888ead5bf872edea0adedc1fec02"),
        ];
        let known: Vec<(i64, String)> = SQLITE_MIGRATIONS
            .iter()
            .map(|m| (m.version, hex(&m.checksum)))
            .collect();
        let released: Vec<(i64, String)> = released
            .iter()
            .map(|(version, checksum)| (*version, (*checksum).to_owned()))
            .collect();
        assert_eq!(known, released);
    }

    /// What an older binary makes of a database's migrations: those past its newest are a newer
    /// release's (run on, with a warning); one it does not know below its newest means another
    /// line of development, refused.
    #[test]
    fn migrations_past_the_newest_known_are_newer_and_a_hole_is_refused() {
        let without_5 = sqlx::migrate::Migrator {
            migrations: SQLITE_MIGRATIONS
                .iter()
                .filter(|m| m.version != 5)
                .cloned()
                .collect(),
            ..sqlx::migrate::Migrator::DEFAULT
        };
        let applied = |versions: &[i64]| -> Vec<(i64, String)> {
            versions.iter().map(|v| (*v, format!("m{v}"))).collect()
        };
        let own: Vec<i64> = without_5.iter().map(|m| m.version).collect();
        let newest = *own.last().unwrap();
        let (next, after) = (newest + 1, newest + 2);
        assert_eq!(newer_migrations(&without_5, &applied(&own)).unwrap(), vec![]);
        assert_eq!(
            newer_migrations(&without_5, &applied(&[&own[..], &[next, after]].concat())).unwrap(),
            applied(&[next, after])
        );
        assert_eq!(describe_migrations(&applied(&[10, 11])), "10 (m10), 11 (m11)");
        let error = newer_migrations(&without_5, &applied(&[1, 2, 3, 4, 5, 6])).unwrap_err();
        assert!(
            error.to_string().contains("migration 5 (m5)")
                && error.to_string().contains(&format!("up to {newest}")),
            "{error}"
        );
    }

    /// Upgrading from the version before leases: a message it left `sending` (stopped mid-send)
    /// has no lease that could end; migration 0009 queues it again, so it is sent.
    #[tokio::test]
    async fn a_message_left_sending_before_leases_is_queued_again_by_the_upgrade() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sesame.db");
        let pool = super::testing::sqlite_before(&path, 9).await;
        let seed = "INSERT INTO structures (id, uai, name) VALUES ('s', '0751234A', 'A'); \
             INSERT INTO mailings (id, structure_id, admin_login, idempotency_key, queued, skipped_no_email, created_at) \
             VALUES ('m', 's', 'direction', 'k', 1, 0, '2026-09-01T08:00:00.000Z'); \
             INSERT INTO outbox (mailing_id, user_id, state, attempts, next_attempt_at) \
             VALUES ('m', 'u1', 'sending', 1, '2026-09-01T08:00:00.000Z');";
        sqlx::raw_sql(seed).execute(&pool).await.unwrap();
        pool.close().await;

        let db = super::Db::open(&path).await.unwrap();
        let now = chrono::Utc::now();
        let claimed = db
            .claim_mail(now, now + chrono::Duration::seconds(60), true)
            .await
            .unwrap();
        assert_eq!(claimed.map(|c| c.user_id).as_deref(), Some("u1"));
    }

    /// Upgrading to accounts in several schools: every account keeps its school, local
    /// administration, import, classes and children (now that school's), and nothing is lost
    /// through the tables' foreign keys while they are rebuilt.
    #[tokio::test]
    async fn accounts_keep_their_school_classes_and_children_through_the_upgrade() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sesame.db");
        let pool = super::testing::sqlite_before(&path, 10).await;
        let seed = "INSERT INTO structures (id, uai, name) VALUES ('a', '0751234A', 'A'), ('b', '0755678B', 'B'); \
             INSERT INTO classes (id, structure_id, name) VALUES ('ca', 'a', 'CM2 A'), ('cb', 'b', '6e A'); \
             INSERT INTO imports (id, structure_id, admin_login, file_name, at, created, updated, unchanged, classes_created) \
             VALUES ('i1', 'a', NULL, 'a.csv', '2026-09-01T08:00:00.000Z', 2, 0, 0, 1); \
             INSERT INTO users (id, structure_id, profile, first_name, last_name, login, activation_code, email, created_at, \
                                blocked, local_admin, login_key, import_id) VALUES \
             ('zoe', 'a', 'Student', 'Zoé', 'Dupré', 'zoe.dupre', 'ZC0DE111', NULL, '2025-09-01T06:30:00.000Z', FALSE, FALSE, 'zoe.dupre', 'i1'), \
             ('marc', 'a', 'Relative', 'Marc', 'Dupré', 'marc.dupre', NULL, 'marc@famille.fr', '2025-09-01T06:30:00.000Z', FALSE, TRUE, 'marc.dupre', 'i1'), \
             ('alena', 'b', 'Student', 'Алёна', 'Smirnova', 'alena.smirnova', 'BC0DE333', NULL, '2025-09-02T06:30:00.000Z', TRUE, FALSE, 'alena.smirnova', NULL); \
             INSERT INTO memberships (user_id, class_id) VALUES ('zoe', 'ca'), ('alena', 'cb'); \
             INSERT INTO children (relative_id, position, first_name, last_name, class_name) VALUES ('marc', 0, 'Zoé', 'Dupré', 'CM2 A'); \
             INSERT INTO distributions (id, structure_id, admin_login, channel, at) VALUES ('d1', 'a', 'direction', 'pdf', '2026-09-02T08:00:00.000Z'); \
             INSERT INTO distribution_users (distribution_id, user_id) VALUES ('d1', 'zoe');";
        sqlx::raw_sql(seed).execute(&pool).await.unwrap();
        pool.close().await;

        let db = super::Db::open(&path).await.unwrap();
        let a = db.users_of_structure("a", false).await.unwrap();
        let find = |login: &str| a.iter().find(|u| u.login == login).unwrap();
        assert_eq!(a.len(), 2);
        assert_eq!(find("zoe.dupre").classes[0].name, "CM2 A");
        assert_eq!(find("zoe.dupre").import_id.as_deref(), Some("i1"));
        assert!(find("zoe.dupre").last_distributed_at.is_some());
        assert!(find("marc.dupre").local_admin);
        assert_eq!(find("marc.dupre").children[0].first_name, "Zoé");
        let b = db.users_of_structure("b", false).await.unwrap();
        assert_eq!(
            (b.len(), b[0].blocked, b[0].classes[0].name.as_str()),
            (1, true, "6e A")
        );
        let history = db.imports("a", false).await.unwrap();
        assert_eq!(
            (history[0].created, history[0].shared, history[0].removed),
            (2, 0, 0)
        );
    }

    /// The same upgrade on PostgreSQL, from its first schema.
    #[tokio::test]
    #[ignore = "needs PostgreSQL: run by the PostgreSQL pass of `cargo xtask test` (`-- --include-ignored`)"]
    async fn accounts_keep_their_school_on_postgresql_through_the_upgrade() {
        let server =
            super::testing::postgres_server().expect("SESAME_TEST_POSTGRES names a PostgreSQL server");
        let options = super::testing::fresh_postgres_database(&server).await;
        let pool = sqlx::PgPool::connect_with(options.clone()).await.unwrap();
        super::testing::migrations_before(&super::POSTGRES_MIGRATIONS, 10)
            .run(&pool)
            .await
            .unwrap();
        let seed = "INSERT INTO structures (id, uai, name) VALUES ('a', '0751234A', 'A'); \
             INSERT INTO classes (id, structure_id, name) VALUES ('ca', 'a', 'CM2 A'); \
             INSERT INTO users (id, structure_id, profile, first_name, last_name, login, created_at, local_admin, import_id) VALUES \
             ('zoe', 'a', 'Student', 'Zoé', 'Dupré', 'zoe.dupre', '2025-09-01T06:30:00.000Z', FALSE, 'i1'), \
             ('marc', 'a', 'Relative', 'Marc', 'Dupré', 'marc.dupre', '2025-09-01T06:30:00.000Z', TRUE, NULL); \
             INSERT INTO memberships (user_id, class_id) VALUES ('zoe', 'ca'); \
             INSERT INTO children (relative_id, position, first_name, last_name, class_name) VALUES ('marc', 0, 'Zoé', 'Dupré', 'CM2 A');";
        sqlx::raw_sql(seed).execute(&pool).await.unwrap();
        pool.close().await;

        let db = super::Db::open_postgres(options).await.unwrap();
        let a = db.users_of_structure("a", false).await.unwrap();
        let find = |login: &str| a.iter().find(|u| u.login == login).unwrap();
        assert_eq!(find("zoe.dupre").classes[0].name, "CM2 A");
        assert_eq!(find("zoe.dupre").import_id.as_deref(), Some("i1"));
        assert!(find("marc.dupre").local_admin);
        assert_eq!(find("marc.dupre").children[0].first_name, "Zoé");
    }

    #[test]
    fn a_url_names_postgresql_and_is_shown_without_its_password() {
        assert_eq!(postgres_url(Path::new("/var/lib/sesame/sesame.db")), None);
        assert_eq!(postgres_url(Path::new("postgres.db")), None);
        for url in ["postgres://sesame@db/sesame", "postgresql://sesame@db/sesame"] {
            assert_eq!(postgres_url(Path::new(url)), Some(url));
        }
        assert_eq!(
            describe_location(Path::new(
                "postgres://sesame:s3cr3t@db.example.org:5432/sesame?sslmode=require"
            )),
            "postgres://sesame:…@db.example.org:5432/sesame?sslmode=require"
        );
        assert_eq!(
            describe_location(Path::new("postgresql://sesame@db/sesame")),
            "postgresql://sesame@db/sesame"
        );
        assert_eq!(describe_location(Path::new("sesame.db")), "sesame.db");
        assert_eq!(
            describe_location(Path::new(
                "postgres://sesame@db/sesame?password=s3cr3t&sslmode=require"
            )),
            "postgres://sesame@db/sesame?password=…&sslmode=require"
        );
    }
}
