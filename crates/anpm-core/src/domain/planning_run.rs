//! A planning run: one attempt to turn a requirement into ranked backlog candidates, and the context
//! snapshot it was planned against.

use serde::Serialize;
use ts_rs::TS;

use super::macros::{id_type, string_enum};
use super::{ProjectId, RequirementId, Timestamp};
use crate::{Error, Result};

id_type!(
    /// Identifies a [`PlanningRun`].
    PlanningRunId,
    "planning run"
);

id_type!(
    /// Identifies a [`ContextSnapshot`].
    ContextSnapshotId,
    "context snapshot"
);

string_enum! {
    /// Lifecycle of a planning run.
    PlanningRunStatus as "planning run status" {
        Queued = "queued",
        Running = "running",
        Completed = "completed",
        Failed = "failed",
        Cancelled = "cancelled",
    }
}

string_enum! {
    /// Which prompt template a run plans with.
    PlanningTemplate as "template" {
        /// Backlog candidates for one requirement.
        Backlog = "backlog",
        /// Project-wide strategic directions ("What's next").
        Whatsnext = "whatsnext",
    }
}

string_enum! {
    /// Which planner produces a run's candidates.
    ProviderKind as "provider" {
        /// The built-in heuristics: offline, instant, repeatable.
        Deterministic = "deterministic",
        /// A model behind an OpenAI-compatible chat-completions endpoint.
        OpenAiCompatible = "openai-compatible",
        /// A local agent CLI (Claude Code, Codex or a custom command), through the dispatch boundary.
        Agent = "agent",
    }
}

impl PlanningRunStatus {
    /// True while the run occupies its requirement's single active slot.
    pub fn is_active(self) -> bool {
        matches!(self, Self::Queued | Self::Running)
    }

    /// Decides a run transition: `queued → running` (claimed), `running → completed | failed`, and
    /// `queued | running → cancelled | failed`. Terminal statuses never change.
    pub fn transition(self, to: Self) -> Result<Self> {
        use PlanningRunStatus::*;
        let allowed = matches!(
            (self, to),
            (Queued, Running) | (Running, Completed) | (Queued | Running, Failed | Cancelled)
        );
        if allowed {
            Ok(to)
        } else {
            Err(Error::Transition {
                entity: "planning run",
                from: self.to_string(),
                to: to.to_string(),
                reason: if self.is_active() {
                    "not a step of a planning run".into()
                } else {
                    "the run has already finished".into()
                },
            })
        }
    }
}

/// A stored planning run.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct PlanningRun {
    pub id: PlanningRunId,
    pub project_id: ProjectId,
    pub requirement_id: RequirementId,
    pub status: PlanningRunStatus,
    pub trigger_source: String,
    pub provider_id: String,
    pub model_id: String,
    pub template: PlanningTemplate,
    pub context_pack_id: String,
    pub error_kind: Option<super::FailureKind>,
    pub error_message: String,
    pub started_at: Option<Timestamp>,
    pub completed_at: Option<Timestamp>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

/// The sanitized, byte-capped context a run was planned against, kept as evidence.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct ContextSnapshot {
    pub id: ContextSnapshotId,
    pub planning_run_id: PlanningRunId,
    pub pack_id: String,
    pub schema_version: String,
    #[ts(type = "unknown")]
    pub snapshot: serde_json::Value,
    pub sources_bytes: i64,
    #[ts(type = "Record<string, number>")]
    pub dropped_counts: serde_json::Value,
    pub created_at: Timestamp,
}

#[cfg(test)]
mod tests {
    use super::PlanningRunStatus::*;
    use super::*;

    #[test]
    fn run_transitions() {
        let allowed = [
            (Queued, Running),
            (Running, Completed),
            (Queued, Failed),
            (Running, Failed),
            (Queued, Cancelled),
            (Running, Cancelled),
        ];
        for from in PlanningRunStatus::ALL {
            for to in PlanningRunStatus::ALL {
                let result = from.transition(*to);
                assert_eq!(result.is_ok(), allowed.contains(&(*from, *to)), "{from} -> {to}");
            }
        }
        let err = Completed.transition(Cancelled).expect_err("terminal");
        assert!(err.to_string().contains("already finished"), "{err}");
    }
}
