//! SQL for projects.

use rusqlite::{params, OptionalExtension, Row};

use super::sql::{string_list, string_list_text};
use super::Tx;
use crate::domain::{Project, ProjectId, WorkspaceSettings};
use crate::Result;

const COLUMNS: &str = "id, name, repo_path, default_branch, description, created_at, updated_at, \
                       workspace_mode, base_branch, setup_copy, setup_command, stack_on_review";

fn from_row(row: &Row<'_>) -> rusqlite::Result<Project> {
    Ok(Project {
        id: row.get("id")?,
        name: row.get("name")?,
        repo_path: row.get("repo_path")?,
        default_branch: row.get("default_branch")?,
        description: row.get("description")?,
        workspace: WorkspaceSettings {
            mode: row.get("workspace_mode")?,
            base_branch: row.get("base_branch")?,
            setup_copy: string_list(row, "setup_copy")?,
            setup_command: row.get("setup_command")?,
            stack_on_review: row.get("stack_on_review")?,
        },
        created_at: row.get("created_at")?,
        updated_at: row.get("updated_at")?,
    })
}

/// How much anpm data hangs off a project (what removing it would delete).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
pub struct ProjectFootprint {
    pub requirements: i64,
    pub backlog_items: i64,
    pub tasks: i64,
    pub planning_runs: i64,
}

impl Tx<'_> {
    pub fn insert_project(&self, p: &Project) -> Result<()> {
        self.exec(
            &format!(
                "INSERT INTO projects ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)"
            ),
            params![
                p.id,
                p.name,
                p.repo_path,
                p.default_branch,
                p.description,
                p.created_at,
                p.updated_at,
                p.workspace.mode,
                p.workspace.base_branch,
                string_list_text(&p.workspace.setup_copy),
                p.workspace.setup_command,
                p.workspace.stack_on_review
            ],
        )?;
        Ok(())
    }

    /// Stores a project's workspace settings.
    pub fn update_project_workspace(&self, p: &Project) -> Result<()> {
        self.exec(
            "UPDATE projects SET workspace_mode = ?2, base_branch = ?3, setup_copy = ?4, setup_command = ?5,
                                 stack_on_review = ?7, updated_at = ?6
             WHERE id = ?1",
            params![
                p.id,
                p.workspace.mode,
                p.workspace.base_branch,
                string_list_text(&p.workspace.setup_copy),
                p.workspace.setup_command,
                p.updated_at,
                p.workspace.stack_on_review
            ],
        )?;
        Ok(())
    }

    pub fn project(&self, id: ProjectId) -> Result<Option<Project>> {
        Ok(self
            .conn
            .query_row(&format!("SELECT {COLUMNS} FROM projects WHERE id = ?1"), [id], from_row)
            .optional()?)
    }

    pub fn project_by_repo_path(&self, repo_path: &str) -> Result<Option<Project>> {
        Ok(self
            .conn
            .query_row(
                &format!("SELECT {COLUMNS} FROM projects WHERE repo_path = ?1"),
                [repo_path],
                from_row,
            )
            .optional()?)
    }

    /// Every project, by name.
    pub fn projects(&self) -> Result<Vec<Project>> {
        let mut stmt = self
            .conn
            .prepare(&format!("SELECT {COLUMNS} FROM projects ORDER BY name COLLATE NOCASE, id"))?;
        let rows = stmt.query_map([], from_row)?.collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    pub fn project_footprint(&self, id: ProjectId) -> Result<ProjectFootprint> {
        Ok(self.row(
            "SELECT (SELECT count(*) FROM requirements WHERE project_id = ?1),
                    (SELECT count(*) FROM backlog_items WHERE project_id = ?1),
                    (SELECT count(*) FROM tasks WHERE project_id = ?1),
                    (SELECT count(*) FROM planning_runs WHERE project_id = ?1)",
            [id],
            |row| {
                Ok(ProjectFootprint {
                    requirements: row.get(0)?,
                    backlog_items: row.get(1)?,
                    tasks: row.get(2)?,
                    planning_runs: row.get(3)?,
                })
            },
        )?)
    }

    /// Deletes a project and, through the schema's cascades, everything anpm stored for it. Lineage rows
    /// are removed first because they deliberately refuse to let a requirement disappear underneath them.
    pub fn delete_project(&self, id: ProjectId) -> Result<bool> {
        self.exec("DELETE FROM task_lineage WHERE project_id = ?1", [id])?;
        let deleted = self.exec("DELETE FROM projects WHERE id = ?1", [id])?;
        Ok(deleted > 0)
    }
}
