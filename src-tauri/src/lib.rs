//! The desktop shell: a thin translation layer between the webview and `anpm_core`.
//!
//! # Layout
//!
//! - `commands/`: one `#[tauri::command]` per core operation the UI uses; each calls one core function
//!   off the async workers and maps errors to [`ipc_error::IpcError`].
//! - `ipc_error.rs`: the `{code, message}` error the UI branches on.
//! - `tray.rs`: the tray icon and its menu (dispatch controls).
//! - `events.rs`: the only emitter of Tauri events (activity).
//! - `terminal.rs`: live task output over a `tauri::ipc::Channel`, tail first.
//! - `bindings.rs`: the TypeScript declarations of every type the UI sees.
//!
//! The shell never decides: every rule lives in `anpm_core`.

pub mod bindings;
pub mod commands;
pub mod events;
pub mod ipc_error;
pub mod terminal;
pub mod tray;

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::{Arc, Mutex};

use anpm_core::dispatch::scheduler::Dispatcher;
use anpm_core::{Config, Core};
use tauri::{Manager, Runtime, WindowEvent};

/// The app's dispatch loop, once started (another process may own it, in which case this stays empty).
#[derive(Debug, Clone, Default)]
pub struct DispatchHandle(Arc<Mutex<Option<Arc<Dispatcher>>>>);

impl DispatchHandle {
    pub fn get(&self) -> Option<Arc<Dispatcher>> {
        self.0.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }

    pub fn set(&self, dispatcher: Dispatcher) {
        *self.0.lock().unwrap_or_else(|p| p.into_inner()) = Some(Arc::new(dispatcher));
    }
}

/// Every command the webview may call.
macro_rules! anpm_commands {
    () => {
        tauri::generate_handler![
            commands::list_projects,
            commands::add_project,
            commands::remove_project,
            commands::list_requirements,
            commands::add_requirement,
            commands::edit_requirement,
            commands::delete_requirement,
            commands::list_settings,
            commands::set_setting,
            commands::unset_setting,
            commands::api_key_source,
            commands::set_provider_key,
            commands::clear_provider_key,
            commands::test_planning_provider,
            commands::dashboard,
            commands::start_planning_run,
            commands::start_whats_next,
            commands::list_planning_runs,
            commands::planning_run,
            commands::cancel_planning_run,
            commands::planning_context,
            commands::list_candidates,
            commands::update_candidate,
            commands::apply_candidate,
            commands::suggest_role,
            commands::list_backlog,
            commands::add_backlog_item,
            commands::edit_backlog_item,
            commands::commit_backlog_item,
            commands::list_tasks,
            commands::add_task,
            commands::task,
            commands::edit_task,
            commands::batch_edit_tasks,
            commands::task_attempts,
            commands::task_log,
            commands::dispatch_state,
            commands::set_dispatch_paused,
            commands::set_dispatch_concurrency,
            commands::run_next_task,
            commands::cancel_task,
            commands::requeue_task,
            commands::list_roles,
            commands::list_agents,
            commands::add_agent,
            commands::edit_agent,
            commands::role_agents,
            commands::set_role_agent,
            commands::project_agents,
            commands::set_project_agent,
            commands::remove_agent,
            commands::test_agent,
            commands::current_activity,
            commands::watch_task_output,
            commands::about,
        ]
    };
}

// The names of every registered command. Shared with build.rs, which generates one `allow-…` permission
// per command so that the capability file can grant exactly these.
include!("command_names.rs");

/// Registers state and every command on `builder`. Shared by the real app and the shell's tests, which pass
/// `tauri::test::mock_builder()`.
pub fn wire<R: Runtime>(
    builder: tauri::Builder<R>,
    core: Arc<Core>,
    dispatch: DispatchHandle,
) -> tauri::Builder<R> {
    builder.manage(core).manage(dispatch).invoke_handler(anpm_commands!())
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
    // Queued planning runs and tasks execute in the background of the app process for as long as it runs.
    let planning_worker = core.spawn_planning_worker();
    let dispatch = DispatchHandle::default();
    match core.start_dispatcher() {
        Ok(dispatcher) => dispatch.set(dispatcher),
        // Another process (say `anpm dispatch serve`) runs the loop; the app steers it through settings.
        Err(e) => tracing::warn!(error = %e, "the dispatch loop runs elsewhere"),
    }
    let events_core = Arc::clone(&core);
    let builder = tauri::Builder::default()
        // First, so that a second launch hands over to the running one before anything else starts.
        .plugin(single_instance(core.data_dir()))
        .plugin(tauri_plugin_window_state::Builder::default().build())
        .plugin(tauri_plugin_notification::init())
        .plugin(tauri_plugin_dialog::init());
    let result = wire(builder, core, dispatch)
        .setup(move |app| {
            tray::install(app.handle())?;
            events::forward_changes(app.handle().clone(), &events_core);
            events::forward_activity(app.handle().clone(), events_core);
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
