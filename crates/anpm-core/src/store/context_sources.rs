//! SQL that gathers what a project's planning context is built from: its open tasks, its recent
//! dispatch attempts and planning runs (documents, drift and sync runs have their own files).

use rusqlite::params;

use super::Tx;
use crate::domain::{DispatchAttempt, PlanningRun, PlanningRunId, ProjectId, Task};
use crate::Result;

impl Tx<'_> {
    /// Up to `limit` open (todo / in progress) tasks, most recently updated first.
    pub fn open_tasks(&self, project_id: ProjectId, limit: usize) -> Result<Vec<Task>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {} FROM tasks INDEXED BY tasks_open_by_recency
             WHERE project_id = ?1 AND status IN ('todo', 'in_progress')
             ORDER BY updated_at DESC, id LIMIT ?2",
            super::tasks::READ
        ))?;
        let rows = stmt.query_map(params![project_id, limit as i64], super::tasks::from_row)?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// Up to `limit` dispatch attempts on the project's tasks, newest first, each with its task's title.
    pub fn recent_attempts(
        &self,
        project_id: ProjectId,
        limit: usize,
    ) -> Result<Vec<(DispatchAttempt, String)>> {
        let rows: Vec<(crate::domain::DispatchAttemptId, String)> = {
            let mut stmt = self.conn.prepare_cached(
                // CROSS JOIN keeps attempts as the outer loop, read newest first from their index.
                "SELECT a.id, t.title FROM dispatch_attempts a INDEXED BY dispatch_attempts_by_start
                 CROSS JOIN tasks t ON t.id = a.task_id
                 WHERE t.project_id = ?1 ORDER BY a.started_at DESC, a.id LIMIT ?2",
            )?;
            let rows =
                stmt.query_map(params![project_id, limit as i64], |r| Ok((r.get(0)?, r.get(1)?)))?;
            rows.collect::<rusqlite::Result<Vec<_>>>()?
        };
        let mut attempts = Vec::with_capacity(rows.len());
        for (id, title) in rows {
            if let Some(attempt) = self.attempt(id)? {
                attempts.push((attempt, title));
            }
        }
        Ok(attempts)
    }

    /// Up to `limit` planning runs of the project that started, newest first, leaving `except` out (the
    /// run the context is being built for).
    pub fn recent_planning_runs(
        &self,
        project_id: ProjectId,
        except: Option<PlanningRunId>,
        limit: usize,
    ) -> Result<Vec<PlanningRun>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {} FROM planning_runs
             WHERE project_id = ?1 AND started_at IS NOT NULL AND (?2 IS NULL OR id <> ?2)
             ORDER BY started_at DESC, id LIMIT ?3",
            super::planning::RUN_COLUMNS
        ))?;
        let rows = stmt.query_map(params![project_id, except, limit as i64], super::planning::run_from_row)?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }
}
