//! The database of a test: the same tests run on both engines.
//!
//! By default a SQLite file in the test's own directory. With `SESAME_TEST_POSTGRES` set to a
//! PostgreSQL server's URL (`postgres://postgres@127.0.0.1:55432/postgres`), a new database of
//! its own on that server instead, with a random name, so tests run in parallel without seeing
//! each other's rows. Those databases are left on the server (a test server is thrown away).

use std::path::Path;
use std::str::FromStr;

use sqlx::postgres::PgConnectOptions;
use sqlx::{ConnectOptions, Executor};

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

/// Creates an empty database on `server` and returns how to connect to it.
pub async fn fresh_postgres_database(server: &str) -> PgConnectOptions {
    let server = PgConnectOptions::from_str(server).expect("a PostgreSQL URL");
    let name = format!("sesame_test_{}", new_id());
    let mut connection = server
        .connect()
        .await
        .expect("the PostgreSQL test server answers");
    connection
        .execute(format!("CREATE DATABASE {name}").as_str())
        .await
        .expect("a test database created");
    server.database(&name)
}
