//! Frames: how activity reaches a screen. A screen cannot show more than one change per display frame, so
//! updates are handed on in batches at most [`FRAME`] apart, each holding only the latest state per runner.
//! An update arriving after a quiet spell goes out at once; only a burst waits for the next frame.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use tokio::sync::broadcast::error::{RecvError, TryRecvError};
use tokio::sync::broadcast::Receiver;

use super::Activity;

/// The shortest gap between two batches: 60 per second.
pub const FRAME: Duration = Duration::from_micros(16_667);

/// Batches a bus subscription into frames.
#[derive(Debug)]
pub struct Frames {
    updates: Receiver<Activity>,
    last: Option<Instant>,
    /// Updates the subscription missed because this reader fell behind (they were superseded anyway).
    pub skipped: u64,
}

impl Frames {
    pub fn new(updates: Receiver<Activity>) -> Self {
        Self { updates, last: None, skipped: 0 }
    }

    /// Blocks for the next batch: one entry per runner that changed, oldest change first. `None` once the
    /// bus is gone. Must run on a thread of its own (it blocks and sleeps).
    pub fn next_batch(&mut self) -> Option<Vec<Activity>> {
        let first = loop {
            match self.updates.blocking_recv() {
                Ok(activity) => break activity,
                Err(RecvError::Lagged(missed)) => self.skipped += missed,
                Err(RecvError::Closed) => return None,
            }
        };
        if let Some(wait) = self.last.and_then(|last| FRAME.checked_sub(last.elapsed())) {
            std::thread::sleep(wait);
        }
        let mut order = vec![first.runner_id.clone()];
        let mut latest = HashMap::from([(first.runner_id.clone(), first)]);
        loop {
            match self.updates.try_recv() {
                Ok(activity) => {
                    if !latest.contains_key(&activity.runner_id) {
                        order.push(activity.runner_id.clone());
                    }
                    latest.insert(activity.runner_id.clone(), activity);
                }
                Err(TryRecvError::Lagged(missed)) => self.skipped += missed,
                Err(TryRecvError::Empty) | Err(TryRecvError::Closed) => break,
            }
        }
        self.last = Some(Instant::now());
        Some(order.into_iter().filter_map(|runner| latest.remove(&runner)).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::activity::{activity, Bus, Phase};

    #[test]
    fn a_burst_arrives_in_at_most_one_batch_per_frame_with_the_latest_state_per_runner() {
        let bus = Bus::new(None);
        let (_, rx) = bus.subscribe();
        let mut frames = Frames::new(rx);
        let publisher = {
            let bus = bus.clone();
            std::thread::spawn(move || {
                // 10 runners, each update a phase change (so the bus delivers every one rather than
                // coalescing), 2,000 updates in ~200 ms: a 10k/s burst.
                let started = Instant::now();
                for i in 0..2_000u32 {
                    let phase =
                        if (i / 10) % 2 == 0 { Phase::Dispatching } else { Phase::Submitting };
                    let mut state = activity(format!("task:{}", i % 10), phase);
                    state.step = Some(format!("step {i}"));
                    bus.publish(state);
                    let due = Duration::from_micros(100) * (i + 1);
                    if let Some(wait) = due.checked_sub(started.elapsed()) {
                        std::thread::sleep(wait);
                    }
                }
                let mut done = activity("done", Phase::Idle);
                done.step = Some("end".into());
                bus.publish(done);
            })
        };
        let mut arrivals = Vec::new();
        let mut last_steps: HashMap<String, String> = HashMap::new();
        loop {
            let batch = frames.next_batch().expect("bus open");
            // The batcher's own stamp, not this loop's clock: a test thread preempted between a batch
            // and its timestamp would see the next gap shorter than it was (seen on a loaded 2-core CI).
            arrivals.push(frames.last.expect("a batch went out"));
            let mut runners: Vec<&str> = batch.iter().map(|a| a.runner_id.as_str()).collect();
            let before = runners.len();
            runners.dedup();
            assert_eq!(runners.len(), before, "one entry per runner in a batch");
            for a in &batch {
                last_steps.insert(a.runner_id.to_string(), a.step.clone().unwrap_or_default());
            }
            if last_steps.contains_key("done") {
                break;
            }
        }
        publisher.join().unwrap();
        // Sleeping never ends early, so consecutive batches are a frame apart: ≤ 60 per second.
        for pair in arrivals.windows(2) {
            let gap = pair[1] - pair[0];
            assert!(gap >= FRAME, "two batches {gap:?} apart");
        }
        assert!(arrivals.len() >= 5, "the burst spans several frames: {}", arrivals.len());
        for runner in 0..10 {
            let step = &last_steps[&format!("task:{runner}")];
            let n: u32 = step.trim_start_matches("step ").parse().unwrap();
            assert!(n >= 1_990, "task:{runner} ended on {step}, not its last update");
        }
    }

    #[test]
    fn an_update_after_a_quiet_spell_goes_out_at_once() {
        let bus = Bus::new(None);
        let (_, rx) = bus.subscribe();
        let mut frames = Frames::new(rx);
        bus.publish(activity("a", Phase::Planning));
        assert_eq!(frames.next_batch().unwrap().len(), 1);
        std::thread::sleep(FRAME * 2);
        bus.publish(activity("b", Phase::Planning));
        let started = Instant::now();
        let batch = frames.next_batch().unwrap();
        assert_eq!(batch[0].runner_id, "b");
        assert!(started.elapsed() < FRAME / 2, "no frame wait after a quiet spell");
    }
}
