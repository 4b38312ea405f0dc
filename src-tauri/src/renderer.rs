//! How WebKitGTK draws the window on Linux, chosen once before the webview starts.
//!
//! WebKitGTK's default renderer hands frames from the web process to the window as DMA-BUF buffers, a
//! path built for a GPU. On a machine without a GPU render node (a VM, a remote desktop, Xvfb) those
//! buffers are drawn by a software GL stack instead, and scrolling the review's diff there measured 32
//! frames/s against 61 with WebKit's shared-memory renderer (docs/adr/0008-webkit-renderer.md). So when
//! no render node exists, anpm asks WebKit for the shared-memory renderer. An explicit
//! `WEBKIT_DISABLE_DMABUF_RENDERER` in the environment (`0` included) always wins.

use std::path::Path;

/// The variable WebKitGTK reads when its first web view is created.
const VARIABLE: &str = "WEBKIT_DISABLE_DMABUF_RENDERER";

/// Picks the renderer for this process. Call before anything else starts a thread: it sets an
/// environment variable.
pub fn choose() {
    if !cfg!(target_os = "linux") || std::env::var_os(VARIABLE).is_some() {
        return;
    }
    if !has_render_node(Path::new("/dev/dri")) {
        // Only this thread exists yet (see `run_desktop`), so nothing reads the environment meanwhile.
        std::env::set_var(VARIABLE, "1");
    }
}

/// True when `dri` lists a GPU render node (`renderD128`, …).
fn has_render_node(dri: &Path) -> bool {
    std::fs::read_dir(dri).is_ok_and(|entries| {
        entries.flatten().any(|entry| entry.file_name().to_string_lossy().starts_with("renderD"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_render_node_is_found_only_where_one_is_listed() {
        let dir = tempfile::tempdir().unwrap();
        assert!(!has_render_node(&dir.path().join("missing")), "no /dev/dri at all");
        assert!(!has_render_node(dir.path()), "an empty /dev/dri");
        std::fs::write(dir.path().join("card0"), b"").unwrap();
        assert!(!has_render_node(dir.path()), "a display card without a render node");
        std::fs::write(dir.path().join("renderD128"), b"").unwrap();
        assert!(has_render_node(dir.path()));
    }
}
