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
    /// done / (tasks − cancelled), 1.0 without tasks: the 0.7 part of the health score.
    pub task_completion: f64,
    /// fresh documents / documents, 1.0 without documents: the 0.3 part of the health score.
    pub document_freshness: f64,
    /// The project's sync, drift and recent agent runs (one project only).
    pub knowledge: Option<KnowledgeSummary>,
    /// One entry per UTC day of the last [`TREND_DAYS`], oldest first, quiet days included.
    pub trend: Vec<DayTrend>,
}

/// What the repository's history and the agents have been saying, for the dashboard.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct KnowledgeSummary {
    pub latest_sync: Option<crate::domain::SyncRun>,
    pub open_drift: crate::store::SeverityCounts,
    pub documents: u64,
    pub stale_documents: u64,
    /// The 5 most recent agent runs: dispatch attempts and planning runs, newest first.
    pub recent_agent_runs: Vec<crate::planning::context::AgentRunRef>,
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
        let (counts, days, knowledge, (documents, stale)) = self.store.read(|tx| {
            let knowledge = match project_id {
                Some(id) => {
                    tx.project(id)?.ok_or_else(|| Error::not_found("project", id))?;
                    Some(KnowledgeSummary {
                        latest_sync: tx.sync_runs(id, 1)?.into_iter().next(),
                        open_drift: tx.open_drift_counts(id)?,
                        documents: 0,
                        stale_documents: 0,
                        recent_agent_runs: super::context_pack::recent_agent_runs(tx, id, None, 5)?,
                    })
                }
                None => None,
            };
            Ok((
                tx.dashboard_counts(project_id, since)?,
                tx.daily_counts(project_id, trend_since)?,
                knowledge,
                tx.document_counts(project_id)?,
            ))
        })?;
        let knowledge = knowledge.map(|k| KnowledgeSummary { documents, stale_documents: stale, ..k });
        let (task_completion, document_freshness) = health_parts(&counts.tasks_by_status, documents, stale);
        let accepted = counts.window_approved + counts.window_applied;
        let decided = accepted + counts.window_rejected;
        Ok(Dashboard {
            project_id,
            health_score: health_score(task_completion, document_freshness),
            task_completion,
            document_freshness,
            knowledge,
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

/// The two parts of the health score: task completion (cancelled tasks left out; 1.0 without tasks) and
/// document freshness (1.0 without documents).
fn health_parts(tasks_by_status: &BTreeMap<String, u64>, documents: u64, stale: u64) -> (f64, f64) {
    let count = |s: &str| tasks_by_status.get(s).copied().unwrap_or(0);
    let total: u64 = tasks_by_status.values().sum();
    let completion = if total == 0 {
        1.0
    } else {
        count("done") as f64 / (total - count("cancelled")).max(1) as f64
    };
    let freshness =
        if documents == 0 { 1.0 } else { documents.saturating_sub(stale) as f64 / documents as f64 };
    (completion, freshness)
}

/// Task completion weighs 0.7 and document freshness 0.3, truncated (not rounded) to two decimals.
fn health_score(completion: f64, freshness: f64) -> f64 {
    ((0.7 * completion + 0.3 * freshness) * 100.0).trunc() / 100.0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn statuses(pairs: &[(&str, u64)]) -> BTreeMap<String, u64> {
        pairs.iter().map(|(k, v)| ((*k).to_owned(), *v)).collect()
    }

    fn score(pairs: &[(&str, u64)], documents: u64, stale: u64) -> f64 {
        let (completion, freshness) = health_parts(&statuses(pairs), documents, stale);
        health_score(completion, freshness)
    }

    #[test]
    fn health_score_formula() {
        assert_eq!(score(&[], 0, 0), 1.0);
        assert_eq!(score(&[("todo", 2), ("done", 1)], 0, 0), 0.53, "0.7/3 + 0.3 = 0.5333 truncated");
        assert_eq!(score(&[("done", 1), ("cancelled", 3)], 0, 0), 1.0);
        assert_eq!(score(&[("cancelled", 2)], 0, 0), 0.3);
        assert_eq!(score(&[("done", 1), ("todo", 1)], 4, 1), 0.57, "0.35 + 0.3 × 3/4 = 0.575 truncated");
        assert_eq!(score(&[], 2, 2), 0.7);
    }
}
