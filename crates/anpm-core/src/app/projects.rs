//! Project operations: register a repository, list, show, remove.

use std::path::Path;

use serde::Serialize;

use super::Projects;
use crate::domain::{NewProject, Project, ProjectId, Timestamp};
use crate::store::ProjectFootprint;
use crate::{repo, Error, Result};

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
    }

    /// Every project, by name.
    pub fn list(&self) -> Result<Vec<Project>> {
        self.core.store.read(|tx| tx.projects())
    }

    /// One project.
    pub fn get(&self, id: ProjectId) -> Result<Project> {
        self.core.store.read(|tx| tx.project(id)?.ok_or_else(|| Error::not_found("project", id)))
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
