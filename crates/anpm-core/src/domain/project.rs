//! A project: one git work tree on this machine that anpm plans and dispatches work for.

use std::path::Path;

use serde::Serialize;
use ts_rs::TS;

use super::macros::id_type;
use super::text::required_text;
use super::{Timestamp, WorkspaceSettings};
use crate::Result;

id_type!(
    /// Identifies a [`Project`].
    ProjectId,
    "project"
);

/// A registered repository.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Project {
    pub id: ProjectId,
    pub name: String,
    /// Canonical absolute path of the git work tree's root.
    pub repo_path: String,
    /// The branch work is based on; empty when it could not be detected.
    pub default_branch: String,
    pub description: String,
    /// Where its agents work: a worktree per task (the default) or the checkout itself.
    pub workspace: WorkspaceSettings,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

impl Project {
    /// The branch task branches are cut from and merged into: the project's choice, else its default
    /// branch ('' when neither is known).
    pub fn base_branch(&self) -> &str {
        if self.workspace.base_branch.is_empty() {
            &self.default_branch
        } else {
            &self.workspace.base_branch
        }
    }
}

/// Validated input for registering a repository.
#[derive(Debug, Clone, PartialEq)]
pub struct NewProject {
    pub name: String,
    pub repo_path: String,
    pub default_branch: String,
    pub description: String,
}

impl NewProject {
    /// Builds the input for the repository rooted at `repo_root` (already canonical). The name defaults to
    /// the root folder's name.
    pub fn new(
        name: Option<&str>,
        repo_root: &Path,
        default_branch: String,
        description: Option<&str>,
    ) -> Result<Self> {
        let fallback = repo_root
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| repo_root.display().to_string());
        let name = required_text("name", name.unwrap_or(&fallback), 120)?;
        Ok(Self {
            name,
            repo_path: repo_root.display().to_string(),
            default_branch,
            description: description.unwrap_or_default().trim().to_owned(),
        })
    }

    /// The stored entity this input becomes at `now`.
    pub fn into_project(self, now: Timestamp) -> Project {
        Project {
            id: ProjectId::new(),
            name: self.name,
            repo_path: self.repo_path,
            default_branch: self.default_branch,
            description: self.description,
            workspace: WorkspaceSettings::default(),
            created_at: now,
            updated_at: now,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn name_defaults_to_the_folder_name() {
        let input =
            NewProject::new(None, Path::new("/src/shop-api"), "main".into(), None).expect("valid");
        assert_eq!(input.name, "shop-api");
        assert_eq!(input.repo_path, "/src/shop-api");
    }

    #[test]
    fn blank_explicit_name_is_refused() {
        let err = NewProject::new(Some("  "), Path::new("/src/x"), String::new(), None)
            .expect_err("blank");
        assert_eq!(err.code(), crate::ErrorCode::InvalidInput);
    }
}
