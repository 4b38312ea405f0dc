// Where this instance keeps its data: the folder, the database and its size, the logs, the version.
import { LiveStatus } from "../../components/Status";
import { useLive } from "../../hooks/useLive";
import { ipc } from "../../ipc";
import { formatBytes } from "./settingUnits";

export function DataFacts() {
  // The database grows with projects and tasks; those changes refresh its size.
  const about = useLive(() => ipc.about(), [], ["projects", "tasks"]);
  if (about.state.kind !== "ready") return <LiveStatus state={about.state} what="the data folder" />;
  const a = about.state.data;
  return (
    <dl className="facts">
      <dt>Data folder</dt>
      <dd>
        <code>{a.data_dir}</code>
      </dd>
      <dt>Database</dt>
      <dd>
        <code>{a.database}</code>
        {a.database_bytes != null && ` (${formatBytes(a.database_bytes)})`}
      </dd>
      <dt>Logs</dt>
      <dd>
        <code>{a.log_dir}</code> (one file a day; <code>anpm logs</code> reads them)
      </dd>
      <dt>Version</dt>
      <dd>anpm {a.version}</dd>
    </dl>
  );
}
