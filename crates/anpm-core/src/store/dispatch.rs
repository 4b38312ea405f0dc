//! SQL of the dispatch queue: claiming the next queued task whose dependencies let it start, exactly once
//! across processes.

use rusqlite::{params, OptionalExtension};

use super::dependencies::READY;

/// A queued task `t` whose usage-limit wait is over, and whose own agent profile is not held (`?1` is now).
/// Tasks on the default resolution meet their profile's hold when the executor resolves it.
const RESTED: &str = "(t.retry_at IS NULL OR t.retry_at <= ?1)
    AND NOT EXISTS (SELECT 1 FROM agent_holds h WHERE h.agent_profile_id = t.agent_profile_id AND h.held_until > ?1)";
use super::Tx;
use crate::domain::{AgentHold, AgentProfileId, TaskId, Timestamp};
use crate::Result;

impl Tx<'_> {
    /// Moves the oldest queued task whose dependencies let it start to `running` and returns its id. Runs
    /// inside the caller's IMMEDIATE transaction, so two processes can never claim the same task.
    pub fn claim_next_task(&self, now: Timestamp) -> Result<Option<TaskId>> {
        let id: Option<TaskId> = self
            .row(
                &format!(
                    "SELECT t.id FROM tasks t JOIN projects p ON p.id = t.project_id
                     WHERE t.dispatch_status = 'queued' AND {READY} AND {RESTED}
                     ORDER BY t.dispatch_queued_at, t.id LIMIT 1"
                ),
                [now],
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
            "UPDATE tasks SET dispatch_status = 'running', cancel_requested_at = NULL, run_now_at = NULL, retry_at = NULL,
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

    /// Puts a task claimed while its agent profile was held back in the queue, to start no earlier than
    /// `retry_at` (no attempt was made).
    pub fn unclaim_task(&self, id: TaskId, retry_at: Timestamp) -> Result<()> {
        self.exec(
            "UPDATE tasks SET dispatch_status = 'queued', retry_at = ?2 WHERE id = ?1 AND dispatch_status = 'running'",
            params![id, retry_at],
        )?;
        Ok(())
    }

    /// Holds an agent profile until `until` after a usage limit (`strikes`: limit hits in a row).
    pub fn hold_agent(&self, hold: &AgentHold) -> Result<()> {
        self.exec(
            "INSERT INTO agent_holds (agent_profile_id, held_until, strikes, reason) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (agent_profile_id) DO UPDATE SET held_until = ?2, strikes = ?3, reason = ?4",
            params![hold.agent_profile_id, hold.held_until, hold.strikes, hold.reason],
        )?;
        Ok(())
    }

    /// The profile's hold, past or present; `None` when it never hit a limit or finished work since.
    pub fn agent_hold(&self, profile: AgentProfileId) -> Result<Option<AgentHold>> {
        Ok(self
            .row(
                "SELECT agent_profile_id, held_until, strikes, reason FROM agent_holds WHERE agent_profile_id = ?1",
                [profile],
                |r| {
                    Ok(AgentHold {
                        agent_profile_id: r.get(0)?,
                        held_until: r.get(1)?,
                        strikes: r.get(2)?,
                        reason: r.get(3)?,
                    })
                },
            )
            .optional()?)
    }

    /// Forgets a profile's hold (it finished an attempt: the limit is behind it).
    pub fn clear_agent_hold(&self, profile: AgentProfileId) -> Result<()> {
        self.exec("DELETE FROM agent_holds WHERE agent_profile_id = ?1", [profile])?;
        Ok(())
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
