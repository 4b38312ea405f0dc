import { useRef, useState } from "react";
import { Badge, ErrorLine, LiveStatus } from "../../components/Status";
import { useLive } from "../../hooks/useLive";
import { CommandError, ipc, type BacklogItem, type Role } from "../../ipc";

/** The default project screen: what is urgent, blocked, ready, committed, and the items themselves. */
export function BacklogScreen({
  projectId,
  roles,
  onPlan,
}: {
  projectId: string;
  roles: Role[];
  /** Opens the planning screen (after "What's next" was started, or to plan from a requirement). */
  onPlan: () => void;
}) {
  const { state, reload } = useLive(() => ipc.listBacklog(projectId), [projectId]);
  const [title, setTitle] = useState("");
  const [priority, setPriority] = useState("medium");
  const [error, setError] = useState<string | null>(null);
  const newItem = useRef<HTMLInputElement>(null);

  const act = (action: Promise<unknown>) =>
    action.then(() => {
      setError(null);
      reload();
    }, (e: CommandError) => setError(`${e.code}: ${e.message}`));

  const items = state.kind === "ready" ? state.data : [];
  const count = (test: (i: BacklogItem) => boolean) => items.filter(test).length;
  return (
    <section aria-labelledby="backlog-heading" className="panel">
      <h2 id="backlog-heading">Backlog</h2>
      <ul className="focus-strip" aria-label="Backlog focus">
        <li>
          <strong>{count((i) => i.priority === "urgent" && i.status !== "committed")}</strong> urgent open
        </li>
        <li>
          <strong>{count((i) => i.status === "blocked")}</strong> blocked
        </li>
        <li>
          <strong>{count((i) => i.status === "ready")}</strong> ready
        </li>
        <li>
          <strong>{count((i) => i.status === "committed")}</strong> committed
        </li>
      </ul>
      <form
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          act(ipc.addBacklogItem(projectId, title, priority).then(() => setTitle("")));
        }}
      >
        <label>
          New item <input ref={newItem} value={title} onChange={(e) => setTitle(e.target.value)} placeholder="What needs doing" />
        </label>
        <label>
          Priority
          <select value={priority} onChange={(e) => setPriority(e.target.value)}>
            {["low", "medium", "high", "urgent"].map((p) => (
              <option key={p}>{p}</option>
            ))}
          </select>
        </label>
        <button type="submit" disabled={!title.trim()}>
          Add item
        </button>
      </form>
      <ErrorLine message={error} />
      <LiveStatus state={state} what="the backlog" />
      {state.kind === "ready" && items.length === 0 && (
        <div className="empty" aria-label="Empty backlog">
          <p>The backlog is empty.</p>
          <p className="row-actions">
            <button type="button" onClick={() => newItem.current?.focus()}>
              Add an item
            </button>
            <button type="button" onClick={onPlan}>
              Plan from a requirement
            </button>
            <button type="button" onClick={() => ipc.startWhatsNext(projectId).then(onPlan, (e: CommandError) => setError(`${e.code}: ${e.message}`))}>
              Run "What's next"
            </button>
          </p>
        </div>
      )}
      {items.length > 0 && (
        <table className="grid">
          <thead>
            <tr>
              <th>Rank</th>
              <th>Title</th>
              <th>Priority</th>
              <th>Status</th>
              <th>Next step</th>
            </tr>
          </thead>
          <tbody>
            {items.map((item) => (
              <BacklogRow key={item.id} item={item} roles={roles} onCommit={(role) => act(ipc.commitBacklogItem(item.id, role))} />
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function BacklogRow({ item, roles, onCommit }: { item: BacklogItem; roles: Role[]; onCommit: (role: string | null) => void }) {
  const [role, setRole] = useState("");
  const committable = item.status === "triage" || item.status === "ready";
  return (
    <tr>
      <td>{item.rank}</td>
      <td>
        {item.title}
        {item.labels.map((l) => (
          <span key={l} className="label">
            {l}
          </span>
        ))}
      </td>
      <td>
        <Badge kind="priority" value={item.priority} />
      </td>
      <td>
        <Badge kind="status" value={item.status} />
      </td>
      <td>
        {committable ? (
          <span className="row-actions">
            <select aria-label={`Role for ${item.title}`} value={role} onChange={(e) => setRole(e.target.value)}>
              <option value="">no agent</option>
              {roles.map((r) => (
                <option key={r.id} value={r.id}>
                  {r.id}
                </option>
              ))}
            </select>
            <button type="button" onClick={() => onCommit(role || null)}>
              Commit
            </button>
          </span>
        ) : (
          <span className="muted">{item.task_id ? "task created" : "—"}</span>
        )}
      </td>
    </tr>
  );
}
