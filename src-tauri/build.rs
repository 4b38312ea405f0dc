//! Tauri's build step. The manifest, `tauri.conf.json` and the UI live at the repository root; the shell's
//! capabilities live under `src-tauri/`.

fn main() {
    println!("cargo:rerun-if-changed=src-tauri/capabilities");
    let attributes =
        tauri_build::Attributes::new().capabilities_path_pattern("src-tauri/capabilities/**/*");
    tauri_build::try_build(attributes).expect("tauri-build failed");
}
