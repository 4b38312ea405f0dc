//! The desktop shell: a thin translation layer between the webview and `anpm_core`.
//!
//! # Layout
//!
//! - `registry.rs`: the one list of commands; `commands.rs` expands it into one `#[tauri::command]` per
//!   core operation the UI uses (each calls one core function off the async workers and maps errors to
//!   [`ipc_error::IpcError`]), the handler list, and the typed wrappers of `ui/src/gen/commands.ts`.
//! - `ipc_error.rs`: the `{code, message}` error the UI branches on.
//! - `tray.rs`: the tray icon and its menu (dispatch controls).
//! - `events.rs`: the only emitter of Tauri events (activity).
//! - `terminal.rs`: live task output over a `tauri::ipc::Channel`, tail first.
//! - `os.rs`: a task's worktree handed to the file manager or a new terminal.
//! - `bindings.rs`: the TypeScript declarations of every type and command the UI sees.
//!
//! The shell never decides: every rule lives in `anpm_core`.

pub mod bindings;
pub mod commands;
pub mod events;
pub mod ipc_error;
pub mod os;
pub mod terminal;
pub mod tray;

pub use commands::COMMANDS;

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use anpm_core::{Config, Core};
use tauri::{RunEvent, Runtime, WindowEvent};

/// Registers state and every command on `builder`. Shared by the real app and the shell's tests, which pass
/// `tauri::test::mock_builder()`.
pub fn wire<R: Runtime>(builder: tauri::Builder<R>, core: Arc<Core>) -> tauri::Builder<R> {
    builder.manage(core).invoke_handler(commands::handler!())
}

/// The `anpm` command installed beside this executable, if it is.
fn command_beside_me() -> Option<PathBuf> {
    let me = std::env::current_exe().ok()?;
    let command = me.parent()?.join(format!("anpm{}", std::env::consts::EXE_SUFFIX));
    command.is_file().then_some(command)
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
    let config = match Config::resolve(data_dir) {
        // The window's dispatch loop hands its agents the `anpm` command beside it as their MCP server.
        Ok(config) => Config { mcp_command: command_beside_me(), ..config },
        Err(e) => {
            eprintln!("anpm: cannot find the data directory: {e}");
            return ExitCode::from(1);
        }
    };
    if let Err(e) = anpm_core::api::logs::init(&config.data_dir) {
        eprintln!("anpm: no log file: {e}");
    }
    let core = match Core::open(config) {
        Ok(core) => Arc::new(core),
        Err(e) => {
            eprintln!("anpm: cannot open the data directory: {e}");
            return ExitCode::from(1);
        }
    };
    // Queued planning runs and tasks execute in the background of the app process for as long as it runs;
    // when another process (say `anpm dispatch serve`) runs the loop, the app steers it through settings.
    core.start_background();
    let events_core = Arc::clone(&core);
    let exit_core = Arc::clone(&core);
    let builder = tauri::Builder::default()
        // First, so that a second launch hands over to the running one before anything else starts.
        .plugin(single_instance(core.data_dir()))
        .plugin(tauri_plugin_window_state::Builder::default().build())
        .plugin(tauri_plugin_notification::init())
        .plugin(tauri_plugin_dialog::init());
    let app = wire(builder, core)
        .setup(move |app| {
            tray::install(app.handle())?;
            events::forward_changes(app.handle().clone(), &events_core);
            events::forward_activity(app.handle().clone(), &events_core);
            Ok(())
        })
        .on_window_event(|window, event| {
            // Closing the window keeps anpm and its dispatch loop running in the tray.
            if let WindowEvent::CloseRequested { api, .. } = event {
                if window.label() == "main" {
                    api.prevent_close();
                    let _ = window.hide();
                }
            }
        })
        .build(tauri::generate_context!());
    match app {
        Ok(app) => {
            // Quit (tray, app menu, a signal Tauri handles) ends here: the one shutdown path stops the
            // loop and its agents and stores the last activity before the process exits.
            app.run(move |_, event| {
                if let RunEvent::Exit = event {
                    exit_core.shutdown();
                }
            });
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("anpm: the desktop window failed to start: {e}");
            ExitCode::from(1)
        }
    }
}

/// One window per data directory: a second launch on the same data focuses the first and exits, while
/// another data directory (a test run, a second workspace) gets its own instance.
fn single_instance<R: Runtime>(data_dir: &std::path::Path) -> tauri::plugin::TauriPlugin<R> {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    data_dir.hash(&mut hasher);
    tauri_plugin_single_instance::Builder::new()
        .callback(|app, _args, _cwd| tray::show_main_window(app))
        .dbus_id(format!("dev.anpm.desktop.data_{:016x}", hasher.finish()))
        .build()
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
