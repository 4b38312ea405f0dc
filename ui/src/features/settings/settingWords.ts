// What each setting is called on screen. The core names settings by key (for the CLI and the config);
// people get a label, the meaning of "not set", and for a choice the words for each value. A key the core
// adds later still shows, under a label made from its key, until it has words here.
import type { ProviderKind } from "../../ipc";

export interface SettingWords {
  label: string;
  /** What an empty value means, for the placeholder and "Default: …". */
  unset?: string;
  /** Said instead of the core's one-line description, where that is too terse for the form. */
  help?: string;
  /** Words for the values of a choice. */
  choices?: Record<string, string>;
}

/** The planning providers as people know them. */
export const PROVIDER_LABELS: Record<ProviderKind, string> = {
  deterministic: "Built-in (offline)",
  "openai-compatible": "OpenAI-compatible model",
  agent: "Local agent CLI",
};

const WORDS: Record<string, SettingWords> = {
  "planning.provider": {
    label: "Planning provider",
    help: "Who drafts plans when a run names no provider: the built-in planner works offline from templates; an OpenAI-compatible model uses the address, model and key below; a local agent CLI uses your agent profiles.",
    choices: PROVIDER_LABELS,
  },
  "planning.base_url": { label: "Model endpoint", unset: "none" },
  "planning.model": { label: "Model name", unset: "none" },
  "planning.api_key_env": {
    label: "API key variable",
    unset: "none (the OS keyring is used)",
    help: "The name of the environment variable holding the provider's API key, never the key itself; leave it unset to use the OS keyring below.",
  },
  "dispatch.timeout_seconds": { label: "Agent timeout", unset: "each role's own budget" },
  "dispatch.output_max_bytes": { label: "Output cap" },
  "workspace.setup_timeout_seconds": { label: "Setup timeout" },
  "budget.project_daily_usd": {
    label: "Daily budget per project",
    unset: "no budget",
    help: "Most a project's agents may spend in a day, in US dollars: once spent, its queued tasks wait for the next day.",
  },
  "budget.task_usd": {
    label: "Budget per task",
    unset: "no budget",
    help: "Most one task's attempts together may spend, in US dollars: a run that goes over is stopped and fails as budget exceeded.",
  },
};

export function settingWords(key: string): SettingWords {
  const known = WORDS[key];
  if (known) return known;
  const last = key.slice(key.lastIndexOf(".") + 1).replaceAll("_", " ");
  return { label: last.charAt(0).toUpperCase() + last.slice(1) };
}
