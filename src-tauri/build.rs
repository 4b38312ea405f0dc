//! Tauri's build step. The manifest, `tauri.conf.json` and the UI live at the repository root; the shell's
//! capabilities live under `src-tauri/`. Every command of the registry (`src/registry.rs`) gets a generated
//! `allow-<name>` permission, and only those the capability lists are callable from the webview.

/// Reads only the names out of the registry: the types and calls are the shell's business.
macro_rules! registry {
    (
        commands {
            $(
                $(#[doc = $doc:literal])*
                $name:ident ( $($arg:ident : $ty:ty),* $(,)? ) -> $answer:ty = |$c:ident| $body:expr;
            )+
        }
        channels { $($channel:ident),* $(,)? }
    ) => {
        const COMMANDS: &[&str] = &[$(stringify!($name),)+ $(stringify!($channel)),*];
    };
}

include!("src/registry.rs");

fn main() {
    println!("cargo:rerun-if-changed=src-tauri/capabilities");
    println!("cargo:rerun-if-changed=src-tauri/src/registry.rs");
    let attributes = tauri_build::Attributes::new()
        .capabilities_path_pattern("src-tauri/capabilities/**/*")
        .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS));
    tauri_build::try_build(attributes).expect("tauri-build failed");
}
