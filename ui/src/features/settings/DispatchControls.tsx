// Pause/resume and how many agents may run at once; the tray and the CLI steer the same loop.
import { useState } from "react";
import { ErrorLine, LiveStatus } from "../../components/Status";
import { useLive } from "../../hooks/useLive";
import { CommandError, ipc } from "../../ipc";

/** The most agents the core lets run at once. */
const MAX_CONCURRENCY = 16;

export function DispatchControls() {
  const dispatch = useLive(() => ipc.dispatchState(), [], ["tasks", "settings"]);
  const [error, setError] = useState<CommandError | null>(null);
  const fail = (e: CommandError) => setError(e);
  const ok = () => {
    setError(null);
    dispatch.reload();
  };
  if (dispatch.state.kind !== "ready") return <LiveStatus state={dispatch.state} what="dispatch" />;
  const d = dispatch.state.data;
  return (
    <>
      <p className="inline-form dispatch-controls">
        <span>
          {d.paused ? "Paused" : "Active"} · {d.running.length} running · {d.queued} queued
        </span>
        <button type="button" onClick={() => ipc.setDispatchPaused(!d.paused).then(ok, fail)}>
          {d.paused ? "Resume" : "Pause"}
        </button>
        <label>
          Agents at once{" "}
          <select value={d.concurrency} onChange={(e) => ipc.setDispatchConcurrency(Number(e.target.value)).then(ok, fail)}>
            {Array.from({ length: MAX_CONCURRENCY }, (_, i) => i + 1).map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
      </p>
      <ErrorLine error={error} />
    </>
  );
}
