//! The planning worker: a background thread that executes queued planning runs in the process that owns
//! it (the desktop app). Runs queued in this process wake it at once; runs queued by another process (the
//! CLI without `--wait`) are found within a second. It also fails runs that a dead process left running,
//! so that no run is ever stuck.

use std::sync::mpsc::{sync_channel, Receiver, RecvTimeoutError, SyncSender};
use std::sync::{Arc, Weak};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use super::Core;

/// How often the worker looks for runs queued by other processes.
const POLL: Duration = Duration::from_secs(1);

/// How often work left `running` by a process that died (a CLI's `plan run --wait` or `dispatch next
/// --wait` killed mid-run) is looked for while the app runs.
const STALE_SWEEP: Duration = Duration::from_secs(10);

/// The running worker, owned by [`Core`]. Dropping it stops the thread after the run in progress, if any.
#[derive(Debug)]
pub(crate) struct PlanningWorker {
    stop: Option<SyncSender<Signal>>,
    thread: Option<JoinHandle<()>>,
}

#[derive(Debug)]
pub(crate) enum Signal {
    Wake,
    Stop,
}

impl Core {
    /// Starts this core's planning worker (once; later calls do nothing). It runs until
    /// [`Core::shutdown`], or until the last handle to the core is gone: the thread holds only a weak one.
    pub fn start_planning_worker(self: &Arc<Self>) {
        let mut slot = self.planning_worker.lock().unwrap_or_else(|p| p.into_inner());
        if slot.is_some() {
            return;
        }
        // Capacity 1: one pending wake-up is as good as many.
        let (tx, rx) = sync_channel(1);
        *self.planning_wake.lock().unwrap_or_else(|p| p.into_inner()) = Some(tx.clone());
        let core = Arc::downgrade(self);
        let thread = std::thread::Builder::new()
            .name("anpm-planning".into())
            .spawn(move || work(&core, &rx))
            .expect("spawning the planning worker thread");
        *slot = Some(PlanningWorker { stop: Some(tx), thread: Some(thread) });
    }

    /// Tells the worker (if this process runs one) that a run was queued.
    pub(crate) fn wake_planning_worker(&self) {
        if let Some(tx) = self.planning_wake.lock().unwrap_or_else(|p| p.into_inner()).as_ref() {
            // Full means a wake-up is already pending; disconnected means the worker stopped.
            let _ = tx.try_send(Signal::Wake);
        }
    }
}

fn work(core: &Weak<Core>, signals: &Receiver<Signal>) {
    let mut last_sweep: Option<Instant> = None;
    loop {
        let Some(core) = core.upgrade() else { return };
        if last_sweep.is_none_or(|at| at.elapsed() >= STALE_SWEEP) {
            if let Err(e) = core.reconcile_orphans() {
                tracing::warn!(error = %e, "sweeping abandoned planning runs failed");
            }
            last_sweep = Some(Instant::now());
        }
        match core.planning().execute_next() {
            Ok(Some(_)) => continue,
            Ok(None) => {}
            Err(e) => tracing::warn!(error = %e, "executing a queued planning run failed"),
        }
        drop(core);
        match signals.recv_timeout(POLL) {
            Ok(Signal::Wake) | Err(RecvTimeoutError::Timeout) => {}
            Ok(Signal::Stop) | Err(RecvTimeoutError::Disconnected) => return,
        }
    }
}

impl Drop for PlanningWorker {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            // Blocking send: the worker drains its channel between runs, so this waits at most one run.
            let _ = stop.send(Signal::Stop);
        }
        if let Some(thread) = self.thread.take() {
            // The worker may itself drop the last handle to the core (and so this), and must not wait
            // for itself.
            if thread.thread().id() != std::thread::current().id() {
                let _ = thread.join();
            }
        }
    }
}
