import { useEffect, useState } from "react";
import { Badge, ErrorLine } from "../../components/Status";
import { CommandError, type DispatchAttempt, ipc } from "../../ipc";

function seconds(a: DispatchAttempt): string {
  if (!a.ended_at) return "running";
  const ms = Date.parse(a.ended_at) - Date.parse(a.started_at);
  return Number.isFinite(ms) ? `${(ms / 1000).toFixed(1)} s` : "";
}

/** Every dispatch attempt of a task, newest first: agent, outcome, error kind, duration, files, cost.
 * `version` changes whenever the task does, which reloads the list. */
export function AttemptHistory({ taskId, version }: { taskId: string; version: string }) {
  const [rows, setRows] = useState<DispatchAttempt[] | null>(null);
  const [error, setError] = useState<string | CommandError | null>(null);
  useEffect(() => {
    ipc.taskAttempts(taskId).then(
      (list) => setRows([...list].sort((a, b) => b.attempt_no - a.attempt_no)),
      (e: CommandError) => setError(e),
    );
  }, [taskId, version]);
  if (error) return <ErrorLine message={error} />;
  if (!rows || rows.length === 0) return null;
  return (
    <details className="evidence-drawer">
      <summary>Attempts ({rows.length})</summary>
      <table className="grid">
        <thead>
          <tr>
            <th>#</th>
            <th>Agent</th>
            <th>Outcome</th>
            <th>Took</th>
            <th>Files</th>
            <th>Cost</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((a) => (
            <tr key={a.id}>
              <td>{a.attempt_no}</td>
              <td>{a.agent_name}</td>
              <td>
                <Badge kind="attempt" value={a.outcome} />
                {a.error_kind && <code> {a.error_kind}</code>}
              </td>
              <td>{seconds(a)}</td>
              <td>{a.files_applied}</td>
              <td>{a.cost_usd != null ? `$${a.cost_usd.toFixed(4)}` : "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}
