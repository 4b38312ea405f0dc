//! The domain: what anpm talks about, with no I/O of any kind.
//!
//! Each entity lives in its own file with its enumerations, its validated "new" and "patch" inputs, and the
//! pure functions that decide its state transitions. The store persists these types; the app composes store
//! calls around these decisions; the CLI and the desktop shell only render them.

pub(crate) mod macros;

mod agent;
mod agent_input;
mod attempt;
mod audit;
mod backlog_item;
mod candidate;
mod dependency;
mod document;
mod drift;
mod env;
mod failure;
mod filter;
mod input;
mod lineage;
mod notification;
mod page;
mod planning_run;
mod priority;
mod project;
mod requirement;
mod runner;
mod search;
mod setting;
mod stage;
mod sync_run;
mod task;
mod text;
mod time;
mod usage;
mod workspace;

pub use agent::{AgentHold, AgentKind, AgentProfile, AgentProfileId, OutputFormat};
pub use agent_input::NewAgentProfile;
pub use attempt::{AttemptOutcome, DispatchAttempt, DispatchAttemptId};
pub use audit::{ActorKind, AuditEntry, AuditEntryId, AuditSubject};
pub use backlog_item::{
    BacklogItem, BacklogItemId, BacklogItemPatch, BacklogItemSource, BacklogItemStatus,
    BacklogSort, CommitDecision, NewBacklogItem,
};
pub use candidate::{
    BacklogCandidate, BacklogCandidateId, CandidatePatch, CandidateStatus, FeedbackKind,
    QualitySummary,
};
pub use dependency::{check_new_edge, dependency_order, is_met, DependencyState, TaskDependency};
pub use document::{
    language_of, DocType, Document, DocumentId, DocumentLink, DocumentLinkId, DocumentPatch,
    DocumentSource, LinkOrigin, LinkType, NewDocument, RepoPath,
};
pub use drift::{
    ChangeType, ChangedFile, Confidence, DriftSignal, DriftSignalId, DriftSort, DriftStatus, Severity,
    TriggerMeta, TriggerType,
};
pub use env::Env;
pub use usage::{UsageGroup, UsageReport, UsageRow, USAGE_ROWS};
pub use failure::{ErrorKind, FailureKind};
pub use filter::{BacklogFilter, TaskFilter, TaskSort};
pub use input::{
    RawAgentProfile, RawBacklogFields, RawBacklogFilter, RawBacklogItem, RawBacklogItemPatch,
    RawCandidatePatch, RawPlanningRun, RawRequirement, RawPage, RawRequirementPatch, RawTask, RawTaskFields, RawTaskFilter,
    RawTaskPatch,
};
pub use notification::{
    Notification, NotificationId, NotificationKind, NotificationLevel, NOTIFICATION_BODY_MAX,
};
pub use lineage::{LineageKind, TaskLineage, TaskLineageId};
pub use planning_run::{
    ContextSnapshot, ContextSnapshotId, PlanningRun, PlanningRunId, PlanningRunStatus,
    PlanningTemplate, ProviderKind,
};
pub use page::{Page, DEFAULT_PAGE_LIMIT, MAX_PAGE_LIMIT};
pub use priority::Priority;
pub use sync_run::{SyncRun, SyncRunId, SyncStatus, SyncTrigger};
pub use stage::{check_status_move, Stage};
pub use project::{NewProject, Project, ProjectId};
pub use workspace::{
    check_branch_name, check_copy_glob, MergeStrategy, Permissions, ReviewStatus, TaskWorkspace, WorkspaceMode,
    WorkspaceSettings,
};
pub use requirement::{
    check_delete as check_requirement_delete, NewRequirement, Requirement, RequirementId,
    RequirementPatch, RequirementStatus,
};
pub use runner::RunnerId;
pub use search::{SearchHit, SearchKind, SearchQuery, SnippetPart, SEARCH_LIMIT_PER_KIND};
pub use setting::{
    parse_bytes, parse_seconds, parse_usd, validate_base_url, ActivitySnapshot, AgentScope, Setting, SettingKey,
    SettingInput, SettingSpec, SettingType, MAX_TIMEOUT_SECONDS, SETTINGS,
};
pub use task::{
    check_batch_ids, check_runnable, check_runner_change, DispatchStatus, NewTask, Task, TaskId, TaskPatch,
    TaskStatus, MAX_BATCH_IDS,
};
pub use text::{normalize_labels, normalize_title, required_text};
pub use time::Timestamp;
