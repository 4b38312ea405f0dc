import { ErrorLine } from "../../components/Status";
import { useState } from "react";
import { CommandError, ipc, PRIORITIES, type Priority, TASK_STATUSES, type TaskStatus } from "../../ipc";

/** Changes the status or priority of every selected task at once; the core applies all or nothing. */
export function TaskBatchBar({ ids, onDone }: { ids: string[]; onDone: () => void }) {
  const [status, setStatus] = useState<TaskStatus | "">("");
  const [priority, setPriority] = useState<Priority | "">("");
  const [error, setError] = useState<string | CommandError | null>(null);
  if (ids.length === 0) return null;
  return (
    <form
      className="inline-form batch-bar"
      aria-label="Batch edit"
      onSubmit={(e) => {
        e.preventDefault();
        ipc.batchEditTasks(ids, { status: status || undefined, priority: priority || undefined }).then(
          () => {
            setError(null);
            setStatus("");
            setPriority("");
            onDone();
          },
          (err: CommandError) => setError(err),
        );
      }}
    >
      <strong>{ids.length} selected</strong>
      <select aria-label="Set status" value={status} onChange={(e) => setStatus(e.target.value as TaskStatus | "")}>
        <option value="">status…</option>
        {TASK_STATUSES.map((s) => (
          <option key={s} value={s}>
            {s.replace("_", " ")}
          </option>
        ))}
      </select>
      <select aria-label="Set priority" value={priority} onChange={(e) => setPriority(e.target.value as Priority | "")}>
        <option value="">priority…</option>
        {PRIORITIES.map((p) => (
          <option key={p}>{p}</option>
        ))}
      </select>
      <button type="submit" disabled={!status && !priority}>
        Apply to {ids.length}
      </button>
      <ErrorLine message={error} />
    </form>
  );
}
