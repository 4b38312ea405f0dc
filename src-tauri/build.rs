//! Tauri's build step. The manifest, `tauri.conf.json` and the UI live at the repository root; the shell's
//! capabilities live under `src-tauri/`. Every app command gets a generated `allow-<name>` permission, and
//! only those the capability lists are callable from the webview.

include!("src/command_names.rs");

fn main() {
    println!("cargo:rerun-if-changed=src-tauri/capabilities");
    println!("cargo:rerun-if-changed=src-tauri/src/command_names.rs");
    let attributes = tauri_build::Attributes::new()
        .capabilities_path_pattern("src-tauri/capabilities/**/*")
        .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS));
    tauri_build::try_build(attributes).expect("tauri-build failed");
}
