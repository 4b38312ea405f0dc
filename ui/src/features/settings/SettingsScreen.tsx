import { LiveStatus } from "../../components/Status";
import { useLive } from "../../hooks/useLive";
import { ipc } from "../../ipc";

/** Settings and agent profiles as the core holds them (edit with `anpm settings` / `anpm agent`). */
export function SettingsScreen() {
  const settings = useLive(() => ipc.listSettings(), []);
  const agents = useLive(() => ipc.listAgents(), []);
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
      <LiveStatus state={agents.state} what="agents" />
      {agents.state.kind === "ready" && agents.state.data.length === 0 && (
        <p className="muted">No profiles: tasks run with claude or codex from PATH. Add one with anpm agent add.</p>
      )}
      {agents.state.kind === "ready" && agents.state.data.length > 0 && (
        <table className="grid">
          <thead>
            <tr>
              <th>Name</th>
              <th>Kind</th>
              <th>Command</th>
              <th>Default</th>
            </tr>
          </thead>
          <tbody>
            {agents.state.data.map((a) => (
              <tr key={a.id}>
                <td>{a.name}</td>
                <td>{a.kind}</td>
                <td>
                  <code>{a.command}</code>
                </td>
                <td>{a.is_default ? "yes" : ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h3>Planning</h3>
      <LiveStatus state={settings.state} what="settings" />
      {settings.state.kind === "ready" && (
        <table className="grid">
          <tbody>
            {settings.state.data.map((s) => (
              <tr key={s.key}>
                <td>
                  <code>{s.key}</code>
                </td>
                <td>{s.value || <span className="muted">(unset)</span>}</td>
                <td className="muted">{s.description}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
