//! What may still keep a claimed task from starting, checked just before its agent is spawned (the claim
//! query cannot see it: a task on the default profile meets its profile only here): the profile waiting out
//! a usage limit, the project's spent daily budget — both put the task back in the queue until then — and
//! the task's own spent budget, which fails it without running.

use super::budget::{self, Spent};
use super::executor::{failure_json, idle, ExecContext};
use super::failure::ErrorKind;
use super::{reset, usage_limit};
use crate::domain::*;
use crate::Result;

/// The gate's answer for one claimed task.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Gate {
    Open,
    /// Back to the queue until `until`; `step` says why.
    Wait { until: Timestamp, step: String },
    /// Fail it `budget_exceeded` without running.
    Refuse { message: String },
}

/// Checks `task`, about to run on `profile` (when one resolved), at `now`.
pub(super) fn check(ctx: &ExecContext, task: &Task, profile: Option<&AgentProfile>, now: Timestamp) -> Result<Gate> {
    if let Some(p) = profile {
        if let Some(hold) = ctx.store.read(|tx| usage_limit::active_hold(tx, p.id, now))? {
            let step = format!("waiting: {} is at its usage limit until {}", p.name, hold.held_until);
            return Ok(Gate::Wait { until: hold.held_until, step });
        }
    }
    Ok(match ctx.store.read(|tx| budget::before_start(tx, task, now, reset::local_offset()))? {
        Some(Spent::Day { until, message }) => Gate::Wait { until, step: message },
        Some(Spent::Task { message }) => Gate::Refuse { message },
        None => Gate::Open,
    })
}

/// Fails a task before any agent ran (its role cannot be dispatched, or its budget is spent).
pub(super) fn refuse(
    ctx: &ExecContext,
    task: &Task,
    kind: ErrorKind,
    message: &str,
    runner: &RunnerId,
) -> Result<Task> {
    let now = Timestamp::now();
    let task = ctx.store.write(|tx| {
        let current = tx.task(task.id)?.ok_or_else(|| crate::Error::not_found("task", task.id))?;
        let next = Task {
            dispatch_status: current.dispatch_status.transition(DispatchStatus::Failed)?,
            execution_result: Some(failure_json(kind, message)),
            updated_at: now,
            ..current.clone()
        }.settled();
        tx.update_task(&next)?;
        tx.append_audit(&AuditEntry {
            id: AuditEntryId::new(),
            subject_kind: AuditSubject::Task,
            subject_id: task.id.to_string(),
            field: "dispatch_status".into(),
            old_value: Some(current.dispatch_status.to_string()),
            new_value: Some("failed".into()),
            actor_kind: ActorKind::System,
            actor_id: "dispatch-claim".into(),
            rationale: format!("{}: {message}", kind.as_str()),
            confidence: None,
            created_at: now,
        })?;
        Ok(next)
    })?;
    ctx.bus.publish(idle(runner, &task, format!("failed: {}", kind.as_str())));
    Ok(task)
}

