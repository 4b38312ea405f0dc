//! Which kinds of stored data changed since the last look, whoever changed them: this process, or the
//! CLI in another one. SQLite tells no one about commits, so a watcher asks: `PRAGMA data_version` on a
//! connection of its own moves when any other connection commits (a query of microseconds), and only
//! then does it read the per-kind counters that triggers bump on every insert, update and delete
//! (`data_versions`, migration V5) and compare. Counters, not timestamps: two writers may commit in the
//! other order than they read the clock. Activity snapshots are not a data kind: their commits cost
//! one counter read and report nothing.
//!
//! When to ask comes from the file system: every commit, by any process, writes the database's WAL file,
//! and a watch on the data folder (`notify`: inotify on Linux) wakes [`ChangeWatch::wait_for_changes`] at
//! once. A slow fallback look remains for file systems that report nothing (network mounts).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{sync_channel, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use notify::{RecursiveMode, Watcher};

use rusqlite::{Connection, OpenFlags};
use serde::Serialize;
use ts_rs::TS;

use crate::Result;

/// A kind of stored data a screen shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum DataKind {
    Projects,
    Requirements,
    PlanningRuns,
    Candidates,
    BacklogItems,
    /// Tasks and their dispatch attempts.
    Tasks,
    Agents,
    Settings,
    /// Documents and their links.
    Documents,
    SyncRuns,
    DriftSignals,
    Notifications,
}

impl DataKind {
    /// Its name in `data_versions`.
    fn key(self) -> &'static str {
        match self {
            Self::Projects => "projects",
            Self::Requirements => "requirements",
            Self::PlanningRuns => "planning_runs",
            Self::Candidates => "candidates",
            Self::BacklogItems => "backlog_items",
            Self::Tasks => "tasks",
            Self::Agents => "agents",
            Self::Settings => "settings",
            Self::Documents => "documents",
            Self::SyncRuns => "sync_runs",
            Self::DriftSignals => "drift_signals",
            Self::Notifications => "notifications",
        }
    }

    const ALL: [DataKind; 12] = [
        Self::Projects,
        Self::Requirements,
        Self::PlanningRuns,
        Self::Candidates,
        Self::BacklogItems,
        Self::Tasks,
        Self::Agents,
        Self::Settings,
        Self::Documents,
        Self::SyncRuns,
        Self::DriftSignals,
        Self::Notifications,
    ];
}

/// Watches one database for changed data kinds.
pub struct ChangeWatch {
    conn: Connection,
    version: i64,
    seen: BTreeMap<DataKind, i64>,
    /// Wakes when a file of the database changes; none when the folder cannot be watched.
    touched: Option<(notify::RecommendedWatcher, Receiver<()>)>,
    /// When changes were last reported.
    reported: Option<Instant>,
}

impl std::fmt::Debug for ChangeWatch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ChangeWatch").field("version", &self.version).field("watching", &self.touched.is_some()).finish()
    }
}

/// How long `next` waits without a file event before it looks anyway.
pub const FALLBACK_LOOK: Duration = Duration::from_secs(2);
/// The least time between two looks, so a burst of commits costs one look per frame, not one per commit.
const LOOK_FLOOR: Duration = Duration::from_millis(16);
/// The least time between two reports: a change after a quiet spell is reported at once, but while
/// dispatch writes tasks many times a second the screens refetch four times a second, not sixty.
pub const REPORT_EVERY: Duration = Duration::from_millis(250);

/// A watch on `db`'s folder that signals (coalesced, never blocking the notifier) when one of the
/// database's own files changes.
fn watch_files(db: &Path) -> notify::Result<(notify::RecommendedWatcher, Receiver<()>)> {
    let folder = db.parent().map(Path::to_path_buf).unwrap_or_else(|| PathBuf::from("."));
    let name = db.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let (tx, rx) = sync_channel(1);
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        let Ok(event) = event else { return };
        // The database and its WAL, where commits land; not the -shm index, which readers (this watch
        // among them) write too, and which would wake the watch with its own reads.
        let ours = event.paths.iter().any(|p| {
            p.file_name().is_some_and(|f| {
                let f = f.to_string_lossy();
                f == name.as_str() || f.strip_prefix(name.as_str()) == Some("-wal")
            })
        });
        if ours && !matches!(event.kind, notify::EventKind::Access(_)) {
            // A full channel already holds a wake-up: this change will be seen by that look.
            let _ = tx.try_send(());
        }
    })?;
    watcher.watch(&folder, RecursiveMode::NonRecursive)?;
    Ok((watcher, rx))
}

impl ChangeWatch {
    /// Opens a read-only connection of its own and takes the current state as the starting point.
    pub fn open(path: &Path) -> Result<Self> {
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        let touched = match watch_files(path) {
            Ok(touched) => Some(touched),
            Err(e) => {
                tracing::warn!(error = %e, "the data folder cannot be watched; changes show within {FALLBACK_LOOK:?}");
                None
            }
        };
        let mut watch = Self { conn, version: 0, seen: BTreeMap::new(), touched, reported: None };
        watch.version = watch.data_version()?;
        watch.seen = watch.fingerprints()?;
        Ok(watch)
    }

    /// The kinds that changed since the last call (or since opening); empty when nothing did.
    pub fn changed(&mut self) -> Result<Vec<DataKind>> {
        let version = self.data_version()?;
        if version == self.version {
            return Ok(Vec::new());
        }
        // Read before recording the version: a failed read is retried at the next call.
        let now = self.fingerprints()?;
        self.version = version;
        let changed =
            now.iter().filter(|(kind, print)| self.seen.get(kind) != Some(print)).map(|(k, _)| *k);
        let changed = changed.collect();
        self.seen = now;
        Ok(changed)
    }

    /// Waits until the database's files change (or `FALLBACK_LOOK` passes), then returns the kinds that
    /// changed since the last look — possibly none (a checkpoint, an activity snapshot).
    pub fn wait_for_changes(&mut self) -> Result<Vec<DataKind>> {
        let started = Instant::now();
        match &self.touched {
            Some((_, woken)) => match woken.recv_timeout(FALLBACK_LOOK) {
                Ok(()) | Err(RecvTimeoutError::Timeout) => {}
                // The notifier is gone: fall back to looking at the slow pace.
                Err(RecvTimeoutError::Disconnected) => {
                    self.touched = None;
                    std::thread::sleep(FALLBACK_LOOK);
                }
            },
            None => std::thread::sleep(FALLBACK_LOOK),
        }
        if let Some(rest) = LOOK_FLOOR.checked_sub(started.elapsed()) {
            std::thread::sleep(rest);
        }
        let mut kinds = self.changed()?;
        if kinds.is_empty() {
            return Ok(kinds);
        }
        if let Some(wait) = self.reported.and_then(|at| REPORT_EVERY.checked_sub(at.elapsed())) {
            // Too soon after the last report: gather what else changes meanwhile into this one.
            std::thread::sleep(wait);
            kinds.extend(self.changed()?);
            kinds.sort();
            kinds.dedup();
        }
        self.reported = Some(Instant::now());
        Ok(kinds)
    }

    fn data_version(&self) -> Result<i64> {
        Ok(self.conn.query_row("PRAGMA data_version", [], |r| r.get(0))?)
    }

    fn fingerprints(&self) -> Result<BTreeMap<DataKind, i64>> {
        let mut stmt = self.conn.prepare_cached("SELECT kind, version FROM data_versions")?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))?;
        let mut prints = BTreeMap::new();
        for row in rows {
            let (key, version) = row?;
            if let Some(kind) = DataKind::ALL.into_iter().find(|k| k.key() == key) {
                prints.insert(kind, version);
            }
        }
        Ok(prints)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Config, Core};

    #[test]
    fn a_flurry_of_commits_right_after_a_report_comes_as_one_report() {
        let dir = tempfile::tempdir().expect("dir");
        let core = Core::open(Config::at(dir.path())).expect("core");
        let repo = tempfile::tempdir().expect("repo");
        std::process::Command::new("git").arg("init").arg("-q").arg(repo.path()).status().expect("git");
        let project = core.projects().add(repo.path(), Some("shop"), None).expect("project");
        let mut watch = ChangeWatch::open(&core.config().db_path()).expect("watch");
        core.settings().set("planning.model", "a").expect("setting");
        assert_eq!(watch.wait_for_changes().expect("first"), [DataKind::Settings]);
        let first = Instant::now();
        let item = crate::domain::RawBacklogItem { title: "Export".to_owned(), ..Default::default() }
            .parse()
            .expect("item");
        core.backlog().add(project.id, item).expect("add");
        let data = dir.path().to_path_buf();
        let writer = std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(40));
            Core::open(Config::at(&data)).expect("core").settings().set("planning.model", "b").expect("set");
        });
        let mut kinds = Vec::new();
        while kinds.is_empty() {
            kinds = watch.wait_for_changes().expect("second");
        }
        writer.join().expect("writer");
        assert!(first.elapsed() >= REPORT_EVERY, "reported again after {:?}", first.elapsed());
        assert_eq!(kinds, [DataKind::BacklogItems, DataKind::Settings]);
    }

    #[test]
    fn waiting_wakes_on_another_processs_commit_rather_than_at_the_fallback_look() {
        let dir = tempfile::tempdir().expect("dir");
        let core = Core::open(Config::at(dir.path())).expect("core");
        let mut watch = ChangeWatch::open(&core.config().db_path()).expect("watch");
        assert!(watch.touched.is_some(), "the data folder is watched");
        let data = dir.path().to_path_buf();
        let writer = std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(100));
            let other = Core::open(Config::at(&data)).expect("second core");
            other.settings().set("planning.model", "m").expect("setting");
        });
        let started = Instant::now();
        let mut seen = Vec::new();
        while seen.is_empty() && started.elapsed() < FALLBACK_LOOK * 3 {
            seen = watch.wait_for_changes().expect("next");
        }
        writer.join().expect("writer");
        assert_eq!(seen, [DataKind::Settings]);
        // Woken by the commit's file event: a fallback look would have come only after FALLBACK_LOOK.
        assert!(started.elapsed() < FALLBACK_LOOK, "seen after {:?}", started.elapsed());
    }

    #[test]
    fn reports_the_kinds_another_connection_changed_and_nothing_else() {
        let dir = tempfile::tempdir().expect("dir");
        let core = Core::open(Config::at(dir.path())).expect("core");
        let mut watch = ChangeWatch::open(&core.config().db_path()).expect("watch");
        assert!(watch.changed().expect("poll").is_empty(), "nothing yet");

        let repo = tempfile::tempdir().expect("repo");
        std::process::Command::new("git")
            .arg("init")
            .arg("-q")
            .arg(repo.path())
            .status()
            .expect("git");
        let project = core.projects().add(repo.path(), Some("shop"), None).expect("project");
        assert_eq!(watch.changed().expect("poll"), [DataKind::Projects]);

        // Another process: a second core on the same data directory.
        let other = Core::open(Config::at(dir.path())).expect("second core");
        let item =
            crate::domain::RawBacklogItem { title: "Export".to_owned(), ..Default::default() }.parse()
                .expect("item");
        other.backlog().add(project.id, item).expect("add");
        other.settings().set("planning.model", "m").expect("setting");
        assert_eq!(watch.changed().expect("poll"), [DataKind::BacklogItems, DataKind::Settings]);

        // A change whose timestamp is older than one already seen (two writers reading the clock in one
        // order and committing in the other) is still a change.
        core.store()
            .write(|tx| {
                tx.exec(
                    "UPDATE projects SET name = 'shop-2', updated_at = '2000-01-01T00:00:00Z'",
                    [],
                )?;
                Ok(())
            })
            .expect("older timestamp");
        assert_eq!(watch.changed().expect("poll"), [DataKind::Projects]);

        // Activity snapshots are not a data kind.
        core.store()
            .write(|tx| {
                tx.put_activity_snapshot(&crate::domain::ActivitySnapshot {
                    runner_id: "r".into(),
                    snapshot: serde_json::json!({}),
                    updated_at: crate::domain::Timestamp::now(),
                })
            })
            .expect("snapshot");
        assert!(watch.changed().expect("poll").is_empty());
    }
}
