//! Dispatch, agent, role and activity commands. Cancel goes through the app's own dispatch loop so the
//! running agent is stopped at once.

use std::sync::Arc;

use anpm_core::activity::Activity;
use std::collections::BTreeMap;

use anpm_core::app::{AgentPatch, AgentTest};
use anpm_core::dispatch::executor::AgentScope;
use anpm_core::dispatch::roles::{self, Role};
use anpm_core::dispatch::scheduler::DispatchState;
use anpm_core::domain::*;
use anpm_core::Core;
use tauri::ipc::Channel;
use tauri::State;

use super::{blocking, parse, parse_opt};
use crate::ipc_error::IpcError;
use crate::terminal::{self, TerminalChunk};
use crate::DispatchHandle;

#[tauri::command]
pub async fn dispatch_state(
    core: State<'_, Arc<Core>>,
    handle: State<'_, DispatchHandle>,
) -> Result<DispatchState, IpcError> {
    let handle = handle.inner().clone();
    blocking(core, move |c| c.dispatch_state(handle.get().as_deref())).await
}

#[tauri::command]
pub async fn set_dispatch_paused(core: State<'_, Arc<Core>>, paused: bool) -> Result<(), IpcError> {
    blocking(core, move |c| c.set_dispatch_paused(paused)).await
}

#[tauri::command]
pub async fn set_dispatch_concurrency(
    core: State<'_, Arc<Core>>,
    concurrency: usize,
) -> Result<(), IpcError> {
    blocking(core, move |c| c.set_dispatch_concurrency(concurrency)).await
}

#[tauri::command]
pub async fn run_next_task(core: State<'_, Arc<Core>>) -> Result<(), IpcError> {
    blocking(core, |c| c.request_run_next()).await
}

#[tauri::command]
pub async fn cancel_task(
    core: State<'_, Arc<Core>>,
    handle: State<'_, DispatchHandle>,
    id: String,
) -> Result<Task, IpcError> {
    let handle = handle.inner().clone();
    blocking(core, move |c| c.cancel_task(parse(&id)?, handle.get().as_deref())).await
}

#[tauri::command]
pub async fn requeue_task(
    core: State<'_, Arc<Core>>,
    id: String,
    agent: Option<String>,
) -> Result<Task, IpcError> {
    blocking(core, move |c| c.requeue_task(parse(&id)?, agent.as_deref())).await
}

#[tauri::command]
pub async fn list_roles() -> Result<Vec<Role>, IpcError> {
    Ok(roles::catalog().task_roles().into_iter().cloned().collect())
}

#[tauri::command]
pub async fn list_agents(core: State<'_, Arc<Core>>) -> Result<Vec<AgentProfile>, IpcError> {
    blocking(core, |c| c.agents()).await
}

#[tauri::command]
#[allow(clippy::too_many_arguments)]
pub async fn add_agent(
    core: State<'_, Arc<Core>>,
    name: String,
    kind: String,
    command: Option<String>,
    args: Vec<String>,
    output_format: Option<String>,
    model: Option<String>,
    is_default: bool,
) -> Result<AgentProfile, IpcError> {
    blocking(core, move |c| {
        let input = NewAgentProfile::new(
            &name,
            parse(&kind)?,
            command.as_deref(),
            args,
            parse_opt(output_format)?,
            model.as_deref(),
            is_default,
        )?;
        c.add_agent(input)
    })
    .await
}

/// Changes a profile; absent fields stay as they are.
#[tauri::command]
#[allow(clippy::too_many_arguments)]
pub async fn edit_agent(
    core: State<'_, Arc<Core>>,
    name: String,
    command: Option<String>,
    args: Option<Vec<String>>,
    output_format: Option<String>,
    model: Option<String>,
    is_default: Option<bool>,
) -> Result<AgentProfile, IpcError> {
    blocking(core, move |c| {
        let patch = AgentPatch {
            command,
            args,
            output_format: parse_opt(output_format)?,
            model,
            is_default,
        };
        c.edit_agent(&name, &patch)
    })
    .await
}

/// The default agent of each task role that has one (role id → profile name).
#[tauri::command]
pub async fn role_agents(core: State<'_, Arc<Core>>) -> Result<BTreeMap<String, String>, IpcError> {
    blocking(core, |c| c.role_agents()).await
}

/// Makes `name` the default agent of `role`, or clears the role's default when `name` is absent.
#[tauri::command]
pub async fn set_role_agent(
    core: State<'_, Arc<Core>>,
    role: String,
    name: Option<String>,
) -> Result<(), IpcError> {
    blocking(core, move |c| c.set_scoped_agent(AgentScope::Role, &role, name.as_deref())).await
}

/// The default agent of each project that has one (project id → profile name).
#[tauri::command]
pub async fn project_agents(
    core: State<'_, Arc<Core>>,
) -> Result<BTreeMap<String, String>, IpcError> {
    blocking(core, |c| c.project_agents()).await
}

/// Makes `name` the default agent of a project, or clears the project's default when `name` is absent.
#[tauri::command]
pub async fn set_project_agent(
    core: State<'_, Arc<Core>>,
    project_id: String,
    name: Option<String>,
) -> Result<(), IpcError> {
    blocking(core, move |c| c.set_scoped_agent(AgentScope::Project, &project_id, name.as_deref()))
        .await
}

#[tauri::command]
pub async fn remove_agent(
    core: State<'_, Arc<Core>>,
    name: String,
) -> Result<AgentProfile, IpcError> {
    blocking(core, move |c| c.remove_agent(&name)).await
}

#[tauri::command]
pub async fn test_agent(core: State<'_, Arc<Core>>, name: String) -> Result<AgentTest, IpcError> {
    blocking(core, move |c| c.test_agent(&name)).await
}

/// The latest activity of every runner (live updates arrive as `activity` events).
#[tauri::command]
pub async fn current_activity(core: State<'_, Arc<Core>>) -> Result<Vec<Activity>, IpcError> {
    Ok(core.bus().current())
}

/// Streams the live output of `id` to `on_output`: the captured tail first, then new chunks, then
/// `ended`. Returns whether an attempt is running in this process (if not, only the tail is sent).
#[tauri::command]
pub async fn watch_task_output(
    core: State<'_, Arc<Core>>,
    id: String,
    on_output: Channel<TerminalChunk>,
) -> Result<bool, IpcError> {
    let watch = core.watch_output(parse(&id)?);
    let running = watch.running;
    terminal::spawn(watch, move |chunk| on_output.send(chunk).is_ok());
    Ok(running)
}
