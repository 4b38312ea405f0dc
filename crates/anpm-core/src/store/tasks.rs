//! SQL for tasks.

use rusqlite::{params, OptionalExtension, Row};

use super::sql::{json_column_opt, json_text, like_contains};
use super::Tx;
use crate::domain::{TaskFilter, 
    normalize_title, ProjectId, Task, TaskId,
};
use crate::Result;

pub(super) const COLUMNS: &str = "id, project_id, title, description, status, priority, assignee, source, execution_role, \
                       agent_profile_id, dispatch_status, dispatch_queued_at, execution_result, created_at, \
                       updated_at, cancel_requested_at, review_status, followup";

const URGENCY: &str =
    "CASE priority WHEN 'urgent' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2 ELSE 3 END";

pub(super) fn from_row(row: &Row<'_>) -> rusqlite::Result<Task> {
    Ok(Task {
        id: row.get("id")?,
        project_id: row.get("project_id")?,
        title: row.get("title")?,
        description: row.get("description")?,
        status: row.get("status")?,
        priority: row.get("priority")?,
        assignee: row.get("assignee")?,
        source: row.get("source")?,
        execution_role: row.get("execution_role")?,
        agent_profile_id: row.get("agent_profile_id")?,
        dispatch_status: row.get("dispatch_status")?,
        dispatch_queued_at: row.get("dispatch_queued_at")?,
        cancel_requested_at: row.get("cancel_requested_at")?,
        review_status: row.get("review_status")?,
        followup: row.get("followup")?,
        execution_result: json_column_opt(row, "execution_result")?,
        created_at: row.get("created_at")?,
        updated_at: row.get("updated_at")?,
    })
}

impl Tx<'_> {
    pub fn insert_task(&self, t: &Task) -> Result<()> {
        self.conn.execute(
            &format!(
                "INSERT INTO tasks ({COLUMNS})
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)"
            ),
            params![
                t.id,
                t.project_id,
                t.title,
                t.description,
                t.status,
                t.priority,
                t.assignee,
                t.source,
                t.execution_role,
                t.agent_profile_id,
                t.dispatch_status,
                t.dispatch_queued_at,
                t.execution_result.as_ref().map(json_text),
                t.created_at,
                t.updated_at,
                t.cancel_requested_at,
                t.review_status,
                t.followup
            ],
        )?;
        Ok(())
    }

    pub fn task(&self, id: TaskId) -> Result<Option<Task>> {
        Ok(self
            .conn
            .query_row(&format!("SELECT {COLUMNS} FROM tasks WHERE id = ?1"), [id], from_row)
            .optional()?)
    }

    pub fn tasks(&self, filter: &TaskFilter) -> Result<Vec<Task>> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {COLUMNS} FROM tasks
             WHERE (?1 IS NULL OR project_id = ?1)
               AND (?2 IS NULL OR status = ?2)
               AND (?3 IS NULL OR priority = ?3)
               AND (?4 IS NULL OR assignee = ?4)
               AND (?5 IS NULL OR dispatch_status = ?5)
               AND (?6 IS NULL OR title LIKE ?6 ESCAPE '\\' OR description LIKE ?6 ESCAPE '\\')
             ORDER BY {URGENCY}, updated_at DESC, id"
        ))?;
        let assignee = filter.assignee.as_deref().map(str::trim).filter(|a| !a.is_empty());
        let text =
            filter.text.as_deref().map(str::trim).filter(|t| !t.is_empty()).map(like_contains);
        let rows = stmt
            .query_map(
                params![
                    filter.project_id,
                    filter.status,
                    filter.priority,
                    assignee,
                    filter.dispatch_status,
                    text
                ],
                from_row,
            )?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    pub fn update_task(&self, t: &Task) -> Result<()> {
        self.conn.execute(
            "UPDATE tasks SET title = ?2, description = ?3, status = ?4, priority = ?5, assignee = ?6,
                    execution_role = ?7, agent_profile_id = ?8, dispatch_status = ?9, dispatch_queued_at = ?10,
                    execution_result = ?11, updated_at = ?12, cancel_requested_at = ?13,
                    review_status = ?14, followup = ?15
             WHERE id = ?1",
            params![
                t.id,
                t.title,
                t.description,
                t.status,
                t.priority,
                t.assignee,
                t.execution_role,
                t.agent_profile_id,
                t.dispatch_status,
                t.dispatch_queued_at,
                t.execution_result.as_ref().map(json_text),
                t.updated_at,
                t.cancel_requested_at,
                t.review_status,
                t.followup
            ],
        )?;
        Ok(())
    }

    /// An open (todo or in progress) task of the project whose normalized title equals `title`'s.
    pub fn open_task_with_title(&self, project_id: ProjectId, title: &str) -> Result<Option<Task>> {
        let wanted = normalize_title(title);
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {COLUMNS} FROM tasks
             WHERE project_id = ?1 AND status IN ('todo', 'in_progress') AND lower(trim(title)) LIKE ?2
             ORDER BY created_at, id"
        ))?;
        // The LIKE narrows by first word in SQL; exact normalized equality is decided here.
        let first_word = wanted.split(' ').next().unwrap_or_default();
        let candidates = stmt
            .query_map(params![project_id, like_contains(first_word)], from_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(candidates.into_iter().find(|t| normalize_title(&t.title) == wanted))
    }
}
