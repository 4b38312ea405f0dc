//! SQL of the dispatch queue: claiming the next queued task whose dependencies let it start, exactly once
//! across processes.

use rusqlite::{params, OptionalExtension};

use super::dependencies::READY;
use super::Tx;
use crate::domain::{TaskId, Timestamp};
use crate::Result;

impl Tx<'_> {
    /// Moves the oldest queued task whose dependencies let it start to `running` and returns its id. Runs
    /// inside the caller's IMMEDIATE transaction, so two processes can never claim the same task.
    pub fn claim_next_task(&self, now: Timestamp) -> Result<Option<TaskId>> {
        let id: Option<TaskId> = self
            .row(
                &format!(
                    "SELECT t.id FROM tasks t JOIN projects p ON p.id = t.project_id
                     WHERE t.dispatch_status = 'queued' AND {READY}
                     ORDER BY t.dispatch_queued_at, t.id LIMIT 1"
                ),
                [],
                |r| r.get(0),
            )
            .optional()?;
        if let Some(id) = id {
            self.claim_task(id, now)?;
        }
        Ok(id)
    }

    /// Moves `id` to `running` when it is still queued; false when it is not (claimed or dequeued). The
    /// operator status follows as [`Task::settled`](crate::domain::Task::settled) would move it.
    pub fn claim_task(&self, id: TaskId, now: Timestamp) -> Result<bool> {
        let claimed = self.exec(
            "UPDATE tasks SET dispatch_status = 'running', cancel_requested_at = NULL, run_now_at = NULL,
                    status = CASE status WHEN 'todo' THEN 'in_progress' ELSE status END, updated_at = ?2
             WHERE id = ?1 AND dispatch_status = 'queued'",
            params![id, now],
        )?;
        Ok(claimed == 1)
    }

    /// Marks a queued task to start at once, paused or not; false when it is not queued.
    pub fn mark_run_now(&self, id: TaskId, now: Timestamp) -> Result<bool> {
        let marked = self.exec(
            "UPDATE tasks SET run_now_at = ?2 WHERE id = ?1 AND dispatch_status = 'queued'",
            params![id, now],
        )?;
        Ok(marked == 1)
    }

    /// Claims the queued task marked to run now longest ago, if any; "now" still waits for dependencies.
    pub fn claim_run_now(&self, now: Timestamp) -> Result<Option<TaskId>> {
        let id: Option<TaskId> = self
            .row(
                &format!(
                    "SELECT t.id FROM tasks t JOIN projects p ON p.id = t.project_id
                     WHERE t.dispatch_status = 'queued' AND t.run_now_at IS NOT NULL AND {READY}
                     ORDER BY t.run_now_at, t.id LIMIT 1"
                ),
                [],
                |r| r.get(0),
            )
            .optional()?;
        match id {
            Some(id) if self.claim_task(id, now)? => Ok(Some(id)),
            _ => Ok(None),
        }
    }

    /// How many tasks are queued and running.
    pub fn dispatch_counts(&self) -> Result<(i64, i64)> {
        Ok(self.row(
            "SELECT coalesce(sum(dispatch_status = 'queued'), 0), coalesce(sum(dispatch_status = 'running'), 0) FROM tasks",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?)
    }
}
