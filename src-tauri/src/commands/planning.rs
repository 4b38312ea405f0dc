//! Planning-run and candidate commands.

use std::sync::Arc;

use anpm_core::app::{ApplyOutcome, CandidateDetail, ContextView, PlanningRunDetail};
use anpm_core::dispatch::router::SuggestOutcome;
use anpm_core::domain::*;
use anpm_core::store::{CandidateFilter, PlanningRunFilter};
use anpm_core::Core;
use tauri::State;

use super::{blocking, parse, parse_opt};
use crate::ipc_error::IpcError;

/// Queues a run; the app's planning worker executes it in the background.
#[tauri::command]
pub async fn start_planning_run(
    core: State<'_, Arc<Core>>,
    requirement_id: String,
    provider: Option<String>,
    template: Option<String>,
) -> Result<PlanningRun, IpcError> {
    blocking(core, move |c| {
        let template = parse_opt(template)?.unwrap_or(PlanningTemplate::Backlog);
        c.start_planning_run(parse(&requirement_id)?, parse_opt(provider)?, template)
    })
    .await
}

/// Queues a "What's next" run for a project (with its own `analysis` requirement).
#[tauri::command]
pub async fn start_whats_next(
    core: State<'_, Arc<Core>>,
    project_id: String,
    provider: Option<String>,
) -> Result<PlanningRun, IpcError> {
    blocking(core, move |c| {
        c.start_whats_next(parse(&project_id)?, parse_opt(provider)?).map(|(_, run)| run)
    })
    .await
}

#[tauri::command]
pub async fn list_planning_runs(
    core: State<'_, Arc<Core>>,
    project_id: Option<String>,
    requirement_id: Option<String>,
) -> Result<Vec<PlanningRun>, IpcError> {
    blocking(core, move |c| {
        c.planning_runs(&PlanningRunFilter {
            project_id: parse_opt(project_id)?,
            requirement_id: parse_opt(requirement_id)?,
            status: None,
        })
    })
    .await
}

#[tauri::command]
pub async fn planning_run(
    core: State<'_, Arc<Core>>,
    id: String,
) -> Result<PlanningRunDetail, IpcError> {
    blocking(core, move |c| c.planning_run(parse(&id)?)).await
}

#[tauri::command]
pub async fn cancel_planning_run(
    core: State<'_, Arc<Core>>,
    id: String,
) -> Result<PlanningRun, IpcError> {
    blocking(core, move |c| c.cancel_planning_run(parse(&id)?)).await
}

#[tauri::command]
pub async fn planning_context(
    core: State<'_, Arc<Core>>,
    id: String,
    raw: bool,
) -> Result<ContextView, IpcError> {
    blocking(core, move |c| c.planning_context(parse(&id)?, raw)).await
}

#[tauri::command]
pub async fn list_candidates(
    core: State<'_, Arc<Core>>,
    planning_run_id: Option<String>,
    project_id: Option<String>,
) -> Result<Vec<BacklogCandidate>, IpcError> {
    blocking(core, move |c| {
        c.candidates(&CandidateFilter {
            project_id: parse_opt(project_id)?,
            planning_run_id: parse_opt(planning_run_id)?,
            status: None,
        })
    })
    .await
}

#[tauri::command]
#[allow(clippy::too_many_arguments)]
pub async fn update_candidate(
    core: State<'_, Arc<Core>>,
    id: String,
    title: Option<String>,
    description: Option<String>,
    status: Option<String>,
    execution_role: Option<String>,
    feedback_kind: Option<String>,
    feedback_note: Option<String>,
) -> Result<CandidateDetail, IpcError> {
    blocking(core, move |c| {
        let patch = CandidatePatch {
            title,
            description,
            status: parse_opt(status)?,
            execution_role,
            feedback_kind,
            feedback_note,
        };
        c.update_candidate(parse(&id)?, &patch)
    })
    .await
}

/// Applies a candidate; with `approve` it is approved first (approve-and-apply).
#[tauri::command]
pub async fn apply_candidate(
    core: State<'_, Arc<Core>>,
    id: String,
    role: Option<String>,
    agent: Option<String>,
    approve: bool,
) -> Result<ApplyOutcome, IpcError> {
    blocking(core, move |c| {
        let id = parse(&id)?;
        if approve {
            c.approve_and_apply_candidate(id, role.as_deref(), agent.as_deref())
        } else {
            c.apply_candidate(id, role.as_deref(), agent.as_deref())
        }
    })
    .await
}

#[tauri::command]
pub async fn suggest_role(
    core: State<'_, Arc<Core>>,
    id: String,
) -> Result<SuggestOutcome, IpcError> {
    blocking(core, move |c| c.suggest_role(parse(&id)?)).await
}
