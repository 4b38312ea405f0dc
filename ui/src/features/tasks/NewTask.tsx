import { memo, type RefObject, useState } from "react";
import { QuickAdd } from "../../components/QuickAdd";
import { ErrorLine } from "../../components/Status";
import { useLive } from "../../hooks/useLive";
import { CommandError, ipc } from "../../ipc";
import { RolePicker } from "./RolePicker";
import { AgentReadinessNote } from "../onboarding";

/**
 * A task written by hand, for work that needs no planning or backlog step. With a role it is queued for an
 * agent at once; without one it waits until a role is given in its detail.
 */
export const NewTask = memo(function NewTask({
  projectId,
  onAdded,
  inputRef,
}: {
  projectId: string;
  onAdded?: () => void;
  /** The title field, for the palette's "New task". */
  inputRef?: RefObject<HTMLInputElement | null>;
}) {
  const { state } = useLive(() => ipc.listRoles(), [], []);
  const [role, setRole] = useState("");
  const [error, setError] = useState<string | CommandError | null>(null);
  const roles = state.kind === "ready" ? state.data : [];
  return (
    <>
      <QuickAdd
        label="New task"
        submit={role ? "Add and run" : "Add task"}
        name="Add a task"
        inputRef={inputRef}
        onAdd={(title, priority) =>
          ipc.addTask(projectId, { title, priority, role: role || null }).then(
            () => {
              setError(null);
              onAdded?.();
              return true;
            },
            (err: CommandError) => {
              setError(err);
              return false;
            },
          )
        }
        fields={<RolePicker roles={roles} value={role} onChange={setRole} none="none yet" />}
      />
      <AgentReadinessNote projectId={projectId} role={role} />
      <ErrorLine message={error} />
    </>
  );
});
