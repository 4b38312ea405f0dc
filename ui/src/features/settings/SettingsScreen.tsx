import { LiveStatus } from "../../components/Status";
import { useLive } from "../../hooks/useLive";
import { ipc } from "../../ipc";
import { AgentProfiles } from "./AgentProfiles";
import { SettingRow } from "./SettingRow";

/** Dispatch controls, agent profiles and the planning settings, all validated by the core. */
export function SettingsScreen() {
  const settings = useLive(() => ipc.listSettings(), []);
  const dispatch = useLive(() => ipc.dispatchState(), []);
  return (
    <section aria-labelledby="settings-heading" className="panel">
      <h2 id="settings-heading">Settings</h2>
      <h3>Dispatch</h3>
      <LiveStatus state={dispatch.state} what="dispatch" />
      {dispatch.state.kind === "ready" && (
        <p>
          {dispatch.state.data.paused ? "Paused" : "Active"} · up to {dispatch.state.data.concurrency} agents at once ·{" "}
          {dispatch.state.data.queued} queued{" "}
          <button
            type="button"
            onClick={() =>
              dispatch.state.kind === "ready" &&
              ipc.setDispatchPaused(!dispatch.state.data.paused).then(dispatch.reload, dispatch.reload)
            }
          >
            {dispatch.state.data.paused ? "Resume" : "Pause"}
          </button>
        </p>
      )}
      <h3>Agents</h3>
      <AgentProfiles />
      <h3>Planning</h3>
      <LiveStatus state={settings.state} what="settings" />
      {settings.state.kind === "ready" && (
        <table className="grid">
          <tbody>
            {settings.state.data.map((s) => (
              <SettingRow key={`${s.key}:${s.value}`} setting={s} onChanged={settings.reload} />
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
