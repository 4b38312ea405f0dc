import { useState } from "react";
import { ErrorLine } from "../../components/Status";
import {
  type AgentProfile,
  CommandError,
  ipc,
  OUTPUT_FORMATS,
  type OutputFormat,
  PERMISSIONS,
  type Permissions,
} from "../../ipc";

/**
 * Edits one agent profile in place: its command, extra arguments (one per line, so arguments with
 * spaces stay whole), output format and model. The core validates; its error shows under the form.
 */
export function AgentEditor({ agent, onDone }: { agent: AgentProfile; onDone: (changed: boolean) => void }) {
  const [command, setCommand] = useState(agent.command);
  const [args, setArgs] = useState(agent.args.join("\n"));
  const [format, setFormat] = useState<OutputFormat>(agent.output_format);
  const [model, setModel] = useState(agent.model);
  const [permissions, setPermissions] = useState<Permissions>(agent.permissions);
  const [error, setError] = useState<string | CommandError | null>(null);
  return (
    <form
      className="stacked-form agent-editor"
      aria-label={`Edit ${agent.name}`}
      onSubmit={(e) => {
        e.preventDefault();
        const nextArgs = args.split("\n").filter((a) => a.trim() !== "");
        ipc
          .editAgent(agent.name, command.trim(), nextArgs, format, model.trim(), undefined, permissions)
          .then(
            () => onDone(true),
            (err: CommandError) => setError(err),
          );
      }}
    >
      <label>
        Command <input value={command} onChange={(e) => setCommand(e.target.value)} />
      </label>
      <label>
        Arguments, one per line ({"{prompt_file}"}, {"{prompt}"} and {"{workdir}"} are filled in)
        <textarea rows={3} value={args} onChange={(e) => setArgs(e.target.value)} />
      </label>
      <label>
        Output format
        <select value={format} onChange={(e) => setFormat(e.target.value as OutputFormat)}>
          {OUTPUT_FORMATS.map((f) => (
            <option key={f}>{f}</option>
          ))}
        </select>
      </label>
      <label>
        Model <input value={model} onChange={(e) => setModel(e.target.value)} placeholder="the CLI's default" />
      </label>
      <label>
        Permissions in its workspace
        <select value={permissions} onChange={(e) => setPermissions(e.target.value as Permissions)}>
          {PERMISSIONS.map((p) => (
            <option key={p} value={p}>
              {p === "edit" ? "edit files" : "full: edit files and run commands"}
            </option>
          ))}
        </select>
      </label>
      {permissions === "full" && (
        <p className="workspace-warning" role="note">
          With full permissions the agent runs any command in its worktree (tests, builds, package installs)
          without asking.
        </p>
      )}
      <div>
        <button type="submit">Save</button>{" "}
        <button type="button" onClick={() => onDone(false)}>
          Cancel
        </button>
      </div>
      <ErrorLine message={error} />
    </form>
  );
}
