import { useEffect, useState } from "react";
import { DependencyPicker } from "../../components/DependencyPicker";
import { Badge, ErrorLine } from "../../components/Status";
import { type BacklogItem, CommandError, ipc, type ItemDependencies as Deps } from "../../ipc";

/**
 * What a backlog item comes after: each item with its status and, once committed, that its task waits on
 * the other's; a way to drop one and to add one from the project's other items. The core refuses cycles
 * and other projects' items, naming the problem; committing carries the order into the tasks.
 */
export function ItemDependencies({ item }: { item: BacklogItem }) {
  const [deps, setDeps] = useState<Deps | null>(null);
  const [others, setOthers] = useState<BacklogItem[] | null>(null);
  const [error, setError] = useState<string | CommandError | null>(null);
  useEffect(() => {
    ipc.itemDependencies(item.id).then(setDeps, (e: CommandError) => setError(e));
    ipc.listBacklog(item.project_id, { includeArchived: false, all: true }).then(setOthers, (e: CommandError) => setError(e));
  }, [item.id, item.project_id]);
  const act = (action: Promise<Deps>) =>
    action.then(
      (next) => {
        setDeps(next);
        setError(null);
        return true;
      },
      (e: CommandError) => {
        setError(e);
        return false;
      },
    );
  const taken = new Set([item.id, ...(deps?.depends_on ?? []).map((d) => d.item_id)]);
  const choices = (others ?? []).filter((o) => !taken.has(o.id));
  const count = deps?.depends_on.length ?? 0;
  return (
    <section className="item-deps" aria-label="Comes after">
      <h4>
        Comes after {count === 0 ? "nothing" : `${count} item(s)`}
        {deps && deps.dependents.length > 0 && <span className="muted"> · {deps.dependents.length} come after it</span>}
      </h4>
      {count > 0 && (
        <ul className="source-of-truth" aria-label="Items it comes after">
          {deps!.depends_on.map((d) => (
            <li key={d.item_id}>
              {d.title} <Badge kind="status" value={d.status} />{" "}
              <span className="muted">{d.task_id ? "its task waits on this one's" : "not a task yet"}</span>{" "}
              <button
                type="button"
                className="ghost"
                aria-label={`No longer after ${d.title}`}
                onClick={() => act(ipc.removeItemDependency(item.id, d.item_id))}
              >
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
      <DependencyPicker
        label="After"
        emptyOption="an item of this backlog…"
        choices={others && choices}
        submit="Add"
        onAdd={(id) => act(ipc.addItemDependency(item.id, id))}
      />
      <ErrorLine message={error} />
    </section>
  );
}
