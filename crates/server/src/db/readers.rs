//! Plain SQLite connections (rusqlite) beside sqlx's pool, for the few reads too large for sqlx.
//!
//! Why: sqlx's SQLite driver copies every value of every row into an owned row on its connection
//! thread and sends it to the async task through a channel; for a 50,000-account structure that
//! materialisation was most of `GET /api/structures/{id}/users` (issue 4). rusqlite reads each
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
        let result = tokio::task::spawn_blocking(move || {
            let mut connection = match readers.idle.lock().unwrap_or_else(|e| e.into_inner()).pop() {
                Some(connection) => connection,
                None => readers.open()?,
            };
            let result = read(&mut connection);
            // A failed read may leave the connection mid-statement or mid-transaction: drop it.
            if result.is_ok() {
                let mut idle = readers.idle.lock().unwrap_or_else(|e| e.into_inner());
                if idle.len() < MAX_IDLE {
                    idle.push(connection);
                }
            }
            result
        })
        .await;
        match result {
            Ok(Ok(value)) => Ok(value),
            Ok(Err(error)) => Err(match error.downcast::<sqlx::Error>() {
                Ok(error) => *error,
                Err(error) => sqlx::Error::AnyDriverError(error),
            }),
            Err(join) => Err(sqlx::Error::AnyDriverError(Box::new(join))),
        }
    }

    fn open(&self) -> ReadResult<Connection> {
        // Not SQLITE_OPEN_READ_ONLY: a read-only connection cannot create the WAL index (-shm)
        // should it be missing; `query_only` below forbids writing all the same.
        let connection = Connection::open_with_flags(
            &self.path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        connection.busy_timeout(Duration::from_secs(5))?;
        connection.pragma_update(None, "query_only", true)?;
        Ok(connection)
    }
}
