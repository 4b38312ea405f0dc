import { LiveStatus } from "../../components/Status";
import { useLive } from "../../hooks/useLive";
import { ipc, type KnowledgeSummary } from "../../ipc";
import { CostChart } from "./CostChart";
import { TrendChart } from "./TrendChart";

/**
 * The project at a glance: health, review backlog, planning acceptance, two weeks of throughput and
 * acceptance, work by status and dispatch.
 */
export function OverviewScreen({ projectId }: { projectId: string }) {
  const { state } = useLive(() => ipc.dashboard(projectId), [projectId], [
    "tasks",
    "backlog_items",
    "candidates",
    "planning_runs",
    "documents",
    "drift_signals",
    "sync_runs",
  ]);
  if (state.kind !== "ready") return <LiveStatus state={state} what="the overview" />;
  const d = state.data;
  const rate = d.planning_acceptance_rate_7d;
  return (
    <section aria-labelledby="overview-heading" className="panel">
      <h2 id="overview-heading">Overview</h2>
      <dl className="stats">
        <div>
          <dt>Health</dt>
          <dd
            title={`70% task completion (${percent(d.task_completion)} of tasks not cancelled are done) + 30% document freshness (${percent(
              d.document_freshness,
            )} of documents are not stale)`}
          >
            {Math.trunc(d.health_score * 100)}%
          </dd>
          <dd className="stat-parts">
            {percent(d.task_completion)} done · {percent(d.document_freshness)} fresh docs
          </dd>
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
      {d.knowledge && <KnowledgeCard k={d.knowledge} />}
      <h3>Throughput and acceptance</h3>
      <TrendChart trend={d.trend} />
      <h3>Cost</h3>
      <CostChart projectId={projectId} />
      <h3>Tasks</h3>
      <Bars values={d.tasks_by_status} label="Tasks by status" />
      <h3>Dispatch</h3>
      <Bars values={d.tasks_by_dispatch_status} label="Tasks by dispatch status" />
    </section>
  );
}

function percent(value: number): string {
  return `${Math.round(value * 100)}%`;
}

/** The repository's side: the latest sync, open drift by severity, stale documents, the latest agent runs. */
function KnowledgeCard({ k }: { k: KnowledgeSummary }) {
  const sync = k.latest_sync;
  return (
    <>
      <h3>Repository knowledge</h3>
      <dl className="stats" aria-label="Repository knowledge">
        <div>
          <dt>Last sync</dt>
          <dd className={sync?.status === "failed" ? "stat-small failed" : "stat-small"}>
            {sync ? `${sync.status}, ${new Date(sync.completed_at ?? sync.started_at).toLocaleString()}` : "never"}
          </dd>
        </div>
        <div>
          <dt>Open drift</dt>
          <dd>{k.open_drift.high + k.open_drift.medium + k.open_drift.low}</dd>
          <dd className="stat-parts">
            {k.open_drift.high} high · {k.open_drift.medium} medium · {k.open_drift.low} low
          </dd>
        </div>
        <div>
          <dt>Stale documents</dt>
          <dd>
            {k.stale_documents} / {k.documents}
          </dd>
        </div>
      </dl>
      {k.recent_agent_runs.length > 0 && (
        <ul className="recent-runs" aria-label="Recent agent runs">
          {k.recent_agent_runs.map((r) => (
            <li key={r.id}>
              <span className={`chip${r.status === "failed" ? " chip-danger" : ""}`}>{r.status}</span> <strong>{r.agent_name}</strong>{" "}
              <span className="muted">{r.summary}</span>
            </li>
          ))}
        </ul>
      )}
    </>
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
