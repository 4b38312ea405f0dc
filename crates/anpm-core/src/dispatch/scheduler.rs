//! The dispatch loop: claims queued tasks and runs up to N at once, each on its own thread.
//!
//! Exactly one loop runs per data directory, guarded by an exclusive lock on `dispatch.lock`, so two anpm
//! processes never run the same queue (claims are atomic in SQLite as a second line of defence). On start
//! the loop recovers from a crash: every task or attempt left `running` becomes `failed`/`interrupted`, and
//! a recorded agent process group still alive (the same process, by its kernel start time) is stopped.
//!
//! Work queued in this process wakes the loop at once; work queued by another process (the CLI while the
//! app runs) is found by a poll every second. Pause, resume, concurrency and run-next are settings, so the
//! CLI can steer a loop running in the app.

use std::collections::HashMap;
use std::sync::mpsc::{sync_channel, Receiver, RecvTimeoutError, SyncSender};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

use serde::Serialize;
use ts_rs::TS;

use super::executor::{self, ExecContext};
use super::guard;
use super::lease::{self, Lease};
use super::failure::ErrorKind;
use super::pty::CancelToken;
use crate::activity::{self, Phase};
use crate::domain::*;
use crate::{Error, Result};

/// How often the loop looks for work queued by other processes.
const POLL: Duration = Duration::from_secs(1);
/// How long a held dispatch lock is retried before it counts as another process's.
const LOCK_SETTLE: Duration = Duration::from_millis(300);
/// Parallel agents when `dispatch.concurrency` is not set.
pub const DEFAULT_CONCURRENCY: usize = 2;

/// The loop's state as the CLI and the UI show it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct DispatchState {
    pub paused: bool,
    pub concurrency: usize,
    pub running: Vec<TaskId>,
    pub queued: i64,
    /// True when this process runs the loop.
    pub loop_here: bool,
    /// The process running the loop (this one, another, or `None` when no loop runs).
    pub owner: Option<lease::LeaseOwner>,
}

/// Wakes a dispatch loop (cheap to clone).
#[derive(Debug, Clone)]
pub struct Waker(SyncSender<Signal>);

impl Waker {
    pub fn wake(&self) {
        // Full: a wake-up is already pending. Disconnected: the loop stopped.
        let _ = self.0.try_send(Signal::Wake);
    }
}

#[derive(Debug)]
enum Signal {
    Wake,
    Stop,
}

#[derive(Debug, Default)]
struct Running {
    cancels: HashMap<TaskId, CancelToken>,
    threads: Vec<JoinHandle<()>>,
}

/// A running dispatch loop. Dropping it stops the loop and interrupts running agents.
pub struct Dispatcher {
    ctx: ExecContext,
    wake: SyncSender<Signal>,
    running: Arc<Mutex<Running>>,
    thread: Option<JoinHandle<()>>,
    /// Held for the loop's life; the loop thread keeps its heartbeat.
    _lease: Arc<Lease>,
}

impl std::fmt::Debug for Dispatcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Dispatcher").field("data_dir", &self.ctx.data_dir).finish_non_exhaustive()
    }
}

/// Takes the data directory's dispatch lease, or says who holds it.
pub fn lock(data_dir: &std::path::Path) -> Result<Lease> {
    let path = lease::dispatch_path(data_dir);
    match Lease::take(&path, LOCK_SETTLE)? {
        Some(lease) => Ok(lease),
        None => {
            let holder = lease::owner(&path).map_or_else(|| "?".into(), |o| o.pid.to_string());
            Err(Error::Conflict(format!(
                "another anpm process (pid {holder}) is running the dispatch loop for this data directory"
            )))
        }
    }
}

/// Reconciles tasks left `running` by a process that is gone: when no process holds the dispatch lease,
/// nothing can be running, so every such task is failed `interrupted` and its agents are stopped. Returns
/// how many were reconciled; does nothing (0) while a live process holds the lease.
pub fn reconcile_orphans(ctx: &ExecContext) -> Result<usize> {
    let (_, running) = ctx.store.read(|tx| tx.dispatch_counts())?;
    if running == 0 {
        return Ok(0);
    }
    match Lease::take(&lease::dispatch_path(&ctx.data_dir), Duration::ZERO)? {
        Some(_lease) => recover(ctx),
        None => Ok(0),
    }
}

/// Fails every task and attempt left `running` by a process that is gone, stopping its agents.
pub fn recover(ctx: &ExecContext) -> Result<usize> {
    let attempts = ctx.store.read(|tx| tx.running_attempts())?;
    super::leftovers::stop(&attempts, ctx.grace);
    let running = ctx.store.read(|tx| {
        tx.tasks(&crate::store::TaskFilter {
            dispatch_status: Some(DispatchStatus::Running),
            ..Default::default()
        })
    })?;
    let kind = ErrorKind::Interrupted;
    let message = "anpm stopped while this task was running";
    let now = Timestamp::now();
    ctx.store.write(|tx| {
        for attempt in &attempts {
            tx.update_attempt(&attempt.ended_by(AttemptOutcome::Interrupted, kind, message, now))?;
        }
        for task in &running {
            // A cancel asked for while no one ran the task is honoured: the operator wanted it stopped.
            let (status, kind, message) = match task.cancel_requested_at {
                Some(_) => (
                    DispatchStatus::Cancelled,
                    ErrorKind::Cancelled,
                    "cancelled by the operator (the process running it had stopped)",
                ),
                None => (DispatchStatus::Failed, kind, message),
            };
            tx.update_task(&Task {
                dispatch_status: task.dispatch_status.transition(status)?,
                execution_result: Some(executor::failure_json(kind, message)),
                cancel_requested_at: None,
                updated_at: now,
                ..task.clone()
            }.settled())?;
        }
        Ok(())
    })?;
    // Their agents are stopped: what they wrote so far is kept as a WIP commit on the task's branch.
    super::workspace::keep_interrupted_work(ctx, &running);
    for task in &running {
        let mut state = activity::activity(RunnerId::task(task.id), Phase::Idle);
        state.subject_kind = Some(AuditSubject::Task);
        state.subject_id = Some(task.id.to_string());
        state.subject_title = Some(task.title.clone());
        state.step = Some("interrupted: anpm stopped while it ran; requeue to run it again".into());
        ctx.bus.publish(state);
    }
    Ok(running.len())
}

impl Dispatcher {
    /// Takes the lock, recovers, and starts the loop.
    pub fn start(ctx: ExecContext) -> Result<Self> {
        let lease = Arc::new(lock(&ctx.data_dir)?);
        let recovered = recover(&ctx)?;
        if recovered > 0 {
            tracing::warn!(recovered, "failed tasks interrupted by a previous crash");
        }
        tracing::info!(data_dir = %ctx.data_dir.display(), "dispatch loop started");
        let (wake, signals) = sync_channel(1);
        let running = Arc::new(Mutex::new(Running::default()));
        let thread = {
            let (ctx, running, wake, beat) =
                (ctx.clone(), Arc::clone(&running), wake.clone(), Arc::clone(&lease));
            std::thread::Builder::new()
                .name("anpm-dispatch".into())
                .spawn(move || run_loop(&ctx, &running, &signals, &wake, &beat))
                .map_err(|e| Error::io("starting the dispatch loop", e))?
        };
        Ok(Self { ctx, wake, running, thread: Some(thread), _lease: lease })
    }

    /// A handle that wakes this loop from elsewhere in the process.
    pub fn waker(&self) -> Waker {
        Waker(self.wake.clone())
    }

    /// Cancels a task this loop is running; false when it is not running here.
    pub fn cancel(&self, task_id: TaskId) -> bool {
        let running = self.running.lock().unwrap_or_else(|p| p.into_inner());
        match running.cancels.get(&task_id) {
            Some(token) => {
                token.cancel();
                true
            }
            None => false,
        }
    }

    /// Tasks running here now.
    pub fn running(&self) -> Vec<TaskId> {
        let mut ids: Vec<TaskId> = self
            .running
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .cancels
            .keys()
            .copied()
            .collect();
        ids.sort();
        ids
    }

}

impl Drop for Dispatcher {
    fn drop(&mut self) {
        let _ = self.wake.send(Signal::Stop);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// Reads `dispatch.paused` and `dispatch.concurrency`.
pub fn loop_settings(ctx: &ExecContext) -> (bool, usize) {
    let (paused, concurrency, _) = loop_state(ctx);
    (paused, concurrency)
}

/// The loop's settings in one read: paused, concurrency, and the latest run-next request.
fn loop_state(ctx: &ExecContext) -> (bool, usize, Option<String>) {
    let values = ctx
        .store
        .read(|tx| {
            Ok([
                tx.setting(SettingKey::DispatchPaused.as_str())?,
                tx.setting(SettingKey::DispatchConcurrency.as_str())?,
                tx.setting(SettingKey::DispatchRunNext.as_str())?,
            ])
        })
        .unwrap_or_default();
    let [paused, concurrency, run_next] = values.map(|s| s.map(|s| s.value));
    let paused = paused.is_some_and(|v| v == "true");
    let concurrency =
        concurrency.and_then(|v| v.parse().ok()).filter(|n| *n > 0).unwrap_or(DEFAULT_CONCURRENCY);
    (paused, concurrency, run_next)
}

fn run_loop(
    ctx: &ExecContext,
    running: &Arc<Mutex<Running>>,
    signals: &Receiver<Signal>,
    wake: &SyncSender<Signal>,
    lease: &Lease,
) {
    let mut last_run_next: Option<String> = None;
    let mut last_purge = std::time::Instant::now();
    loop {
        if last_purge.elapsed() >= Duration::from_secs(60) {
            ctx.bus.purge_idle(crate::activity::IDLE_PURGE);
            last_purge = std::time::Instant::now();
        }
        lease.heartbeat();
        let (paused, concurrency, run_next) = loop_state(ctx);
        let mut extra = run_next.is_some() && run_next != last_run_next && last_run_next.is_some();
        if last_run_next.is_none() {
            // The first look only records where the request counter stands.
            last_run_next = Some(run_next.clone().unwrap_or_default());
            extra = false;
        }
        // Tasks the operator asked to run now start first, whatever the pause and the concurrency say.
        loop {
            match ctx.store.write(|tx| tx.claim_run_now(Timestamp::now())) {
                Ok(Some(task_id)) => start_task(ctx, running, wake, task_id),
                Ok(None) => break,
                Err(e) => {
                    tracing::warn!(error = %e, "claiming a task to run now failed");
                    break;
                }
            }
        }
        loop {
            let busy = running.lock().unwrap_or_else(|p| p.into_inner()).cancels.len();
            if !extra && (paused || busy >= concurrency) {
                break;
            }
            match ctx.store.write(|tx| tx.claim_next_task(Timestamp::now())) {
                Ok(Some(task_id)) => {
                    extra = false;
                    start_task(ctx, running, wake, task_id);
                }
                Ok(None) => break,
                Err(e) => {
                    tracing::warn!(error = %e, "claiming the next task failed");
                    break;
                }
            }
        }
        if run_next.is_some() {
            last_run_next = run_next;
        }
        match signals.recv_timeout(POLL) {
            Ok(Signal::Wake) | Err(RecvTimeoutError::Timeout) => {}
            Ok(Signal::Stop) | Err(RecvTimeoutError::Disconnected) => break,
        }
    }
    // Stopping: interrupt the agents still running and wait for their threads to record it.
    let threads = {
        let mut running = running.lock().unwrap_or_else(|p| p.into_inner());
        for token in running.cancels.values() {
            token.interrupt();
        }
        std::mem::take(&mut running.threads)
    };
    for thread in threads {
        let _ = thread.join();
    }
    tracing::info!("dispatch loop stopped");
}

fn start_task(
    ctx: &ExecContext,
    running: &Arc<Mutex<Running>>,
    wake: &SyncSender<Signal>,
    task_id: TaskId,
) {
    let token = CancelToken::new();
    // Registered before the thread starts, so a task that ends at once still finds its entry to remove.
    running.lock().unwrap_or_else(|p| p.into_inner()).cancels.insert(task_id, token.clone());
    let (ctx, shared, wake) = (ctx.clone(), Arc::clone(running), wake.clone());
    let handle =
        std::thread::Builder::new().name(format!("anpm-task-{task_id}")).spawn(move || {
            guard::execute_guarded(&ctx, task_id, &token);
            shared.lock().unwrap_or_else(|p| p.into_inner()).cancels.remove(&task_id);
            let _ = wake.try_send(Signal::Wake);
        });
    let mut running = running.lock().unwrap_or_else(|p| p.into_inner());
    match handle {
        Ok(handle) => {
            running.threads.retain(|t| !t.is_finished());
            running.threads.push(handle);
        }
        Err(e) => {
            running.cancels.remove(&task_id);
            tracing::error!(%task_id, error = %e, "starting a task thread failed");
        }
    }
}
