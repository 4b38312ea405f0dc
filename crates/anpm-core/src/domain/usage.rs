//! What agents cost, rolled up: by day, task, requirement, project or agent profile, summed over dispatch
//! attempts (each attempt records the cost and tokens its agent reported).

use serde::Serialize;
use ts_rs::TS;

use super::macros::string_enum;

string_enum! {
    /// How a usage report groups attempts.
    UsageGroup as "usage grouping" {
        /// Local calendar days, newest first.
        Day = "day",
        Task = "task",
        Requirement = "requirement",
        Project = "project",
        /// The agent profile that ran the attempt, by name.
        Agent = "agent",
    }
}

/// One group's totals.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct UsageRow {
    /// The group: a day (`YYYY-MM-DD`), a task, requirement or project id, or an agent name ('' for the
    /// attempts of tasks without a requirement).
    pub key: String,
    /// What people read: the day, the title, the name.
    pub label: String,
    pub attempts: i64,
    pub cost_usd: f64,
    pub input_tokens: i64,
    pub output_tokens: i64,
}

/// A usage report: the groups, most recent or most costly first (at most [`USAGE_ROWS`]), and the total
/// over everything the report covers.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct UsageReport {
    pub by: UsageGroup,
    pub rows: Vec<UsageRow>,
    pub total: UsageRow,
    /// The budgets in force (settings `budget.project_daily_usd`, `budget.task_usd`), `None` when unset.
    pub project_daily_budget_usd: Option<f64>,
    pub task_budget_usd: Option<f64>,
}

/// Most groups a report lists.
pub const USAGE_ROWS: usize = 200;
