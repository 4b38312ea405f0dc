//! Budgets, as the dispatch loop holds runs to them: `budget.project_daily_usd` (no new task of a project
//! starts once its agents spent that much since local midnight; it waits for the next day) and
//! `budget.task_usd` (a task whose attempts together spent that much does not start again, and a run that
//! goes over it while it works is stopped, failing `budget_exceeded`). Costs are what the agents report.

use time::{Time, UtcOffset};

use crate::domain::*;
use crate::store::Tx;
use crate::Result;

/// The budgets in force; `None` when unset or 0.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Budgets {
    pub project_daily_usd: Option<f64>,
    pub task_usd: Option<f64>,
}

impl Budgets {
    pub fn read(tx: &Tx<'_>) -> Result<Self> {
        let read = |key: SettingKey| -> Result<Option<f64>> {
            Ok(tx
                .setting(key.as_str())?
                .and_then(|s| parse_usd(&s.value))
                .filter(|v| *v > 0.0))
        };
        Ok(Self {
            project_daily_usd: read(SettingKey::BudgetProjectDailyUsd)?,
            task_usd: read(SettingKey::BudgetTaskUsd)?,
        })
    }
}

/// Why a task may not start now.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Spent {
    /// The project's daily budget is spent: wait until `until` (the next local midnight).
    Day { until: Timestamp, message: String },
    /// The task's own budget is spent: it fails `budget_exceeded` without running.
    Task { message: String },
}

/// Checks `task` against the budgets before a run; `None` when it may start.
pub(super) fn before_start(tx: &Tx<'_>, task: &Task, now: Timestamp, offset: UtcOffset) -> Result<Option<Spent>> {
    let budgets = Budgets::read(tx)?;
    if let Some(budget) = budgets.task_usd {
        let spent = tx.task_spent_usd(task.id)?;
        if spent >= budget {
            return Ok(Some(Spent::Task {
                message: format!(
                    "the task's attempts already spent ${spent:.2} of its ${budget:.2} budget (budget.task_usd)"
                ),
            }));
        }
    }
    if let Some(budget) = budgets.project_daily_usd {
        let spent = tx.project_spent_usd_since(task.project_id, local_midnight(now, offset, 0))?;
        if spent >= budget {
            let until = local_midnight(now, offset, 1);
            return Ok(Some(Spent::Day {
                until,
                message: format!(
                    "waiting: the project's agents spent ${spent:.2} today, its daily budget is ${budget:.2} (budget.project_daily_usd); it starts after {until}"
                ),
            }));
        }
    }
    Ok(None)
}

/// What `task` may still spend in this run, when it has a budget.
pub(super) fn task_left(tx: &Tx<'_>, task: &Task) -> Result<Option<(f64, f64)>> {
    let Some(budget) = Budgets::read(tx)?.task_usd else { return Ok(None) };
    Ok(Some((budget - tx.task_spent_usd(task.id)?, budget)))
}

/// The message of a run stopped for going over the task budget.
pub(super) fn over_message(spent_before: f64, run_cost: f64, budget: f64) -> String {
    format!(
        "stopped: the task's attempts reached ${:.2} (this run ${run_cost:.2}) of its ${budget:.2} budget (budget.task_usd)",
        spent_before + run_cost
    )
}

/// Local midnight `days` after the start of `now`'s local day, as a UTC timestamp.
fn local_midnight(now: Timestamp, offset: UtcOffset, days: i64) -> Timestamp {
    let local = now.as_datetime().to_offset(offset).replace_time(Time::MIDNIGHT);
    Timestamp::from_datetime((local + time::Duration::days(days)).to_offset(UtcOffset::UTC))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_day_starts_at_local_midnight() {
        let now: Timestamp = "2026-12-03T23:30:00Z".parse().unwrap();
        let plus_two = UtcOffset::from_hms(2, 0, 0).unwrap();
        // 23:30 UTC is 01:30 on the 4th at UTC+2: that day began at 22:00 UTC on the 3rd.
        assert_eq!(local_midnight(now, plus_two, 0), "2026-12-03T22:00:00Z".parse().unwrap());
        assert_eq!(local_midnight(now, plus_two, 1), "2026-12-04T22:00:00Z".parse().unwrap());
        assert_eq!(local_midnight(now, UtcOffset::UTC, 0), "2026-12-03T00:00:00Z".parse().unwrap());
    }
}
