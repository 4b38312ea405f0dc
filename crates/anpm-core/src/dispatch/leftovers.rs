//! Stopping what a run left behind when anpm was not there to stop it: after a crash (recovery at the
//! loop's start, or when any command finds an orphaned run) and after a failure inside anpm.
//!
//! An attempt's processes are known from the record its run kept beside the log ([`super::tree`]), and
//! from its agent's process group when the agent is still the same process (pid and start time). All
//! attempts are stopped in one ladder, so several cost one grace period, not one each.

use std::path::{Path, PathBuf};
use std::time::Duration;

use super::tree::{self, Tree};
use crate::domain::DispatchAttempt;

/// The file beside an attempt's log that lists its processes.
pub fn record_path(log_path: &Path) -> PathBuf {
    log_path.with_file_name("processes")
}

/// The processes of `attempt` that may still run, as a tree to stop, or `None` when nothing is known.
fn tree_of(attempt: &DispatchAttempt) -> Option<Tree> {
    let recorded =
        attempt.log_path.as_deref().and_then(|log| Tree::from_record(&record_path(Path::new(log))));
    if recorded.is_some() {
        return recorded;
    }
    // An attempt from before records were kept: its group, if the leader is still the same process.
    let (pgid, ticks) = (attempt.pgid? as i32, attempt.process_start_ticks?);
    (tree::read_proc(pgid).map(|p| p.start) == Some(ticks)).then(|| Tree::new(pgid, String::new()))
}

/// Stops every process the given attempts left running, all at once; returns the pids that survived
/// SIGKILL (should be none).
pub fn stop(attempts: &[DispatchAttempt], grace: Duration) -> Vec<i32> {
    let mut trees: Vec<Tree> = attempts.iter().filter_map(tree_of).collect();
    if trees.is_empty() {
        return Vec::new();
    }
    let survivors: Vec<i32> =
        tree::stop_all(&mut trees, grace, &mut || true).into_iter().map(|m| m.pid).collect();
    if !survivors.is_empty() {
        tracing::error!(?survivors, "agent processes survived SIGKILL");
    }
    survivors
}
