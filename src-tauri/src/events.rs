//! The only place that emits Tauri events: the core's activity bus becomes `activity` events for the
//! webview (batched per display frame), finished work the core deems notice-worthy becomes a `notice`
//! event plus a desktop notification (a click on it brings the window to the item: `open-notice`),
//! changes to stored data, by this process or another, become `changed` events naming the kinds of data,
//! and the tray is redrawn when what it shows changed. The forwarders are threads that run for the life
//! of the app; neither keeps the core alive.

use std::sync::Arc;

use anpm_core::api::Frames;
use anpm_core::api::{ChangeWatch, DataKind};
use anpm_core::api::{Notice, Notices};
use anpm_core::Core;
use tauri::{AppHandle, Emitter, Runtime};

/// Event name carrying a batch of [`anpm_core::api::Activity`] (the latest per runner that changed).
pub const ACTIVITY: &str = "activity";
/// Event name carrying a [`Notice`] (a task or planning run finished).
pub const NOTICE: &str = "notice";
/// Event name carrying the [`Notice`] whose desktop notification the operator clicked.
pub const OPEN_NOTICE: &str = "open-notice";
/// Event name carrying the [`DataKind`]s whose stored data changed.
pub const CHANGED: &str = "changed";

/// Forwards activity to the webview, announces finished work, and keeps the tray current.
pub fn forward_activity<R: Runtime>(app: AppHandle<R>, core: &Arc<Core>) {
    let (_, updates) = core.activity().subscribe();
    // Weak, so that the forwarder never keeps the core (and with it the bus it reads) alive.
    let core = Arc::downgrade(core);
    let mut frames = Frames::new(updates);
    let mut notices = Notices::new();
    let spawned = std::thread::Builder::new().name("anpm-events".into()).spawn(move || {
        // At most one batch per display frame: a burst of updates costs the webview one render, not
        // thousands. The batch holds the latest state of each runner that changed.
        while let Some(batch) = frames.next_batch() {
            if let Err(e) = app.emit(ACTIVITY, &batch) {
                tracing::warn!(error = %e, "emitting activity failed");
            }
            let Some(core) = core.upgrade() else { break };
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

/// Tells the webview which kinds of stored data changed (`changed` events), whoever changed them, so
/// screens refetch what they show; redraws the tray when tasks, dispatch settings or notifications
/// changed. Ends when the core is gone.
pub fn forward_changes<R: Runtime>(app: AppHandle<R>, core: &Arc<Core>) {
    let mut watch = match ChangeWatch::open(&core.config().db_path()) {
        Ok(watch) => watch,
        Err(e) => {
            tracing::error!(error = %e, "changes made outside the window will not show until a reload");
            return;
        }
    };
    let core = Arc::downgrade(core);
    let spawned = std::thread::Builder::new().name("anpm-changes".into()).spawn(move || {
        // Each look waits for the database's files to change (a commit by anyone: this process or the
        // CLI), so a change shows within a frame instead of at the next tick of a timer.
        while core.strong_count() > 0 {
            match watch.wait_for_changes() {
                Ok(kinds) if kinds.is_empty() => {}
                Ok(kinds) => {
                    if let Err(e) = app.emit(CHANGED, &kinds) {
                        tracing::warn!(error = %e, "emitting changed failed");
                    }
                    if kinds.iter().any(|k| {
                        matches!(k, DataKind::Tasks | DataKind::Settings | DataKind::Notifications)
                    }) {
                        crate::tray::refresh(&app);
                    }
                }
                Err(e) => tracing::debug!(error = %e, "looking for changes failed; trying again"),
            }
        }
    });
    if let Err(e) = spawned {
        tracing::error!(error = %e, "the changes watcher did not start");
    }
}

/// Shows `notice` in the window and on the desktop. Without a notification daemon (a bare X server, a
/// container) the desktop half fails; the in-window notice still shows.
fn announce<R: Runtime>(app: &AppHandle<R>, notice: &Notice) {
    if let Err(e) = app.emit(NOTICE, notice) {
        tracing::warn!(error = %e, "emitting a notice failed");
    }
    desktop::show(app, notice);
}

/// Brings the window forward on `notice`'s item: the window is shown and focused and the webview is
/// told which item to open.
pub fn open_notice<R: Runtime>(app: &AppHandle<R>, notice: &Notice) {
    crate::tray::show_main_window(app);
    if let Err(e) = app.emit(OPEN_NOTICE, notice) {
        tracing::warn!(error = %e, "emitting open-notice failed");
    }
}

/// Desktop notifications through the freedesktop notification service, which reports a click: each
/// notification waits on a thread of its own until it is clicked or closed, and a click opens its item.
/// The number of waiting threads is capped; past the cap a notification still shows, without the click.
#[cfg(all(unix, not(target_os = "macos")))]
mod desktop {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use anpm_core::api::Notice;
    use tauri::{AppHandle, Runtime};

    /// Notifications that may wait for a click at once.
    const WAITING_MAX: usize = 8;
    static WAITING: AtomicUsize = AtomicUsize::new(0);

    pub fn show<R: Runtime>(app: &AppHandle<R>, notice: &Notice) {
        let mut notification = notify_rust::Notification::new();
        notification.appname("anpm").summary(&notice.title).body(&notice.body);
        if WAITING.fetch_add(1, Ordering::SeqCst) >= WAITING_MAX {
            WAITING.fetch_sub(1, Ordering::SeqCst);
            if let Err(e) = notification.show() {
                tracing::debug!(error = %e, "the desktop notification was not shown");
            }
            return;
        }
        notification.action("default", "Open");
        let (app, notice) = (app.clone(), notice.clone());
        let spawned =
            std::thread::Builder::new().name("anpm-notification".into()).spawn(move || {
                match notification.show() {
                    Ok(handle) => handle.wait_for_action(|action| {
                        if action == "default" {
                            super::open_notice(&app, &notice);
                        }
                    }),
                    Err(e) => tracing::debug!(error = %e, "the desktop notification was not shown"),
                }
                WAITING.fetch_sub(1, Ordering::SeqCst);
            });
        if let Err(e) = spawned {
            WAITING.fetch_sub(1, Ordering::SeqCst);
            tracing::warn!(error = %e, "the notification thread did not start");
        }
    }
}

/// Desktop notifications through the notification plugin (no click report on these platforms).
#[cfg(not(all(unix, not(target_os = "macos"))))]
mod desktop {
    use anpm_core::api::Notice;
    use tauri::{AppHandle, Runtime};
    use tauri_plugin_notification::NotificationExt;

    pub fn show<R: Runtime>(app: &AppHandle<R>, notice: &Notice) {
        if let Err(e) = app.notification().builder().title(&notice.title).body(&notice.body).show()
        {
            tracing::debug!(error = %e, "the desktop notification was not shown");
        }
    }
}
