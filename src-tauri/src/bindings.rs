//! The TypeScript the webview is built against, generated from the Rust side: `ui/src/gen/types.ts` (every
//! type the webview sees, with ts-rs, and the value lists of the enumerations) and `ui/src/gen/commands.ts`
//! (a typed wrapper per command of the registry). `just gen-types` rewrites both; the `gen_types` test
//! fails when a committed file is stale, so CI catches a Rust change the UI was not regenerated for.

use anpm_core::api::*;
use ts_rs::{Config, TS};

use crate::ipc_error::IpcError;
use crate::terminal::TerminalChunk;

/// Where the generated files live, relative to the repository root.
pub const TYPES_PATH: &str = "ui/src/gen/types.ts";
pub const COMMANDS_PATH: &str = "ui/src/gen/commands.ts";

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
        ApplyOutcome, Dashboard, DayTrend, BacklogFocus, SettingView, SettingInput, AgentReadiness, ApiKeySource, AgentTest, AttemptLog, DispatchState, LeaseOwner,
        Role, RoleCategory, Activity, Phase, SuggestOutcome, RoleSuggestion, Alternative, ContextSummary,
        DroppedCounts, IntentMode, TaskScale, SourceOfTruth, TerminalChunk, Notice, NoticeKind, About, ProviderTest, DataKind,
        RawRequirement, RawRequirementPatch, RawBacklogFields, RawBacklogItem, RawBacklogItemPatch, RawBacklogFilter,
        RawTask, RawTaskPatch, RawTaskFilter, RawCandidatePatch, RawPlanningRun, RawAgentProfile,
        ProjectRemoval, ContextView, serde_json::Value, ErrorKind, FailureKind, RunnerId, DetectedAgent,
        WorkspaceMode, Permissions, ReviewStatus, MergeStrategy, WorkspaceSettings, TaskWorkspace, TaskDiff,
        FileDiff, FileChange, Hunk, DiffLine, LineKind, MergeOutcome, WorkspaceInfo, RunStart, RunStarted,
        Stage, StageCount, ProjectPulse, TaskSort, RawPage,
        DocumentId, DocumentLinkId, DocType, DocumentSource, LinkType, LinkOrigin, Document, DocumentLink,
        DocumentEntry, DocumentDetail, DocumentContent, DiscoveryReport, DriftSignalId, TriggerType,
        DriftStatus, Confidence, ChangeType, ChangedFile, TriggerMeta, Severity, DriftSignal, DriftSort,
        DriftOverview, SeverityCounts, SyncRunId, SyncStatus, SyncTrigger, SyncRun, SearchKind, SnippetPart,
        SearchHit, SearchResults, NotificationId, NotificationKind, NotificationLevel, Notification,
        KnowledgeSummary, AgentRunRef, DocumentRef, DriftSignalRef, SyncRunRef, RelatedFileRef,
        DependencyState, TaskDependency, TaskDependencies, PlanQueued, SkippedTask, PlanStep,
        ItemDependencies, ItemDependency,
        UsageGroup, UsageRow, UsageReport, ExportReport, ImportReport,
    );
    let mut text = String::from(
        "// Generated from the Rust types by `just gen-types` (src-tauri/src/bindings.rs). Do not edit.\n\
         // One file on purpose: it is the whole IPC surface, compared byte for byte by `just check`.\n",
    );
    for declaration in declarations {
        text.push('\n');
        text.push_str(&declaration);
        text.push('\n');
    }
    // The value lists of the enumerations the UI offers as choices, so no component re-types them.
    let lists: [(&str, &[&str]); 23] = [
        ("DOC_TYPES", DocType::NAMES),
        ("DRIFT_STATUSES", DriftStatus::NAMES),
        ("SEARCH_KINDS", SearchKind::NAMES),
        ("PRIORITIES", Priority::NAMES),
        ("TASK_STATUSES", TaskStatus::NAMES),
        ("DISPATCH_STATUSES", DispatchStatus::NAMES),
        ("STAGES", Stage::NAMES),
        ("TASK_SORTS", TaskSort::NAMES),
        ("BACKLOG_ITEM_STATUSES", BacklogItemStatus::NAMES),
        ("BACKLOG_SORTS", BacklogSort::NAMES),
        ("REQUIREMENT_STATUSES", RequirementStatus::NAMES),
        ("CANDIDATE_STATUSES", CandidateStatus::NAMES),
        ("FEEDBACK_KINDS", FeedbackKind::NAMES),
        ("PROVIDER_KINDS", ProviderKind::NAMES),
        ("PLANNING_TEMPLATES", PlanningTemplate::NAMES),
        ("AGENT_KINDS", AgentKind::NAMES),
        ("OUTPUT_FORMATS", OutputFormat::NAMES),
        ("ERROR_KINDS", ErrorKind::NAMES),
        ("FAILURE_KINDS", FailureKind::NAMES),
        ("MERGE_STRATEGIES", MergeStrategy::NAMES),
        ("REVIEW_STATUSES", ReviewStatus::NAMES),
        ("WORKSPACE_MODES", WorkspaceMode::NAMES),
        ("PERMISSIONS", Permissions::NAMES),
    ];
    for (name, values) in lists {
        let quoted: Vec<String> = values.iter().map(|v| format!("\"{v}\"")).collect();
        text.push_str(&format!("\nexport const {name} = [{}] as const;\n", quoted.join(", ")));
    }
    text
}

/// The full text of `ui/src/gen/commands.ts`: one typed wrapper per command of the registry, built on a
/// `call` function that `ui/src/ipc/` supplies (the only importer of `@tauri-apps/api`).
pub fn commands_typescript() -> String {
    let cfg = Config::new().with_large_int("number");
    let specs = crate::commands::specs(&cfg);
    let declared = typescript();
    let mut used = std::collections::BTreeSet::new();
    let mut body = String::new();
    for spec in &specs {
        let mut params = Vec::new();
        let mut keys = Vec::new();
        // Trailing arguments that may be null may also be left out.
        let optional_from = spec
            .args
            .iter()
            .rposition(|(_, ty)| !ty.ends_with("| null"))
            .map_or(0, |last_required| last_required + 1);
        for (i, (name, ty)) in spec.args.iter().enumerate() {
            let js = camel(name);
            let mark = if i >= optional_from { "?" } else { "" };
            params.push(format!("{js}{mark}: {ty}"));
            keys.push(js);
            collect_names(ty, &declared, &mut used);
        }
        collect_names(&spec.answer, &declared, &mut used);
        for line in spec.doc.lines().map(str::trim).filter(|l| !l.is_empty()) {
            body.push_str(&format!("    /** {line} */\n"));
        }
        let args =
            if keys.is_empty() { String::new() } else { format!(", {{ {} }}", keys.join(", ")) };
        let answer = if spec.answer == "null" { "void".to_owned() } else { spec.answer.clone() };
        body.push_str(&format!(
            "    {}: ({}) => call<{answer}>(\"{}\"{args}),\n",
            camel(spec.name),
            params.join(", "),
            spec.name,
        ));
    }
    let imports: Vec<&str> = used.iter().map(String::as_str).collect();
    format!(
        "// Generated from src-tauri/src/registry.rs by `just gen-types` (src-tauri/src/bindings.rs). Do not edit.\n\n\
         import type {{ {} }} from \"./types\";\n\n\
         /** Sends one command to the core and resolves with its answer (supplied by `ipc/`). */\n\
         export type Call = <T>(command: string, args?: Record<string, unknown>) => Promise<T>;\n\n\
         /** A typed wrapper for every command of the registry. */\n\
         export function commands(call: Call) {{\n  return {{\n{body}  }};\n}}\n",
        imports.join(", ")
    )
}

/// `snake_case` → `camelCase`, as Tauri names command arguments on the JavaScript side.
fn camel(snake: &str) -> String {
    let mut out = String::new();
    let mut upper = false;
    for c in snake.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// Adds the declared type names that `ty` mentions to `used`.
fn collect_names(ty: &str, declared: &str, used: &mut std::collections::BTreeSet<String>) {
    for word in ty.split(|c: char| !c.is_ascii_alphanumeric() && c != '_') {
        let is_type = word.chars().next().is_some_and(|c| c.is_ascii_uppercase())
            && word != "Array"
            && word != "Record";
        if is_type
            && (declared.contains(&format!("export type {word} "))
                || declared.contains(&format!("export type {word}<")))
        {
            used.insert(word.to_owned());
        }
    }
}
