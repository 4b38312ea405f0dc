import { useActivity } from "../../hooks/useActivity";

/** What each runner is doing now, updated by events. */
export function ActivityFeed() {
  const runners = useActivity();
  const list = Object.values(runners).sort((a, b) => b.updated_at.localeCompare(a.updated_at));
  return (
    <section aria-labelledby="activity-heading" className="panel">
      <h2 id="activity-heading">Activity</h2>
      {list.length === 0 && <p className="muted">Nothing has run yet.</p>}
      <ul className="list activity">
        {list.map((a) => (
          <li key={a.runner_id}>
            <span className={`phase phase-${a.phase}`}>{a.phase.replace("_", " ")}</span> {a.subject_title}{" "}
            <span className="muted">{a.step}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
