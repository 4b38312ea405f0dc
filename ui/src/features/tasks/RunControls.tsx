import { useState } from "react";
import { ErrorLine } from "../../components/Status";
import { useLive } from "../../hooks/useLive";
import { CommandError, ipc, type RunStarted, type TaskDetail } from "../../ipc";
import { RolePicker } from "./RolePicker";
import { AgentReadinessNote } from "../onboarding";

/** What a run request did, in the operator's words. */
function describe(run: RunStarted): string {
  switch (run.started) {
    case "queued":
      return "Queued: it starts when an agent slot is free.";
    case "queued_while_paused":
      return "Queued, but dispatch is paused: it starts when dispatch resumes, or now with Run now.";
    case "asked_loop":
      return run.paused ? "Starting now; dispatch stays paused for the rest of the queue." : "Starting now.";
    case "ran_here":
      return "It ran and has ended.";
  }
}

/**
 * Who runs the task and when: its execution role and agent profile, changeable whenever no agent runs it,
 * and Run / Run now. Every task can be run from here, whatever made it.
 */
export function RunControls({ detail, onChanged }: { detail: TaskDetail; onChanged: () => void }) {
  const { state } = useLive(() => Promise.all([ipc.listRoles(), ipc.listAgents()]), [], ["agents"]);
  const [role, setRole] = useState(detail.execution_role ?? "");
  // null keeps the task's agent; "" is the default for the role.
  const [agent, setAgent] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [said, setSaid] = useState<string | null>(null);
  const [error, setError] = useState<CommandError | null>(null);
  const status = detail.dispatch_status;
  if (status === "running" || status === "completed") return null;
  const [roles, agents] = state.kind === "ready" ? state.data : [[], []];
  const current = agents.find((a) => a.id === detail.agent_profile_id)?.name ?? "";
  const run = (now: boolean) => {
    setBusy(true);
    ipc
      .runTask(detail.id, role || null, agent, now)
      .then(
        (started) => {
          setError(null);
          setSaid(describe(started));
          onChanged();
        },
        (e: CommandError) => {
          setSaid(null);
          setError(e);
        },
      )
      .finally(() => setBusy(false));
  };
  const queued = status === "queued";
  return (
    <section aria-label="Run" className="run-controls">
      <div className="inline-form">
        <RolePicker roles={roles} value={role} onChange={setRole} none="choose a role" disabled={busy || queued} />
        <label>
          Agent
          <select value={agent ?? current} onChange={(e) => setAgent(e.target.value)} disabled={busy || queued}>
            <option value="">default for the role</option>
            {agents.map((a) => (
              <option key={a.id} value={a.name}>
                {a.name}
              </option>
            ))}
          </select>
        </label>
        {!queued && (
          <button type="button" className="primary" disabled={busy || role === ""} onClick={() => run(false)}>
            Run
          </button>
        )}
        <button type="button" disabled={busy || role === ""} onClick={() => run(true)} title="Starts at once, even while dispatch is paused">
          Run now
        </button>
      </div>
      {role === "" && <p className="muted">Choose the role an agent runs this task as.</p>}
      {!queued && <AgentReadinessNote projectId={detail.project_id} role={role} agent={agent ?? (current || null)} />}
      {said && (
        <p className="muted" role="status">
          {said}
        </p>
      )}
      <ErrorLine message={error} />
    </section>
  );
}
