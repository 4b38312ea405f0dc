//! The error every command returns to the webview: a stable code (the same codes the CLI prints) and a
//! message for people. The UI branches on `code` only.

use anpm_core::{Error, ErrorCode};
use serde::Serialize;
use ts_rs::TS;

/// `{code, message}` as seen by the UI.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct IpcError {
    pub code: ErrorCode,
    pub message: String,
}

impl From<Error> for IpcError {
    fn from(err: Error) -> Self {
        Self { code: err.code(), message: err.to_string() }
    }
}

impl IpcError {
    /// A blocking task that panicked or was cancelled: the core's state is intact (its transaction rolled
    /// back), but the operation did not happen.
    pub fn interrupted(err: tauri::Error) -> Self {
        Self { code: ErrorCode::Io, message: format!("the operation was interrupted: {err}") }
    }
}
