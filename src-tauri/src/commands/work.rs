//! Backlog and task commands.

use std::sync::Arc;

use anpm_core::app::{AttemptLog, CommitOutcome, TaskDetail};
use anpm_core::domain::*;
use anpm_core::store::{BacklogFilter, TaskFilter};
use anpm_core::Core;
use tauri::State;

use super::{blocking, parse, parse_opt};
use crate::ipc_error::IpcError;

#[tauri::command]
#[allow(clippy::too_many_arguments)]
pub async fn list_backlog(
    core: State<'_, Arc<Core>>,
    project_id: String,
    status: Option<String>,
    priority: Option<String>,
    label: Option<String>,
    text: Option<String>,
    include_archived: bool,
    sort: Option<String>,
) -> Result<Vec<BacklogItem>, IpcError> {
    blocking(core, move |c| {
        c.backlog_items(&BacklogFilter {
            project_id: parse(&project_id)?,
            status: parse_opt(status)?,
            priority: parse_opt(priority)?,
            label,
            text,
            include_archived,
            sort: parse_opt(sort)?.unwrap_or(BacklogSort::Rank),
        })
    })
    .await
}

#[tauri::command]
#[allow(clippy::too_many_arguments)]
pub async fn add_backlog_item(
    core: State<'_, Arc<Core>>,
    project_id: String,
    title: String,
    description: Option<String>,
    status: Option<String>,
    priority: Option<String>,
    labels: Vec<String>,
    acceptance_criteria: Option<String>,
    rank: Option<i64>,
    blocked_reason: Option<String>,
) -> Result<BacklogItem, IpcError> {
    blocking(core, move |c| {
        let input = NewBacklogItem::new(
            &title,
            description.as_deref(),
            parse_opt(status)?,
            parse_opt(priority)?,
            rank,
            &labels,
            acceptance_criteria.as_deref(),
            blocked_reason.as_deref(),
        )?;
        c.add_backlog_item(parse(&project_id)?, input)
    })
    .await
}

#[tauri::command]
#[allow(clippy::too_many_arguments)]
pub async fn edit_backlog_item(
    core: State<'_, Arc<Core>>,
    id: String,
    title: Option<String>,
    description: Option<String>,
    status: Option<String>,
    priority: Option<String>,
    rank: Option<i64>,
    labels: Option<Vec<String>>,
    acceptance_criteria: Option<String>,
    blocked_reason: Option<String>,
) -> Result<BacklogItem, IpcError> {
    blocking(core, move |c| {
        let patch = BacklogItemPatch {
            title,
            description,
            status: parse_opt(status)?,
            priority: parse_opt(priority)?,
            rank,
            labels,
            acceptance_criteria,
            blocked_reason,
        };
        c.edit_backlog_item(parse(&id)?, &patch)
    })
    .await
}

#[tauri::command]
pub async fn commit_backlog_item(
    core: State<'_, Arc<Core>>,
    id: String,
    role: Option<String>,
    agent: Option<String>,
) -> Result<CommitOutcome, IpcError> {
    blocking(core, move |c| c.commit_backlog_item(parse(&id)?, role.as_deref(), agent.as_deref()))
        .await
}

#[tauri::command]
pub async fn list_tasks(
    core: State<'_, Arc<Core>>,
    project_id: Option<String>,
    status: Option<String>,
    dispatch_status: Option<String>,
    text: Option<String>,
) -> Result<Vec<Task>, IpcError> {
    blocking(core, move |c| {
        c.tasks(&TaskFilter {
            project_id: parse_opt(project_id)?,
            status: parse_opt(status)?,
            priority: None,
            assignee: None,
            dispatch_status: parse_opt(dispatch_status)?,
            text,
        })
    })
    .await
}

#[tauri::command]
pub async fn task(core: State<'_, Arc<Core>>, id: String) -> Result<TaskDetail, IpcError> {
    blocking(core, move |c| c.task(parse(&id)?)).await
}

/// A task written by hand (not from the backlog or a candidate).
#[tauri::command]
pub async fn add_task(
    core: State<'_, Arc<Core>>,
    project_id: String,
    title: String,
    description: Option<String>,
    priority: Option<String>,
) -> Result<Task, IpcError> {
    blocking(core, move |c| {
        let input = NewTask::new(&title, description.as_deref(), None, parse_opt(priority)?, None)?;
        c.add_task(parse(&project_id)?, input)
    })
    .await
}

#[tauri::command]
pub async fn edit_task(
    core: State<'_, Arc<Core>>,
    id: String,
    title: Option<String>,
    description: Option<String>,
    status: Option<String>,
    priority: Option<String>,
    assignee: Option<String>,
) -> Result<Task, IpcError> {
    blocking(core, move |c| {
        let patch = TaskPatch {
            title,
            description,
            status: parse_opt(status)?,
            priority: parse_opt(priority)?,
            assignee,
        };
        c.edit_task(parse(&id)?, &patch)
    })
    .await
}

#[tauri::command]
pub async fn batch_edit_tasks(
    core: State<'_, Arc<Core>>,
    ids: Vec<String>,
    status: Option<String>,
    priority: Option<String>,
    assignee: Option<String>,
) -> Result<Vec<Task>, IpcError> {
    blocking(core, move |c| {
        let ids = ids.iter().map(|id| parse(id)).collect::<anpm_core::Result<Vec<TaskId>>>()?;
        let patch = TaskPatch {
            title: None,
            description: None,
            status: parse_opt(status)?,
            priority: parse_opt(priority)?,
            assignee,
        };
        c.batch_edit_tasks(&ids, &patch)
    })
    .await
}

#[tauri::command]
pub async fn task_attempts(
    core: State<'_, Arc<Core>>,
    id: String,
) -> Result<Vec<DispatchAttempt>, IpcError> {
    blocking(core, move |c| c.task_attempts(parse(&id)?)).await
}

#[tauri::command]
pub async fn task_log(
    core: State<'_, Arc<Core>>,
    id: String,
    attempt: Option<i64>,
) -> Result<AttemptLog, IpcError> {
    blocking(core, move |c| c.task_log(parse(&id)?, attempt)).await
}
