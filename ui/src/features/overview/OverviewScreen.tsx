import { LiveStatus } from "../../components/Status";
import { useLive } from "../../hooks/useLive";
import { ipc } from "../../ipc";
import { TrendChart } from "./TrendChart";

/**
 * The project at a glance: health, review backlog, planning acceptance, two weeks of throughput and
 * acceptance, work by status and dispatch.
 */
export function OverviewScreen({ projectId }: { projectId: string }) {
  const { state } = useLive(() => ipc.dashboard(projectId), [projectId], ["tasks", "backlog_items", "candidates", "planning_runs"]);
  if (state.kind !== "ready") return <LiveStatus state={state} what="the overview" />;
  const d = state.data;
  const rate = d.planning_acceptance_rate_7d;
  return (
    <section aria-labelledby="overview-heading" className="panel">
      <h2 id="overview-heading">Overview</h2>
      <dl className="stats">
        <div>
          <dt>Health</dt>
          <dd>{d.health_score.toFixed(2)}</dd>
        </div>
        <div>
          <dt>Candidates to review</dt>
          <dd>{d.pending_review}</dd>
        </div>
        <div>
          <dt>Work awaiting review</dt>
          <dd>{d.awaiting_review}</dd>
        </div>
        <div>
          <dt>Accepted (7 days)</dt>
          <dd>{rate == null ? "—" : `${Math.round(rate * 100)}%`}</dd>
        </div>
        <div>
          <dt>Urgent open</dt>
          <dd>{d.backlog_focus.urgent_open}</dd>
        </div>
      </dl>
      <h3>Throughput and acceptance</h3>
      <TrendChart trend={d.trend} />
      <h3>Tasks</h3>
      <Bars values={d.tasks_by_status} label="Tasks by status" />
      <h3>Dispatch</h3>
      <Bars values={d.tasks_by_dispatch_status} label="Tasks by dispatch status" />
    </section>
  );
}

/** A horizontal bar per key, scaled to the largest value. */
function Bars({ values, label }: { values: Record<string, number | undefined>; label: string }) {
  const entries = Object.entries(values).map(([k, v]) => [k, v ?? 0] as const);
  const max = Math.max(1, ...entries.map(([, v]) => v));
  if (entries.length === 0) return <p className="muted">Nothing yet.</p>;
  return (
    <ul className="bars" aria-label={label}>
      {entries.map(([key, value]) => (
        <li key={key}>
          <span className="bar-label">{key.replace("_", " ")}</span>
          <span className="bar" style={{ width: `${(value / max) * 100}%` }} />
          <span className="bar-value">{value}</span>
        </li>
      ))}
    </ul>
  );
}
