import { lazy, Suspense, useEffect, useState } from "react";
import { Badge, ErrorLine } from "../../components/Status";
import { CommandError, type DispatchAttempt, ipc } from "../../ipc";

const AttemptLogTerminal = lazy(() => import("../../components/LiveTerminal").then((m) => ({ default: m.AttemptLogTerminal })));

function took(a: DispatchAttempt): string {
  if (!a.ended_at) return "running";
  const ms = Date.parse(a.ended_at) - Date.parse(a.started_at);
  return Number.isFinite(ms) ? `${(ms / 1000).toFixed(1)} s` : "";
}

function tokens(a: DispatchAttempt): string {
  if (a.input_tokens == null && a.output_tokens == null) return "—";
  return `${(a.input_tokens ?? 0).toLocaleString()} in / ${(a.output_tokens ?? 0).toLocaleString()} out`;
}

/**
 * Every dispatch attempt of a task, newest first: agent, outcome, error kind, duration, files, tokens and
 * cost, with the sums; any attempt's full log opens below with its colours. `version` changes whenever the
 * task does, which reloads the list.
 */
export function AttemptHistory({ taskId, version }: { taskId: string; version: string }) {
  const [rows, setRows] = useState<DispatchAttempt[] | null>(null);
  const [error, setError] = useState<CommandError | null>(null);
  const [shown, setShown] = useState<number | null>(null);
  useEffect(() => {
    let live = true;
    ipc.taskAttempts(taskId).then(
      (list) => live && setRows([...list].sort((a, b) => b.attempt_no - a.attempt_no)),
      (e: CommandError) => live && setError(e),
    );
    return () => {
      live = false;
    };
  }, [taskId, version]);
  if (error) return <ErrorLine error={error} />;
  if (!rows) return <p className="muted">Loading the attempts…</p>;
  if (rows.length === 0) return <p className="muted">This task has not run yet.</p>;
  const cost = rows.reduce((sum, a) => sum + (a.cost_usd ?? 0), 0);
  const priced = rows.some((a) => a.cost_usd != null);
  const input = rows.reduce((sum, a) => sum + (a.input_tokens ?? 0), 0);
  const output = rows.reduce((sum, a) => sum + (a.output_tokens ?? 0), 0);
  return (
    <>
      <table className="grid attempts" aria-label="Attempts">
        <thead>
          <tr>
            <th>#</th>
            <th>Agent</th>
            <th>Outcome</th>
            <th>Usage</th>
            <th>
              <span className="visually-hidden">Log</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((a) => (
            <tr key={a.id} className={shown === a.attempt_no ? "selected" : undefined}>
              <td>{a.attempt_no}</td>
              <td>{a.agent_name || "—"}</td>
              <td>
                <Badge kind="attempt" value={a.outcome} />
                {a.error_kind && <span className="muted"> {a.error_kind.replace(/_/g, " ")}</span>}
                <div className="muted">
                  {took(a)}
                  {a.files_applied > 0 && ` · ${a.files_applied} file(s)`}
                </div>
              </td>
              <td>
                <div>{tokens(a)}</div>
                <div className="muted">{a.cost_usd != null ? `$${a.cost_usd.toFixed(4)}` : "no cost reported"}</div>
              </td>
              <td>
                {a.log_path && (
                  <button
                    type="button"
                    className="ghost"
                    aria-pressed={shown === a.attempt_no}
                    onClick={() => setShown(shown === a.attempt_no ? null : a.attempt_no)}
                  >
                    Log
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <td colSpan={3}>All {rows.length} attempt(s)</td>
            <td>
              <div>{input + output > 0 ? `${input.toLocaleString()} in / ${output.toLocaleString()} out` : "—"}</div>
              <div>{priced ? `$${cost.toFixed(4)}` : "no cost reported"}</div>
            </td>
            <td />
          </tr>
        </tfoot>
      </table>
      {shown !== null && (
        <Suspense fallback={<p className="muted">Opening the log…</p>}>
          <AttemptLogTerminal taskId={taskId} attempt={shown} />
        </Suspense>
      )}
    </>
  );
}
