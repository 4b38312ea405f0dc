//! Merging a task's branch into its base without ever leaving anything half-done.
//!
//! The result is computed first, away from every checkout: `git merge-tree --write-tree` for a merge or a
//! squash (objects only; a conflict leaves no trace), a rebase inside the task's own worktree (aborted on a
//! conflict). Only then does the base move: by a compare-and-swap of its ref when no checkout has it, or
//! by a fast-forward of the checkout that has it, after checking that none of the files the merge touches
//! has uncommitted changes there.

use std::collections::BTreeSet;
use std::path::Path;

use super::worktree::{commit_of, git, holds, list, text};
use crate::domain::MergeStrategy;
use crate::{Error, Result};

/// What a merge did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Merged {
    /// The base now points at `commit`.
    Done { commit: String },
    /// Nothing changed: these files conflict.
    Conflict { files: Vec<String> },
}

/// One merge to make.
#[derive(Debug, Clone, Copy)]
pub struct MergeRequest<'a> {
    pub repo: &'a Path,
    /// The task's worktree, when it still exists (a rebase happens there).
    pub worktree: Option<&'a Path>,
    pub branch: &'a str,
    pub base: &'a str,
    pub strategy: MergeStrategy,
    /// The message of the merge or squash commit.
    pub message: &'a str,
}

/// Merges `req.branch` into `req.base`.
pub fn merge(req: &MergeRequest<'_>) -> Result<Merged> {
    let repo = req.repo;
    let base_tip = commit_of(repo, &format!("refs/heads/{}", req.base)).ok_or_else(|| {
        Error::Conflict(format!("the base branch `{}` does not exist in {}", req.base, repo.display()))
    })?;
    let branch_tip = commit_of(repo, &format!("refs/heads/{}", req.branch)).ok_or_else(|| {
        Error::Conflict(format!("the task branch `{}` does not exist any more", req.branch))
    })?;
    if holds(repo, &["merge-base", "--is-ancestor", &branch_tip, &base_tip]) {
        // Already in the base (merged by hand, say): nothing to write.
        return Ok(Merged::Done { commit: base_tip });
    }
    let identity = identity(repo);
    let env: Vec<(&str, &str)> = identity.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let new = match req.strategy {
        MergeStrategy::Merge | MergeStrategy::Squash => {
            let tree = match merged_tree(repo, &base_tip, &branch_tip)? {
                Ok(tree) => tree,
                Err(files) => return Ok(Merged::Conflict { files }),
            };
            let mut args = vec!["commit-tree", tree.as_str(), "-p", base_tip.as_str()];
            if req.strategy == MergeStrategy::Merge {
                args.extend(["-p", branch_tip.as_str()]);
            }
            args.extend(["-m", req.message]);
            text(&git(repo, &args, &env)?)
        }
        MergeStrategy::Rebase => {
            if holds(repo, &["merge-base", "--is-ancestor", &base_tip, &branch_tip]) {
                branch_tip
            } else {
                let worktree = req.worktree.ok_or_else(|| {
                    Error::Conflict(
                        "a rebase needs the task's worktree, which was removed; merge or squash instead".into(),
                    )
                })?;
                match rebase(worktree, &base_tip, &env)? {
                    Ok(head) => head,
                    Err(files) => return Ok(Merged::Conflict { files }),
                }
            }
        }
    };
    move_base(repo, req.base, &base_tip, &new)?;
    Ok(Merged::Done { commit: new })
}

/// The tree of merging `theirs` into `ours`, or the conflicting files.
fn merged_tree(repo: &Path, ours: &str, theirs: &str) -> Result<std::result::Result<String, Vec<String>>> {
    let output = super::git_command(repo)
        .args(["merge-tree", "--write-tree", "--name-only", "--no-messages", ours, theirs])
        .output()
        .map_err(|e| Error::io("running git merge-tree", e))?;
    let out = String::from_utf8_lossy(&output.stdout);
    let mut lines = out.lines();
    let tree = lines.next().unwrap_or_default().trim().to_owned();
    match output.status.code() {
        Some(0) => Ok(Ok(tree)),
        Some(1) => {
            let files: BTreeSet<String> =
                lines.map(str::trim).filter(|l| !l.is_empty()).map(str::to_owned).collect();
            Ok(Err(files.into_iter().collect()))
        }
        _ => Err(Error::io(
            "git merge-tree",
            std::io::Error::other(String::from_utf8_lossy(&output.stderr).trim().to_owned()),
        )),
    }
}

/// Rebases the worktree's branch onto `onto`; on a conflict the rebase is aborted and the files named.
fn rebase(
    worktree: &Path,
    onto: &str,
    env: &[(&str, &str)],
) -> Result<std::result::Result<String, Vec<String>>> {
    let status = text(&git(worktree, &["status", "--porcelain"], &[])?);
    if !status.is_empty() {
        return Err(Error::Conflict(format!(
            "the task's worktree {} has uncommitted changes; they are committed when an attempt ends",
            worktree.display()
        )));
    }
    if git(worktree, &["rebase", "--quiet", onto], env).is_ok() {
        return Ok(Ok(text(&git(worktree, &["rev-parse", "HEAD"], &[])?)));
    }
    let unmerged = git(worktree, &["diff", "--name-only", "--diff-filter=U"], &[])
        .map(|o| text(&o))
        .unwrap_or_default();
    git(worktree, &["rebase", "--abort"], &[])?;
    let files: BTreeSet<String> = unmerged.lines().map(str::to_owned).collect();
    Ok(Err(files.into_iter().collect()))
}

/// Moves `base` from `old` to `new`: a checked-compare update of the ref when no checkout has it, else a
/// fast-forward of the checkout that has it, refused when the files the merge touches are not clean there.
fn move_base(repo: &Path, base: &str, old: &str, new: &str) -> Result<()> {
    let checkout = list(repo)?.into_iter().find(|(_, branch, _)| branch.as_deref() == Some(base));
    let Some((checkout, _, _)) = checkout else {
        git(repo, &["update-ref", &format!("refs/heads/{base}"), new, old], &[])?;
        return Ok(());
    };
    let touched: BTreeSet<String> = text(&git(repo, &["diff", "--name-only", "--no-renames", old, new], &[])?)
        .lines()
        .map(str::to_owned)
        .collect();
    let dirty = dirty_paths(&checkout)?;
    let blocking: Vec<String> = dirty
        .into_iter()
        .filter(|p| touched.contains(p) || touched.iter().any(|t| t.starts_with(&format!("{p}/"))))
        .collect();
    if !blocking.is_empty() {
        return Err(Error::WorkingTreeDirty { checkout: checkout.display().to_string(), files: blocking });
    }
    // git checks again (and refuses rather than overwrite) should the operator edit a file meanwhile.
    git(&checkout, &["merge", "--ff-only", "--quiet", new], &[])?;
    Ok(())
}

/// Paths with uncommitted changes in a checkout: modified, staged, deleted, untracked (both sides of a
/// rename).
pub fn dirty_paths(checkout: &Path) -> Result<Vec<String>> {
    let out = git(checkout, &["status", "--porcelain=v1", "-z", "--untracked-files=all"], &[])?;
    let raw = String::from_utf8_lossy(&out.stdout).into_owned();
    let mut paths = BTreeSet::new();
    let mut entries = raw.split('\0').filter(|e| !e.is_empty());
    while let Some(entry) = entries.next() {
        if entry.len() < 4 {
            continue;
        }
        let (code, path) = entry.split_at(3);
        paths.insert(path.to_owned());
        if code.starts_with('R') || code.starts_with('C') {
            // The source of a rename comes as the next entry.
            if let Some(from) = entries.next() {
                paths.insert(from.to_owned());
            }
        }
    }
    Ok(paths.into_iter().collect())
}

/// The identity of commits anpm makes for the operator: their own when git has one, else `anpm`.
fn identity(repo: &Path) -> Vec<(&'static str, String)> {
    let configured = |key: &str| {
        git(repo, &["config", key], &[]).map(|o| text(&o)).ok().filter(|v| !v.is_empty())
    };
    match (configured("user.name"), configured("user.email")) {
        (Some(_), Some(_)) => Vec::new(),
        _ => vec![
            ("GIT_AUTHOR_NAME", "anpm".into()),
            ("GIT_AUTHOR_EMAIL", "anpm@localhost".into()),
            ("GIT_COMMITTER_NAME", "anpm".into()),
            ("GIT_COMMITTER_EMAIL", "anpm@localhost".into()),
        ],
    }
}
