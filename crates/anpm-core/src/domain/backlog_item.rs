//! A backlog item: work the operator is shaping but has not committed to. Items are the default surface of
//! a project; committing one creates exactly one task and locks the fields that task now owns.

use serde::Serialize;
use ts_rs::TS;

use super::macros::{id_type, string_enum};
use super::text::{normalize_labels, title};
use super::{
    BacklogCandidateId, DispatchStatus, LineageKind, PlanningRunId, Priority, ProjectId,
    RequirementId, Task, TaskId, TaskLineage, TaskLineageId, TaskStatus, Timestamp,
};
use crate::{Error, Result};

id_type!(
    /// Identifies a [`BacklogItem`].
    BacklogItemId,
    "backlog item"
);

string_enum! {
    /// Where a backlog item stands.
    BacklogItemStatus as "backlog item status" {
        Triage = "triage",
        Ready = "ready",
        Blocked = "blocked",
        /// Set only by committing the item to a task.
        Committed = "committed",
        Archived = "archived",
    }
}

string_enum! {
    /// Who put the item on the backlog.
    BacklogItemSource as "backlog item source" {
        Human = "human",
        PlanningRun = "planning_run",
        BacklogCandidate = "backlog_candidate",
        Agent = "agent",
    }
}

string_enum! {
    /// Orderings of a backlog listing.
    BacklogSort as "sort" {
        /// The operator's rank, then most urgent first.
        Rank = "rank",
        /// Most urgent first, then rank.
        Priority = "priority",
        /// Most recently updated first.
        Updated = "updated",
        /// Newest first.
        Created = "created",
    }
}

impl BacklogItemStatus {
    /// Decides an operator-requested status change on `item`.
    ///
    /// `committed` is reachable only through [`BacklogItem::check_commit`], and a committed item stays
    /// committed: its task now owns the work.
    pub fn transition(item: &BacklogItem, to: Self) -> Result<Self> {
        let from = item.status;
        let refuse = |reason: &str| Error::Transition {
            entity: "backlog item",
            from: from.to_string(),
            to: to.to_string(),
            reason: reason.to_owned(),
        };
        match (from, to) {
            (BacklogItemStatus::Committed, BacklogItemStatus::Committed) => Ok(to),
            (BacklogItemStatus::Committed, _) => {
                Err(refuse("a committed item stays committed; its task owns the work now"))
            }
            (_, BacklogItemStatus::Committed) => {
                Err(refuse("use `backlog commit` to commit an item to a task"))
            }
            (_, to) => Ok(to),
        }
    }
}

/// A stored backlog item.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct BacklogItem {
    pub id: BacklogItemId,
    pub project_id: ProjectId,
    pub requirement_id: Option<RequirementId>,
    pub planning_run_id: Option<PlanningRunId>,
    pub backlog_candidate_id: Option<BacklogCandidateId>,
    /// The task this item was committed to, once committed.
    pub task_id: Option<TaskId>,
    pub title: String,
    pub description: String,
    pub status: BacklogItemStatus,
    pub priority: Priority,
    pub source: BacklogItemSource,
    pub rank: i64,
    pub labels: Vec<String>,
    pub acceptance_criteria: String,
    pub blocked_reason: String,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

/// What committing an item amounts to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CommitDecision {
    /// Create the task now.
    Create,
    /// Already committed: hand back this task (idempotent replay).
    AlreadyCommitted(TaskId),
}

impl BacklogItem {
    /// Decides whether the item may be committed to a task. Only `triage` and `ready` items are
    /// committable; replaying a commit returns the existing task.
    pub fn check_commit(&self) -> Result<CommitDecision> {
        if let Some(task_id) = self.task_id {
            return Ok(CommitDecision::AlreadyCommitted(task_id));
        }
        match self.status {
            BacklogItemStatus::Triage | BacklogItemStatus::Ready => Ok(CommitDecision::Create),
            status => Err(Error::Transition {
                entity: "backlog item",
                from: status.to_string(),
                to: BacklogItemStatus::Committed.to_string(),
                reason: match status {
                    BacklogItemStatus::Blocked => {
                        "a blocked item must be unblocked (ready or triage) first".into()
                    }
                    BacklogItemStatus::Archived => {
                        "an archived item must be restored to triage or ready first".into()
                    }
                    _ => "only triage and ready items can be committed".into(),
                },
            }),
        }
    }
}

impl BacklogItem {
    /// The task and lineage row a commit creates, and the committed item, at `now`. The task copies the
    /// item's title, description and priority (so `urgent` stays urgent) and names the item as its source.
    /// With an execution `role` (already validated against the catalog) the task is queued for dispatch.
    pub fn commit(&self, role: Option<&str>, now: Timestamp) -> (BacklogItem, Task, TaskLineage) {
        let task = Task {
            id: TaskId::new(),
            project_id: self.project_id,
            title: self.title.clone(),
            description: self.description.clone(),
            status: TaskStatus::Todo,
            priority: self.priority,
            assignee: String::new(),
            source: format!("backlog:{}", self.id),
            execution_role: role.map(str::to_owned),
            agent_profile_id: None,
            dispatch_status: if role.is_some() {
                DispatchStatus::Queued
            } else {
                DispatchStatus::None
            },
            dispatch_queued_at: role.map(|_| now),
            cancel_requested_at: None,
            retry_at: None,
            review_status: crate::domain::ReviewStatus::None,
            stage: crate::domain::Stage::Todo,
            followup: None,
            execution_result: None,
            created_at: now,
            updated_at: now,
        }
        .settled();
        let lineage = self.lineage_for(task.id, now);
        let mut item = self.clone();
        item.status = BacklogItemStatus::Committed;
        item.task_id = Some(task.id);
        item.updated_at = now;
        (item, task, lineage)
    }

    /// The lineage row tying `task_id` back to this item (and its requirement and run, when known).
    pub fn lineage_for(&self, task_id: TaskId, now: Timestamp) -> TaskLineage {
        TaskLineage {
            id: TaskLineageId::new(),
            project_id: self.project_id,
            task_id,
            requirement_id: self.requirement_id,
            planning_run_id: self.planning_run_id,
            backlog_candidate_id: self.backlog_candidate_id,
            backlog_item_id: Some(self.id),
            lineage_kind: LineageKind::BacklogItem,
            created_at: now,
        }
    }
}

/// Validated input for a new backlog item.
#[derive(Debug, Clone, PartialEq)]
pub struct NewBacklogItem {
    pub title: String,
    pub description: String,
    pub status: BacklogItemStatus,
    pub priority: Priority,
    pub source: BacklogItemSource,
    pub rank: Option<i64>,
    pub labels: Vec<String>,
    pub acceptance_criteria: String,
    pub blocked_reason: String,
    pub requirement_id: Option<RequirementId>,
}

impl NewBacklogItem {
    /// The stored entity at `now`; `next_rank` is used when no rank was given (the bottom of the backlog).
    pub fn into_item(self, project_id: ProjectId, next_rank: i64, now: Timestamp) -> BacklogItem {
        BacklogItem {
            id: BacklogItemId::new(),
            project_id,
            requirement_id: self.requirement_id,
            planning_run_id: None,
            backlog_candidate_id: None,
            task_id: None,
            title: self.title,
            description: self.description,
            status: self.status,
            priority: self.priority,
            source: self.source,
            rank: self.rank.unwrap_or(next_rank),
            labels: self.labels,
            acceptance_criteria: self.acceptance_criteria,
            blocked_reason: self.blocked_reason,
            created_at: now,
            updated_at: now,
        }
    }
}

/// An operator's edit of a backlog item; `None` leaves a field as it is.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct BacklogItemPatch {
    pub title: Option<String>,
    pub description: Option<String>,
    pub status: Option<BacklogItemStatus>,
    pub priority: Option<Priority>,
    pub rank: Option<i64>,
    /// Replaces the whole label set.
    pub labels: Option<Vec<String>>,
    pub acceptance_criteria: Option<String>,
    pub blocked_reason: Option<String>,
}

impl BacklogItemPatch {
    /// Applies the patch. Once an item is committed, its title, description and priority belong to its task
    /// and are refused here; labels, rank, acceptance criteria and the blocked reason stay editable.
    pub fn apply(&self, current: &BacklogItem, now: Timestamp) -> Result<BacklogItem> {
        if *self == Self::default() {
            return Err(Error::invalid("backlog item edit", "name at least one field to change"));
        }
        let mut next = current.clone();
        if let Some(raw) = &self.title {
            next.title = title(raw)?;
        }
        if let Some(description) = &self.description {
            next.description = description.trim().to_owned();
        }
        if let Some(priority) = self.priority {
            next.priority = priority;
        }
        if current.task_id.is_some()
            && (next.title != current.title
                || next.description != current.description
                || next.priority != current.priority)
        {
            return Err(Error::Conflict(format!(
                "backlog item `{}` is committed; its title, description and priority belong to its task now",
                current.id
            )));
        }
        if let Some(status) = self.status {
            next.status = BacklogItemStatus::transition(current, status)?;
        }
        if let Some(rank) = self.rank {
            next.rank = rank;
        }
        if let Some(labels) = &self.labels {
            next.labels = normalize_labels(labels)?;
        }
        if let Some(criteria) = &self.acceptance_criteria {
            next.acceptance_criteria = criteria.trim().to_owned();
        }
        if let Some(reason) = &self.blocked_reason {
            next.blocked_reason = reason.trim().to_owned();
        }
        if next != *current {
            next.updated_at = now;
        }
        Ok(next)
    }
}

#[cfg(test)]
mod tests {
    use super::BacklogItemStatus::*;
    use super::*;

    fn item(status: BacklogItemStatus) -> BacklogItem {
        let mut item = super::super::RawBacklogItem {
            title: "Rate-limit login".into(),
            fields: super::super::RawBacklogFields {
                priority: Some("urgent".into()),
                ..Default::default()
            },
            ..Default::default()
        }
        .parse()
        .expect("valid")
        .into_item(ProjectId::new(), 1, Timestamp::now());
        item.status = status;
        item
    }

    fn committed() -> BacklogItem {
        let mut item = item(Committed);
        item.task_id = Some(TaskId::new());
        item
    }

    #[test]
    fn creating_committed_is_refused() {
        let err = super::super::RawBacklogItem {
            title: "x".into(),
            fields: super::super::RawBacklogFields {
                status: Some("committed".into()),
                ..Default::default()
            },
            ..Default::default()
        }
        .parse()
        .expect_err("refused");
        assert_eq!(err.code(), crate::ErrorCode::InvalidInput);
    }

    #[test]
    fn free_movement_among_open_statuses() {
        for from in [Triage, Ready, Blocked, Archived] {
            for to in [Triage, Ready, Blocked, Archived] {
                assert_eq!(
                    BacklogItemStatus::transition(&item(from), to).expect("allowed"),
                    to,
                    "{from}->{to}"
                );
            }
        }
    }

    #[test]
    fn committed_is_reached_only_by_commit_and_never_left() {
        for from in [Triage, Ready, Blocked, Archived] {
            let err = BacklogItemStatus::transition(&item(from), Committed).expect_err("refused");
            assert_eq!(err.code(), crate::ErrorCode::InvalidTransition, "{from}");
        }
        for to in [Triage, Ready, Blocked, Archived] {
            let err = BacklogItemStatus::transition(&committed(), to).expect_err("refused");
            assert_eq!(err.code(), crate::ErrorCode::InvalidTransition, "committed->{to}");
        }
        assert_eq!(
            BacklogItemStatus::transition(&committed(), Committed).expect("no-op"),
            Committed
        );
    }

    #[test]
    fn commit_rules() {
        assert_eq!(item(Triage).check_commit().expect("ok"), CommitDecision::Create);
        assert_eq!(item(Ready).check_commit().expect("ok"), CommitDecision::Create);
        for status in [Blocked, Archived] {
            let err = item(status).check_commit().expect_err("refused");
            assert_eq!(err.code(), crate::ErrorCode::InvalidTransition, "{status}");
        }
        let done = committed();
        assert_eq!(
            done.check_commit().expect("replay"),
            CommitDecision::AlreadyCommitted(done.task_id.unwrap())
        );
    }

    #[test]
    fn committed_items_lock_task_owned_fields_only() {
        let current = committed();
        let now = current.updated_at.plus_seconds(1);
        for patch in [
            BacklogItemPatch { title: Some("Other".into()), ..Default::default() },
            BacklogItemPatch { description: Some("Other".into()), ..Default::default() },
            BacklogItemPatch { priority: Some(Priority::Low), ..Default::default() },
        ] {
            assert_eq!(
                patch.apply(&current, now).expect_err("locked").code(),
                crate::ErrorCode::Conflict
            );
        }
        let labels = BacklogItemPatch {
            labels: Some(vec!["security".into()]),
            rank: Some(7),
            status: Some(Committed),
            ..Default::default()
        };
        let edited = labels.apply(&current, now).expect("editable");
        assert_eq!(edited.labels, vec!["security".to_owned()]);
        assert_eq!(edited.rank, 7);
        // Same title as before is not a change, so it is accepted.
        let same = BacklogItemPatch { title: Some(current.title.clone()), ..Default::default() };
        assert!(same.apply(&current, now).is_ok());
    }
}
