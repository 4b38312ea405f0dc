//! SQL for task workspaces.

use rusqlite::{params, OptionalExtension, Row};

use super::sql::{string_list, string_list_text};
use super::Tx;
use crate::domain::{ProjectId, TaskId, TaskWorkspace};
use crate::Result;

const COLUMNS: &str = "task_id, project_id, path, branch, base, base_commit, head, setup_done, files_changed, \
                       additions, deletions, conflicts, created_at, updated_at, removed_at";

fn from_row(row: &Row<'_>) -> rusqlite::Result<TaskWorkspace> {
    Ok(TaskWorkspace {
        task_id: row.get("task_id")?,
        project_id: row.get("project_id")?,
        path: row.get("path")?,
        branch: row.get("branch")?,
        base: row.get("base")?,
        base_commit: row.get("base_commit")?,
        head: row.get("head")?,
        setup_done: row.get("setup_done")?,
        files_changed: row.get("files_changed")?,
        additions: row.get("additions")?,
        deletions: row.get("deletions")?,
        conflicts: string_list(row, "conflicts")?,
        created_at: row.get("created_at")?,
        updated_at: row.get("updated_at")?,
        removed_at: row.get("removed_at")?,
    })
}

impl Tx<'_> {
    /// Inserts or replaces the workspace row of its task (a task has one workspace at a time; a new one
    /// after a discard replaces the record of the old).
    pub fn put_workspace(&self, w: &TaskWorkspace) -> Result<()> {
        self.exec(
            &format!(
                "INSERT OR REPLACE INTO workspaces ({COLUMNS})
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)"
            ),
            params![
                w.task_id,
                w.project_id,
                w.path,
                w.branch,
                w.base,
                w.base_commit,
                w.head,
                w.setup_done,
                w.files_changed,
                w.additions,
                w.deletions,
                string_list_text(&w.conflicts),
                w.created_at,
                w.updated_at,
                w.removed_at
            ],
        )?;
        Ok(())
    }

    /// How many tasks wait for the operator's review decision (in review, or stopped on a conflict).
    pub fn awaiting_review(&self) -> Result<i64> {
        Ok(self.row(
            "SELECT count(*) FROM tasks WHERE review_status IN ('in_review', 'conflict')",
            [],
            |r| r.get(0),
        )?)
    }

    /// The tasks in review, most recently updated first, at most `limit`.
    pub fn latest_in_review(&self, limit: usize) -> Result<Vec<TaskId>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id FROM tasks WHERE review_status = 'in_review' ORDER BY updated_at DESC LIMIT ?1",
        )?;
        let ids = stmt.query_map([i64::try_from(limit).unwrap_or(i64::MAX)], |r| r.get(0))?;
        Ok(ids.collect::<rusqlite::Result<_>>()?)
    }

    pub fn workspace(&self, task: TaskId) -> Result<Option<TaskWorkspace>> {
        Ok(self
            .conn
            .query_row(&format!("SELECT {COLUMNS} FROM workspaces WHERE task_id = ?1"), [task], from_row)
            .optional()?)
    }

    /// The workspaces of a project (every project when `None`), live ones first, newest first.
    pub fn workspaces(&self, project: Option<ProjectId>, live_only: bool) -> Result<Vec<TaskWorkspace>> {
        let sql = format!(
            "SELECT {COLUMNS} FROM workspaces
             WHERE (?1 IS NULL OR project_id = ?1) AND (?2 = 0 OR removed_at IS NULL)
             ORDER BY removed_at IS NOT NULL, created_at DESC, task_id"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt
            .query_map(params![project, live_only], from_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }
}
