//! Architectural boundaries that the compiler cannot see: the core never depends on Tauri (directly or
//! transitively), SQL stays inside the core's store, and the shells (the Tauri shell and the CLI) name
//! only the core's public API.

use std::path::Path;
use std::process::Command;

#[test]
fn the_core_depends_on_no_tauri_crate() {
    let out = Command::new(env!("CARGO"))
        .args([
            "tree",
            "--package",
            "anpm-core",
            "--edges",
            "normal,build",
            "--prefix",
            "none",
            "--offline",
        ])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("running cargo tree");
    assert!(out.status.success(), "cargo tree failed: {}", String::from_utf8_lossy(&out.stderr));
    let tree = String::from_utf8(out.stdout).expect("utf-8");
    assert!(tree.lines().count() > 5, "cargo tree printed too little to be trusted:\n{tree}");
    let offenders: Vec<&str> = tree
        .lines()
        .filter(|l| l.starts_with("tauri") || l.starts_with("wry") || l.starts_with("tao"))
        .collect();
    assert!(offenders.is_empty(), "anpm-core depends on Tauri: {offenders:?}");
}

#[test]
fn sql_lives_only_in_the_store() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut offenders = Vec::new();
    for dir in ["crates/anpm-core/src", "src-tauri/src"] {
        visit(&root.join(dir), &mut |path, text| {
            let in_store = path.components().any(|c| c.as_os_str() == "store");
            if !in_store
                && (text.contains("rusqlite::")
                    || text.contains("SELECT ")
                    || text.contains("INSERT INTO"))
            {
                offenders.push(path.display().to_string());
            }
        });
    }
    assert!(offenders.is_empty(), "SQL outside crates/anpm-core/src/store: {offenders:?}");
}

/// What a shell may name of the core: the API module, the composition root and the error types.
const PUBLIC: &[&str] = &["api", "Core", "Config", "Error", "ErrorCode", "Result", "cli"];

/// Every path named after `prefix` in `text` (`prefix{a, b}` counts as `prefix a` and `prefix b`).
fn named_after<'t>(text: &'t str, prefix: &str) -> Vec<&'t str> {
    let ident = |s: &'t str| {
        let end = s.find(|c: char| !c.is_ascii_alphanumeric() && c != '_').unwrap_or(s.len());
        &s[..end]
    };
    let mut names = Vec::new();
    for (at, _) in text.match_indices(prefix) {
        let rest = &text[at + prefix.len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let inner = &group[..group.find('}').unwrap_or(group.len())];
            names.extend(inner.split(',').map(|item| ident(item.trim())).filter(|n| !n.is_empty()));
        } else {
            names.push(ident(rest));
        }
    }
    names
}

#[test]
fn the_shells_name_only_the_public_api() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut offenders = Vec::new();
    let shells = [("src-tauri/src", "anpm_core::"), ("crates/anpm-core/src/cli", "crate::")];
    for (dir, prefix) in shells {
        visit(&root.join(dir), &mut |path, text| {
            // A shell's own unit tests may build core internals (they run with the `testing` feature).
            let product = text.split("#[cfg(test)]").next().unwrap_or(text);
            for name in named_after(product, prefix) {
                if !PUBLIC.contains(&name) {
                    offenders.push(format!("{}: {prefix}{name}", path.display()));
                }
            }
        });
    }
    assert!(offenders.is_empty(), "shells reaching past anpm_core::api: {offenders:#?}");
    // The check itself must see the shells' imports, or it proves nothing.
    let lib = std::fs::read_to_string(root.join("src-tauri/src/commands.rs")).expect("commands.rs");
    assert!(named_after(&lib, "anpm_core::").contains(&"api"));
}

fn visit(dir: &Path, f: &mut dyn FnMut(&Path, &str)) {
    for entry in std::fs::read_dir(dir).expect("readable source dir") {
        let path = entry.expect("dir entry").path();
        if path.is_dir() {
            visit(&path, f);
        } else if path.extension().is_some_and(|e| e == "rs") {
            f(&path, &std::fs::read_to_string(&path).expect("utf-8 source"));
        }
    }
}
