//! A task: committed execution work. Its `status` is the operator's word on the work, its
//! `dispatch_status` tracks runs through an agent CLI and its `review_status` the agent's changes; where
//! the task stands overall is derived from the three in [`super::Stage`], which also decides which status
//! changes the operator may make.

use serde::Serialize;
use ts_rs::TS;

use super::macros::{id_type, string_enum};
use super::text::title;
use super::{AgentProfileId, Priority, ProjectId, ReviewStatus, Stage, Timestamp};
use crate::{Error, Result};

/// Most ids one batch edit may name.
pub const MAX_BATCH_IDS: usize = 100;

id_type!(
    /// Identifies a [`Task`].
    TaskId,
    "task"
);

string_enum! {
    /// The operator's view of a task.
    TaskStatus as "task status" {
        Todo = "todo",
        InProgress = "in_progress",
        Done = "done",
        Cancelled = "cancelled",
    }
}

string_enum! {
    /// Where a task is in the dispatch pipeline.
    DispatchStatus as "dispatch status" {
        /// Never queued for an agent.
        None = "none",
        Queued = "queued",
        Running = "running",
        Completed = "completed",
        Failed = "failed",
        Cancelled = "cancelled",
    }
}

impl Task {
    /// The task with its stage derived again from its statuses, and its operator status moved where the
    /// pipeline moved the work (a claimed task is in progress, merged work is done). Every write of a task
    /// goes through this, so what is stored and what a caller is handed agree.
    pub fn settled(mut self) -> Self {
        self.stage = Stage::of_task(&self);
        self.status = self.stage.settled_status(self.status);
        self.stage = Stage::of_task(&self);
        self
    }
}

impl TaskStatus {
    /// True for statuses that still represent open work (used for duplicate detection).
    pub fn is_open(self) -> bool {
        matches!(self, Self::Todo | Self::InProgress)
    }
}

impl DispatchStatus {
    /// Decides a requeue: only a dispatch that ran and failed or was cancelled goes back to the queue. A
    /// task that was never dispatched is queued by committing it with a role, not by requeue.
    pub fn requeued(self) -> Result<Self> {
        match self {
            DispatchStatus::Failed | DispatchStatus::Cancelled => self.transition(DispatchStatus::Queued),
            DispatchStatus::None => Err(Error::Transition {
                entity: "task dispatch",
                from: self.to_string(),
                to: DispatchStatus::Queued.to_string(),
                reason: "the task was never dispatched, so there is nothing to requeue; give it a role to queue it (backlog commit --role, or candidate apply --role)".into(),
            }),
            other => other.transition(DispatchStatus::Queued),
        }
    }

    /// Decides a follow-up: review feedback queues the task again after any ended attempt, a completed one
    /// included (its work is on the task's branch, waiting for review).
    pub fn followed_up(self) -> Result<Self> {
        match self {
            DispatchStatus::Completed | DispatchStatus::Failed | DispatchStatus::Cancelled => {
                Ok(DispatchStatus::Queued)
            }
            other => Err(Error::Transition {
                entity: "task dispatch",
                from: other.to_string(),
                to: DispatchStatus::Queued.to_string(),
                reason: match other {
                    DispatchStatus::None => "the task was never dispatched, so there is no work to follow up on".into(),
                    _ => "the task is queued or running; wait for its attempt to end, or cancel it".into(),
                },
            }),
        }
    }

    /// Decides a dispatch-pipeline transition:
    ///
    /// - `none → queued` (queued for an agent);
    /// - `queued → running` (claimed), `queued → cancelled` (dequeued), `queued → failed` (refused at claim,
    ///   e.g. its role left the catalog);
    /// - `running → completed | failed | cancelled`;
    /// - `failed | cancelled → queued` (requeue).
    ///
    /// Everything else is refused; in particular a completed dispatch is final.
    pub fn transition(self, to: Self) -> Result<Self> {
        use DispatchStatus::*;
        let allowed = matches!(
            (self, to),
            (None, Queued)
                | (Queued, Running | Cancelled | Failed)
                | (Running, Completed | Failed | Cancelled)
                | (Failed | Cancelled, Queued)
        );
        if allowed {
            Ok(to)
        } else {
            Err(Error::Transition {
                entity: "task dispatch",
                from: self.to_string(),
                to: to.to_string(),
                reason: match (self, to) {
                    (Completed, Queued) => {
                        "a completed dispatch is final; create a follow-up task instead".into()
                    }
                    (Running, Queued) => "the task is running; cancel it before requeueing".into(),
                    (Queued, Queued) => "the task is already queued".into(),
                    _ => "not a step of the dispatch pipeline".into(),
                },
            })
        }
    }

    /// True while an agent may still pick up or is running the task.
    pub fn is_active(self) -> bool {
        matches!(self, Self::Queued | Self::Running)
    }
}

/// A stored task.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Task {
    pub id: TaskId,
    pub project_id: ProjectId,
    pub title: String,
    pub description: String,
    pub status: TaskStatus,
    pub priority: Priority,
    pub assignee: String,
    /// Where the task came from: `human`, `backlog:<item id>`, `candidate:<candidate id>`…
    pub source: String,
    /// The catalog role an agent runs this task as, when dispatched.
    pub execution_role: Option<String>,
    /// The agent profile chosen for this task; `None` uses the default resolution.
    pub agent_profile_id: Option<AgentProfileId>,
    pub dispatch_status: DispatchStatus,
    pub dispatch_queued_at: Option<Timestamp>,
    /// Set when the operator asked to cancel the running dispatch from another process.
    pub cancel_requested_at: Option<Timestamp>,
    /// A queued task that hit its agent's usage limit starts again no earlier than this (the reset the
    /// agent named, else a backoff); `None`: no wait.
    pub retry_at: Option<Timestamp>,
    /// Where the agent's work stands with the operator (worktree mode).
    pub review_status: ReviewStatus,
    /// Where the task stands overall, derived from the three statuses ([`Stage::of`]); never set by hand.
    pub stage: Stage,
    /// Review feedback waiting for the next attempt (`task followup`).
    pub followup: Option<String>,
    /// The agent's validated result, or the failure, of the latest dispatch.
    #[ts(type = "unknown")]
    pub execution_result: Option<serde_json::Value>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

/// Validated input for a new task.
#[derive(Debug, Clone, PartialEq)]
pub struct NewTask {
    pub title: String,
    pub description: String,
    pub status: TaskStatus,
    pub priority: Priority,
    pub assignee: String,
    pub source: String,
    /// The execution role; a task added with one is queued for it at once (as `backlog commit --role`).
    pub role: Option<String>,
    /// The agent profile by name, resolved by the caller; `None` is the role's default.
    pub agent: Option<String>,
}

impl NewTask {
    /// Validates raw operator input.
    pub fn new(
        raw_title: &str,
        description: Option<&str>,
        status: Option<TaskStatus>,
        priority: Option<Priority>,
        assignee: Option<&str>,
    ) -> Result<Self> {
        Ok(Self {
            title: title(raw_title)?,
            description: description.unwrap_or_default().trim().to_owned(),
            status: status.unwrap_or(TaskStatus::Todo),
            priority: priority.unwrap_or_default(),
            assignee: assignee.unwrap_or_default().trim().to_owned(),
            source: "human".into(),
            role: None,
            agent: None,
        })
    }

    /// The stored entity at `now`: queued for dispatch when it has a role, else not.
    pub fn into_task(self, project_id: ProjectId, now: Timestamp) -> Task {
        Task {
            id: TaskId::new(),
            project_id,
            title: self.title,
            description: self.description,
            status: self.status,
            priority: self.priority,
            assignee: self.assignee,
            source: self.source,
            dispatch_status: if self.role.is_some() { DispatchStatus::Queued } else { DispatchStatus::None },
            dispatch_queued_at: self.role.is_some().then_some(now),
            execution_role: self.role,
            agent_profile_id: None,
            cancel_requested_at: None,
            retry_at: None,
            review_status: crate::domain::ReviewStatus::None,
            stage: Stage::Todo,
            followup: None,
            execution_result: None,
            created_at: now,
            updated_at: now,
        }
        .settled()
    }
}

/// An operator's edit of a task; `None` leaves a field as it is.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TaskPatch {
    pub title: Option<String>,
    pub description: Option<String>,
    pub status: Option<TaskStatus>,
    pub priority: Option<Priority>,
    pub assignee: Option<String>,
    /// The execution role (`Some(None)` clears it); the caller has checked it against the catalog.
    pub role: Option<Option<String>>,
    /// The agent profile by name (`Some(None)`: the default resolution). Resolved against the stored
    /// profiles by the caller of [`TaskPatch::apply`], which then checks the result with
    /// [`check_runner_change`].
    pub agent: Option<Option<String>>,
}

impl TaskPatch {
    /// True when the patch names no field at all.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }

    /// True when the patch touches only the fields a batch edit may change (status, priority, assignee).
    pub fn is_batchable(&self) -> bool {
        self.title.is_none()
            && self.description.is_none()
            && self.role.is_none()
            && self.agent.is_none()
            && !self.is_empty()
    }

    /// Applies the patch to `current`, validating every field and the status transition.
    pub fn apply(&self, current: &Task, now: Timestamp) -> Result<Task> {
        if self.is_empty() {
            return Err(Error::invalid("task edit", "name at least one field to change"));
        }
        let mut next = current.clone();
        if let Some(raw) = &self.title {
            next.title = title(raw)?;
        }
        if let Some(description) = &self.description {
            next.description = description.trim().to_owned();
        }
        if let Some(status) = self.status {
            next.status = super::stage::check_status_move(current, status)?;
        }
        if let Some(priority) = self.priority {
            next.priority = priority;
        }
        if let Some(assignee) = &self.assignee {
            next.assignee = assignee.trim().to_owned();
        }
        if let Some(role) = &self.role {
            next.execution_role = role.clone();
        }
        check_runner_change(current, &next)?;
        let mut next = next.settled();
        if next != *current {
            next.updated_at = now;
        }
        Ok(next)
    }
}

/// Refuses a role or agent change the dispatch pipeline cannot honour: none while an agent runs the task
/// (the running attempt would not match what the task says), and no queued task without a role.
pub fn check_runner_change(current: &Task, next: &Task) -> Result<()> {
    let changed = current.execution_role != next.execution_role
        || current.agent_profile_id != next.agent_profile_id;
    if !changed {
        return Ok(());
    }
    let refuse = |reason: &str| {
        Err(Error::Transition {
            entity: "task",
            from: current.dispatch_status.to_string(),
            to: "a new role or agent".into(),
            reason: reason.into(),
        })
    };
    match current.dispatch_status {
        DispatchStatus::Running => {
            refuse("an agent is running this task; cancel it before changing its role or agent")
        }
        DispatchStatus::Queued if next.execution_role.is_none() => {
            refuse("a queued task needs a role; cancel it first, or choose another role")
        }
        _ => Ok(()),
    }
}

/// Decides `task run`: a task with a role that is not queued or running goes to the queue. Never
/// dispatched, failed and cancelled tasks start a new attempt; a completed one only through review
/// feedback (`task followup`), which keeps its workspace and the agent's session.
pub fn check_runnable(task: &Task) -> Result<DispatchStatus> {
    let refuse = |reason: String| Error::Transition {
        entity: "task dispatch",
        from: task.dispatch_status.to_string(),
        to: DispatchStatus::Queued.to_string(),
        reason,
    };
    if task.execution_role.is_none() {
        return Err(refuse(
            "the task has no role to run as; give it one (`anpm task run ID --role ROLE`, or the role picker in the task)".into(),
        ));
    }
    match task.dispatch_status {
        DispatchStatus::None | DispatchStatus::Failed | DispatchStatus::Cancelled => {
            Ok(DispatchStatus::Queued)
        }
        DispatchStatus::Queued => Err(refuse("the task is already queued".into())),
        DispatchStatus::Running => Err(refuse("an agent is running this task".into())),
        DispatchStatus::Completed => Err(refuse(
            "its last run completed; send review feedback to run it again in its workspace (`anpm task followup`)".into(),
        )),
    }
}

/// Validates the id list of a batch edit: 1 to [`MAX_BATCH_IDS`] ids, no repeats.
pub fn check_batch_ids<T: Copy + Eq + std::hash::Hash + std::fmt::Display>(
    ids: &[T],
) -> Result<()> {
    if ids.is_empty() || ids.len() > MAX_BATCH_IDS {
        return Err(Error::invalid(
            "ids",
            format!("a batch edit names 1 to {MAX_BATCH_IDS} tasks; got {}", ids.len()),
        ));
    }
    let mut seen = std::collections::HashSet::new();
    if let Some(dup) = ids.iter().find(|id| !seen.insert(**id)) {
        return Err(Error::invalid("ids", format!("task `{dup}` is named twice")));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::DispatchStatus as D;
    use super::TaskStatus as S;
    use super::*;

    fn task_in(dispatch: D, role: Option<&str>) -> Task {
        let mut task = NewTask::new("Write the parser", None, None, None, None)
            .expect("valid")
            .into_task(ProjectId::new(), Timestamp::now());
        task.dispatch_status = dispatch;
        task.execution_role = role.map(str::to_owned);
        task
    }

    #[test]
    fn role_and_agent_change_on_any_task_an_agent_is_not_running() {
        let patch = TaskPatch { role: Some(Some("test-writer".into())), ..TaskPatch::default() };
        for dispatch in [D::None, D::Queued, D::Completed, D::Failed, D::Cancelled] {
            let current = task_in(dispatch, Some("backend-architect"));
            let next = patch.apply(&current, Timestamp::now()).expect("allowed");
            assert_eq!(next.execution_role.as_deref(), Some("test-writer"));
            let other_agent = Task { agent_profile_id: Some(AgentProfileId::new()), ..current.clone() };
            assert!(check_runner_change(&current, &other_agent).is_ok());
        }
        let running = task_in(D::Running, Some("backend-architect"));
        let err = patch.apply(&running, Timestamp::now());
        assert!(err.expect_err("refused").to_string().contains("cancel it before changing its role"));
        let other_agent = Task { agent_profile_id: Some(AgentProfileId::new()), ..running.clone() };
        assert!(check_runner_change(&running, &other_agent).is_err(), "nor its agent");
        // The same role and agent again is no change, so it is allowed even while running.
        let same = TaskPatch { role: Some(Some("backend-architect".into())), ..TaskPatch::default() };
        assert!(same.apply(&task_in(D::Running, Some("backend-architect")), Timestamp::now()).is_ok());
        assert!(!patch.is_batchable(), "role and agent are set one task at a time");
        assert!(!TaskPatch { agent: Some(None), ..TaskPatch::default() }.is_batchable());
    }

    #[test]
    fn a_queued_task_keeps_a_role() {
        let clear = TaskPatch { role: Some(None), ..TaskPatch::default() };
        let err = clear.apply(&task_in(D::Queued, Some("test-writer")), Timestamp::now()).expect_err("refused");
        assert_eq!(err.code(), crate::ErrorCode::InvalidTransition);
        assert!(err.to_string().contains("a queued task needs a role"));
        let next = clear.apply(&task_in(D::Failed, Some("test-writer")), Timestamp::now()).expect("allowed");
        assert_eq!(next.execution_role, None);
    }

    #[test]
    fn a_task_runs_when_it_has_a_role_and_no_attempt_is_pending() {
        for dispatch in [D::None, D::Failed, D::Cancelled] {
            assert_eq!(check_runnable(&task_in(dispatch, Some("test-writer"))).expect("runnable"), D::Queued);
        }
        let reason = |task: Task| check_runnable(&task).expect_err("refused").to_string();
        assert!(reason(task_in(D::None, None)).contains("has no role"));
        assert!(reason(task_in(D::Queued, Some("test-writer"))).contains("already queued"));
        assert!(reason(task_in(D::Running, Some("test-writer"))).contains("is running"));
        assert!(reason(task_in(D::Completed, Some("test-writer"))).contains("task followup"));
    }

    #[test]
    fn dispatch_pipeline_allows_exactly_its_steps() {
        let allowed = [
            (D::None, D::Queued),
            (D::Queued, D::Running),
            (D::Queued, D::Cancelled),
            (D::Queued, D::Failed),
            (D::Running, D::Completed),
            (D::Running, D::Failed),
            (D::Running, D::Cancelled),
            (D::Failed, D::Queued),
            (D::Cancelled, D::Queued),
        ];
        for from in D::ALL {
            for to in D::ALL {
                let result = from.transition(*to);
                if allowed.contains(&(*from, *to)) {
                    assert_eq!(result.expect("allowed"), *to, "{from}->{to}");
                } else {
                    let err = result.expect_err("refused");
                    assert_eq!(err.code(), crate::ErrorCode::InvalidTransition, "{from}->{to}");
                }
            }
        }
    }

    #[test]
    fn batch_ids_are_bounded_and_unique() {
        assert!(check_batch_ids::<u32>(&[]).is_err());
        assert!(check_batch_ids(&(0..101).collect::<Vec<u32>>()).is_err());
        assert!(check_batch_ids(&(0..100).collect::<Vec<u32>>()).is_ok());
        assert!(check_batch_ids(&[1u32, 2, 1])
            .expect_err("dup")
            .to_string()
            .contains("named twice"));
    }

    #[test]
    fn patch_validates_title_and_refuses_empty() {
        let task = NewTask::new("Write docs", None, None, Some(Priority::Urgent), None)
            .expect("valid")
            .into_task(ProjectId::new(), Timestamp::now());
        assert_eq!(task.priority, Priority::Urgent);
        let later = task.updated_at.plus_seconds(1);
        assert!(TaskPatch::default().apply(&task, later).is_err());
        assert!(TaskPatch { title: Some("".into()), ..Default::default() }
            .apply(&task, later)
            .is_err());
        let done = TaskPatch { status: Some(S::Done), ..Default::default() }
            .apply(&task, later)
            .expect("ok");
        assert_eq!(done.status, S::Done);
        assert_eq!(done.updated_at, later);
    }

    #[test]
    fn requeue_takes_only_failed_or_cancelled_dispatches() {
        use DispatchStatus::*;
        assert_eq!(Failed.requeued().expect("failed"), Queued);
        assert_eq!(Cancelled.requeued().expect("cancelled"), Queued);
        let never = None.requeued().expect_err("never dispatched");
        assert!(never.to_string().contains("never dispatched"), "{never}");
        for refused in [Queued, Running, Completed] {
            assert!(refused.requeued().is_err(), "{refused}");
        }
    }
}
