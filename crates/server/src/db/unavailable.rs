//! Which storage errors mean "the database is not available now" rather than "this request went
//! wrong": a lock held past the wait (another process writing for long, a backup), a file that
//! cannot be read or written, a pool with no free connection, a server that does not answer.
//! Handlers answer those with 503 and `Retry-After` (`AppError::DatabaseUnavailable`), the
//! outbox retries later; anything else is a 500, a bug to look at.

/// SQLite's primary result codes (the low byte of an extended code) that mean unavailable:
/// BUSY, LOCKED, IOERR, FULL, CANTOPEN.
const SQLITE_UNAVAILABLE: [i32; 5] = [5, 6, 10, 13, 14];

/// Whether `error` says the database is unavailable for now.
pub fn is_unavailable(error: &sqlx::Error) -> bool {
    match error {
        sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed | sqlx::Error::Io(_) => true,
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
}
