import { useEffect, useState } from "react";
import { formatElapsed, localTime, parseTimestamp, useActivity, useNow } from "../../hooks/useActivity";
import { type Activity, onActivity } from "../../ipc";

/**
 * What each runner is doing now, and `recent` phase changes (a task claimed, dispatched, submitted,
 * finished; a plan started or done), all from events. Runners keep their place as they update (newest
 * runner first), so the list never jumps under the reader.
 */
export function ActivityFeed({ recent }: { recent: Activity[] }) {
  const runners = useActivity();
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

/**
 * The last `limit` updates that moved a runner to another phase, newest first. The app keeps it from the
 * start, so the Activity screen shows what happened before it was opened.
 */
export function useRecentChanges(limit: number): Activity[] {
  const [recent, setRecent] = useState<Activity[]>([]);
  useEffect(() => {
    const phases = new Map<string, string>();
    let live = true;
    let stop: (() => void) | undefined;
    onActivity((batch) => {
      const moved = batch.filter((a) => {
        const changed = phases.get(a.runner_id) !== a.phase;
        phases.set(a.runner_id, a.phase);
        return changed;
      });
      if (moved.length > 0) setRecent((current) => [...moved.reverse(), ...current].slice(0, limit));
    }).then(
      (unlisten) => (live ? (stop = unlisten) : unlisten()),
      () => undefined,
    );
    return () => {
      live = false;
      stop?.();
    };
  }, [limit]);
  return recent;
}
