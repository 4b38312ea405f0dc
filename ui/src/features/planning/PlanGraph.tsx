import { useState } from "react";
import { Badge, ErrorLine } from "../../components/Status";
import { useLive } from "../../hooks/useLive";
import { CommandError, ipc, type PlanQueued, type PlanStep } from "../../ipc";

const NODE_W = 180;
const NODE_H = 40;
const GAP_X = 28;
const GAP_Y = 10;
/** Room around the drawing so the nodes' outlines are not clipped. */
const PAD = 2;

/** Each step's column: one more than the deepest step it builds on (steps arrive foundations first). */
export function layers(steps: PlanStep[]): Map<string, number> {
  const level = new Map<string, number>();
  for (const s of steps) {
    const deps = s.depends_on.map((d) => level.get(d) ?? 0);
    level.set(s.task_id, deps.length > 0 ? Math.max(...deps) + 1 : 0);
  }
  return level;
}

function short(title: string): string {
  return title.length > 25 ? `${title.slice(0, 24)}…` : title;
}

/**
 * The tasks applied from a requirement as a small dependency graph (foundations on the left), what each
 * waits on, and "Run this plan", which queues them all: each starts when what it builds on lets it.
 */
export function PlanGraph({ requirementId }: { requirementId: string }) {
  const { state, reload } = useLive(() => ipc.planSteps(requirementId), [requirementId], ["tasks"]);
  const [outcome, setOutcome] = useState<PlanQueued | null>(null);
  const [error, setError] = useState<string | CommandError | null>(null);
  if (state.kind !== "ready" || state.data.length === 0) return null;
  const steps = state.data;
  const level = layers(steps);
  const columns = Math.max(...level.values()) + 1;
  const rows: Record<number, number> = {};
  const place = new Map<string, { x: number; y: number }>();
  for (const s of steps) {
    const col = level.get(s.task_id) ?? 0;
    const row = rows[col] ?? 0;
    rows[col] = row + 1;
    place.set(s.task_id, { x: col * (NODE_W + GAP_X), y: row * (NODE_H + GAP_Y) });
  }
  const width = columns * (NODE_W + GAP_X) - GAP_X;
  const height = Math.max(...Object.values(rows)) * (NODE_H + GAP_Y) - GAP_Y;
  const titleOf = (id: string) => steps.find((s) => s.task_id === id)?.title ?? id;
  const runnable = steps.some((s) => ["todo", "failed", "cancelled"].includes(s.stage) && s.execution_role);
  return (
    <section className="plan-graph" aria-label="Plan">
      <header>
        <h4>Plan: {steps.length} task(s) in dependency order</h4>
        <button
          type="button"
          className="primary"
          disabled={!runnable}
          title={runnable ? undefined : "Nothing to queue: every task is queued, running, finished or has no role"}
          onClick={() =>
            ipc.queuePlan(requirementId).then(
              (q) => {
                setOutcome(q);
                setError(null);
                reload();
              },
              (e: CommandError) => setError(e),
            )
          }
        >
          Run this plan
        </button>
      </header>
      <div className="plan-canvas">
        <svg
          width={width + 2 * PAD}
          height={height + 2 * PAD}
          viewBox={`${-PAD} ${-PAD} ${width + 2 * PAD} ${height + 2 * PAD}`}
          role="img"
          aria-label="Dependency graph"
        >
          {steps.flatMap((s) =>
            s.depends_on.map((d) => {
              const from = place.get(d);
              const to = place.get(s.task_id);
              if (!from || !to) return null;
              const waiting = s.waiting_on.includes(d);
              return (
                <path
                  key={`${d}-${s.task_id}`}
                  className={waiting ? "plan-edge waiting" : "plan-edge"}
                  d={`M${from.x + NODE_W},${from.y + NODE_H / 2} C${from.x + NODE_W + GAP_X / 2},${from.y + NODE_H / 2} ${to.x - GAP_X / 2},${to.y + NODE_H / 2} ${to.x},${to.y + NODE_H / 2}`}
                />
              );
            }),
          )}
          {steps.map((s) => {
            const at = place.get(s.task_id);
            if (!at) return null;
            return (
              <g key={s.task_id} transform={`translate(${at.x},${at.y})`} className={`plan-node stage-${s.stage}`}>
                <title>{s.title}</title>
                <rect width={NODE_W} height={NODE_H} rx={6} />
                <text x={10} y={16}>
                  {short(s.title)}
                </text>
                <text x={10} y={31} className="plan-node-stage">
                  {s.stage.replace("_", " ")}
                  {s.waiting_on.length > 0 ? ` · waiting on ${s.waiting_on.length}` : ""}
                </text>
              </g>
            );
          })}
        </svg>
      </div>
      <ol className="plan-steps">
        {steps.map((s) => (
          <li key={s.task_id}>
            {s.title} <Badge kind="stage" value={s.stage} />
            {s.waiting_on.length > 0 && (
              <span className="muted"> waiting on {s.waiting_on.map((d) => `“${titleOf(d)}”`).join(", ")}</span>
            )}
            {!s.execution_role && <span className="chip chip-warn">no role</span>}
          </li>
        ))}
      </ol>
      {outcome && (
        <p className="muted" role="status">
          Queued {outcome.queued.length} task(s)
          {outcome.already_active.length > 0 && `, ${outcome.already_active.length} already queued or running`}
          {outcome.skipped.length > 0 &&
            `; left alone: ${outcome.skipped.map((s) => `“${s.title}” (${s.reason})`).join(", ")}`}
          .
        </p>
      )}
      <ErrorLine message={error} />
    </section>
  );
}
