//! Task operations: add, list, show, edit, batch edit; cancel and requeue a dispatch; attempts, their logs
//! and the live output of a running one.

use serde::Serialize;
use ts_rs::TS;

use super::Tasks;
use super::dispatch::agent_by_name;
use crate::dispatch::executor;
use crate::dispatch::live::Watch;
use crate::domain::*;
use crate::store::{TaskFilter, Tx};
use crate::{Error, Result};

/// The captured output of one attempt.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct AttemptLog {
    pub task_id: TaskId,
    pub attempt_no: i64,
    pub path: String,
    pub text: String,
}

/// What `task run` did with the task.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum RunStart {
    /// In the queue; the loop starts it in turn.
    Queued,
    /// In the queue, and dispatch is paused: it starts when dispatch resumes (or with "run now").
    QueuedWhilePaused,
    /// The running loop was asked to start it at once.
    AskedLoop,
    /// It ran in this process (no loop runs anywhere) and has ended.
    RanHere,
}

/// The answer of `task run`.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct RunStarted {
    pub task: Task,
    pub started: RunStart,
    /// Whether dispatch was paused when the task was queued.
    pub paused: bool,
}

/// One board column's size.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
pub struct StageCount {
    pub stage: Stage,
    pub count: u64,
}

/// What in a project wants the operator's eye, for the project list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
pub struct ProjectPulse {
    pub project_id: ProjectId,
    pub queued: u64,
    pub running: u64,
    pub in_review: u64,
    pub failed: u64,
}

/// A task with where it came from.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct TaskDetail {
    #[serde(flatten)]
    #[ts(flatten)]
    pub task: Task,
    pub lineage: Vec<TaskLineage>,
    /// How many times the task was dispatched.
    pub attempts: usize,
    /// The latest dispatch attempt: error kind and message, files applied, cost, tokens.
    pub last_attempt: Option<DispatchAttempt>,
    /// What to do about the latest failure, if the last attempt failed.
    pub remediation: Option<String>,
    /// The tasks this one depends on, with where each stands.
    pub depends_on: Vec<DependencyState>,
    /// The dependencies that do not let it start yet: a queued task with any is "queued (blocked on …)".
    pub waiting_on: Vec<TaskId>,
    /// The tasks that wait on this one.
    pub dependents: Vec<TaskId>,
}

impl Tasks<'_> {
    /// Adds a task to a project.
    pub fn add(&self, project_id: ProjectId, input: NewTask) -> Result<Task> {
        check_role(input.role.as_deref())?;
        let task = self.core.store.write(|tx| {
            tx.project(project_id)?.ok_or_else(|| Error::not_found("project", project_id))?;
            let agent = match &input.agent {
                Some(name) => Some(agent_by_name(tx, name)?.id),
                None => None,
            };
            let mut task = input.into_task(project_id, Timestamp::now());
            task.agent_profile_id = agent;
            tx.insert_task(&task)?;
            Ok(task)
        })?;
        if task.dispatch_status == DispatchStatus::Queued {
            self.core.wake_dispatcher();
        }
        Ok(task)
    }

    /// Tasks matching `filter`.
    pub fn list(&self, filter: &TaskFilter) -> Result<Vec<Task>> {
        self.core.store.read(|tx| {
            if let Some(project_id) = filter.project_id {
                tx.project(project_id)?.ok_or_else(|| Error::not_found("project", project_id))?;
            }
            tx.tasks(filter)
        })
    }

    /// How many of the project's tasks stand in each stage; every stage is listed, empty ones with 0.
    pub fn stage_counts(&self, project_id: ProjectId) -> Result<Vec<StageCount>> {
        self.core.store.read(|tx| {
            tx.project(project_id)?.ok_or_else(|| Error::not_found("project", project_id))?;
            let counts = tx.task_stage_counts(project_id)?;
            Ok(Stage::ALL
                .iter()
                .map(|stage| StageCount {
                    stage: *stage,
                    count: counts.iter().find(|(s, _)| s == stage).map_or(0, |(_, n)| *n),
                })
                .collect())
        })
    }

    /// Every project's queued, running, in-review and failed task counts.
    pub fn pulses(&self) -> Result<Vec<ProjectPulse>> {
        let rows = self.core.store.read(|tx| tx.project_pulses())?;
        Ok(rows
            .into_iter()
            .map(|(project_id, [queued, running, in_review, failed])| ProjectPulse {
                project_id,
                queued,
                running,
                in_review,
                failed,
            })
            .collect())
    }

    /// One task with its lineage.
    pub fn get(&self, id: TaskId) -> Result<TaskDetail> {
        self.core.store.read(|tx| {
            let task = load(tx, id)?;
            let attempts = tx.attempts_of(id)?;
            let last_attempt = attempts.last().cloned();
            let remediation = last_attempt
                .as_ref()
                .and_then(|a| a.error_kind)
                .map(|k| k.remediation().to_owned());
            let deps = super::dependencies::of(tx, id)?;
            Ok(TaskDetail {
                task,
                lineage: tx.lineage_of_task(id)?,
                attempts: attempts.len(),
                last_attempt,
                remediation,
                depends_on: deps.depends_on,
                waiting_on: deps.waiting_on,
                dependents: deps.dependents,
            })
        })
    }

    /// Edits one task. A role is checked against the catalog, an agent by name against the stored
    /// profiles; neither changes while an agent runs the task.
    pub fn edit(&self, id: TaskId, patch: &TaskPatch) -> Result<Task> {
        check_role(patch.role.as_ref().and_then(Option::as_deref))?;
        let task = self.core.store.write(|tx| edit_in(tx, id, patch))?;
        if task.stage == Stage::Done {
            // Tasks waiting on this one may start now.
            self.core.wake_dispatcher();
        }
        Ok(task)
    }

    /// Queues a task for an agent (`task run`): with `role` and `agent` it is given them first. With
    /// `now` it starts at once, paused dispatch or not: the running loop is asked to start it, or it
    /// runs in this process when no loop runs anywhere (then this returns when it ends).
    pub fn run(&self, id: TaskId, role: Option<&str>, agent: Option<&str>, now: bool) -> Result<RunStarted> {
        let patch = TaskPatch {
            role: role.map(|r| Some(r.trim().to_owned())).filter(|r| r.as_deref() != Some("")),
            agent: agent.map(|a| Some(a.trim().to_owned()).filter(|a| !a.is_empty())),
            ..TaskPatch::default()
        };
        check_role(patch.role.as_ref().and_then(Option::as_deref))?;
        // One transaction: a run that is refused leaves the role and agent as they were.
        let queued = self.core.store.write(|tx| {
            let task = if patch.is_empty() { load(tx, id)? } else { edit_in(tx, id, &patch)? };
            // "Run now" on a task already waiting in the queue starts it; it is not queued again.
            if now && task.dispatch_status == DispatchStatus::Queued {
                return Ok(task);
            }
            let now = Timestamp::now();
            let next = Task {
                dispatch_status: check_runnable(&task)?,
                dispatch_queued_at: Some(now),
                execution_result: None,
                cancel_requested_at: None,
                updated_at: now,
                ..task
            }.settled();
            tx.update_task(&next)?;
            Ok(next)
        })?;
        let (paused, _) = crate::dispatch::scheduler::loop_settings(&self.core.exec_context());
        let dispatch = self.core.dispatch();
        let started = if !now {
            self.core.wake_dispatcher();
            if paused { RunStart::QueuedWhilePaused } else { RunStart::Queued }
        } else if dispatch.request_start(id)? {
            RunStart::AskedLoop
        } else {
            dispatch.run_here(Some(id))?;
            RunStart::RanHere
        };
        let task = if started == RunStart::RanHere { self.core.store.read(|tx| load(tx, id))? } else { queued };
        Ok(RunStarted { task, started, paused })
    }

    /// Applies the same status / priority / assignee change to 1–100 tasks, all or nothing: an unknown id
    /// or a refused transition on any task leaves every task as it was.
    pub fn batch_edit(&self, ids: &[TaskId], patch: &TaskPatch) -> Result<Vec<Task>> {
        check_batch_ids(ids)?;
        if !patch.is_batchable() {
            return Err(Error::invalid(
                "batch edit",
                "a batch edit changes status, priority or assignee (at least one)",
            ));
        }
        self.core.store.write(|tx| {
            let now = Timestamp::now();
            let mut missing = Vec::new();
            let mut edited = Vec::with_capacity(ids.len());
            for id in ids {
                match tx.task(*id)? {
                    Some(task) => edited.push(patch.apply(&task, now)?),
                    None => missing.push(id.to_string()),
                }
            }
            if !missing.is_empty() {
                return Err(Error::NotFound { entity: "task", id: missing.join(", ") });
            }
            for task in &edited {
                tx.update_task(task)?;
            }
            Ok(edited)
        })
    }

    /// Subscribes to the live output of `task` as run by this process: the tail so far, then new chunks
    /// until the attempt ends. A task this process does not run has an empty, closed watch.
    pub fn watch_output(&self, task: TaskId) -> Watch {
        self.core.live.watch(task)
    }

    /// Cancels a task's dispatch: a queued task at once; a running one by stopping its agent (here, or by
    /// asking the process that runs it).
    pub fn cancel(&self, id: TaskId) -> Result<Task> {
        let task = self.core.store.write(|tx| {
            let task = load(tx, id)?;
            let now = Timestamp::now();
            match task.dispatch_status {
                DispatchStatus::Queued => {
                    let next = Task {
                        dispatch_status: task
                            .dispatch_status
                            .transition(DispatchStatus::Cancelled)?,
                        execution_result: Some(executor::failure_json(
                            crate::dispatch::failure::ErrorKind::Cancelled,
                            "cancelled before it started",
                        )),
                        updated_at: now,
                        ..task
                    }.settled();
                    tx.update_task(&next)?;
                    Ok(next)
                }
                DispatchStatus::Running => {
                    let next = Task { cancel_requested_at: Some(now), updated_at: now, ..task }.settled();
                    tx.update_task(&next)?;
                    Ok(next)
                }
                // An orphan already reconciled (its process was gone): it is stopped, which is what the
                // operator asked for.
                DispatchStatus::Failed
                    if task.execution_result.as_ref().and_then(|r| r.get("error_kind"))
                        == Some(&serde_json::json!("interrupted")) =>
                {
                    Ok(task)
                }
                other => Err(Error::Transition {
                    entity: "task dispatch",
                    from: other.to_string(),
                    to: "cancelled".into(),
                    reason: "only queued or running tasks can be cancelled".into(),
                }),
            }
        })?;
        self.core.cancel_running(id);
        if task.dispatch_status == DispatchStatus::Running {
            // No process runs it any more (its lease is free): settle it now rather than never.
            crate::dispatch::scheduler::reconcile_orphans(&self.core.exec_context())?;
            return self.core.store.read(|tx| load(tx, id));
        }
        Ok(task)
    }

    /// Queues a failed or cancelled task again (its attempts stay in the history), optionally with another
    /// agent profile.
    pub fn requeue(&self, id: TaskId, agent: Option<&str>) -> Result<Task> {
        let task = self.core.store.write(|tx| {
            let task = load(tx, id)?;
            let agent_profile_id = match agent {
                Some(name) => Some(agent_by_name(tx, name)?.id),
                None => task.agent_profile_id,
            };
            let now = Timestamp::now();
            let next = Task {
                dispatch_status: task.dispatch_status.requeued()?,
                dispatch_queued_at: Some(now),
                execution_result: None,
                cancel_requested_at: None,
                // The operator's own requeue does not wait out a usage-limit retry.
                retry_at: None,
                agent_profile_id,
                updated_at: now,
                ..task
            }.settled();
            tx.update_task(&next)?;
            Ok(next)
        })?;
        self.core.wake_dispatcher();
        Ok(task)
    }

    /// Every attempt of a task, first first.
    pub fn attempts(&self, id: TaskId) -> Result<Vec<DispatchAttempt>> {
        self.core.store.read(|tx| {
            load(tx, id)?;
            tx.attempts_of(id)
        })
    }

    /// A page of a task's attempts, first first, continuing after attempt number `page.after`.
    pub fn attempts_page(&self, id: TaskId, page: &Page<i64>) -> Result<Vec<DispatchAttempt>> {
        self.core.store.read(|tx| {
            load(tx, id)?;
            if let Some(after) = page.after {
                if tx.attempts_page(id, &Page { limit: Some(1), after: Some(after - 1) })?.is_empty() {
                    return Err(Error::not_found("attempt", format!("{after} of task {id}")));
                }
            }
            tx.attempts_page(id, page)
        })
    }

    /// The captured output of an attempt (the latest by default).
    pub fn log(&self, id: TaskId, attempt_no: Option<i64>) -> Result<AttemptLog> {
        let attempts = self.attempts(id)?;
        let attempt = match attempt_no {
            Some(n) => attempts.into_iter().find(|a| a.attempt_no == n),
            None => attempts.into_iter().last(),
        }
        .ok_or_else(|| {
            Error::not_found(
                "dispatch attempt",
                format!(
                    "{id}#{}",
                    attempt_no.map(|n| n.to_string()).unwrap_or_else(|| "latest".into())
                ),
            )
        })?;
        let path = attempt.log_path.clone().unwrap_or_default();
        let bytes = std::fs::read(&path).map_err(|e| Error::io(format!("reading {path}"), e))?;
        Ok(AttemptLog {
            task_id: id,
            attempt_no: attempt.attempt_no,
            path,
            text: String::from_utf8_lossy(&bytes).into_owned(),
        })
    }
}

/// Checks a role to be given to a task against the catalog.
fn check_role(role: Option<&str>) -> Result<()> {
    if let Some(role) = role {
        crate::dispatch::roles::catalog().task_role(role)?;
    }
    Ok(())
}

/// Applies `patch` to a stored task inside `tx`, resolving an agent name to its profile.
fn edit_in(tx: &Tx<'_>, id: TaskId, patch: &TaskPatch) -> Result<Task> {
    let current = load(tx, id)?;
    let mut next = patch.apply(&current, Timestamp::now())?;
    if let Some(agent) = &patch.agent {
        next.agent_profile_id = match agent {
            Some(name) => Some(agent_by_name(tx, name)?.id),
            None => None,
        };
        check_runner_change(&current, &next)?;
        if next != current {
            next.updated_at = Timestamp::now();
        }
    }
    tx.update_task(&next)?;
    Ok(next)
}

fn load(tx: &Tx<'_>, id: TaskId) -> Result<Task> {
    tx.task(id)?.ok_or_else(|| Error::not_found("task", id))
}
