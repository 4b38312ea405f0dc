//! A task's own git worktree: created under the data directory on a branch of its own, reused by later
//! attempts, its changes committed on the branch, measured against the base, and removed only when nothing
//! in it would be lost. Everything goes through `git worktree`, which never touches the operator's
//! checkout: not its files, its index, its stash or its current branch.

use std::path::{Path, PathBuf};
use std::process::Output;

use crate::{Error, Result};

/// Serializes this process's changes to git's worktree records (see [`hold_records`]).
static BOOKKEEPING: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// Holds git's worktree records of `repo` while a caller changes them. Concurrent `git worktree add`s of
/// one repository fail ("failed to read .git/worktrees/…/commondir"), and a prune can drop a record being
/// made: one change at a time in this process (a mutex) and across anpm processes (an exclusive lock on
/// the repository's git directory, which git itself never locks). Released when dropped.
fn hold_records(repo: &Path) -> (std::sync::MutexGuard<'static, ()>, Option<std::fs::File>) {
    let guard = BOOKKEEPING.lock().unwrap_or_else(|p| p.into_inner());
    let git_dir = std::fs::File::open(repo.join(".git"))
        .ok()
        .filter(|f| f.metadata().is_ok_and(|m| m.is_dir()));
    if let Some(dir) = &git_dir {
        if let Err(e) = dir.lock() {
            tracing::warn!(repo = %repo.display(), error = %e, "locking the worktree records failed");
        }
    }
    (guard, git_dir)
}

/// A worktree that belongs to one task.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Workspace {
    /// The worktree's folder.
    pub path: PathBuf,
    /// The task's branch (`anpm/<slug>-<short id>`).
    pub branch: String,
    /// The branch the task's branch was cut from, and is merged back into.
    pub base: String,
    /// The commit the branch points at.
    pub head: String,
}

impl From<&crate::domain::TaskWorkspace> for Workspace {
    fn from(row: &crate::domain::TaskWorkspace) -> Self {
        Self {
            path: PathBuf::from(&row.path),
            branch: row.branch.clone(),
            base: row.base.clone(),
            head: row.head.clone(),
        }
    }
}

/// Lines added and removed against the merge base, over how many files.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DiffStat {
    pub files: usize,
    pub additions: u64,
    pub deletions: u64,
}

/// The branch of a task: `anpm/` + a slug of its title (at most 40 characters of `a-z0-9-`) + `-` + the
/// first 8 characters of its id.
pub fn branch_name(title: &str, task_id: &str) -> String {
    let mut slug = String::new();
    for c in title.to_lowercase().chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
        if slug.len() >= 40 {
            break;
        }
    }
    let slug = slug.trim_end_matches('-');
    let short: String = task_id.chars().filter(char::is_ascii_alphanumeric).take(8).collect();
    if slug.is_empty() {
        format!("anpm/task-{short}")
    } else {
        format!("anpm/{slug}-{short}")
    }
}

/// Runs git in `dir`; fails with git's own words.
pub(super) fn git(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Result<Output> {
    let output = super::git_command(dir)
        .args(args)
        .envs(env.iter().copied())
        .output()
        .map_err(|e| Error::io("running git (is git installed and on PATH?)", e))?;
    if output.status.success() {
        Ok(output)
    } else {
        let said = String::from_utf8_lossy(&output.stderr).trim().to_owned();
        Err(Error::io(
            format!("git {} in {}", args.join(" "), dir.display()),
            std::io::Error::other(said),
        ))
    }
}

pub(super) fn text(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).trim().to_owned()
}

/// Whether `git` succeeds (for questions asked through the exit code).
pub(super) fn holds(dir: &Path, args: &[&str]) -> bool {
    git(dir, args, &[]).is_ok()
}

/// The task's worktree at `path`: reused when it is already a worktree of `repo` on `branch`, else created
/// there on `branch` (cut from the tip of `base`, or taken as it is when the branch already exists, as after
/// a discard that kept it).
pub fn ensure(repo: &Path, path: &Path, branch: &str, base: &str) -> Result<Workspace> {
    ensure_from(repo, path, branch, base, base)
}

/// [`ensure`], with a new branch cut from `start` (a branch or commit) rather than the tip of `base`: a
/// task stacked on a dependency in review starts from that dependency's head, and still merges into `base`.
pub fn ensure_from(repo: &Path, path: &Path, branch: &str, base: &str, start: &str) -> Result<Workspace> {
    // The dispatch loop makes several tasks' worktrees at once.
    let _records = hold_records(repo);
    let mut existing = list(repo)?.into_iter().find(|w| same_path(&w.0, path));
    if existing.is_some() && !path.exists() {
        // A folder deleted by hand stays in git's list (and keeps its branch checked out there) until
        // pruned; only records of missing folders go.
        git(repo, &["worktree", "prune"], &[])?;
        existing = None;
    }
    match existing {
        Some((_, Some(on), _)) if on == branch => {}
        Some((_, on, _)) => {
            return Err(Error::Conflict(format!(
                "{} is a worktree of another branch ({}); remove it or pick another folder",
                path.display(),
                on.unwrap_or_else(|| "a detached HEAD".into())
            )))
        }
        None => {
            if path.exists() {
                return Err(Error::Conflict(format!(
                    "{} exists and is not a worktree of this repository",
                    path.display()
                )));
            }
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)
                    .map_err(|e| Error::io(format!("creating {}", parent.display()), e))?;
            }
            let target = path.to_string_lossy();
            let branch_ref = format!("refs/heads/{branch}");
            if holds(repo, &["show-ref", "--verify", "--quiet", &branch_ref]) {
                git(repo, &["worktree", "add", "--quiet", &target, branch], &[])?;
            } else {
                git(repo, &["worktree", "add", "--quiet", "-b", branch, &target, start], &[])?;
            }
        }
    }
    let head = text(&git(path, &["rev-parse", "HEAD"], &[])?);
    Ok(Workspace { path: path.to_path_buf(), branch: branch.to_owned(), base: base.to_owned(), head })
}

fn same_path(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}

/// The worktrees of `repo` as git lists them: (folder, branch, head).
pub fn list(repo: &Path) -> Result<Vec<(PathBuf, Option<String>, String)>> {
    let out = text(&git(repo, &["worktree", "list", "--porcelain"], &[])?);
    let mut found = Vec::new();
    for block in out.split("\n\n") {
        let mut path = None;
        let mut branch = None;
        let mut head = String::new();
        for line in block.lines() {
            if let Some(p) = line.strip_prefix("worktree ") {
                path = Some(PathBuf::from(p));
            } else if let Some(h) = line.strip_prefix("HEAD ") {
                head = h.to_owned();
            } else if let Some(b) = line.strip_prefix("branch ") {
                branch = Some(b.strip_prefix("refs/heads/").unwrap_or(b).to_owned());
            }
        }
        if let Some(path) = path {
            found.push((path, branch, head));
        }
    }
    Ok(found)
}

/// Commits everything changed in the workspace (tracked, untracked, deleted) on its branch as `author`,
/// returning the new head, or `None` when nothing changed.
/// Leaves `keep_out` (paths relative to the worktree) out of the commit: files the
/// project's setup copied in (an `.env`) are the operator's environment, never part of the task's work.
pub fn commit_all_except(
    ws: &Workspace,
    author: &str,
    message: &str,
    keep_out: &[String],
) -> Result<Option<String>> {
    git(&ws.path, &["add", "--all"], &[])?;
    if !keep_out.is_empty() {
        let mut args = vec!["reset", "--quiet", "--"];
        args.extend(keep_out.iter().map(String::as_str));
        git(&ws.path, &args, &[])?;
    }
    if holds(&ws.path, &["diff", "--cached", "--quiet"]) {
        return Ok(None);
    }
    let email = "anpm@localhost";
    let identity = [
        ("GIT_AUTHOR_NAME", author),
        ("GIT_AUTHOR_EMAIL", email),
        ("GIT_COMMITTER_NAME", author),
        ("GIT_COMMITTER_EMAIL", email),
    ];
    // `--no-verify`: the repository's hooks are the operator's gate at merge time, not the agent's.
    git(&ws.path, &["commit", "--quiet", "--no-verify", "-m", message], &identity)?;
    Ok(Some(text(&git(&ws.path, &["rev-parse", "HEAD"], &[])?)))
}

/// What the task's branch changes against the point it shares with its base.
pub fn diffstat(ws: &Workspace) -> Result<DiffStat> {
    let base = text(&git(&ws.path, &["merge-base", "HEAD", &ws.base], &[])?);
    let numstat = text(&git(&ws.path, &["diff", "--numstat", &format!("{base}..HEAD")], &[])?);
    let mut stat = DiffStat::default();
    for line in numstat.lines() {
        let mut parts = line.split('\t');
        let (added, removed) = (parts.next().unwrap_or("-"), parts.next().unwrap_or("-"));
        stat.files += 1;
        // Binary files show `-`: counted as a file, not as lines.
        stat.additions += added.parse::<u64>().unwrap_or(0);
        stat.deletions += removed.parse::<u64>().unwrap_or(0);
    }
    Ok(stat)
}

/// The commit `rev` names in `repo`, if it names one.
pub fn commit_of(repo: &Path, rev: &str) -> Option<String> {
    git(repo, &["rev-parse", "--verify", "--quiet", &format!("{rev}^{{commit}}")], &[])
        .ok()
        .map(|o| text(&o))
}

/// Whether `branch` exists in `repo`.
pub fn branch_exists(repo: &Path, branch: &str) -> bool {
    holds(repo, &["show-ref", "--verify", "--quiet", &format!("refs/heads/{branch}")])
}

/// Whether every commit of `rev` is already in `into`.
pub fn is_merged(repo: &Path, rev: &str, into: &str) -> bool {
    holds(repo, &["merge-base", "--is-ancestor", rev, into])
}

/// Deletes `branch`. Without `force`, git refuses a branch whose commits are not merged into the
/// current branch or its upstream; anpm asks the question itself against `base` and refuses first.
pub fn delete_branch(repo: &Path, branch: &str, base: &str, force: bool) -> Result<()> {
    if !force && !is_merged(repo, branch, base) {
        return Err(Error::Conflict(format!(
            "branch `{branch}` has commits that are not merged into `{base}`; pass --force to delete it anyway"
        )));
    }
    git(repo, &["branch", "--quiet", "-D", branch], &[])?;
    Ok(())
}

/// The bytes the files of a folder take on disk (not following symbolic links).
pub fn disk_bytes(dir: &Path) -> u64 {
    use std::os::unix::fs::MetadataExt;
    let mut total = 0;
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        for entry in entries.flatten() {
            let Ok(meta) = entry.metadata() else { continue };
            if meta.is_dir() {
                stack.push(entry.path());
            } else {
                total += meta.blocks() * 512;
            }
        }
    }
    total
}

/// Whether a worktree has uncommitted changes (untracked files included).
pub fn is_dirty(path: &Path) -> Result<bool> {
    Ok(!text(&git(path, &["status", "--porcelain"], &[])?).is_empty())
}

/// Lets git forget worktrees whose folder is gone (`git worktree prune`): only git's own records of
/// missing folders change.
pub fn prune_records(repo: &Path) -> Result<()> {
    let _records = hold_records(repo);
    git(repo, &["worktree", "prune"], &[])?;
    Ok(())
}

/// Removes the workspace's folder and keeps its branch. Refused while it holds uncommitted work: that is
/// committed first ([`commit_all_except`]), never forced away.
pub fn remove(repo: &Path, ws: &Workspace) -> Result<()> {
    let status = text(&git(&ws.path, &["status", "--porcelain"], &[])?);
    if !status.is_empty() {
        return Err(Error::Conflict(format!(
            "the workspace {} has uncommitted changes; commit them before removing it",
            ws.path.display()
        )));
    }
    let _records = hold_records(repo);
    git(repo, &["worktree", "remove", &ws.path.to_string_lossy()], &[])?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn branch_names_are_slugged_and_short() {
        assert_eq!(branch_name("Add CSV export!", "0193a1b2-c3d4"), "anpm/add-csv-export-0193a1b2");
        assert_eq!(branch_name("  ", "abc"), "anpm/task-abc");
        let long = branch_name(&"word ".repeat(30), "12345678");
        assert!(long.len() <= "anpm/".len() + 40 + 9, "{long}");
        assert!(!long.contains("--"));
    }
}
