import { useLive } from "../../hooks/useLive";
import { ipc, type UsageRow } from "../../ipc";

const WIDTH = 560;
const HEIGHT = 140;
const PAD = { top: 12, right: 12, bottom: 22, left: 48 };
const DAYS = 14;

function money(v: number): string {
  return v >= 100 ? `$${v.toFixed(0)}` : `$${v.toFixed(2)}`;
}

/** The last `DAYS` local days ending today, oldest first, as `YYYY-MM-DD`. */
export function lastDays(today: Date, days = DAYS): string[] {
  const out: string[] = [];
  for (let i = days - 1; i >= 0; i--) {
    const d = new Date(today.getFullYear(), today.getMonth(), today.getDate() - i);
    out.push(`${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`);
  }
  return out;
}

/**
 * What the project's agents cost: two weeks of spend per day as bars against the daily budget (a dashed
 * line, when one is set), the total, and the agents that spent it. Costs are what the agents reported.
 */
export function CostChart({ projectId }: { projectId: string }) {
  const byDay = useLive(() => ipc.usageReport(projectId, "day"), [projectId], ["tasks", "settings"]);
  const byAgent = useLive(() => ipc.usageReport(projectId, "agent"), [projectId], ["tasks"]);
  if (byDay.state.kind !== "ready") return null;
  const report = byDay.state.data;
  const spent = new Map(report.rows.map((r) => [r.key, r]));
  const days = lastDays(new Date());
  const values = days.map((d) => spent.get(d)?.cost_usd ?? 0);
  const budget = report.project_daily_budget_usd;
  const top = Math.max(0.01, ...values, budget ?? 0);
  const innerW = WIDTH - PAD.left - PAD.right;
  const innerH = HEIGHT - PAD.top - PAD.bottom;
  const slot = innerW / days.length;
  const y = (v: number) => PAD.top + innerH - (v / top) * innerH;
  const today = values[values.length - 1] ?? 0;
  const agents: UsageRow[] = byAgent.state.kind === "ready" ? byAgent.state.data.rows.slice(0, 5) : [];
  return (
    <figure className="trend cost-chart">
      <figcaption>
        {money(report.total.cost_usd)} over {report.total.attempts} attempt(s) · today {money(today)}
        {budget != null && ` of ${money(budget)} (daily budget)`}
        {report.task_budget_usd != null && ` · ${money(report.task_budget_usd)} per task`}
      </figcaption>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label="Agent cost per day">
        <line className="axis" x1={PAD.left} x2={WIDTH - PAD.right} y1={PAD.top + innerH} y2={PAD.top + innerH} />
        <text className="tick" x={PAD.left - 6} y={y(top) + 4} textAnchor="end">
          {money(top)}
        </text>
        <text className="tick" x={PAD.left - 6} y={PAD.top + innerH + 4} textAnchor="end">
          $0
        </text>
        {values.map((v, i) => (
          <rect
            key={days[i]}
            className={budget != null && v >= budget ? "bar-over" : "bar-cost"}
            x={PAD.left + slot * i + slot * 0.2}
            y={y(v)}
            width={slot * 0.6}
            height={PAD.top + innerH - y(v)}
          >
            <title>
              {days[i]}: {money(v)}
            </title>
          </rect>
        ))}
        {budget != null && (
          <line className="budget-line" x1={PAD.left} x2={WIDTH - PAD.right} y1={y(budget)} y2={y(budget)} />
        )}
        {days.map((d, i) =>
          i % 2 === 1 ? (
            <text key={d} className="tick" x={PAD.left + slot * i + slot / 2} y={HEIGHT - 6} textAnchor="middle">
              {d.slice(5)}
            </text>
          ) : null,
        )}
      </svg>
      {agents.length > 0 && (
        <table className="cost-by-agent" aria-label="Cost by agent">
          <thead>
            <tr>
              <th>Agent</th>
              <th>Attempts</th>
              <th>Cost</th>
              <th>Tokens in / out</th>
            </tr>
          </thead>
          <tbody>
            {agents.map((a) => (
              <tr key={a.key}>
                <td>{a.label || "(unknown)"}</td>
                <td>{a.attempts}</td>
                <td>{money(a.cost_usd)}</td>
                <td>
                  {a.input_tokens} / {a.output_tokens}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </figure>
  );
}
