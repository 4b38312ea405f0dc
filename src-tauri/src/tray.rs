//! The tray icon and its menu. Closing the window hides it here; Quit is the way out.

use tauri::menu::{Menu, MenuItem, PredefinedMenuItem};
use tauri::tray::TrayIconBuilder;
use tauri::{AppHandle, Manager, Runtime};

const OPEN: &str = "open";
const QUIT: &str = "quit";

/// Builds the tray icon with Open and Quit.
pub fn install<R: Runtime>(app: &AppHandle<R>) -> tauri::Result<()> {
    let menu = Menu::with_items(
        app,
        &[
            &MenuItem::with_id(app, OPEN, "Open anpm", true, None::<&str>)?,
            &PredefinedMenuItem::separator(app)?,
            &MenuItem::with_id(app, QUIT, "Quit anpm", true, None::<&str>)?,
        ],
    )?;
    let mut tray =
        TrayIconBuilder::with_id("anpm-tray").tooltip("anpm").menu(&menu).on_menu_event(on_menu);
    if let Some(icon) = app.default_window_icon() {
        tray = tray.icon(icon.clone());
    }
    tray.build(app)?;
    Ok(())
}

fn on_menu<R: Runtime>(app: &AppHandle<R>, event: tauri::menu::MenuEvent) {
    match event.id().as_ref() {
        OPEN => show_main_window(app),
        QUIT => app.exit(0),
        other => tracing::warn!(item = other, "unknown tray menu item"),
    }
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
