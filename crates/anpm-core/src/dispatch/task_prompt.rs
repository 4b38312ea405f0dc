//! The prompt of one attempt: the role's prompt filled with the task, its requirement, the project and
//! where the agent works; for review feedback, the follow-up prompt, resuming the agent's own session when
//! the same agent ran the last attempt.

use super::roles::Role;
use super::workspace::Workdir;
use crate::domain::*;
use crate::prompts as prompt;
use crate::Result;

/// Everything the prompt of one attempt is made from.
#[derive(Debug, Clone, Copy)]
pub(super) struct Brief<'a> {
    pub role: &'a Role,
    pub task: &'a Task,
    pub project: &'a Project,
    pub requirement: Option<&'a Requirement>,
    pub workdir: &'a Workdir,
    /// The latest attempt that recorded an agent session.
    pub previous: Option<&'a DispatchAttempt>,
    /// The name of the agent profile running this attempt.
    pub agent: &'a str,
}

/// The rendered prompt, and the agent session to resume (a follow-up by the same agent).
pub(super) fn render(brief: &Brief<'_>) -> Result<(String, Option<String>)> {
    let mut vars = prompt_variables(brief.task, brief.project, brief.requirement);
    vars.insert("WORKSPACE", workspace_text(brief.workdir));
    let Some(feedback) = brief.task.followup.as_deref() else {
        return Ok((prompt::render(brief.role.prompt, &vars), None));
    };
    // Review feedback goes to the agent's own session when it can resume it, else in a prompt that carries
    // the last result and the branch's change so far.
    let resume = brief.previous.filter(|a| a.agent_name == brief.agent).and_then(|a| a.session_id.clone());
    vars.insert("FEEDBACK", feedback.to_owned());
    vars.insert("PREVIOUS_SUMMARY", previous_summary(brief.task));
    vars.insert("DIFFSTAT", diffstat_text(brief.workdir));
    let followup = prompt::load("followup")?;
    let mut text = prompt::render(followup.body, &vars);
    if resume.is_none() {
        // A fresh session also needs the task itself.
        text = format!("{}\n\n{text}", prompt::render(brief.role.prompt, &vars));
    }
    Ok((text, resume))
}

/// The `{{WORKSPACE}}` paragraph of a role prompt.
pub(super) fn workspace_text(workdir: &Workdir) -> String {
    match workdir {
        Workdir::Worktree(row) => format!(
            "Your working directory is a git worktree of your own, on the branch `{}` cut from `{}`. Edit, \
             create and delete files there directly; stay inside it, and do not switch branches, rewrite \
             history or push. anpm commits what you change when you finish, and the operator reviews the \
             diff before it is merged.",
            row.branch, row.base
        ),
        Workdir::InPlace(_) => "Your working directory is the operator's own checkout of the repository. \
             Edit, create and delete files there directly, and only what the task needs; do not commit, \
             switch branches or push."
            .into(),
    }
}

/// What the task's last attempt reported, for a follow-up prompt.
pub(super) fn previous_summary(task: &Task) -> String {
    match &task.execution_result {
        Some(result) => {
            let text = serde_json::to_string_pretty(result).unwrap_or_default();
            // The follow-up prompt stays small: the agent can read the branch itself.
            let mut cut: String = text.chars().take(4000).collect();
            if cut.len() < text.len() {
                cut.push_str("\n…");
            }
            cut
        }
        None => "(no result recorded)".into(),
    }
}

/// The branch's change so far, for a follow-up prompt.
pub(super) fn diffstat_text(workdir: &Workdir) -> String {
    match workdir {
        Workdir::Worktree(row) => format!(
            "{} file(s) changed, {} insertion(s), {} deletion(s) on `{}`",
            row.files_changed, row.additions, row.deletions, row.branch
        ),
        Workdir::InPlace(_) => "(in-place mode: see `git diff` in the checkout)".into(),
    }
}

pub(super) fn prompt_variables(
    task: &Task,
    project: &Project,
    requirement: Option<&Requirement>,
) -> std::collections::BTreeMap<&'static str, String> {
    let mut vars = std::collections::BTreeMap::new();
    vars.insert("TASK_TITLE", task.title.clone());
    vars.insert(
        "TASK_DESCRIPTION",
        if task.description.trim().is_empty() {
            "(no description)".into()
        } else {
            task.description.clone()
        },
    );
    vars.insert(
        "REQUIREMENT",
        match requirement {
            Some(r) => {
                let mut text = format!("Title: {}", r.title);
                for (label, value) in [
                    ("Summary", &r.summary),
                    ("Description", &r.description),
                    ("Audience", &r.audience),
                    ("Success criteria", &r.success_criteria),
                ] {
                    if !value.trim().is_empty() {
                        text.push_str(&format!("\n{label}: {}", value.trim()));
                    }
                }
                text
            }
            None => "(no requirement recorded for this task)".into(),
        },
    );
    let mut context = format!("Project: {}", project.name);
    if !project.description.trim().is_empty() {
        context.push_str(&format!("\n{}", project.description.trim()));
    }
    if !project.default_branch.is_empty() {
        context.push_str(&format!("\nDefault branch: {}", project.default_branch));
    }
    vars.insert("PROJECT_CONTEXT", context);
    vars
}
