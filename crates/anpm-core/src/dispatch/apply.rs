//! Writing an implementation role's `files[]` into the project's repository, inside hard limits: relative
//! paths only, no `..`, no `.git` component at any depth (in any letter case), nothing inside a nested
//! repository, no symlink anywhere on the way (each folder is entered by handle from the root down, with
//! `openat2(RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS)` on Linux and `O_NOFOLLOW` elsewhere, so a link the
//! agent left or swaps in cannot redirect the write), never through an existing file that is not a regular file (a FIFO would block, a device or socket
//! is no file) or that has more than one hard link (the write would land wherever its twin lives), and
//! each file written to a temporary sibling and renamed over the destination, so no existing file is ever
//! opened for writing. At most [`MAX_FILES`] files of at most [`MAX_FILE_BYTES`] each. A refused file is
//! reported with its reason and never written; the others are still applied.
//!
//! Everything that changes how results reach the working tree (a review gate, per-task worktrees) goes
//! through [`apply_files`], the one entry point.

use std::ffi::OsStr;
use std::io::Write;
use std::os::fd::OwnedFd;
use std::path::{Component, Path, PathBuf};

use rustix::fs::{AtFlags, FileType, Mode, OFlags};
use rustix::io::Errno;

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
        match relative_path(path).and_then(|clean| write_beneath(&root, &clean, contents.as_bytes())) {
            Ok(()) => report.applied.push(path.to_owned()),
            Err(reason) => report.rejected.push(reject(reason)),
        }
    }
    report
}

/// Checks `raw` as text: relative, no `..`, no `.git` component in any letter case. Returns the clean
/// relative path.
fn relative_path(raw: &str) -> Result<PathBuf, String> {
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
    Ok(clean)
}

/// Opens the folder `part` inside the folder `dir` without following a symlink, and never leaving `dir`:
/// `openat2` with `RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS` on Linux, `O_NOFOLLOW` where that is missing
/// (an older kernel, a sandbox that filters the call).
fn open_folder(dir: &OwnedFd, part: &OsStr) -> rustix::io::Result<OwnedFd> {
    #[cfg(target_os = "linux")]
    {
        use rustix::fs::ResolveFlags;
        let resolve =
            ResolveFlags::BENEATH | ResolveFlags::NO_SYMLINKS | ResolveFlags::NO_MAGICLINKS;
        let flags = OFlags::PATH | OFlags::DIRECTORY | OFlags::CLOEXEC;
        match rustix::fs::openat2(dir, part, flags, Mode::empty(), resolve) {
            Err(Errno::NOSYS | Errno::PERM | Errno::INVAL) => {}
            other => return other,
        }
    }
    let flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::NOFOLLOW | OFlags::CLOEXEC;
    rustix::fs::openat(dir, part, flags, Mode::empty())
}

/// Writes `contents` at the relative path `clean` under `root`, holding each folder by its handle from the
/// root down, so nothing swapped in on the way (a symlink the agent left, a renamed folder) can redirect
/// the write. Missing folders are created; a folder with its own `.git` is another repository and refused.
/// The file is written to a temporary sibling and renamed over the destination: a rename replaces a
/// directory entry, so nothing already there is opened or followed, and a reader never sees half a file.
fn write_beneath(root: &Path, clean: &Path, contents: &[u8]) -> Result<(), String> {
    let parts: Vec<&OsStr> = clean.iter().collect();
    let (name, folders) = parts.split_last().ok_or("the path names the repository root")?;
    let mut dir = rustix::fs::open(root, OFlags::PATH | OFlags::DIRECTORY | OFlags::CLOEXEC, Mode::empty())
        .map_err(|e| format!("the repository root cannot be opened: {e}"))?;
    let mut at = PathBuf::new();
    for part in folders {
        at.push(part);
        let shown = at.display();
        let next = match open_folder(&dir, part) {
            Ok(fd) => fd,
            Err(Errno::NOENT) => {
                match rustix::fs::mkdirat(&dir, *part, Mode::from_raw_mode(0o755)) {
                    Ok(()) | Err(Errno::EXIST) => {}
                    Err(e) => return Err(format!("creating {shown}: {e}")),
                }
                open_folder(&dir, part).map_err(|e| refusal(&shown.to_string(), e))?
            }
            Err(e) => return Err(refusal(&shown.to_string(), e)),
        };
        if rustix::fs::statat(&next, ".git", AtFlags::SYMLINK_NOFOLLOW).is_ok() {
            return Err(format!("{shown} is a nested repository; writing inside it is refused"));
        }
        dir = next;
    }
    match rustix::fs::statat(&dir, *name, AtFlags::SYMLINK_NOFOLLOW) {
        Ok(stat) => match FileType::from_raw_mode(stat.st_mode) {
            FileType::Symlink => {
                return Err(format!("{} is a symlink; writing through links is refused", clean.display()))
            }
            FileType::Directory => return Err("the path is a directory".into()),
            FileType::RegularFile if stat.st_nlink > 1 => {
                return Err("the file has more than one hard link; writing it would change its twin".into())
            }
            FileType::RegularFile => {}
            _ => return Err("the path exists and is not a regular file (a FIFO, device or socket)".into()),
        },
        Err(Errno::NOENT) => {}
        Err(e) => return Err(format!("reading {}: {e}", clean.display())),
    }
    let temp = format!(".{}.anpm-{}", name.to_string_lossy(), uuid::Uuid::new_v4());
    let flags = OFlags::WRONLY | OFlags::CREATE | OFlags::EXCL | OFlags::NOFOLLOW | OFlags::CLOEXEC;
    let file = rustix::fs::openat(&dir, temp.as_str(), flags, Mode::from_raw_mode(0o644))
        .map_err(|e| format!("writing: {e}"))?;
    let written = std::fs::File::from(file)
        .write_all(contents)
        .map_err(|e| format!("writing: {e}"))
        .and_then(|()| {
            rustix::fs::renameat(&dir, temp.as_str(), &dir, *name).map_err(|e| format!("writing: {e}"))
        });
    if written.is_err() {
        let _ = rustix::fs::unlinkat(&dir, temp.as_str(), AtFlags::empty());
    }
    written
}

/// Why a folder on the way could not be entered, in the operator's words.
fn refusal(shown: &str, e: Errno) -> String {
    match e {
        Errno::LOOP | Errno::XDEV => {
            format!("{shown} is a symlink; writing through links is refused")
        }
        Errno::NOTDIR => format!("{shown} is not a folder"),
        other => format!("entering {shown}: {other}"),
    }
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
