//! Project operations: register a repository, list, show, remove.

use std::path::Path;

use serde::Serialize;

use super::Projects;
use crate::domain::{
    check_branch_name, check_copy_glob, NewProject, Project, ProjectId, Timestamp, WorkspaceMode,
};
use crate::store::ProjectFootprint;
use crate::{repo, Error, Result};

/// Changes to a project's workspace settings; `None` leaves a field as it is.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct WorkspacePatch {
    pub mode: Option<WorkspaceMode>,
    /// '' = the project's default branch.
    pub base_branch: Option<String>,
    pub setup_copy: Option<Vec<String>>,
    pub setup_command: Option<String>,
    /// Dependents start when a dependency is in review, stacked on its branch.
    pub stack_on_review: Option<bool>,
}

/// What removing a project deleted.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct ProjectRemoval {
    pub removed: Project,
    pub deleted: ProjectFootprint,
}

impl Projects<'_> {
    /// Registers the git work tree containing `path` as a project. Refuses paths that do not exist, paths
    /// outside any work tree, and a work tree that is already a project (naming that project).
    pub fn add(
        &self,
        path: &Path,
        name: Option<&str>,
        description: Option<&str>,
    ) -> Result<Project> {
        let tree = repo::discover(path)?;
        let input = NewProject::new(name, &tree.root, tree.default_branch, description)?;
        self.core.store.write(|tx| {
            if let Some(existing) = tx.project_by_repo_path(&input.repo_path)? {
                return Err(Error::Conflict(format!(
                    "{} is already the project `{}` ({})",
                    input.repo_path, existing.name, existing.id
                )));
            }
            let project = input.into_project(Timestamp::now());
            tx.insert_project(&project)?;
            Ok(project)
        })
        .inspect(|project| {
            // The project is registered either way; its documents can be discovered again by a sync.
            if let Err(e) = self.core.documents().discover(project.id) {
                tracing::warn!(project = %project.id, error = %e, "discovering the new project's documents failed");
            }
            self.core.watch_repo(project);
        })
    }

    /// Every project, by name.
    pub fn list(&self) -> Result<Vec<Project>> {
        self.core.store.read(|tx| tx.projects())
    }

    /// One project.
    pub fn get(&self, id: ProjectId) -> Result<Project> {
        self.core.store.read(|tx| tx.project(id)?.ok_or_else(|| Error::not_found("project", id)))
    }

    /// Changes where the project's agents work: worktree or in-place, the base branch (it must exist), the
    /// files copied into new worktrees and their setup command. Applies to attempts that start afterwards;
    /// existing worktrees keep their branch and base.
    pub fn set_workspace(&self, id: ProjectId, patch: &WorkspacePatch) -> Result<Project> {
        if *patch == WorkspacePatch::default() {
            return Err(Error::invalid("project edit", "name at least one setting to change"));
        }
        let base_branch = patch.base_branch.as_deref().map(check_branch_name).transpose()?;
        let setup_copy = match &patch.setup_copy {
            Some(globs) => Some(globs.iter().map(|g| check_copy_glob(g)).collect::<Result<Vec<_>>>()?),
            None => None,
        };
        let mut project = self.get(id)?;
        if let Some(branch) = base_branch.as_deref().filter(|b| !b.is_empty()) {
            if !repo::worktree::branch_exists(Path::new(&project.repo_path), branch) {
                return Err(Error::invalid(
                    "base_branch",
                    format!("there is no branch `{branch}` in {}", project.repo_path),
                ));
            }
        }
        if let Some(mode) = patch.mode {
            project.workspace.mode = mode;
        }
        if let Some(branch) = base_branch {
            project.workspace.base_branch = branch;
        }
        if let Some(globs) = setup_copy {
            project.workspace.setup_copy = globs;
        }
        if let Some(command) = &patch.setup_command {
            project.workspace.setup_command = command.trim().to_owned();
        }
        if let Some(stack) = patch.stack_on_review {
            project.workspace.stack_on_review = stack;
        }
        project.updated_at = Timestamp::now();
        self.core.store.write(|tx| {
            if tx.project(id)?.is_none() {
                return Err(Error::not_found("project", id));
            }
            tx.update_project_workspace(&project)
        })?;
        Ok(project)
    }

    /// Removes a project and everything anpm stored for it. The repository on disk is not touched.
    pub fn remove(&self, id: ProjectId) -> Result<ProjectRemoval> {
        self.core.store.write(|tx| {
            let removed = tx.project(id)?.ok_or_else(|| Error::not_found("project", id))?;
            let deleted = tx.project_footprint(id)?;
            tx.delete_project(id)?;
            Ok(ProjectRemoval { removed, deleted })
        })
    }
}
