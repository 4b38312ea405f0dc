//! Live activity as the shells read it: every runner's latest state, a subscription to its updates, and
//! the snapshots stored by whichever process ran them (the CLI reads those; it runs no runners itself).

use super::ActivityFeed;
use crate::activity::Activity;
use crate::Result;

impl ActivityFeed<'_> {
    /// The latest state of every runner of this process.
    pub fn current(&self) -> Vec<Activity> {
        self.core.bus.current()
    }

    /// The current state of every runner, and a receiver of each update from now on.
    pub fn subscribe(&self) -> (Vec<Activity>, tokio::sync::broadcast::Receiver<Activity>) {
        self.core.bus.subscribe()
    }

    /// The stored latest state of every runner of any process, as JSON objects.
    pub fn snapshots(&self) -> Result<Vec<serde_json::Value>> {
        Ok(self
            .core
            .store
            .read(|tx| tx.activity_snapshots())?
            .into_iter()
            .map(|s| s.snapshot)
            .collect())
    }
}
