//! Desktop notices: which finished work is worth interrupting the operator for, and what the notice
//! says. A task that completed or failed (with its error kind) and a planning run that finished qualify;
//! an operator's own cancel does not. The shell only shows what this returns.

use serde::Serialize;
use ts_rs::TS;

use super::Core;
use crate::activity::{Activity, Phase};
use crate::domain::*;
use crate::Result;

/// What finished, and how.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum NoticeKind {
    TaskCompleted,
    /// A task's work is committed on its branch and waits for review.
    TaskInReview,
    TaskFailed,
    PlanningFinished,
    PlanningFailed,
}

/// One notice for the desktop.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Notice {
    pub kind: NoticeKind,
    pub title: String,
    pub body: String,
    /// What a click should bring into view: a task or a planning run, and its id.
    pub subject_kind: AuditSubject,
    pub subject_id: String,
    /// The project it happened in.
    #[ts(type = "string | null")]
    pub project_id: Option<ProjectId>,
}

/// Turns finished activity into notices, once per finished attempt or run.
#[derive(Debug, Default)]
pub struct Notices {
    /// The last state each subject was announced in, so a re-delivered update is not announced twice.
    announced: std::collections::HashMap<String, Timestamp>,
}

impl Notices {
    pub fn new() -> Self {
        Self::default()
    }

    /// The notice `activity` calls for, if any.
    pub fn for_activity(&mut self, core: &Core, activity: &Activity) -> Result<Option<Notice>> {
        if activity.phase != Phase::Idle {
            return Ok(None);
        }
        let (Some(kind), Some(id)) = (&activity.subject_kind, &activity.subject_id) else {
            return Ok(None);
        };
        let (notice, finished_at) = match kind {
            AuditSubject::Task => match task_notice(core, id.parse()?)? {
                Some(found) => found,
                None => return Ok(None),
            },
            AuditSubject::PlanningRun => match run_notice(core, id.parse()?)? {
                Some(found) => found,
                None => return Ok(None),
            },
            _ => return Ok(None),
        };
        if self.announced.get(id) == Some(&finished_at) {
            return Ok(None);
        }
        self.announced.insert(id.clone(), finished_at);
        // The history keeps every notice the desktop raises, read or not.
        if let Err(e) = core.notifications().record(&notice) {
            tracing::warn!(error = %e, "a notice was shown but not kept in the notification history");
        }
        Ok(Some(notice))
    }
}

fn task_notice(core: &Core, id: TaskId) -> Result<Option<(Notice, Timestamp)>> {
    let detail = core.tasks().get(id)?;
    let Some(attempt) = &detail.last_attempt else { return Ok(None) };
    let finished_at = attempt.ended_at.unwrap_or(detail.task.updated_at);
    let (kind, title, body) = match detail.task.dispatch_status {
        DispatchStatus::Completed if detail.task.review_status == ReviewStatus::InReview => {
            let changes = detail.task.execution_result.as_ref().and_then(|r| r.get("changes"));
            let count = |key: &str| changes.and_then(|c| c.get(key)).and_then(serde_json::Value::as_u64).unwrap_or(0);
            (
                NoticeKind::TaskInReview,
                "Ready for review".to_owned(),
                format!(
                    "{}: {} file(s), +{} -{}",
                    detail.task.title,
                    count("files"),
                    count("additions"),
                    count("deletions")
                ),
            )
        }
        DispatchStatus::Completed => (
            NoticeKind::TaskCompleted,
            "Task completed".to_owned(),
            if detail.task.review_status == ReviewStatus::None && attempt.files_applied == 0 {
                format!("{} (no changes)", detail.task.title)
            } else {
                format!("{} ({} file(s) applied)", detail.task.title, attempt.files_applied)
            },
        ),
        DispatchStatus::Failed => {
            let kind = attempt.error_kind.unwrap_or(ErrorKind::Unknown);
            let mut body = detail.task.title.clone();
            if let Some(remediation) = &detail.remediation {
                body.push_str(": ");
                body.push_str(remediation);
            }
            // Words, not the code: the notice is read by a person (the code is in the task's detail).
            (NoticeKind::TaskFailed, format!("Task failed: {}", kind.as_str().replace('_', " ")), body)
        }
        // A usage limit put it back in the queue: the operator hears when it will run again.
        DispatchStatus::Queued if attempt.error_kind == Some(ErrorKind::RateLimited) && attempt.ended_at.is_some() => {
            let Some(retry_at) = detail.task.retry_at else { return Ok(None) };
            (
                NoticeKind::TaskFailed,
                "Usage limit: the task waits".to_owned(),
                format!(
                    "{}: {} hit its usage limit; it runs again by itself at {retry_at}",
                    detail.task.title, attempt.agent_name
                ),
            )
        }
        _ => return Ok(None),
    };
    let notice = Notice {
        kind,
        title,
        body,
        subject_kind: AuditSubject::Task,
        subject_id: detail.task.id.to_string(),
        project_id: Some(detail.task.project_id),
    };
    Ok(Some((notice, finished_at)))
}

fn run_notice(core: &Core, id: PlanningRunId) -> Result<Option<(Notice, Timestamp)>> {
    let detail = core.planning().run(id)?;
    let run = &detail.run;
    let requirement = core.requirements().get(run.requirement_id)?;
    let (kind, title, body) = match run.status {
        PlanningRunStatus::Completed => (
            NoticeKind::PlanningFinished,
            "Planning finished".to_owned(),
            format!(
                "{}: {} candidate(s) to review",
                requirement.title, detail.quality_summary.pending
            ),
        ),
        PlanningRunStatus::Failed => {
            let kind = run.error_kind.unwrap_or(FailureKind::Unknown);
            let mut body = requirement.title.clone();
            if let Some(remediation) = &detail.remediation {
                body.push_str(": ");
                body.push_str(remediation);
            }
            (
                NoticeKind::PlanningFailed,
                format!("Planning failed: {}", kind.as_str().replace('_', " ")),
                body,
            )
        }
        _ => return Ok(None),
    };
    let notice = Notice {
        kind,
        title,
        body,
        subject_kind: AuditSubject::PlanningRun,
        subject_id: run.id.to_string(),
        project_id: Some(run.project_id),
    };
    Ok(Some((notice, run.completed_at.unwrap_or(run.updated_at))))
}
