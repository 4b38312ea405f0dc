//! Rendering of the orchestration commands' outcomes (dependencies, "Run this plan"): JSON with the
//! entities' field names, and short lists for people.

use std::fmt::Write as _;

use serde_json::Value;

use super::render::table;
use crate::api::{
    ExportReport, ImportReport, ItemDependencies, PlanQueued, TaskDependencies, UsageReport,
};

/// What an orchestration command prints.
#[derive(Debug)]
pub enum Orchestration {
    Dependencies(TaskDependencies),
    ItemDependencies(ItemDependencies),
    PlanQueued(PlanQueued),
    Usage(UsageReport),
    Exported(ExportReport),
    Imported(ImportReport),
}

impl Orchestration {
    pub fn json(&self) -> Value {
        let value = match self {
            Self::Dependencies(v) => serde_json::to_value(v),
            Self::ItemDependencies(v) => serde_json::to_value(v),
            Self::PlanQueued(v) => serde_json::to_value(v),
            Self::Usage(v) => serde_json::to_value(v),
            Self::Exported(v) => serde_json::to_value(v),
            Self::Imported(v) => serde_json::to_value(v),
        };
        value.expect("invariant: domain types serialize to JSON")
    }

    pub fn text(&self) -> String {
        match self {
            Self::Dependencies(d) => {
                let mut text = table(
                    &["DEPENDS ON", "STAGE", "LETS IT START", "TITLE"],
                    d.depends_on.iter().map(|dep| {
                        vec![
                            dep.task_id.to_string(),
                            dep.stage.to_string(),
                            if d.waiting_on.contains(&dep.task_id) { "no" } else { "yes" }.into(),
                            dep.title.clone(),
                        ]
                    }),
                    "no dependencies",
                );
                if !d.dependents.is_empty() {
                    let ids: Vec<String> = d.dependents.iter().map(ToString::to_string).collect();
                    let _ = writeln!(text, "Waited on by: {}", ids.join(", "));
                }
                text
            }
            Self::ItemDependencies(d) => {
                let mut text = table(
                    &["COMES AFTER", "STATUS", "TASK", "TITLE"],
                    d.depends_on.iter().map(|dep| {
                        vec![
                            dep.item_id.to_string(),
                            dep.status.to_string(),
                            dep.task_id.map_or_else(|| "-".into(), |t| t.to_string()),
                            dep.title.clone(),
                        ]
                    }),
                    "no dependencies",
                );
                if !d.dependents.is_empty() {
                    let ids: Vec<String> = d.dependents.iter().map(ToString::to_string).collect();
                    let _ = writeln!(text, "Before: {}", ids.join(", "));
                }
                text
            }
            Self::Exported(e) => {
                let rows: usize = e.rows.values().sum();
                format!(
                    "Exported project {} to {}: {rows} rows, {} attempt log(s), {} bytes.\n",
                    e.project_id, e.path, e.logs, e.bytes
                )
            }
            Self::Imported(i) => {
                let rows: usize = i.rows.values().sum();
                let mut text = format!(
                    "Imported project {} ({}) at {}: {rows} rows, {} attempt log(s).\n",
                    i.project.name, i.project.id, i.project.repo_path, i.logs
                );
                if !i.profiles_matched_by_name.is_empty() {
                    let _ = writeln!(
                        text,
                        "Agent profiles already here under the same name were used: {}.",
                        i.profiles_matched_by_name.join(", ")
                    );
                }
                text
            }
            Self::Usage(u) => {
                let money = |v: f64| format!("${v:.2}");
                let mut text = table(
                    &[
                        u.by.as_str().to_uppercase().as_str(),
                        "ATTEMPTS",
                        "COST",
                        "TOKENS IN",
                        "TOKENS OUT",
                    ],
                    u.rows.iter().map(|r| {
                        vec![
                            r.label.clone(),
                            r.attempts.to_string(),
                            money(r.cost_usd),
                            r.input_tokens.to_string(),
                            r.output_tokens.to_string(),
                        ]
                    }),
                    "no agent runs yet",
                );
                let _ = writeln!(
                    text,
                    "Total: {} over {} attempt(s), {} in / {} out tokens.",
                    money(u.total.cost_usd),
                    u.total.attempts,
                    u.total.input_tokens,
                    u.total.output_tokens
                );
                let budget = |b: Option<f64>| b.map_or_else(|| "none".to_owned(), money);
                let _ = writeln!(
                    text,
                    "Budgets: {} a day per project (budget.project_daily_usd), {} per task (budget.task_usd).",
                    budget(u.project_daily_budget_usd),
                    budget(u.task_budget_usd)
                );
                text
            }
            Self::PlanQueued(q) => {
                let mut text = format!(
                    "Queued {} task(s) of requirement {} in dependency order; each starts when the tasks it depends on let it.\n",
                    q.queued.len(),
                    q.requirement_id
                );
                for id in &q.queued {
                    let _ = writeln!(text, "  queued   {id}");
                }
                for id in &q.already_active {
                    let _ = writeln!(text, "  active   {id} (already queued or running)");
                }
                for s in &q.skipped {
                    let _ = writeln!(text, "  skipped  {} {}: {}", s.task_id, s.title, s.reason);
                }
                text
            }
        }
    }
}
