//! Running one claimed task: prompt, agent, verdict, result, files, and the records of it all.
//!
//! The task is already `running` when this starts (claimed by the scheduler). Whatever happens here ends
//! with the task `completed`, `failed` or `cancelled`, its attempt closed, and the activity back to idle.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use super::agents;
use super::apply::apply_files;
use super::failure::ErrorKind;
use super::limits::{Purpose, RunLimits, StoredLimits};
use super::live::LiveOutput;
use super::pty::{self, CancelToken, Limits, Stop};
use super::result;
use super::roles;
use super::run::{run_agent, AgentRun};
use super::verdict::Verdict;
use super::task_prompt;
use super::gate::{self, refuse};
use super::usage_limit;
use super::budget;
use super::workspace::{self, Workdir};
use crate::activity::{self, Bus, Phase};
use crate::domain::*;
use crate::store::Store;
use crate::Result;

/// Step reported while an agent runs without saying anything new.
const PROGRESS_EVERY: Duration = Duration::from_secs(30);
/// How often a cancel requested by another process is looked for.
const CANCEL_POLL: Duration = Duration::from_millis(250);

/// Everything an execution needs besides the task.
#[derive(Debug, Clone)]
pub struct ExecContext {
    pub store: Arc<Store>,
    pub bus: Bus,
    pub data_dir: PathBuf,
    pub grace: Duration,
    /// The environment anpm was started with; agents get a filtered copy.
    pub env: Env,
    /// Where running output is published for live terminals.
    pub live: LiveOutput,
    /// The `anpm` executable agents get as their MCP server (see `Config::mcp_command`).
    pub mcp_command: Option<PathBuf>,
}

/// What the run left behind, for the attempt row.
#[derive(Debug, Default)]
struct Closing {
    outcome: Option<AttemptOutcome>,
    error: Option<(ErrorKind, String)>,
    result: Option<Value>,
    files_applied: i64,
    /// The task's new review status, when the attempt changed it.
    review: Option<ReviewStatus>,
    /// The step shown when the attempt ends well, instead of the files count.
    summary: Option<String>,
}

impl Closing {
    fn failed(kind: ErrorKind, message: String) -> Self {
        Self {
            outcome: Some(AttemptOutcome::Failed),
            error: Some((kind, message)),
            ..Default::default()
        }
    }
}

/// Executes the claimed task `task_id` to its end.
pub fn execute(ctx: &ExecContext, task_id: TaskId, cancel: &CancelToken) -> Result<Task> {
    let runner = RunnerId::task(task_id);
    // Everything the run needs from the store, in one read: this is on the path from queue to spawn.
    let (task, project, requirement, own_profile, default_profile, attempt_no, previous) =
        ctx.store.read(|tx| {
            let task = tx.task(task_id)?.ok_or_else(|| crate::Error::not_found("task", task_id))?;
            let project = tx
                .project(task.project_id)?
                .ok_or_else(|| crate::Error::not_found("project", task.project_id))?;
            let requirement =
                match tx.lineage_of_task(task_id)?.into_iter().find_map(|l| l.requirement_id) {
                    Some(id) => tx.requirement(id)?,
                    None => None,
                };
            let own = match task.agent_profile_id {
                Some(id) => tx.agent_profile(id)?,
                None => None,
            };
            let default = match own {
                Some(_) => None,
                None => agents::scoped_default(tx, task.execution_role.as_deref(), task.project_id)?,
            };
            // A follow-up resumes the agent's own session of the latest attempt that recorded one.
            let previous = tx.attempts_of(task_id)?.into_iter().rev().find(|a| a.session_id.is_some());
            Ok((task, project, requirement, own, default, tx.next_attempt_no(task_id)?, previous))
        })?;
    let mut state = activity::activity(runner.clone(), Phase::ClaimingTask);
    state.subject_kind = Some(AuditSubject::Task);
    state.subject_id = Some(task_id.to_string());
    state.subject_title = Some(task.title.clone());
    state.role_id = task.execution_role.clone();
    ctx.bus.publish(state.clone());

    // The role must be a task role of this catalog.
    let role = match task.execution_role.as_deref().map(str::trim).filter(|r| !r.is_empty()) {
        None => {
            return refuse(
                ctx,
                &task,
                ErrorKind::RoleDispatchMalformed,
                "the task has no execution role",
                &runner,
            )
        }
        Some(role) => match roles::catalog().task_role(role) {
            Ok(role) => role.clone(),
            Err(_) => {
                let message = format!("role `{role}` is not in the role catalog");
                return refuse(ctx, &task, ErrorKind::RoleNotFound, &message, &runner);
            }
        },
    };

    // The agent: the task's own profile, else the resolution order.
    let profile = match own_profile {
        Some(p) => Ok(p),
        None => {
            let store = Arc::clone(&ctx.store);
            agents::resolve(
                default_profile,
                |name| store.read(|tx| tx.agent_profile_by_name(name)).ok().flatten(),
                ctx.env.adapter_agent.as_deref(),
                ctx.env.var("PATH"),
            )
        }
    };

    let now = Timestamp::now();
    // A held profile or a spent budget keeps the task from starting (see `gate`).
    match gate::check(ctx, &task, profile.as_ref().ok(), now)? {
        gate::Gate::Open => {}
        gate::Gate::Wait { until, step } => {
            ctx.store.write(|tx| tx.unclaim_task(task_id, until))?;
            let task = ctx.store.read(|tx| tx.task(task_id))?.unwrap_or(task);
            ctx.bus.publish(idle(&runner, &task, step));
            return Ok(task);
        }
        gate::Gate::Refuse { message } => {
            return refuse(ctx, &task, ErrorKind::BudgetExceeded, &message, &runner)
        }
    }
    let task_left = ctx.store.read(|tx| budget::task_left(tx, &task))?;
    let over_budget = std::cell::Cell::new(None::<f64>);
    let dir = ctx.data_dir.join("attempts").join(task_id.to_string()).join(attempt_no.to_string());
    std::fs::create_dir_all(&dir)
        .map_err(|e| crate::Error::io(format!("creating {}", dir.display()), e))?;
    let log_path = dir.join("output.log");
    let mut attempt = DispatchAttempt {
        agent_profile_id: profile
            .as_ref()
            .ok()
            .filter(|p| task.agent_profile_id == Some(p.id) || p.is_default)
            .map(|p| p.id),
        agent_name: profile.as_ref().map(|p| p.name.clone()).unwrap_or_default(),
        log_path: Some(log_path.display().to_string()),
        ..DispatchAttempt::starting(task_id, attempt_no, &role.id, now)
    };
    ctx.store.write(|tx| tx.insert_attempt(&attempt))?;

    let profile = match profile {
        Ok(profile) => profile,
        Err((kind, message)) => {
            let closing = Closing::failed(kind, message);
            return close(ctx, task, attempt, closing, &runner);
        }
    };
    state.phase = Phase::Dispatching;
    state.step = Some("preparing the workspace".into());
    state.updated_at = Timestamp::now();
    ctx.bus.publish(state.clone());
    // Never another folder than the one the project's mode names (see `workspace::prepare`).
    let workdir = match workspace::prepare(ctx, &task, &project, &log_path, cancel) {
        Ok(workdir) => workdir,
        Err((kind, message)) => {
            return close(ctx, task, attempt, Closing::failed(kind, message), &runner)
        }
    };

    state.step = Some("rendering prompt".into());
    state.updated_at = Timestamp::now();
    ctx.bus.publish(state.clone());
    let (rendered, resume) = task_prompt::render(&task_prompt::Brief {
        role: &role,
        task: &task,
        project: &project,
        requirement: requirement.as_ref(),
        workdir: &workdir,
        previous: previous.as_ref(),
        agent: &profile.name,
    })?;
    let prompt_file = dir.join("prompt.md");
    std::fs::write(&prompt_file, &rendered)
        .map_err(|e| crate::Error::io(format!("writing {}", prompt_file.display()), e))?;
    let mut env = agents::agent_env(ctx.env.vars().iter().cloned());
    env.push(("ANPM_TASK_ID".into(), task_id.to_string()));
    env.push(("ANPM_ROLE".into(), role.id.clone()));
    let mcp = ctx.mcp_command.as_deref().map(|program| {
        agents::McpHandoff::for_task(program, &ctx.data_dir, project.id, task_id, &profile.name)
    });
    let invocation = agents::Invocation {
        profile: &profile,
        prompt: &rendered,
        prompt_file: &prompt_file,
        workdir: workdir.path(),
        resume: resume.as_deref(),
        mcp: mcp.as_ref(),
    };
    let spec = match agents::spawn_spec_for(&invocation, env) {
        Ok(spec) => spec,
        Err((kind, message)) => {
            let closing = Closing::failed(kind, message);
            return close(ctx, task, attempt, closing, &runner);
        }
    };
    let run_limits =
        RunLimits::resolve(Purpose::Task(&role.id), &ctx.env, &StoredLimits::read(&ctx.store));
    let limits = Limits {
        timeout: run_limits.timeout,
        grace: ctx.grace,
        output_cap: run_limits.output_cap,
        tree_record: Some(super::leftovers::record_path(&log_path)),
        log_path: Some(log_path),
    };

    // Another process may ask for a cancel through the database; watch for it while the agent runs.
    // Dropping `finished` ends the watcher at once (its wait is on the channel, not a sleep), so the end of
    // every run does not wait out a poll interval.
    let (finished, finishing) = std::sync::mpsc::channel::<()>();
    let watcher = {
        let (store, cancel) = (Arc::clone(&ctx.store), cancel.clone());
        std::thread::spawn(move || loop {
            if let Ok(Some(t)) = store.read(|tx| tx.task(task_id)) {
                if t.cancel_requested_at.is_some() {
                    cancel.cancel();
                    return;
                }
            }
            match finishing.recv_timeout(CANCEL_POLL) {
                Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {}
                _ => return,
            }
        })
    };

    let started = Instant::now();
    let mut last_progress = Instant::now();
    let record_start = |pid: i32| {
        let mut running = attempt.clone();
        running.pid = Some(pid as i64);
        running.pgid = Some(pid as i64);
        running.process_start_ticks = pty::start_ticks(pid);
        if let Err(e) = ctx.store.write(|tx| tx.update_attempt(&running)) {
            tracing::warn!(error = %e, "recording the agent's pid failed");
        }
    };
    ctx.live.begin(task_id);
    let ran = run_agent(profile.output_format, &spec, &limits, cancel, record_start, |chunk, steps, cost| {
        ctx.live.publish(task_id, chunk);
        // Over the task's budget mid-run: stop the agent now (the verdict becomes budget_exceeded).
        if let (Some((left, _)), Some(cost)) = (task_left, cost) {
            if cost > left && over_budget.get().is_none() {
                over_budget.set(Some(cost));
                cancel.cancel();
            }
        }
        for step in steps {
            state.step = Some(step.0);
            state.updated_at = Timestamp::now();
            ctx.bus.publish(state.clone());
        }
        if last_progress.elapsed() >= PROGRESS_EVERY {
            last_progress = Instant::now();
            state.step = Some(format!("running ({} s)", started.elapsed().as_secs()));
            state.updated_at = Timestamp::now();
            ctx.bus.publish(state.clone());
        }
    });
    ctx.live.end(task_id);
    drop(finished);
    let _ = watcher.join();
    let AgentRun { outcome: run, report, verdict } = match ran {
        Ok(ran) => ran,
        Err(e) => {
            // The agent could not even start (the PTY or the process spawn failed).
            return close(
                ctx,
                task,
                attempt,
                Closing::failed(ErrorKind::CliNotFound, e.to_string()),
                &runner,
            );
        }
    };
    if !run.left_behind.is_empty() {
        // Named in the log by the runner; the live view says it too, since a dev server the agent started
        // is gone now.
        state.step = Some(format!(
            "stopped {} process(es) the agent left running (see the log)",
            run.left_behind.len()
        ));
        state.updated_at = Timestamp::now();
        ctx.bus.publish(state.clone());
    }
    if run.live_dropped > 0 {
        // The reader fell behind the agent and handed these chunks to no one live (the log has them).
        tracing::debug!(task = %task_id, chunks = run.live_dropped, "live output chunks dropped");
    }
    tracing::debug!(task = %task_id, seconds = run.duration.as_secs_f64(), "agent run ended");

    attempt.pid = Some(run.pid as i64);
    attempt.pgid = Some(run.pid as i64);
    attempt.exit_code = run.exit_code.map(i64::from);
    attempt.signal = run.signal.map(i64::from);
    attempt.output_bytes = run.output_bytes as i64;
    attempt.truncated = run.truncated;
    attempt.cost_usd = report.cost_usd;
    attempt.input_tokens = report.input_tokens;
    attempt.output_tokens = report.output_tokens;
    attempt.session_id = report.session_id.clone();
    if !run.survivors.is_empty() {
        tracing::error!(survivors = ?run.survivors, "agent processes survived SIGKILL");
    }

    state.phase = Phase::Submitting;
    state.step = Some("checking the result".into());
    state.updated_at = Timestamp::now();
    ctx.bus.publish(state.clone());

    // A stop asked for by a shutdown is an interruption, not the operator's cancel: the task fails as
    // interrupted (requeue runs it again) and its output so far is kept in the attempt's log.
    let verdict = match verdict {
        Verdict::Failed { .. } if run.stop == Stop::Cancelled && cancel.is_interrupted() => {
            Verdict::Failed {
                kind: ErrorKind::Interrupted,
                message: "anpm was shut down while this task was running; its output so far is in the attempt log".into(),
            }
        }
        other => other,
    };
    let verdict = match (over_budget.get(), task_left) {
        (Some(cost), Some((left, budget))) => Verdict::Failed {
            kind: ErrorKind::BudgetExceeded,
            message: budget::over_message(budget - left, cost, budget),
        },
        _ => verdict,
    };
    let closing = match verdict {
        Verdict::Failed { kind, message } => {
            let outcome = match (run.stop, kind) {
                (Stop::Cancelled, ErrorKind::Interrupted) => AttemptOutcome::Interrupted,
                (_, ErrorKind::BudgetExceeded) => AttemptOutcome::Failed,
                (Stop::Cancelled, _) => AttemptOutcome::Cancelled,
                _ => AttemptOutcome::Failed,
            };
            let mut message = message;
            if !run.survivors.is_empty() {
                message.push_str(&format!(" (processes survived SIGKILL: {:?})", run.survivors));
            }
            Closing { outcome: Some(outcome), error: Some((kind, message)), ..Default::default() }
        }
        Verdict::Finished => finish_result(
            &role.id,
            report.final_text.as_deref().unwrap_or(""),
            workdir.path(),
        ),
    };
    let closing = match &workdir {
        Workdir::Worktree(row) => settle_work(ctx, &task, row, &role.id, attempt_no, closing),
        Workdir::InPlace(_) => closing,
    };
    close(ctx, task, attempt, closing, &runner)
}

/// Commits the attempt's work on the task's branch and decides where the task stands: a finished attempt
/// with changes goes to review, one without completes with "no changes", anything else keeps its work as
/// WIP and its review status as it was.
fn settle_work(
    ctx: &ExecContext,
    task: &Task,
    row: &TaskWorkspace,
    role: &str,
    attempt_no: i64,
    mut closing: Closing,
) -> Closing {
    let finished = closing.outcome == Some(AttemptOutcome::Completed);
    let settled = match workspace::settle(ctx, task, row, role, attempt_no, finished) {
        Ok(settled) => settled,
        Err(e) => {
            let message = format!("the agent finished, but committing its work on `{}` failed: {e}", row.branch);
            return if finished { Closing::failed(ErrorKind::WorkspaceSetupFailed, message) } else { closing };
        }
    };
    if !finished {
        return closing;
    }
    let stat = settled.stat;
    if let Some(result) = closing.result.as_mut() {
        result["changes"] = json!({
            "branch": row.branch,
            "base": row.base,
            "files": stat.files,
            "additions": stat.additions,
            "deletions": stat.deletions,
        });
    }
    if settled.changed {
        closing.review = Some(ReviewStatus::InReview);
        closing.summary = Some(format!(
            "in review: {} file(s), +{} -{} on {}",
            stat.files, stat.additions, stat.deletions, row.branch
        ));
    } else {
        closing.review = Some(ReviewStatus::None);
        closing.summary = Some("completed with no changes".into());
    }
    closing
}

/// Validates the final message against the role's contract and applies files for implementation roles.
fn finish_result(role: &str, final_text: &str, repo: &Path) -> Closing {
    let invalid = |message: String| Closing::failed(ErrorKind::InvalidResultSchema, message);
    // The last fenced block that fits the role's contract, else the last object of the message; when
    // none fits, the error of the first one tried says why.
    let mut first_error = None;
    let mut chosen = None;
    for object in crate::extract::result_candidates(final_text) {
        match result::validate(role, &object) {
            Ok(()) => {
                chosen = Some(object);
                break;
            }
            Err(e) => {
                first_error.get_or_insert(e);
            }
        }
    }
    let object = match (chosen, first_error) {
        (Some(object), _) => object,
        (None, Some(e)) => return invalid(e),
        (None, None) => {
            return invalid(
                crate::extract::json_object(final_text)
                    .err()
                    .unwrap_or_else(|| "no JSON object found".into()),
            )
        }
    };
    let mut value = Value::Object(object);
    let mut files_applied = 0;
    if result::writes_files(role) {
        let files = value.get("files").and_then(Value::as_array).cloned().unwrap_or_default();
        let report = apply_files(repo, &files);
        files_applied = report.applied.len() as i64;
        value["files_applied"] = json!(files_applied);
        if !report.rejected.is_empty() {
            value["files_rejected"] =
                serde_json::to_value(&report.rejected).expect("invariant: serializes");
        }
    }
    Closing {
        outcome: Some(AttemptOutcome::Completed),
        result: Some(value),
        files_applied,
        ..Default::default()
    }
}

/// Closes the attempt and the task in one transaction.
fn close(
    ctx: &ExecContext,
    task: Task,
    mut attempt: DispatchAttempt,
    closing: Closing,
    runner: &RunnerId,
) -> Result<Task> {
    let step = match (&closing.error, &closing.summary) {
        (Some((kind, _)), _) => format!("failed: {}", kind.as_str()),
        (None, Some(summary)) => summary.clone(),
        (None, None) => format!("completed ({} file(s) applied)", closing.files_applied),
    };
    let now = Timestamp::now();
    let outcome = closing.outcome.unwrap_or(AttemptOutcome::Failed);
    attempt.ended_at = Some(now);
    attempt.outcome = outcome;
    attempt.files_applied = closing.files_applied;
    if let Some((kind, message)) = &closing.error {
        attempt.error_kind = Some(*kind);
        attempt.error_message = message.clone();
    }
    let status = match outcome {
        AttemptOutcome::Completed => DispatchStatus::Completed,
        AttemptOutcome::Cancelled => DispatchStatus::Cancelled,
        _ => DispatchStatus::Failed,
    };
    let result = match (&closing.error, closing.result) {
        (Some((kind, message)), _) => Some(failure_json(*kind, message)),
        (None, result) => result,
    };
    let mut step = step;
    let task = ctx.store.write(|tx| {
        tx.update_attempt(&attempt)?;
        let current = tx.task(task.id)?.ok_or_else(|| crate::Error::not_found("task", task.id))?;
        if current.dispatch_status != DispatchStatus::Running {
            // Recovered or requeued meanwhile by another process: keep its decision.
            return Ok(current);
        }
        let completed = status == DispatchStatus::Completed;
        // A usage limit: back to the queue for when it lifts, and the profile held until then.
        let retry = match &closing.error {
            Some((ErrorKind::RateLimited, message)) if status == DispatchStatus::Failed => {
                Some(usage_limit::plan(tx, &attempt, message, now)?)
            }
            _ => None,
        };
        if let Some(id) = attempt.agent_profile_id.filter(|_| completed) {
            tx.clear_agent_hold(id)?;
        }
        let mut dispatch_status = current.dispatch_status.transition(status)?;
        let mut retry_at = None;
        if let Some(retry) = &retry {
            dispatch_status = dispatch_status.requeued()?;
            retry_at = Some(retry.at);
            if let Some(hold) = &retry.hold {
                tx.hold_agent(hold)?;
            }
            step = format!(
                "rate limited: runs again at {}{}",
                retry.at,
                if retry.named { " (the reset the agent named)" } else { " (backoff)" }
            );
        }
        let next = Task {
            dispatch_status,
            dispatch_queued_at: if retry.is_some() { Some(now) } else { current.dispatch_queued_at },
            retry_at,
            execution_result: result,
            cancel_requested_at: None,
            review_status: closing.review.unwrap_or(current.review_status),
            // Feedback is spent once an attempt has acted on it; a failed attempt keeps it for the next.
            followup: if completed { None } else { current.followup.clone() },
            updated_at: now,
            ..current
        }.settled();
        tx.update_task(&next)?;
        Ok(next)
    })?;
    ctx.bus.publish(idle(runner, &task, step));
    Ok(task)
}

/// The idle activity a finished task leaves behind.
pub(super) fn idle(runner: &RunnerId, task: &Task, step: String) -> activity::Activity {
    let mut state = activity::activity(runner.clone(), Phase::Idle);
    state.subject_kind = Some(AuditSubject::Task);
    state.subject_id = Some(task.id.to_string());
    state.subject_title = Some(task.title.clone());
    state.role_id = task.execution_role.clone();
    state.step = Some(step);
    state
}

/// The stored failure of a task: kind, message and what to do.
pub fn failure_json(kind: ErrorKind, message: &str) -> Value {
    json!({ "error_kind": kind.as_str(), "error_message": message, "remediation": kind.remediation() })
}
