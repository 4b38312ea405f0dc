//! The task lifecycle: the one place that says where a task stands, derived from the three facts the
//! store keeps about it — the operator's status, the dispatch pipeline and the review of the agent's work.
//!
//! The path is todo → queued → running → in review → done, with failed, cancelled and blocked off it.
//! Nothing stores a stage by hand: a finished run moves the task because its dispatch and review facts
//! moved, so the board and the CLI can never disagree. The store keeps the same derivation as a generated
//! column ([`Stage::SQL`]) so a board column is one indexed query; a test holds the two equal over every
//! combination. Operator status changes that would contradict the stage are refused here, with a reason.

use super::macros::string_enum;
use super::{DispatchStatus, ReviewStatus, Task, TaskStatus};
use crate::{Error, Result};

string_enum! {
    /// Where a task stands in its lifecycle; the board's columns.
    Stage as "stage" {
        /// Open work nobody is running.
        Todo = "todo",
        /// Waiting for a dispatch slot.
        Queued = "queued",
        /// An agent is working on it.
        Running = "running",
        /// An agent finished; the operator decides on its work.
        InReview = "in_review",
        /// Finished: marked done, or its work merged.
        Done = "done",
        /// The last agent run failed.
        Failed = "failed",
        /// Cancelled by the operator, its run stopped, or its work discarded.
        Cancelled = "cancelled",
        /// The merge of its work stopped on conflicts.
        Blocked = "blocked",
    }
}

impl Stage {
    /// Derives the stage. A live dispatch wins (the agent is what is happening now); then the operator's
    /// closing word; then the outcome of the last run and its review.
    pub fn of(status: TaskStatus, dispatch: DispatchStatus, review: ReviewStatus) -> Self {
        match (dispatch, status, review) {
            (DispatchStatus::Running, ..) => Self::Running,
            (DispatchStatus::Queued, ..) => Self::Queued,
            (_, TaskStatus::Done, _) | (_, _, ReviewStatus::Merged) => Self::Done,
            (_, TaskStatus::Cancelled, _) | (_, _, ReviewStatus::Discarded) => Self::Cancelled,
            (_, _, ReviewStatus::Conflict) => Self::Blocked,
            (_, _, ReviewStatus::InReview) | (DispatchStatus::Completed, ..) => Self::InReview,
            (DispatchStatus::Failed, ..) => Self::Failed,
            (DispatchStatus::Cancelled, ..) => Self::Cancelled,
            (DispatchStatus::None, ..) => Self::Todo,
        }
    }

    /// The stage of a stored task.
    pub fn of_task(task: &Task) -> Self {
        Self::of(task.status, task.dispatch_status, task.review_status)
    }

    /// [`Stage::of`] as an SQL expression over the `tasks` columns, for the store's generated `stage`
    /// column. Kept next to the function it mirrors; `store` tests compare the two on every combination.
    pub const SQL: &'static str = "CASE \
        WHEN dispatch_status = 'running' THEN 'running' \
        WHEN dispatch_status = 'queued' THEN 'queued' \
        WHEN status = 'done' OR review_status = 'merged' THEN 'done' \
        WHEN status = 'cancelled' OR review_status = 'discarded' THEN 'cancelled' \
        WHEN review_status = 'conflict' THEN 'blocked' \
        WHEN review_status = 'in_review' OR dispatch_status = 'completed' THEN 'in_review' \
        WHEN dispatch_status = 'failed' THEN 'failed' \
        WHEN dispatch_status = 'cancelled' THEN 'cancelled' \
        ELSE 'todo' END";

    /// The operator status that matches a stage the dispatch pipeline moved a task into, when the
    /// current one contradicts it: a claimed task is in progress, merged work is done.
    pub fn settled_status(self, current: TaskStatus) -> TaskStatus {
        match (self, current) {
            (Self::Running | Self::Queued | Self::InReview, TaskStatus::Todo) => TaskStatus::InProgress,
            (Self::Done, _) => TaskStatus::Done,
            (_, status) => status,
        }
    }
}

/// Decides an operator-requested status change against the task's stage. Moving between open statuses
/// is free; closing a task is refused while its stage says the work is not over: an agent holds it, the
/// queue holds it, its last run failed, or its agent's changes wait for a merge decision.
pub fn check_status_move(task: &Task, to: TaskStatus) -> Result<TaskStatus> {
    if task.status == to || !matches!(to, TaskStatus::Done | TaskStatus::Cancelled) {
        return Ok(to);
    }
    let stage = Stage::of_task(task);
    let reason = match (stage, to) {
        (Stage::Running, _) => "an agent is running this task; cancel the run first",
        (Stage::Queued, _) => "the task is queued for an agent; cancel the queued run first",
        (Stage::Failed, TaskStatus::Done) => {
            "its last agent run failed; run it again, or mark it cancelled"
        }
        (Stage::InReview, _) if task.review_status.is_open() => {
            "the agent's changes wait for review; merge or discard them first"
        }
        (Stage::Blocked, _) => "merging its changes hit conflicts; resolve them by merging again, or discard them",
        _ => return Ok(to),
    };
    Err(Error::Transition {
        entity: "task",
        from: stage.to_string(),
        to: to.to_string(),
        reason: reason.into(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{NewTask, ProjectId, Timestamp};

    fn task(status: TaskStatus, dispatch: DispatchStatus, review: ReviewStatus) -> Task {
        let mut task = NewTask::new("Ship the board", None, None, None, None)
            .expect("valid")
            .into_task(ProjectId::new(), Timestamp::now());
        task.status = status;
        task.dispatch_status = dispatch;
        task.review_status = review;
        task
    }

    #[test]
    fn the_main_path_moves_with_the_pipeline() {
        use DispatchStatus as D;
        use ReviewStatus as R;
        use TaskStatus as S;
        assert_eq!(Stage::of(S::Todo, D::None, R::None), Stage::Todo);
        assert_eq!(Stage::of(S::Todo, D::Queued, R::None), Stage::Queued);
        assert_eq!(Stage::of(S::InProgress, D::Running, R::None), Stage::Running);
        // A completed run moves the task to review by itself, with or without a branch of changes.
        assert_eq!(Stage::of(S::InProgress, D::Completed, R::InReview), Stage::InReview);
        assert_eq!(Stage::of(S::InProgress, D::Completed, R::None), Stage::InReview);
        assert_eq!(Stage::of(S::InProgress, D::Completed, R::Merged), Stage::Done);
        assert_eq!(Stage::of(S::Done, D::Completed, R::None), Stage::Done);
    }

    #[test]
    fn the_side_stages() {
        use DispatchStatus as D;
        use ReviewStatus as R;
        use TaskStatus as S;
        assert_eq!(Stage::of(S::InProgress, D::Failed, R::None), Stage::Failed);
        assert_eq!(Stage::of(S::InProgress, D::Cancelled, R::None), Stage::Cancelled);
        assert_eq!(Stage::of(S::Cancelled, D::None, R::None), Stage::Cancelled);
        assert_eq!(Stage::of(S::InProgress, D::Completed, R::Discarded), Stage::Cancelled);
        assert_eq!(Stage::of(S::InProgress, D::Completed, R::Conflict), Stage::Blocked);
        // Follow-up feedback queues reviewed work again: the live dispatch wins over the review.
        assert_eq!(Stage::of(S::InProgress, D::Queued, R::InReview), Stage::Queued);
    }

    #[test]
    fn every_combination_has_exactly_one_stage() {
        for status in TaskStatus::ALL {
            for dispatch in DispatchStatus::ALL {
                for review in ReviewStatus::ALL {
                    let stage = Stage::of(*status, *dispatch, *review);
                    assert!(Stage::ALL.contains(&stage));
                }
            }
        }
    }

    #[test]
    fn the_pipeline_settles_the_operator_status() {
        assert_eq!(Stage::Running.settled_status(TaskStatus::Todo), TaskStatus::InProgress);
        assert_eq!(Stage::InReview.settled_status(TaskStatus::Todo), TaskStatus::InProgress);
        assert_eq!(Stage::Done.settled_status(TaskStatus::InProgress), TaskStatus::Done);
        assert_eq!(Stage::Failed.settled_status(TaskStatus::InProgress), TaskStatus::InProgress);
        assert_eq!(Stage::Todo.settled_status(TaskStatus::Todo), TaskStatus::Todo);
    }

    #[test]
    fn contradictions_are_refused_with_a_reason() {
        use DispatchStatus as D;
        use ReviewStatus as R;
        use TaskStatus as S;
        let refused = [
            (task(S::InProgress, D::Running, R::None), S::Done, "cancel the run"),
            (task(S::InProgress, D::Running, R::None), S::Cancelled, "cancel the run"),
            (task(S::Todo, D::Queued, R::None), S::Done, "queued"),
            (task(S::InProgress, D::Failed, R::None), S::Done, "failed"),
            (task(S::InProgress, D::Completed, R::InReview), S::Done, "merge or discard"),
            (task(S::InProgress, D::Completed, R::InReview), S::Cancelled, "merge or discard"),
            (task(S::InProgress, D::Completed, R::Conflict), S::Done, "conflicts"),
        ];
        for (task, to, why) in refused {
            let err = check_status_move(&task, to).expect_err("a contradiction");
            assert!(err.to_string().contains(why), "{to} from {}: {err}", Stage::of_task(&task));
        }
    }

    #[test]
    fn moves_that_make_sense_are_free() {
        use DispatchStatus as D;
        use ReviewStatus as R;
        use TaskStatus as S;
        let allowed = [
            (task(S::Todo, D::None, R::None), S::Done),
            (task(S::Todo, D::None, R::None), S::InProgress),
            (task(S::InProgress, D::Failed, R::None), S::Cancelled),
            (task(S::InProgress, D::Failed, R::None), S::Todo),
            // In-place work (nothing to merge) is accepted by marking it done.
            (task(S::InProgress, D::Completed, R::None), S::Done),
            (task(S::Done, D::None, R::None), S::Todo),
            (task(S::InProgress, D::Running, R::None), S::InProgress),
        ];
        for (task, to) in allowed {
            assert_eq!(check_status_move(&task, to).expect("allowed"), to);
        }
    }
}
