// Agent profiles: which CLI runs tasks and how. The CLIs found on PATH (one click adds and checks one),
// the profiles (make default, check, edit, remove), a form that adds any CLI with every field the core
// accepts, and which profile each execution role uses.
import { useState } from "react";
import { ErrorLine, LiveStatus } from "../../components/Status";
import { useLive } from "../../hooks/useLive";
import {
  AGENT_KINDS,
  type AgentKind,
  type AgentTest,
  CommandError,
  ipc,
  type Project,
  type RawAgentProfile,
  type Role,
} from "../../ipc";
import { AgentTestResult } from "../onboarding/AgentTestResult";
import { AgentEditor } from "./AgentEditor";
import { type AgentDraft, AgentFields, argsOf } from "./AgentFields";
import { DetectedAgents } from "./DetectedAgents";
import { RoleAgents } from "./RoleAgents";

const EMPTY: AgentDraft = { command: "", args: "", format: "", model: "", permissions: "edit" };

export function AgentProfiles({ roles, project = null }: { roles: Role[]; project?: Project | null }) {
  const { state, reload } = useLive(() => ipc.listAgents(), [], ["agents"]);
  const [editing, setEditing] = useState<string | null>(null);
  const [tests, setTests] = useState<Record<string, AgentTest | "running">>({});
  const [error, setError] = useState<CommandError | null>(null);
  const [name, setName] = useState("");
  const [kind, setKind] = useState<AgentKind>("claude");
  const [draft, setDraft] = useState<AgentDraft>(EMPTY);
  const [isDefault, setIsDefault] = useState(false);
  const fail = (e: CommandError) => setError(e);
  const none = state.kind === "ready" && state.data.length === 0;
  const test = (agent: string) => {
    setTests((t) => ({ ...t, [agent]: "running" }));
    ipc.testAgent(agent).then(
      (result) => setTests((t) => ({ ...t, [agent]: result })),
      (e: CommandError) => {
        setTests((t) => {
          const { [agent]: _, ...rest } = t;
          return rest;
        });
        fail(e);
      },
    );
  };
  const add = () => {
    // Only what the operator filled in is sent: the core fills the rest in by kind.
    const input: RawAgentProfile = { name: name.trim(), kind, args: argsOf(draft), isDefault };
    if (draft.command.trim()) input.command = draft.command.trim();
    if (draft.format) input.outputFormat = draft.format;
    if (draft.model.trim()) input.model = draft.model.trim();
    if (draft.permissions !== "edit") input.permissions = draft.permissions;
    ipc.addAgent(input).then(() => {
      setName("");
      setDraft(EMPTY);
      setIsDefault(false);
      setError(null);
      reload();
    }, fail);
  };
  return (
    <div className="agent-profiles">
      <h4>Agent CLIs on PATH</h4>
      <DetectedAgents makeDefault={none} onAdded={reload} />
      <h4>Profiles</h4>
      <LiveStatus state={state} what="agents" />
      {none && <p className="muted">No profiles yet: tasks run with the first agent CLI found on PATH (above).</p>}
      {state.kind === "ready" && state.data.length > 0 && (
        <table className="grid agent-table">
          <thead>
            <tr>
              <th>Name</th>
              <th>Kind</th>
              <th>Command</th>
              <th>Default</th>
              <th />
            </tr>
          </thead>
          {state.data.map((a) => {
            const result = tests[a.name];
            return (
              // One body per profile, so its check's outcome can take the table's full width below it.
              <tbody key={a.id}>
                <tr>
                  <td>{a.name}</td>
                  <td>{a.kind}</td>
                  <td>
                    <code>{a.command}</code>
                  </td>
                  <td>
                    {a.is_default ? (
                      "yes"
                    ) : (
                      <button type="button" onClick={() => ipc.makeDefaultAgent(a.name).then(reload, fail)}>
                        Make default
                      </button>
                    )}
                  </td>
                  <td>
                    <span className="row-actions">
                      <button type="button" onClick={() => test(a.name)} disabled={result === "running"}>
                        {result === "running" ? "Testing…" : "Test"}
                      </button>
                      <button type="button" onClick={() => setEditing(editing === a.name ? null : a.name)}>
                        Edit
                      </button>
                      <button type="button" className="danger" onClick={() => ipc.removeAgent(a.name).then(reload, fail)}>
                        Remove
                      </button>
                    </span>
                  </td>
                </tr>
                {result && result !== "running" && (
                  <tr className="agent-test-row">
                    <td colSpan={5}>
                      <AgentTestResult result={result} />
                    </td>
                  </tr>
                )}
                {editing === a.name && (
                  <tr className="agent-edit-row">
                    <td colSpan={5}>
                      <AgentEditor
                        agent={a}
                        onDone={(changed) => {
                          setEditing(null);
                          if (changed) reload();
                        }}
                      />
                    </td>
                  </tr>
                )}
              </tbody>
            );
          })}
        </table>
      )}
      <h4>Add a profile</h4>
      <form
        className="agent-form"
        aria-label="Add an agent profile"
        onSubmit={(e) => {
          e.preventDefault();
          add();
        }}
      >
        <label>
          Name <input value={name} onChange={(e) => setName(e.target.value)} placeholder="claude-opus" />
        </label>
        <label>
          Kind
          <select value={kind} onChange={(e) => setKind(e.target.value as AgentKind)}>
            {AGENT_KINDS.map((k) => (
              <option key={k}>{k}</option>
            ))}
          </select>
        </label>
        <AgentFields
          draft={draft}
          onChange={setDraft}
          commandPlaceholder={kind === "custom" ? "/path/to/agent" : kind}
          formatByKind
        />
        <div className="agent-form-actions">
          <label className="check">
            <input type="checkbox" checked={isDefault} onChange={(e) => setIsDefault(e.target.checked)} /> default
          </label>
          <button type="submit" disabled={!name.trim()}>
            Add agent
          </button>
        </div>
      </form>
      <ErrorLine error={error} />
      <h4>Agent per role</h4>
      <RoleAgents roles={roles} agents={state.kind === "ready" ? state.data : []} project={project} />
    </div>
  );
}
