//! The review gate: what a task's branch changes, and the operator's decision on it — merge it into the
//! base branch, send feedback back to the agent, or discard it — plus where its workspace is.
//!
//! Git runs outside any database transaction (it may take a while); the rows are read before and written
//! after, and a task that started running meanwhile refuses the decision.

use std::path::{Path, PathBuf};

use serde::Serialize;
use ts_rs::TS;

use super::Review;
use crate::domain::*;
use crate::repo::diff::{self, FileDiff};
use crate::repo::merge::{self, MergeRequest, Merged};
use crate::repo::worktree::{self, Workspace};
use crate::store::Tx;
use crate::{Error, Result};

/// The change a task's branch makes against the point it shares with its base.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct TaskDiff {
    pub task_id: TaskId,
    pub branch: String,
    pub base: String,
    /// The commit the change is measured from (the merge base).
    pub from: String,
    /// The branch's head.
    pub to: String,
    pub files_changed: i64,
    pub additions: i64,
    pub deletions: i64,
    pub files: Vec<FileDiff>,
}

/// Where a task's workspace is.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct WorkspaceInfo {
    #[serde(flatten)]
    #[ts(flatten)]
    pub workspace: TaskWorkspace,
    /// Whether the folder is on disk now.
    pub exists: bool,
    /// What the folder takes on disk, in bytes (0 when it is gone).
    #[ts(type = "number")]
    pub disk_bytes: u64,
    pub review_status: ReviewStatus,
}

/// What `merge` did.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct MergeOutcome {
    pub task: Task,
    /// `merged` or `conflict`.
    pub review_status: ReviewStatus,
    /// The base's new commit, when merged.
    pub commit: Option<String>,
    /// The files the merge stopped on, on a conflict.
    pub conflicts: Vec<String>,
    /// The dependencies in review merged first, in dependency order (a stack merges from its base up).
    pub merged_first: Vec<TaskId>,
}

/// In a project that stacks on review, the dependencies of `id` still in review, transitively, in the
/// order they must merge (foundations first). A dependency that is neither done nor in review (failed,
/// queued, conflicted…) refuses the merge: the task's branch carries its unfinished work. Without stacking
/// a task starts only after its dependencies are done, so there is nothing to merge first.
fn unmerged_stack(tx: &Tx<'_>, id: TaskId) -> Result<Vec<TaskId>> {
    let (task, project, _) = load(tx, id)?;
    if !project.workspace.stack_on_review {
        return Ok(Vec::new());
    }
    let mut found = Vec::new();
    let mut todo = vec![id];
    while let Some(at) = todo.pop() {
        for dep in tx.dependencies_of(at)? {
            match dep.stage {
                Stage::Done => {}
                Stage::InReview => {
                    if !found.contains(&dep.task_id) {
                        found.push(dep.task_id);
                        todo.push(dep.task_id);
                    }
                }
                other => {
                    return Err(Error::Transition {
                        entity: "task review",
                        from: other.to_string(),
                        to: "merged".into(),
                        reason: format!(
                            "it builds on \"{}\" ({}), which is {other}; finish or merge that first",
                            dep.title, dep.task_id
                        ),
                    })
                }
            }
        }
    }
    Ok(dependency_order(&found, &tx.task_dependency_edges(task.project_id)?))
}

fn load(tx: &Tx<'_>, id: TaskId) -> Result<(Task, Project, Option<TaskWorkspace>)> {
    let task = tx.task(id)?.ok_or_else(|| Error::not_found("task", id))?;
    let project =
        tx.project(task.project_id)?.ok_or_else(|| Error::not_found("project", task.project_id))?;
    let workspace = tx.workspace(id)?;
    Ok((task, project, workspace))
}

fn no_workspace(task: &Task, project: &Project) -> Error {
    let why = if project.workspace.mode == WorkspaceMode::InPlace {
        "its project runs agents in place (workspace mode `in-place`), so its changes are in the checkout itself"
    } else {
        "it has not been dispatched yet"
    };
    Error::Conflict(format!("task `{}` has no workspace: {why}", task.id))
}

fn not_while_active(task: &Task, what: &str) -> Result<()> {
    if task.dispatch_status.is_active() {
        return Err(Error::Transition {
            entity: "task review",
            from: task.dispatch_status.to_string(),
            to: what.into(),
            reason: "an attempt is queued or running on this workspace; wait for it to end, or cancel it".into(),
        });
    }
    Ok(())
}

impl Review<'_> {
    /// How many tasks wait for a review decision, over every project (the tray's count).
    pub fn awaiting(&self) -> Result<i64> {
        self.core.store.read(|tx| tx.awaiting_review())
    }

    /// Prepares the changes of the `limit` most recently updated tasks in review, so that the operator's
    /// first look at each does not wait for git (a 500-file change takes some 50 ms to compute). Run
    /// off the caller's thread by [`crate::Core::start_background`]; a change that cannot be computed is
    /// skipped here and reported when it is asked for.
    pub fn prepare_latest(&self, limit: usize) {
        let Ok(ids) = self.core.store.read(|tx| tx.latest_in_review(limit)) else { return };
        for id in ids {
            if let Err(e) = self.diff(id) {
                tracing::debug!(task = %id, error = %e, "the change of a task in review was not prepared");
            }
        }
    }

    /// The change of the task's branch: files with their status, counts and hunks.
    pub fn diff(&self, id: TaskId) -> Result<TaskDiff> {
        let (task, project, workspace) = self.core.store.read(|tx| load(tx, id))?;
        let ws = workspace.ok_or_else(|| no_workspace(&task, &project))?;
        let repo = Path::new(&project.repo_path);
        // Measured in the repository, by commits: it works whether the worktree still exists or not.
        let base_tip = worktree::commit_of(repo, &format!("refs/heads/{}", ws.base))
            .unwrap_or_else(|| ws.base_commit.clone());
        // Merged work keeps the point it was measured from at merge time (the merge base is the head then).
        let from = if task.review_status == ReviewStatus::Merged {
            ws.base_commit.clone()
        } else {
            diff::merge_base(repo, &base_tip, &ws.head).unwrap_or_else(|_| ws.base_commit.clone())
        };
        let files = diff::between(repo, &from, &ws.head)?;
        let (additions, deletions) =
            files.iter().fold((0, 0), |(a, d), f| (a + i64::from(f.additions), d + i64::from(f.deletions)));
        Ok(TaskDiff {
            task_id: id,
            branch: ws.branch,
            base: ws.base,
            from,
            to: ws.head,
            files_changed: files.len() as i64,
            additions,
            deletions,
            files,
        })
    }

    /// The diff as the review screen opens it: every file with its counts, the hunks of the first
    /// `unfolded` files only (the others are marked `hunks_omitted`; [`Review::diff_file`] brings one).
    pub fn diff_view(&self, id: TaskId, unfolded: usize) -> Result<TaskDiff> {
        let mut diff = self.diff(id)?;
        for file in diff.files.iter_mut().skip(unfolded) {
            if !file.hunks.is_empty() {
                file.hunks.clear();
                file.hunks_omitted = true;
            }
        }
        Ok(diff)
    }

    /// One file of the task's diff with its hunks, by its path (new or old).
    pub fn diff_file(&self, id: TaskId, path: &str) -> Result<FileDiff> {
        let diff = self.diff(id)?;
        diff.files
            .into_iter()
            .find(|f| f.new_path.as_deref() == Some(path) || f.old_path.as_deref() == Some(path))
            .ok_or_else(|| Error::not_found("file in the task's diff", path))
    }

    /// The task's workspace: folder, branch, base, head, and what it takes on disk.
    pub fn workspace(&self, id: TaskId) -> Result<WorkspaceInfo> {
        let (task, project, workspace) = self.core.store.read(|tx| load(tx, id))?;
        let workspace = workspace.ok_or_else(|| no_workspace(&task, &project))?;
        let path = PathBuf::from(&workspace.path);
        let exists = workspace.is_live() && path.is_dir();
        Ok(WorkspaceInfo {
            disk_bytes: if exists { worktree::disk_bytes(&path) } else { 0 },
            exists,
            workspace,
            review_status: task.review_status,
        })
    }

    /// The task's worktree folder, for opening it outside anpm; refused when it is not on disk (never made,
    /// in-place mode, or removed after a merge or discard).
    pub fn live_folder(&self, id: TaskId) -> Result<PathBuf> {
        let info = self.workspace(id)?;
        if !info.exists {
            return Err(Error::Conflict(format!(
                "task `{id}`'s worktree {} is not on disk ({}); `anpm task followup` or requeue makes it again from its branch",
                info.workspace.path, info.review_status
            )));
        }
        Ok(PathBuf::from(info.workspace.path))
    }

    /// Merges the task's branch into its base. The operator's checkout is only ever fast-forwarded, and only
    /// when none of the files the merge touches has uncommitted changes there (`working_tree_dirty` names
    /// them). A conflict changes nothing and puts the task in `conflict` with the files listed. After a
    /// merge the task is done, its worktree removed and its branch deleted.
    ///
    /// A task stacked on dependencies still in review merges them first, in dependency order; the first
    /// conflict stops there (that dependency's outcome is returned). Tasks waiting on a merged one start.
    pub fn merge(&self, id: TaskId, strategy: MergeStrategy) -> Result<MergeOutcome> {
        let stack = self.core.store.read(|tx| unmerged_stack(tx, id))?;
        let mut merged_first = Vec::new();
        for dep in stack {
            let outcome = self.merge_one(dep, strategy)?;
            self.core.wake_dispatcher();
            if outcome.review_status != ReviewStatus::Merged {
                return Ok(MergeOutcome { merged_first, ..outcome });
            }
            merged_first.push(dep);
        }
        let outcome = self.merge_one(id, strategy)?;
        self.core.wake_dispatcher();
        Ok(MergeOutcome { merged_first, ..outcome })
    }

    fn merge_one(&self, id: TaskId, strategy: MergeStrategy) -> Result<MergeOutcome> {
        let (task, project, workspace) = self.core.store.read(|tx| load(tx, id))?;
        let ws = workspace.ok_or_else(|| no_workspace(&task, &project))?;
        task.review_status.check_merge()?;
        not_while_active(&task, "merged")?;
        let repo = Path::new(&project.repo_path);
        let live = ws.is_live() && Path::new(&ws.path).is_dir();
        if live {
            // Anything left uncommitted (an edit made by hand in the worktree) is part of the work.
            commit_leftovers(&project, &ws, &format!("{}: changes made during review", task.title))?;
        }
        let message = format!("Merge task: {}\n\nanpm task {} from branch {}", task.title, task.id, ws.branch);
        // Where the change starts, kept for `diff` after the merge.
        let base_tip = worktree::commit_of(repo, &format!("refs/heads/{}", ws.base));
        let from = match (&base_tip, strategy) {
            (Some(tip), MergeStrategy::Rebase) => tip.clone(),
            (Some(tip), _) => diff::merge_base(repo, tip, &ws.head).unwrap_or_else(|_| ws.base_commit.clone()),
            (None, _) => ws.base_commit.clone(),
        };
        let merged = merge::merge(&MergeRequest {
            repo,
            worktree: live.then(|| Path::new(&ws.path)),
            branch: &ws.branch,
            base: &ws.base,
            strategy,
            message: &message,
        })?;
        let now = Timestamp::now();
        match merged {
            Merged::Conflict { files } => {
                let task = self.core.store.write(|tx| {
                    let (current, _, _) = load(tx, id)?;
                    tx.put_workspace(&TaskWorkspace { conflicts: files.clone(), updated_at: now, ..ws.clone() })?;
                    let next = Task { review_status: ReviewStatus::Conflict, updated_at: now, ..current }.settled();
                    tx.update_task(&next)?;
                    audit(tx, &next, "review_status", ReviewStatus::Conflict, format!("merge into {} stopped on {}", ws.base, files.join(", ")))?;
                    Ok(next)
                })?;
                Ok(MergeOutcome {
                    task,
                    review_status: ReviewStatus::Conflict,
                    commit: None,
                    conflicts: files,
                    merged_first: Vec::new(),
                })
            }
            Merged::Done { commit } => {
                // The branch is in the base now: its folder and name go (never over uncommitted work,
                // which was committed above).
                let mut cleanup = Vec::new();
                let rebased_head = worktree::commit_of(repo, &format!("refs/heads/{}", ws.branch));
                let mut removed = !live;
                if live {
                    match worktree::remove(repo, &Workspace::from(&ws)) {
                        Ok(()) => removed = true,
                        Err(e) => cleanup.push(format!("the worktree {} was kept: {e}", ws.path)),
                    }
                }
                if let Err(e) = worktree::delete_branch(repo, &ws.branch, &ws.base, true) {
                    cleanup.push(format!("the branch {} was kept: {e}", ws.branch));
                }
                for problem in &cleanup {
                    tracing::warn!(task = %id, "{problem}");
                }
                let task = self.core.store.write(|tx| {
                    let (current, _, _) = load(tx, id)?;
                    tx.put_workspace(&TaskWorkspace {
                        conflicts: Vec::new(),
                        updated_at: now,
                        removed_at: if removed { ws.removed_at.or(Some(now)) } else { None },
                        base_commit: from.clone(),
                        head: rebased_head.clone().unwrap_or_else(|| ws.head.clone()),
                        ..ws.clone()
                    })?;
                    let next = Task {
                        review_status: ReviewStatus::Merged,
                        status: TaskStatus::Done,
                        updated_at: now,
                        ..current
                    }.settled();
                    tx.update_task(&next)?;
                    audit(tx, &next, "review_status", ReviewStatus::Merged, format!("merged into {} as {commit} ({strategy})", ws.base))?;
                    Ok(next)
                })?;
                Ok(MergeOutcome {
                    task,
                    review_status: ReviewStatus::Merged,
                    commit: Some(commit),
                    conflicts: Vec::new(),
                    merged_first: Vec::new(),
                })
            }
        }
    }

    /// Sends review feedback back to the agent: the task is queued again in the same workspace, and its
    /// next attempt resumes the agent's own session where the agent can.
    pub fn followup(&self, id: TaskId, message: &str) -> Result<Task> {
        let message = message.trim();
        if message.is_empty() {
            return Err(Error::invalid("message", "say what the agent should change"));
        }
        if message.chars().count() > 20_000 {
            return Err(Error::invalid("message", "keep the feedback under 20,000 characters"));
        }
        let task = self.core.store.write(|tx| {
            let (task, project, workspace) = load(tx, id)?;
            if task.execution_role.is_none() {
                return Err(Error::Conflict(format!("task `{id}` has no execution role, so no agent can take the feedback; give it a role first")));
            }
            if task.review_status == ReviewStatus::Merged {
                return Err(Error::Transition {
                    entity: "task review",
                    from: "merged".into(),
                    to: "followup".into(),
                    reason: "the work is merged; add a new task for further changes".into(),
                });
            }
            if let Some(ws) = workspace.as_ref().filter(|w| !w.is_live()) {
                let repo = Path::new(&project.repo_path);
                if !worktree::branch_exists(repo, &ws.branch) {
                    return Err(Error::Conflict(format!(
                        "task `{id}`'s branch {} was deleted, so there is no work to follow up on; requeue the task to start over",
                        ws.branch
                    )));
                }
            }
            let now = Timestamp::now();
            let next = Task {
                dispatch_status: task.dispatch_status.followed_up()?,
                dispatch_queued_at: Some(now),
                cancel_requested_at: None,
                followup: Some(message.to_owned()),
                updated_at: now,
                ..task
            }.settled();
            tx.update_task(&next)?;
            audit(tx, &next, "followup", next.review_status, format!("review feedback: {message}"))?;
            Ok(next)
        })?;
        self.core.wake_dispatcher();
        Ok(task)
    }

    /// Lets the task's work go: its worktree is removed (its uncommitted work committed first, never
    /// forced away) and its branch kept, unless `delete_branch`; a branch with commits merged nowhere is
    /// only deleted with `force`.
    pub fn discard(&self, id: TaskId, delete_branch: bool, force: bool) -> Result<Task> {
        let (task, project, workspace) = self.core.store.read(|tx| load(tx, id))?;
        let ws = workspace.ok_or_else(|| no_workspace(&task, &project))?;
        not_while_active(&task, "discarded")?;
        if task.review_status == ReviewStatus::Merged {
            return Err(Error::Transition {
                entity: "task review",
                from: "merged".into(),
                to: "discarded".into(),
                reason: "the work is already merged".into(),
            });
        }
        let repo = Path::new(&project.repo_path);
        if delete_branch && !force && worktree::branch_exists(repo, &ws.branch) && !worktree::is_merged(repo, &ws.branch, &ws.base) {
            return Err(Error::Conflict(format!(
                "branch `{}` has commits that are not merged into `{}`; pass --force to delete it anyway (the work would be lost)",
                ws.branch, ws.base
            )));
        }
        let live = ws.is_live() && Path::new(&ws.path).is_dir();
        if live {
            commit_leftovers(&project, &ws, &format!("WIP: {} (kept when the task was discarded)", task.title))?;
            worktree::remove(repo, &Workspace::from(&ws))?;
        }
        if delete_branch && worktree::branch_exists(repo, &ws.branch) {
            worktree::delete_branch(repo, &ws.branch, &ws.base, force)?;
        }
        let now = Timestamp::now();
        self.core.store.write(|tx| {
            let (current, _, _) = load(tx, id)?;
            tx.put_workspace(&TaskWorkspace { removed_at: Some(ws.removed_at.unwrap_or(now)), updated_at: now, ..ws.clone() })?;
            let next = Task { review_status: ReviewStatus::Discarded, followup: None, updated_at: now, ..current }.settled();
            tx.update_task(&next)?;
            let kept = if delete_branch { "deleted" } else { "kept" };
            audit(tx, &next, "review_status", ReviewStatus::Discarded, format!("discarded; branch {} {kept}", ws.branch))?;
            Ok(next)
        })
    }
}


/// Commits what is left uncommitted in a live worktree as the operator, leaving out the files the
/// project's setup copied in.
fn commit_leftovers(project: &Project, ws: &TaskWorkspace, message: &str) -> Result<Option<String>> {
    let keep_out = crate::dispatch::workspace::copied_in(Path::new(&ws.path), &project.workspace.setup_copy);
    worktree::commit_all_except(&Workspace::from(ws), "anpm operator", message, &keep_out)
}

fn audit(tx: &Tx<'_>, task: &Task, field: &str, value: ReviewStatus, rationale: String) -> Result<()> {
    tx.append_audit(&AuditEntry {
        id: AuditEntryId::new(),
        subject_kind: AuditSubject::Task,
        subject_id: task.id.to_string(),
        field: field.into(),
        old_value: None,
        new_value: Some(value.to_string()),
        actor_kind: ActorKind::User,
        actor_id: super::OPERATOR.into(),
        rationale,
        confidence: None,
        created_at: Timestamp::now(),
    })
}
