//! Who is running what, in a form any anpm process can check: a lease is an exclusive lock on a file in
//! the data directory, with its holder's pid and process start time written inside and its modification
//! time as the heartbeat.
//!
//! The kernel drops the lock the moment its holder dies, however it dies, so "the lease can be taken"
//! means exactly "its owner is gone". The dispatch loop (and `dispatch next --wait`) holds the dispatch
//! lease while tasks run; each planning run holds its own while it executes. A task or planning run found
//! `running` while its lease is free is an orphan and is reconciled at once.

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

use serde::Serialize;
use ts_rs::TS;

use crate::{Error, Result};

/// The process holding a lease, as written in its file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct LeaseOwner {
    pub pid: u32,
    /// Seconds since the holder last said it was alive.
    pub heartbeat_age_secs: u64,
}

/// A held lease. Dropping it releases the lock (and removes the file when asked to).
#[derive(Debug)]
pub struct Lease {
    file: File,
    path: PathBuf,
    remove_on_drop: bool,
}

/// The dispatch loop's lease in `data_dir`.
pub fn dispatch_path(data_dir: &Path) -> PathBuf {
    data_dir.join("dispatch.lock")
}

/// The lease of one planning run in `data_dir`.
pub fn planning_path(data_dir: &Path, run: &str) -> PathBuf {
    data_dir.join("leases").join(format!("planning-{run}.lock"))
}

impl Lease {
    /// Takes the lease at `path`, retrying for up to `settle` (a lease just released by this process can
    /// look held for a moment: a child forked by another thread shares the open file until it execs).
    /// `Ok(None)` when another live process holds it.
    pub fn take(path: &Path, settle: Duration) -> Result<Option<Self>> {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| Error::io(format!("creating {}", parent.display()), e))?;
        }
        let file = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .read(true)
            .write(true)
            .open(path)
            .map_err(|e| Error::io(format!("opening {}", path.display()), e))?;
        let deadline = Instant::now() + settle;
        loop {
            match file.try_lock() {
                Ok(()) => {
                    let me = std::process::id();
                    let start = super::pty::start_ticks(me as i32).unwrap_or(0);
                    let _ = file.set_len(0);
                    let _ = (&file).write_all(format!("{me} {start}\n").as_bytes());
                    return Ok(Some(Self {
                        file,
                        path: path.to_path_buf(),
                        remove_on_drop: false,
                    }));
                }
                Err(std::fs::TryLockError::WouldBlock) if Instant::now() < deadline => {
                    std::thread::sleep(Duration::from_millis(10));
                }
                Err(std::fs::TryLockError::WouldBlock) => return Ok(None),
                Err(std::fs::TryLockError::Error(e)) => {
                    return Err(Error::io(format!("locking {}", path.display()), e))
                }
            }
        }
    }

    /// Removes the lease's file when it is released (for leases of things that end, such as a run).
    pub fn removed_on_drop(mut self) -> Self {
        self.remove_on_drop = true;
        self
    }

    /// Tells other processes the holder is alive.
    pub fn heartbeat(&self) {
        let _ = self.file.set_modified(SystemTime::now());
    }
}

impl Drop for Lease {
    fn drop(&mut self) {
        if self.remove_on_drop {
            // Removed while still locked, so no other process can take a lock on the old file meanwhile.
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

/// Who holds the lease at `path`, or `None` when no live process does.
pub fn owner(path: &Path) -> Option<LeaseOwner> {
    let file = File::open(path).ok()?;
    match file.try_lock_shared() {
        Ok(()) => None,
        Err(_) => {
            let text = std::fs::read_to_string(path).unwrap_or_default();
            let pid = text.split_whitespace().next().and_then(|p| p.parse().ok()).unwrap_or(0);
            let age = file
                .metadata()
                .and_then(|m| m.modified())
                .ok()
                .and_then(|at| SystemTime::now().duration_since(at).ok())
                .map_or(0, |d| d.as_secs());
            Some(LeaseOwner { pid, heartbeat_age_secs: age })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lease_is_exclusive_and_free_once_dropped() {
        let dir = tempfile::tempdir().expect("dir");
        let path = planning_path(dir.path(), "run-1");
        assert_eq!(owner(&path), None);
        let held = Lease::take(&path, Duration::ZERO).expect("take").expect("free");
        held.heartbeat();
        let seen = owner(&path).expect("held");
        assert_eq!(seen.pid, std::process::id());
        assert!(Lease::take(&path, Duration::from_millis(30)).expect("take").is_none());
        drop(held.removed_on_drop());
        assert!(!path.exists());
        assert_eq!(owner(&path), None);
    }
}
