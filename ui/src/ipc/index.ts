// The only module that imports @tauri-apps/api. Everything else calls these typed wrappers, so components
// can be tested with the IPC mocked here and nowhere else.
import { Channel, invoke } from "@tauri-apps/api/core";
import { listen } from "@tauri-apps/api/event";
import { open, save } from "@tauri-apps/plugin-dialog";
import { commands } from "../gen/commands";
import type {
  Activity,
  CandidateStatus,
  ContextSummary,
  DataKind,
  ErrorCode,
  IpcError,
  Notice,
  TerminalChunk,
} from "../gen/types";

// Every generated type is part of this module's surface, so components import types from here only.
export type * from "../gen/types";
// The value lists of the core's enums, for pickers and filters (typed with the generated unions).
export {
  AGENT_KINDS,
  BACKLOG_ITEM_STATUSES,
  BACKLOG_SORTS,
  CANDIDATE_STATUSES,
  DISPATCH_STATUSES,
  FEEDBACK_KINDS,
  MERGE_STRATEGIES,
  OUTPUT_FORMATS,
  PERMISSIONS,
  PLANNING_TEMPLATES,
  PRIORITIES,
  PROVIDER_KINDS,
  REQUIREMENT_STATUSES,
  REVIEW_STATUSES,
  STAGES,
  TASK_SORTS,
  TASK_STATUSES,
  WORKSPACE_MODES,
} from "../gen/types";

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

/**
 * The context a run was planned against, as the summary: `planning_context` without `raw` answers the
 * summary, or this marker when the run kept no snapshot (never the raw JSON).
 */
export type RunContext = ContextSummary | { available: false; planning_run_id: string };

/** One typed wrapper per command of the core's registry (generated from it), sent through `call`. */
const generated = commands(call);

export const ipc = {
  ...generated,
  // Convenience adapters: a simpler shape for one screen, always through a generated wrapper.

  /** Approves, rejects or returns a candidate to draft (the review buttons). */
  reviewCandidate: (id: string, status: Exclude<CandidateStatus, "applied">) => generated.updateCandidate(id, { status }),
  /** The context summary of a run (the evidence drawer); `available` is false when it kept no snapshot. */
  contextSummary: (runId: string) => generated.planningContext(runId, false) as Promise<RunContext>,
  /** Opens a task's worktree in the system's file manager (an `os` command, written by hand in the shell). */
  openTaskFolder: (id: string) => call<null>("open_task_folder", { id }),
  /** Starts a terminal in a task's worktree. */
  openTaskTerminal: (id: string) => call<null>("open_task_terminal", { id }),
  /** Makes a profile the default one, leaving its other fields as they are. */
  makeDefaultAgent: (name: string) => generated.editAgent(name, undefined, undefined, undefined, undefined, true),
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

/** Asks the operator where to save a project archive; null when they cancel. */
export async function pickArchiveTarget(suggested: string): Promise<string | null> {
  const chosen = await save({ title: "Export the project", defaultPath: suggested, filters: [{ name: "anpm archive", extensions: ["json"] }] });
  return typeof chosen === "string" ? chosen : null;
}

/** Asks the operator for a project archive to import; null when they cancel. */
export async function pickArchive(): Promise<string | null> {
  const chosen = await open({ multiple: false, directory: false, title: "Import a project", filters: [{ name: "anpm archive", extensions: ["json"] }] });
  return typeof chosen === "string" ? chosen : null;
}

/** Asks the operator for a folder with the native picker; null when they cancel. */
export async function pickFolder(title: string): Promise<string | null> {
  const chosen = await open({ directory: true, multiple: false, title });
  return typeof chosen === "string" ? chosen : null;
}
