//! SQL for requirements.

use rusqlite::{params, OptionalExtension, Row};

use super::Tx;
use crate::domain::{ProjectId, Requirement, RequirementId, RequirementStatus};
use crate::Result;

const COLUMNS: &str =
    "id, project_id, title, summary, description, audience, success_criteria, status, source, \
                       created_at, updated_at";

fn from_row(row: &Row<'_>) -> rusqlite::Result<Requirement> {
    Ok(Requirement {
        id: row.get("id")?,
        project_id: row.get("project_id")?,
        title: row.get("title")?,
        summary: row.get("summary")?,
        description: row.get("description")?,
        audience: row.get("audience")?,
        success_criteria: row.get("success_criteria")?,
        status: row.get("status")?,
        source: row.get("source")?,
        created_at: row.get("created_at")?,
        updated_at: row.get("updated_at")?,
    })
}

/// Which requirements a listing shows.
#[derive(Debug, Clone, Default)]
pub struct RequirementFilter {
    pub project_id: Option<ProjectId>,
    pub status: Option<RequirementStatus>,
    /// Archived requirements are hidden unless asked for (or filtered for by status).
    pub include_archived: bool,
}

impl Tx<'_> {
    pub fn insert_requirement(&self, r: &Requirement) -> Result<()> {
        self.exec(
            &format!("INSERT INTO requirements ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)"),
            params![
                r.id,
                r.project_id,
                r.title,
                r.summary,
                r.description,
                r.audience,
                r.success_criteria,
                r.status,
                r.source,
                r.created_at,
                r.updated_at
            ],
        )?;
        Ok(())
    }

    pub fn requirement(&self, id: RequirementId) -> Result<Option<Requirement>> {
        Ok(self
            .conn
            .query_row(&format!("SELECT {COLUMNS} FROM requirements WHERE id = ?1"), [id], from_row)
            .optional()?)
    }

    /// Requirements matching `filter`, newest first.
    pub fn requirements(&self, filter: &RequirementFilter) -> Result<Vec<Requirement>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM requirements
             WHERE (?1 IS NULL OR project_id = ?1)
               AND (?2 IS NULL OR status = ?2)
               AND (?2 IS NOT NULL OR ?3 OR status <> 'archived')
             ORDER BY created_at DESC, id"
        ))?;
        let rows = stmt
            .query_map(
                params![filter.project_id, filter.status, filter.include_archived],
                from_row,
            )?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    pub fn update_requirement(&self, r: &Requirement) -> Result<()> {
        self.exec(
            "UPDATE requirements SET title = ?2, summary = ?3, description = ?4, audience = ?5,
                    success_criteria = ?6, status = ?7, updated_at = ?8
             WHERE id = ?1",
            params![
                r.id,
                r.title,
                r.summary,
                r.description,
                r.audience,
                r.success_criteria,
                r.status,
                r.updated_at
            ],
        )?;
        Ok(())
    }

    pub fn delete_requirement(&self, id: RequirementId) -> Result<()> {
        self.exec("DELETE FROM requirements WHERE id = ?1", [id])?;
        Ok(())
    }

    /// How many task lineage rows point at the requirement.
    pub fn requirement_lineage_count(&self, id: RequirementId) -> Result<usize> {
        let n: i64 = self.row(
            "SELECT count(*) FROM task_lineage WHERE requirement_id = ?1",
            [id],
            |r| r.get(0),
        )?;
        Ok(n as usize)
    }

    /// How many queued or running planning runs the requirement has.
    pub fn requirement_active_run_count(&self, id: RequirementId) -> Result<usize> {
        let n: i64 = self.row(
            "SELECT count(*) FROM planning_runs WHERE requirement_id = ?1 AND status IN ('queued', 'running')",
            [id],
            |r| r.get(0),
        )?;
        Ok(n as usize)
    }
}
