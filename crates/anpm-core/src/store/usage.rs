//! SQL of usage roll-ups: dispatch attempts' cost and tokens summed by day, task, requirement, project or
//! agent, and the sums the budgets are checked against.

use rusqlite::params;

use super::Tx;
use crate::domain::{ProjectId, TaskId, Timestamp, UsageGroup, UsageRow, USAGE_ROWS};
use crate::Result;

/// The sums every roll-up selects, after its key and label.
const SUMS: &str = "count(*), coalesce(sum(a.cost_usd), 0.0), coalesce(sum(a.input_tokens), 0), coalesce(sum(a.output_tokens), 0)";

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<UsageRow> {
    Ok(UsageRow {
        key: r.get(0)?,
        label: r.get(1)?,
        attempts: r.get(2)?,
        cost_usd: r.get(3)?,
        input_tokens: r.get(4)?,
        output_tokens: r.get(5)?,
    })
}

impl Tx<'_> {
    /// The attempts of `project` (or all), grouped `by`; a day is the local calendar day at
    /// `offset_minutes` from UTC.
    pub fn usage_rollup(
        &self,
        project: Option<ProjectId>,
        by: UsageGroup,
        offset_minutes: i32,
    ) -> Result<Vec<UsageRow>> {
        let (key, label, join, order) = match by {
            UsageGroup::Day => (
                "date(a.started_at, ?2 || ' minutes')",
                "date(a.started_at, ?2 || ' minutes')",
                "",
                "1 DESC",
            ),
            UsageGroup::Task => ("t.id", "min(t.title)", "", "4 DESC, 1"),
            UsageGroup::Requirement => (
                "coalesce(r.id, '')",
                "coalesce(min(r.title), '(no requirement)')",
                "LEFT JOIN (SELECT task_id, min(requirement_id) AS requirement_id FROM task_lineage GROUP BY task_id) l
                    ON l.task_id = t.id
                 LEFT JOIN requirements r ON r.id = l.requirement_id",
                "4 DESC, 1",
            ),
            UsageGroup::Project => {
                ("t.project_id", "min(p.name)", "JOIN projects p ON p.id = t.project_id", "4 DESC, 1")
            }
            UsageGroup::Agent => ("a.agent_name", "a.agent_name", "", "4 DESC, 1"),
        };
        let sql = format!(
            "SELECT {key}, {label}, {SUMS}
             FROM dispatch_attempts a JOIN tasks t ON t.id = a.task_id {join}
             WHERE (?1 IS NULL OR t.project_id = ?1) AND (?2 IS NOT NULL)
             GROUP BY 1 ORDER BY {order} LIMIT {USAGE_ROWS}"
        );
        let offset = format!("{offset_minutes:+}");
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(params![project, offset], row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Everything the report covers, summed.
    pub fn usage_total(&self, project: Option<ProjectId>) -> Result<UsageRow> {
        Ok(self.row(
            &format!(
                "SELECT '', 'total', {SUMS} FROM dispatch_attempts a JOIN tasks t ON t.id = a.task_id
                 WHERE (?1 IS NULL OR t.project_id = ?1)"
            ),
            [project],
            row,
        )?)
    }

    /// What `task`'s attempts have cost so far, in US dollars.
    pub fn task_spent_usd(&self, task: TaskId) -> Result<f64> {
        Ok(self.row(
            "SELECT coalesce(sum(cost_usd), 0.0) FROM dispatch_attempts WHERE task_id = ?1",
            [task],
            |r| r.get(0),
        )?)
    }

    /// What `project`'s attempts started at or after `since` have cost, in US dollars.
    pub fn project_spent_usd_since(&self, project: ProjectId, since: Timestamp) -> Result<f64> {
        Ok(self.row(
            "SELECT coalesce(sum(a.cost_usd), 0.0) FROM dispatch_attempts a JOIN tasks t ON t.id = a.task_id
             WHERE t.project_id = ?1 AND a.started_at >= ?2",
            params![project, since],
            |r| r.get(0),
        )?)
    }
}
