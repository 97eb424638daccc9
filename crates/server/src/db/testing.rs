//! The database of a test: the same tests run on both engines.
//!
//! By default a SQLite file in the test's own directory. With `SESAME_TEST_POSTGRES` set to a
//! PostgreSQL server's URL (`postgres://postgres@127.0.0.1:55432/postgres`), a new database of
//! its own on that server instead, with a random name, so tests run in parallel without seeing
//! each other's rows. Those databases are left on the server (a test server is thrown away).

use std::path::{Path, PathBuf};
use std::str::FromStr;

use sqlx::migrate::Migrator;
use sqlx::postgres::PgConnectOptions;
use sqlx::sqlite::{SqliteConnectOptions, SqlitePool};
use sqlx::{ConnectOptions, Executor};

use super::engine::on;
use super::{new_id, Db};

/// The variable that names the PostgreSQL server of the tests.
pub const POSTGRES_VARIABLE: &str = "SESAME_TEST_POSTGRES";

/// The PostgreSQL server the tests run on, if they do.
pub fn postgres_server() -> Option<String> {
    std::env::var(POSTGRES_VARIABLE)
        .ok()
        .filter(|url| !url.trim().is_empty())
}

/// A fresh, migrated database for one test: `dir/sesame.db`, or a new PostgreSQL database when
/// [`POSTGRES_VARIABLE`] is set. Panics when it cannot be had: a test cannot go on without it.
pub async fn open_test_db(dir: &Path) -> Db {
    match postgres_server() {
        None => Db::open(&dir.join("sesame.db"))
            .await
            .expect("a SQLite test database"),
        Some(server) => {
            let options = fresh_postgres_database(&server).await;
            Db::open_postgres(options)
                .await
                .expect("a PostgreSQL test database")
        }
    }
}

/// [`open_test_db`] in a new temporary directory, which lives as long as the returned handle to
/// it (a unit test's database, whichever the engine).
#[cfg(test)]
pub(crate) async fn temp_db() -> (tempfile::TempDir, Db) {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let db = open_test_db(dir.path()).await;
    (dir, db)
}

/// Creates a school with the default letter settings in a unit test's database; returns its id.
#[cfg(test)]
pub(crate) async fn test_school(db: &Db, uai: &str, name: &str) -> String {
    db.create_structure(uai, name, &sesame_core::LetterSettings::default())
        .await
        .expect("a test school")
        .id
}

/// Where a test that runs the `sesame` binary keeps its database: `dir/sesame.db`, or the URL
/// of a new PostgreSQL database when [`POSTGRES_VARIABLE`] is set (the binary's `--db` takes
/// either).
pub async fn test_db_location(dir: &Path) -> PathBuf {
    match postgres_server() {
        None => dir.join("sesame.db"),
        Some(server) => {
            let name = create_database(&server).await;
            PathBuf::from(with_database(&server, &name))
        }
    }
}

/// Does to the database at `location` (a SQLite file or a `postgres://` URL) what a newer
/// release's migration would, as docs/operations.md « Upgrading » allows one to: adds to the schema — a
/// column to `users`, with a default, so an older release's writes still fit — and records the
/// migration, one version past this binary's newest. Returns its `(version, description)`.
pub async fn add_newer_migration(location: &Path) -> (i64, String) {
    let db = Db::open(location).await.expect("the database opens");
    let version = db
        .migrations_known()
        .iter()
        .map(|m| m.version)
        .max()
        .expect("migrations")
        + 1;
    let description = "nicknames of a newer release";
    on!(&db.pool, pool => {
        sqlx::query("ALTER TABLE users ADD COLUMN nickname TEXT NOT NULL DEFAULT ''")
            .execute(pool)
            .await
            .expect("a column added");
        sqlx::query(
            "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time) \
             VALUES ($1, $2, TRUE, $3, 0)",
        )
        .bind(version)
        .bind(description)
        .bind(vec![0u8; 48])
        .execute(pool)
        .await
        .expect("the migration recorded");
        pool.close().await;
    });
    (version, description.to_owned())
}

/// The migrations of `all` numbered below `version`: the schema a release before that migration
/// left, for a test that seeds such a database and checks what the upgrade makes of it.
pub fn migrations_before(all: &Migrator, version: i64) -> Migrator {
    Migrator {
        migrations: all.iter().filter(|m| m.version < version).cloned().collect(),
        ..Migrator::DEFAULT
    }
}

/// A new SQLite database at `path` migrated up to, not including, `version` (foreign keys
/// enforced, as in Sésame's own connections); the caller seeds it, closes it and opens it with
/// [`Db::open`], which runs the rest.
pub async fn sqlite_before(path: &Path, version: i64) -> SqlitePool {
    let options = SqliteConnectOptions::new()
        .filename(path)
        .create_if_missing(true)
        .foreign_keys(true);
    let pool = SqlitePool::connect_with(options)
        .await
        .expect("a SQLite test database");
    migrations_before(&super::SQLITE_MIGRATIONS, version)
        .run(&pool)
        .await
        .expect("the older migrations run");
    pool
}

/// Creates an empty database on `server` and returns how to connect to it.
pub async fn fresh_postgres_database(server: &str) -> PgConnectOptions {
    let name = create_database(server).await;
    PgConnectOptions::from_str(server)
        .expect("a PostgreSQL URL")
        .database(&name)
}

/// Creates a database with a new random name on `server`; returns the name.
async fn create_database(server: &str) -> String {
    let name = format!("sesame_test_{}", new_id());
    let mut connection = PgConnectOptions::from_str(server)
        .expect("a PostgreSQL URL")
        .connect()
        .await
        .expect("the PostgreSQL test server answers");
    connection
        .execute(format!("CREATE DATABASE {name}").as_str())
        .await
        .expect("a test database created");
    name
}

/// `server`'s URL naming database `name` instead of its own (its query string kept).
fn with_database(server: &str, name: &str) -> String {
    let (base, query) = server
        .split_once('?')
        .map_or((server, None), |(base, query)| (base, Some(query)));
    let (scheme, rest) = base.split_once("://").expect("a URL has a scheme");
    let authority = rest.split('/').next().unwrap_or(rest);
    match query {
        Some(query) => format!("{scheme}://{authority}/{name}?{query}"),
        None => format!("{scheme}://{authority}/{name}"),
    }
}

#[cfg(test)]
mod tests {
    use super::with_database;

    #[test]
    fn the_server_url_names_the_new_database_and_keeps_its_options() {
        assert_eq!(
            with_database("postgres://postgres@127.0.0.1:55432/postgres", "t1"),
            "postgres://postgres@127.0.0.1:55432/t1"
        );
        assert_eq!(
            with_database("postgresql://u:p@h?sslmode=disable", "t2"),
            "postgresql://u:p@h/t2?sslmode=disable"
        );
    }
}
