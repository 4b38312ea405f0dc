import { useState } from "react";
import { QuickAdd } from "../../components/QuickAdd";
import { ErrorLine } from "../../components/Status";
import { CommandError, ipc } from "../../ipc";

/** A task written by hand, for work that needs no planning or backlog step. */
export function NewTask({ projectId, onAdded }: { projectId: string; onAdded: () => void }) {
  const [error, setError] = useState<string | null>(null);
  return (
    <>
      <QuickAdd
        label="New task"
        submit="Add task"
        name="Add a task"
        onAdd={(title, priority) =>
          ipc.addTask(projectId, { title, priority }).then(
            () => {
              setError(null);
              onAdded();
              return true;
            },
            (err: CommandError) => {
              setError(`${err.code}: ${err.message}`);
              return false;
            },
          )
        }
      />
      <ErrorLine message={error} />
    </>
  );
}
