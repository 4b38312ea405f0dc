//! SQL for backlog items.

use rusqlite::{params, params_from_iter, OptionalExtension, Row};

use super::select::{Key, Select};
use super::sql::{string_list, string_list_text};
use super::Tx;
use crate::domain::{BacklogFilter, BacklogItem, BacklogItemId, BacklogSort, ProjectId};
use crate::{Error, Result};

const COLUMNS: &str = "id, project_id, requirement_id, planning_run_id, backlog_candidate_id, task_id, title, \
                       description, status, priority, source, rank, labels, acceptance_criteria, blocked_reason, \
                       created_at, updated_at";

/// The listing orders, each matching an index of migration V9 (`urgency` is a generated column).
const BY_RANK: [Key; 4] = [Key::asc("rank"), Key::asc("urgency"), Key::asc("created_at"), Key::asc("id")];
const BY_URGENCY: [Key; 4] = [Key::asc("urgency"), Key::asc("rank"), Key::asc("created_at"), Key::asc("id")];
const BY_UPDATE: [Key; 2] = [Key::desc("updated_at"), Key::asc("id")];
const BY_CREATION: [Key; 2] = [Key::desc("created_at"), Key::asc("id")];

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
        self.exec(
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
    /// One page of the backlog items `filter` selects, in its order.
    pub fn backlog_items(&self, filter: &BacklogFilter) -> Result<Vec<BacklogItem>> {
        let keys: &[Key] = match filter.sort {
            BacklogSort::Rank => &BY_RANK,
            BacklogSort::Priority => &BY_URGENCY,
            BacklogSort::Updated => &BY_UPDATE,
            BacklogSort::Created => &BY_CREATION,
        };
        let mut select = Select::from("backlog_items", COLUMNS);
        select.and("project_id = ?", [filter.project_id.to_string().into()]);
        match filter.status {
            Some(status) => select.and("status = ?", [status.to_string().into()]),
            None if !filter.include_archived => select.and("status <> 'archived'", []),
            None => &mut select,
        };
        select.and_some("priority = ?", filter.priority.map(|p| p.to_string()));
        let label = filter.label.as_deref().map(str::trim).filter(|l| !l.is_empty());
        select.and_some(
            "EXISTS (SELECT 1 FROM json_each(labels) WHERE lower(value) = lower(?))",
            label.map(str::to_owned),
        );
        select.containing(filter.text.as_deref());
        if let Some(after) = filter.page.after {
            if self.backlog_item(after)?.is_none() {
                return Err(Error::not_found("backlog item", after));
            }
            select.after(keys, after.to_string());
        }
        let (sql, params) = select.finish(keys, filter.page.limit);
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(params_from_iter(params), from_row)?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// The rank that puts a new item at the bottom of the project's backlog.
    pub fn next_backlog_rank(&self, project_id: ProjectId) -> Result<i64> {
        Ok(self.row(
            "SELECT coalesce(max(rank), 0) + 1 FROM backlog_items WHERE project_id = ?1",
            [project_id],
            |r| r.get(0),
        )?)
    }

    pub fn update_backlog_item(&self, b: &BacklogItem) -> Result<()> {
        self.exec(
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
