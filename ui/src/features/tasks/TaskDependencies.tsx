import { useEffect, useState } from "react";
import { DependencyPicker } from "../../components/DependencyPicker";
import { Badge, ErrorLine } from "../../components/Status";
import { CommandError, ipc, type Task, type TaskDetail } from "../../ipc";

/**
 * What a task builds on: each dependency with where it stands and whether it still holds the task, a way
 * to drop one, and a way to add one from the project's other tasks. The core refuses cycles and other
 * projects' tasks, naming the problem.
 */
export function TaskDependencies({ detail, onChanged }: { detail: TaskDetail; onChanged: () => void }) {
  const [open, setOpen] = useState(detail.waiting_on.length > 0);
  const [candidates, setCandidates] = useState<Task[] | null>(null);
  const [error, setError] = useState<string | CommandError | null>(null);
  useEffect(() => {
    if (!open || candidates) return;
    ipc
      .listTasks({ projectId: detail.project_id, limit: 200, all: false })
      .then(setCandidates, (e: CommandError) => setError(e));
  }, [open, candidates, detail.project_id]);
  const act = (action: Promise<unknown>) =>
    action.then(
      () => {
        setError(null);
        onChanged();
        return true;
      },
      (e: CommandError) => {
        setError(e);
        return false;
      },
    );
  const taken = new Set([detail.id, ...detail.depends_on.map((d) => d.task_id)]);
  const choices = (candidates ?? []).filter((t) => !taken.has(t.id));
  const count = detail.depends_on.length;
  return (
    <details className="evidence-drawer task-deps" open={open} onToggle={(e) => setOpen((e.target as HTMLDetailsElement).open)}>
      <summary>
        Depends on {count === 0 ? "nothing" : `${count} task(s)`}
        {detail.waiting_on.length > 0 && ` · waiting on ${detail.waiting_on.length}`}
        {detail.dependents.length > 0 && ` · ${detail.dependents.length} wait on it`}
      </summary>
      {count > 0 && (
        <ul className="source-of-truth" aria-label="Dependencies">
          {detail.depends_on.map((d) => (
            <li key={d.task_id}>
              {d.title} <Badge kind="stage" value={d.stage} />{" "}
              <span className="muted">{detail.waiting_on.includes(d.task_id) ? "holds this task" : "lets it start"}</span>{" "}
              <button
                type="button"
                className="ghost"
                aria-label={`Stop waiting on ${d.title}`}
                onClick={() => act(ipc.removeTaskDependency(detail.id, d.task_id))}
              >
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
      <DependencyPicker
        label="Wait on"
        emptyOption="a task of this project…"
        choices={candidates && choices}
        submit="Add dependency"
        onAdd={(id) => act(ipc.addTaskDependency(detail.id, id))}
      />
      <ErrorLine message={error} />
    </details>
  );
}
