//! SQL for backlog items.

use rusqlite::{params, OptionalExtension, Row};

use super::sql::{like_contains, string_list, string_list_text};
use super::Tx;
use crate::domain::{BacklogFilter, 
    BacklogItem, BacklogItemId, BacklogSort, ProjectId,
};
use crate::Result;

const COLUMNS: &str = "id, project_id, requirement_id, planning_run_id, backlog_candidate_id, task_id, title, \
                       description, status, priority, source, rank, labels, acceptance_criteria, blocked_reason, \
                       created_at, updated_at";

/// Sorts priorities by urgency rather than alphabetically.
const URGENCY: &str =
    "CASE priority WHEN 'urgent' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2 ELSE 3 END";

fn from_row(row: &Row<'_>) -> rusqlite::Result<BacklogItem> {
    Ok(BacklogItem {
        id: row.get("id")?,
        project_id: row.get("project_id")?,
        requirement_id: row.get("requirement_id")?,
        planning_run_id: row.get("planning_run_id")?,
        backlog_candidate_id: row.get("backlog_candidate_id")?,
        task_id: row.get("task_id")?,
        title: row.get("title")?,
        description: row.get("description")?,
        status: row.get("status")?,
        priority: row.get("priority")?,
        source: row.get("source")?,
        rank: row.get("rank")?,
        labels: string_list(row, "labels")?,
        acceptance_criteria: row.get("acceptance_criteria")?,
        blocked_reason: row.get("blocked_reason")?,
        created_at: row.get("created_at")?,
        updated_at: row.get("updated_at")?,
    })
}


impl Tx<'_> {
    pub fn insert_backlog_item(&self, b: &BacklogItem) -> Result<()> {
        self.conn.execute(
            &format!(
                "INSERT INTO backlog_items ({COLUMNS})
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)"
            ),
            params![
                b.id,
                b.project_id,
                b.requirement_id,
                b.planning_run_id,
                b.backlog_candidate_id,
                b.task_id,
                b.title,
                b.description,
                b.status,
                b.priority,
                b.source,
                b.rank,
                string_list_text(&b.labels),
                b.acceptance_criteria,
                b.blocked_reason,
                b.created_at,
                b.updated_at
            ],
        )?;
        Ok(())
    }

    pub fn backlog_item(&self, id: BacklogItemId) -> Result<Option<BacklogItem>> {
        Ok(self
            .conn
            .query_row(
                &format!("SELECT {COLUMNS} FROM backlog_items WHERE id = ?1"),
                [id],
                from_row,
            )
            .optional()?)
    }

    /// Items matching `filter`, in the requested order (ties broken by creation, then id).
    pub fn backlog_items(&self, filter: &BacklogFilter) -> Result<Vec<BacklogItem>> {
        let order = match filter.sort {
            BacklogSort::Rank => format!("rank ASC, {URGENCY}, created_at ASC"),
            BacklogSort::Priority => format!("{URGENCY}, rank ASC, created_at ASC"),
            BacklogSort::Updated => "updated_at DESC".to_owned(),
            BacklogSort::Created => "created_at DESC".to_owned(),
        };
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {COLUMNS} FROM backlog_items
             WHERE project_id = ?1
               AND (?2 IS NULL OR status = ?2)
               AND (?2 IS NOT NULL OR ?3 OR status <> 'archived')
               AND (?4 IS NULL OR priority = ?4)
               AND (?5 IS NULL OR EXISTS (SELECT 1 FROM json_each(labels) WHERE lower(value) = lower(?5)))
               AND (?6 IS NULL OR title LIKE ?6 ESCAPE '\\' OR description LIKE ?6 ESCAPE '\\')
             ORDER BY {order}, id"
        ))?;
        let text =
            filter.text.as_deref().map(str::trim).filter(|t| !t.is_empty()).map(like_contains);
        let label = filter.label.as_deref().map(str::trim).filter(|l| !l.is_empty());
        let rows = stmt
            .query_map(
                params![
                    filter.project_id,
                    filter.status,
                    filter.include_archived,
                    filter.priority,
                    label,
                    text
                ],
                from_row,
            )?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// The rank that puts a new item at the bottom of the project's backlog.
    pub fn next_backlog_rank(&self, project_id: ProjectId) -> Result<i64> {
        Ok(self.conn.query_row(
            "SELECT coalesce(max(rank), 0) + 1 FROM backlog_items WHERE project_id = ?1",
            [project_id],
            |r| r.get(0),
        )?)
    }

    pub fn update_backlog_item(&self, b: &BacklogItem) -> Result<()> {
        self.conn.execute(
            "UPDATE backlog_items SET task_id = ?2, title = ?3, description = ?4, status = ?5, priority = ?6,
                    rank = ?7, labels = ?8, acceptance_criteria = ?9, blocked_reason = ?10, updated_at = ?11
             WHERE id = ?1",
            params![
                b.id,
                b.task_id,
                b.title,
                b.description,
                b.status,
                b.priority,
                b.rank,
                string_list_text(&b.labels),
                b.acceptance_criteria,
                b.blocked_reason,
                b.updated_at
            ],
        )?;
        Ok(())
    }
}
