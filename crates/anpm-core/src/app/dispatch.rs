//! Dispatch operations: the loop (start here, or steer one running elsewhere through settings), cancel,
//! requeue, attempts and their logs.

use std::sync::Arc;

use serde::Serialize;
use ts_rs::TS;

use super::Core;
use crate::dispatch::executor::{self, ExecContext};
use crate::dispatch::live::Watch;
use crate::dispatch::pty::CancelToken;
use crate::dispatch::scheduler::{self, DispatchState, Dispatcher};
use crate::domain::*;
use crate::store::Tx;
use crate::{Error, Result};

/// The captured output of one attempt.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct AttemptLog {
    pub task_id: TaskId,
    pub attempt_no: i64,
    pub path: String,
    pub text: String,
}

impl Core {
    /// What dispatch needs to run tasks in this process.
    pub fn exec_context(&self) -> ExecContext {
        ExecContext {
            store: Arc::clone(&self.store),
            bus: self.bus.clone(),
            data_dir: self.config.data_dir.clone(),
            grace: self.config.dispatch_grace,
            env: self.env.clone(),
            live: self.live.clone(),
        }
    }

    /// Starts the dispatch loop in this process (refused when another process runs it).
    pub fn start_dispatcher(&self) -> Result<Dispatcher> {
        let dispatcher = Dispatcher::start(self.exec_context())?;
        *self.dispatch_wake.lock().unwrap_or_else(|p| p.into_inner()) = Some(dispatcher.waker());
        Ok(dispatcher)
    }

    /// Subscribes to the live output of `task` as run by this process: the tail so far, then new chunks
    /// until the attempt ends. A task this process does not run has an empty, closed watch.
    pub fn watch_output(&self, task: TaskId) -> Watch {
        self.live.watch(task)
    }

    /// Wakes this process's dispatch loop, if it runs one.
    pub(crate) fn wake_dispatcher(&self) {
        if let Some(waker) = self.dispatch_wake.lock().unwrap_or_else(|p| p.into_inner()).as_ref() {
            waker.wake();
        }
    }

    /// The loop's settings and the queue.
    pub fn dispatch_state(&self, dispatcher: Option<&Dispatcher>) -> Result<DispatchState> {
        let ctx = self.exec_context();
        let (paused, concurrency) = scheduler::loop_settings(&ctx);
        let (queued, _) = self.store.read(|tx| tx.dispatch_counts())?;
        let running = match dispatcher {
            Some(d) => d.running(),
            None => {
                let filter = crate::store::TaskFilter {
                    dispatch_status: Some(DispatchStatus::Running),
                    ..Default::default()
                };
                self.store.read(|tx| tx.tasks(&filter))?.into_iter().map(|t| t.id).collect()
            }
        };
        Ok(DispatchState { paused, concurrency, running, queued, loop_here: dispatcher.is_some() })
    }

    /// Pauses or resumes claiming new tasks (running ones continue).
    pub fn set_dispatch_paused(&self, paused: bool) -> Result<()> {
        self.put_internal_setting("dispatch.paused", if paused { "true" } else { "false" })?;
        self.wake_dispatcher();
        Ok(())
    }

    /// Sets how many agents may run at once (1–16).
    pub fn set_dispatch_concurrency(&self, n: usize) -> Result<()> {
        if !(1..=16).contains(&n) {
            return Err(Error::invalid("concurrency", format!("{n} is outside 1–16")));
        }
        self.put_internal_setting("dispatch.concurrency", &n.to_string())?;
        self.wake_dispatcher();
        Ok(())
    }

    /// Asks the running loop (here or in another process) to start the next queued task now, even when
    /// paused or at capacity.
    pub fn request_run_next(&self) -> Result<()> {
        self.put_internal_setting("dispatch.run_next", &Timestamp::now().to_string())?;
        self.wake_dispatcher();
        Ok(())
    }

    /// Runs the next queued task in this process and returns it when it ends. Needs the dispatch lock, so
    /// it is refused while another process runs the loop (ask that loop with [`Core::request_run_next`]).
    pub fn run_next_task_here(&self) -> Result<Option<Task>> {
        let ctx = self.exec_context();
        let _lock = scheduler::lock(&ctx.data_dir)?;
        scheduler::recover(&ctx)?;
        let Some(task_id) = self.store.write(|tx| tx.claim_next_task(Timestamp::now()))? else {
            return Ok(None);
        };
        executor::execute(&ctx, task_id, &CancelToken::new()).map(Some)
    }

    /// Cancels a task's dispatch: a queued task at once; a running one by stopping its agent (here, or by
    /// asking the process that runs it).
    pub fn cancel_task(&self, id: TaskId, dispatcher: Option<&Dispatcher>) -> Result<Task> {
        let task = self.store.write(|tx| {
            let task = load_task(tx, id)?;
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
                    };
                    tx.update_task(&next)?;
                    Ok(next)
                }
                DispatchStatus::Running => {
                    let next = Task { cancel_requested_at: Some(now), updated_at: now, ..task };
                    tx.update_task(&next)?;
                    Ok(next)
                }
                other => Err(Error::Transition {
                    entity: "task dispatch",
                    from: other.to_string(),
                    to: "cancelled".into(),
                    reason: "only queued or running tasks can be cancelled".into(),
                }),
            }
        })?;
        if let Some(d) = dispatcher {
            d.cancel(id);
        }
        Ok(task)
    }

    /// Queues a failed or cancelled task again (its attempts stay in the history), optionally with another
    /// agent profile.
    pub fn requeue_task(&self, id: TaskId, agent: Option<&str>) -> Result<Task> {
        let task = self.store.write(|tx| {
            let task = load_task(tx, id)?;
            let agent_profile_id = match agent {
                Some(name) => Some(agent_by_name(tx, name)?.id),
                None => task.agent_profile_id,
            };
            let now = Timestamp::now();
            let next = Task {
                dispatch_status: task.dispatch_status.transition(DispatchStatus::Queued)?,
                dispatch_queued_at: Some(now),
                execution_result: None,
                cancel_requested_at: None,
                agent_profile_id,
                updated_at: now,
                ..task
            };
            tx.update_task(&next)?;
            Ok(next)
        })?;
        self.wake_dispatcher();
        Ok(task)
    }

    /// Every attempt of a task, first first.
    pub fn task_attempts(&self, id: TaskId) -> Result<Vec<DispatchAttempt>> {
        self.store.read(|tx| {
            load_task(tx, id)?;
            tx.attempts_of(id)
        })
    }

    /// The captured output of an attempt (the latest by default).
    pub fn task_log(&self, id: TaskId, attempt_no: Option<i64>) -> Result<AttemptLog> {
        let attempts = self.task_attempts(id)?;
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

    fn put_internal_setting(&self, key: &str, value: &str) -> Result<()> {
        let setting =
            Setting { key: key.into(), value: value.into(), updated_at: Timestamp::now() };
        self.store.write(|tx| tx.put_setting(&setting))
    }
}

pub(super) fn agent_by_name(tx: &Tx<'_>, name: &str) -> Result<AgentProfile> {
    tx.agent_profile_by_name(name)?.ok_or_else(|| Error::not_found("agent profile", name))
}

fn load_task(tx: &Tx<'_>, id: TaskId) -> Result<Task> {
    tx.task(id)?.ok_or_else(|| Error::not_found("task", id))
}
