//! Project commands.

use std::sync::Arc;

use anpm_core::domain::Project;
use anpm_core::Core;
use tauri::State;

use super::blocking;
use crate::ipc_error::IpcError;

/// Every registered project, by name.
#[tauri::command]
pub async fn list_projects(core: State<'_, Arc<Core>>) -> Result<Vec<Project>, IpcError> {
    blocking(core, |core| core.projects()).await
}
