import type { DayTrend } from "../../ipc";

const WIDTH = 560;
const HEIGHT = 160;
const PAD = { top: 12, right: 40, bottom: 22, left: 32 };

/**
 * Two weeks of work in one chart: ended dispatch attempts per day as stacked bars (completed, failed;
 * left axis) and the planning acceptance rate of that day's runs as a line (right axis, 0–100 %). A
 * day without review decisions breaks the line instead of pretending 0 %. The same numbers are in a
 * table below the chart for screen readers and for reading exact values.
 */
export function TrendChart({ trend }: { trend: DayTrend[] }) {
  if (trend.length === 0) return null;
  const innerW = WIDTH - PAD.left - PAD.right;
  const innerH = HEIGHT - PAD.top - PAD.bottom;
  const maxTasks = Math.max(1, ...trend.map((d) => d.completed + d.failed));
  const slot = innerW / trend.length;
  const barW = Math.max(4, slot * 0.6);
  const x = (i: number) => PAD.left + slot * i + slot / 2;
  const yTasks = (n: number) => PAD.top + innerH - (n / maxTasks) * innerH;
  const yRate = (r: number) => PAD.top + innerH - r * innerH;
  const segments: string[] = [];
  let current = "";
  trend.forEach((d, i) => {
    if (d.acceptance_rate == null) {
      if (current) segments.push(current);
      current = "";
      return;
    }
    current += `${current ? " L" : "M"}${x(i).toFixed(1)},${yRate(d.acceptance_rate).toFixed(1)}`;
  });
  if (current) segments.push(current);
  const label = (day: string) => day.slice(5);
  const totals = trend.reduce(
    (t, d) => ({ completed: t.completed + d.completed, failed: t.failed + d.failed }),
    { completed: 0, failed: 0 },
  );

  return (
    <figure className="trend">
      <figcaption>
        Last {trend.length} days: {totals.completed} completed, {totals.failed} failed attempts
        <span className="legend">
          <span className="swatch swatch-completed" /> completed <span className="swatch swatch-failed" /> failed{" "}
          <span className="swatch swatch-rate" /> accepted candidates (%)
        </span>
      </figcaption>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label="Task throughput and planning acceptance per day">
        <line className="axis" x1={PAD.left} x2={WIDTH - PAD.right} y1={PAD.top + innerH} y2={PAD.top + innerH} />
        <text className="tick" x={PAD.left - 6} y={yTasks(maxTasks) + 4} textAnchor="end">
          {maxTasks}
        </text>
        <text className="tick" x={PAD.left - 6} y={PAD.top + innerH + 4} textAnchor="end">
          0
        </text>
        <text className="tick" x={WIDTH - PAD.right + 6} y={yRate(1) + 4}>
          100%
        </text>
        <text className="tick" x={WIDTH - PAD.right + 6} y={yRate(0) + 4}>
          0%
        </text>
        {trend.map((d, i) => (
          <g key={d.day}>
            <rect
              className="bar-completed"
              x={x(i) - barW / 2}
              y={yTasks(d.completed)}
              width={barW}
              height={PAD.top + innerH - yTasks(d.completed)}
            />
            <rect
              className="bar-failed"
              x={x(i) - barW / 2}
              y={yTasks(d.completed + d.failed)}
              width={barW}
              height={yTasks(d.completed) - yTasks(d.completed + d.failed)}
            />
            {((trend.length - 1 - i) % 2 === 0 || trend.length <= 7) && (
              <text className="tick" x={x(i)} y={HEIGHT - 6} textAnchor="middle">
                {label(d.day)}
              </text>
            )}
          </g>
        ))}
        {segments.map((d) => (
          <path key={d} className="rate-line" d={d} />
        ))}
        {trend.map((d, i) =>
          d.acceptance_rate == null ? null : (
            <circle key={d.day} className="rate-dot" cx={x(i)} cy={yRate(d.acceptance_rate)} r={3} />
          ),
        )}
      </svg>
      <table className="visually-hidden">
        <caption>Per day</caption>
        <thead>
          <tr>
            <th scope="col">Day</th>
            <th scope="col">Completed</th>
            <th scope="col">Failed</th>
            <th scope="col">Accepted candidates</th>
          </tr>
        </thead>
        <tbody>
          {trend.map((d) => (
            <tr key={d.day}>
              <th scope="row">{d.day}</th>
              <td>{d.completed}</td>
              <td>{d.failed}</td>
              <td>
                {d.acceptance_rate == null
                  ? "no decisions"
                  : `${Math.round(d.acceptance_rate * 100)}% (${d.accepted} of ${d.accepted + d.rejected})`}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
