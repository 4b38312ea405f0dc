//! The tray icon and its menu: what dispatch is doing (running and queued counts), pause or resume, run the
//! next task now, cancel a running task, open the window, quit. Closing the window hides it here.

use std::sync::Arc;

use anpm_core::Core;
use tauri::menu::{Menu, MenuItem, PredefinedMenuItem};
use tauri::tray::TrayIconBuilder;
use tauri::{AppHandle, Manager, Runtime};

use crate::DispatchHandle;

const TRAY_ID: &str = "anpm-tray";
const OPEN: &str = "open";
const QUIT: &str = "quit";
const TOGGLE_PAUSE: &str = "toggle-pause";
const RUN_NEXT: &str = "run-next";
const CANCEL_PREFIX: &str = "cancel:";

/// Builds the tray icon.
pub fn install<R: Runtime>(app: &AppHandle<R>) -> tauri::Result<()> {
    let mut tray =
        TrayIconBuilder::with_id(TRAY_ID).tooltip("anpm").menu(&menu(app)?).on_menu_event(on_menu);
    if let Some(icon) = app.default_window_icon() {
        tray = tray.icon(icon.clone());
    }
    tray.build(app)?;
    Ok(())
}

/// Rebuilds the menu and tooltip from the current dispatch state.
pub fn refresh<R: Runtime>(app: &AppHandle<R>) {
    let Some(tray) = app.tray_by_id(TRAY_ID) else { return };
    match menu(app) {
        Ok(menu) => {
            let _ = tray.set_menu(Some(menu));
        }
        Err(e) => tracing::warn!(error = %e, "rebuilding the tray menu failed"),
    }
    if let Some((running, queued, paused)) = counts(app) {
        let state = if paused { ", paused" } else { "" };
        let _ = tray.set_tooltip(Some(format!("anpm: {running} running, {queued} queued{state}")));
    }
}

fn counts<R: Runtime>(app: &AppHandle<R>) -> Option<(usize, i64, bool)> {
    let core = app.try_state::<Arc<Core>>()?;
    let handle = app.try_state::<DispatchHandle>()?;
    let state = core.dispatch_state(handle.get().as_deref()).ok()?;
    Some((state.running.len(), state.queued, state.paused))
}

fn menu<R: Runtime>(app: &AppHandle<R>) -> tauri::Result<Menu<R>> {
    let menu = Menu::new(app)?;
    let core = app.try_state::<Arc<Core>>();
    let handle = app.try_state::<DispatchHandle>();
    let state = match (core, handle) {
        (Some(core), Some(handle)) => core.dispatch_state(handle.get().as_deref()).ok(),
        _ => None,
    };
    if let Some(state) = &state {
        let summary = format!(
            "{} running · {} queued{}",
            state.running.len(),
            state.queued,
            if state.paused { " · paused" } else { "" }
        );
        menu.append(&MenuItem::with_id(app, "summary", summary, false, None::<&str>)?)?;
        let toggle = if state.paused { "Resume dispatch" } else { "Pause dispatch" };
        menu.append(&MenuItem::with_id(app, TOGGLE_PAUSE, toggle, true, None::<&str>)?)?;
        menu.append(&MenuItem::with_id(
            app,
            RUN_NEXT,
            "Run next task",
            state.queued > 0,
            None::<&str>,
        )?)?;
        if !state.running.is_empty() {
            menu.append(&PredefinedMenuItem::separator(app)?)?;
            let core = app.state::<Arc<Core>>();
            for id in &state.running {
                let title = core.task(*id).map(|t| t.task.title).unwrap_or_else(|_| id.to_string());
                let label = format!("Cancel: {}", truncate(&title, 40));
                menu.append(&MenuItem::with_id(
                    app,
                    format!("{CANCEL_PREFIX}{id}"),
                    label,
                    true,
                    None::<&str>,
                )?)?;
            }
        }
        menu.append(&PredefinedMenuItem::separator(app)?)?;
    }
    menu.append(&MenuItem::with_id(app, OPEN, "Open anpm", true, None::<&str>)?)?;
    menu.append(&MenuItem::with_id(app, QUIT, "Quit anpm", true, None::<&str>)?)?;
    Ok(menu)
}

fn truncate(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_owned(),
    }
}

fn on_menu<R: Runtime>(app: &AppHandle<R>, event: tauri::menu::MenuEvent) {
    let id = event.id().as_ref().to_owned();
    match id.as_str() {
        OPEN => show_main_window(app),
        QUIT => app.exit(0),
        _ => {
            // Dispatch actions touch the database; keep them off the UI thread.
            let app = app.clone();
            std::thread::spawn(move || dispatch_action(&app, &id));
        }
    }
}

/// Carries out a dispatch menu action. Public so the shell's tests can drive the same path.
pub fn dispatch_action<R: Runtime>(app: &AppHandle<R>, id: &str) {
    let (Some(core), Some(handle)) =
        (app.try_state::<Arc<Core>>(), app.try_state::<DispatchHandle>())
    else {
        return;
    };
    let result = match id {
        TOGGLE_PAUSE => core
            .dispatch_state(handle.get().as_deref())
            .and_then(|s| core.set_dispatch_paused(!s.paused)),
        RUN_NEXT => core.request_run_next(),
        other => match other.strip_prefix(CANCEL_PREFIX).map(str::parse) {
            Some(Ok(task)) => core.cancel_task(task, handle.get().as_deref()).map(|_| ()),
            Some(Err(e)) => Err(e),
            None => {
                tracing::warn!(item = other, "unknown tray menu item");
                Ok(())
            }
        },
    };
    if let Err(e) = result {
        tracing::warn!(error = %e, action = id, "tray action failed");
    }
    refresh(app);
}

/// Shows, unminimizes and focuses the main window.
pub fn show_main_window<R: Runtime>(app: &AppHandle<R>) {
    if let Some(window) = app.get_webview_window("main") {
        // Each step is best effort: a window manager may refuse focus, which is not worth failing over.
        let _ = window.show();
        let _ = window.unminimize();
        let _ = window.set_focus();
    }
}

/// The ids of the dispatch items, for tests.
pub const ACTIONS: [&str; 2] = [TOGGLE_PAUSE, RUN_NEXT];
