//! SQL behind the dashboard summary: counts by status, backlog focus counts, review backlog and the
//! planning acceptance rate over a window.

use std::collections::BTreeMap;

use rusqlite::params;

use super::Tx;
use crate::domain::{ProjectId, Timestamp};
use crate::Result;

/// Raw counts for one project.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DashboardCounts {
    pub tasks_by_status: BTreeMap<String, u64>,
    pub tasks_by_dispatch_status: BTreeMap<String, u64>,
    pub tasks_by_review_status: BTreeMap<String, u64>,
    pub urgent_open_items: u64,
    pub blocked_items: u64,
    pub ready_items: u64,
    pub committed_items: u64,
    /// Draft candidates of completed runs, awaiting review.
    pub pending_review: u64,
    /// Candidate decisions of runs created since the window start.
    pub window_approved: u64,
    pub window_applied: u64,
    pub window_rejected: u64,
    pub window_runs_reviewed: u64,
}

impl Tx<'_> {
    /// Counts for `project_id` (every project when `None`), with the acceptance window starting at `since`.
    pub fn dashboard_counts(
        &self,
        project_id: Option<ProjectId>,
        since: Timestamp,
    ) -> Result<DashboardCounts> {
        let mut counts = DashboardCounts::default();
        for (column, target) in [
            ("status", &mut counts.tasks_by_status),
            ("dispatch_status", &mut counts.tasks_by_dispatch_status),
            ("review_status", &mut counts.tasks_by_review_status),
        ] {
            let mut stmt = self
                .conn
                .prepare(&format!("SELECT {column}, count(*) FROM tasks WHERE ?1 IS NULL OR project_id = ?1 GROUP BY {column}"))?;
            let rows = stmt
                .query_map([project_id], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))?;
            for row in rows {
                let (key, n) = row?;
                target.insert(key, n as u64);
            }
        }
        let (urgent, blocked, ready, committed): (i64, i64, i64, i64) = self.row(
            "SELECT coalesce(sum(priority = 'urgent' AND status IN ('triage', 'ready', 'blocked')), 0),
                    coalesce(sum(status = 'blocked'), 0), coalesce(sum(status = 'ready'), 0),
                    coalesce(sum(status = 'committed'), 0)
             FROM backlog_items WHERE ?1 IS NULL OR project_id = ?1",
            [project_id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )?;
        (
            counts.urgent_open_items,
            counts.blocked_items,
            counts.ready_items,
            counts.committed_items,
        ) = (urgent as u64, blocked as u64, ready as u64, committed as u64);
        counts.pending_review = self.row(
            "SELECT count(*) FROM backlog_candidates c JOIN planning_runs r ON r.id = c.planning_run_id
             WHERE (?1 IS NULL OR c.project_id = ?1) AND c.status = 'draft' AND r.status = 'completed'",
            [project_id],
            |r| r.get::<_, i64>(0),
        )? as u64;
        let (approved, applied, rejected, reviewed): (i64, i64, i64, i64) = self.row(
            "SELECT coalesce(sum(c.status = 'approved'), 0), coalesce(sum(c.status = 'applied'), 0),
                    coalesce(sum(c.status = 'rejected'), 0),
                    count(DISTINCT CASE WHEN c.status <> 'draft' THEN c.planning_run_id END)
             FROM backlog_candidates c JOIN planning_runs r ON r.id = c.planning_run_id
             WHERE (?1 IS NULL OR c.project_id = ?1) AND r.created_at >= ?2",
            params![project_id, since],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )?;
        (
            counts.window_approved,
            counts.window_applied,
            counts.window_rejected,
            counts.window_runs_reviewed,
        ) = (approved as u64, applied as u64, rejected as u64, reviewed as u64);
        Ok(counts)
    }
}

/// One UTC day of work: candidate decisions of the runs created that day, and dispatch attempts that
/// ended that day.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DayCounts {
    /// `YYYY-MM-DD`.
    pub day: String,
    pub accepted: u64,
    pub rejected: u64,
    pub attempts_completed: u64,
    pub attempts_failed: u64,
}

impl Tx<'_> {
    /// Per-day counts from `since` on, only days with something in them, oldest first. Timestamps are
    /// stored as RFC 3339 UTC text, so the first ten characters are the UTC day.
    pub fn daily_counts(
        &self,
        project_id: Option<ProjectId>,
        since: Timestamp,
    ) -> Result<Vec<DayCounts>> {
        let mut days: BTreeMap<String, DayCounts> = BTreeMap::new();
        let decisions = self.per_day(
            "SELECT substr(r.created_at, 1, 10) AS day,
                    coalesce(sum(c.status IN ('approved', 'applied')), 0),
                    coalesce(sum(c.status = 'rejected'), 0)
             FROM backlog_candidates c JOIN planning_runs r ON r.id = c.planning_run_id
             WHERE (?1 IS NULL OR c.project_id = ?1) AND r.created_at >= ?2
             GROUP BY day",
            project_id,
            since,
        )?;
        for (day, accepted, rejected) in decisions {
            let entry = day_entry(&mut days, day);
            (entry.accepted, entry.rejected) = (accepted, rejected);
        }
        let attempts = self.per_day(
            "SELECT substr(a.ended_at, 1, 10) AS day,
                    coalesce(sum(a.outcome = 'completed'), 0), coalesce(sum(a.outcome = 'failed'), 0)
             FROM dispatch_attempts a JOIN tasks t ON t.id = a.task_id
             WHERE (?1 IS NULL OR t.project_id = ?1) AND a.ended_at >= ?2
             GROUP BY day",
            project_id,
            since,
        )?;
        for (day, completed, failed) in attempts {
            let entry = day_entry(&mut days, day);
            (entry.attempts_completed, entry.attempts_failed) = (completed, failed);
        }
        Ok(days.into_values().collect())
    }

    /// Rows of `(day, count, count)` from a per-day query taking the project (or NULL) and the start.
    fn per_day(
        &self,
        sql: &str,
        project_id: Option<ProjectId>,
        since: Timestamp,
    ) -> Result<Vec<(String, u64, u64)>> {
        let mut stmt = self.conn.prepare_cached(sql)?;
        let rows = stmt.query_map(params![project_id, since], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)? as u64, r.get::<_, i64>(2)? as u64))
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }
}

/// The counts of `day`, created empty on first use.
fn day_entry(days: &mut BTreeMap<String, DayCounts>, day: String) -> &mut DayCounts {
    days.entry(day.clone()).or_insert_with(|| DayCounts { day, ..Default::default() })
}
