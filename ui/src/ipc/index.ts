// The only module that imports @tauri-apps/api. Everything else calls these typed wrappers, so components
// can be tested with the IPC mocked here and nowhere else.
import { invoke } from "@tauri-apps/api/core";
import type { ErrorCode, IpcError, Project } from "../gen/types";

export type { ErrorCode, IpcError, Project };

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
};
