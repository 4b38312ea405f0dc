// The fields a profile is run with (command, arguments, output format, model, permissions), shared by the
// add form and the in-place editor so both offer everything `agent add` / `agent edit` accept.
import { OUTPUT_FORMATS, type OutputFormat, PERMISSIONS, type Permissions } from "../../ipc";

export interface AgentDraft {
  command: string;
  /** One argument per line, so an argument with spaces stays whole. */
  args: string;
  /** "" leaves the format to the kind (only when adding). */
  format: OutputFormat | "";
  model: string;
  permissions: Permissions;
}

/** The non-empty lines of the arguments field. */
export function argsOf(draft: AgentDraft): string[] {
  return draft.args.split("\n").filter((a) => a.trim() !== "");
}

export function AgentFields({
  draft,
  onChange,
  commandPlaceholder,
  formatByKind = false,
}: {
  draft: AgentDraft;
  onChange: (next: AgentDraft) => void;
  commandPlaceholder?: string;
  /** Offer "as its kind prints it" as the format (a new profile; an existing one has a format). */
  formatByKind?: boolean;
}) {
  const set = (patch: Partial<AgentDraft>) => onChange({ ...draft, ...patch });
  return (
    <>
      <label>
        Command <input value={draft.command} onChange={(e) => set({ command: e.target.value })} placeholder={commandPlaceholder} />
      </label>
      <label>
        Output format
        <select value={draft.format} onChange={(e) => set({ format: e.target.value as OutputFormat | "" })}>
          {formatByKind && <option value="">as its kind prints it</option>}
          {OUTPUT_FORMATS.map((f) => (
            <option key={f} value={f}>
              {f}
            </option>
          ))}
        </select>
      </label>
      <label>
        Model <input value={draft.model} onChange={(e) => set({ model: e.target.value })} placeholder="the CLI's default" />
      </label>
      <label>
        Permissions in its workspace
        <select value={draft.permissions} onChange={(e) => set({ permissions: e.target.value as Permissions })}>
          {PERMISSIONS.map((p) => (
            <option key={p} value={p}>
              {p === "edit" ? "edit files" : "full: edit files and run commands"}
            </option>
          ))}
        </select>
      </label>
      <label className="agent-args">
        Arguments, one per line ({"{prompt_file}"}, {"{prompt}"} and {"{workdir}"} are filled in)
        <textarea rows={2} value={draft.args} onChange={(e) => set({ args: e.target.value })} />
      </label>
      {draft.permissions === "full" && (
        <p className="workspace-warning agent-args" role="note">
          With full permissions the agent runs any command in its worktree (tests, builds, package installs)
          without asking.
        </p>
      )}
    </>
  );
}
