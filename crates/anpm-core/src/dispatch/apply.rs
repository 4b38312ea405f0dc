//! Writing an implementation role's `files[]` into the project's repository, inside hard limits: relative
//! paths only, no `..`, no `.git` component at any depth (in any letter case), nothing inside a nested
//! repository, no symlink anywhere on the way (every existing component is looked at without following
//! it), never through an existing file that is not a regular file (a FIFO would block, a device or socket
//! is no file) or that has more than one hard link (the write would land wherever its twin lives), and
//! each file written to a temporary sibling and renamed over the destination, so no existing file is ever
//! opened for writing. At most [`MAX_FILES`] files of at most [`MAX_FILE_BYTES`] each. A refused file is
//! reported with its reason and never written; the others are still applied.
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
    if clean.components().any(|c| c.as_os_str().to_string_lossy().eq_ignore_ascii_case(".git")) {
        return Err("writing inside .git is refused".into());
    }
    // Walk the existing components without following any: a symlink on the way (to .git, or out of the
    // repository) is refused rather than resolved, and a folder holding its own `.git` is another repository.
    let mut at = root.to_path_buf();
    let parts: Vec<_> = clean.components().collect();
    for (i, part) in parts.iter().enumerate() {
        at.push(part);
        let Ok(meta) = at.symlink_metadata() else { break };
        let last = i + 1 == parts.len();
        if meta.file_type().is_symlink() {
            return Err(format!("{} is a symlink; writing through links is refused", at.display()));
        }
        if !last && meta.is_dir() && at.join(".git").symlink_metadata().is_ok() {
            return Err(format!("{} is a nested repository; writing inside it is refused", at.display()));
        }
        if last {
            if meta.is_dir() {
                return Err("the path is a directory".into());
            }
            if !meta.file_type().is_file() {
                return Err("the path exists and is not a regular file (a FIFO, device or socket)".into());
            }
            if std::os::unix::fs::MetadataExt::nlink(&meta) > 1 {
                return Err("the file has more than one hard link; writing it would change its twin".into());
            }
        }
    }
    Ok(root.join(&clean))
}

/// Writes a temporary sibling and renames it over `dest`: a rename replaces a directory entry, so nothing
/// already at `dest` is opened or followed, and a reader never sees half a file.
fn write(dest: &Path, contents: &[u8]) -> Result<(), String> {
    let parent = dest.parent().ok_or("the path has no parent folder")?;
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o755)
        .create(parent)
        .map_err(|e| format!("creating {}: {e}", parent.display()))?;
    let name = dest.file_name().ok_or("the path has no file name")?.to_string_lossy();
    let temp = parent.join(format!(".{name}.anpm-{}", uuid::Uuid::new_v4()));
    let written = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o644)
        .custom_flags(nix::libc::O_NOFOLLOW)
        .open(&temp)
        .and_then(|mut file| file.write_all(contents))
        .and_then(|()| std::fs::rename(&temp, dest));
    written.map_err(|e| {
        let _ = std::fs::remove_file(&temp);
        format!("writing: {e}")
    })
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

    /// Issue 10, points 5 and 6: `.git` at any depth and in any case, a symlink to `.git`, a nested
    /// repository's hooks, a hard link to a file outside, and a FIFO are all refused, and nothing blocks.
    #[test]
    fn refuses_git_paths_links_nested_repositories_hard_links_and_fifos() {
        let outside = tempfile::tempdir().expect("outside");
        let repo = tempfile::tempdir().expect("repo");
        let r = repo.path();
        std::fs::create_dir_all(r.join(".git")).expect(".git");
        std::fs::write(r.join(".git/config"), "[core]\n").expect("config");
        std::os::unix::fs::symlink(r.join(".git"), r.join("gitdir")).expect("symlink");
        std::os::unix::fs::symlink(r.join(".git/config"), r.join("cfg")).expect("symlink");
        std::fs::create_dir_all(r.join("nested/.git/hooks")).expect("nested");
        std::fs::write(outside.path().join("secret.txt"), "keep").expect("outside file");
        std::fs::hard_link(outside.path().join("secret.txt"), r.join("twin.txt")).expect("hard link");
        let made = std::process::Command::new("mkfifo").arg(r.join("pipe")).status().expect("mkfifo");
        assert!(made.success(), "mkfifo");
        let report = apply_files(
            r,
            &[
                file("src/.GIT/hooks/pre-commit", "x"),
                file("gitdir/config", "x"),
                file("cfg", "x"),
                file("nested/.git/hooks/pre-commit", "x"),
                file("nested/src/lib.rs", "x"),
                file("twin.txt", "x"),
                file("pipe", "x"),
                file("fine/ok.txt", "ok"),
            ],
        );
        assert_eq!(report.applied, ["fine/ok.txt"], "{:#?}", report.rejected);
        assert_eq!(report.rejected.len(), 7);
        assert_eq!(std::fs::read_to_string(r.join(".git/config")).expect("config"), "[core]\n");
        assert_eq!(std::fs::read_to_string(outside.path().join("secret.txt")).expect("twin"), "keep");
        assert!(!r.join("nested/src/lib.rs").exists());
        // Overwriting a regular file replaces it whole; no temporary file is left behind.
        let again = apply_files(r, &[file("fine/ok.txt", "new")]);
        assert_eq!(again.applied, ["fine/ok.txt"]);
        assert_eq!(std::fs::read_to_string(r.join("fine/ok.txt")).expect("read"), "new");
        let leftovers: Vec<_> = std::fs::read_dir(r.join("fine")).expect("dir").collect();
        assert_eq!(leftovers.len(), 1);
    }
}
