//! The brief a model or agent planner receives: the prompt variables for the `backlog` and `whatsnext`
//! templates, including the plain-text rendering of the planning context.

use std::collections::BTreeMap;
use std::fmt::Write;

use super::context::ContextV1;
use crate::domain::{PlanningTemplate, Project, Requirement};

/// How many candidates a model or agent planner may propose. Upstream asks for 3; a plan whose slices
/// depend on each other (orchestration) is often longer, so anpm takes up to 6 and runs them in order.
pub const MAX_CANDIDATES: usize = 6;

/// Titles that mean "the whole project" rather than a focus area, for "What's next" runs.
const GENERIC_TITLES: [&str; 13] = [
    "",
    "what's next",
    "whats next",
    "next steps",
    "next step",
    "what to do next",
    "what should i do",
    "analysis",
    "review",
    "backlog review",
    "project review",
    "triage",
    "what's next?",
];

/// True when a "What's next" requirement title names no focus area.
pub fn is_generic_title(title: &str) -> bool {
    GENERIC_TITLES.contains(&title.trim().to_lowercase().as_str())
}

/// The variables of `template` for planning `requirement` of `project` against `context`.
pub fn variables(
    template: PlanningTemplate,
    project: &Project,
    requirement: &Requirement,
    context: Option<&ContextV1>,
) -> BTreeMap<&'static str, String> {
    let mut vars = BTreeMap::new();
    let name =
        if project.name.trim().is_empty() { "(unnamed project)" } else { project.name.trim() };
    vars.insert("PROJECT_NAME", name.to_owned());
    vars.insert(
        "PROJECT_DESCRIPTION_LINE",
        if project.description.trim().is_empty() {
            String::new()
        } else {
            format!("\nDescription: {}", project.description.trim())
        },
    );
    vars.insert("REQUIREMENT", requirement_block(requirement));
    vars.insert("AUDIENCE_LINE", optional_line("Audience", &requirement.audience));
    vars.insert("SUCCESS_LINE", optional_line("Success criteria", &requirement.success_criteria));
    vars.insert("MAX_CANDIDATES", MAX_CANDIDATES.to_string());
    vars.insert(
        "SCHEMA_VERSION",
        context.map(|c| c.schema_version.clone()).unwrap_or_else(|| "none".into()),
    );
    match template {
        PlanningTemplate::Backlog => {
            vars.insert(
                "CONTEXT",
                context
                    .map(backlog_context)
                    .unwrap_or_else(|| "(no planning context provided)".into()),
            );
        }
        PlanningTemplate::Whatsnext => {
            vars.insert(
                "CONTEXT",
                context
                    .map(whatsnext_context)
                    .unwrap_or_else(|| "(no planning context provided)".into()),
            );
            vars.insert("SCOPE_SECTION", scope_section(requirement));
        }
    }
    vars
}

fn optional_line(label: &str, value: &str) -> String {
    if value.trim().is_empty() {
        String::new()
    } else {
        format!("\n\n{label}: {}", value.trim())
    }
}

fn requirement_block(r: &Requirement) -> String {
    let mut lines = vec![format!("Title: {}", r.title.trim())];
    if !r.summary.trim().is_empty() {
        lines.push(format!("Summary: {}", r.summary.trim()));
    }
    if !r.description.trim().is_empty() {
        lines.push(format!("Description: {}", r.description.trim()));
    }
    lines.join("\n")
}

fn scope_section(r: &Requirement) -> String {
    if is_generic_title(&r.title) {
        return String::new();
    }
    let detail = if r.summary.trim().is_empty() { r.description.trim() } else { r.summary.trim() };
    format!("\n=== Focus scope ===\nFocus scope: {}\nScope detail: {}\n", r.title.trim(), detail)
}

fn backlog_context(c: &ContextV1) -> String {
    let s = &c.sources;
    let mut out = String::new();
    section(
        &mut out,
        "Open tasks:",
        s.open_tasks
            .iter()
            .take(20)
            .map(|t| format!("[{}] {} (id={}, priority={})", t.status, t.title, t.id, t.priority)),
    );
    section(
        &mut out,
        "Recent documents:",
        s.recent_documents.iter().take(12).map(|d| {
            let stale = if d.is_stale { " STALE" } else { "" };
            format!("{} ({}, type={}{stale}, id={})", d.title, d.file_path, d.doc_type, d.id)
        }),
    );
    drift_section(&mut out, c, 8);
    sync_line(&mut out, c, 240);
    agent_runs_section(&mut out, c);
    finish(out, c)
}

fn whatsnext_context(c: &ContextV1) -> String {
    let s = &c.sources;
    let mut out = String::new();
    section(
        &mut out,
        "Open tasks:",
        s.open_tasks
            .iter()
            .take(25)
            .map(|t| format!("[{}][{}] {} (id={})", t.status, t.priority, t.title, t.id)),
    );
    section(
        &mut out,
        "Stale documents:",
        s.recent_documents.iter().filter(|d| d.is_stale).take(8).map(|d| {
            format!("{} ({}, {} days stale, id={})", d.title, d.file_path, d.staleness_days, d.id)
        }),
    );
    section(
        &mut out,
        "Fresh documents:",
        s.recent_documents
            .iter()
            .filter(|d| !d.is_stale)
            .take(8)
            .map(|d| format!("{} ({}, id={})", d.title, d.file_path, d.id)),
    );
    drift_section(&mut out, c, 10);
    sync_line(&mut out, c, 200);
    agent_runs_section(&mut out, c);
    finish(out, c)
}

/// The drift and agent-run sections both templates share.
fn drift_section(out: &mut String, c: &ContextV1, max: usize) {
    section(
        out,
        "Open drift signals:",
        c.sources.open_drift_signals.iter().take(max).map(|d| {
            format!(
                "[{}] {} on {}: {} (id={})",
                d.severity, d.trigger_type, d.document_title, d.trigger_detail, d.id
            )
        }),
    );
}

fn agent_runs_section(out: &mut String, c: &ContextV1) {
    section(
        out,
        "Recent agent runs:",
        c.sources.recent_agent_runs.iter().take(6).map(|r| {
            format!(
                "[{}] {} {}: {} (id={})",
                r.status, r.agent_name, r.action_type, r.summary, r.id
            )
        }),
    );
}

fn section(out: &mut String, heading: &str, lines: impl Iterator<Item = String>) {
    let lines: Vec<String> = lines.collect();
    if lines.is_empty() {
        return;
    }
    let _ = writeln!(out, "{heading}");
    for line in lines {
        let _ = writeln!(out, "  - {line}");
    }
}

fn sync_line(out: &mut String, c: &ContextV1, max_error_chars: usize) {
    if let Some(sync) = &c.sources.latest_sync_run {
        let error = super::sanitize::truncate_chars(sync.error_message.trim(), max_error_chars);
        if error.is_empty() {
            let _ = writeln!(out, "Latest sync run: status={} (id={})", sync.status, sync.id);
        } else {
            let _ = writeln!(
                out,
                "Latest sync run: status={}, error={error} (id={})",
                sync.status, sync.id
            );
        }
    }
}

fn finish(mut out: String, c: &ContextV1) -> String {
    let d = c.meta.dropped_counts;
    if d.any() {
        let _ = writeln!(
            out,
            "(some context was left out to stay under the size cap: open_tasks={}, recent_documents={}, \
             open_drift_signals={}, latest_sync_run={}, recent_agent_runs={})",
            d.open_tasks, d.recent_documents, d.open_drift_signals, d.latest_sync_run, d.recent_agent_runs
        );
    }
    if out.is_empty() {
        "(context is empty)".into()
    } else {
        out.trim_end().to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generic_titles_have_no_scope() {
        for t in ["What's next", "  WHATS NEXT ", "triage", ""] {
            assert!(is_generic_title(t), "{t}");
        }
        assert!(!is_generic_title("What's next for billing"));
    }
}
