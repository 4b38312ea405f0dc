//! The human form of single entities: a project, requirement, backlog item, task, planning run and its
//! candidates, as a title and aligned fields (`anpm … show`, and what `add`/`edit` print).

use std::fmt::Write;

use super::render::{fields, table};
use crate::api::{
    BacklogCandidate, BacklogItem, DispatchStatus, PlanningRun, Project, Requirement, ReviewStatus,
    Task, TaskId, WorkspaceMode,
};

pub(super) fn planning_run(r: &PlanningRun) -> String {
    fields(
        &format!("Planning run {}", r.id),
        &[
            ("status", r.status.to_string()),
            ("provider", format!("{} ({})", r.provider_id, r.model_id)),
            ("template", r.template.to_string()),
            ("req", r.requirement_id.to_string()),
            (
                "error",
                match &r.error_kind {
                    Some(kind) => format!("{kind}: {}", r.error_message),
                    None => String::new(),
                },
            ),
            ("created", r.created_at.to_string()),
        ],
    )
}

pub(super) fn candidate_table(list: &[BacklogCandidate]) -> String {
    table(
        &["RANK", "SCORE", "CONF", "STATUS", "ID", "TITLE"],
        list.iter().map(|c| {
            vec![
                c.rank.to_string(),
                format!("{:.1}", c.priority_score),
                format!("{:.1}", c.confidence),
                c.status.to_string(),
                c.id.to_string(),
                c.title.clone(),
            ]
        }),
        "no candidates",
    )
}

pub(super) fn candidate(c: &BacklogCandidate) -> String {
    let mut text = fields(
        &c.title,
        &[
            ("id", c.id.to_string()),
            ("status", c.status.to_string()),
            ("type", c.suggestion_type.clone()),
            ("rank", c.rank.to_string()),
            ("score", format!("{:.1} priority, {:.1} confidence", c.priority_score, c.confidence)),
            ("role", c.execution_role.clone().unwrap_or_default()),
            ("details", c.description.clone()),
            ("why", c.rationale.clone()),
            ("check", c.validation_criteria.clone()),
            ("decide", c.po_decision.clone()),
            ("dupes", c.duplicate_titles.join(", ")),
            (
                "feedback",
                [c.feedback_kind.as_str(), c.feedback_note.as_str()]
                    .iter()
                    .filter(|s| !s.is_empty())
                    .copied()
                    .collect::<Vec<_>>()
                    .join(": "),
            ),
        ],
    );
    for line in &c.evidence {
        let _ = writeln!(text, "  evidence   {line}");
    }
    text
}

pub(super) fn project(p: &Project) -> String {
    fields(
        &p.name,
        &[
            ("id", p.id.to_string()),
            ("repo", p.repo_path.clone()),
            ("branch", p.default_branch.clone()),
            (
                "workspace",
                match p.workspace.mode {
                    WorkspaceMode::Worktree => format!(
                        "a worktree per task, merged into {} after review",
                        if p.base_branch().is_empty() {
                            "(no base branch)"
                        } else {
                            p.base_branch()
                        }
                    ),
                    WorkspaceMode::InPlace => {
                        "in place: agents edit this checkout directly (no isolation, no review)"
                            .into()
                    }
                },
            ),
            ("copy", p.workspace.setup_copy.join(" ")),
            ("setup", p.workspace.setup_command.clone()),
            (
                "dependents",
                if p.workspace.stack_on_review {
                    "start when their dependencies are in review (stacked)".into()
                } else {
                    "start when their dependencies are merged or done".into()
                },
            ),
            ("about", p.description.clone()),
            ("added", p.created_at.to_string()),
        ],
    )
}

pub(super) fn requirement(r: &Requirement) -> String {
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

pub(super) fn backlog_item(b: &BacklogItem) -> String {
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

pub(super) fn task(t: &Task) -> String {
    task_waiting(t, &[])
}

/// A task whose queued run waits on `waiting_on` (its dependencies) or a usage-limit retry says so on its
/// dispatch line: "queued (blocked on …)", "queued (retry at …)".
pub(super) fn task_waiting(t: &Task, waiting_on: &[TaskId]) -> String {
    let mut dispatch = t.dispatch_status.to_string();
    if t.dispatch_status == DispatchStatus::Queued {
        if !waiting_on.is_empty() {
            let ids: Vec<String> = waiting_on.iter().map(ToString::to_string).collect();
            dispatch = format!("{dispatch} (blocked on {})", ids.join(", "));
        } else if let Some(at) = t.retry_at {
            dispatch = format!("{dispatch} (retry at {at})");
        }
    }
    fields(
        &t.title,
        &[
            ("id", t.id.to_string()),
            ("status", t.status.to_string()),
            ("priority", t.priority.to_string()),
            ("dispatch", dispatch),
            (
                "review",
                if t.review_status == ReviewStatus::None {
                    String::new()
                } else {
                    t.review_status.to_string()
                },
            ),
            ("followup", t.followup.clone().unwrap_or_default()),
            ("role", t.execution_role.clone().unwrap_or_default()),
            ("assignee", t.assignee.clone()),
            ("source", t.source.clone()),
            ("details", t.description.clone()),
            ("updated", t.updated_at.to_string()),
        ],
    )
}
