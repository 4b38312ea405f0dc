import { useState } from "react";
import { ErrorLine, LiveStatus } from "../../components/Status";
import { useLive } from "../../hooks/useLive";
import { CommandError, ipc, type Project, type Role, type SettingView } from "../../ipc";
import { AgentProfiles } from "./AgentProfiles";
import { ProjectWorkspace } from "./ProjectWorkspace";
import { ProviderKey } from "./ProviderKey";
import { SettingRow } from "./SettingRow";

/** The most agents the core lets run at once. */
const MAX_CONCURRENCY = 16;

/**
 * Dispatch controls and limits, agent profiles, the planning provider, and where the data lives; every
 * value is validated by the core.
 */
export function SettingsScreen({ roles, project = null }: { roles: Role[]; project?: Project | null }) {
  const settings = useLive(() => ipc.listSettings(), [], ["settings"]);
  const about = useLive(() => ipc.about(), [], ["projects", "tasks"]);
  const group = (prefix: string) => (settings.state.kind === "ready" ? settings.state.data.filter((s) => s.key.startsWith(prefix)) : []);
  return (
    <section aria-labelledby="settings-heading" className="panel">
      <h2 id="settings-heading">Settings</h2>
      <h3>Dispatch</h3>
      <DispatchControls />
      <SettingTable settings={group("dispatch.")} onChanged={settings.reload} label="Dispatch limits" />
      {project && (
        <>
          <h3>Workspaces of {project.name}</h3>
          <ProjectWorkspace key={project.id} project={project} />
          <SettingTable settings={group("workspace.")} onChanged={settings.reload} label="Workspace settings" />
        </>
      )}
      <h3>Agents</h3>
      <AgentProfiles roles={roles} project={project} />
      <h3>Planning</h3>
      <LiveStatus state={settings.state} what="settings" />
      <SettingTable settings={group("planning.")} onChanged={settings.reload} label="Planning settings" />
      <ProviderKey />
      <h3>Data</h3>
      <LiveStatus state={about.state} what="the data folder" />
      {about.state.kind === "ready" && (
        <dl className="facts">
          <dt>Data folder</dt>
          <dd>
            <code>{about.state.data.data_dir}</code>
          </dd>
          <dt>Database</dt>
          <dd>
            <code>{about.state.data.database}</code>
            {about.state.data.database_bytes != null && ` (${formatBytes(about.state.data.database_bytes)})`}
          </dd>
          <dt>Logs</dt>
          <dd>
            <code>{about.state.data.log_dir}</code> (one file a day; <code>anpm logs</code> reads them)
          </dd>
          <dt>Version</dt>
          <dd>anpm {about.state.data.version}</dd>
        </dl>
      )}
    </section>
  );
}

function SettingTable({ settings, onChanged, label }: { settings: SettingView[]; onChanged: () => void; label: string }) {
  if (settings.length === 0) return null;
  return (
    <table className="grid" aria-label={label}>
      <tbody>
        {settings.map((s) => (
          <SettingRow key={`${s.key}:${s.value}`} setting={s} onChanged={onChanged} />
        ))}
      </tbody>
    </table>
  );
}

/** Pause/resume and how many agents may run at once; the tray and the CLI steer the same loop. */
function DispatchControls() {
  const dispatch = useLive(() => ipc.dispatchState(), [], ["tasks", "settings"]);
  const [error, setError] = useState<string | CommandError | null>(null);
  const fail = (e: CommandError) => setError(e);
  const ok = () => {
    setError(null);
    dispatch.reload();
  };
  if (dispatch.state.kind !== "ready") return <LiveStatus state={dispatch.state} what="dispatch" />;
  const d = dispatch.state.data;
  return (
    <>
      <p className="inline-form">
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
      <ErrorLine message={error} />
    </>
  );
}

/** 1536 → "1.5 KiB". */
export function formatBytes(n: number): string {
  const units = ["B", "KiB", "MiB", "GiB"];
  let value = n;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${n} B` : `${value.toFixed(1)} ${units[unit]}`;
}
