//! Tauri commands, one file per UI area. Each command takes the managed [`Core`], runs exactly one core
//! operation off the async workers, and maps its error to [`IpcError`]. Nothing here decides anything.

mod projects;

use std::sync::Arc;

use anpm_core::Core;
use tauri::State;

use crate::ipc_error::IpcError;

pub use projects::*;

/// Runs a blocking core operation on the blocking pool; SQLite never runs on an async worker.
async fn blocking<T, F>(core: State<'_, Arc<Core>>, op: F) -> Result<T, IpcError>
where
    T: Send + 'static,
    F: FnOnce(&Core) -> anpm_core::Result<T> + Send + 'static,
{
    let core = Arc::clone(&core);
    tauri::async_runtime::spawn_blocking(move || op(&core))
        .await
        .map_err(IpcError::interrupted)?
        .map_err(IpcError::from)
}
