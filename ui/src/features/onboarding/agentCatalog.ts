// The agent CLIs anpm runs without any set-up (how a person installs each), and what a failed agent check
// means in words: shared by the first-run card, the Settings → Agents list and the readiness note.
import type { AgentKind, ErrorKind } from "../../ipc";

/** An agent CLI the core finds on PATH by itself. */
export interface KnownCli {
  kind: AgentKind;
  /** The command looked up on PATH. */
  command: string;
  /** The product's name, as its makers write it. */
  product: string;
  /** The npm package that installs it globally. */
  npm: string;
}

/** In the order the core tries them when no profile names one. */
export const KNOWN_CLIS: readonly KnownCli[] = [
  { kind: "claude", command: "claude", product: "Claude Code", npm: "@anthropic-ai/claude-code" },
  { kind: "codex", command: "codex", product: "Codex CLI", npm: "@openai/codex" },
  { kind: "gemini", command: "gemini", product: "Gemini CLI", npm: "@google/gemini-cli" },
  { kind: "opencode", command: "opencode", product: "opencode", npm: "opencode-ai" },
];

// A Record over the whole union, so a kind the core adds later fails the type check until it has words.
const KIND_WORDS: Record<ErrorKind, string> = {
  dispatch_timeout: "it ran past its time budget",
  output_too_large: "its output went over the output cap",
  invalid_result_schema: "its answer was not in the expected form",
  role_not_found: "the role does not exist",
  role_dispatch_malformed: "the role's instructions are malformed",
  cli_not_found: "its command is not on PATH or not executable",
  session_expired: "its login has expired; sign in to the CLI again in a terminal",
  rate_limited: "it hit a usage or rate limit",
  context_overflow: "the prompt did not fit its context window",
  model_not_available: "the model is not available to it",
  budget_exhausted: "its own turn or token budget is used up",
  budget_exceeded: "the task spent more than its budget (budget.task_usd)",
  prompt_too_large: "the prompt was too large",
  cancelled: "it was cancelled",
  interrupted: "it was interrupted",
  router_no_match: "no role matched",
  workspace_missing: "its workspace is missing",
  workspace_setup_failed: "the workspace setup failed",
  internal_error: "anpm hit an internal error",
  unknown: "it failed for a reason anpm could not tell",
};

/** A failure kind as a person reads it ("it hit a usage or rate limit"). */
export function errorKindWords(kind: ErrorKind): string {
  return KIND_WORDS[kind];
}

/** Whether a failure is fixed by setting up an agent (so its remediation can offer the Agents settings). */
export function needsAgentSetup(kind: ErrorKind | null | undefined): boolean {
  return kind === "cli_not_found";
}
