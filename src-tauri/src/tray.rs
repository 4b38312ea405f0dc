//! The tray icon and its menu: what dispatch is doing (running, queued and awaiting-review counts), pause or resume, run the
//! next task now, cancel a running task, open the window, quit. Closing the window hides it here.

use std::sync::Arc;

use anpm_core::Core;
use tauri::menu::{Menu, MenuItem, PredefinedMenuItem};
use tauri::tray::TrayIconBuilder;
use tauri::{AppHandle, Manager, Runtime};

const TRAY_ID: &str = "anpm-tray";
const OPEN: &str = "open";
const QUIT: &str = "quit";
const TOGGLE_PAUSE: &str = "toggle-pause";
const RUN_NEXT: &str = "run-next";
/// The id prefix of a running task's Cancel item; the task id follows.
pub const CANCEL_PREFIX: &str = "cancel:";

/// What the tray shows, read from the core off the UI thread. The menu is rebuilt only when this
/// changes: every menu call is a round trip to the UI thread, and rebuilding on each activity batch kept
/// that thread busy enough to delay the webview's events.
#[derive(Debug, Clone, PartialEq, Eq)]
struct TrayState {
    paused: bool,
    queued: i64,
    /// Tasks whose work waits for review.
    awaiting_review: i64,
    /// Running tasks: id and title.
    running: Vec<(String, String)>,
    /// Notifications not read yet.
    unread: i64,
}

/// What the tray shows now; redraws compare against it.
struct Shown(std::sync::Mutex<Option<TrayState>>);

/// Builds the tray icon.
pub fn install<R: Runtime>(app: &AppHandle<R>) -> tauri::Result<()> {
    let state = snapshot(app);
    app.manage(Shown(std::sync::Mutex::new(state.clone())));
    let mut tray = TrayIconBuilder::with_id(TRAY_ID)
        .tooltip(tooltip(state.as_ref()))
        .menu(&menu(app, state.as_ref())?)
        .on_menu_event(on_menu);
    if let Some(icon) = app.default_window_icon() {
        tray = tray.icon(icon.clone());
    }
    tray.build(app)?;
    Ok(())
}

/// The dispatch state the tray shows; none when the core is not managed (yet).
fn snapshot<R: Runtime>(app: &AppHandle<R>) -> Option<TrayState> {
    let core = app.try_state::<Arc<Core>>()?;
    let state = core.dispatch().state().ok()?;
    let running = state
        .running
        .iter()
        .map(|id| {
            let title =
                core.tasks().get(*id).map(|t| t.task.title).unwrap_or_else(|_| id.to_string());
            (id.to_string(), title)
        })
        .collect();
    let awaiting_review = core.review().awaiting().unwrap_or(0);
    let unread = core.notifications().unread_count().unwrap_or(0);
    Some(TrayState { paused: state.paused, queued: state.queued, awaiting_review, running, unread })
}

/// Shows `state` in the tray's menu and tooltip.
fn show<R: Runtime>(app: &AppHandle<R>, state: Option<&TrayState>) {
    let Some(tray) = app.tray_by_id(TRAY_ID) else { return };
    match menu(app, state) {
        Ok(menu) => {
            let _ = tray.set_menu(Some(menu));
        }
        Err(e) => tracing::warn!(error = %e, "rebuilding the tray menu failed"),
    }
    let _ = tray.set_tooltip(Some(tooltip(state)));
}

/// Reads the state and redraws the tray if it differs from what the tray shows. Called from the threads
/// that learn of changes (activity, stored data), never from the UI thread.
pub fn refresh<R: Runtime>(app: &AppHandle<R>) {
    let Some(shown) = app.try_state::<Shown>() else { return };
    // Read under the lock: two threads refreshing at once draw in the order they read, so an older
    // state can never be drawn over a newer one.
    let mut shown = shown.0.lock().unwrap_or_else(|p| p.into_inner());
    let now = snapshot(app);
    if *shown != now {
        show(app, now.as_ref());
        *shown = now;
    }
}

fn tooltip(state: Option<&TrayState>) -> String {
    match state {
        Some(s) => format!(
            "anpm: {} running, {} queued, {} awaiting review{}{}",
            s.running.len(),
            s.queued,
            s.awaiting_review,
            if s.paused { ", paused" } else { "" },
            if s.unread > 0 { format!(", {} unread", s.unread) } else { String::new() }
        ),
        None => "anpm".to_owned(),
    }
}

fn menu<R: Runtime>(app: &AppHandle<R>, state: Option<&TrayState>) -> tauri::Result<Menu<R>> {
    let menu = Menu::new(app)?;
    if let Some(state) = state {
        let summary = format!(
            "{} running · {} queued · {} awaiting review{}",
            state.running.len(),
            state.queued,
            state.awaiting_review,
            if state.paused { " · paused" } else { "" }
        );
        menu.append(&MenuItem::with_id(app, "summary", summary, false, None::<&str>)?)?;
        if state.unread > 0 {
            let unread = format!("{} unread notification(s)", state.unread);
            menu.append(&MenuItem::with_id(app, OPEN, unread, true, None::<&str>)?)?;
        }
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
            for (id, title) in &state.running {
                let label = format!("Cancel: {}", truncate(title, 40));
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
    let Some(core) = app.try_state::<Arc<Core>>() else {
        return;
    };
    let result = match id {
        TOGGLE_PAUSE => core.dispatch().state().and_then(|s| core.dispatch().set_paused(!s.paused)),
        RUN_NEXT => core.dispatch().request_run_next().map(|_| ()),
        other => match other.strip_prefix(CANCEL_PREFIX).map(str::parse) {
            Some(Ok(task)) => core.tasks().cancel(task).map(|_| ()),
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
