//! A sync run: one scan of a project's git history since the previous scan, and what it found (commits,
//! changed files, drift signals raised). Failed runs keep the message, which may carry a repair hint.

use serde::Serialize;
use ts_rs::TS;

use super::macros::{id_type, string_enum};
use super::{ProjectId, Timestamp};

id_type!(
    /// Identifies a [`SyncRun`].
    SyncRunId,
    "sync run"
);

string_enum! {
    /// Where a sync run is.
    SyncStatus as "sync status" {
        Running = "running",
        Completed = "completed",
        Failed = "failed",
    }
}

string_enum! {
    /// What started a sync run.
    SyncTrigger as "sync trigger" {
        /// `anpm sync run` or the window's button.
        Manual = "manual",
        /// The desktop app starting.
        Startup = "startup",
        /// The repository's HEAD or refs moved.
        Watch = "watch",
    }
}

/// A stored sync run.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct SyncRun {
    pub id: SyncRunId,
    pub project_id: ProjectId,
    pub status: SyncStatus,
    pub triggered_by: SyncTrigger,
    /// The branch scanned ('' until resolved).
    pub branch: String,
    pub commits_scanned: i64,
    /// Distinct changed paths in the window, noisy ones included (spec).
    pub files_changed: i64,
    pub signals_created: i64,
    pub error_message: String,
    /// When the configured branch is missing: the repository's detected default, to apply and sync again.
    pub detected_branch: String,
    pub started_at: Timestamp,
    pub completed_at: Option<Timestamp>,
}
