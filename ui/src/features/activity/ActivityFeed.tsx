import { useRecentChanges } from "../../hooks/recentChanges";
import { formatElapsed, localTime, parseTimestamp, useActivity, useNow } from "../../hooks/useActivity";

/**
 * What each runner is doing now, and the recent phase changes (a task claimed, dispatched, submitted,
 * finished; a plan started or done), all from events. Runners keep their place as they update (newest
 * runner first), so the list never jumps under the reader.
 */
export function ActivityFeed() {
  const runners = useActivity();
  const recent = useRecentChanges();
  const list = Object.values(runners).sort(
    (a, b) => b.started_at.localeCompare(a.started_at) || a.runner_id.localeCompare(b.runner_id),
  );
  const now = useNow(list.some((a) => a.phase !== "idle"));
  return (
    <section aria-labelledby="activity-heading" className="panel">
      <h2 id="activity-heading">Activity</h2>
      {list.length === 0 && <p className="muted">Nothing has run yet.</p>}
      <ul className="list activity" aria-label="Runners">
        {list.map((a) => (
          <li key={a.runner_id}>
            <span className={`phase phase-${a.phase}`}>{a.phase.replace("_", " ")}</span> {a.subject_title}{" "}
            <span className="muted">{a.step}</span>
            {a.phase !== "idle" && <span className="muted"> · {formatElapsed(now - parseTimestamp(a.started_at))}</span>}
          </li>
        ))}
      </ul>
      <h3>Recent events</h3>
      {recent.length === 0 && <p className="muted">No phase changes since anpm started.</p>}
      <ol className="list recent" aria-label="Recent events">
        {recent.map((e) => (
          <li key={`${e.runner_id}:${e.updated_at}:${e.phase}`}>
            <time dateTime={e.updated_at}>{localTime(e.updated_at)}</time>{" "}
            <span className={`phase phase-${e.phase}`}>{e.phase.replace("_", " ")}</span> {e.subject_title}
            {e.step && <span className="muted"> · {e.step}</span>}
          </li>
        ))}
      </ol>
    </section>
  );
}
