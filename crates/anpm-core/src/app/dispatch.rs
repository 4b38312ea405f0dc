//! The dispatch loop as the operator steers it: start it here (the loop belongs to [`Core`] from then on),
//! pause, resume, concurrency, run-next, its state, and the role catalog tasks are dispatched as. Settings
//! carry pause, concurrency and run-next, so a loop running in another process obeys them too.

use std::sync::Arc;

use super::{Core, Dispatch};
use crate::dispatch::executor::ExecContext;
use crate::dispatch::lease;
use crate::dispatch::roles::{self, Role};
use crate::dispatch::scheduler::{self, DispatchState, Dispatcher};
use crate::domain::*;
use crate::store::Tx;
use crate::{Error, Result};

impl Dispatch<'_> {
    /// Starts the dispatch loop in this process; it runs until [`Dispatch::stop_loop`] or
    /// [`Core::shutdown`]. Refused when another process runs the loop for this data directory.
    pub fn start_loop(&self) -> Result<()> {
        let mut slot = self.core.dispatcher.lock().unwrap_or_else(|p| p.into_inner());
        if slot.is_some() {
            return Ok(());
        }
        let dispatcher = Dispatcher::start(self.core.exec_context())?;
        *self.core.dispatch_wake.lock().unwrap_or_else(|p| p.into_inner()) =
            Some(dispatcher.waker());
        *slot = Some(dispatcher);
        Ok(())
    }

    /// Stops this process's loop, if it runs one: running agents are stopped and their threads joined.
    pub fn stop_loop(&self) {
        self.core.stop_dispatcher();
    }

    /// The loop's settings and the queue.
    pub fn state(&self) -> Result<DispatchState> {
        let ctx = self.core.exec_context();
        let (paused, concurrency) = scheduler::loop_settings(&ctx);
        let (queued, _) = self.core.store.read(|tx| tx.dispatch_counts())?;
        let here = self
            .core
            .dispatcher
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .as_ref()
            .map(Dispatcher::running);
        let loop_here = here.is_some();
        let owner = lease::owner(&lease::dispatch_path(self.core.data_dir()));
        if owner.is_none() {
            // No loop anywhere: a task still marked running is an orphan; say what is true.
            scheduler::reconcile_orphans(&ctx)?;
        }
        let running = match here {
            Some(running) => running,
            None => {
                let filter = crate::store::TaskFilter {
                    dispatch_status: Some(DispatchStatus::Running),
                    ..Default::default()
                };
                self.core.store.read(|tx| tx.tasks(&filter))?.into_iter().map(|t| t.id).collect()
            }
        };
        Ok(DispatchState { paused, concurrency, running, queued, loop_here, owner })
    }

    /// Pauses or resumes claiming new tasks (running ones continue).
    pub fn set_paused(&self, paused: bool) -> Result<()> {
        self.core.put_setting(SettingKey::DispatchPaused, if paused { "true" } else { "false" })?;
        self.core.wake_dispatcher();
        Ok(())
    }

    /// Sets how many agents may run at once (1–16).
    pub fn set_concurrency(&self, n: usize) -> Result<()> {
        self.core.put_setting(SettingKey::DispatchConcurrency, &n.to_string())?;
        self.core.wake_dispatcher();
        Ok(())
    }

    /// Asks the running loop (here or in another process) to start the next queued task now, even when
    /// paused or at capacity.
    /// Returns false, asking nothing, when no dispatch loop runs anywhere.
    pub fn request_run_next(&self) -> Result<bool> {
        if !self.loop_runs() {
            return Ok(false);
        }
        self.core.put_setting(SettingKey::DispatchRunNext, &Timestamp::now().to_string())?;
        self.core.wake_dispatcher();
        Ok(true)
    }

    /// Asks the running loop, here or in another process, to start the queued `task` at once, even when
    /// paused or at capacity; false when no loop runs anywhere (nothing is marked then).
    pub(crate) fn request_start(&self, task: TaskId) -> Result<bool> {
        if !self.loop_runs() {
            return Ok(false);
        }
        if !self.core.store.write(|tx| tx.mark_run_now(task, Timestamp::now()))? {
            return Err(Error::Conflict(format!("task `{task}` left the queue before it could start")));
        }
        self.core.wake_dispatcher();
        Ok(true)
    }

    /// True when a dispatch loop runs, in this process or another.
    pub(crate) fn loop_runs(&self) -> bool {
        let here = self.core.dispatcher.lock().unwrap_or_else(|p| p.into_inner()).is_some();
        here || lease::owner(&lease::dispatch_path(self.core.data_dir())).is_some()
    }

    /// Runs the next queued task in this process and returns it when it ends. Needs the dispatch lock, so
    /// it is refused while another process runs the loop (ask that loop with
    /// [`Dispatch::request_run_next`]).
    pub fn run_next_here(&self) -> Result<Option<Task>> {
        self.run_here(None)
    }

    /// Runs `task` (queued), or else the next queued task, in this process and returns it when it ends.
    pub(crate) fn run_here(&self, task: Option<TaskId>) -> Result<Option<Task>> {
        let ctx = self.core.exec_context();
        let _lease = scheduler::lock(&ctx.data_dir)?;
        scheduler::recover(&ctx)?;
        let claimed = self.core.store.write(|tx| match task {
            Some(id) => Ok(tx.claim_task(id, Timestamp::now())?.then_some(id)),
            None => tx.claim_next_task(Timestamp::now()),
        })?;
        let Some(task_id) = claimed else {
            return Ok(None);
        };
        // The core's halt token: a shutdown (Ctrl-C, SIGTERM) stops the agent and records it interrupted.
        crate::dispatch::guard::execute_guarded(&ctx, task_id, &self.core.halt);
        self.core.store.read(|tx| tx.task(task_id))
    }

    /// The execution roles a task can be dispatched as.
    pub fn roles(&self) -> Vec<Role> {
        roles::catalog().task_roles().into_iter().cloned().collect()
    }
}

impl Core {
    /// What dispatch needs to run tasks in this process.
    pub(crate) fn exec_context(&self) -> ExecContext {
        ExecContext {
            store: Arc::clone(&self.store),
            bus: self.bus.clone(),
            data_dir: self.config.data_dir.clone(),
            grace: self.config.dispatch_grace,
            env: self.env.clone(),
            live: self.live.clone(),
            mcp_command: self.config.mcp_command.clone(),
        }
    }

    /// Wakes this process's dispatch loop, if it runs one.
    pub(crate) fn wake_dispatcher(&self) {
        if let Some(waker) = self.dispatch_wake.lock().unwrap_or_else(|p| p.into_inner()).as_ref() {
            waker.wake();
        }
    }

    /// Stops a task's agent at once when this process's loop runs it (another process's loop sees the
    /// cancel request in the store).
    pub(crate) fn cancel_running(&self, id: TaskId) {
        if let Some(dispatcher) = self.dispatcher.lock().unwrap_or_else(|p| p.into_inner()).as_ref() {
            dispatcher.cancel(id);
        }
    }

    /// Takes the loop out of its slot before dropping it, so that nothing waits on the slot while its
    /// agents are stopped and its threads joined.
    pub(crate) fn stop_dispatcher(&self) {
        let dispatcher = self.dispatcher.lock().unwrap_or_else(|p| p.into_inner()).take();
        *self.dispatch_wake.lock().unwrap_or_else(|p| p.into_inner()) = None;
        drop(dispatcher);
    }
}

pub(super) fn agent_by_name(tx: &Tx<'_>, name: &str) -> Result<AgentProfile> {
    tx.agent_profile_by_name(name)?.ok_or_else(|| Error::not_found("agent profile", name))
}
