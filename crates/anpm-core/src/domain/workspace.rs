//! A task's workspace: the git worktree and branch its agent works in, and where the work stands with the
//! operator (the review gate). Also the per-project and per-profile choices that shape it: whether tasks
//! get a worktree at all, and how much an agent may do inside one.

use serde::Serialize;
use ts_rs::TS;

use super::macros::string_enum;
use super::{ProjectId, TaskId, Timestamp};
use crate::{Error, Result};

string_enum! {
    /// Where a project's agents work.
    WorkspaceMode as "workspace mode" {
        /// Each task in a git worktree of its own under the data directory, merged after review.
        Worktree = "worktree",
        /// In the operator's checkout, as before workspaces existed: nothing isolates the agent's edits.
        InPlace = "in-place",
    }
}

string_enum! {
    /// What an agent may do inside its workspace.
    Permissions as "permissions" {
        /// Read and edit files.
        Edit = "edit",
        /// Edit files and run commands (tests, builds, package installs).
        Full = "full",
    }
}

string_enum! {
    /// Where the work of a task stands with the operator.
    ReviewStatus as "review status" {
        /// No work to review (never run, no changes, or in-place).
        None = "none",
        /// The agent's work is committed on the task branch and waits for a decision.
        InReview = "in_review",
        /// Merged into the base branch.
        Merged = "merged",
        /// The operator let the work go; the branch may be kept.
        Discarded = "discarded",
        /// A merge stopped on conflicting files; nothing was merged.
        Conflict = "conflict",
    }
}

string_enum! {
    /// How a task's branch reaches its base.
    MergeStrategy as "merge strategy" {
        /// A merge commit with both histories (the default).
        Merge = "merge",
        /// One new commit on the base with the branch's whole change.
        Squash = "squash",
        /// The branch's commits replayed on the base, which then moves forward to them.
        Rebase = "rebase",
    }
}

impl ReviewStatus {
    /// Whether the operator can still merge, follow up on or discard the work.
    pub fn is_open(self) -> bool {
        matches!(self, Self::InReview | Self::Conflict)
    }

    /// Decides a merge: only open work merges.
    pub fn check_merge(self) -> Result<()> {
        match self {
            Self::InReview | Self::Conflict => Ok(()),
            other => Err(Error::Transition {
                entity: "task review",
                from: other.to_string(),
                to: Self::Merged.to_string(),
                reason: match other {
                    Self::Merged => "the work is already merged".into(),
                    Self::Discarded => "the work was discarded; requeue the task to redo it".into(),
                    _ => "there is no work to merge yet: the task has not finished an attempt with changes".into(),
                },
            }),
        }
    }
}

/// The stored workspace of one task.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct TaskWorkspace {
    pub task_id: TaskId,
    pub project_id: ProjectId,
    /// The worktree's folder (under the data directory).
    pub path: String,
    /// The task's branch, `anpm/<slug>-<short id>`.
    pub branch: String,
    /// The branch it was cut from and merges into.
    pub base: String,
    /// The commit of `base` the branch was cut from.
    pub base_commit: String,
    /// The branch's head after the latest attempt.
    pub head: String,
    /// Whether the project's setup (copied files, setup command) has run here.
    pub setup_done: bool,
    pub files_changed: i64,
    pub additions: i64,
    pub deletions: i64,
    /// Files the last merge stopped on.
    pub conflicts: Vec<String>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    /// Set once the folder is gone; the row stays as the record of the branch.
    pub removed_at: Option<Timestamp>,
}

impl TaskWorkspace {
    pub fn is_live(&self) -> bool {
        self.removed_at.is_none()
    }
}

/// How tasks of a project get a workspace, validated.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct WorkspaceSettings {
    pub mode: WorkspaceMode,
    /// '' = the project's default branch.
    pub base_branch: String,
    /// Globs of files (relative to the repository, no `..`) copied into a new worktree.
    pub setup_copy: Vec<String>,
    /// Run by `sh -c` in a new worktree before its first agent; '' = none.
    pub setup_command: String,
    /// A dependent task starts as soon as its dependency is in review, on a branch cut from the
    /// dependency's head, instead of waiting for the merge.
    pub stack_on_review: bool,
}

impl Default for WorkspaceSettings {
    fn default() -> Self {
        Self {
            mode: WorkspaceMode::Worktree,
            base_branch: String::new(),
            setup_copy: Vec::new(),
            setup_command: String::new(),
            stack_on_review: false,
        }
    }
}

/// Checks one glob of `setup_copy`: relative, inside the repository, not into `.git`.
pub fn check_copy_glob(glob: &str) -> Result<String> {
    let glob = glob.trim();
    let bad = |why: &str| Error::invalid("setup_copy", format!("`{glob}` {why}"));
    if glob.is_empty() {
        return Err(bad("is empty"));
    }
    if glob.starts_with('/') || glob.starts_with('\\') {
        return Err(bad("is absolute; give a path relative to the repository"));
    }
    for part in glob.split(['/', '\\']) {
        if part == ".." {
            return Err(bad("leaves the repository (`..`)"));
        }
        if part.eq_ignore_ascii_case(".git") {
            return Err(bad("reaches into `.git`"));
        }
    }
    Ok(glob.to_owned())
}

/// Checks a branch name the way git would before anything runs (`git check-ref-format --branch` rules that
/// matter for a name typed by the operator).
pub fn check_branch_name(name: &str) -> Result<String> {
    let name = name.trim();
    let bad = |why: &str| Error::invalid("base_branch", format!("`{name}` {why}"));
    if name.is_empty() {
        return Ok(String::new());
    }
    if name.starts_with('-') || name.starts_with('/') || name.ends_with('/') || name.ends_with('.') {
        return Err(bad("is not a valid branch name"));
    }
    if name.contains("..")
        || name.contains("@{")
        || name.contains("//")
        || name.chars().any(|c| c.is_control() || " ~^:?*[\\".contains(c))
        || name.ends_with(".lock")
    {
        return Err(bad("is not a valid branch name"));
    }
    Ok(name.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copy_globs_stay_inside_the_repository() {
        assert_eq!(check_copy_glob(" .env ").unwrap(), ".env");
        assert_eq!(check_copy_glob("config/*.local.toml").unwrap(), "config/*.local.toml");
        for bad in ["", "/etc/passwd", "../secrets", "a/../../b", ".git/config", "x/.GIT/hooks/*"] {
            assert_eq!(check_copy_glob(bad).unwrap_err().code(), crate::ErrorCode::InvalidInput, "{bad}");
        }
    }

    #[test]
    fn branch_names_follow_git_rules() {
        assert_eq!(check_branch_name("release/1.2").unwrap(), "release/1.2");
        assert_eq!(check_branch_name("  ").unwrap(), "");
        for bad in ["-x", "a..b", "a b", "a~1", "x.lock", "a:b", "end/", "a@{1}"] {
            assert!(check_branch_name(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn only_open_work_merges() {
        assert!(ReviewStatus::InReview.check_merge().is_ok());
        assert!(ReviewStatus::Conflict.check_merge().is_ok());
        for closed in [ReviewStatus::None, ReviewStatus::Merged, ReviewStatus::Discarded] {
            assert!(closed.check_merge().is_err(), "{closed}");
        }
    }
}
