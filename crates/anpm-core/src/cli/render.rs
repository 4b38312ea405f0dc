//! Rendering of command outcomes: one JSON value for `--json`, aligned plain text for people.

use std::fmt::Write;

use serde::Serialize;
use serde_json::{json, Value};

use crate::app::{CommitOutcome, ProjectRemoval, TaskDetail};
use crate::domain::{BacklogItem, Project, Requirement, Task};

/// Everything a command can print. Built once per process and printed at once, so the size spread between
/// variants costs nothing worth boxing for.
#[derive(Debug)]
#[allow(clippy::large_enum_variant)]
pub enum Output {
    Project(Project),
    Projects(Vec<Project>),
    ProjectRemoved(ProjectRemoval),
    Requirement(Requirement),
    Requirements(Vec<Requirement>),
    RequirementDeleted(Requirement),
    BacklogItem(BacklogItem),
    BacklogItems(Vec<BacklogItem>),
    Committed(CommitOutcome),
    Task(Task),
    TaskDetail(TaskDetail),
    Tasks(Vec<Task>),
}

impl Output {
    /// The JSON form: the entity (or list) itself, with field names as keys.
    pub fn json(&self) -> Value {
        match self {
            Self::Project(v) => to_json(v),
            Self::Projects(v) => to_json(v),
            Self::ProjectRemoved(v) => to_json(v),
            Self::Requirement(v) => to_json(v),
            Self::Requirements(v) => to_json(v),
            Self::RequirementDeleted(v) => json!({ "deleted": to_json(v) }),
            Self::BacklogItem(v) => to_json(v),
            Self::BacklogItems(v) => to_json(v),
            Self::Committed(v) => to_json(v),
            Self::Task(v) => to_json(v),
            Self::TaskDetail(v) => to_json(v),
            Self::Tasks(v) => to_json(v),
        }
    }

    /// The human form.
    pub fn text(&self) -> String {
        match self {
            Self::Project(p) => project(p),
            Self::Projects(list) => table(
                &["ID", "NAME", "BRANCH", "REPOSITORY"],
                list.iter().map(|p| vec![p.id.to_string(), p.name.clone(), p.default_branch.clone(), p.repo_path.clone()]),
                "no projects yet; add one with `anpm project add PATH`",
            ),
            Self::ProjectRemoved(r) => format!(
                "Removed project {} ({}) with {} requirement(s), {} backlog item(s), {} task(s), {} planning run(s).\n\
                 The repository at {} was not touched.\n",
                r.removed.name,
                r.removed.id,
                r.deleted.requirements,
                r.deleted.backlog_items,
                r.deleted.tasks,
                r.deleted.planning_runs,
                r.removed.repo_path
            ),
            Self::Requirement(r) => requirement(r),
            Self::Requirements(list) => table(
                &["ID", "STATUS", "TITLE"],
                list.iter().map(|r| vec![r.id.to_string(), r.status.to_string(), r.title.clone()]),
                "no requirements",
            ),
            Self::RequirementDeleted(r) => format!("Deleted requirement {} ({}).\n", r.title, r.id),
            Self::BacklogItem(b) => backlog_item(b),
            Self::BacklogItems(list) => table(
                &["RANK", "PRIORITY", "STATUS", "ID", "TITLE", "LABELS"],
                list.iter().map(|b| {
                    vec![
                        b.rank.to_string(),
                        b.priority.to_string(),
                        b.status.to_string(),
                        b.id.to_string(),
                        b.title.clone(),
                        b.labels.join(","),
                    ]
                }),
                "the backlog is empty",
            ),
            Self::Committed(c) => {
                let verb = if c.already_applied { "was already committed to" } else { "committed to" };
                format!("Backlog item {} {verb} task {}.\n\n{}", c.item.id, c.task.id, task(&c.task))
            }
            Self::Task(t) => task(t),
            Self::TaskDetail(d) => {
                let mut text = task(&d.task);
                for l in &d.lineage {
                    let origin = [
                        l.backlog_item_id.map(|id| format!("backlog item {id}")),
                        l.backlog_candidate_id.map(|id| format!("candidate {id}")),
                        l.requirement_id.map(|id| format!("requirement {id}")),
                    ];
                    let origin = origin.into_iter().flatten().collect::<Vec<_>>().join(", ");
                    let _ = writeln!(text, "  lineage    {} ({origin})", l.lineage_kind);
                }
                text
            }
            Self::Tasks(list) => table(
                &["ID", "STATUS", "PRIORITY", "DISPATCH", "TITLE"],
                list.iter().map(|t| {
                    vec![
                        t.id.to_string(),
                        t.status.to_string(),
                        t.priority.to_string(),
                        t.dispatch_status.to_string(),
                        t.title.clone(),
                    ]
                }),
                "no tasks",
            ),
        }
    }
}

fn to_json<T: Serialize>(value: &T) -> Value {
    serde_json::to_value(value).expect("invariant: domain types serialize to JSON")
}

fn fields(title: &str, rows: &[(&str, String)]) -> String {
    let mut out = format!("{title}\n");
    for (name, value) in rows.iter().filter(|(_, v)| !v.is_empty()) {
        let _ = writeln!(out, "  {name:<10} {value}");
    }
    out
}

fn project(p: &Project) -> String {
    fields(
        &p.name,
        &[
            ("id", p.id.to_string()),
            ("repo", p.repo_path.clone()),
            ("branch", p.default_branch.clone()),
            ("about", p.description.clone()),
            ("added", p.created_at.to_string()),
        ],
    )
}

fn requirement(r: &Requirement) -> String {
    fields(
        &r.title,
        &[
            ("id", r.id.to_string()),
            ("status", r.status.to_string()),
            ("project", r.project_id.to_string()),
            ("summary", r.summary.clone()),
            ("details", r.description.clone()),
            ("audience", r.audience.clone()),
            ("success", r.success_criteria.clone()),
            ("updated", r.updated_at.to_string()),
        ],
    )
}

fn backlog_item(b: &BacklogItem) -> String {
    fields(
        &b.title,
        &[
            ("id", b.id.to_string()),
            ("status", b.status.to_string()),
            ("priority", b.priority.to_string()),
            ("rank", b.rank.to_string()),
            ("labels", b.labels.join(", ")),
            ("details", b.description.clone()),
            ("accept", b.acceptance_criteria.clone()),
            ("blocked", b.blocked_reason.clone()),
            ("task", b.task_id.map(|t| t.to_string()).unwrap_or_default()),
            ("updated", b.updated_at.to_string()),
        ],
    )
}

fn task(t: &Task) -> String {
    fields(
        &t.title,
        &[
            ("id", t.id.to_string()),
            ("status", t.status.to_string()),
            ("priority", t.priority.to_string()),
            ("dispatch", t.dispatch_status.to_string()),
            ("role", t.execution_role.clone().unwrap_or_default()),
            ("assignee", t.assignee.clone()),
            ("source", t.source.clone()),
            ("details", t.description.clone()),
            ("updated", t.updated_at.to_string()),
        ],
    )
}

/// Left-aligned columns; the last column is not padded.
fn table(headers: &[&str], rows: impl Iterator<Item = Vec<String>>, empty: &str) -> String {
    let rows: Vec<Vec<String>> = rows.collect();
    if rows.is_empty() {
        return format!("{empty}\n");
    }
    let mut widths: Vec<usize> = headers.iter().map(|h| h.chars().count()).collect();
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    let mut line = |cells: Vec<String>| {
        let last = cells.len() - 1;
        let mut text = String::new();
        for (i, (cell, width)) in cells.iter().zip(&widths).enumerate() {
            if i == last {
                text.push_str(cell);
            } else {
                let _ = write!(text, "{cell:<width$}  ");
            }
        }
        out.push_str(text.trim_end());
        out.push('\n');
    };
    line(headers.iter().map(|h| (*h).to_owned()).collect());
    for row in rows {
        line(row);
    }
    out
}
