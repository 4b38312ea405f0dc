// Edits one agent profile in place. The core validates; its error shows under the form.
import { useState } from "react";
import { ErrorLine } from "../../components/Status";
import { type AgentProfile, CommandError, ipc } from "../../ipc";
import { type AgentDraft, AgentFields, argsOf } from "./AgentFields";

export function AgentEditor({ agent, onDone }: { agent: AgentProfile; onDone: (changed: boolean) => void }) {
  const [draft, setDraft] = useState<AgentDraft>({
    command: agent.command,
    args: agent.args.join("\n"),
    format: agent.output_format,
    model: agent.model,
    permissions: agent.permissions,
  });
  const [error, setError] = useState<CommandError | null>(null);
  return (
    <form
      className="agent-form agent-editor"
      aria-label={`Edit ${agent.name}`}
      onSubmit={(e) => {
        e.preventDefault();
        ipc
          .editAgent(agent.name, draft.command.trim(), argsOf(draft), draft.format || agent.output_format, draft.model.trim(), undefined, draft.permissions)
          .then(
            () => onDone(true),
            (err: CommandError) => setError(err),
          );
      }}
    >
      <AgentFields draft={draft} onChange={setDraft} />
      <div className="agent-form-actions">
        <button type="submit">Save</button>{" "}
        <button type="button" onClick={() => onDone(false)}>
          Cancel
        </button>
      </div>
      <ErrorLine error={error} />
    </form>
  );
}
