//! A backlog candidate: one ranked suggestion produced by a planning run, reviewed by the operator before
//! it may become a task.

use serde::Serialize;
use ts_rs::TS;

use super::macros::{id_type, string_enum};
use super::{PlanningRunId, ProjectId, RequirementId, Timestamp};
use crate::{Error, Result};

id_type!(
    /// Identifies a [`BacklogCandidate`].
    BacklogCandidateId,
    "backlog candidate"
);

string_enum! {
    /// Review state of a candidate.
    CandidateStatus as "candidate status" {
        Draft = "draft",
        Approved = "approved",
        Rejected = "rejected",
        /// Turned into a task; immutable from then on.
        Applied = "applied",
    }
}

impl CandidateStatus {
    /// Decides a review change: draft, approved and rejected move freely among themselves; `applied` is
    /// reached only by applying, and an applied candidate never changes again.
    pub fn review(self, to: Self) -> Result<Self> {
        let refuse = |reason: &str| Error::Transition {
            entity: "backlog candidate",
            from: self.to_string(),
            to: to.to_string(),
            reason: reason.to_owned(),
        };
        match (self, to) {
            (Self::Applied, _) => Err(refuse("applied candidates cannot be edited")),
            (_, Self::Applied) => Err(refuse("use `candidate apply` to apply a candidate")),
            (_, to) => Ok(to),
        }
    }
}

/// A stored candidate. Scores are on one scale for every provider: 0 to 100.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct BacklogCandidate {
    pub id: BacklogCandidateId,
    pub project_id: ProjectId,
    pub requirement_id: RequirementId,
    pub planning_run_id: PlanningRunId,
    pub parent_candidate_id: Option<BacklogCandidateId>,
    pub suggestion_type: String,
    pub title: String,
    pub description: String,
    pub status: CandidateStatus,
    pub rationale: String,
    pub validation_criteria: String,
    pub po_decision: String,
    pub priority_score: f64,
    pub confidence: f64,
    pub rank: i64,
    pub evidence: Vec<String>,
    #[ts(type = "unknown")]
    pub evidence_detail: serde_json::Value,
    pub duplicate_titles: Vec<String>,
    pub execution_role: Option<String>,
    pub feedback_kind: String,
    pub feedback_note: String,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

#[cfg(test)]
mod tests {
    use super::CandidateStatus::*;

    #[test]
    fn review_moves_freely_until_applied() {
        for from in [Draft, Approved, Rejected] {
            for to in [Draft, Approved, Rejected] {
                assert_eq!(from.review(to).expect("allowed"), to);
            }
            assert!(from.review(Applied).is_err(), "{from} -> applied only by apply");
        }
        for to in [Draft, Approved, Rejected, Applied] {
            assert!(Applied.review(to).is_err(), "applied is immutable");
        }
    }
}
