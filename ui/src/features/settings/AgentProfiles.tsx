import { useState } from "react";
import { ErrorLine, LiveStatus } from "../../components/Status";
import { useLive } from "../../hooks/useLive";
import { AGENT_KINDS, type AgentKind, type AgentTest, CommandError, ipc, type Project, type Role } from "../../ipc";
import { AgentEditor } from "./AgentEditor";
import { DetectedAgents } from "./DetectedAgents";
import { RoleAgents } from "./RoleAgents";

/**
 * Agent profiles: which CLI runs tasks and how. Add, edit, make default, test (version + a one-word
 * probe), remove; and which profile each execution role uses.
 */
export function AgentProfiles({ roles, project = null }: { roles: Role[]; project?: Project | null }) {
  const { state, reload } = useLive(() => ipc.listAgents(), [], ["agents"]);
  const [editing, setEditing] = useState<string | null>(null);
  const [tests, setTests] = useState<Record<string, AgentTest | "running">>({});
  const [error, setError] = useState<string | CommandError | null>(null);
  const [name, setName] = useState("");
  const [kind, setKind] = useState<AgentKind>("claude");
  const [command, setCommand] = useState("");
  const [isDefault, setIsDefault] = useState(false);
  const fail = (e: CommandError) => setError(e);
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
  return (
    <div>
      <DetectedAgents onAdded={reload} onError={fail} />
      <LiveStatus state={state} what="agents" />
      {state.kind === "ready" && state.data.length === 0 && (
        <p className="muted">No profiles yet: tasks run with the first agent CLI found on PATH (above).</p>
      )}
      {state.kind === "ready" && state.data.length > 0 && (
        <table className="grid">
          <thead>
            <tr>
              <th>Name</th>
              <th>Kind</th>
              <th>Command</th>
              <th>Default</th>
              <th>Check</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {state.data.map((a) => {
              const result = tests[a.name];
              return (
                <tr key={a.id}>
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
                    <button type="button" onClick={() => test(a.name)} disabled={result === "running"}>
                      {result === "running" ? "Testing…" : "Test"}
                    </button>{" "}
                    {result && result !== "running" && (
                      <span className={result.version_ok && result.probe_ok ? "ok" : "error"} role="status">
                        {result.version ?? "no version"} · probe {result.probe_ok ? `ok in ${result.probe_ms} ms` : "failed"}
                        {result.error_kind && ` (${result.error_kind})`}
                      </span>
                    )}
                  </td>
                  <td>
                    <button type="button" onClick={() => setEditing(editing === a.name ? null : a.name)}>
                      Edit
                    </button>{" "}
                    <button type="button" onClick={() => ipc.removeAgent(a.name).then(reload, fail)}>
                      Remove
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {state.kind === "ready" &&
        state.data
          .filter((a) => a.name === editing)
          .map((a) => (
            <AgentEditor
              key={a.id}
              agent={a}
              onDone={(changed) => {
                setEditing(null);
                if (changed) reload();
              }}
            />
          ))}
      <form
        className="inline-form"
        aria-label="Add an agent profile"
        onSubmit={(e) => {
          e.preventDefault();
          ipc
            .addAgent({ name: name.trim(), kind, command: command.trim() || null, args: [], isDefault })
            .then(() => {
              setName("");
              setCommand("");
              setIsDefault(false);
              setError(null);
              reload();
            }, fail);
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
        <label>
          Command <input value={command} onChange={(e) => setCommand(e.target.value)} placeholder={kind === "custom" ? "/path/to/agent" : kind} />
        </label>
        <label className="check">
          <input type="checkbox" checked={isDefault} onChange={(e) => setIsDefault(e.target.checked)} /> default
        </label>
        <button type="submit" disabled={!name.trim()}>
          Add agent
        </button>
      </form>
      <ErrorLine message={error} />
      <h4>Agent per role</h4>
      <RoleAgents roles={roles} agents={state.kind === "ready" ? state.data : []} project={project} />
    </div>
  );
}
