//! SQL of dependencies: between tasks (what the dispatch loop waits for), and between candidates (what a
//! planner said about their order) and backlog items (what the operator said), both turned into task
//! dependencies when they become tasks.

use rusqlite::params;

use super::Tx;
use crate::domain::{
    BacklogCandidateId, BacklogItemId, DependencyState, ProjectId, Stage, TaskDependency, TaskId,
    Timestamp,
};
use crate::Result;

/// A queued task `t` (joined with its project `p`) whose dependencies let it start: each is done, or in
/// review when the project stacks on review — and then at most one of them, since a branch can be cut
/// from one head only. The claims use it, so a waiting task is never picked up.
pub(super) const READY: &str = "NOT EXISTS (
        SELECT 1 FROM task_dependencies d JOIN tasks u ON u.id = d.depends_on
        WHERE d.task_id = t.id AND NOT (u.stage = 'done' OR (p.stack_on_review = 1 AND u.stage = 'in_review')))
    AND (p.stack_on_review = 0 OR (
        SELECT count(*) FROM task_dependencies d JOIN tasks u ON u.id = d.depends_on
        WHERE d.task_id = t.id AND u.stage = 'in_review') <= 1)";

impl Tx<'_> {
    /// Stores `dep`; false when the edge already existed.
    pub fn insert_task_dependency(&self, dep: &TaskDependency) -> Result<bool> {
        let inserted = self.exec(
            "INSERT OR IGNORE INTO task_dependencies (task_id, depends_on, created_at) VALUES (?1, ?2, ?3)",
            params![dep.task_id, dep.depends_on, dep.created_at],
        )?;
        Ok(inserted == 1)
    }

    /// Removes the edge; false when there was none.
    pub fn delete_task_dependency(&self, task: TaskId, depends_on: TaskId) -> Result<bool> {
        let deleted = self.exec(
            "DELETE FROM task_dependencies WHERE task_id = ?1 AND depends_on = ?2",
            params![task, depends_on],
        )?;
        Ok(deleted == 1)
    }

    /// Every dependency edge among a project's tasks, as `(task, depends_on)`.
    pub fn task_dependency_edges(&self, project: ProjectId) -> Result<Vec<(TaskId, TaskId)>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT d.task_id, d.depends_on FROM task_dependencies d JOIN tasks t ON t.id = d.task_id
             WHERE t.project_id = ?1 ORDER BY d.created_at, d.task_id, d.depends_on",
        )?;
        let rows = stmt.query_map([project], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The tasks `task` depends on, with where each stands and whether it lets `task` start.
    pub fn dependencies_of(&self, task: TaskId) -> Result<Vec<DependencyState>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT u.id, u.title, u.stage, p.stack_on_review
             FROM task_dependencies d JOIN tasks u ON u.id = d.depends_on
                  JOIN tasks t ON t.id = d.task_id JOIN projects p ON p.id = t.project_id
             WHERE d.task_id = ?1 ORDER BY d.created_at, u.id",
        )?;
        let rows = stmt.query_map([task], |r| {
            let stage: Stage = r.get(2)?;
            let stack: bool = r.get(3)?;
            Ok(DependencyState {
                task_id: r.get(0)?,
                title: r.get(1)?,
                stage,
                met: crate::domain::is_met(stage, stack),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// A project's queued tasks that have any dependency.
    pub fn queued_tasks_with_dependencies(&self, project: ProjectId) -> Result<Vec<TaskId>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT t.id FROM tasks t WHERE t.project_id = ?1 AND t.dispatch_status = 'queued'
               AND EXISTS (SELECT 1 FROM task_dependencies d WHERE d.task_id = t.id)
             ORDER BY t.dispatch_queued_at, t.id",
        )?;
        let rows = stmt.query_map([project], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The tasks that depend on `task`.
    pub fn dependents_of(&self, task: TaskId) -> Result<Vec<TaskId>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT task_id FROM task_dependencies WHERE depends_on = ?1 ORDER BY created_at, task_id",
        )?;
        let rows = stmt.query_map([task], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Records that candidate `candidate` comes after `depends_on` (a planner's order).
    pub fn insert_candidate_dependency(
        &self,
        candidate: BacklogCandidateId,
        depends_on: BacklogCandidateId,
    ) -> Result<()> {
        self.exec(
            "INSERT OR IGNORE INTO candidate_dependencies (candidate_id, depends_on) VALUES (?1, ?2)",
            params![candidate, depends_on],
        )?;
        Ok(())
    }

    /// The candidates `candidate` comes after.
    pub fn candidate_dependencies_of(
        &self,
        candidate: BacklogCandidateId,
    ) -> Result<Vec<BacklogCandidateId>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT depends_on FROM candidate_dependencies WHERE candidate_id = ?1 ORDER BY depends_on",
        )?;
        let rows = stmt.query_map([candidate], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The candidates that come after `candidate`.
    pub fn candidate_dependents_of(
        &self,
        candidate: BacklogCandidateId,
    ) -> Result<Vec<BacklogCandidateId>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT candidate_id FROM candidate_dependencies WHERE depends_on = ?1 ORDER BY candidate_id",
        )?;
        let rows = stmt.query_map([candidate], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Records that backlog item `item` comes after `depends_on`; false when it already did.
    pub fn insert_item_dependency(
        &self,
        item: BacklogItemId,
        depends_on: BacklogItemId,
        at: Timestamp,
    ) -> Result<bool> {
        let inserted = self.exec(
            "INSERT OR IGNORE INTO backlog_item_dependencies (item_id, depends_on, created_at)
             VALUES (?1, ?2, ?3)",
            params![item, depends_on, at],
        )?;
        Ok(inserted == 1)
    }

    /// Removes the edge; false when there was none.
    pub fn delete_item_dependency(&self, item: BacklogItemId, depends_on: BacklogItemId) -> Result<bool> {
        let deleted = self.exec(
            "DELETE FROM backlog_item_dependencies WHERE item_id = ?1 AND depends_on = ?2",
            params![item, depends_on],
        )?;
        Ok(deleted == 1)
    }

    /// Every edge among a project's backlog items, as `(item, depends_on)`.
    pub fn item_dependency_edges(
        &self,
        project: ProjectId,
    ) -> Result<Vec<(BacklogItemId, BacklogItemId)>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT d.item_id, d.depends_on FROM backlog_item_dependencies d
               JOIN backlog_items i ON i.id = d.item_id
             WHERE i.project_id = ?1 ORDER BY d.created_at, d.item_id, d.depends_on",
        )?;
        let rows = stmt.query_map([project], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The items `item` comes after, oldest edge first.
    pub fn item_dependencies_of(&self, item: BacklogItemId) -> Result<Vec<BacklogItemId>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT depends_on FROM backlog_item_dependencies WHERE item_id = ?1
             ORDER BY created_at, depends_on",
        )?;
        let rows = stmt.query_map([item], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The items that come after `item`.
    pub fn item_dependents_of(&self, item: BacklogItemId) -> Result<Vec<BacklogItemId>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT item_id FROM backlog_item_dependencies WHERE depends_on = ?1
             ORDER BY created_at, item_id",
        )?;
        let rows = stmt.query_map([item], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
