// The only module that imports @tauri-apps/api. Everything else calls these typed wrappers, so components
// can be tested with the IPC mocked here and nowhere else.
import { Channel, invoke } from "@tauri-apps/api/core";
import { listen } from "@tauri-apps/api/event";
import { open } from "@tauri-apps/plugin-dialog";
import type {
  About,
  Activity,
  ApiKeySource,
  AgentProfile,
  AgentTest,
  ApplyOutcome,
  BacklogItem,
  CommitOutcome,
  ContextSummary,
  Dashboard,
  DataKind,
  DispatchAttempt,
  DispatchState,
  ErrorCode,
  FeedbackKind,
  IpcError,
  Notice,
  PlanningRun,
  PlanningRunDetail,
  PlanningTemplate,
  Project,
  ProviderKind,
  ProviderTest,
  Requirement,
  Role,
  SettingView,
  SuggestOutcome,
  Task,
  TaskDetail,
  TerminalChunk,
  AttemptLog,
} from "../gen/types";

// Every generated type is part of this module's surface, so components import types from here only.
export type * from "../gen/types";

/** The fields of a backlog item the operator writes (the core validates each). */
export type BacklogDraft = {
  title: string;
  description?: string;
  status?: string;
  priority?: string;
  labels?: string[];
  acceptanceCriteria?: string;
  /** Position in the backlog; lower comes first. */
  rank?: number;
  blockedReason?: string;
};

/** A failed command, carrying the core's stable error code. */
export class CommandError extends Error {
  readonly code: ErrorCode;

  constructor(error: IpcError) {
    super(error.message);
    this.name = "CommandError";
    this.code = error.code;
  }
}

function isIpcError(value: unknown): value is IpcError {
  return typeof value === "object" && value !== null && "code" in value && "message" in value;
}

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (error) {
    if (isIpcError(error)) throw new CommandError(error);
    throw new CommandError({ code: "io", message: String(error) });
  }
}

export const ipc = {
  listProjects: () => call<Project[]>("list_projects"),
  addProject: (path: string) => call<Project>("add_project", { path }),

  listRequirements: (projectId: string) =>
    call<Requirement[]>("list_requirements", { projectId, includeArchived: false }),
  editRequirement: (
    id: string,
    patch: { title?: string; summary?: string; description?: string; audience?: string; successCriteria?: string },
  ) => call<Requirement>("edit_requirement", { id, ...patch }),
  addRequirement: (projectId: string, title: string, summary?: string) =>
    call<Requirement>("add_requirement", { projectId, title, summary }),
  startPlanningRun: (requirementId: string, options: { provider?: ProviderKind; template?: PlanningTemplate } = {}) =>
    call<PlanningRun>("start_planning_run", { requirementId, ...options }),
  startWhatsNext: (projectId: string) => call<PlanningRun>("start_whats_next", { projectId }),
  listPlanningRuns: (requirementId: string) => call<PlanningRun[]>("list_planning_runs", { requirementId }),
  planningRun: (id: string) => call<PlanningRunDetail>("planning_run", { id }),
  editCandidate: (id: string, patch: { title?: string; description?: string; feedbackKind?: FeedbackKind; feedbackNote?: string }) =>
    call<unknown>("update_candidate", { id, ...patch }),
  reviewCandidate: (id: string, status: "approved" | "rejected" | "draft") =>
    call<unknown>("update_candidate", { id, status }),
  applyCandidate: (id: string, role: string | null, approve: boolean) =>
    call<ApplyOutcome>("apply_candidate", { id, role, approve }),
  suggestRole: (id: string) => call<SuggestOutcome>("suggest_role", { id }),
  planningContext: (runId: string) => call<ContextSummary>("planning_context", { id: runId, raw: false }),

  listBacklog: (projectId: string, includeArchived = false) =>
    call<BacklogItem[]>("list_backlog", { projectId, includeArchived }),
  addBacklogItem: (projectId: string, item: BacklogDraft) =>
    call<BacklogItem>("add_backlog_item", { projectId, labels: [], ...item }),
  editBacklogItem: (id: string, patch: Partial<BacklogDraft>) =>
    call<BacklogItem>("edit_backlog_item", { id, ...patch }),
  commitBacklogItem: (id: string, role: string | null) => call<CommitOutcome>("commit_backlog_item", { id, role }),

  listTasks: (projectId: string) => call<Task[]>("list_tasks", { projectId }),
  addTask: (projectId: string, title: string, priority: string) => call<Task>("add_task", { projectId, title, priority }),
  task: (id: string) => call<TaskDetail>("task", { id }),
  batchEditTasks: (ids: string[], patch: { status?: string; priority?: string }) =>
    call<Task[]>("batch_edit_tasks", { ids, ...patch }),
  taskAttempts: (id: string) => call<DispatchAttempt[]>("task_attempts", { id }),
  taskLog: (id: string) => call<AttemptLog>("task_log", { id }),
  cancelTask: (id: string) => call<Task>("cancel_task", { id }),
  requeueTask: (id: string) => call<Task>("requeue_task", { id }),

  dashboard: (projectId: string) => call<Dashboard>("dashboard", { projectId }),
  dispatchState: () => call<DispatchState>("dispatch_state"),
  setDispatchPaused: (paused: boolean) => call<void>("set_dispatch_paused", { paused }),
  setDispatchConcurrency: (concurrency: number) => call<void>("set_dispatch_concurrency", { concurrency }),
  about: () => call<About>("about"),
  listRoles: () => call<Role[]>("list_roles"),
  listAgents: () => call<AgentProfile[]>("list_agents"),
  listSettings: () => call<SettingView[]>("list_settings"),
  setSetting: (key: string, value: string) => call<SettingView>("set_setting", { key, value }),
  unsetSetting: (key: string) => call<SettingView>("unset_setting", { key }),
  apiKeySource: () => call<ApiKeySource>("api_key_source"),
  setProviderKey: (key: string) => call<ApiKeySource>("set_provider_key", { key }),
  clearProviderKey: () => call<ApiKeySource>("clear_provider_key"),
  testPlanningProvider: () => call<ProviderTest>("test_planning_provider"),
  addAgent: (agent: { name: string; kind: string; command: string | null; outputFormat: string | null; isDefault: boolean }) =>
    call<AgentProfile>("add_agent", { ...agent, args: [], model: null }),
  editAgent: (
    name: string,
    patch: { command?: string; args?: string[]; outputFormat?: string; model?: string; isDefault?: boolean },
  ) => call<AgentProfile>("edit_agent", { name, ...patch }),
  roleAgents: () => call<Record<string, string>>("role_agents"),
  setRoleAgent: (role: string, name: string | null) => call<void>("set_role_agent", { role, name }),
  projectAgents: () => call<Record<string, string>>("project_agents"),
  setProjectAgent: (projectId: string, name: string | null) => call<void>("set_project_agent", { projectId, name }),
  removeAgent: (name: string) => call<AgentProfile>("remove_agent", { name }),
  testAgent: (name: string) => call<AgentTest>("test_agent", { name }),
  currentActivity: () => call<Activity[]>("current_activity"),
};

/**
 * Calls `handler` with each batch of activity the core publishes: the latest state of every runner that
 * changed, at most one batch per display frame. Returns the unsubscribe function.
 */
export async function onActivity(handler: (batch: Activity[]) => void): Promise<() => void> {
  return listen<Activity[]>("activity", (event) => handler(event.payload));
}

/** An open live terminal subscription. */
export interface OutputWatch {
  /** Whether an attempt was running when the watch began (if not, only the captured tail arrives). */
  running: boolean;
  /** Stops delivering chunks to the handler. */
  stop: () => void;
}

/**
 * Streams the live output of task `id` to `handler`: the captured tail first, then each new chunk, then
 * `{kind: "ended"}`. The core sends over a dedicated channel, not the event bus, so a chatty agent never
 * delays activity events.
 */
export async function watchTaskOutput(id: string, handler: (chunk: TerminalChunk) => void): Promise<OutputWatch> {
  let open = true;
  const channel = new Channel<TerminalChunk>();
  channel.onmessage = (chunk) => {
    if (open) handler(chunk);
  };
  const running = await call<boolean>("watch_task_output", { id, onOutput: channel });
  return { running, stop: () => (open = false) };
}

/** Calls `handler` when a task or planning run finishes in a way worth telling the operator about. */
export async function onNotice(handler: (notice: Notice) => void): Promise<() => void> {
  return listen<Notice>("notice", (event) => handler(event.payload));
}

/**
 * Calls `handler` with the kinds of stored data that changed (by this window, the dispatch loop, or the
 * CLI in another process). Returns the unsubscribe function.
 */
export async function onChanged(handler: (kinds: DataKind[]) => void): Promise<() => void> {
  return listen<DataKind[]>("changed", (event) => handler(event.payload));
}

/** Calls `handler` with the notice whose desktop notification the operator clicked. */
export async function onOpenNotice(handler: (notice: Notice) => void): Promise<() => void> {
  return listen<Notice>("open-notice", (event) => handler(event.payload));
}

/** Asks the operator for a folder with the native picker; null when they cancel. */
export async function pickFolder(title: string): Promise<string | null> {
  const chosen = await open({ directory: true, multiple: false, title });
  return typeof chosen === "string" ? chosen : null;
}
