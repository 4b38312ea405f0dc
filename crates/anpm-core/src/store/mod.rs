//! The store: the one SQLite file, its migrations, and every SQL statement anpm runs.
//!
//! [`Store::open`] applies the embedded migrations (under a file lock, so two processes opening a fresh
//! file do not race) and sets WAL, `foreign_keys` and `busy_timeout` on the connection. Callers work inside
//! [`Store::read`] or [`Store::write`], which hand out a [`Tx`]: a typed view of one transaction whose
//! methods are spread over one file per aggregate. Writes begin `IMMEDIATE`, taking SQLite's write lock up
//! front, so a CLI process and the running app queue behind each other instead of failing with
//! "database is locked". No `rusqlite` type crosses this module's boundary.
//!
//! The store is synchronous. Async callers run it on `spawn_blocking`.

mod agents;
pub mod archive;
mod attempts;
mod audit;
mod backlog_items;
mod changes;
mod checkpoint;
mod context_sources;
mod dashboard;
mod dependencies;
mod dispatch;
mod documents;
mod drift;
mod lineage;
mod notifications;
mod planning;
mod projects;
mod requirements;
mod search;
mod select;
mod settings;
mod sql;
mod sync_runs;
mod tasks;
mod usage;
mod workspaces;

use std::path::Path;
use std::sync::Mutex;
use std::time::Duration;

use rusqlite::{Connection, TransactionBehavior};

use crate::{Error, Result};
use checkpoint::Checkpointer;

pub use crate::domain::{BacklogFilter, TaskFilter};
pub use changes::{ChangeWatch, DataKind};
pub use dashboard::DayCounts;
pub use drift::{DriftFilter, SeverityCounts};
pub use planning::{CandidateFilter, PlanningRunFilter};
pub use projects::ProjectFootprint;
pub use requirements::RequirementFilter;


mod embedded {
    refinery::embed_migrations!("../../migrations");
}

/// How long a statement waits for another process's write lock before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(15);

/// The database of one data directory.
#[derive(Debug)]
pub struct Store {
    /// One connection per process. Every statement is short; the mutex serializes this process's use of the
    /// connection, and SQLite's own locking serializes processes.
    conn: Mutex<Connection>,
    /// Folds the write-ahead log back into the database in this process's pauses.
    checkpointer: Checkpointer,
}

/// How many prepared statements the connection keeps.
const STATEMENT_CACHE: usize = 256;

/// A typed view of one open transaction. Its methods live in the per-aggregate files of this module.
#[derive(Debug)]
pub struct Tx<'c> {
    conn: &'c Connection,
}

impl Tx<'_> {
    /// Runs one statement through the connection's statement cache: the store's statements are few and
    /// fixed, and parsing them again on every call was a fifth of a planning run's time (measured).
    fn exec(&self, sql: &str, params: impl rusqlite::Params) -> rusqlite::Result<usize> {
        self.conn.prepare_cached(sql)?.execute(params)
    }

    /// Reads one row through the statement cache (see [`Tx::exec`]).
    fn row<T>(
        &self,
        sql: &str,
        params: impl rusqlite::Params,
        f: impl FnOnce(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
    ) -> rusqlite::Result<T> {
        self.conn.prepare_cached(sql)?.query_row(params, f)
    }
}

impl Store {
    /// Opens (creating if needed) the database at `path` and brings its schema up to date.
    pub fn open(path: &Path) -> Result<Self> {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| {
                Error::io(format!("creating data directory {}", parent.display()), e)
            })?;
        }
        let mut conn = Connection::open(path)?;
        conn.busy_timeout(BUSY_TIMEOUT)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        // The checkpoint thread folds the log instead (see `checkpoint`); the last connection to close
        // checkpoints too.
        conn.pragma_update(None, "wal_autocheckpoint", 0)?;
        // Migrations run with foreign keys off (the bundled SQLite turns them on by default), as SQLite's
        // table-rebuild procedure needs: a rebuilt table is dropped and its copy renamed, and the rows that
        // point at it must not be touched meanwhile (the drop would otherwise null them).
        conn.pragma_update(None, "foreign_keys", "OFF")?;
        migrate(path, &mut conn)?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        // Room for every fixed statement of the store plus the filter variants of the listings.
        conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
        let checkpointer = Checkpointer::spawn(path, BUSY_TIMEOUT)?;
        Ok(Self { conn: Mutex::new(conn), checkpointer })
    }

    /// Runs `f` inside a read transaction (a consistent snapshot).
    pub fn read<T>(&self, f: impl FnOnce(&Tx<'_>) -> Result<T>) -> Result<T> {
        let mut conn = self.lock();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Deferred)?;
        let out = f(&Tx { conn: &tx })?;
        tx.finish()?;
        Ok(out)
    }

    /// Runs `f` inside a write transaction, committed only if `f` succeeds.
    pub fn write<T>(&self, f: impl FnOnce(&Tx<'_>) -> Result<T>) -> Result<T> {
        let mut conn = self.lock();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let out = f(&Tx { conn: &tx })?;
        tx.commit()?;
        self.checkpointer.committed();
        Ok(out)
    }

    /// Folds the whole write-ahead log into the database now and empties it, so a benchmark measures
    /// after a bulk load rather than during the background checkpoint of it.
    #[cfg(feature = "testing")]
    pub fn checkpoint(&self) -> Result<()> {
        let conn = self.lock();
        conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        Ok(())
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Connection> {
        // A panic while holding the lock leaves the connection usable: SQLite rolls back the open
        // transaction when the `Transaction` guard is dropped during unwinding.
        self.conn.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// Creates (or brings) the database at `path` up to migration `version` only, for tests of a later
/// migration against data written under an earlier schema.
#[cfg(feature = "testing")]
pub fn migrate_to(path: &Path, version: i32) -> Result<()> {
    let mut conn = Connection::open(path)?;
    embedded::migrations::runner()
        .set_target(refinery::Target::Version(version))
        .run(&mut conn)
        .map(|_| ())
        .map_err(|e| Error::Storage(format!("applying migrations: {e}")))
}

/// Applies pending migrations while holding an exclusive lock on a sibling lock file, so that two processes
/// opening a brand-new database never both try to create the schema.
fn migrate(db_path: &Path, conn: &mut Connection) -> Result<()> {
    let lock_path = db_path.with_extension("migrate.lock");
    let lock = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&lock_path)
        .map_err(|e| Error::io(format!("opening {}", lock_path.display()), e))?;
    lock.lock().map_err(|e| Error::io(format!("locking {}", lock_path.display()), e))?;
    let outcome = embedded::migrations::runner()
        .run(conn)
        .map(|_| ())
        .map_err(|e| Error::Storage(format!("applying migrations: {e}")));
    // Unlocking can only fail if the descriptor is already gone; closing it releases the lock anyway.
    let _ = lock.unlock();
    outcome
}

impl From<rusqlite::Error> for Error {
    fn from(err: rusqlite::Error) -> Self {
        match &err {
            rusqlite::Error::SqliteFailure(code, _)
                if code.code == rusqlite::ErrorCode::DatabaseBusy =>
            {
                Error::Storage(format!("the database stayed locked by another process: {err}"))
            }
            _ => Error::Storage(err.to_string()),
        }
    }
}

/// A core on a fresh data directory with one project ("shop", an empty git repository inside the same
/// temporary folder), for the store's unit tests.
#[cfg(test)]
pub(crate) fn core_with_project() -> (tempfile::TempDir, crate::Core, crate::domain::ProjectId) {
    let dir = tempfile::tempdir().expect("dir");
    let core = crate::Core::open(crate::Config::at(dir.path())).expect("core");
    let repo = dir.path().join("repo");
    std::fs::create_dir(&repo).expect("repo dir");
    std::process::Command::new("git").arg("init").arg("-q").arg(&repo).status().expect("git");
    let project = core.projects().add(&repo, Some("shop"), None).expect("project");
    (dir, core, project.id)
}
