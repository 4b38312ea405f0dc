//! Rendering of command outcomes: one JSON value for `--json`, aligned plain text for people.

use std::fmt::Write;

use serde::Serialize;
use serde_json::{json, Value};

use super::render_entities::{
    backlog_item, candidate, candidate_table, planning_run, project, requirement, task,
    task_waiting,
};
use crate::api::DispatchState;
use crate::api::Role;
use crate::api::{AgentProfile, DetectedAgent, DispatchAttempt};
use crate::api::{
    AgentTest, ApiKeySource, ApplyOutcome, AttemptLog, CandidateDetail, CommitOutcome, ContextView,
    Dashboard, PlanningRunDetail, ProjectRemoval, SettingView, TaskDetail,
};
use crate::api::{BacklogCandidate, BacklogItem, PlanningRun, Project, Requirement, Task};
use crate::api::{BacklogItemId, RunStart, RunStarted, TaskId};
use crate::api::{MergeOutcome, PruneReport, TaskDiff, WorkspaceInfo, WorkspaceList};

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
    /// A page of backlog items, and the last id when the page was full (more may follow).
    BacklogItems(Vec<BacklogItem>, Option<BacklogItemId>),
    Committed(CommitOutcome),
    Run(RunStarted),
    Task(Task),
    TaskDetail(TaskDetail),
    /// A page of tasks, and the last id when the page was full (more may follow).
    Tasks(Vec<Task>, Option<TaskId>),
    PlanningRun(PlanningRun),
    PlanningRunQueued(PlanningRun),
    PlanningRuns(Vec<PlanningRun>),
    PlanningRunDetail(Box<PlanningRunDetail>),
    Context(ContextView),
    Candidates(Vec<BacklogCandidate>, Option<crate::api::BacklogCandidateId>),
    Candidate(Box<CandidateDetail>),
    Applied(Box<ApplyOutcome>),
    Settings(Vec<SettingView>),
    Setting(SettingView),
    Dashboard(Dashboard),
    Roles(Vec<Role>),
    KeySource(ApiKeySource),
    DispatchState(DispatchState),
    Attempts(Vec<DispatchAttempt>, Option<i64>),
    Log(AttemptLog),
    Agent(AgentProfile),
    Agents(Vec<AgentProfile>),
    AgentTest(AgentTest),
    Detected(Vec<DetectedAgent>),
    Readiness(crate::api::AgentReadiness),
    Activity(Vec<serde_json::Value>),
    Note(String),
    LogLines(Vec<String>),
    Suggestion(crate::api::SuggestOutcome),
    /// A task's diff; `true`: files and counts only.
    Diff(Box<TaskDiff>, bool),
    Merged(Box<MergeOutcome>),
    Workspace(Box<WorkspaceInfo>),
    Workspaces(Box<WorkspaceList>),
    Pruned(PruneReport),
    /// Documents, sync, drift, search and notifications.
    Knowledge(super::render_knowledge::Knowledge),
    /// Dependencies and "Run this plan".
    Orchestration(super::render_orchestration::Orchestration),
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
            Self::BacklogItems(v, _) => to_json(v),
            Self::Committed(v) => to_json(v),
            Self::Run(v) => to_json(v),
            Self::Task(v) => to_json(v),
            Self::TaskDetail(v) => to_json(v),
            Self::Tasks(v, _) => to_json(v),
            Self::PlanningRun(v) | Self::PlanningRunQueued(v) => to_json(v),
            Self::PlanningRuns(v) => to_json(v),
            Self::PlanningRunDetail(v) => to_json(v),
            Self::Context(v) => to_json(v),
            Self::Candidates(v, _) => to_json(v),
            Self::Candidate(v) => to_json(v),
            Self::Applied(v) => to_json(v),
            Self::Settings(v) => to_json(v),
            Self::Setting(v) => to_json(v),
            Self::Dashboard(v) => to_json(v),
            Self::Roles(v) => to_json(v),
            Self::KeySource(v) => to_json(v),
            Self::DispatchState(v) => to_json(v),
            Self::Attempts(v, _) => to_json(v),
            Self::Log(v) => to_json(v),
            Self::Agent(v) => to_json(v),
            Self::Agents(v) => to_json(v),
            Self::AgentTest(v) => to_json(v),
            Self::Detected(v) => to_json(v),
            Self::Readiness(v) => to_json(v),
            Self::Activity(v) => to_json(v),
            Self::Note(v) => json!({ "message": v }),
            Self::Knowledge(v) => v.json(),
            Self::Orchestration(v) => v.json(),
            Self::LogLines(lines) => json!(lines),
            Self::Suggestion(v) => to_json(v),
            Self::Diff(v, false) => to_json(v),
            Self::Diff(v, true) => {
                let mut stat = to_json(v);
                for file in stat["files"].as_array_mut().into_iter().flatten() {
                    file.as_object_mut().map(|f| f.remove("hunks"));
                }
                stat
            }
            Self::Merged(v) => to_json(v),
            Self::Workspace(v) => to_json(v),
            Self::Workspaces(v) => to_json(v),
            Self::Pruned(v) => to_json(v),
        }
    }

    /// The human form.
    pub fn text(&self) -> String {
        match self {
            // An attempt's log is the agent's own terminal output, colours included, shown as it was.
            Self::Log(log) => log.text.clone(),
            // Everything else is data anpm stores (titles, messages): no control character of it reaches
            // the terminal as a control (an escape sequence in a title could rewrite the screen).
            other => printable(&other.render()),
        }
    }

    fn render(&self) -> String {
        match self {
            Self::Diff(d, stat) => super::render_review::diff(d, *stat),
            Self::Merged(m) => super::render_review::merged(m),
            Self::Workspace(w) => super::render_review::workspace(w),
            Self::Workspaces(list) => super::render_review::workspaces(list),
            Self::Pruned(report) => super::render_review::pruned(report),
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
            Self::BacklogItems(list, more) => table(
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
            ) + &more_hint(*more),
            Self::Committed(c) => {
                let verb = if c.already_applied { "was already committed to" } else { "committed to" };
                let held = if c.held_for.is_empty() {
                    String::new()
                } else {
                    let ids: Vec<String> = c.held_for.iter().map(ToString::to_string).collect();
                    format!(
                        " It comes after items not committed yet ({}), so it is not queued: commit them, then \
                         `anpm task run {}` starts it after them.",
                        ids.join(", "),
                        c.task.id
                    )
                };
                format!("Backlog item {} {verb} task {}.{held}\n\n{}", c.item.id, c.task.id, task(&c.task))
            }
            Self::Run(r) => {
                let role = r.task.execution_role.as_deref().unwrap_or("its role");
                let what = match r.started {
                    RunStart::Queued => format!("Task {} is queued to run as {role}.", r.task.id),
                    RunStart::QueuedWhilePaused => format!(
                        "Task {} is queued to run as {role}; dispatch is paused, so it starts when dispatch \
                         resumes (`anpm dispatch resume`) or with `anpm task run {} --now`.",
                        r.task.id, r.task.id
                    ),
                    RunStart::AskedLoop => format!(
                        "Asked the running dispatch loop to start task {} now{}.",
                        r.task.id,
                        if r.paused { " (dispatch stays paused for the rest of the queue)" } else { "" }
                    ),
                    RunStart::RanHere => format!("Task {} ran here.", r.task.id),
                };
                format!("{what}\n\n{}", task(&r.task))
            }
            Self::Task(t) => task(t),
            Self::TaskDetail(d) => {
                let mut text = task_waiting(&d.task, &d.waiting_on);
                for l in &d.lineage {
                    let origin = [
                        l.backlog_item_id.map(|id| format!("backlog item {id}")),
                        l.backlog_candidate_id.map(|id| format!("candidate {id}")),
                        l.requirement_id.map(|id| format!("requirement {id}")),
                    ];
                    let origin = origin.into_iter().flatten().collect::<Vec<_>>().join(", ");
                    let _ = writeln!(text, "  lineage    {} ({origin})", l.lineage_kind);
                }
                for dep in &d.depends_on {
                    let how = if d.waiting_on.contains(&dep.task_id) { "waiting on" } else { "after" };
                    let _ = writeln!(text, "  {how:<10} {} ({}) {}", dep.task_id, dep.stage, dep.title);
                }
                text
            }
            Self::Tasks(list, more) => table(
                &["ID", "STAGE", "PRIORITY", "ROLE", "TITLE"],
                list.iter().map(|t| {
                    vec![
                        t.id.to_string(),
                        t.stage.to_string(),
                        t.priority.to_string(),
                        t.execution_role.clone().unwrap_or_else(|| "-".into()),
                        t.title.clone(),
                    ]
                }),
                "no tasks",
            ) + &more_hint(*more),
            Self::PlanningRun(r) => planning_run(r),
            Self::PlanningRunQueued(r) => format!(
                "{}\nQueued: the desktop app runs it in the background; `anpm plan run --wait` runs it here and now.\n",
                planning_run(r).trim_end()
            ),
            Self::PlanningRuns(list) => table(
                &["ID", "STATUS", "PROVIDER", "TEMPLATE", "CREATED"],
                list.iter().map(|r| {
                    vec![
                        r.id.to_string(),
                        r.status.to_string(),
                        r.provider_id.clone(),
                        r.template.to_string(),
                        r.created_at.to_string(),
                    ]
                }),
                "no planning runs",
            ),
            Self::PlanningRunDetail(d) => {
                let mut text = planning_run(&d.run);
                if let Some(remediation) = &d.remediation {
                    let _ = writeln!(text, "  fix        {remediation}");
                }
                let q = &d.quality_summary;
                let rate = q.acceptance_rate.map(|r| format!("{:.0}%", r * 100.0)).unwrap_or_else(|| "n/a".into());
                let _ = writeln!(
                    text,
                    "  review     {} candidate(s): {} pending, {} approved, {} rejected, {} applied; acceptance {rate}\n",
                    q.total, q.pending, q.approved, q.rejected, q.applied
                );
                text.push_str(&candidate_table(&d.candidates));
                text
            }
            Self::Context(ContextView::Summary(s)) => fields(
                "Planning context",
                &[
                    ("run", s.planning_run_id.clone()),
                    ("pack", s.pack_id.clone()),
                    ("schema", s.schema_version.clone()),
                    ("bytes", s.sources_bytes.to_string()),
                    (
                        "sources",
                        format!(
                            "{} open task(s), {} document(s), {} drift signal(s), {} agent run(s), sync run: {}",
                            s.open_task_count,
                            s.document_count,
                            s.drift_count,
                            s.agent_run_count,
                            if s.has_sync_run { "yes" } else { "no" }
                        ),
                    ),
                    ("dropped", if s.dropped_counts.any() { format!("{} item(s) to fit the size cap", s.dropped_counts.total()) } else { String::new() }),
                    ("scale", to_json(&s.task_scale).as_str().unwrap_or_default().to_owned()),
                    ("intent", to_json(&s.intent_mode).as_str().unwrap_or_default().to_owned()),
                    ("truth", s.source_of_truth.iter().map(|d| d.path.clone()).collect::<Vec<_>>().join(", ")),
                    ("warnings", s.warnings.join("; ")),
                ],
            ),
            Self::Context(ContextView::Raw(raw)) => format!("{}\n", serde_json::to_string_pretty(raw).unwrap_or_default()),
            Self::Context(ContextView::Unavailable { planning_run_id, .. }) => {
                format!("No context snapshot is stored for planning run {planning_run_id}.\n")
            }
            Self::Candidates(list, more) => candidate_table(list) + &more_hint(*more),
            Self::Candidate(d) => candidate(&d.candidate),
            Self::Applied(a) => {
                let verb = if a.already_applied { "was already applied as" } else { "applied as" };
                let held = if a.held_for.is_empty() {
                    String::new()
                } else {
                    let ids: Vec<String> = a.held_for.iter().map(ToString::to_string).collect();
                    format!(
                        " It builds on candidates not applied yet ({}), so it is not queued: apply them, then \
                         `anpm plan queue --req {}` runs the plan in order.",
                        ids.join(", "),
                        a.candidate.requirement_id
                    )
                };
                format!("Candidate {} {verb} task {}.{held}\n\n{}", a.candidate.id, a.task.id, task(&a.task))
            }
            Self::Settings(list) => table(
                &["KEY", "VALUE", "DESCRIPTION"],
                list.iter().map(|s| {
                    let value = if s.is_default && s.value.is_empty() { "(unset)".into() } else { s.value.clone() };
                    vec![s.key.clone(), value, s.description.clone()]
                }),
                "no settings",
            ),
            Self::Setting(s) => format!("{} = {}\n", s.key, if s.value.is_empty() { "(unset)" } else { &s.value }),
            Self::Dashboard(d) => {
                let counts = |m: &std::collections::BTreeMap<String, u64>| {
                    m.iter().map(|(k, v)| format!("{k} {v}")).collect::<Vec<_>>().join(", ")
                };
                fields(
                    "Dashboard",
                    &[
                        ("health", format!("{:.2}", d.health_score)),
                        ("tasks", counts(&d.tasks_by_status)),
                        ("dispatch", counts(&d.tasks_by_dispatch_status)),
                        (
                            "backlog",
                            format!(
                                "{} urgent open, {} blocked, {} ready, {} committed",
                                d.backlog_focus.urgent_open, d.backlog_focus.blocked, d.backlog_focus.ready, d.backlog_focus.committed
                            ),
                        ),
                        ("review", format!("{} candidate(s) waiting", d.pending_review)),
                        (
                            "accepted",
                            d.planning_acceptance_rate_7d
                                .map(|r| format!("{:.0}% over the last 7 days ({} run(s) reviewed)", r * 100.0, d.planning_runs_reviewed_7d))
                                .unwrap_or_else(|| "no review decisions in the last 7 days".into()),
                        ),
                    ],
                )
            }
            Self::DispatchState(d) => format!(
                "dispatch {}; {} queued; {} running (at most {} at once); {}{}\n",
                if d.paused { "paused" } else { "active" },
                d.queued,
                d.running.len(),
                d.concurrency,
                match &d.owner {
                    None => "no loop is running".to_owned(),
                    Some(_) if d.loop_here => "the loop runs in this process".to_owned(),
                    Some(o) => format!(
                        "the loop runs in pid {} (alive {} s ago)",
                        o.pid, o.heartbeat_age_secs
                    ),
                },
                d.running.iter().map(|id| format!("\n  running  {id}")).collect::<String>()
            ),
            Self::Attempts(list, more) => table(
                &["#", "OUTCOME", "ERROR", "AGENT", "ROLE", "STARTED", "FILES"],
                list.iter().map(|a| {
                    vec![
                        a.attempt_no.to_string(),
                        a.outcome.to_string(),
                        a.error_kind.map(|k| k.to_string()).unwrap_or_default(),
                        a.agent_name.clone(),
                        a.role.clone(),
                        a.started_at.to_string(),
                        a.files_applied.to_string(),
                    ]
                }),
                "no attempts yet",
            ) + &more_hint(*more),
            Self::Log(log) => log.text.clone(),
            Self::Agent(a) => fields(
                &a.name,
                &[
                    ("id", a.id.to_string()),
                    ("kind", a.kind.to_string()),
                    ("command", a.command.clone()),
                    ("args", a.args.join(" ")),
                    ("format", a.output_format.to_string()),
                    ("model", a.model.clone()),
                    ("default", if a.is_default { "yes".into() } else { String::new() }),
                ],
            ),
            Self::Agents(list) => table(
                &["NAME", "KIND", "COMMAND", "FORMAT", "DEFAULT"],
                list.iter().map(|a| {
                    vec![a.name.clone(), a.kind.to_string(), a.command.clone(), a.output_format.to_string(), if a.is_default { "*".into() } else { String::new() }]
                }),
                "no agent profiles; tasks use the first of claude, codex, gemini, opencode on PATH (see `anpm agent detect`; add one with `anpm agent add`)",
            ),
            Self::Detected(list) => table(
                &["CLI", "ON PATH", "VERSION", "PROFILES"],
                list.iter().map(|d| {
                    vec![
                        d.command.clone(),
                        d.path.clone().unwrap_or_else(|| "not found".into()),
                        d.version.clone().unwrap_or_else(|| "-".into()),
                        if d.profiles.is_empty() { "-".into() } else { d.profiles.join(", ") },
                    ]
                }),
                "no agent CLI is known",
            ),
            Self::Readiness(r) => format!(
                "runs with {} ({})\n",
                r.agent.as_deref().unwrap_or("-"),
                r.path.as_deref().unwrap_or("not on PATH")
            ),
            Self::AgentTest(t) => format!(
                "{}: version {} ({}); probe {} in {} ms: {}\n",
                t.name,
                t.version.clone().unwrap_or_else(|| "unknown".into()),
                if t.version_ok { "ok" } else { "failed" },
                if t.probe_ok { "ok" } else { "failed" },
                t.probe_ms,
                t.message
            ),
            Self::Activity(list) => {
                if list.is_empty() {
                    "nothing has run yet\n".into()
                } else {
                    list.iter()
                        .map(|a| format!("{}  {}  {}  {}\n", a["runner_id"].as_str().unwrap_or(""), a["phase"].as_str().unwrap_or(""), a["subject_title"].as_str().unwrap_or(""), a["step"].as_str().unwrap_or("")))
                        .collect()
                }
            }
            Self::Note(text) => format!("{text}\n"),
            Self::Knowledge(v) => v.text(),
            Self::Orchestration(v) => v.text(),
            Self::LogLines(lines) => lines.iter().map(|l| format!("{l}\n")).collect(),
            Self::Suggestion(o) => match &o.suggestion {
                Some(s) => {
                    let mut text = format!("{} (confidence {:.0}%): {}\n", s.role_id, s.confidence * 100.0, s.reasoning);
                    for a in &s.alternatives {
                        let _ = writeln!(text, "  or {} ({:.0}%): {}", a.role_id, a.score * 100.0, a.reason);
                    }
                    text
                }
                None => format!(
                    "no suggestion ({}): {}\n{}\n",
                    o.error_kind.map(|k| k.to_string()).unwrap_or_default(),
                    o.error_message.clone().unwrap_or_default(),
                    o.remediation.clone().unwrap_or_default()
                ),
            },
            Self::KeySource(k) => format!(
                "API key: {} ({})\n",
                k.detail,
                if k.available { "available" } else { "not available" }
            ),
            Self::Roles(list) => table(
                &["ROLE", "TIMEOUT", "USE"],
                list.iter().map(|r| vec![r.id.clone(), format!("{} min", r.default_timeout_sec / 60), r.use_case.clone()]),
                "no roles",
            ),
        }
    }
}

fn to_json<T: Serialize>(value: &T) -> Value {
    serde_json::to_value(value).expect("invariant: domain types serialize to JSON")
}

pub(super) fn fields(title: &str, rows: &[(&str, String)]) -> String {
    let mut out = format!("{title}\n");
    for (name, value) in rows.iter().filter(|(_, v)| !v.is_empty()) {
        let _ = writeln!(out, "  {name:<10} {value}");
    }
    out
}

/// Left-aligned columns; the last column is not padded.
/// `text` with every control character but newline and tab shown as an escape (`\u{1b}`), never sent.
fn printable(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_control() && c != '\n' && c != '\t' {
            out.push_str(&c.escape_unicode().to_string());
        } else {
            out.push(c);
        }
    }
    out
}

/// The line under a full page: how to read on.
fn more_hint(last: Option<impl std::fmt::Display>) -> String {
    last.map(|id| format!("(more: add `--after {id}` for the next page, or `--all`)\n"))
        .unwrap_or_default()
}

/// The last item's id when `list` filled its page: the cursor for the next one.
pub(super) fn next_cursor<T, Id>(
    list: &[T],
    limit: Option<u32>,
    id: impl Fn(&T) -> Id,
) -> Option<Id> {
    let full = limit.is_some_and(|n| list.len() == n as usize);
    full.then(|| list.last().map(id)).flatten()
}

pub(super) fn table(
    headers: &[&str],
    rows: impl Iterator<Item = Vec<String>>,
    empty: &str,
) -> String {
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
