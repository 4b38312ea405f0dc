//! The only place that emits Tauri events: the core's activity bus becomes `activity` events for the
//! webview (batched per display frame), finished work the core deems notice-worthy becomes a `notice`
//! event plus a desktop notification, and every change refreshes the tray. The forwarder is a thread that
//! ends with the bus.

use std::sync::Arc;

use anpm_core::activity::frame::Frames;
use anpm_core::app::{Notice, Notices};
use anpm_core::Core;
use tauri::{AppHandle, Emitter, Runtime};
use tauri_plugin_notification::NotificationExt;

/// Event name carrying a batch of [`anpm_core::activity::Activity`] (the latest per runner that changed).
pub const ACTIVITY: &str = "activity";
/// Event name carrying a [`Notice`] (a task or planning run finished).
pub const NOTICE: &str = "notice";

/// Forwards activity to the webview, announces finished work, and keeps the tray current.
pub fn forward_activity<R: Runtime>(app: AppHandle<R>, core: Arc<Core>) {
    let (_, updates) = core.bus().subscribe();
    let mut frames = Frames::new(updates);
    let mut notices = Notices::new();
    let spawned = std::thread::Builder::new().name("anpm-events".into()).spawn(move || {
        // At most one batch per display frame: a burst of updates costs the webview one render, not
        // thousands. The batch holds the latest state of each runner that changed.
        while let Some(batch) = frames.next_batch() {
            if let Err(e) = app.emit(ACTIVITY, &batch) {
                tracing::warn!(error = %e, "emitting activity failed");
            }
            for activity in &batch {
                match notices.for_activity(&core, activity) {
                    Ok(Some(notice)) => announce(&app, &notice),
                    Ok(None) => {}
                    Err(e) => {
                        tracing::warn!(error = %e, "reading finished work for a notice failed")
                    }
                }
            }
            crate::tray::refresh(&app);
        }
        tracing::debug!(skipped = frames.skipped, "the activity bus closed");
    });
    if let Err(e) = spawned {
        tracing::error!(error = %e, "the activity forwarder did not start");
    }
}

/// Shows `notice` in the window and on the desktop. Without a notification daemon (a bare X server, a
/// container) the desktop half fails; the in-window notice still shows.
fn announce<R: Runtime>(app: &AppHandle<R>, notice: &Notice) {
    if let Err(e) = app.emit(NOTICE, notice) {
        tracing::warn!(error = %e, "emitting a notice failed");
    }
    if let Err(e) = app.notification().builder().title(&notice.title).body(&notice.body).show() {
        tracing::debug!(error = %e, "the desktop notification was not shown");
    }
}
