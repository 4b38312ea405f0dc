//! The boundary around one task's run: whatever goes wrong inside the executor (an error it returns, a
//! panic) ends the task's attempt as failed `internal_error`, its agent's process group stopped and the
//! cause logged, so no task stays `running` and the loop's slot is released.

use super::executor::{execute, failure_json, idle, ExecContext};
use super::failure::ErrorKind;
use super::pty::CancelToken;
use crate::domain::*;
use crate::Result;

/// Executes the claimed task `task_id` on this thread with nothing left behind whatever happens: an error
/// or a panic inside ends its attempt as failed `internal_error` (its agent's process group stopped, the
/// cause logged), so no task stays `running` and the caller's slot is released.
pub fn execute_guarded(ctx: &ExecContext, task_id: TaskId, cancel: &CancelToken) {
    guarded(ctx, task_id, || execute(ctx, task_id, cancel));
}

/// Runs `work` for `task_id`, turning its error or panic into a failed attempt.
pub fn guarded(ctx: &ExecContext, task_id: TaskId, work: impl FnOnce() -> Result<Task>) {
    let why = match std::panic::catch_unwind(std::panic::AssertUnwindSafe(work)) {
        Ok(Ok(_)) => return,
        Ok(Err(e)) => e.to_string(),
        Err(panic) => panic
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "a panic".into()),
    };
    tracing::error!(%task_id, why, "running a task failed inside anpm");
    if let Err(e) = fail_internal(ctx, task_id, &why) {
        tracing::error!(%task_id, error = %e, "recording the internal failure failed");
    }
}

/// Ends a task left `running` by a failure inside anpm: its running attempt stopped and closed, the task
/// failed with `internal_error`.
fn fail_internal(ctx: &ExecContext, task_id: TaskId, why: &str) -> Result<()> {
    let attempts: Vec<DispatchAttempt> = ctx
        .store
        .read(|tx| tx.running_attempts())?
        .into_iter()
        .filter(|a| a.task_id == task_id)
        .collect();
    super::leftovers::stop(&attempts, ctx.grace);
    let kind = ErrorKind::InternalError;
    let message = format!("anpm failed while running this task: {why}");
    let now = Timestamp::now();
    let task = ctx.store.write(|tx| {
        for attempt in &attempts {
            tx.update_attempt(&attempt.ended_by(AttemptOutcome::Failed, kind, &message, now))?;
        }
        let Some(task) = tx.task(task_id)? else { return Ok(None) };
        if task.dispatch_status != DispatchStatus::Running {
            return Ok(None);
        }
        let failed = Task {
            dispatch_status: task.dispatch_status.transition(DispatchStatus::Failed)?,
            execution_result: Some(failure_json(kind, &message)),
            cancel_requested_at: None,
            updated_at: now,
            ..task
        }.settled();
        tx.update_task(&failed)?;
        Ok(Some(failed))
    })?;
    if let Some(task) = task {
        ctx.bus.publish(idle(&RunnerId::task(task_id), &task, format!("failed: {}", kind.as_str())));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Config, Core};

    /// Issue 10, point 7: a panic in a task thread ends that attempt as failed `internal_error`, with the
    /// task out of `running` (so its slot is free), instead of a task stuck forever.
    #[test]
    fn a_panic_inside_a_task_run_fails_the_attempt_as_internal_error() {
        let data = anpm_testkit::DataDir::new();
        let repo = anpm_testkit::GitRepo::new();
        let core = Core::open(Config::at(data.path())).expect("core");
        let project = core.projects().add(repo.path(), None, None).expect("project");
        let item = RawBacklogItem {
            title: "Panics".into(),
            fields: RawBacklogFields { status: Some("ready".into()), ..Default::default() },
            ..Default::default()
        };
        let item = core.backlog().add(project.id, item.parse().expect("valid")).expect("item");
        core.backlog().commit(item.id, Some("test-writer"), None).expect("commit");
        let ctx = core.exec_context();
        let id = ctx.store.write(|tx| tx.claim_next_task(Timestamp::now())).expect("claim").expect("a task");
        let attempt = DispatchAttempt {
            agent_name: "none".into(),
            ..DispatchAttempt::starting(id, 1, "test-writer", Timestamp::now())
        };
        ctx.store.write(|tx| tx.insert_attempt(&attempt)).expect("attempt");

        guarded(&ctx, id, || panic!("overflow when adding duration to instant"));

        let task = ctx.store.read(|tx| tx.task(id)).expect("read").expect("task");
        assert_eq!(task.dispatch_status, DispatchStatus::Failed);
        assert_eq!(task.execution_result.as_ref().expect("result")["error_kind"], "internal_error");
        let attempts = ctx.store.read(|tx| tx.attempts_of(id)).expect("attempts");
        assert_eq!(attempts[0].outcome, AttemptOutcome::Failed);
        assert_eq!(attempts[0].error_kind, Some(ErrorKind::InternalError));
        assert!(attempts[0].error_message.contains("overflow when adding duration"));
        // No attempt is left running.
        assert_eq!(ctx.store.read(|tx| tx.running_attempts()).expect("read").len(), 0);
    }
}
