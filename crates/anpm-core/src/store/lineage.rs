//! SQL for task lineage.

use rusqlite::{params, Row};

use super::Tx;
use crate::domain::{BacklogItemId, TaskId, TaskLineage};
use crate::Result;

const COLUMNS: &str =
    "id, project_id, task_id, requirement_id, planning_run_id, backlog_candidate_id, \
                       backlog_item_id, lineage_kind, created_at";

fn from_row(row: &Row<'_>) -> rusqlite::Result<TaskLineage> {
    Ok(TaskLineage {
        id: row.get("id")?,
        project_id: row.get("project_id")?,
        task_id: row.get("task_id")?,
        requirement_id: row.get("requirement_id")?,
        planning_run_id: row.get("planning_run_id")?,
        backlog_candidate_id: row.get("backlog_candidate_id")?,
        backlog_item_id: row.get("backlog_item_id")?,
        lineage_kind: row.get("lineage_kind")?,
        created_at: row.get("created_at")?,
    })
}

impl Tx<'_> {
    pub fn insert_lineage(&self, l: &TaskLineage) -> Result<()> {
        self.exec(
            &format!(
                "INSERT INTO task_lineage ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"
            ),
            params![
                l.id,
                l.project_id,
                l.task_id,
                l.requirement_id,
                l.planning_run_id,
                l.backlog_candidate_id,
                l.backlog_item_id,
                l.lineage_kind,
                l.created_at
            ],
        )?;
        Ok(())
    }

    /// Where a task came from, oldest row first.
    pub fn lineage_of_task(&self, task_id: TaskId) -> Result<Vec<TaskLineage>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM task_lineage WHERE task_id = ?1 ORDER BY created_at, id"
        ))?;
        let rows = stmt.query_map([task_id], from_row)?.collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// Lineage rows written for a backlog item.
    pub fn lineage_of_backlog_item(&self, item_id: BacklogItemId) -> Result<Vec<TaskLineage>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM task_lineage WHERE backlog_item_id = ?1 ORDER BY created_at, id"
        ))?;
        let rows = stmt.query_map([item_id], from_row)?.collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }
}

impl Tx<'_> {
    /// Lineage rows written when a candidate was applied, oldest first.
    pub(super) fn lineage_where_candidate(
        &self,
        id: crate::domain::BacklogCandidateId,
    ) -> Result<Vec<TaskLineage>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM task_lineage
             WHERE backlog_candidate_id = ?1 AND lineage_kind = 'applied_candidate' ORDER BY created_at, id"
        ))?;
        let rows = stmt.query_map([id], from_row)?.collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }
}
