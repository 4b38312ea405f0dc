//! The dashboard summary: where work stands, what waits for review, how planning is received, and one
//! health number.

use std::collections::BTreeMap;

use serde::Serialize;
use ts_rs::TS;

use super::Core;
use crate::domain::{ProjectId, Timestamp};
use crate::store::DayCounts;
use crate::{Error, Result};

/// Days the planning acceptance rate looks back.
const ACCEPTANCE_WINDOW_DAYS: i64 = 7;
/// Days the trend covers, today included.
pub const TREND_DAYS: i64 = 14;

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
    /// Tasks whose work waits for the operator's decision (in review, or stopped on a conflict).
    pub awaiting_review: u64,
    pub backlog_focus: BacklogFocus,
    /// Draft candidates of completed runs.
    pub pending_review: u64,
    /// (approved + applied) / (approved + applied + rejected) over candidates of runs from the last 7 days.
    pub planning_acceptance_rate_7d: Option<f64>,
    /// Runs from the last 7 days with at least one review decision.
    pub planning_runs_reviewed_7d: u64,
    /// 0.7 × task completion + 0.3 × document freshness, truncated to two decimals; 1.0 for an empty project.
    pub health_score: f64,
    /// One entry per UTC day of the last [`TREND_DAYS`], oldest first, quiet days included.
    pub trend: Vec<DayTrend>,
}

/// How planning was received and how much dispatched work ended on one UTC day.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct DayTrend {
    /// `YYYY-MM-DD` (UTC).
    pub day: String,
    /// Candidates approved or applied, of the runs created that day.
    pub accepted: u64,
    /// Candidates rejected, of the runs created that day.
    pub rejected: u64,
    /// accepted / (accepted + rejected); none on a day without decisions.
    pub acceptance_rate: Option<f64>,
    /// Dispatch attempts that ended completed that day.
    pub completed: u64,
    /// Dispatch attempts that ended failed that day.
    pub failed: u64,
}

impl Core {
    /// The dashboard of `project_id`, or of every project when `None`.
    pub fn dashboard(&self, project_id: Option<ProjectId>) -> Result<Dashboard> {
        let now = Timestamp::now();
        let since = now.plus_seconds(-ACCEPTANCE_WINDOW_DAYS * 24 * 3600);
        let first_day = now.as_datetime().date() - time::Duration::days(TREND_DAYS - 1);
        let trend_since = Timestamp::from_datetime(first_day.midnight().assume_utc());
        let (counts, days) = self.store.read(|tx| {
            if let Some(id) = project_id {
                tx.project(id)?.ok_or_else(|| Error::not_found("project", id))?;
            }
            Ok((tx.dashboard_counts(project_id, since)?, tx.daily_counts(project_id, trend_since)?))
        })?;
        let accepted = counts.window_approved + counts.window_applied;
        let decided = accepted + counts.window_rejected;
        Ok(Dashboard {
            project_id,
            health_score: health_score(&counts.tasks_by_status),
            tasks_by_status: counts.tasks_by_status,
            tasks_by_dispatch_status: counts.tasks_by_dispatch_status,
            awaiting_review: ["in_review", "conflict"]
                .iter()
                .map(|k| counts.tasks_by_review_status.get(*k).copied().unwrap_or(0))
                .sum(),
            backlog_focus: BacklogFocus {
                urgent_open: counts.urgent_open_items,
                blocked: counts.blocked_items,
                ready: counts.ready_items,
                committed: counts.committed_items,
            },
            pending_review: counts.pending_review,
            planning_acceptance_rate_7d: (decided > 0).then(|| accepted as f64 / decided as f64),
            planning_runs_reviewed_7d: counts.window_runs_reviewed,
            trend: trend(first_day, days),
        })
    }
}

/// Every day from `first_day` through today, filled from the days that had something in them.
fn trend(first_day: time::Date, days: Vec<DayCounts>) -> Vec<DayTrend> {
    let mut counts = days.into_iter().map(|d| (d.day.clone(), d)).collect::<BTreeMap<_, _>>();
    (0..TREND_DAYS)
        .filter_map(|offset| first_day.checked_add(time::Duration::days(offset)))
        .map(|date| {
            let day = format!("{:04}-{:02}-{:02}", date.year(), u8::from(date.month()), date.day());
            let c = counts.remove(&day).unwrap_or_default();
            let decided = c.accepted + c.rejected;
            DayTrend {
                acceptance_rate: (decided > 0).then(|| c.accepted as f64 / decided as f64),
                accepted: c.accepted,
                rejected: c.rejected,
                completed: c.attempts_completed,
                failed: c.attempts_failed,
                day,
            }
        })
        .collect()
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
