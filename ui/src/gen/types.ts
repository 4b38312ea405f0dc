// Generated from the Rust types by `just gen-types` (src-tauri/src/bindings.rs). Do not edit.
// One file on purpose: it is the whole IPC surface, compared byte for byte by `just check`.

export type ErrorCode = "not_found" | "invalid_input" | "invalid_transition" | "conflict" | "not_a_git_repo" | "path_not_found" | "storage" | "io" | "usage" | "working_tree_dirty";

export type IpcError = { code: ErrorCode, message: string, };

export type ProjectId = string;

export type RequirementId = string;

export type PlanningRunId = string;

export type ContextSnapshotId = string;

export type BacklogCandidateId = string;

export type BacklogItemId = string;

export type TaskId = string;

export type TaskLineageId = string;

export type AuditEntryId = string;

export type DispatchAttemptId = string;

export type AgentProfileId = string;

export type Timestamp = string;

export type Priority = "low" | "medium" | "high" | "urgent";

export type RequirementStatus = "draft" | "planned" | "archived";

export type PlanningRunStatus = "queued" | "running" | "completed" | "failed" | "cancelled";

export type PlanningTemplate = "backlog" | "whatsnext";

export type CandidateStatus = "draft" | "approved" | "rejected" | "applied";

export type BacklogItemStatus = "triage" | "ready" | "blocked" | "committed" | "archived";

export type BacklogItemSource = "human" | "planning_run" | "backlog_candidate" | "agent";

export type BacklogSort = "rank" | "priority" | "updated" | "created";

export type TaskStatus = "todo" | "in_progress" | "done" | "cancelled";

export type DispatchStatus = "none" | "queued" | "running" | "completed" | "failed" | "cancelled";

export type LineageKind = "applied_candidate" | "manual_requirement" | "merged_requirement" | "backlog_item";

export type AuditSubject = "backlog_candidate" | "task" | "planning_run" | "backlog_item";

export type ActorKind = "user" | "router" | "system" | "agent";

export type AttemptOutcome = "running" | "completed" | "failed" | "cancelled" | "interrupted";

export type AgentKind = "claude" | "codex" | "gemini" | "opencode" | "custom";

export type OutputFormat = "claude-stream-json" | "codex-json" | "gemini-stream-json" | "opencode-json" | "text";

export type Project = { id: ProjectId, name: string, 
/**
 * Canonical absolute path of the git work tree's root.
 */
repo_path: string, 
/**
 * The branch work is based on; empty when it could not be detected.
 */
default_branch: string, description: string, 
/**
 * Where its agents work: a worktree per task (the default) or the checkout itself.
 */
workspace: WorkspaceSettings, created_at: Timestamp, updated_at: Timestamp, };

export type ProjectFootprint = { requirements: number, backlog_items: number, tasks: number, planning_runs: number, };

export type Requirement = { id: RequirementId, project_id: ProjectId, title: string, summary: string, description: string, audience: string, success_criteria: string, status: RequirementStatus, 
/**
 * Who wrote it: `human`, or `analysis` for the requirement behind a "What's next" run.
 */
source: string, created_at: Timestamp, updated_at: Timestamp, };

export type PlanningRun = { id: PlanningRunId, project_id: ProjectId, requirement_id: RequirementId, status: PlanningRunStatus, trigger_source: string, provider_id: string, model_id: string, template: PlanningTemplate, context_pack_id: string, error_kind: FailureKind | null, error_message: string, started_at: Timestamp | null, completed_at: Timestamp | null, created_at: Timestamp, updated_at: Timestamp, };

export type ContextSnapshot = { id: ContextSnapshotId, planning_run_id: PlanningRunId, pack_id: string, schema_version: string, snapshot: unknown, sources_bytes: number, dropped_counts: Record<string, number>, created_at: Timestamp, };

export type BacklogCandidate = { id: BacklogCandidateId, project_id: ProjectId, requirement_id: RequirementId, planning_run_id: PlanningRunId, parent_candidate_id: BacklogCandidateId | null, suggestion_type: string, title: string, description: string, status: CandidateStatus, rationale: string, validation_criteria: string, po_decision: string, priority_score: number, confidence: number, rank: number, evidence: Array<string>, evidence_detail: unknown, duplicate_titles: Array<string>, execution_role: string | null, feedback_kind: string, feedback_note: string, created_at: Timestamp, updated_at: Timestamp, };

export type BacklogItem = { id: BacklogItemId, project_id: ProjectId, requirement_id: RequirementId | null, planning_run_id: PlanningRunId | null, backlog_candidate_id: BacklogCandidateId | null, 
/**
 * The task this item was committed to, once committed.
 */
task_id: TaskId | null, title: string, description: string, status: BacklogItemStatus, priority: Priority, source: BacklogItemSource, rank: number, labels: Array<string>, acceptance_criteria: string, blocked_reason: string, created_at: Timestamp, updated_at: Timestamp, };

export type Task = { id: TaskId, project_id: ProjectId, title: string, description: string, status: TaskStatus, priority: Priority, assignee: string, 
/**
 * Where the task came from: `human`, `backlog:<item id>`, `candidate:<candidate id>`…
 */
source: string, 
/**
 * The catalog role an agent runs this task as, when dispatched.
 */
execution_role: string | null, 
/**
 * The agent profile chosen for this task; `None` uses the default resolution.
 */
agent_profile_id: AgentProfileId | null, dispatch_status: DispatchStatus, dispatch_queued_at: Timestamp | null, 
/**
 * Set when the operator asked to cancel the running dispatch from another process.
 */
cancel_requested_at: Timestamp | null, 
/**
 * A queued task that hit its agent's usage limit starts again no earlier than this (the reset the
 * agent named, else a backoff); `None`: no wait.
 */
retry_at: Timestamp | null, 
/**
 * Where the agent's work stands with the operator (worktree mode).
 */
review_status: ReviewStatus, 
/**
 * Where the task stands overall, derived from the three statuses ([`Stage::of`]); never set by hand.
 */
stage: Stage, 
/**
 * Review feedback waiting for the next attempt (`task followup`).
 */
followup: string | null, 
/**
 * The agent's validated result, or the failure, of the latest dispatch.
 */
execution_result: unknown, created_at: Timestamp, updated_at: Timestamp, };

export type TaskLineage = { id: TaskLineageId, project_id: ProjectId, task_id: TaskId, requirement_id: RequirementId | null, planning_run_id: PlanningRunId | null, backlog_candidate_id: BacklogCandidateId | null, backlog_item_id: BacklogItemId | null, lineage_kind: LineageKind, created_at: Timestamp, };

export type TaskDetail = { lineage: Array<TaskLineage>, 
/**
 * How many times the task was dispatched.
 */
attempts: number, 
/**
 * The latest dispatch attempt: error kind and message, files applied, cost, tokens.
 */
last_attempt: DispatchAttempt | null, 
/**
 * What to do about the latest failure, if the last attempt failed.
 */
remediation: string | null, 
/**
 * The tasks this one depends on, with where each stands.
 */
depends_on: Array<DependencyState>, 
/**
 * The dependencies that do not let it start yet: a queued task with any is "queued (blocked on …)".
 */
waiting_on: Array<TaskId>, 
/**
 * The tasks that wait on this one.
 */
dependents: Array<TaskId>, id: TaskId, project_id: ProjectId, title: string, description: string, status: TaskStatus, priority: Priority, assignee: string, 
/**
 * Where the task came from: `human`, `backlog:<item id>`, `candidate:<candidate id>`…
 */
source: string, 
/**
 * The catalog role an agent runs this task as, when dispatched.
 */
execution_role: string | null, 
/**
 * The agent profile chosen for this task; `None` uses the default resolution.
 */
agent_profile_id: AgentProfileId | null, dispatch_status: DispatchStatus, dispatch_queued_at: Timestamp | null, 
/**
 * Set when the operator asked to cancel the running dispatch from another process.
 */
cancel_requested_at: Timestamp | null, 
/**
 * A queued task that hit its agent's usage limit starts again no earlier than this (the reset the
 * agent named, else a backoff); `None`: no wait.
 */
retry_at: Timestamp | null, 
/**
 * Where the agent's work stands with the operator (worktree mode).
 */
review_status: ReviewStatus, 
/**
 * Where the task stands overall, derived from the three statuses ([`Stage::of`]); never set by hand.
 */
stage: Stage, 
/**
 * Review feedback waiting for the next attempt (`task followup`).
 */
followup: string | null, 
/**
 * The agent's validated result, or the failure, of the latest dispatch.
 */
execution_result: unknown, created_at: Timestamp, updated_at: Timestamp, };

export type CommitOutcome = { item: BacklogItem, task: Task, 
/**
 * True when the item had already been committed and this call only returned its task.
 */
already_applied: boolean, 
/**
 * The items this one comes after that are not tasks yet: the task is held unqueued until they are.
 */
held_for: Array<BacklogItemId>, };

export type AuditEntry = { id: AuditEntryId, subject_kind: AuditSubject, subject_id: string, field: string, old_value: string | null, new_value: string | null, actor_kind: ActorKind, actor_id: string, rationale: string, 
/**
 * Only the router states a confidence, in [0, 1].
 */
confidence: number | null, created_at: Timestamp, };

export type DispatchAttempt = { id: DispatchAttemptId, task_id: TaskId, attempt_no: number, agent_profile_id: AgentProfileId | null, agent_name: string, role: string, started_at: Timestamp, ended_at: Timestamp | null, pid: number | null, pgid: number | null, exit_code: number | null, signal: number | null, outcome: AttemptOutcome, error_kind: ErrorKind | null, error_message: string, output_bytes: number, truncated: boolean, cost_usd: number | null, input_tokens: number | null, output_tokens: number | null, session_id: string | null, 
/**
 * Where the attempt's full captured output was written.
 */
log_path: string | null, 
/**
 * Kernel start time of the agent's group leader (to recognise it after a crash).
 */
process_start_ticks: number | null, 
/**
 * Files written into the repository by this attempt.
 */
files_applied: number, };

export type AgentProfile = { id: AgentProfileId, name: string, kind: AgentKind, 
/**
 * An absolute path, or a name looked up on PATH.
 */
command: string, args: Array<string>, output_format: OutputFormat, model: string, is_default: boolean, 
/**
 * What the agent may do in its workspace: edit files, or also run commands.
 */
permissions: Permissions, created_at: Timestamp, updated_at: Timestamp, };

export type Setting = { key: string, value: string, updated_at: Timestamp, };

export type ActivitySnapshot = { runner_id: RunnerId, snapshot: unknown, updated_at: Timestamp, };

export type ProviderKind = "deterministic" | "openai-compatible" | "agent";

export type FeedbackKind = "good_fit" | "modified" | "fallback" | "wrong_scope" | "too_broad" | "duplicate" | "low_quality" | "other";

export type QualitySummary = { total: number, approved: number, rejected: number, applied: number, 
/**
 * Still in draft: neither approved, rejected nor applied.
 */
pending: number, 
/**
 * (approved + applied) / (approved + applied + rejected); `None` before any review decision.
 */
acceptance_rate: number | null, 
/**
 * How many candidates carry each feedback kind.
 */
feedback_distribution: { [key in string]: number }, };

export type PlanningRunDetail = { 
/**
 * What to do about a failure, when the run failed.
 */
remediation: string | null, quality_summary: QualitySummary, candidates: Array<BacklogCandidate>, id: PlanningRunId, project_id: ProjectId, requirement_id: RequirementId, status: PlanningRunStatus, trigger_source: string, provider_id: string, model_id: string, template: PlanningTemplate, context_pack_id: string, error_kind: FailureKind | null, error_message: string, started_at: Timestamp | null, completed_at: Timestamp | null, created_at: Timestamp, updated_at: Timestamp, };

export type CandidateDetail = { 
/**
 * The latest audit entry for its execution role, if one was ever set.
 */
execution_role_authoring: AuditEntry | null, applied_task_id: TaskId | null, id: BacklogCandidateId, project_id: ProjectId, requirement_id: RequirementId, planning_run_id: PlanningRunId, parent_candidate_id: BacklogCandidateId | null, suggestion_type: string, title: string, description: string, status: CandidateStatus, rationale: string, validation_criteria: string, po_decision: string, priority_score: number, confidence: number, rank: number, evidence: Array<string>, evidence_detail: unknown, duplicate_titles: Array<string>, execution_role: string | null, feedback_kind: string, feedback_note: string, created_at: Timestamp, updated_at: Timestamp, };

export type ApplyOutcome = { task: Task, candidate: BacklogCandidate, lineage: TaskLineage, 
/**
 * True when the candidate had been applied before and this call only returned its task.
 */
already_applied: boolean, 
/**
 * Candidates this one comes after that are not applied yet: its task is not queued until they are
 * (then "Run this plan" queues it), so it never starts ahead of the work it builds on.
 */
held_for: Array<BacklogCandidateId>, };

export type Dashboard = { project_id: ProjectId | null, tasks_by_status: { [key in string]: number }, tasks_by_dispatch_status: { [key in string]: number }, 
/**
 * Tasks whose work waits for the operator's decision (in review, or stopped on a conflict).
 */
awaiting_review: number, backlog_focus: BacklogFocus, 
/**
 * Draft candidates of completed runs.
 */
pending_review: number, 
/**
 * (approved + applied) / (approved + applied + rejected) over candidates of runs from the last 7 days.
 */
planning_acceptance_rate_7d: number | null, 
/**
 * Runs from the last 7 days with at least one review decision.
 */
planning_runs_reviewed_7d: number, 
/**
 * 0.7 × task completion + 0.3 × document freshness, truncated to two decimals; 1.0 for an empty project.
 */
health_score: number, 
/**
 * done / (tasks − cancelled), 1.0 without tasks: the 0.7 part of the health score.
 */
task_completion: number, 
/**
 * fresh documents / documents, 1.0 without documents: the 0.3 part of the health score.
 */
document_freshness: number, 
/**
 * The project's sync, drift and recent agent runs (one project only).
 */
knowledge: KnowledgeSummary | null, 
/**
 * One entry per UTC day of the last [`TREND_DAYS`], oldest first, quiet days included.
 */
trend: Array<DayTrend>, };

export type DayTrend = { 
/**
 * `YYYY-MM-DD` (UTC).
 */
day: string, 
/**
 * Candidates approved or applied, of the runs created that day.
 */
accepted: number, 
/**
 * Candidates rejected, of the runs created that day.
 */
rejected: number, 
/**
 * accepted / (accepted + rejected); none on a day without decisions.
 */
acceptance_rate: number | null, 
/**
 * Dispatch attempts that ended completed that day.
 */
completed: number, 
/**
 * Dispatch attempts that ended failed that day.
 */
failed: number, };

export type BacklogFocus = { urgent_open: number, blocked: number, ready: number, committed: number, };

export type SettingView = { key: string, value: string, description: string, 
/**
 * How the value is entered.
 */
input: SettingInput, 
/**
 * The value when nothing is stored ("" = none).
 */
default: string, 
/**
 * The environment variable that overrides the stored value for one process, if any.
 */
env: string | null, 
/**
 * True when the value is the default (never set, or unset).
 */
is_default: boolean, updated_at: Timestamp | null, };

export type SettingInput = { "kind": "choice", choices: Array<string>, } | { "kind": "url" } | { "kind": "text" } | { "kind": "env_name" } | { "kind": "seconds", max: number, } | { "kind": "bytes", min: number, max: number, } | { "kind": "flag" } | { "kind": "count", min: number, max: number, } | { "kind": "time" } | { "kind": "dollars", max: number, };

export type AgentReadiness = { 
/**
 * The profile (or built-in CLI) the task would run with.
 */
agent: string | null, 
/**
 * Where its command was found; none when it is not on PATH.
 */
path: string | null, 
/**
 * True when that command is on PATH and executable.
 */
runnable: boolean, 
/**
 * Why not, in words for the operator.
 */
problem: string | null, };

export type ApiKeySource = { 
/**
 * `environment`, `os_keyring` or `none`.
 */
source: string, 
/**
 * The variable name, or a description; never the key.
 */
detail: string, 
/**
 * Whether a key is actually present right now.
 */
available: boolean, };

export type AgentTest = { name: string, 
/**
 * First line printed by `--version`, when it answered.
 */
version: string | null, version_ok: boolean, 
/**
 * True when the agent answered the probe prompt with "ok".
 */
probe_ok: boolean, probe_ms: number, error_kind: ErrorKind | null, message: string, };

export type AttemptLog = { task_id: TaskId, attempt_no: number, path: string, text: string, };

export type DispatchState = { paused: boolean, concurrency: number, running: Array<TaskId>, queued: number, 
/**
 * True when this process runs the loop.
 */
loop_here: boolean, 
/**
 * The process running the loop (this one, another, or `None` when no loop runs).
 */
owner: LeaseOwner | null, };

export type LeaseOwner = { pid: number, 
/**
 * Seconds since the holder last said it was alive.
 */
heartbeat_age_secs: number, };

export type Role = { id: string, title: string, version: number, use_case: string, category: RoleCategory, default_timeout_sec: number, };

export type RoleCategory = "role" | "meta";

export type Activity = { runner_id: RunnerId, phase: Phase, 
/**
 * What the runner works on: a task, a planning run, a candidate (routing).
 */
subject_kind: AuditSubject | null, subject_id: string | null, subject_title: string | null, step: string | null, role_id: string | null, started_at: Timestamp, updated_at: Timestamp, };

export type Phase = "idle" | "planning" | "claiming_task" | "dispatching" | "submitting" | "routing";

export type SuggestOutcome = { suggestion: RoleSuggestion | null, error_kind: ErrorKind | null, error_message: string | null, remediation: string | null, };

export type RoleSuggestion = { role_id: string, 
/**
 * In [0, 1].
 */
confidence: number, reasoning: string, alternatives: Array<Alternative>, };

export type Alternative = { role_id: string, reason: string, score: number, };

export type ContextSummary = { available: boolean, planning_run_id: string, pack_id: string, schema_version: string, sources_bytes: number, dropped_counts: DroppedCounts, open_task_count: number, document_count: number, drift_count: number, agent_run_count: number, has_sync_run: boolean, 
/**
 * What the pack carried from the repository's knowledge, for the evidence drawer to name.
 */
documents: Array<DocumentRef>, drift_signals: Array<DriftSignalRef>, sync_run: SyncRunRef | null, related_files: Array<RelatedFileRef>, role: string, intent_mode: IntentMode, task_scale: TaskScale, source_of_truth: Array<SourceOfTruth>, warnings: Array<string>, };

export type DroppedCounts = { open_tasks: number, recent_documents: number, open_drift_signals: number, latest_sync_run: number, recent_agent_runs: number, related_files: number, };

export type IntentMode = "analyze" | "implement" | "review" | "document";

export type TaskScale = "small" | "medium" | "large";

export type SourceOfTruth = { name: string, 
/**
 * Relative to the repository root.
 */
path: string, 
/**
 * `overview`, `architecture`, `decision` or `documentation`.
 */
role: string, };

export type TerminalChunk = { "kind": "output", text: string, } | { "kind": "skipped", bytes: number, } | { "kind": "ended" };

export type Notice = { kind: NoticeKind, title: string, body: string, 
/**
 * What a click should bring into view: a task or a planning run, and its id.
 */
subject_kind: AuditSubject, subject_id: string, 
/**
 * The project it happened in.
 */
project_id: string | null, };

export type NoticeKind = "task_completed" | "task_in_review" | "task_failed" | "planning_finished" | "planning_failed";

export type About = { version: string, 
/**
 * The data folder (database, logs, locks).
 */
data_dir: string, 
/**
 * The SQLite database file inside it.
 */
database: string, 
/**
 * Size of the database file, without its write-ahead log; none when it cannot be read.
 */
database_bytes: number | null, 
/**
 * The folder of anpm's own daily log files.
 */
log_dir: string, };

export type ProviderTest = { base_url: string, model: string, 
/**
 * True when the endpoint answered with a chat completion.
 */
ok: boolean, latency_ms: number, 
/**
 * The start of the model's answer.
 */
reply: string | null, 
/**
 * A planning error kind (`provider_unreachable`, `provider_error`, `rate_limited`…) when it failed.
 */
error_kind: FailureKind | null, message: string, remediation: string | null, };

export type DataKind = "projects" | "requirements" | "planning_runs" | "candidates" | "backlog_items" | "tasks" | "agents" | "settings" | "documents" | "sync_runs" | "drift_signals" | "notifications";

export type RawRequirement = { title: string, summary?: string | null, description?: string | null, audience?: string | null, 
/**
 * Success criteria.
 */
successCriteria?: string | null, };

export type RawRequirementPatch = { title?: string | null, summary?: string | null, description?: string | null, audience?: string | null, 
/**
 * Success criteria.
 */
successCriteria?: string | null, status?: RequirementStatus, };

export type RawBacklogFields = { description?: string | null, status?: BacklogItemStatus, priority?: Priority, 
/**
 * Position in the backlog (lower comes first).
 */
rank?: number | null, 
/**
 * Labels, comma-separated or repeated.
 */
labels: Array<string>, acceptanceCriteria?: string | null, blockedReason?: string | null, };

export type RawBacklogItem = { title: string, 
/**
 * The requirement this item serves.
 */
requirement?: string | null, description?: string | null, status?: BacklogItemStatus, priority?: Priority, 
/**
 * Position in the backlog (lower comes first).
 */
rank?: number | null, 
/**
 * Labels, comma-separated or repeated.
 */
labels: Array<string>, acceptanceCriteria?: string | null, blockedReason?: string | null, };

export type RawBacklogItemPatch = { title?: string | null, 
/**
 * Remove every label (before any --label given).
 */
clearLabels: boolean, description?: string | null, status?: BacklogItemStatus, priority?: Priority, 
/**
 * Position in the backlog (lower comes first).
 */
rank?: number | null, 
/**
 * Labels, comma-separated or repeated.
 */
labels: Array<string>, acceptanceCriteria?: string | null, blockedReason?: string | null, };

export type RawBacklogFilter = { status?: BacklogItemStatus, priority?: Priority, label?: string | null, 
/**
 * Text to look for in titles and descriptions.
 */
text?: string | null, 
/**
 * Include archived items.
 */
includeArchived: boolean, sort?: BacklogSort, 
/**
 * At most this many items (default 200).
 */
limit?: number | null, 
/**
 * Continue after this item, in the listing's order.
 */
after?: string | null, 
/**
 * Every item, however many.
 */
all: boolean, };

export type RawTask = { title: string, 
/**
 * Queue the task at once for this execution role (see `anpm roles`).
 */
role?: string | null, 
/**
 * The agent profile that runs it, by name (default: the role's).
 */
agent?: string | null, description?: string | null, status?: TaskStatus, priority?: Priority, assignee?: string | null, };

export type RawTaskPatch = { title?: string | null, 
/**
 * The execution role an agent runs the task as ("" clears it).
 */
role?: string | null, 
/**
 * The agent profile that runs the task, by name ("" = the default for its role).
 */
agent?: string | null, description?: string | null, status?: TaskStatus, priority?: Priority, assignee?: string | null, };

export type RawTaskFilter = { projectId?: string | null, status?: TaskStatus, priority?: Priority, assignee?: string | null, dispatchStatus?: DispatchStatus, 
/**
 * Where the tasks stand in their lifecycle (a board column).
 */
stage?: Stage, text?: string | null, sort?: TaskSort, 
/**
 * At most this many items (default 200).
 */
limit?: number | null, 
/**
 * Continue after this item, in the listing's order.
 */
after?: string | null, 
/**
 * Every item, however many.
 */
all: boolean, };

export type RawCandidatePatch = { title?: string | null, description?: string | null, status?: CandidateStatus, 
/**
 * An execution role id (see `anpm roles`); an empty string clears it.
 */
executionRole?: string | null, feedbackKind?: FeedbackKind | "", feedbackNote?: string | null, };

export type RawPlanningRun = { 
/**
 * The planner (default: the planning.provider setting).
 */
provider?: ProviderKind, 
/**
 * The prompt template (default: backlog).
 */
template?: PlanningTemplate, };

export type RawAgentProfile = { name: string, kind: AgentKind, 
/**
 * An absolute path or a name on PATH (default: the kind's CLI).
 */
command?: string | null, 
/**
 * An extra argument (repeat for several); custom profiles may use {prompt_file}, {prompt}, {workdir}.
 */
args: Array<string>, 
/**
 * How its output is parsed (default by kind).
 */
outputFormat?: OutputFormat, model?: string | null, 
/**
 * Use this profile when a task names none.
 */
isDefault: boolean, 
/**
 * What the agent may do in its workspace: `edit` files (default) or `full` (also run commands).
 */
permissions?: Permissions, };

export type ProjectRemoval = { removed: Project, deleted: ProjectFootprint, };

export type ContextView = ContextSummary | JsonValue | { available: boolean, planning_run_id: PlanningRunId, };

export type JsonValue = number | string | boolean | Array<JsonValue> | { [key in string]: JsonValue } | null;

export type ErrorKind = "dispatch_timeout" | "output_too_large" | "invalid_result_schema" | "role_not_found" | "role_dispatch_malformed" | "cli_not_found" | "session_expired" | "rate_limited" | "context_overflow" | "model_not_available" | "budget_exhausted" | "budget_exceeded" | "prompt_too_large" | "cancelled" | "interrupted" | "router_no_match" | "workspace_missing" | "workspace_setup_failed" | "internal_error" | "unknown";

export type FailureKind = "provider_unreachable" | "provider_timeout" | "provider_error" | "rate_limited" | "response_too_large" | "invalid_response" | "no_valid_candidates" | "context_overflow" | "provider_not_configured" | "cancelled" | "interrupted" | "unknown";

export type RunnerId = string;

export type DetectedAgent = { kind: AgentKind, 
/**
 * The name looked up (`claude`, `codex`, `gemini`, `opencode`).
 */
command: string, 
/**
 * Where it was found; none when it is not on PATH.
 */
path: string | null, 
/**
 * The first line its `--version` printed, when it is on PATH and answered.
 */
version: string | null, 
/**
 * The profiles that already run this kind.
 */
profiles: Array<string>, };

export type WorkspaceMode = "worktree" | "in-place";

export type Permissions = "edit" | "full";

export type ReviewStatus = "none" | "in_review" | "merged" | "discarded" | "conflict";

export type MergeStrategy = "merge" | "squash" | "rebase";

export type WorkspaceSettings = { mode: WorkspaceMode, 
/**
 * '' = the project's default branch.
 */
base_branch: string, 
/**
 * Globs of files (relative to the repository, no `..`) copied into a new worktree.
 */
setup_copy: Array<string>, 
/**
 * Run by `sh -c` in a new worktree before its first agent; '' = none.
 */
setup_command: string, 
/**
 * A dependent task starts as soon as its dependency is in review, on a branch cut from the
 * dependency's head, instead of waiting for the merge.
 */
stack_on_review: boolean, };

export type TaskWorkspace = { task_id: TaskId, project_id: ProjectId, 
/**
 * The worktree's folder (under the data directory).
 */
path: string, 
/**
 * The task's branch, `anpm/<slug>-<short id>`.
 */
branch: string, 
/**
 * The branch it was cut from and merges into.
 */
base: string, 
/**
 * The commit of `base` the branch was cut from.
 */
base_commit: string, 
/**
 * The branch's head after the latest attempt.
 */
head: string, 
/**
 * Whether the project's setup (copied files, setup command) has run here.
 */
setup_done: boolean, files_changed: number, additions: number, deletions: number, 
/**
 * Files the last merge stopped on.
 */
conflicts: Array<string>, created_at: Timestamp, updated_at: Timestamp, 
/**
 * Set once the folder is gone; the row stays as the record of the branch.
 */
removed_at: Timestamp | null, };

export type TaskDiff = { task_id: TaskId, branch: string, base: string, 
/**
 * The commit the change is measured from (the merge base).
 */
from: string, 
/**
 * The branch's head.
 */
to: string, files_changed: number, additions: number, deletions: number, files: Array<FileDiff>, };

export type FileDiff = { change: FileChange, 
/**
 * The path before the change (none for an added file).
 */
old_path: string | null, 
/**
 * The path after the change (none for a deleted file).
 */
new_path: string | null, additions: number, deletions: number, binary: boolean, 
/**
 * True when the file's lines were left out for size ([`MAX_FILE_LINES`]).
 */
too_large: boolean, 
/**
 * True when the hunks were left out of this answer to keep it small; ask for the file alone.
 */
hunks_omitted: boolean, hunks: Array<Hunk>, };

export type FileChange = "added" | "modified" | "deleted" | "renamed" | "copied";

export type Hunk = { 
/**
 * The `@@ … @@` line, with the function context git found.
 */
header: string, old_start: number, old_lines: number, new_start: number, new_lines: number, lines: Array<DiffLine>, };

export type DiffLine = { kind: LineKind, 
/**
 * The line's number before the change (none for an added line).
 */
old_no: number | null, 
/**
 * The line's number after the change (none for a removed line).
 */
new_no: number | null, text: string, };

export type LineKind = "context" | "added" | "removed";

export type MergeOutcome = { task: Task, 
/**
 * `merged` or `conflict`.
 */
review_status: ReviewStatus, 
/**
 * The base's new commit, when merged.
 */
commit: string | null, 
/**
 * The files the merge stopped on, on a conflict.
 */
conflicts: Array<string>, 
/**
 * The dependencies in review merged first, in dependency order (a stack merges from its base up).
 */
merged_first: Array<TaskId>, };

export type WorkspaceInfo = { 
/**
 * Whether the folder is on disk now.
 */
exists: boolean, 
/**
 * What the folder takes on disk, in bytes (0 when it is gone).
 */
disk_bytes: number, review_status: ReviewStatus, task_id: TaskId, project_id: ProjectId, 
/**
 * The worktree's folder (under the data directory).
 */
path: string, 
/**
 * The task's branch, `anpm/<slug>-<short id>`.
 */
branch: string, 
/**
 * The branch it was cut from and merges into.
 */
base: string, 
/**
 * The commit of `base` the branch was cut from.
 */
base_commit: string, 
/**
 * The branch's head after the latest attempt.
 */
head: string, 
/**
 * Whether the project's setup (copied files, setup command) has run here.
 */
setup_done: boolean, files_changed: number, additions: number, deletions: number, 
/**
 * Files the last merge stopped on.
 */
conflicts: Array<string>, created_at: Timestamp, updated_at: Timestamp, 
/**
 * Set once the folder is gone; the row stays as the record of the branch.
 */
removed_at: Timestamp | null, };

export type RunStart = "queued" | "queued_while_paused" | "asked_loop" | "ran_here";

export type RunStarted = { task: Task, started: RunStart, 
/**
 * Whether dispatch was paused when the task was queued.
 */
paused: boolean, };

export type Stage = "todo" | "queued" | "running" | "in_review" | "done" | "failed" | "cancelled" | "blocked";

export type StageCount = { stage: Stage, count: number, };

export type ProjectPulse = { project_id: ProjectId, queued: number, running: number, in_review: number, failed: number, };

export type TaskSort = "priority" | "updated";

export type RawPage = { 
/**
 * At most this many items (default 200).
 */
limit?: number | null, 
/**
 * Continue after this item, in the listing's order.
 */
after?: string | null, 
/**
 * Every item, however many.
 */
all: boolean, };

export type DocumentId = string;

export type DocumentLinkId = string;

export type DocType = "api" | "architecture" | "guide" | "adr" | "general";

export type DocumentSource = "discovered" | "manual";

export type LinkType = "covers" | "references" | "depends_on";

export type LinkOrigin = "manual" | "mentioned";

export type Document = { id: DocumentId, project_id: ProjectId, title: string, file_path: string, doc_type: DocType, description: string, source: DocumentSource, 
/**
 * When its text last changed: its last commit, or "mark as updated".
 */
last_updated_at: Timestamp | null, 
/**
 * Whole days since `last_updated_at` as of the last sync (0 when unknown or just updated).
 */
staleness_days: number, is_stale: boolean, created_at: Timestamp, updated_at: Timestamp, };

export type DocumentLink = { id: DocumentLinkId, document_id: DocumentId, code_path: string, link_type: LinkType, origin: LinkOrigin, created_at: Timestamp, };

export type DocumentEntry = { link_count: number, id: DocumentId, project_id: ProjectId, title: string, file_path: string, doc_type: DocType, description: string, source: DocumentSource, 
/**
 * When its text last changed: its last commit, or "mark as updated".
 */
last_updated_at: Timestamp | null, 
/**
 * Whole days since `last_updated_at` as of the last sync (0 when unknown or just updated).
 */
staleness_days: number, is_stale: boolean, created_at: Timestamp, updated_at: Timestamp, };

export type DocumentDetail = { document: Document, links: Array<DocumentLink>, 
/**
 * Code files beside the document that it probably covers, not linked yet.
 */
suggested_links: Array<string>, open_drift: Array<DriftSignal>, };

export type DocumentContent = { path: string, language: string, content: string, size_bytes: number, truncated: boolean, };

export type DiscoveryReport = { added: number, updated: number, removed: number, renamed: number, 
/**
 * Documents registered for the project after the discovery.
 */
total: number, };

export type DriftSignalId = string;

export type TriggerType = "code_change" | "time_decay" | "manual";

export type DriftStatus = "open" | "resolved" | "dismissed";

export type Confidence = "high" | "medium" | "low";

export type ChangeType = "A" | "M" | "D" | "R";

export type ChangedFile = { path: string, change_type: ChangeType, };

export type TriggerMeta = { changed_files: Array<ChangedFile>, days_stale?: number | null, };

export type Severity = number;

export type DriftSignal = { id: DriftSignalId, project_id: ProjectId, document_id: DocumentId, 
/**
 * The document's title and path when read (for lists; not stored with the signal).
 */
document_title: string, document_path: string, trigger_type: TriggerType, trigger_detail: string, trigger_meta: TriggerMeta, severity: Severity, confidence: Confidence, sync_run_id: SyncRunId | null, status: DriftStatus, resolved_by: string, resolved_at: Timestamp | null, created_at: Timestamp, updated_at: Timestamp, };

export type DriftSort = "severity" | "time";

export type DriftOverview = { open: SeverityCounts, stale_documents: number, documents: number, };

export type SeverityCounts = { high: number, medium: number, low: number, };

export type SyncRunId = string;

export type SyncStatus = "running" | "completed" | "failed";

export type SyncTrigger = "manual" | "startup" | "watch";

export type SyncRun = { id: SyncRunId, project_id: ProjectId, status: SyncStatus, triggered_by: SyncTrigger, 
/**
 * The branch scanned ('' until resolved).
 */
branch: string, commits_scanned: number, 
/**
 * Distinct changed paths in the window, noisy ones included (spec).
 */
files_changed: number, signals_created: number, error_message: string, 
/**
 * When the configured branch is missing: the repository's detected default, to apply and sync again.
 */
detected_branch: string, started_at: Timestamp, completed_at: Timestamp | null, };

export type SearchKind = "tasks" | "backlog_items" | "requirements" | "candidates" | "documents";

export type SnippetPart = { text: string, matched: boolean, };

export type SearchHit = { kind: SearchKind, id: string, project_id: ProjectId, title: string, 
/**
 * The entity's status (a task's stage, a document's type) for context in lists.
 */
status: string, snippet: Array<SnippetPart>, 
/**
 * bm25 score: lower is a better match.
 */
rank: number, };

export type SearchResults = { query: string, hits: Array<SearchHit>, };

export type NotificationId = string;

export type NotificationKind = "task_completed" | "task_failed" | "task_in_review" | "planning_finished" | "planning_failed" | "drift_found" | "sync_failed";

export type NotificationLevel = "info" | "warning" | "error";

export type Notification = { id: NotificationId, project_id: ProjectId | null, kind: NotificationKind, level: NotificationLevel, title: string, body: string, 
/**
 * What a click brings into view: `task:<id>`, `planning_run:<id>`, `drift:<project id>`,
 * `sync:<project id>`, or ''.
 */
link: string, is_read: boolean, created_at: Timestamp, };

export type KnowledgeSummary = { latest_sync: SyncRun | null, open_drift: SeverityCounts, documents: number, stale_documents: number, 
/**
 * The 5 most recent agent runs: dispatch attempts and planning runs, newest first.
 */
recent_agent_runs: Array<AgentRunRef>, };

export type AgentRunRef = { id: string, agent_name: string, action_type: string, status: string, started_at: string, summary: string, };

export type DocumentRef = { id: string, title: string, file_path: string, doc_type: string, is_stale: boolean, staleness_days: number, };

export type DriftSignalRef = { id: string, document_title: string, trigger_type: string, trigger_detail: string, 
/**
 * `low`, `medium`, `high`, or empty when unknown.
 */
severity: string, opened_at: string, };

export type SyncRunRef = { id: string, status: string, started_at: string, completed_at?: string | null, error_message: string, };

export type RelatedFileRef = { 
/**
 * Repository-relative.
 */
path: string, 
/**
 * The requirement's keywords its path contains.
 */
matched_keywords: Array<string>, 
/**
 * Titles of the related documents that link it.
 */
linked_from?: Array<string>, };

export type DependencyState = { task_id: TaskId, title: string, stage: Stage, 
/**
 * Whether the dependent may start as far as this dependency goes.
 */
met: boolean, };

export type TaskDependency = { task_id: TaskId, depends_on: TaskId, created_at: Timestamp, };

export type TaskDependencies = { task_id: TaskId, depends_on: Array<DependencyState>, 
/**
 * The ids of the dependencies that do not let it start yet (the "waiting on …" of a card).
 */
waiting_on: Array<TaskId>, dependents: Array<TaskId>, };

export type PlanQueued = { requirement_id: RequirementId, 
/**
 * Queued now, in dependency order (each starts when its dependencies let it).
 */
queued: Array<TaskId>, 
/**
 * Already queued or running.
 */
already_active: Array<TaskId>, 
/**
 * Left alone, each with the reason (no role, already finished…).
 */
skipped: Array<SkippedTask>, };

export type SkippedTask = { task_id: TaskId, title: string, reason: string, };

export type PlanStep = { task_id: TaskId, title: string, stage: Stage, execution_role: string | null, 
/**
 * The tasks of this plan it builds on.
 */
depends_on: Array<TaskId>, 
/**
 * Those that do not let it start yet.
 */
waiting_on: Array<TaskId>, };

export type ItemDependencies = { item_id: BacklogItemId, depends_on: Array<ItemDependency>, dependents: Array<BacklogItemId>, };

export type ItemDependency = { item_id: BacklogItemId, title: string, status: BacklogItemStatus, 
/**
 * Its task, once committed: the dependent's task waits on this one.
 */
task_id: TaskId | null, };

export type UsageGroup = "day" | "task" | "requirement" | "project" | "agent";

export type UsageRow = { 
/**
 * The group: a day (`YYYY-MM-DD`), a task, requirement or project id, or an agent name ('' for the
 * attempts of tasks without a requirement).
 */
key: string, 
/**
 * What people read: the day, the title, the name.
 */
label: string, attempts: number, cost_usd: number, input_tokens: number, output_tokens: number, };

export type UsageReport = { by: UsageGroup, rows: Array<UsageRow>, total: UsageRow, 
/**
 * The budgets in force (settings `budget.project_daily_usd`, `budget.task_usd`), `None` when unset.
 */
project_daily_budget_usd: number | null, task_budget_usd: number | null, };

export type ExportReport = { project_id: ProjectId, path: string, bytes: number, 
/**
 * Rows per table.
 */
rows: { [key in string]: number }, 
/**
 * Attempt logs carried.
 */
logs: number, };

export type ImportReport = { project: Project, rows: { [key in string]: number }, logs: number, 
/**
 * Agent profiles of the archive that this data directory already had under the same name (their
 * tasks and attempts now name the local profile).
 */
profiles_matched_by_name: Array<string>, };

export const DOC_TYPES = ["api", "architecture", "guide", "adr", "general"] as const;

export const DRIFT_STATUSES = ["open", "resolved", "dismissed"] as const;

export const SEARCH_KINDS = ["tasks", "backlog_items", "requirements", "candidates", "documents"] as const;

export const PRIORITIES = ["low", "medium", "high", "urgent"] as const;

export const TASK_STATUSES = ["todo", "in_progress", "done", "cancelled"] as const;

export const DISPATCH_STATUSES = ["none", "queued", "running", "completed", "failed", "cancelled"] as const;

export const STAGES = ["todo", "queued", "running", "in_review", "done", "failed", "cancelled", "blocked"] as const;

export const TASK_SORTS = ["priority", "updated"] as const;

export const BACKLOG_ITEM_STATUSES = ["triage", "ready", "blocked", "committed", "archived"] as const;

export const BACKLOG_SORTS = ["rank", "priority", "updated", "created"] as const;

export const REQUIREMENT_STATUSES = ["draft", "planned", "archived"] as const;

export const CANDIDATE_STATUSES = ["draft", "approved", "rejected", "applied"] as const;

export const FEEDBACK_KINDS = ["good_fit", "modified", "fallback", "wrong_scope", "too_broad", "duplicate", "low_quality", "other"] as const;

export const PROVIDER_KINDS = ["deterministic", "openai-compatible", "agent"] as const;

export const PLANNING_TEMPLATES = ["backlog", "whatsnext"] as const;

export const AGENT_KINDS = ["claude", "codex", "gemini", "opencode", "custom"] as const;

export const OUTPUT_FORMATS = ["claude-stream-json", "codex-json", "gemini-stream-json", "opencode-json", "text"] as const;

export const ERROR_KINDS = ["dispatch_timeout", "output_too_large", "invalid_result_schema", "role_not_found", "role_dispatch_malformed", "cli_not_found", "session_expired", "rate_limited", "context_overflow", "model_not_available", "budget_exhausted", "budget_exceeded", "prompt_too_large", "cancelled", "interrupted", "router_no_match", "workspace_missing", "workspace_setup_failed", "internal_error", "unknown"] as const;

export const FAILURE_KINDS = ["provider_unreachable", "provider_timeout", "provider_error", "rate_limited", "response_too_large", "invalid_response", "no_valid_candidates", "context_overflow", "provider_not_configured", "cancelled", "interrupted", "unknown"] as const;

export const MERGE_STRATEGIES = ["merge", "squash", "rebase"] as const;

export const REVIEW_STATUSES = ["none", "in_review", "merged", "discarded", "conflict"] as const;

export const WORKSPACE_MODES = ["worktree", "in-place"] as const;

export const PERMISSIONS = ["edit", "full"] as const;
