import { useState } from "react";
import { ErrorLine, LiveStatus } from "../../components/Status";
import { useLive } from "../../hooks/useLive";
import { type AgentProfile, CommandError, ipc, type Role } from "../../ipc";

/**
 * Which agent runs each execution role when a task names none. A role without its own default falls
 * back to the project's, then the default profile, then claude or codex on PATH.
 */
export function RoleAgents({ roles, agents }: { roles: Role[]; agents: AgentProfile[] }) {
  const { state, reload } = useLive(() => ipc.roleAgents(), [], ["settings", "agents"]);
  const [error, setError] = useState<string | null>(null);
  if (state.kind !== "ready") return <LiveStatus state={state} what="role defaults" />;
  const chosen = state.data;
  return (
    <>
      <table className="grid" aria-label="Agent per role">
        <thead>
          <tr>
            <th>Role</th>
            <th>Budget</th>
            <th>Agent</th>
          </tr>
        </thead>
        <tbody>
          {roles.map((r) => (
            <tr key={r.id}>
              <td>{r.title}</td>
              <td className="muted">{Math.round(r.default_timeout_sec / 60)} min</td>
              <td>
                <select
                  aria-label={`Agent for ${r.title}`}
                  value={chosen[r.id] ?? ""}
                  onChange={(e) =>
                    ipc.setRoleAgent(r.id, e.target.value || null).then(
                      () => {
                        setError(null);
                        reload();
                      },
                      (err: CommandError) => setError(`${err.code}: ${err.message}`),
                    )
                  }
                >
                  <option value="">the default agent</option>
                  {chosen[r.id] && !agents.some((a) => a.name === chosen[r.id]) && (
                    <option value={chosen[r.id]}>{chosen[r.id]} (no such profile)</option>
                  )}
                  {agents.map((a) => (
                    <option key={a.id} value={a.name}>
                      {a.name}
                    </option>
                  ))}
                </select>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <ErrorLine message={error} />
    </>
  );
}
