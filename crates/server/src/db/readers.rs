//! Plain SQLite connections (rusqlite) beside sqlx's pool, for the few reads too large for sqlx.
//!
//! Why: sqlx's SQLite driver copies every value of every row into an owned row on its connection
//! thread and sends it to the async task through a channel; for a 50,000-account structure that
//! materialisation was most of `GET /api/structures/{id}/users`. rusqlite reads each
//! value in place, as a borrowed slice, on the thread that asks. Both crates link the same
//! bundled libsqlite3 (`libsqlite3-sys`, whose `links = "sqlite3"` allows one version per build),
//! so the binary still has a single SQLite.
//!
//! These connections open the file sqlx created and migrated, only ever read (`query_only`), and
//! run on tokio's blocking threads so a long read never holds up the async workers. With WAL a
//! reader sees the last committed state and never waits for the writer, in this process or in a
//! `sesame import` running beside it.
//!
//! No `mmap_size` or larger `cache_size`: measured on the 50,000-account benchmark they saved
//! under 5 % of the read, not worth mmap's failure modes nor megabytes per idle connection.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

use super::DbResult;

/// What a read returns inside the blocking task: rusqlite's errors and this module's own decoding
/// errors (`sqlx::Error::Decode`, as the sqlx path reports them) both convert with `?`.
pub(super) type ReadResult<T> = Result<T, Box<dyn std::error::Error + Send + Sync>>;

/// Idle connections kept for reuse; more concurrent reads than this open extra connections that
/// are closed afterwards. Opening one costs well under a millisecond, reading the schema included.
const MAX_IDLE: usize = 4;

/// How long a read waits for a lock before failing: as sqlx's connections do.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// The same for a read run in place ([`Readers::run_here`]), on an async worker thread.
const IN_PLACE_BUSY_TIMEOUT: Duration = Duration::from_millis(250);

#[derive(Debug)]
pub(super) struct Readers {
    path: PathBuf,
    idle: Mutex<Vec<Connection>>,
}

impl Readers {
    pub(super) fn new(path: &Path) -> Arc<Readers> {
        Arc::new(Readers {
            path: path.to_owned(),
            idle: Mutex::new(Vec::new()),
        })
    }

    /// Runs `read` on a connection, on a blocking thread.
    pub(super) async fn run<T, F>(self: &Arc<Self>, read: F) -> DbResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&mut Connection) -> ReadResult<T> + Send + 'static,
    {
        let readers = Arc::clone(self);
        match tokio::task::spawn_blocking(move || readers.with_connection(read)).await {
            Ok(result) => into_db_result(result),
            Err(join) => Err(sqlx::Error::AnyDriverError(Box::new(join))),
        }
    }

    /// Runs `read` on a connection on this very thread: only for a read of one row by its key,
    /// which takes microseconds — the session of every signed-in request and a directory's
    /// version, on the path of each `304`. Handing such a read to another thread and
    /// back (a blocking task here, sqlx's connection thread otherwise) cost several times the
    /// read itself. With WAL it does not wait for the writer.
    pub(super) fn run_here<T>(&self, read: impl FnOnce(&mut Connection) -> ReadResult<T>) -> DbResult<T> {
        into_db_result(self.with_connection(|connection| {
            // This thread is one of the async workers: a lock that does hold a WAL reader up
            // (recovery after a crash) may stall it for a moment, not for the usual 5 s.
            connection.busy_timeout(IN_PLACE_BUSY_TIMEOUT)?;
            let result = read(connection);
            connection.busy_timeout(BUSY_TIMEOUT)?;
            result
        }))
    }

    /// An idle connection (or a new one) for `read`, kept for reuse if the read succeeded.
    fn with_connection<T>(&self, read: impl FnOnce(&mut Connection) -> ReadResult<T>) -> ReadResult<T> {
        let mut connection = match self.idle.lock().unwrap_or_else(|e| e.into_inner()).pop() {
            Some(connection) => connection,
            None => self.open()?,
        };
        let result = read(&mut connection);
        // A failed read may leave the connection mid-statement or mid-transaction: drop it.
        if result.is_ok() {
            let mut idle = self.idle.lock().unwrap_or_else(|e| e.into_inner());
            if idle.len() < MAX_IDLE {
                idle.push(connection);
            }
        }
        result
    }

    fn open(&self) -> ReadResult<Connection> {
        // Not SQLITE_OPEN_READ_ONLY: a read-only connection cannot create the WAL index (-shm)
        // should it be missing; `query_only` below forbids writing all the same.
        let connection = Connection::open_with_flags(
            &self.path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        connection.busy_timeout(BUSY_TIMEOUT)?;
        connection.pragma_update(None, "query_only", true)?;
        Ok(connection)
    }
}

/// A read's result as the sqlx path reports it.
fn into_db_result<T>(result: ReadResult<T>) -> DbResult<T> {
    result.map_err(|error| match error.downcast::<sqlx::Error>() {
        Ok(error) => *error,
        Err(error) => sqlx::Error::AnyDriverError(error),
    })
}
