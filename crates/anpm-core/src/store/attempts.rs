//! SQL for dispatch attempts.

use rusqlite::{params, OptionalExtension, Row};

use super::Tx;
use crate::domain::{DispatchAttempt, DispatchAttemptId, TaskId};
use crate::Result;

const COLUMNS: &str = "id, task_id, attempt_no, agent_profile_id, agent_name, role, started_at, ended_at, pid, pgid, \
                       exit_code, signal, outcome, error_kind, error_message, output_bytes, truncated, cost_usd, \
                       input_tokens, output_tokens, session_id, log_path, process_start_ticks, files_applied";

fn from_row(row: &Row<'_>) -> rusqlite::Result<DispatchAttempt> {
    Ok(DispatchAttempt {
        id: row.get("id")?,
        task_id: row.get("task_id")?,
        attempt_no: row.get("attempt_no")?,
        agent_profile_id: row.get("agent_profile_id")?,
        agent_name: row.get("agent_name")?,
        role: row.get("role")?,
        started_at: row.get("started_at")?,
        ended_at: row.get("ended_at")?,
        pid: row.get("pid")?,
        pgid: row.get("pgid")?,
        exit_code: row.get("exit_code")?,
        signal: row.get("signal")?,
        outcome: row.get("outcome")?,
        error_kind: row.get("error_kind")?,
        error_message: row.get("error_message")?,
        output_bytes: row.get("output_bytes")?,
        truncated: row.get("truncated")?,
        cost_usd: row.get("cost_usd")?,
        input_tokens: row.get("input_tokens")?,
        output_tokens: row.get("output_tokens")?,
        session_id: row.get("session_id")?,
        log_path: row.get("log_path")?,
        process_start_ticks: row.get("process_start_ticks")?,
        files_applied: row.get("files_applied")?,
    })
}

impl Tx<'_> {
    pub fn insert_attempt(&self, a: &DispatchAttempt) -> Result<()> {
        self.exec(
            &format!(
                "INSERT INTO dispatch_attempts ({COLUMNS})
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19,
                         ?20, ?21, ?22, ?23, ?24)"
            ),
            params![
                a.id,
                a.task_id,
                a.attempt_no,
                a.agent_profile_id,
                a.agent_name,
                a.role,
                a.started_at,
                a.ended_at,
                a.pid,
                a.pgid,
                a.exit_code,
                a.signal,
                a.outcome,
                a.error_kind,
                a.error_message,
                a.output_bytes,
                a.truncated,
                a.cost_usd,
                a.input_tokens,
                a.output_tokens,
                a.session_id,
                a.log_path,
                a.process_start_ticks,
                a.files_applied
            ],
        )?;
        Ok(())
    }

    pub fn attempt(&self, id: DispatchAttemptId) -> Result<Option<DispatchAttempt>> {
        Ok(self
            .conn
            .query_row(
                &format!("SELECT {COLUMNS} FROM dispatch_attempts WHERE id = ?1"),
                [id],
                from_row,
            )
            .optional()?)
    }

    /// Every attempt of a task, first attempt first.
    pub fn attempts_of(&self, task_id: TaskId) -> Result<Vec<DispatchAttempt>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM dispatch_attempts WHERE task_id = ?1 ORDER BY attempt_no"
        ))?;
        let rows = stmt.query_map([task_id], from_row)?.collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// A page of a task's attempts, first attempt first, after attempt number `page.after`; it reads along
    /// the UNIQUE (task_id, attempt_no) index.
    pub fn attempts_page(&self, task_id: TaskId, page: &crate::domain::Page<i64>) -> Result<Vec<DispatchAttempt>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM dispatch_attempts WHERE task_id = ?1 AND attempt_no > ?2
             ORDER BY attempt_no LIMIT ?3"
        ))?;
        let limit = page.limit.map_or(-1, i64::from);
        let rows = stmt
            .query_map(params![task_id, page.after.unwrap_or(0), limit], from_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// Records how an attempt ended (or what its process is).
    pub fn update_attempt(&self, a: &DispatchAttempt) -> Result<()> {
        self.exec(
            "UPDATE dispatch_attempts SET ended_at = ?2, pid = ?3, pgid = ?4, exit_code = ?5, signal = ?6,
                    outcome = ?7, error_kind = ?8, error_message = ?9, output_bytes = ?10, truncated = ?11,
                    cost_usd = ?12, input_tokens = ?13, output_tokens = ?14, session_id = ?15, log_path = ?16,
                    process_start_ticks = ?17, files_applied = ?18
             WHERE id = ?1",
            params![
                a.id,
                a.ended_at,
                a.pid,
                a.pgid,
                a.exit_code,
                a.signal,
                a.outcome,
                a.error_kind,
                a.error_message,
                a.output_bytes,
                a.truncated,
                a.cost_usd,
                a.input_tokens,
                a.output_tokens,
                a.session_id,
                a.log_path,
                a.process_start_ticks,
                a.files_applied
            ],
        )?;
        Ok(())
    }

    /// Attempts still marked running (their process may have died).
    pub fn running_attempts(&self) -> Result<Vec<DispatchAttempt>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM dispatch_attempts WHERE outcome = 'running'"
        ))?;
        let rows = stmt.query_map([], from_row)?.collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// The next attempt number of a task.
    pub fn next_attempt_no(&self, task_id: TaskId) -> Result<i64> {
        Ok(self.row(
            "SELECT coalesce(max(attempt_no), 0) + 1 FROM dispatch_attempts WHERE task_id = ?1",
            [task_id],
            |r| r.get(0),
        )?)
    }
}

#[cfg(test)]
mod tests {
    use crate::domain::{DispatchAttempt, NewTask, Page, Timestamp};
    use crate::ErrorCode;

    #[test]
    fn attempt_pages_continue_after_an_attempt_number() {
        let (_dir, core, project) = crate::store::core_with_project();
        let task = core
            .tasks()
            .add(project, NewTask::new("Retry me", None, None, None, None).expect("task"))
            .expect("add");
        core.store()
            .write(|tx| {
                for n in 1..=5 {
                    tx.insert_attempt(&DispatchAttempt::starting(task.id, n, "test-writer", Timestamp::now()))?;
                }
                Ok(())
            })
            .expect("attempts");
        let numbers = |page: Page<i64>| -> Vec<i64> {
            core.tasks().attempts_page(task.id, &page).expect("page").iter().map(|a| a.attempt_no).collect()
        };
        assert_eq!(numbers(Page::first(2)), [1, 2]);
        assert_eq!(numbers(Page { limit: Some(2), after: Some(2) }), [3, 4]);
        assert_eq!(numbers(Page { limit: Some(2), after: Some(4) }), [5]);
        assert_eq!(numbers(Page::default()), [1, 2, 3, 4, 5]);
        let missing = core.tasks().attempts_page(task.id, &Page { limit: Some(2), after: Some(9) });
        assert_eq!(missing.expect_err("no attempt 9").code(), ErrorCode::NotFound);
    }
}
