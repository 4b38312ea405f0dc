//! Task lineage: which requirement, run, candidate or backlog item a task came from.

use serde::Serialize;
use ts_rs::TS;

use super::macros::{id_type, string_enum};
use super::{
    BacklogCandidateId, BacklogItemId, PlanningRunId, ProjectId, RequirementId, TaskId, Timestamp,
};

id_type!(
    /// Identifies a [`TaskLineage`] row.
    TaskLineageId,
    "task lineage"
);

string_enum! {
    /// How a task came to exist.
    LineageKind as "lineage kind" {
        AppliedCandidate = "applied_candidate",
        ManualRequirement = "manual_requirement",
        MergedRequirement = "merged_requirement",
        BacklogItem = "backlog_item",
    }
}

/// One traceability row.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct TaskLineage {
    pub id: TaskLineageId,
    pub project_id: ProjectId,
    pub task_id: TaskId,
    pub requirement_id: Option<RequirementId>,
    pub planning_run_id: Option<PlanningRunId>,
    pub backlog_candidate_id: Option<BacklogCandidateId>,
    pub backlog_item_id: Option<BacklogItemId>,
    pub lineage_kind: LineageKind,
    pub created_at: Timestamp,
}
