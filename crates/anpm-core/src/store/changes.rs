//! Which kinds of stored data changed since the last look, whoever changed them: this process, or the
//! CLI in another one. SQLite tells no one about commits, so a watcher asks: `PRAGMA data_version` on a
//! connection of its own moves when any other connection commits (a query of microseconds), and only
//! then does it read the per-kind counters that triggers bump on every insert, update and delete
//! (`data_versions`, migration V5) and compare. Counters, not timestamps: two writers may commit in the
//! other order than they read the clock. Activity snapshots are not a data kind: their commits cost
//! one counter read and report nothing.

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
        }
    }

    const ALL: [DataKind; 8] = [
        Self::Projects,
        Self::Requirements,
        Self::PlanningRuns,
        Self::Candidates,
        Self::BacklogItems,
        Self::Tasks,
        Self::Agents,
        Self::Settings,
    ];
}

/// Watches one database for changed data kinds.
#[derive(Debug)]
pub struct ChangeWatch {
    conn: Connection,
    version: i64,
    seen: BTreeMap<DataKind, i64>,
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
                tx.conn.execute(
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
