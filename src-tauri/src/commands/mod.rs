//! Tauri commands, one file per UI area. Each command takes the managed [`Core`], runs exactly one core
//! operation off the async workers, and maps its error to [`IpcError`]. Nothing here decides anything:
//! raw strings from the webview are parsed by the core's own parsers, with the core's error codes.

mod dispatch;
mod planning;
mod projects;
mod work;

use std::str::FromStr;
use std::sync::Arc;

use anpm_core::Core;
use tauri::State;

use crate::ipc_error::IpcError;

pub use dispatch::*;
pub use planning::*;
pub use projects::*;
pub use work::*;

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

/// Parses a raw id or enum value with the core's parser (and so the core's error code).
fn parse<T: FromStr<Err = anpm_core::Error>>(raw: &str) -> anpm_core::Result<T> {
    raw.parse()
}

fn parse_opt<T: FromStr<Err = anpm_core::Error>>(
    raw: Option<String>,
) -> anpm_core::Result<Option<T>> {
    raw.as_deref().map(parse).transpose()
}
