//! Activity: what each runner (a dispatched task, a planning run) is doing right now, published on a
//! bounded broadcast bus that never blocks its publisher, coalesced so that a chatty agent cannot flood
//! subscribers, persisted so the latest state survives a restart.
//!
//! Coalescing: an update in the same phase as the runner's last delivered one, less than the window
//! ([`COALESCE`], one display frame) later, only replaces the runner's latest state; the bus's flusher
//! thread delivers it when the window ends, so a held update is never older than the window when it goes
//! out, and a runner reaches subscribers at most once per window. A phase change is always delivered at
//! once. Upstream held same-phase updates for 500 ms; a held step then reached the screen up to half a
//! second late, which the desktop's 50 ms latency goal rules out (ADR 0003).
//!
//! Persistence: delivered states are marked dirty and a background writer stores the dirty ones in one
//! transaction at most every [`PERSIST_EVERY`]; only the latest state of a runner matters after a
//! restart. A failed write leaves them dirty, and when the last bus clone is dropped the remaining dirty
//! states are written before the drop returns, so the last state survives even a short-lived process.

pub mod frame;

use std::collections::HashMap;
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};
use tokio::sync::broadcast;
use ts_rs::TS;

use crate::domain::{ActivitySnapshot, AuditSubject, RunnerId, Timestamp};
use crate::store::Store;

/// Same-phase updates closer together than this are merged: one display frame.
pub const COALESCE: Duration = Duration::from_micros(16_667);
/// Idle runners are forgotten after this long.
pub const IDLE_PURGE: Duration = Duration::from_secs(5 * 60);
/// The shortest gap between two writes of the persisted snapshots.
pub const PERSIST_EVERY: Duration = Duration::from_millis(250);
/// Updates buffered per subscriber before a slow one starts missing them.
const CAPACITY: usize = 256;

/// What a runner is doing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    Idle,
    Planning,
    ClaimingTask,
    Dispatching,
    Submitting,
    Routing,
}

/// One runner's state.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Activity {
    pub runner_id: RunnerId,
    pub phase: Phase,
    /// What the runner works on: a task, a planning run, a candidate (routing).
    pub subject_kind: Option<AuditSubject>,
    pub subject_id: Option<String>,
    pub subject_title: Option<String>,
    pub step: Option<String>,
    pub role_id: Option<String>,
    pub started_at: Timestamp,
    pub updated_at: Timestamp,
}

#[derive(Debug)]
struct Entry {
    latest: Activity,
    delivered_phase: Phase,
    delivered_at: Instant,
    /// `latest` is newer than what subscribers have.
    pending: bool,
    /// What subscribers have is newer than what the store has.
    dirty: bool,
}

#[derive(Debug)]
struct Shared {
    tx: broadcast::Sender<Activity>,
    window: Duration,
    state: Mutex<HashMap<RunnerId, Entry>>,
    /// Wakes the flusher when an update is held.
    held: Condvar,
    /// Wakes the writer when a delivered state is dirty; `None` without a store.
    dirty: Option<Condvar>,
    /// Set when the last bus clone is gone; the background threads end.
    closed: std::sync::atomic::AtomicBool,
    /// Held from taking the dirty states to their commit, so the closing write cannot return while the
    /// writer thread still has states in hand that are not yet stored.
    persisting: Mutex<()>,
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, HashMap<RunnerId, Entry>> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Delivers held updates whose window has ended. Sends under the state lock, as `publish` does, so
    /// a runner's updates reach subscribers in the order they were published (a send never blocks).
    fn flush_due(&self) {
        self.flush(false);
    }

    /// Delivers held updates: those whose window has ended, or every one when `all` (at shutdown).
    fn flush(&self, all: bool) {
        let now = Instant::now();
        let mut state = self.lock();
        let mut any = false;
        for e in
            state.values_mut().filter(|e| e.pending && (all || e.delivered_at + self.window <= now))
        {
            e.pending = false;
            e.delivered_at = now;
            e.dirty = true;
            any = true;
            // No subscriber is fine: the state is kept for the next one.
            let _ = self.tx.send(e.latest.clone());
        }
        drop(state);
        if any {
            self.delivered();
        }
    }

    /// The dirty states, marked clean; `mark_dirty` puts back the ones a failed write did not store.
    fn take_dirty(&self) -> Vec<ActivitySnapshot> {
        let mut state = self.lock();
        state
            .values_mut()
            .filter(|e| e.dirty)
            .map(|e| {
                e.dirty = false;
                ActivitySnapshot {
                    runner_id: e.latest.runner_id.clone(),
                    snapshot: serde_json::to_value(&e.latest)
                        .expect("invariant: activity serializes"),
                    updated_at: e.latest.updated_at,
                }
            })
            .collect()
    }

    /// Marks the runners of `unstored` dirty again, unless a newer state replaced them meanwhile (that
    /// one is dirty already).
    fn mark_dirty(&self, unstored: &[ActivitySnapshot]) {
        let mut state = self.lock();
        for snapshot in unstored {
            if let Some(e) = state.get_mut(&snapshot.runner_id) {
                e.dirty = true;
            }
        }
    }

    /// Writes the dirty states in one transaction; on failure they stay dirty for the next try.
    fn persist(&self, store: &Store) {
        let _persisting = self.persisting.lock().unwrap_or_else(|p| p.into_inner());
        let snapshots = self.take_dirty();
        if snapshots.is_empty() {
            return;
        }
        let written = store.write(|tx| {
            for snapshot in &snapshots {
                tx.put_activity_snapshot(snapshot)?;
            }
            Ok(())
        });
        if let Err(e) = written {
            tracing::warn!(error = %e, "persisting activity snapshots failed; retrying with the next");
            self.mark_dirty(&snapshots);
        }
    }

    fn delivered(&self) {
        if let Some(dirty) = &self.dirty {
            dirty.notify_one();
        }
    }
}

/// The bus. Cheap to clone.
#[derive(Debug, Clone)]
pub struct Bus {
    shared: Arc<Shared>,
    /// Shared by every clone; when the last one goes, its drop stops the background threads and
    /// stores what is still dirty.
    _closer: Arc<Closer>,
}

/// Ends the bus when the last clone is dropped: the flusher and the writer stop, and the dirty states are
/// written synchronously, so a short-lived process (`anpm dispatch next --wait`) keeps its last state.
#[derive(Debug)]
struct Closer {
    shared: Arc<Shared>,
    store: Option<Arc<Store>>,
}

impl Drop for Closer {
    fn drop(&mut self) {
        self.shared.closed.store(true, std::sync::atomic::Ordering::SeqCst);
        {
            // Under the lock, so a thread between its check and its wait cannot miss the wake-up.
            let _state = self.shared.lock();
            self.shared.held.notify_all();
            if let Some(dirty) = &self.shared.dirty {
                dirty.notify_all();
            }
        }
        self.shared.flush_due();
        if let Some(store) = &self.store {
            self.shared.persist(store);
        }
    }
}

impl Bus {
    /// A bus that persists the latest state of each runner in `store` (when given).
    pub fn new(store: Option<Arc<Store>>) -> Self {
        Self::with_window(store, COALESCE)
    }

    /// A bus merging same-phase updates closer together than `window` (tests widen it).
    pub fn with_window(store: Option<Arc<Store>>, window: Duration) -> Self {
        let (tx, _) = broadcast::channel(CAPACITY);
        let shared = Arc::new(Shared {
            tx,
            window,
            state: Mutex::new(HashMap::new()),
            held: Condvar::new(),
            dirty: store.is_some().then(Condvar::new),
            closed: std::sync::atomic::AtomicBool::new(false),
            persisting: Mutex::new(()),
        });
        spawn_flusher(Arc::clone(&shared));
        if let Some(store) = &store {
            spawn_writer(Arc::clone(&shared), Arc::clone(store));
        }
        let closer = Arc::new(Closer { shared: Arc::clone(&shared), store });
        Self { shared, _closer: closer }
    }

    /// Subscribes; also returns the current state of every runner.
    pub fn subscribe(&self) -> (Vec<Activity>, broadcast::Receiver<Activity>) {
        let rx = self.shared.tx.subscribe();
        (self.current(), rx)
    }

    /// The latest state of every runner.
    pub fn current(&self) -> Vec<Activity> {
        let state = self.shared.lock();
        let mut all: Vec<Activity> = state.values().map(|e| e.latest.clone()).collect();
        all.sort_by(|a, b| a.runner_id.cmp(&b.runner_id));
        all
    }

    /// Publishes an update (see the module docs for coalescing).
    pub fn publish(&self, activity: Activity) {
        let now = Instant::now();
        let delivered = {
            let mut state = self.shared.lock();
            match state.get_mut(&activity.runner_id) {
                Some(entry)
                    if entry.delivered_phase == activity.phase
                        && now.duration_since(entry.delivered_at) < self.shared.window =>
                {
                    entry.latest = activity.clone();
                    entry.pending = true;
                    false
                }
                _ => {
                    state.insert(
                        activity.runner_id.clone(),
                        Entry {
                            latest: activity.clone(),
                            delivered_phase: activity.phase,
                            delivered_at: now,
                            pending: false,
                            dirty: true,
                        },
                    );
                    // Under the lock, like the flusher's sends: no held update of this runner can
                    // overtake this one on its way to subscribers.
                    let _ = self.shared.tx.send(activity);
                    true
                }
            }
        };
        if delivered {
            self.shared.delivered();
        } else {
            self.shared.held.notify_one();
        }
    }

    /// Delivers held updates whose window has ended now, rather than when the flusher wakes (tests look
    /// at what is held without waiting on the flusher's timing).
    #[cfg(test)]
    fn flush(&self) {
        self.shared.flush_due();
    }

    /// Delivers every held update and writes what is dirty, now: the last step of a shutdown, so the
    /// final states are stored even while other clones of the bus live on.
    pub(crate) fn settle(&self) {
        self.shared.flush(true);
        if let Some(store) = &self._closer.store {
            self.shared.persist(store);
        }
    }

    /// Forgets runners idle for longer than `older_than`.
    pub fn purge_idle(&self, older_than: Duration) {
        let cutoff = Timestamp::now().plus_seconds(-(older_than.as_secs() as i64));
        let mut state = self.shared.lock();
        state.retain(|_, e| !(e.latest.phase == Phase::Idle && e.latest.updated_at < cutoff));
    }

    /// Loads persisted snapshots, keeping any live state this bus already has.
    pub fn restore(&self, snapshots: Vec<ActivitySnapshot>) {
        let mut state = self.shared.lock();
        for snapshot in snapshots {
            if state.contains_key(&snapshot.runner_id) {
                continue;
            }
            if let Ok(activity) = serde_json::from_value::<Activity>(snapshot.snapshot) {
                state.insert(
                    activity.runner_id.clone(),
                    Entry {
                        delivered_phase: activity.phase,
                        latest: activity,
                        delivered_at: Instant::now(),
                        pending: false,
                        dirty: false,
                    },
                );
            }
        }
    }
}

/// Delivers held updates when their window ends; ends when the bus is closed.
fn spawn_flusher(bus: Arc<Shared>) {
    let spawned = std::thread::Builder::new().name("anpm-activity-flush".into()).spawn(move || {
        use std::sync::atomic::Ordering;
        while !bus.closed.load(Ordering::SeqCst) {
            bus.flush_due();
            // The next window end is read under the lock the wait releases, so an update held in
            // between is not slept through: its publisher's notify comes after this wait begins.
            let state = bus.lock();
            if bus.closed.load(Ordering::SeqCst) {
                break;
            }
            let wait = state
                .values()
                .filter(|e| e.pending)
                .map(|e| (e.delivered_at + bus.window).saturating_duration_since(Instant::now()))
                .min();
            match wait {
                Some(wait) if wait.is_zero() => {}
                Some(wait) => {
                    drop(bus.held.wait_timeout(state, wait).unwrap_or_else(|p| p.into_inner()))
                }
                None => drop(bus.held.wait(state).unwrap_or_else(|p| p.into_inner())),
            }
        }
    });
    if let Err(e) = spawned {
        tracing::error!(error = %e, "held activity will only go out with the next update");
    }
}

/// Writes dirty runner states to the store, all of them in one transaction, at most every
/// [`PERSIST_EVERY`]; ends when the bus is closed (whose closer writes what is left).
fn spawn_writer(bus: Arc<Shared>, store: Arc<Store>) {
    let spawned = std::thread::Builder::new().name("anpm-activity".into()).spawn(move || {
        use std::sync::atomic::Ordering;
        let Some(dirty) = &bus.dirty else { return };
        loop {
            {
                let state = bus.lock();
                if bus.closed.load(Ordering::SeqCst) {
                    return;
                }
                if !state.values().any(|e| e.dirty) {
                    drop(dirty.wait(state).unwrap_or_else(|p| p.into_inner()));
                    continue;
                }
            }
            bus.persist(&store);
            std::thread::sleep(PERSIST_EVERY);
        }
    });
    if let Err(e) = spawned {
        tracing::warn!(error = %e, "activity snapshots will not be persisted");
    }
}

/// A fresh activity for `runner_id` in `phase`.
pub fn activity(runner_id: impl Into<RunnerId>, phase: Phase) -> Activity {
    let now = Timestamp::now();
    Activity {
        runner_id: runner_id.into(),
        phase,
        subject_kind: None,
        subject_id: None,
        subject_title: None,
        step: None,
        role_id: None,
        started_at: now,
        updated_at: now,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn step(runner: &str, phase: Phase, text: &str) -> Activity {
        Activity { step: Some(text.into()), ..activity(runner, phase) }
    }

    #[test]
    fn broadcasts_to_every_subscriber() {
        let bus = Bus::new(None);
        let (_, mut a) = bus.subscribe();
        let (_, mut b) = bus.subscribe();
        bus.publish(step("r1", Phase::Dispatching, "start"));
        assert_eq!(a.try_recv().expect("a").step.as_deref(), Some("start"));
        assert_eq!(b.try_recv().expect("b").step.as_deref(), Some("start"));
    }

    #[test]
    fn a_slow_subscriber_never_blocks_the_publisher() {
        let bus = Bus::new(None);
        let (_, mut slow) = bus.subscribe();
        for i in 0..(CAPACITY * 4) {
            bus.publish(step(&format!("r{i}"), Phase::Dispatching, "x"));
        }
        assert!(matches!(slow.try_recv(), Err(broadcast::error::TryRecvError::Lagged(_))));
    }

    /// Tests that look at what is held use a wide window, so a slow machine cannot end it mid-test.
    fn wide() -> Bus {
        Bus::with_window(None, Duration::from_millis(500))
    }

    #[test]
    fn same_phase_updates_coalesce_but_phase_changes_do_not() {
        let bus = wide();
        let (_, mut rx) = bus.subscribe();
        bus.publish(step("r", Phase::ClaimingTask, "claim"));
        bus.publish(step("r", Phase::Dispatching, "render"));
        bus.publish(step("r", Phase::Dispatching, "tool: Read"));
        bus.publish(step("r", Phase::Dispatching, "tool: Edit"));
        bus.publish(step("r", Phase::Submitting, "submit"));
        let got: Vec<String> =
            std::iter::from_fn(|| rx.try_recv().ok()).map(|a| a.step.unwrap()).collect();
        assert_eq!(got, ["claim", "render", "submit"]);
        assert_eq!(bus.current()[0].step.as_deref(), Some("submit"));
    }

    #[test]
    fn flush_delivers_the_merged_update_after_the_window() {
        let bus = wide();
        let (_, mut rx) = bus.subscribe();
        bus.publish(step("r", Phase::Dispatching, "a"));
        bus.publish(step("r", Phase::Dispatching, "b"));
        bus.flush();
        assert_eq!(rx.try_recv().expect("first").step.as_deref(), Some("a"));
        assert!(rx.try_recv().is_err(), "still inside the window");
    }

    #[test]
    fn a_held_update_goes_out_when_its_window_ends_without_another_publish() {
        let window = Duration::from_millis(60);
        let bus = Bus::with_window(None, window);
        let (_, mut rx) = bus.subscribe();
        let started = Instant::now();
        bus.publish(step("r", Phase::Dispatching, "a"));
        bus.publish(step("r", Phase::Dispatching, "b"));
        assert_eq!(rx.try_recv().expect("first").step.as_deref(), Some("a"));
        let deadline = Instant::now() + Duration::from_secs(2);
        let held = loop {
            match rx.try_recv() {
                Ok(a) => break a,
                Err(_) if Instant::now() < deadline => std::thread::sleep(Duration::from_millis(2)),
                Err(e) => panic!("the held update never went out: {e:?}"),
            }
        };
        assert_eq!(held.step.as_deref(), Some("b"));
        assert!(started.elapsed() >= window, "delivered before its window ended");
    }

    #[test]
    fn subscribe_returns_the_current_state_and_restore_keeps_live_entries() {
        let bus = Bus::new(None);
        assert!(bus.subscribe().0.is_empty());
        bus.publish(step("live", Phase::Dispatching, "now"));
        let old = |runner: &str| ActivitySnapshot {
            runner_id: runner.into(),
            snapshot: serde_json::to_value(step(runner, Phase::Idle, "old")).unwrap(),
            updated_at: Timestamp::now(),
        };
        bus.restore(vec![old("live"), old("restored")]);
        let (current, _) = bus.subscribe();
        let live = current.iter().find(|a| a.runner_id == "live").expect("live");
        assert_eq!(live.step.as_deref(), Some("now"), "live state wins");
        assert!(current.iter().any(|a| a.runner_id == "restored"));
    }

    #[test]
    fn snapshots_are_persisted_in_the_background() {
        let dir = tempfile::tempdir().expect("dir");
        let store = Arc::new(Store::open(&dir.path().join("anpm.db")).expect("store"));
        let bus = Bus::new(Some(Arc::clone(&store)));
        bus.publish(step("r", Phase::Dispatching, "persist me"));
        let stored_step = |runner: &str| {
            let stored = store.read(|tx| tx.activity_snapshots()).expect("read");
            stored.into_iter().find(|s| s.runner_id == runner).map(|s| s.snapshot["step"].clone())
        };
        let deadline = Instant::now() + Duration::from_millis(200);
        while stored_step("r").as_ref().and_then(|v| v.as_str()) != Some("persist me") {
            assert!(Instant::now() < deadline, "not persisted within 200 ms");
            std::thread::sleep(Duration::from_millis(5));
        }
        // A flood of runners: the writer coalesces, and every runner's last state is stored.
        for i in 0..2_000 {
            bus.publish(step(&format!("flood-{}", i % 50), Phase::Dispatching, &format!("s{i}")));
            bus.publish(step(&format!("flood-{}", i % 50), Phase::Submitting, &format!("t{i}")));
        }
        let deadline = Instant::now() + Duration::from_secs(3);
        while stored_step("flood-49").as_ref().and_then(|v| v.as_str()) != Some("t1999") {
            assert!(Instant::now() < deadline, "the last state was not persisted");
            std::thread::sleep(Duration::from_millis(20));
        }
        assert_eq!(stored_step("flood-0").as_ref().and_then(|v| v.as_str()), Some("t1950"));
    }

    #[test]
    fn dropping_the_last_bus_writes_what_is_still_dirty_before_it_returns() {
        let dir = tempfile::tempdir().expect("dir");
        let store = Arc::new(Store::open(&dir.path().join("anpm.db")).expect("store"));
        let bus = Bus::new(Some(Arc::clone(&store)));
        let (_, mut rx) = bus.subscribe();
        let clone = bus.clone();
        bus.publish(step("r", Phase::Dispatching, "working"));
        bus.publish(step("r", Phase::Idle, "completed"));
        drop(bus);
        assert!(rx.try_recv().is_ok(), "a clone is alive: the bus still delivers");
        drop(clone);
        let stored = store.read(|tx| tx.activity_snapshots()).expect("read");
        assert_eq!(stored.len(), 1);
        assert_eq!(
            stored[0].snapshot["step"], "completed",
            "the last state, stored by the drop itself"
        );
        // The subscription ends once the bus's threads have let go of it.
        let deadline = Instant::now() + Duration::from_secs(2);
        loop {
            match rx.try_recv() {
                Err(broadcast::error::TryRecvError::Closed) => break,
                _ if Instant::now() < deadline => std::thread::sleep(Duration::from_millis(5)),
                other => panic!("the bus did not close: {other:?}"),
            }
        }
    }

    #[test]
    fn purge_evicts_only_old_idle_runners() {
        let bus = Bus::new(None);
        let mut old_idle = step("old-idle", Phase::Idle, "done");
        old_idle.updated_at = Timestamp::now().plus_seconds(-600);
        let mut old_busy = step("old-busy", Phase::Dispatching, "working");
        old_busy.updated_at = Timestamp::now().plus_seconds(-600);
        bus.publish(old_idle);
        bus.publish(old_busy);
        bus.publish(step("new-idle", Phase::Idle, "done"));
        bus.purge_idle(IDLE_PURGE);
        let runners: Vec<String> = bus.current().into_iter().map(|a| a.runner_id.to_string()).collect();
        assert_eq!(runners, ["new-idle", "old-busy"]);
    }
}
