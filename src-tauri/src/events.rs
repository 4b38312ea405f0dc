//! The only place that emits Tauri events: the core's activity bus becomes `activity` events for the
//! webview, and every change refreshes the tray. The forwarder is a thread that ends with the bus.

use anpm_core::activity::Bus;
use tauri::{AppHandle, Emitter, Runtime};
use tokio::sync::broadcast::error::RecvError;

/// Event name carrying one runner's [`anpm_core::activity::Activity`].
pub const ACTIVITY: &str = "activity";

/// Forwards activity to the webview and keeps the tray current.
pub fn forward_activity<R: Runtime>(app: AppHandle<R>, bus: &Bus) {
    let (_, mut updates) = bus.subscribe();
    let spawned = std::thread::Builder::new().name("anpm-events".into()).spawn(move || loop {
        match updates.blocking_recv() {
            Ok(activity) => {
                if let Err(e) = app.emit(ACTIVITY, &activity) {
                    tracing::warn!(error = %e, "emitting an activity event failed");
                }
                crate::tray::refresh(&app);
            }
            // A burst outran this forwarder: the webview refetches on the next event anyway.
            Err(RecvError::Lagged(missed)) => tracing::debug!(missed, "activity events skipped"),
            Err(RecvError::Closed) => return,
        }
    });
    if let Err(e) = spawned {
        tracing::error!(error = %e, "the activity forwarder did not start");
    }
}
