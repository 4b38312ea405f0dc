// Generated from src-tauri/src/registry.rs by `just gen-types` (src-tauri/src/bindings.rs). Do not edit.

import type { About, Activity, AgentProfile, AgentReadiness, AgentTest, ApiKeySource, ApplyOutcome, AttemptLog, BacklogCandidate, BacklogItem, CandidateDetail, CommitOutcome, ContextView, Dashboard, DetectedAgent, DiscoveryReport, DispatchAttempt, DispatchState, Document, DocumentContent, DocumentDetail, DocumentEntry, DocumentLink, DriftOverview, DriftSignal, ExportReport, FileDiff, ImportReport, ItemDependencies, MergeOutcome, Notification, PlanQueued, PlanStep, PlanningRun, PlanningRunDetail, Project, ProjectPulse, ProjectRemoval, ProviderTest, RawAgentProfile, RawBacklogFilter, RawBacklogItem, RawBacklogItemPatch, RawCandidatePatch, RawPage, RawPlanningRun, RawRequirement, RawRequirementPatch, RawTask, RawTaskFilter, RawTaskPatch, Requirement, Role, RunStarted, SearchResults, SettingView, StageCount, SuggestOutcome, SyncRun, Task, TaskDependencies, TaskDetail, TaskDiff, UsageReport, WorkspaceInfo } from "./types";

/** Sends one command to the core and resolves with its answer (supplied by `ipc/`). */
export type Call = <T>(command: string, args?: Record<string, unknown>) => Promise<T>;

/** A typed wrapper for every command of the registry. */
export function commands(call: Call) {
  return {
    /** Every registered project, by name. */
    listProjects: () => call<Array<Project>>("list_projects"),
    /** Registers the git work tree containing `path`. */
    addProject: (path: string, name?: string | null, description?: string | null) => call<Project>("add_project", { path, name, description }),
    /** Removes a project and all anpm data for it (the repository itself is not touched). */
    removeProject: (id: string) => call<ProjectRemoval>("remove_project", { id }),
    /** Changes where a project's agents work: worktree or in-place, base branch, setup, stacking. */
    setProjectWorkspace: (id: string, mode?: string | null, baseBranch?: string | null, setupCopy?: Array<string> | null, setupCommand?: string | null, stackOnReview?: boolean | null) => call<Project>("set_project_workspace", { id, mode, baseBranch, setupCopy, setupCommand, stackOnReview }),
    /** Requirements, optionally of one project; archived ones only when asked for. */
    listRequirements: (projectId: string | null, status: string | null, includeArchived: boolean) => call<Array<Requirement>>("list_requirements", { projectId, status, includeArchived }),
    /** Adds a draft requirement to a project. */
    addRequirement: (projectId: string, input: RawRequirement) => call<Requirement>("add_requirement", { projectId, input }),
    /** Changes a requirement's texts or status. */
    editRequirement: (id: string, patch: RawRequirementPatch) => call<Requirement>("edit_requirement", { id, patch }),
    /** Deletes a requirement that produced no work. */
    deleteRequirement: (id: string) => call<Requirement>("delete_requirement", { id }),
    /** Every setting with its effective value. */
    listSettings: () => call<Array<SettingView>>("list_settings"),
    /** Changes a setting after validating its value. */
    setSetting: (key: string, value: string) => call<SettingView>("set_setting", { key, value }),
    /** Returns a setting to its default. */
    unsetSetting: (key: string) => call<SettingView>("unset_setting", { key }),
    /** Where the model provider's API key comes from (never the key). */
    apiKeySource: () => call<ApiKeySource>("api_key_source"),
    /** Stores the model provider's API key in the OS keyring. */
    setProviderKey: (key: string) => call<ApiKeySource>("set_provider_key", { key }),
    /** Removes the model provider's API key from the OS keyring. */
    clearProviderKey: () => call<ApiKeySource>("clear_provider_key"),
    /** One short prompt to the configured OpenAI-compatible endpoint. */
    testPlanningProvider: () => call<ProviderTest>("test_planning_provider"),
    /** The version and the data folder of this instance. */
    about: () => call<About>("about"),
    /** Counts, the health score and the two-week trend of one project or all. */
    dashboard: (projectId?: string | null) => call<Dashboard>("dashboard", { projectId }),
    /** Queues a planning run; the app's planning worker executes it in the background. */
    startPlanningRun: (requirementId: string, input: RawPlanningRun) => call<PlanningRun>("start_planning_run", { requirementId, input }),
    /** Queues a "What's next" run for a project (with its own `analysis` requirement). */
    startWhatsNext: (projectId: string, provider?: string | null) => call<PlanningRun>("start_whats_next", { projectId, provider }),
    /** Planning runs of a project or a requirement, newest first. */
    listPlanningRuns: (projectId?: string | null, requirementId?: string | null) => call<Array<PlanningRun>>("list_planning_runs", { projectId, requirementId }),
    /** A run with its candidates and quality summary. */
    planningRun: (id: string) => call<PlanningRunDetail>("planning_run", { id }),
    /** Cancels a queued or running run. */
    cancelPlanningRun: (id: string) => call<PlanningRun>("cancel_planning_run", { id }),
    /** The context a run was planned against (`raw`: the stored context.v2 JSON as it is). */
    planningContext: (id: string, raw: boolean) => call<ContextView>("planning_context", { id, raw }),
    /** A page of the candidates of a run or a project. */
    listCandidates: (planningRunId: string | null, projectId: string | null, page: RawPage) => call<Array<BacklogCandidate>>("list_candidates", { planningRunId, projectId, page }),
    /** Reviews a candidate: edit, approve or reject, feedback, execution role. */
    updateCandidate: (id: string, patch: RawCandidatePatch) => call<CandidateDetail>("update_candidate", { id, patch }),
    /** Applies a candidate into a task; with `approve` it is approved first. */
    applyCandidate: (id: string, role: string | null, agent: string | null, approve: boolean) => call<ApplyOutcome>("apply_candidate", { id, role, agent, approve }),
    /** Asks the role router which execution role fits a candidate (nothing is stored). */
    suggestRole: (id: string) => call<SuggestOutcome>("suggest_role", { id }),
    /** A project's backlog. */
    listBacklog: (projectId: string, filter: RawBacklogFilter) => call<Array<BacklogItem>>("list_backlog", { projectId, filter }),
    /** Adds an item to a project's backlog. */
    addBacklogItem: (projectId: string, input: RawBacklogItem) => call<BacklogItem>("add_backlog_item", { projectId, input }),
    /** Edits a backlog item (a committed item keeps its title, description and priority). */
    editBacklogItem: (id: string, patch: RawBacklogItemPatch) => call<BacklogItem>("edit_backlog_item", { id, patch }),
    /** Commits an item to a task (idempotent); with a role the task is queued for dispatch. */
    commitBacklogItem: (id: string, role?: string | null, agent?: string | null) => call<CommitOutcome>("commit_backlog_item", { id, role, agent }),
    /** Tasks matching a filter. */
    listTasks: (filter: RawTaskFilter) => call<Array<Task>>("list_tasks", { filter }),
    /** How many of a project's tasks stand in each lifecycle stage (the board's column sizes). */
    taskStageCounts: (projectId: string) => call<Array<StageCount>>("task_stage_counts", { projectId }),
    /** Every project's queued, running, in-review and failed task counts (the project list's figures). */
    projectPulses: () => call<Array<ProjectPulse>>("project_pulses"),
    /** A task written by hand (not from the backlog or a candidate). */
    addTask: (projectId: string, input: RawTask) => call<Task>("add_task", { projectId, input }),
    /** One task with its lineage and latest attempt. */
    task: (id: string) => call<TaskDetail>("task", { id }),
    /** Edits one task. */
    editTask: (id: string, patch: RawTaskPatch) => call<Task>("edit_task", { id, patch }),
    /** The same status / priority / assignee change to 1–100 tasks, all or nothing. */
    batchEditTasks: (ids: Array<string>, patch: RawTaskPatch) => call<Array<Task>>("batch_edit_tasks", { ids, patch }),
    /** A task's dependencies (with where each stands), what it waits on, and its dependents. */
    taskDependencies: (id: string) => call<TaskDependencies>("task_dependencies", { id }),
    /** Makes a task wait for another of its project (refused when it would close a cycle). */
    addTaskDependency: (id: string, dependsOn: string) => call<TaskDependencies>("add_task_dependency", { id, dependsOn }),
    /** Drops a dependency; the task starts when nothing else holds it. */
    removeTaskDependency: (id: string, dependsOn: string) => call<TaskDependencies>("remove_task_dependency", { id, dependsOn }),
    /** The backlog items an item comes after (with where each stands), and those that come after it. */
    itemDependencies: (id: string) => call<ItemDependencies>("item_dependencies", { id }),
    /** Makes a backlog item come after another of its project (refused when it would close a cycle). */
    addItemDependency: (id: string, dependsOn: string) => call<ItemDependencies>("add_item_dependency", { id, dependsOn }),
    /** Drops a backlog item's dependency (and the one between their tasks, when both are tasks). */
    removeItemDependency: (id: string, dependsOn: string) => call<ItemDependencies>("remove_item_dependency", { id, dependsOn }),
    /** Writes everything a project holds into one archive file (logs too when asked). */
    exportProject: (projectId: string, path: string, withLogs: boolean) => call<ExportReport>("export_project", { projectId, path, withLogs }),
    /** Restores a project from an archive file, all or nothing; optionally at another repository. */
    importProject: (path: string, intoNewProject?: string | null) => call<ImportReport>("import_project", { path, intoNewProject }),
    /** What agents cost, rolled up by day, task, requirement, project or agent, with the budgets. */
    usageReport: (projectId: string | null, by: string) => call<UsageReport>("usage_report", { projectId, by }),
    /** A requirement's tasks in dependency order with their edges (the plan's graph). */
    planSteps: (requirementId: string) => call<Array<PlanStep>>("plan_steps", { requirementId }),
    /** A project's queued tasks that wait on a dependency, with what each waits on. */
    waitingTasks: (projectId: string) => call<Array<TaskDependencies>>("waiting_tasks", { projectId }),
    /** "Run this plan": queues every task applied from a requirement's candidates, in dependency order. */
    queuePlan: (requirementId: string) => call<PlanQueued>("queue_plan", { requirementId }),
    /** Queues a task for an agent, with a role and agent first if given; `now` starts it at once, even */
    /** while dispatch is paused. */
    runTask: (id: string, role: string | null, agent: string | null, now: boolean) => call<RunStarted>("run_task", { id, role, agent, now }),
    /** Every dispatch attempt of a task. */
    taskAttempts: (id: string) => call<Array<DispatchAttempt>>("task_attempts", { id }),
    /** The captured output of an attempt (the latest by default). */
    taskLog: (id: string, attempt?: number | null) => call<AttemptLog>("task_log", { id, attempt }),
    /** Cancels a queued or running dispatch; a running agent is stopped at once. */
    cancelTask: (id: string) => call<Task>("cancel_task", { id }),
    /** Queues a failed or cancelled task again, optionally with another agent profile. */
    requeueTask: (id: string, agent?: string | null) => call<Task>("requeue_task", { id, agent }),
    /** What the task's branch changes against its base: files, counts and hunks. */
    taskDiff: (id: string) => call<TaskDiff>("task_diff", { id }),
    /** The diff as the review opens it: hunks of the first `unfolded` files only. */
    taskDiffView: (id: string, unfolded: number) => call<TaskDiff>("task_diff_view", { id, unfolded }),
    /** One file of the task's diff with its hunks. */
    taskDiffFile: (id: string, path: string) => call<FileDiff>("task_diff_file", { id, path }),
    /** Merges the task's branch into its base (merge, squash or rebase). */
    mergeTask: (id: string, strategy: string) => call<MergeOutcome>("merge_task", { id, strategy }),
    /** Sends review feedback back to the task's agent; the task runs again in its workspace. */
    followupTask: (id: string, message: string) => call<Task>("followup_task", { id, message }),
    /** Removes the task's worktree (its branch kept unless `delete_branch`). */
    discardTask: (id: string, deleteBranch: boolean, force: boolean) => call<Task>("discard_task", { id, deleteBranch, force }),
    /** Where the task's worktree is: folder, branch, base, head, disk use. */
    taskWorkspace: (id: string) => call<WorkspaceInfo>("task_workspace", { id }),
    /** The loop's settings, the queue and the running tasks. */
    dispatchState: () => call<DispatchState>("dispatch_state"),
    /** Pauses or resumes claiming new tasks. */
    setDispatchPaused: (paused: boolean) => call<void>("set_dispatch_paused", { paused }),
    /** How many agents may run at once (1–16). */
    setDispatchConcurrency: (concurrency: number) => call<void>("set_dispatch_concurrency", { concurrency }),
    /** Starts the next queued task now, even when paused or at capacity. */
    runNextTask: () => call<void>("run_next_task"),
    /** The execution roles a task can be dispatched as. */
    listRoles: () => call<Array<Role>>("list_roles"),
    /** Every agent profile, by name. */
    listAgents: () => call<Array<AgentProfile>>("list_agents"),
    /** Adds an agent profile. */
    addAgent: (input: RawAgentProfile) => call<AgentProfile>("add_agent", { input }),
    /** Changes a profile; absent fields stay as they are. */
    editAgent: (name: string, command?: string | null, args?: Array<string> | null, outputFormat?: string | null, model?: string | null, isDefault?: boolean | null, permissions?: string | null) => call<AgentProfile>("edit_agent", { name, command, args, outputFormat, model, isDefault, permissions }),
    /** The default agent of each task role that has one (role id → profile name). */
    roleAgents: () => call<{ [key in string]: string }>("role_agents"),
    /** Makes `name` the default agent of `role`, or clears the role's default. */
    setRoleAgent: (role: string, name?: string | null) => call<void>("set_role_agent", { role, name }),
    /** The default agent of each project that has one (project id → profile name). */
    projectAgents: () => call<{ [key in string]: string }>("project_agents"),
    /** Makes `name` the default agent of a project, or clears the project's default. */
    setProjectAgent: (projectId: string, name?: string | null) => call<void>("set_project_agent", { projectId, name }),
    /** Removes a profile. */
    removeAgent: (name: string) => call<AgentProfile>("remove_agent", { name }),
    /** Checks an agent: `--version`, then a one-word probe prompt. */
    testAgent: (name: string) => call<AgentTest>("test_agent", { name }),
    /** Which agent CLIs are on PATH, and the profiles using each. */
    detectAgents: () => call<Array<DetectedAgent>>("detect_agents"),
    /** Which agent a task of this project and role would run with, and whether it can start. */
    agentReadiness: (projectId: string, role?: string | null, agent?: string | null) => call<AgentReadiness>("agent_readiness", { projectId, role, agent }),
    /** The latest activity of every runner (live updates arrive as `activity` events). */
    currentActivity: () => call<Array<Activity>>("current_activity"),
    /** A project's documents, by path. */
    listDocuments: (projectId: string) => call<Array<DocumentEntry>>("list_documents", { projectId }),
    /** One document with its links, suggested links and open drift. */
    documentDetail: (id: string) => call<DocumentDetail>("document_detail", { id }),
    /** A document's file as text (inside the repository only, at most 256 KiB). */
    documentContent: (id: string) => call<DocumentContent>("document_content", { id }),
    /** Registers a repository file as a document by hand. */
    addDocument: (projectId: string, title: string, path: string, docType?: string | null, description?: string | null) => call<Document>("add_document", { projectId, title, path, docType, description }),
    /** Edits a document's title, type or description. */
    editDocument: (id: string, title?: string | null, docType?: string | null, description?: string | null) => call<Document>("edit_document", { id, title, docType, description }),
    /** Removes a document from the registry (its file stays). */
    removeDocument: (id: string) => call<Document>("remove_document", { id }),
    /** Discovers the project's documents now. */
    discoverDocuments: (projectId: string) => call<DiscoveryReport>("discover_documents", { projectId }),
    /** Raises a drift signal by hand on a document. */
    addDrift: (documentId: string, detail: string, severity?: string | null) => call<DriftSignal>("add_drift", { documentId, detail, severity }),
    /** Links a document to a code path it covers. */
    linkDocument: (id: string, codePath: string, linkType: string) => call<DocumentLink>("link_document", { id, codePath, linkType }),
    /** Removes a document's link to a code path. */
    unlinkDocument: (id: string, codePath: string) => call<void>("unlink_document", { id, codePath }),
    /** The document is up to date: fresh again, its open drift resolved. */
    markDocumentUpdated: (id: string) => call<Document>("mark_document_updated", { id }),
    /** Scans the project's git history now and raises drift signals. */
    runSync: (projectId: string) => call<SyncRun>("run_sync", { projectId }),
    /** A project's sync runs, newest first. */
    listSyncRuns: (projectId: string, limit: number) => call<Array<SyncRun>>("list_sync_runs", { projectId, limit }),
    /** A project's drift signals, optionally of one status, by severity or by time. */
    listDrift: (projectId: string, status: string | null, sort: string) => call<Array<DriftSignal>>("list_drift", { projectId, status, sort }),
    /** Resolves, dismisses or reopens a drift signal. */
    setDriftStatus: (id: string, status: string) => call<DriftSignal>("set_drift_status", { id, status }),
    /** Resolves every open drift signal of a project. */
    resolveAllDrift: (projectId: string) => call<number>("resolve_all_drift", { projectId }),
    /** Open drift per severity and the documents' staleness. */
    driftOverview: (projectId: string) => call<DriftOverview>("drift_overview", { projectId }),
    /** Searches tasks, backlog items, requirements, candidates and documents. */
    search: (query: string, projectId: string | null, kinds: Array<string>) => call<SearchResults>("search", { query, projectId, kinds }),
    /** The newest notifications, or only the unread ones. */
    listNotifications: (unreadOnly: boolean) => call<Array<Notification>>("list_notifications", { unreadOnly }),
    /** How many notifications are unread. */
    unreadNotifications: () => call<number>("unread_notifications"),
    /** Marks one notification read or unread. */
    setNotificationRead: (id: string, read: boolean) => call<void>("set_notification_read", { id, read }),
    /** Marks every notification read. */
    readAllNotifications: () => call<number>("read_all_notifications"),
  };
}
