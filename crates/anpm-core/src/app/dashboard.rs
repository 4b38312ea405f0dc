//! The dashboard summary: where work stands, what waits for review, how planning is received, and one
//! health number.

use std::collections::BTreeMap;

use serde::Serialize;
use ts_rs::TS;

use super::Core;
use crate::domain::{ProjectId, Timestamp};
use crate::{Error, Result};

/// Days the planning acceptance rate looks back.
const ACCEPTANCE_WINDOW_DAYS: i64 = 7;

/// Backlog items that need attention.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct BacklogFocus {
    pub urgent_open: u64,
    pub blocked: u64,
    pub ready: u64,
    pub committed: u64,
}

/// The dashboard of one project (or all of them).
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Dashboard {
    pub project_id: Option<ProjectId>,
    pub tasks_by_status: BTreeMap<String, u64>,
    pub tasks_by_dispatch_status: BTreeMap<String, u64>,
    pub backlog_focus: BacklogFocus,
    /// Draft candidates of completed runs.
    pub pending_review: u64,
    /// (approved + applied) / (approved + applied + rejected) over candidates of runs from the last 7 days.
    pub planning_acceptance_rate_7d: Option<f64>,
    /// Runs from the last 7 days with at least one review decision.
    pub planning_runs_reviewed_7d: u64,
    /// 0.7 × task completion + 0.3 × document freshness, truncated to two decimals; 1.0 for an empty project.
    pub health_score: f64,
}

impl Core {
    /// The dashboard of `project_id`, or of every project when `None`.
    pub fn dashboard(&self, project_id: Option<ProjectId>) -> Result<Dashboard> {
        let since = Timestamp::now().plus_seconds(-ACCEPTANCE_WINDOW_DAYS * 24 * 3600);
        let counts = self.store.read(|tx| {
            if let Some(id) = project_id {
                tx.project(id)?.ok_or_else(|| Error::not_found("project", id))?;
            }
            tx.dashboard_counts(project_id, since)
        })?;
        let accepted = counts.window_approved + counts.window_applied;
        let decided = accepted + counts.window_rejected;
        Ok(Dashboard {
            project_id,
            health_score: health_score(&counts.tasks_by_status),
            tasks_by_status: counts.tasks_by_status,
            tasks_by_dispatch_status: counts.tasks_by_dispatch_status,
            backlog_focus: BacklogFocus {
                urgent_open: counts.urgent_open_items,
                blocked: counts.blocked_items,
                ready: counts.ready_items,
                committed: counts.committed_items,
            },
            pending_review: counts.pending_review,
            planning_acceptance_rate_7d: (decided > 0).then(|| accepted as f64 / decided as f64),
            planning_runs_reviewed_7d: counts.window_runs_reviewed,
        })
    }
}

/// Task completion weighs 0.7 and document freshness 0.3. anpm keeps no document registry yet, so
/// freshness counts as full; cancelled tasks are left out of the completion ratio.
fn health_score(tasks_by_status: &BTreeMap<String, u64>) -> f64 {
    let count = |s: &str| tasks_by_status.get(s).copied().unwrap_or(0);
    let total: u64 = tasks_by_status.values().sum();
    if total == 0 {
        return 1.0;
    }
    let considered = (total - count("cancelled")).max(1);
    let completion = count("done") as f64 / considered as f64;
    let score = 0.7 * completion + 0.3;
    (score * 100.0).trunc() / 100.0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn statuses(pairs: &[(&str, u64)]) -> BTreeMap<String, u64> {
        pairs.iter().map(|(k, v)| ((*k).to_owned(), *v)).collect()
    }

    #[test]
    fn health_score_formula() {
        assert_eq!(health_score(&statuses(&[])), 1.0);
        assert_eq!(
            health_score(&statuses(&[("todo", 2), ("done", 1)])),
            0.53,
            "0.7/3 + 0.3 = 0.5333 truncated"
        );
        assert_eq!(health_score(&statuses(&[("done", 1), ("cancelled", 3)])), 1.0);
        assert_eq!(health_score(&statuses(&[("cancelled", 2)])), 0.3);
    }
}
