//! Which kinds of stored data changed since the last look, whoever changed them: this process, or the
//! CLI in another one. SQLite tells no one about commits, so a watcher asks: `PRAGMA data_version` on a
//! connection of its own moves when any other connection commits (a query of microseconds), and only
//! then does it read a fingerprint (row count and latest `updated_at`) of each kind and compare.
//! Activity snapshots and the write-ahead log are not data kinds: their commits cost a fingerprint
//! read and report nothing.

use std::collections::BTreeMap;
use std::path::Path;

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
}

/// The fingerprint query of each kind: anything that changes a row changes its count or its latest time.
const FINGERPRINTS: &[(DataKind, &str)] = &[
    (DataKind::Projects, "SELECT count(*), coalesce(max(updated_at), '') FROM projects"),
    (DataKind::Requirements, "SELECT count(*), coalesce(max(updated_at), '') FROM requirements"),
    (DataKind::PlanningRuns, "SELECT count(*), coalesce(max(updated_at), '') FROM planning_runs"),
    (
        DataKind::Candidates,
        "SELECT count(*), coalesce(max(updated_at), '') FROM backlog_candidates",
    ),
    (DataKind::BacklogItems, "SELECT count(*), coalesce(max(updated_at), '') FROM backlog_items"),
    (
        DataKind::Tasks,
        "SELECT (SELECT count(*) FROM tasks) + (SELECT count(*) FROM dispatch_attempts),
                coalesce((SELECT max(updated_at) FROM tasks), '') || '|' ||
                coalesce((SELECT max(coalesce(ended_at, started_at)) FROM dispatch_attempts), '')",
    ),
    (DataKind::Agents, "SELECT count(*), coalesce(max(updated_at), '') FROM agent_profiles"),
    (DataKind::Settings, "SELECT count(*), coalesce(max(updated_at), '') FROM settings"),
];

/// Watches one database for changed data kinds.
#[derive(Debug)]
pub struct ChangeWatch {
    conn: Connection,
    version: i64,
    seen: BTreeMap<DataKind, (i64, String)>,
}

impl ChangeWatch {
    /// Opens a read-only connection of its own and takes the current state as the starting point.
    pub fn open(path: &Path) -> Result<Self> {
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        let mut watch = Self { conn, version: 0, seen: BTreeMap::new() };
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

    fn data_version(&self) -> Result<i64> {
        Ok(self.conn.query_row("PRAGMA data_version", [], |r| r.get(0))?)
    }

    fn fingerprints(&self) -> Result<BTreeMap<DataKind, (i64, String)>> {
        // One read transaction, so every kind is read at the same moment.
        self.conn.execute_batch("BEGIN DEFERRED")?;
        let prints = FINGERPRINTS
            .iter()
            .map(|(kind, sql)| {
                Ok((*kind, self.conn.query_row(sql, [], |r| Ok((r.get(0)?, r.get(1)?)))?))
            })
            .collect::<Result<BTreeMap<_, _>>>();
        self.conn.execute_batch("COMMIT")?;
        prints
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Config, Core};

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
        let project = core.add_project(repo.path(), Some("shop"), None).expect("project");
        assert_eq!(watch.changed().expect("poll"), [DataKind::Projects]);

        // Another process: a second core on the same data directory.
        let other = Core::open(Config::at(dir.path())).expect("second core");
        let item =
            crate::domain::NewBacklogItem::new("Export", None, None, None, None, &[], None, None)
                .expect("item");
        other.add_backlog_item(project.id, item).expect("add");
        other.set_setting("planning.model", "m").expect("setting");
        assert_eq!(watch.changed().expect("poll"), [DataKind::BacklogItems, DataKind::Settings]);

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
