//! Hands a task's worktree to the operating system: its folder in the file manager (the opener plugin),
//! or a terminal started there. The core names the folder and refuses one that is not on disk; this only
//! starts the program. The `os` entries of the command registry.

use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::Arc;

use anpm_core::{Core, ErrorCode};
use tauri::State;

use crate::ipc_error::IpcError;

/// Terminal emulators tried in order on Linux: Debian's chosen one first, then common desktops' own.
#[cfg(all(unix, not(target_os = "macos")))]
const TERMINALS: &[&str] = &[
    "x-terminal-emulator",
    "gnome-terminal",
    "konsole",
    "xfce4-terminal",
    "kitty",
    "alacritty",
    "xterm",
];

async fn folder(core: State<'_, Arc<Core>>, id: String) -> Result<std::path::PathBuf, IpcError> {
    let core = Arc::clone(&core);
    tauri::async_runtime::spawn_blocking(move || core.review().live_folder(id.parse()?))
        .await
        .map_err(IpcError::interrupted)?
        .map_err(IpcError::from)
}

fn failed(what: &str, e: impl std::fmt::Display) -> IpcError {
    IpcError { code: ErrorCode::Io, message: format!("{what}: {e}") }
}

/// Opens the task's worktree in the system's file manager.
#[tauri::command]
pub async fn open_task_folder(core: State<'_, Arc<Core>>, id: String) -> Result<(), IpcError> {
    let path = folder(core, id).await?;
    tauri_plugin_opener::open_path(&path, None::<&str>)
        .map_err(|e| failed(&format!("opening {}", path.display()), e))
}

/// Starts a terminal whose working directory is the task's worktree.
#[tauri::command]
pub async fn open_task_terminal(core: State<'_, Arc<Core>>, id: String) -> Result<(), IpcError> {
    let path = folder(core, id).await?;
    start_terminal(&path)
}

#[cfg(target_os = "macos")]
fn start_terminal(path: &Path) -> Result<(), IpcError> {
    Command::new("open")
        .args(["-a", "Terminal"])
        .arg(path)
        .spawn()
        .map(drop)
        .map_err(|e| failed("starting Terminal", e))
}

#[cfg(all(unix, not(target_os = "macos")))]
fn start_terminal(path: &Path) -> Result<(), IpcError> {
    for program in TERMINALS {
        let started = Command::new(program)
            .current_dir(path)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn();
        if started.is_ok() {
            return Ok(());
        }
    }
    Err(IpcError {
        code: ErrorCode::Io,
        message: format!(
            "no terminal emulator was found (tried {}); open one in {} yourself",
            TERMINALS.join(", "),
            path.display()
        ),
    })
}

#[cfg(windows)]
fn start_terminal(path: &Path) -> Result<(), IpcError> {
    Command::new("cmd")
        .args(["/C", "start", "cmd"])
        .current_dir(path)
        .stdin(Stdio::null())
        .spawn()
        .map(drop)
        .map_err(|e| failed("starting a terminal", e))
}
