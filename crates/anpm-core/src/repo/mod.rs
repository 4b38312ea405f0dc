//! Facts about git work trees on disk: where a path's work tree is rooted and which branch work is based
//! on. Asks the `git` executable, with repository-selecting environment variables removed so that the
//! answer depends only on the path given.

use std::path::{Path, PathBuf};
use std::process::Command;

pub mod diff;
pub mod history;
pub mod merge;
pub mod worktree;

use crate::{Error, Result};

/// A git work tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkTree {
    /// Canonical absolute path of the work tree's root.
    pub root: PathBuf,
    /// `origin`'s default branch when known, else the checked-out branch, else empty.
    pub default_branch: String,
}

/// Whether `root` is still a git work tree's root: a folder with its `.git` (a directory, or the file a
/// linked worktree has). Two metadata reads, cheap enough for the path from queue to spawn.
pub fn is_work_tree_root(root: &Path) -> bool {
    root.is_dir() && root.join(".git").symlink_metadata().is_ok()
}

/// Finds the work tree containing `path`.
///
/// Refuses a path that does not exist (`path_not_found`) and one outside any work tree, including the
/// inside of a `.git` directory or a bare repository (`not_a_git_repo`).
pub fn discover(path: &Path) -> Result<WorkTree> {
    let shown = path.display().to_string();
    let canonical = path.canonicalize().map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => Error::PathNotFound { path: shown.clone() },
        _ => Error::io(format!("resolving {shown}"), e),
    })?;
    let dir = if canonical.is_dir() {
        canonical
    } else {
        canonical.parent().map(Path::to_path_buf).unwrap_or(canonical)
    };
    let top = git(&dir, &["rev-parse", "--show-toplevel"])?
        .ok_or_else(|| Error::NotAGitRepo { path: shown.clone() })?;
    let root = PathBuf::from(top.trim())
        .canonicalize()
        .map_err(|e| Error::io(format!("resolving the work tree root of {shown}"), e))?;
    Ok(WorkTree { default_branch: default_branch(&root)?, root })
}

fn default_branch(root: &Path) -> Result<String> {
    if let Some(remote_head) =
        git(root, &["symbolic-ref", "--quiet", "--short", "refs/remotes/origin/HEAD"])?
    {
        let branch = remote_head.trim();
        return Ok(branch.strip_prefix("origin/").unwrap_or(branch).to_owned());
    }
    Ok(git(root, &["symbolic-ref", "--quiet", "--short", "HEAD"])?
        .map(|b| b.trim().to_owned())
        .unwrap_or_default())
}

/// The git folder of the work tree at `root` (where its HEAD is) and the common one (where its refs are;
/// the same folder except in a linked worktree), both absolute.
pub fn git_dirs(root: &Path) -> Result<(PathBuf, PathBuf)> {
    let out = git(root, &["rev-parse", "--absolute-git-dir", "--git-common-dir"])?
        .ok_or_else(|| Error::NotAGitRepo { path: root.display().to_string() })?;
    let mut lines = out.lines();
    let git_dir = PathBuf::from(lines.next().unwrap_or_default().trim());
    let common = PathBuf::from(lines.next().unwrap_or_default().trim());
    let common = if common.is_absolute() { common } else { root.join(common) };
    let canonical = |p: PathBuf| p.canonicalize().unwrap_or(p);
    Ok((canonical(git_dir), canonical(common)))
}

/// `git -C dir` with the repository-selecting variables removed, so the answer depends only on `dir`, and
/// git's messages in English.
pub(crate) fn git_command(dir: &Path) -> Command {
    let mut command = Command::new("git");
    command
        .arg("-C")
        .arg(dir)
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .env_remove("GIT_INDEX_FILE")
        .env_remove("GIT_CEILING_DIRECTORIES")
        .env("LC_ALL", "C");
    command
}

/// Runs git in `dir`; `Ok(None)` when git ran and said no (non-zero exit).
fn git(dir: &Path, args: &[&str]) -> Result<Option<String>> {
    let output = git_command(dir)
        .args(args)
        .output()
        .map_err(|e| Error::io("running git (is git installed and on PATH?)", e))?;
    Ok(output.status.success().then(|| String::from_utf8_lossy(&output.stdout).into_owned()))
}

/// The documents a repository treats as its source of truth: its README and the markdown files at the top
/// of `docs/` and in `docs/adr/`, in that order (at most 20).
pub fn source_of_truth(root: &Path) -> Result<Vec<crate::planning::context::SourceOfTruth>> {
    use crate::planning::context::SourceOfTruth;
    const MAX: usize = 20;
    let mut found = Vec::new();
    let read = |dir: &Path| -> Result<Vec<PathBuf>> {
        match std::fs::read_dir(dir) {
            Ok(entries) => {
                let mut files: Vec<PathBuf> = entries
                    .filter_map(|e| e.ok().map(|e| e.path()))
                    .filter(|p| {
                        p.is_file() && p.extension().is_some_and(|e| e.eq_ignore_ascii_case("md"))
                    })
                    .collect();
                files.sort();
                Ok(files)
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Vec::new()),
            Err(e) => Err(Error::io(format!("listing {}", dir.display()), e)),
        }
    };
    for path in read(root)? {
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        if name.to_lowercase().starts_with("readme") {
            found.push(SourceOfTruth {
                name,
                path: relative(root, &path),
                role: "overview".into(),
            });
        }
    }
    for (dir, default_role) in [("docs", "documentation"), ("docs/adr", "decision")] {
        for path in read(&root.join(dir))? {
            let name =
                path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            let role = if name.to_lowercase().contains("architecture") {
                "architecture"
            } else {
                default_role
            };
            found.push(SourceOfTruth { name, path: relative(root, &path), role: role.into() });
        }
    }
    found.truncate(MAX);
    Ok(found)
}

fn relative(root: &Path, path: &Path) -> String {
    path.strip_prefix(root).unwrap_or(path).to_string_lossy().replace('\\', "/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_root_from_a_subfolder_and_the_branch() {
        let repo = anpm_testkit::GitRepo::new();
        let nested = repo.path().join("src/deep");
        std::fs::create_dir_all(&nested).expect("mkdir");
        let tree = discover(&nested).expect("inside a work tree");
        assert_eq!(tree.root, repo.path().canonicalize().expect("canonical"));
        assert_eq!(tree.default_branch, "main");
    }

    #[test]
    fn refuses_missing_paths_and_plain_folders() {
        let dir = tempfile::tempdir().expect("tempdir");
        let missing = dir.path().join("nope");
        assert_eq!(discover(&missing).expect_err("missing").code(), crate::ErrorCode::PathNotFound);
        assert_eq!(discover(dir.path()).expect_err("plain").code(), crate::ErrorCode::NotAGitRepo);
    }

    #[test]
    fn refuses_the_inside_of_the_git_directory() {
        let repo = anpm_testkit::GitRepo::new();
        let err = discover(&repo.path().join(".git")).expect_err("inside .git");
        assert_eq!(err.code(), crate::ErrorCode::NotAGitRepo);
    }

    #[test]
    fn source_of_truth_lists_readme_and_docs() {
        let repo = anpm_testkit::GitRepo::new();
        std::fs::create_dir_all(repo.path().join("docs/adr")).expect("mkdir");
        for file in ["docs/architecture.md", "docs/cli.md", "docs/adr/0001-x.md", "docs/notes.txt"]
        {
            std::fs::write(repo.path().join(file), "x").expect("write");
        }
        let found = source_of_truth(repo.path()).expect("listed");
        let pairs: Vec<(&str, &str)> =
            found.iter().map(|d| (d.path.as_str(), d.role.as_str())).collect();
        assert_eq!(
            pairs,
            [
                ("README.md", "overview"),
                ("docs/architecture.md", "architecture"),
                ("docs/cli.md", "documentation"),
                ("docs/adr/0001-x.md", "decision")
            ]
        );
    }
}
