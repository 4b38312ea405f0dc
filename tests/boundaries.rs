//! Architectural boundaries that the compiler cannot see: the core never depends on Tauri (directly or
//! transitively), and SQL stays inside the core's store.

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
