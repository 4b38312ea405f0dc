//! The desktop shell: a thin translation layer between the webview and `anpm_core`.
//!
//! # Layout
//!
//! - `commands/`: one `#[tauri::command]` per core operation the UI uses; each calls one core function
//!   off the async workers and maps errors to [`ipc_error::IpcError`].
//! - `ipc_error.rs`: the `{code, message}` error the UI branches on.
//! - `tray.rs`: the tray icon and its menu.
//! - `bindings.rs`: the TypeScript declarations of every type the UI sees.
//!
//! The shell never decides: every rule lives in `anpm_core`.

pub mod bindings;
pub mod commands;
pub mod ipc_error;
mod tray;

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use anpm_core::{Config, Core};
use tauri::{Manager, Runtime, WindowEvent};

/// Registers state and every command on `builder`. Shared by the real app and the shell's tests, which pass
/// `tauri::test::mock_builder()`.
pub fn wire<R: Runtime>(builder: tauri::Builder<R>, core: Arc<Core>) -> tauri::Builder<R> {
    builder.manage(core).invoke_handler(tauri::generate_handler![commands::list_projects])
}

/// Opens the desktop window on the data directory `data_dir` (or the default one) and runs until Quit.
pub fn run_desktop(data_dir: Option<PathBuf>) -> ExitCode {
    if let Some(reason) = missing_display() {
        eprintln!(
            "anpm: cannot open the desktop window: {reason}.\n\
             Run it under a virtual display:   xvfb-run -a anpm\n\
             or use the command line instead:  anpm --help"
        );
        return ExitCode::from(1);
    }
    let core = match Config::resolve(data_dir).and_then(Core::open) {
        Ok(core) => Arc::new(core),
        Err(e) => {
            eprintln!("anpm: cannot open the data directory: {e}");
            return ExitCode::from(1);
        }
    };
    // Queued planning runs execute in the background of the app process for as long as it runs.
    let planning_worker = core.spawn_planning_worker();
    let result = wire(tauri::Builder::default(), core)
        .setup(move |app| {
            tray::install(app.handle())?;
            app.manage(planning_worker);
            Ok(())
        })
        .on_window_event(|window, event| {
            // Closing the window keeps anpm (and, later, its dispatch loop) running in the tray.
            if let WindowEvent::CloseRequested { api, .. } = event {
                if window.label() == "main" {
                    api.prevent_close();
                    let _ = window.hide();
                }
            }
        })
        .run(tauri::generate_context!());
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("anpm: the desktop window failed to start: {e}");
            ExitCode::from(1)
        }
    }
}

/// On Linux, GTK needs an X11 or Wayland display; without one it aborts. Say so instead.
fn missing_display() -> Option<&'static str> {
    if cfg!(target_os = "linux")
        && std::env::var_os("DISPLAY").is_none_or(|d| d.is_empty())
        && std::env::var_os("WAYLAND_DISPLAY").is_none_or(|d| d.is_empty())
    {
        Some("no display found (neither DISPLAY nor WAYLAND_DISPLAY is set)")
    } else {
        None
    }
}
