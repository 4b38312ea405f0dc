import { useState } from "react";
import { ErrorLine } from "../../components/Status";
import { CommandError, ipc } from "../../ipc";

/** A task written by hand, for work that needs no planning or backlog step. */
export function NewTask({ projectId, onAdded }: { projectId: string; onAdded: () => void }) {
  const [title, setTitle] = useState("");
  const [priority, setPriority] = useState("medium");
  const [error, setError] = useState<string | null>(null);
  return (
    <>
      <form
        className="inline-form"
        aria-label="Add a task"
        onSubmit={(e) => {
          e.preventDefault();
          ipc.addTask(projectId, title, priority).then(
            () => {
              setTitle("");
              setError(null);
              onAdded();
            },
            (err: CommandError) => setError(`${err.code}: ${err.message}`),
          );
        }}
      >
        <label>
          New task <input value={title} onChange={(e) => setTitle(e.target.value)} placeholder="What needs doing" />
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
          Add task
        </button>
      </form>
      <ErrorLine message={error} />
    </>
  );
}
