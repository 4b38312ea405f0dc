//! Project, requirement, settings and dashboard commands.

use std::path::PathBuf;
use std::sync::Arc;

use anpm_core::app::{About, ApiKeySource, Dashboard, ProjectRemoval, ProviderTest, SettingView};
use anpm_core::domain::*;
use anpm_core::store::RequirementFilter;
use anpm_core::Core;
use tauri::State;

use super::{blocking, parse, parse_opt};
use crate::ipc_error::IpcError;

/// Every registered project, by name.
#[tauri::command]
pub async fn list_projects(core: State<'_, Arc<Core>>) -> Result<Vec<Project>, IpcError> {
    blocking(core, |core| core.projects()).await
}

#[tauri::command]
pub async fn add_project(
    core: State<'_, Arc<Core>>,
    path: String,
    name: Option<String>,
    description: Option<String>,
) -> Result<Project, IpcError> {
    blocking(core, move |c| {
        c.add_project(&PathBuf::from(path), name.as_deref(), description.as_deref())
    })
    .await
}

#[tauri::command]
pub async fn remove_project(
    core: State<'_, Arc<Core>>,
    id: String,
) -> Result<ProjectRemoval, IpcError> {
    blocking(core, move |c| c.remove_project(parse(&id)?)).await
}

#[tauri::command]
pub async fn list_requirements(
    core: State<'_, Arc<Core>>,
    project_id: Option<String>,
    status: Option<String>,
    include_archived: bool,
) -> Result<Vec<Requirement>, IpcError> {
    blocking(core, move |c| {
        c.requirements(&RequirementFilter {
            project_id: parse_opt(project_id)?,
            status: parse_opt(status)?,
            include_archived,
        })
    })
    .await
}

#[tauri::command]
pub async fn add_requirement(
    core: State<'_, Arc<Core>>,
    project_id: String,
    title: String,
    summary: Option<String>,
    description: Option<String>,
    audience: Option<String>,
    success_criteria: Option<String>,
) -> Result<Requirement, IpcError> {
    blocking(core, move |c| {
        let input = NewRequirement::new(
            &title,
            summary.as_deref(),
            description.as_deref(),
            audience.as_deref(),
            success_criteria.as_deref(),
        )?;
        c.add_requirement(parse(&project_id)?, input)
    })
    .await
}

#[tauri::command]
#[allow(clippy::too_many_arguments)]
pub async fn edit_requirement(
    core: State<'_, Arc<Core>>,
    id: String,
    title: Option<String>,
    summary: Option<String>,
    description: Option<String>,
    audience: Option<String>,
    success_criteria: Option<String>,
    status: Option<String>,
) -> Result<Requirement, IpcError> {
    blocking(core, move |c| {
        let patch = RequirementPatch {
            title,
            summary,
            description,
            audience,
            success_criteria,
            status: parse_opt(status)?,
        };
        c.edit_requirement(parse(&id)?, &patch)
    })
    .await
}

#[tauri::command]
pub async fn delete_requirement(
    core: State<'_, Arc<Core>>,
    id: String,
) -> Result<Requirement, IpcError> {
    blocking(core, move |c| c.delete_requirement(parse(&id)?)).await
}

#[tauri::command]
pub async fn list_settings(core: State<'_, Arc<Core>>) -> Result<Vec<SettingView>, IpcError> {
    blocking(core, |c| c.settings()).await
}

#[tauri::command]
pub async fn set_setting(
    core: State<'_, Arc<Core>>,
    key: String,
    value: String,
) -> Result<SettingView, IpcError> {
    blocking(core, move |c| c.set_setting(&key, &value)).await
}

#[tauri::command]
pub async fn unset_setting(
    core: State<'_, Arc<Core>>,
    key: String,
) -> Result<SettingView, IpcError> {
    blocking(core, move |c| c.unset_setting(&key)).await
}

/// Where the model provider's API key comes from (never the key).
#[tauri::command]
pub async fn api_key_source(core: State<'_, Arc<Core>>) -> Result<ApiKeySource, IpcError> {
    blocking(core, |c| c.api_key_source()).await
}

/// Stores the model provider's API key in the OS keyring.
#[tauri::command]
pub async fn set_provider_key(
    core: State<'_, Arc<Core>>,
    key: String,
) -> Result<ApiKeySource, IpcError> {
    blocking(core, move |c| c.set_provider_key(&key)).await
}

/// Removes the model provider's API key from the OS keyring.
#[tauri::command]
pub async fn clear_provider_key(core: State<'_, Arc<Core>>) -> Result<ApiKeySource, IpcError> {
    blocking(core, |c| c.clear_provider_key()).await
}

/// One short prompt to the configured OpenAI-compatible endpoint.
#[tauri::command]
pub async fn test_planning_provider(core: State<'_, Arc<Core>>) -> Result<ProviderTest, IpcError> {
    blocking(core, |c| c.test_planning_provider()).await
}

/// The version and the data folder of this instance.
#[tauri::command]
pub async fn about(core: State<'_, Arc<Core>>) -> Result<About, IpcError> {
    blocking(core, |c| Ok(c.about())).await
}

#[tauri::command]
pub async fn dashboard(
    core: State<'_, Arc<Core>>,
    project_id: Option<String>,
) -> Result<Dashboard, IpcError> {
    blocking(core, move |c| c.dashboard(parse_opt(project_id)?)).await
}
