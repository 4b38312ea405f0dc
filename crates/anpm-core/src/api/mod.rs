//! The public surface of anpm-core: [`Core`] with its area handles, and every type a shell (the CLI, the
//! Tauri shell, later MCP) may name. Nothing here has logic of its own; it only re-exports. Shells import
//! from here and never from the rooms behind it (`tests/boundaries.rs` checks that), so the rooms can
//! change shape without a shell noticing.

pub use crate::activity::frame::Frames;
pub use crate::activity::{Activity, Phase};
pub use crate::app::{
    About, ActivityFeed, AgentPatch, AgentTest, Agents, ApiKeySource, ApplyOutcome, AttemptLog,
    Backlog, BacklogFocus, CandidateDetail, Candidates, CommitOutcome, ContextView, Dashboard,
    DayTrend, Dispatch, KnowledgeSummary, Notice, NoticeKind, Notices, Planning, PlanningRunDetail,
    ProjectPulse, ProjectRemoval, Projects, ProviderTest, Requirements, RunStart, RunStarted,
    SettingView, Settings, StageCount, TaskDetail, Tasks,
};
pub use crate::app::{AgentReadiness, DetectedAgent};
pub use crate::app::{Archive, Audit, ExportReport, ImportReport, ARCHIVE_KIND, FORMAT_VERSION};
pub use crate::app::{
    Dependencies, ItemDependencies, ItemDependency, PlanQueued, PlanStep, SkippedTask,
    TaskDependencies, Usage,
};
pub use crate::app::{
    DiscoveryReport, DocumentContent, DocumentDetail, DocumentEntry, Documents, Drift,
    DriftOverview, Notifications, Search, SearchResults, SyncRuns,
};
pub use crate::app::{
    MergeOutcome, OrphanFolder, PruneItem, PruneReport, Review, TaskDiff, WorkspaceEntry,
    WorkspaceInfo, WorkspaceList, WorkspacePatch, Workspaces,
};
pub use crate::dispatch::lease::LeaseOwner;
/// The live-output hub, for the shells' own tests of their terminals (never built by a shell).
#[cfg(feature = "testing")]
pub use crate::dispatch::live::LiveOutput;
pub use crate::dispatch::live::{Frame, LiveChunk, TextStream, Watch, FRAME_BYTES};
pub use crate::dispatch::roles::{Role, RoleCategory};
pub use crate::dispatch::scheduler::DispatchState;
pub use crate::domain::*;
pub use crate::planning::context::{
    AgentRunRef, ContextSummary, DocumentRef, DriftSignalRef, DroppedCounts, IntentMode,
    RelatedFileRef, SourceOfTruth, SyncRunRef,
};
pub use crate::planning::router::{Alternative, RoleSuggestion, SuggestOutcome};
pub use crate::planning::scale::TaskScale;
pub use crate::repo::diff::{DiffLine, FileChange, FileDiff, Hunk, LineKind};
pub use crate::store::{
    BacklogFilter, CandidateFilter, ChangeWatch, DataKind, PlanningRunFilter, ProjectFootprint,
    RequirementFilter, SeverityCounts, TaskFilter,
};
pub use crate::{Config, Core, Error, ErrorCode, Result};

/// anpm's own log files: installing the subscriber (once per process, by the shell) and reading them back.
pub mod logs {
    pub use crate::logs::{dir, files, follow, init, read, KEEP_FILES, LEVEL_VAR, MAX_DAY_BYTES};
}
