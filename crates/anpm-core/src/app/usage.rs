//! Usage roll-ups and the budgets they are held to: cost and tokens by day, task, requirement, project
//! or agent, with the budgets in force. The dispatch loop enforces the budgets (`dispatch::budget`).

use super::Usage;
use crate::dispatch::budget;
use crate::domain::*;
use crate::Result;

impl Usage<'_> {
    /// The attempts of `project` (or every project) grouped `by`, with the total and the budgets.
    pub fn report(&self, project: Option<ProjectId>, by: UsageGroup) -> Result<UsageReport> {
        let offset = crate::dispatch::reset::local_offset().whole_minutes();
        self.core.store.read(|tx| {
            if let Some(id) = project {
                tx.project(id)?.ok_or_else(|| crate::Error::not_found("project", id))?;
            }
            let budgets = budget::Budgets::read(tx)?;
            Ok(UsageReport {
                by,
                rows: tx.usage_rollup(project, by, i32::from(offset))?,
                total: tx.usage_total(project)?,
                project_daily_budget_usd: budgets.project_daily_usd,
                task_budget_usd: budgets.task_usd,
            })
        })
    }
}
