//! Requirement operations.

use super::Core;
use crate::domain::{
    check_requirement_delete, NewRequirement, ProjectId, Requirement, RequirementId,
    RequirementPatch, RequirementStatus, Timestamp,
};
use crate::store::{RequirementFilter, Tx};
use crate::{Error, Result};

impl Core {
    /// Adds a draft requirement to a project.
    pub fn add_requirement(
        &self,
        project_id: ProjectId,
        input: NewRequirement,
    ) -> Result<Requirement> {
        self.store.write(|tx| {
            tx.project(project_id)?.ok_or_else(|| Error::not_found("project", project_id))?;
            let requirement = input.into_requirement(project_id, Timestamp::now());
            tx.insert_requirement(&requirement)?;
            Ok(requirement)
        })
    }

    /// Requirements matching `filter`, newest first.
    pub fn requirements(&self, filter: &RequirementFilter) -> Result<Vec<Requirement>> {
        self.store.read(|tx| {
            if let Some(project_id) = filter.project_id {
                tx.project(project_id)?.ok_or_else(|| Error::not_found("project", project_id))?;
            }
            tx.requirements(filter)
        })
    }

    /// One requirement.
    pub fn requirement(&self, id: RequirementId) -> Result<Requirement> {
        self.store.read(|tx| load(tx, id))
    }

    /// Edits a requirement's texts and/or status.
    pub fn edit_requirement(
        &self,
        id: RequirementId,
        patch: &RequirementPatch,
    ) -> Result<Requirement> {
        self.store.write(|tx| {
            let current = load(tx, id)?;
            let next = patch.apply(&current, Timestamp::now())?;
            tx.update_requirement(&next)?;
            Ok(next)
        })
    }

    /// Archives a requirement (the way to retire one that produced work).
    pub fn archive_requirement(&self, id: RequirementId) -> Result<Requirement> {
        let patch =
            RequirementPatch { status: Some(RequirementStatus::Archived), ..Default::default() };
        self.edit_requirement(id, &patch)
    }

    /// Deletes a requirement that produced no work and has no active planning run.
    pub fn delete_requirement(&self, id: RequirementId) -> Result<Requirement> {
        self.store.write(|tx| {
            let requirement = load(tx, id)?;
            check_requirement_delete(
                &requirement,
                tx.requirement_lineage_count(id)?,
                tx.requirement_active_run_count(id)?,
            )?;
            tx.delete_requirement(id)?;
            Ok(requirement)
        })
    }
}

fn load(tx: &Tx<'_>, id: RequirementId) -> Result<Requirement> {
    tx.requirement(id)?.ok_or_else(|| Error::not_found("requirement", id))
}
