//! SQL of the dispatch queue: claiming the next queued task, exactly once across processes.

use rusqlite::{params, OptionalExtension};

use super::Tx;
use crate::domain::{TaskId, Timestamp};
use crate::Result;

impl Tx<'_> {
    /// Moves the oldest queued task to `running` and returns its id. Runs inside the caller's IMMEDIATE
    /// transaction, so two processes can never claim the same task.
    pub fn claim_next_task(&self, now: Timestamp) -> Result<Option<TaskId>> {
        let id: Option<TaskId> = self
            .conn
            .query_row(
                "SELECT id FROM tasks WHERE dispatch_status = 'queued' ORDER BY dispatch_queued_at, id LIMIT 1",
                [],
                |r| r.get(0),
            )
            .optional()?;
        if let Some(id) = id {
            self.conn.execute(
                "UPDATE tasks SET dispatch_status = 'running', cancel_requested_at = NULL, updated_at = ?2
                 WHERE id = ?1 AND dispatch_status = 'queued'",
                params![id, now],
            )?;
        }
        Ok(id)
    }

    /// How many tasks are queued and running.
    pub fn dispatch_counts(&self) -> Result<(i64, i64)> {
        Ok(self.conn.query_row(
            "SELECT coalesce(sum(dispatch_status = 'queued'), 0), coalesce(sum(dispatch_status = 'running'), 0) FROM tasks",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?)
    }
}
