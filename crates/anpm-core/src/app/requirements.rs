//! Requirement operations.

use super::Requirements;
use crate::domain::{
    check_requirement_delete, NewRequirement, ProjectId, Requirement, RequirementId,
    RequirementPatch, RequirementStatus, Timestamp,
};
use crate::store::{RequirementFilter, Tx};
use crate::{Error, Result};

impl Requirements<'_> {
    /// Adds a draft requirement to a project.
    pub fn add(
        &self,
        project_id: ProjectId,
        input: NewRequirement,
    ) -> Result<Requirement> {
        self.core.store.write(|tx| {
            tx.project(project_id)?.ok_or_else(|| Error::not_found("project", project_id))?;
            let requirement = input.into_requirement(project_id, Timestamp::now());
            tx.insert_requirement(&requirement)?;
            Ok(requirement)
        })
    }

    /// Requirements matching `filter`, newest first.
    pub fn list(&self, filter: &RequirementFilter) -> Result<Vec<Requirement>> {
        self.core.store.read(|tx| {
            if let Some(project_id) = filter.project_id {
                tx.project(project_id)?.ok_or_else(|| Error::not_found("project", project_id))?;
            }
            tx.requirements(filter)
        })
    }

    /// One requirement.
    pub fn get(&self, id: RequirementId) -> Result<Requirement> {
        self.core.store.read(|tx| load(tx, id))
    }

    /// Edits a requirement's texts and/or status.
    pub fn edit(
        &self,
        id: RequirementId,
        patch: &RequirementPatch,
    ) -> Result<Requirement> {
        self.core.store.write(|tx| {
            let current = load(tx, id)?;
            let next = patch.apply(&current, Timestamp::now())?;
            tx.update_requirement(&next)?;
            Ok(next)
        })
    }

    /// Archives a requirement (the way to retire one that produced work).
    pub fn archive(&self, id: RequirementId) -> Result<Requirement> {
        let patch =
            RequirementPatch { status: Some(RequirementStatus::Archived), ..Default::default() };
        self.edit(id, &patch)
    }

    /// Deletes a requirement that produced no work and has no active planning run.
    pub fn delete(&self, id: RequirementId) -> Result<Requirement> {
        self.core.store.write(|tx| {
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
