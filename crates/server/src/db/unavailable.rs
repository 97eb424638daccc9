//! Which storage errors mean "the database is not available now" rather than "this request went
//! wrong": a lock held past the wait (another process writing for long, a backup), a file that
//! cannot be read or written, a pool with no free connection, a server that does not answer.
//! On PostgreSQL, by SQLSTATE: class 08 (the connection failed or was lost), 57P01–57P03 (the
//! server is shutting down, crashed or is starting: "cannot connect now") and 53300 (too many
//! connections).
//!
//! Handlers answer those with 503 and `Retry-After` (`AppError::DatabaseUnavailable`), the
//! outbox retries later; anything else is a 500, a bug to look at.

/// SQLite's primary result codes (the low byte of an extended code) that mean unavailable:
/// BUSY, LOCKED, IOERR, FULL, CANTOPEN.
const SQLITE_UNAVAILABLE: [i32; 5] = [5, 6, 10, 13, 14];

/// PostgreSQL's SQLSTATEs that mean unavailable, besides class 08 (connection exceptions).
const POSTGRES_UNAVAILABLE: [&str; 4] = ["57P01", "57P02", "57P03", "53300"];

/// Whether `error` says the database is unavailable for now.
pub fn is_unavailable(error: &sqlx::Error) -> bool {
    match error {
        sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed | sqlx::Error::Io(_) => true,
        // A PostgreSQL SQLSTATE is five characters, often all digits: it must not be read as a
        // SQLite result code.
        sqlx::Error::Database(error)
            if error
                .try_downcast_ref::<sqlx::postgres::PgDatabaseError>()
                .is_some() =>
        {
            error.code().is_some_and(|code| postgres_unavailable(&code))
        }
        sqlx::Error::Database(error) => error
            .code()
            .and_then(|code| code.parse::<i32>().ok())
            .is_some_and(sqlite_unavailable),
        // The in-place readers' errors (`db/readers.rs`), rusqlite's own.
        sqlx::Error::AnyDriverError(error) => match error.downcast_ref::<rusqlite::Error>() {
            Some(rusqlite::Error::SqliteFailure(failure, _)) => sqlite_unavailable(failure.extended_code),
            _ => false,
        },
        _ => false,
    }
}

fn sqlite_unavailable(code: i32) -> bool {
    SQLITE_UNAVAILABLE.contains(&(code & 0xff))
}

fn postgres_unavailable(sqlstate: &str) -> bool {
    sqlstate.starts_with("08") || POSTGRES_UNAVAILABLE.contains(&sqlstate)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lock_or_a_lost_pool_is_unavailable_a_constraint_is_not() {
        assert!(is_unavailable(&sqlx::Error::PoolTimedOut));
        let busy = rusqlite::Error::SqliteFailure(rusqlite::ffi::Error::new(5), None);
        assert!(is_unavailable(&sqlx::Error::AnyDriverError(Box::new(busy))));
        // SQLITE_IOERR_SHORT_READ, an extended code of IOERR.
        let io = rusqlite::Error::SqliteFailure(rusqlite::ffi::Error::new(522), None);
        assert!(is_unavailable(&sqlx::Error::AnyDriverError(Box::new(io))));
        // SQLITE_CONSTRAINT_UNIQUE: a bug or a conflict, not an outage.
        let unique = rusqlite::Error::SqliteFailure(rusqlite::ffi::Error::new(2067), None);
        assert!(!is_unavailable(&sqlx::Error::AnyDriverError(Box::new(unique))));
        assert!(!is_unavailable(&sqlx::Error::RowNotFound));
    }

    #[test]
    fn postgres_connection_and_shutdown_states_are_unavailable_a_constraint_is_not() {
        for state in ["08006", "08001", "57P01", "57P03", "53300"] {
            assert!(postgres_unavailable(state), "{state}");
        }
        // A unique violation, an unknown table, a serialisation failure: not outages.
        for state in ["23505", "42P01", "40001"] {
            assert!(!postgres_unavailable(state), "{state}");
        }
    }

    /// A real PostgreSQL server ending a session (`pg_terminate_backend`, as a restart does)
    /// answers an error this module calls unavailable. Only with `SESAME_TEST_POSTGRES`.
    #[tokio::test]
    async fn a_session_the_postgresql_server_ends_is_unavailable() {
        let Some(server) = crate::db::testing::postgres_server() else {
            return;
        };
        let (_dir, db) = crate::db::testing::temp_db().await;
        let crate::db::engine::Engine::Postgres(pool) = &db.pool else {
            unreachable!("SESAME_TEST_POSTGRES opens PostgreSQL")
        };
        let mut tx = pool.begin().await.unwrap();
        let pid: i32 = sqlx::query_scalar("SELECT pg_backend_pid()")
            .fetch_one(&mut *tx)
            .await
            .unwrap();
        let admin = sqlx::PgPool::connect(&server).await.unwrap();
        sqlx::query("SELECT pg_terminate_backend($1)")
            .bind(pid)
            .execute(&admin)
            .await
            .unwrap();
        let error = sqlx::query("SELECT 1").execute(&mut *tx).await.unwrap_err();
        assert!(is_unavailable(&error), "{error:?}");
    }
}
