//! Writing an implementation role's `files[]` into the project's repository, inside hard limits: relative
//! paths only, no `..`, nothing under `.git`, the deepest existing ancestor of each destination (resolved
//! through symlinks) inside the repository, at most [`MAX_FILES`] files of at most [`MAX_FILE_BYTES`] each.
//! A refused file is reported with its reason and never written; the others are still applied.
//!
//! Everything that changes how results reach the working tree (a review gate, per-task worktrees) goes
//! through [`apply_files`], the one entry point.

use std::io::Write;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::path::{Component, Path, PathBuf};

use serde::Serialize;
use serde_json::Value;
use ts_rs::TS;

/// Most files one result may write.
pub const MAX_FILES: usize = 50;
/// Largest file one result may write.
pub const MAX_FILE_BYTES: usize = 1024 * 1024;

/// A file that was not written, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct RejectedFile {
    pub path: String,
    pub reason: String,
}

/// What applying a result did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
pub struct ApplyReport {
    /// Relative paths written, in order.
    pub applied: Vec<String>,
    pub rejected: Vec<RejectedFile>,
}

/// Writes `files` (the result's `files` array) under `repo_root`.
pub fn apply_files(repo_root: &Path, files: &[Value]) -> ApplyReport {
    let mut report = ApplyReport::default();
    let root = match repo_root.canonicalize() {
        Ok(root) => root,
        Err(e) => {
            report.rejected.push(RejectedFile {
                path: repo_root.display().to_string(),
                reason: format!("the repository root cannot be resolved: {e}"),
            });
            return report;
        }
    };
    for (index, entry) in files.iter().enumerate() {
        let shown = entry.get("path").and_then(Value::as_str).unwrap_or("").to_owned();
        let reject = |reason: String| RejectedFile {
            path: if shown.is_empty() { format!("files[{index}]") } else { shown.clone() },
            reason,
        };
        if index >= MAX_FILES {
            report.rejected.push(reject(format!("more than {MAX_FILES} files in one result")));
            continue;
        }
        let (Some(path), Some(contents)) = (
            entry.get("path").and_then(Value::as_str),
            entry.get("contents").and_then(Value::as_str),
        ) else {
            report
                .rejected
                .push(reject("each file needs a string `path` and a string `contents`".into()));
            continue;
        };
        if contents.len() > MAX_FILE_BYTES {
            report
                .rejected
                .push(reject(format!("{} bytes; the limit is {MAX_FILE_BYTES}", contents.len())));
            continue;
        }
        match destination(&root, path).and_then(|dest| write(&dest, contents.as_bytes())) {
            Ok(()) => report.applied.push(path.to_owned()),
            Err(reason) => report.rejected.push(reject(reason)),
        }
    }
    report
}

/// Resolves `raw` to a destination inside `root`, or says why it is refused.
fn destination(root: &Path, raw: &str) -> Result<PathBuf, String> {
    let path = Path::new(raw);
    if raw.trim().is_empty() {
        return Err("the path is empty".into());
    }
    if path.is_absolute() {
        return Err("absolute paths are refused; use a path relative to the repository root".into());
    }
    let mut clean = PathBuf::new();
    for component in path.components() {
        match component {
            Component::Normal(part) => clean.push(part),
            Component::CurDir => {}
            Component::ParentDir => return Err("`..` is refused in paths".into()),
            Component::RootDir | Component::Prefix(_) => {
                return Err("absolute paths are refused".into())
            }
        }
    }
    if clean.as_os_str().is_empty() {
        return Err("the path names the repository root".into());
    }
    if clean.components().next().is_some_and(|c| c.as_os_str() == ".git") {
        return Err("writing inside .git is refused".into());
    }
    let dest = root.join(&clean);
    // The deepest part of the destination that exists already decides where the write really lands: a
    // symlink anywhere on the way (or at the file itself) is followed here.
    let mut existing = dest.as_path();
    while !existing.exists() && existing.symlink_metadata().is_err() {
        existing = existing.parent().ok_or("the path has no existing ancestor")?;
    }
    let resolved = existing
        .canonicalize()
        .map_err(|e| format!("cannot resolve {}: {e}", existing.display()))?;
    if !resolved.starts_with(root) {
        return Err("the path leads outside the repository (through a symlink)".into());
    }
    if dest.is_dir() {
        return Err("the path is a directory".into());
    }
    Ok(dest)
}

fn write(dest: &Path, contents: &[u8]) -> Result<(), String> {
    if let Some(parent) = dest.parent() {
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o755)
            .create(parent)
            .map_err(|e| format!("creating {}: {e}", parent.display()))?;
    }
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o644)
        .open(dest)
        .map_err(|e| format!("opening for writing: {e}"))?;
    file.write_all(contents).map_err(|e| format!("writing: {e}"))
}

#[cfg(test)]
mod tests {
    use std::os::unix::fs::PermissionsExt;

    use serde_json::json;

    use super::*;

    fn file(path: &str, contents: &str) -> Value {
        json!({"path": path, "contents": contents, "mode": "new"})
    }

    #[test]
    fn writes_nested_files_with_the_right_modes() {
        let repo = tempfile::tempdir().expect("dir");
        let report =
            apply_files(repo.path(), &[file("src/deep/a.rs", "fn a() {}\n"), file("./b.txt", "b")]);
        assert_eq!(report.applied, ["src/deep/a.rs", "./b.txt"]);
        assert!(report.rejected.is_empty());
        assert_eq!(
            std::fs::read_to_string(repo.path().join("src/deep/a.rs")).expect("read"),
            "fn a() {}\n"
        );
        let mode = |p: &str| {
            std::fs::metadata(repo.path().join(p)).expect("meta").permissions().mode() & 0o777
        };
        assert_eq!(mode("src/deep/a.rs"), 0o644);
        assert_eq!(mode("src/deep"), 0o755);
    }

    #[test]
    fn refuses_escapes_and_reports_each() {
        let outside = tempfile::tempdir().expect("outside");
        let repo = tempfile::tempdir().expect("repo");
        std::os::unix::fs::symlink(outside.path(), repo.path().join("link")).expect("symlink");
        std::os::unix::fs::symlink(
            outside.path().join("target.txt"),
            repo.path().join("file-link"),
        )
        .expect("symlink");
        let report = apply_files(
            repo.path(),
            &[
                file("/etc/passwd", "x"),
                file("../escape.txt", "x"),
                file("src/../../escape.txt", "x"),
                file("link/inside-outside.txt", "x"),
                file("file-link", "x"),
                file(".git/config", "x"),
                json!({"path": "no-contents.txt"}),
                file("ok.txt", "fine"),
            ],
        );
        assert_eq!(report.applied, ["ok.txt"]);
        assert_eq!(report.rejected.len(), 7, "{:#?}", report.rejected);
        assert!(
            std::fs::read_dir(outside.path()).expect("outside").next().is_none(),
            "nothing written outside"
        );
        assert!(!repo.path().join("../escape.txt").exists());
    }

    #[test]
    fn enforces_the_count_and_size_limits() {
        let repo = tempfile::tempdir().expect("repo");
        let many: Vec<Value> = (0..51).map(|i| file(&format!("f{i}.txt"), "x")).collect();
        let report = apply_files(repo.path(), &many);
        assert_eq!(report.applied.len(), 50);
        assert_eq!(report.rejected.len(), 1);
        assert!(report.rejected[0].reason.contains("more than 50"));

        let big = "x".repeat(2 * 1024 * 1024);
        let report = apply_files(repo.path(), &[file("big.bin", &big), file("small.txt", "s")]);
        assert_eq!(report.applied, ["small.txt"]);
        assert!(report.rejected[0].reason.contains("limit is 1048576"));
        assert!(!repo.path().join("big.bin").exists());
    }
}
