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

string_enum! {
    /// The operator's feedback on a candidate. Empty feedback is stored as no feedback.
    FeedbackKind as "feedback kind" {
        GoodFit = "good_fit",
        Modified = "modified",
        Fallback = "fallback",
        WrongScope = "wrong_scope",
        TooBroad = "too_broad",
        Duplicate = "duplicate",
        LowQuality = "low_quality",
        Other = "other",
    }
}

/// An operator's review edit of a candidate; `None` leaves a field as it is.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CandidatePatch {
    pub title: Option<String>,
    pub description: Option<String>,
    pub status: Option<CandidateStatus>,
    /// `Some("")` clears the role. The caller validates a non-empty role against the catalog.
    pub execution_role: Option<String>,
    /// `Some("")` clears the feedback kind.
    pub feedback_kind: Option<String>,
    pub feedback_note: Option<String>,
}

impl CandidatePatch {
    /// Applies the patch. Applied candidates are immutable; at least one field must actually change.
    pub fn apply(&self, current: &BacklogCandidate, now: Timestamp) -> Result<BacklogCandidate> {
        if current.status == CandidateStatus::Applied {
            return Err(Error::Transition {
                entity: "backlog candidate",
                from: "applied".into(),
                to: self.status.map(|s| s.to_string()).unwrap_or_else(|| "edited".into()),
                reason: "applied candidates cannot be edited".into(),
            });
        }
        let mut next = current.clone();
        if let Some(raw) = &self.title {
            next.title = super::text::title(raw)?;
        }
        if let Some(description) = &self.description {
            next.description = description.trim().to_owned();
        }
        if let Some(status) = self.status {
            next.status = current.status.review(status)?;
        }
        if let Some(role) = &self.execution_role {
            let role = role.trim();
            next.execution_role = (!role.is_empty()).then(|| role.to_owned());
        }
        if let Some(kind) = &self.feedback_kind {
            next.feedback_kind = match kind.trim() {
                "" => String::new(),
                other => other.parse::<FeedbackKind>()?.as_str().to_owned(),
            };
        }
        if let Some(note) = &self.feedback_note {
            next.feedback_note = note.trim().to_owned();
        }
        if next == *current {
            return Err(Error::invalid("candidate edit", "at least one field must change"));
        }
        next.updated_at = now;
        Ok(next)
    }
}

/// Review statistics of a run's candidates.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct QualitySummary {
    pub total: u64,
    pub approved: u64,
    pub rejected: u64,
    pub applied: u64,
    /// Still in draft: neither approved, rejected nor applied.
    pub pending: u64,
    /// (approved + applied) / (approved + applied + rejected); `None` before any review decision.
    pub acceptance_rate: Option<f64>,
    /// How many candidates carry each feedback kind.
    pub feedback_distribution: std::collections::BTreeMap<String, u64>,
}

impl QualitySummary {
    /// Summarizes `candidates`. Applied candidates count as accepted, never as pending.
    pub fn of<'a>(candidates: impl IntoIterator<Item = &'a BacklogCandidate>) -> Self {
        let mut summary = Self {
            total: 0,
            approved: 0,
            rejected: 0,
            applied: 0,
            pending: 0,
            acceptance_rate: None,
            feedback_distribution: Default::default(),
        };
        for c in candidates {
            summary.total += 1;
            match c.status {
                CandidateStatus::Draft => summary.pending += 1,
                CandidateStatus::Approved => summary.approved += 1,
                CandidateStatus::Rejected => summary.rejected += 1,
                CandidateStatus::Applied => summary.applied += 1,
            }
            if !c.feedback_kind.is_empty() {
                *summary.feedback_distribution.entry(c.feedback_kind.clone()).or_default() += 1;
            }
        }
        let accepted = summary.approved + summary.applied;
        let decided = accepted + summary.rejected;
        summary.acceptance_rate = (decided > 0).then(|| accepted as f64 / decided as f64);
        summary
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
    use super::*;

    fn candidate(status: CandidateStatus, feedback: &str) -> BacklogCandidate {
        let now = Timestamp::now();
        BacklogCandidate {
            id: BacklogCandidateId::new(),
            project_id: ProjectId::new(),
            requirement_id: RequirementId::new(),
            planning_run_id: PlanningRunId::new(),
            parent_candidate_id: None,
            suggestion_type: "implementation".into(),
            title: "Ship".into(),
            description: String::new(),
            status,
            rationale: String::new(),
            validation_criteria: String::new(),
            po_decision: String::new(),
            priority_score: 50.0,
            confidence: 50.0,
            rank: 1,
            evidence: vec![],
            evidence_detail: serde_json::json!({}),
            duplicate_titles: vec![],
            execution_role: None,
            feedback_kind: feedback.into(),
            feedback_note: String::new(),
            created_at: now,
            updated_at: now,
        }
    }

    #[test]
    fn quality_counts_applied_as_accepted_and_drafts_as_pending() {
        let list = [
            candidate(Approved, "good_fit"),
            candidate(Applied, "modified"),
            candidate(Rejected, "too_broad"),
            candidate(Draft, ""),
            candidate(Applied, "good_fit"),
        ];
        let q = QualitySummary::of(&list);
        assert_eq!((q.total, q.approved, q.rejected, q.applied, q.pending), (5, 1, 1, 2, 1));
        assert_eq!(q.acceptance_rate, Some(0.75));
        assert_eq!(q.feedback_distribution.get("good_fit"), Some(&2));
        assert_eq!(QualitySummary::of(&[candidate(Draft, "")]).acceptance_rate, None);
    }

    #[test]
    fn patch_rules() {
        let c = candidate(Draft, "");
        let now = c.updated_at.plus_seconds(1);
        let approve = CandidatePatch {
            status: Some(Approved),
            feedback_kind: Some("good_fit".into()),
            ..Default::default()
        };
        let approved = approve.apply(&c, now).expect("approve");
        assert_eq!((approved.status, approved.feedback_kind.as_str()), (Approved, "good_fit"));
        let bad_kind = CandidatePatch { feedback_kind: Some("meh".into()), ..Default::default() };
        assert_eq!(
            bad_kind.apply(&c, now).expect_err("kind").code(),
            crate::ErrorCode::InvalidInput
        );
        let nothing = CandidatePatch { title: Some("Ship".into()), ..Default::default() };
        assert!(nothing
            .apply(&c, now)
            .expect_err("no change")
            .to_string()
            .contains("at least one field must change"));
        let blank = CandidatePatch { title: Some(" ".into()), ..Default::default() };
        assert_eq!(blank.apply(&c, now).expect_err("blank").code(), crate::ErrorCode::InvalidInput);
        let applied = candidate(Applied, "");
        let err = approve.apply(&applied, now).expect_err("immutable");
        assert!(err.to_string().contains("applied candidates cannot be edited"));
    }

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
