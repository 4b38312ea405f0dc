import { useState } from "react";
import { ErrorLine, LiveStatus } from "../../components/Status";
import { useLive } from "../../hooks/useLive";
import { type AgentProfile, CommandError, ipc, type Project, type Role } from "../../ipc";

/**
 * Which agent runs a task that names none: its role's default, else its project's, else the default
 * profile, else claude or codex on PATH. The project row sets the default of the project on screen.
 */
export function RoleAgents({ roles, agents, project }: { roles: Role[]; agents: AgentProfile[]; project: Project | null }) {
  const { state, reload } = useLive(
    () => Promise.all([ipc.roleAgents(), ipc.projectAgents()]),
    [],
    ["settings", "agents"],
  );
  const [error, setError] = useState<string | CommandError | null>(null);
  if (state.kind !== "ready") return <LiveStatus state={state} what="role defaults" />;
  const [chosen, byProject] = state.data;
  const saved = (request: Promise<void>) =>
    request.then(
      () => {
        setError(null);
        reload();
      },
      (err: CommandError) => setError(err),
    );
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
          {project && (
            <tr>
              <td>Any role, in {project.name}</td>
              <td />
              <td>
                <AgentSelect
                  label={`Agent for ${project.name}`}
                  value={byProject[project.id]}
                  agents={agents}
                  onChange={(name) => saved(ipc.setProjectAgent(project.id, name))}
                />
              </td>
            </tr>
          )}
          {roles.map((r) => (
            <tr key={r.id}>
              <td>{r.title}</td>
              <td className="muted">{Math.round(r.default_timeout_sec / 60)} min</td>
              <td>
                <AgentSelect
                  label={`Agent for ${r.title}`}
                  value={chosen[r.id]}
                  agents={agents}
                  onChange={(name) => saved(ipc.setRoleAgent(r.id, name))}
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <ErrorLine message={error} />
    </>
  );
}

/** A profile picker whose empty choice falls back to the next level; a removed profile still shows. */
function AgentSelect({
  label,
  value,
  agents,
  onChange,
}: {
  label: string;
  value: string | undefined;
  agents: AgentProfile[];
  onChange: (name: string | null) => void;
}) {
  return (
    <select aria-label={label} value={value ?? ""} onChange={(e) => onChange(e.target.value || null)}>
      <option value="">the default agent</option>
      {value && !agents.some((a) => a.name === value) && <option value={value}>{value} (no such profile)</option>}
      {agents.map((a) => (
        <option key={a.id} value={a.name}>
          {a.name}
        </option>
      ))}
    </select>
  );
}
