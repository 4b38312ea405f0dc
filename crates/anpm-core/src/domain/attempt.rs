//! A dispatch attempt: one run of a task through an agent CLI, kept even after the task is requeued.

use serde::Serialize;
use ts_rs::TS;

use super::macros::{id_type, string_enum};
use super::{AgentProfileId, TaskId, Timestamp};

id_type!(
    /// Identifies a [`DispatchAttempt`].
    DispatchAttemptId,
    "dispatch attempt"
);

string_enum! {
    /// How an attempt ended.
    AttemptOutcome as "attempt outcome" {
        Running = "running",
        Completed = "completed",
        Failed = "failed",
        Cancelled = "cancelled",
        /// The process running the dispatch loop died mid-attempt.
        Interrupted = "interrupted",
    }
}

/// One stored attempt.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct DispatchAttempt {
    pub id: DispatchAttemptId,
    pub task_id: TaskId,
    pub attempt_no: i64,
    pub agent_profile_id: Option<AgentProfileId>,
    pub agent_name: String,
    pub role: String,
    pub started_at: Timestamp,
    pub ended_at: Option<Timestamp>,
    pub pid: Option<i64>,
    pub pgid: Option<i64>,
    pub exit_code: Option<i64>,
    pub signal: Option<i64>,
    pub outcome: AttemptOutcome,
    pub error_kind: Option<super::ErrorKind>,
    pub error_message: String,
    pub output_bytes: i64,
    pub truncated: bool,
    pub cost_usd: Option<f64>,
    pub input_tokens: Option<i64>,
    pub output_tokens: Option<i64>,
    pub session_id: Option<String>,
    /// Where the attempt's full captured output was written.
    pub log_path: Option<String>,
    /// Kernel start time of the agent's group leader (to recognise it after a crash).
    pub process_start_ticks: Option<i64>,
    /// Files written into the repository by this attempt.
    pub files_applied: i64,
}

impl DispatchAttempt {
    /// Attempt `attempt_no` of a task as it starts: running, nothing measured yet.
    pub fn starting(task_id: TaskId, attempt_no: i64, role: &str, started_at: Timestamp) -> Self {
        Self {
            id: DispatchAttemptId::new(),
            task_id,
            attempt_no,
            agent_profile_id: None,
            agent_name: String::new(),
            role: role.to_owned(),
            started_at,
            ended_at: None,
            pid: None,
            pgid: None,
            exit_code: None,
            signal: None,
            outcome: AttemptOutcome::Running,
            error_kind: None,
            error_message: String::new(),
            output_bytes: 0,
            truncated: false,
            cost_usd: None,
            input_tokens: None,
            output_tokens: None,
            session_id: None,
            log_path: None,
            process_start_ticks: None,
            files_applied: 0,
        }
    }

    /// This attempt ended at `now` by something other than its own run (recovery, a failure inside anpm).
    pub fn ended_by(&self, outcome: AttemptOutcome, kind: super::ErrorKind, message: &str, now: Timestamp) -> Self {
        Self {
            outcome,
            ended_at: Some(now),
            error_kind: Some(kind),
            error_message: message.to_owned(),
            ..self.clone()
        }
    }
}
