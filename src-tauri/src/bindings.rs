//! The TypeScript declarations of every type the webview sees, generated from the Rust types with ts-rs
//! into one file, `ui/src/gen/types.ts`. `just gen-types` rewrites it; the `gen_types` test fails when the
//! committed file is stale, so CI catches a Rust change the UI was not regenerated for.

use anpm_core::activity::{Activity, Phase};
use anpm_core::app::{
    About, AgentTest, ApiKeySource, ApplyOutcome, AttemptLog, BacklogFocus, CandidateDetail,
    CommitOutcome, Dashboard, DayTrend, Notice, NoticeKind, PlanningRunDetail, ProviderTest,
    SettingView, TaskDetail,
};
use anpm_core::dispatch::roles::{Role, RoleCategory};
use anpm_core::dispatch::router::{Alternative, RoleSuggestion, SuggestOutcome};
use anpm_core::dispatch::scheduler::DispatchState;
use anpm_core::domain::*;
use anpm_core::planning::context::{ContextSummary, DroppedCounts, IntentMode, SourceOfTruth};
use anpm_core::planning::scale::TaskScale;
use anpm_core::store::{DataKind, ProjectFootprint};
use anpm_core::ErrorCode;
use ts_rs::{Config, TS};

use crate::ipc_error::IpcError;
use crate::terminal::TerminalChunk;

/// Where the generated file lives, relative to the repository root.
pub const TYPES_PATH: &str = "ui/src/gen/types.ts";

macro_rules! declarations {
    ($cfg:expr; $($ty:ty),+ $(,)?) => {
        vec![$(format!("export {}", <$ty as TS>::decl($cfg))),+]
    };
}

/// The full text of `ui/src/gen/types.ts`.
pub fn typescript() -> String {
    // i64 values are counts, ranks and token numbers far below 2^53; the JSON carries plain numbers.
    let cfg = Config::new().with_large_int("number");
    let declarations = declarations!(&cfg;
        ErrorCode, IpcError,
        ProjectId, RequirementId, PlanningRunId, ContextSnapshotId, BacklogCandidateId, BacklogItemId, TaskId,
        TaskLineageId, AuditEntryId, DispatchAttemptId, AgentProfileId, Timestamp,
        Priority, RequirementStatus, PlanningRunStatus, PlanningTemplate, CandidateStatus, BacklogItemStatus,
        BacklogItemSource, BacklogSort, TaskStatus, DispatchStatus, LineageKind, AuditSubject, ActorKind,
        AttemptOutcome, AgentKind, OutputFormat,
        Project, ProjectFootprint, Requirement, PlanningRun, ContextSnapshot, BacklogCandidate, BacklogItem,
        Task, TaskLineage, TaskDetail, CommitOutcome, AuditEntry, DispatchAttempt, AgentProfile, Setting,
        ActivitySnapshot, ProviderKind, FeedbackKind, QualitySummary, PlanningRunDetail, CandidateDetail,
        ApplyOutcome, Dashboard, DayTrend, BacklogFocus, SettingView, ApiKeySource, AgentTest, AttemptLog, DispatchState,
        Role, RoleCategory, Activity, Phase, SuggestOutcome, RoleSuggestion, Alternative, ContextSummary,
        DroppedCounts, IntentMode, TaskScale, SourceOfTruth, TerminalChunk, Notice, NoticeKind, About, ProviderTest, DataKind,
    );
    let mut text = String::from(
        "// Generated from the Rust types by `just gen-types` (src-tauri/src/bindings.rs). Do not edit.\n",
    );
    for declaration in declarations {
        text.push('\n');
        text.push_str(&declaration);
        text.push('\n');
    }
    text
}
