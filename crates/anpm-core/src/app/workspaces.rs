//! Task workspaces as a whole: every worktree anpm made, checked against `git worktree list` and the
//! folders on disk, and pruning of the ones whose work is merged or empty. Nothing with unmerged work is
//! ever removed here; what is kept is listed with the reason.

use std::path::Path;

use serde::Serialize;
use ts_rs::TS;

use super::Workspaces;
use crate::domain::*;
use crate::repo::worktree::{self, Workspace};
use crate::Result;

/// One recorded workspace, as it stands on disk.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct WorkspaceEntry {
    #[serde(flatten)]
    #[ts(flatten)]
    pub workspace: TaskWorkspace,
    pub task_title: String,
    pub review_status: ReviewStatus,
    pub dispatch_status: DispatchStatus,
    /// Whether the folder is on disk.
    pub exists: bool,
    #[ts(type = "number")]
    pub disk_bytes: u64,
}

/// A folder under the data directory's `workspaces/` that no live workspace row names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct OrphanFolder {
    pub path: String,
    #[ts(type = "number")]
    pub disk_bytes: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct WorkspaceList {
    pub workspaces: Vec<WorkspaceEntry>,
    pub orphans: Vec<OrphanFolder>,
}

/// One workspace `prune` looked at.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct PruneItem {
    pub task_id: Option<TaskId>,
    pub path: String,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct PruneReport {
    pub removed: Vec<PruneItem>,
    pub kept: Vec<PruneItem>,
}

impl Workspaces<'_> {
    /// The live workspaces (every recorded one with `all`), reconciled with disk first: a row whose folder
    /// is gone is marked removed (its branch stays; the next attempt makes the folder again), and git's
    /// own records of missing worktrees are pruned.
    pub fn list(&self, project: Option<ProjectId>, all: bool) -> Result<WorkspaceList> {
        self.reconcile(project)?;
        let (rows, tasks) = self.core.store.read(|tx| {
            let rows = tx.workspaces(project, !all)?;
            let mut tasks = Vec::with_capacity(rows.len());
            for row in &rows {
                tasks.push(tx.task(row.task_id)?);
            }
            Ok((rows, tasks))
        })?;
        let mut workspaces = Vec::new();
        for (row, task) in rows.into_iter().zip(tasks) {
            let Some(task) = task else { continue };
            let path = Path::new(&row.path);
            let exists = row.is_live() && path.is_dir();
            workspaces.push(WorkspaceEntry {
                disk_bytes: if exists { worktree::disk_bytes(path) } else { 0 },
                exists,
                task_title: task.title,
                review_status: task.review_status,
                dispatch_status: task.dispatch_status,
                workspace: row,
            });
        }
        Ok(WorkspaceList { workspaces, orphans: self.orphans()? })
    }

    /// Removes the workspaces whose work is merged into their base or that hold no change at all, and
    /// empty orphan folders; everything else is kept and the reason given.
    pub fn prune(&self, project: Option<ProjectId>) -> Result<PruneReport> {
        let list = self.list(project, false)?;
        let mut report = PruneReport { removed: Vec::new(), kept: Vec::new() };
        for entry in list.workspaces {
            let ws = &entry.workspace;
            let item = |reason: &str| PruneItem {
                task_id: Some(ws.task_id),
                path: ws.path.clone(),
                reason: reason.into(),
            };
            if entry.dispatch_status.is_active() {
                report.kept.push(item("an attempt is queued or running in it"));
                continue;
            }
            let repo = match self.core.store.read(|tx| tx.project(ws.project_id))? {
                Some(project) => project.repo_path,
                None => continue,
            };
            let repo = Path::new(&repo);
            let dirty = worktree::is_dirty(Path::new(&ws.path)).unwrap_or(true);
            let merged = worktree::is_merged(repo, &ws.branch, &ws.base);
            let empty = worktree::diffstat(&Workspace::from(ws)).map(|s| s.files == 0).unwrap_or(false);
            let reason = match (dirty, merged, empty) {
                (true, _, _) => {
                    report.kept.push(item("it has uncommitted changes"));
                    continue;
                }
                (false, true, _) => "its branch is merged into the base",
                (false, false, true) => "it holds no change",
                (false, false, false) => {
                    report.kept.push(item(&format!(
                        "its branch {} has work not merged into {} ({})",
                        ws.branch, ws.base, entry.review_status
                    )));
                    continue;
                }
            };
            worktree::remove(repo, &Workspace::from(ws))?;
            if merged || empty {
                // Merged or empty: nothing is lost with the name either.
                let _ = worktree::delete_branch(repo, &ws.branch, &ws.base, empty);
            }
            let now = Timestamp::now();
            self.core.store.write(|tx| {
                tx.put_workspace(&TaskWorkspace { removed_at: Some(now), updated_at: now, ..ws.clone() })
            })?;
            report.removed.push(item(reason));
        }
        for orphan in list.orphans {
            let path = Path::new(&orphan.path);
            let empty = std::fs::read_dir(path).map(|mut d| d.next().is_none()).unwrap_or(false);
            let item = |reason: &str| PruneItem { task_id: None, path: orphan.path.clone(), reason: reason.into() };
            if empty && std::fs::remove_dir(path).is_ok() {
                report.removed.push(item("an empty folder no workspace names"));
            } else {
                report.kept.push(item("a folder no workspace names, with files in it; look inside and remove it by hand"));
            }
        }
        Ok(report)
    }

    /// Marks rows whose folder is gone as removed and lets git forget worktrees whose folder is gone.
    fn reconcile(&self, project: Option<ProjectId>) -> Result<()> {
        let rows = self.core.store.read(|tx| tx.workspaces(project, true))?;
        let mut repos = std::collections::BTreeSet::new();
        let now = Timestamp::now();
        for row in rows {
            if Path::new(&row.path).is_dir() {
                continue;
            }
            if let Some(project) = self.core.store.read(|tx| tx.project(row.project_id))? {
                repos.insert(project.repo_path);
            }
            let task = self.core.store.read(|tx| tx.task(row.task_id))?;
            if task.is_some_and(|t| t.dispatch_status.is_active()) {
                continue; // being made right now
            }
            self.core.store.write(|tx| {
                tx.put_workspace(&TaskWorkspace { removed_at: Some(now), updated_at: now, ..row.clone() })
            })?;
        }
        for repo in repos {
            let _ = worktree::prune_records(Path::new(&repo));
        }
        Ok(())
    }

    fn orphans(&self) -> Result<Vec<OrphanFolder>> {
        let root = self.core.data_dir().join("workspaces");
        let Ok(entries) = std::fs::read_dir(&root) else { return Ok(Vec::new()) };
        let live: std::collections::BTreeSet<String> =
            self.core.store.read(|tx| tx.workspaces(None, true))?.into_iter().map(|w| w.path).collect();
        let mut orphans = Vec::new();
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() && !live.contains(&path.display().to_string()) {
                orphans.push(OrphanFolder { disk_bytes: worktree::disk_bytes(&path), path: path.display().to_string() });
            }
        }
        orphans.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(orphans)
    }
}
