//! Activity: what each runner (a dispatched task, a planning run) is doing right now, published on a
//! bounded broadcast bus that never blocks its publisher, coalesced so that a chatty agent cannot flood
//! subscribers, persisted so the latest state survives a restart.
//!
//! Coalescing: an update in the same phase as the runner's last delivered one, less than
//! [`COALESCE`] later, only replaces the runner's latest state; it is delivered by the next update or by
//! [`Bus::flush`]. A phase change is always delivered at once.

pub mod frame;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};
use tokio::sync::broadcast;
use ts_rs::TS;

use crate::domain::{ActivitySnapshot, Timestamp};
use crate::store::Store;

/// Same-phase updates closer together than this are merged.
pub const COALESCE: Duration = Duration::from_millis(500);
/// Idle runners are forgotten after this long.
pub const IDLE_PURGE: Duration = Duration::from_secs(5 * 60);
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
    pub runner_id: String,
    pub phase: Phase,
    pub subject_kind: Option<String>,
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
    pending: bool,
}

/// The bus. Cheap to clone.
#[derive(Debug, Clone)]
pub struct Bus {
    tx: broadcast::Sender<Activity>,
    state: Arc<Mutex<HashMap<String, Entry>>>,
    /// Snapshots on their way to the store, written by a background thread so that publishing never waits
    /// for SQLite. When the writer falls behind, snapshots are dropped (the next one supersedes them).
    persist: Option<std::sync::mpsc::SyncSender<ActivitySnapshot>>,
}

impl Bus {
    /// A bus that persists the latest state of each runner in `store` (when given).
    pub fn new(store: Option<Arc<Store>>) -> Self {
        let (tx, _) = broadcast::channel(CAPACITY);
        let persist = store.map(|store| {
            let (snapshots, rx) = std::sync::mpsc::sync_channel::<ActivitySnapshot>(CAPACITY);
            // The thread ends when the last bus clone (and so the last sender) is dropped.
            let spawned =
                std::thread::Builder::new().name("anpm-activity".into()).spawn(move || {
                    for snapshot in rx {
                        if let Err(e) = store.write(|tx| tx.put_activity_snapshot(&snapshot)) {
                            tracing::warn!(error = %e, "persisting an activity snapshot failed");
                        }
                    }
                });
            if let Err(e) = spawned {
                tracing::warn!(error = %e, "activity snapshots will not be persisted");
            }
            snapshots
        });
        Self { tx, state: Arc::new(Mutex::new(HashMap::new())), persist }
    }

    /// Subscribes; also returns the current state of every runner.
    pub fn subscribe(&self) -> (Vec<Activity>, broadcast::Receiver<Activity>) {
        let rx = self.tx.subscribe();
        (self.current(), rx)
    }

    /// The latest state of every runner.
    pub fn current(&self) -> Vec<Activity> {
        let state = self.state.lock().unwrap_or_else(|p| p.into_inner());
        let mut all: Vec<Activity> = state.values().map(|e| e.latest.clone()).collect();
        all.sort_by(|a, b| a.runner_id.cmp(&b.runner_id));
        all
    }

    /// Publishes an update (see the module docs for coalescing).
    pub fn publish(&self, activity: Activity) {
        let now = Instant::now();
        let deliver = {
            let mut state = self.state.lock().unwrap_or_else(|p| p.into_inner());
            match state.get_mut(&activity.runner_id) {
                Some(entry)
                    if entry.delivered_phase == activity.phase
                        && now.duration_since(entry.delivered_at) < COALESCE =>
                {
                    entry.latest = activity.clone();
                    entry.pending = true;
                    false
                }
                Some(entry) => {
                    *entry = Entry {
                        latest: activity.clone(),
                        delivered_phase: activity.phase,
                        delivered_at: now,
                        pending: false,
                    };
                    true
                }
                None => {
                    state.insert(
                        activity.runner_id.clone(),
                        Entry {
                            latest: activity.clone(),
                            delivered_phase: activity.phase,
                            delivered_at: now,
                            pending: false,
                        },
                    );
                    true
                }
            }
        };
        if deliver {
            self.deliver(activity);
        }
    }

    /// Delivers merged updates whose coalescing window has passed.
    pub fn flush(&self) {
        let now = Instant::now();
        let due: Vec<Activity> = {
            let mut state = self.state.lock().unwrap_or_else(|p| p.into_inner());
            state
                .values_mut()
                .filter(|e| e.pending && now.duration_since(e.delivered_at) >= COALESCE)
                .map(|e| {
                    e.pending = false;
                    e.delivered_at = now;
                    e.latest.clone()
                })
                .collect()
        };
        for activity in due {
            self.deliver(activity);
        }
    }

    /// Forgets runners idle for longer than `older_than`.
    pub fn purge_idle(&self, older_than: Duration) {
        let cutoff = Timestamp::now().plus_seconds(-(older_than.as_secs() as i64));
        let mut state = self.state.lock().unwrap_or_else(|p| p.into_inner());
        state.retain(|_, e| !(e.latest.phase == Phase::Idle && e.latest.updated_at < cutoff));
    }

    /// Loads persisted snapshots, keeping any live state this bus already has.
    pub fn restore(&self, snapshots: Vec<ActivitySnapshot>) {
        let mut state = self.state.lock().unwrap_or_else(|p| p.into_inner());
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
                    },
                );
            }
        }
    }

    fn deliver(&self, activity: Activity) {
        if let Some(persist) = &self.persist {
            let snapshot = ActivitySnapshot {
                runner_id: activity.runner_id.clone(),
                snapshot: serde_json::to_value(&activity).expect("invariant: activity serializes"),
                updated_at: activity.updated_at,
            };
            // Full: the writer is behind and a later snapshot of this runner will follow.
            let _ = persist.try_send(snapshot);
        }
        // No subscriber is fine: the state is kept for the next one.
        let _ = self.tx.send(activity);
    }
}

/// A fresh activity for `runner_id` in `phase`.
pub fn activity(runner_id: &str, phase: Phase) -> Activity {
    let now = Timestamp::now();
    Activity {
        runner_id: runner_id.to_owned(),
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

    #[test]
    fn same_phase_updates_coalesce_but_phase_changes_do_not() {
        let bus = Bus::new(None);
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
        let bus = Bus::new(None);
        let (_, mut rx) = bus.subscribe();
        bus.publish(step("r", Phase::Dispatching, "a"));
        bus.publish(step("r", Phase::Dispatching, "b"));
        bus.flush();
        assert_eq!(rx.try_recv().expect("first").step.as_deref(), Some("a"));
        assert!(rx.try_recv().is_err(), "still inside the window");
        std::thread::sleep(COALESCE + Duration::from_millis(20));
        bus.flush();
        assert_eq!(rx.try_recv().expect("merged").step.as_deref(), Some("b"));
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
        let deadline = Instant::now() + Duration::from_millis(200);
        loop {
            let stored = store.read(|tx| tx.activity_snapshots()).expect("read");
            if stored.iter().any(|s| s.snapshot["step"] == "persist me") {
                break;
            }
            assert!(Instant::now() < deadline, "not persisted within 200 ms");
            std::thread::sleep(Duration::from_millis(5));
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
        let runners: Vec<String> = bus.current().into_iter().map(|a| a.runner_id).collect();
        assert_eq!(runners, ["new-idle", "old-busy"]);
    }
}
