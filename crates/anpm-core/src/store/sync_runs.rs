//! SQL for sync runs and the project's last-sync mark.

use rusqlite::{params, OptionalExtension, Row};

use super::Tx;
use crate::domain::{ProjectId, SyncRun, Timestamp};
use crate::Result;

const COLUMNS: &str = "id, project_id, status, triggered_by, branch, commits_scanned, files_changed, \
                       signals_created, error_message, detected_branch, started_at, completed_at";

fn from_row(row: &Row<'_>) -> rusqlite::Result<SyncRun> {
    Ok(SyncRun {
        id: row.get("id")?,
        project_id: row.get("project_id")?,
        status: row.get("status")?,
        triggered_by: row.get("triggered_by")?,
        branch: row.get("branch")?,
        commits_scanned: row.get("commits_scanned")?,
        files_changed: row.get("files_changed")?,
        signals_created: row.get("signals_created")?,
        error_message: row.get("error_message")?,
        detected_branch: row.get("detected_branch")?,
        started_at: row.get("started_at")?,
        completed_at: row.get("completed_at")?,
    })
}

impl Tx<'_> {
    pub fn insert_sync_run(&self, r: &SyncRun) -> Result<()> {
        self.exec(
            &format!("INSERT INTO sync_runs ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)"),
            params![
                r.id,
                r.project_id,
                r.status,
                r.triggered_by,
                r.branch,
                r.commits_scanned,
                r.files_changed,
                r.signals_created,
                r.error_message,
                r.detected_branch,
                r.started_at,
                r.completed_at
            ],
        )?;
        Ok(())
    }

    pub fn update_sync_run(&self, r: &SyncRun) -> Result<()> {
        self.exec(
            "UPDATE sync_runs SET status = ?2, branch = ?3, commits_scanned = ?4, files_changed = ?5,
                    signals_created = ?6, error_message = ?7, completed_at = ?8, detected_branch = ?9
             WHERE id = ?1",
            params![
                r.id,
                r.status,
                r.branch,
                r.commits_scanned,
                r.files_changed,
                r.signals_created,
                r.error_message,
                r.completed_at,
                r.detected_branch
            ],
        )?;
        Ok(())
    }

    /// A project's sync runs, newest first.
    pub fn sync_runs(&self, project_id: ProjectId, limit: usize) -> Result<Vec<SyncRun>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM sync_runs WHERE project_id = ?1 ORDER BY started_at DESC, id LIMIT ?2"
        ))?;
        let rows = stmt.query_map(params![project_id, limit as i64], from_row)?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// When the project's history was last scanned successfully, and the commit that scan reached.
    pub fn last_sync(&self, project_id: ProjectId) -> Result<(Option<Timestamp>, Option<String>)> {
        Ok(self
            .conn
            .query_row(
                "SELECT last_sync_at, last_sync_head FROM projects WHERE id = ?1",
                [project_id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?
            .unwrap_or((None, None)))
    }

    pub fn set_last_sync(&self, project_id: ProjectId, at: Timestamp, head: &str) -> Result<()> {
        self.exec(
            "UPDATE projects SET last_sync_at = ?2, last_sync_head = ?3 WHERE id = ?1",
            params![project_id, at, head],
        )?;
        Ok(())
    }

    /// Forgets the last sync, so the next one scans the first window again (benchmarks repeat a sync).
    #[cfg(feature = "testing")]
    pub fn forget_last_sync(&self, project_id: ProjectId) -> Result<()> {
        self.exec(
            "UPDATE projects SET last_sync_at = NULL, last_sync_head = NULL WHERE id = ?1",
            [project_id],
        )?;
        Ok(())
    }
}
