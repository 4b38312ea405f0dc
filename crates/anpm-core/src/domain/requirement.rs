//! A requirement: what the operator wants, in their words. Planning runs turn it into backlog candidates.

use serde::Serialize;
use ts_rs::TS;

use super::macros::{id_type, string_enum};
use super::text::title;
use super::{ProjectId, Timestamp};
use crate::{Error, Result};

id_type!(
    /// Identifies a [`Requirement`].
    RequirementId,
    "requirement"
);

string_enum! {
    /// Where a requirement is in its life.
    RequirementStatus as "requirement status" {
        /// Written, not yet planned.
        Draft = "draft",
        /// At least one planning run was started for it.
        Planned = "planned",
        /// Kept for history, hidden from the default lists.
        Archived = "archived",
    }
}

impl RequirementStatus {
    /// Decides an operator-requested status change. Setting the current status again is a no-op.
    ///
    /// A planned requirement cannot go back to draft: its runs and candidates still point at it, so
    /// "draft" would misstate its history. Archive it instead.
    pub fn transition(self, to: Self) -> Result<Self> {
        use RequirementStatus::*;
        match (self, to) {
            (from, to) if from == to => Ok(to),
            (Planned, Draft) => Err(Error::Transition {
                entity: "requirement",
                from: self.to_string(),
                to: to.to_string(),
                reason: "a planned requirement keeps its planning history; archive it instead"
                    .into(),
            }),
            (_, to) => Ok(to),
        }
    }

    /// The automatic promotion when planning starts or a candidate is first applied: draft becomes planned;
    /// every other status is left as it is.
    pub fn promoted(self) -> Self {
        match self {
            Self::Draft => Self::Planned,
            other => other,
        }
    }
}

/// A stored requirement.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Requirement {
    pub id: RequirementId,
    pub project_id: ProjectId,
    pub title: String,
    pub summary: String,
    pub description: String,
    pub audience: String,
    pub success_criteria: String,
    pub status: RequirementStatus,
    /// Who wrote it: `human`, or `analysis` for the requirement behind a "What's next" run.
    pub source: String,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

/// Validated input for a new requirement.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct NewRequirement {
    pub title: String,
    pub summary: String,
    pub description: String,
    pub audience: String,
    pub success_criteria: String,
    pub source: String,
}

impl NewRequirement {
    /// Validates raw input: the title is required; the other texts are trimmed.
    pub fn new(
        raw_title: &str,
        summary: Option<&str>,
        description: Option<&str>,
        audience: Option<&str>,
        success_criteria: Option<&str>,
    ) -> Result<Self> {
        Ok(Self {
            title: title(raw_title)?,
            summary: trimmed(summary),
            description: trimmed(description),
            audience: trimmed(audience),
            success_criteria: trimmed(success_criteria),
            source: "human".into(),
        })
    }

    /// The stored entity this input becomes, in `project`, at `now`. New requirements are drafts.
    pub fn into_requirement(self, project_id: ProjectId, now: Timestamp) -> Requirement {
        Requirement {
            id: RequirementId::new(),
            project_id,
            title: self.title,
            summary: self.summary,
            description: self.description,
            audience: self.audience,
            success_criteria: self.success_criteria,
            status: RequirementStatus::Draft,
            source: self.source,
            created_at: now,
            updated_at: now,
        }
    }
}

/// An operator's edit of a requirement; `None` leaves a field as it is.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RequirementPatch {
    pub title: Option<String>,
    pub summary: Option<String>,
    pub description: Option<String>,
    pub audience: Option<String>,
    pub success_criteria: Option<String>,
    pub status: Option<RequirementStatus>,
}

impl RequirementPatch {
    /// True when the patch names no field at all.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }

    /// Applies the patch to `current`, validating every field and the status transition.
    pub fn apply(&self, current: &Requirement, now: Timestamp) -> Result<Requirement> {
        if self.is_empty() {
            return Err(Error::invalid("requirement edit", "name at least one field to change"));
        }
        let mut next = current.clone();
        if let Some(raw) = &self.title {
            next.title = title(raw)?;
        }
        for (slot, value) in [
            (&mut next.summary, &self.summary),
            (&mut next.description, &self.description),
            (&mut next.audience, &self.audience),
            (&mut next.success_criteria, &self.success_criteria),
        ] {
            if let Some(value) = value {
                *slot = value.trim().to_owned();
            }
        }
        if let Some(status) = self.status {
            next.status = current.status.transition(status)?;
        }
        if next != *current {
            next.updated_at = now;
        }
        Ok(next)
    }
}

/// Decides whether a requirement may be deleted outright. Work that came from it keeps a lineage row
/// pointing back, and an active planning run is still writing for it; in both cases archiving keeps the
/// history intact.
pub fn check_delete(
    requirement: &Requirement,
    lineage_rows: usize,
    active_runs: usize,
) -> Result<()> {
    if lineage_rows > 0 {
        return Err(Error::Conflict(format!(
            "requirement `{}` has {lineage_rows} task lineage row(s); archive it instead of deleting it",
            requirement.id
        )));
    }
    if active_runs > 0 {
        return Err(Error::Conflict(format!(
            "requirement `{}` has an active planning run; cancel it first or archive the requirement",
            requirement.id
        )));
    }
    Ok(())
}

fn trimmed(value: Option<&str>) -> String {
    value.unwrap_or_default().trim().to_owned()
}

#[cfg(test)]
mod tests {
    use super::RequirementStatus::*;
    use super::*;

    fn sample() -> Requirement {
        NewRequirement::new("Export invoices", Some(" as CSV "), None, None, None)
            .expect("valid")
            .into_requirement(ProjectId::new(), Timestamp::now())
    }

    #[test]
    fn new_requirements_are_trimmed_drafts() {
        let req = sample();
        assert_eq!(req.status, Draft);
        assert_eq!(req.summary, "as CSV");
        assert_eq!(req.source, "human");
    }

    #[test]
    fn allowed_transitions() {
        for (from, to) in [
            (Draft, Planned),
            (Draft, Archived),
            (Planned, Archived),
            (Archived, Draft),
            (Archived, Planned),
            (Draft, Draft),
            (Planned, Planned),
            (Archived, Archived),
        ] {
            assert_eq!(from.transition(to).expect("allowed"), to, "{from} -> {to}");
        }
    }

    #[test]
    fn planned_cannot_return_to_draft() {
        let err = Planned.transition(Draft).expect_err("refused");
        assert_eq!(err.code(), crate::ErrorCode::InvalidTransition);
        assert!(err.to_string().contains("archive it instead"), "{err}");
    }

    #[test]
    fn promotion_only_moves_drafts() {
        assert_eq!(Draft.promoted(), Planned);
        assert_eq!(Planned.promoted(), Planned);
        assert_eq!(Archived.promoted(), Archived);
    }

    #[test]
    fn patch_edits_title_and_refuses_blank_or_empty_patches() {
        let req = sample();
        let later = req.updated_at.plus_seconds(5);
        let patch =
            RequirementPatch { title: Some(" Export all invoices ".into()), ..Default::default() };
        let edited = patch.apply(&req, later).expect("valid");
        assert_eq!(edited.title, "Export all invoices");
        assert_eq!(edited.updated_at, later);

        let blank = RequirementPatch { title: Some(" ".into()), ..Default::default() };
        assert_eq!(
            blank.apply(&req, later).expect_err("blank").code(),
            crate::ErrorCode::InvalidInput
        );
        let empty = RequirementPatch::default();
        assert_eq!(
            empty.apply(&req, later).expect_err("empty").code(),
            crate::ErrorCode::InvalidInput
        );
    }

    #[test]
    fn delete_is_refused_with_lineage_or_an_active_run() {
        let req = sample();
        assert!(check_delete(&req, 0, 0).is_ok());
        let err = check_delete(&req, 2, 0).expect_err("lineage");
        assert_eq!(err.code(), crate::ErrorCode::Conflict);
        assert!(err.to_string().contains("archive it instead"));
        assert_eq!(check_delete(&req, 0, 1).expect_err("run").code(), crate::ErrorCode::Conflict);
    }
}
