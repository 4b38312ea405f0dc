import { useState } from "react";
import { ErrorLine } from "../../components/Status";
import { CommandError, ipc, pickArchive, pickArchiveTarget, pickFolder, type Project } from "../../ipc";

/**
 * Moving a project out and back in: export the open project into one archive file (its attempt logs too
 * when asked), import an archive (optionally pointing it at another repository). The core writes an import
 * whole or not at all and says why it refused.
 */
export function ProjectArchive({ project }: { project: Project | null }) {
  const [withLogs, setWithLogs] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const [error, setError] = useState<string | CommandError | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async (work: () => Promise<string | null>) => {
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      setDone(await work());
    } catch (e) {
      setError(e instanceof CommandError ? e : String(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="project-archive" aria-label="Export and import">
      <h4>Export and import</h4>
      {project && (
        <div className="row-actions">
          <button
            type="button"
            disabled={busy}
            onClick={() =>
              run(async () => {
                const path = await pickArchiveTarget(`${project.name}.anpm.json`);
                if (!path) return null;
                const report = await ipc.exportProject(project.id, path, withLogs);
                const rows = Object.values(report.rows).reduce((a, b) => a + b, 0);
                return `Exported ${project.name}: ${rows} rows${report.logs ? `, ${report.logs} attempt log(s)` : ""} to ${report.path}.`;
              })
            }
          >
            Export {project.name}…
          </button>
          <label className="check">
            <input type="checkbox" checked={withLogs} onChange={(e) => setWithLogs(e.target.checked)} /> with the
            agents' output logs
          </label>
        </div>
      )}
      <div className="row-actions">
        <button
          type="button"
          disabled={busy}
          onClick={() =>
            run(async () => {
              const file = await pickArchive();
              if (!file) return null;
              const report = await ipc.importProject(file, null);
              return `Imported ${report.project.name} at ${report.project.repo_path}.`;
            })
          }
        >
          Import a project…
        </button>
        <button
          type="button"
          className="ghost"
          disabled={busy}
          onClick={() =>
            run(async () => {
              const file = await pickArchive();
              if (!file) return null;
              const repo = await pickFolder("The repository the imported project works in");
              if (!repo) return null;
              const report = await ipc.importProject(file, repo);
              return `Imported ${report.project.name} at ${report.project.repo_path}.`;
            })
          }
        >
          Import into another repository…
        </button>
      </div>
      {done && (
        <p className="muted" role="status">
          {done}
        </p>
      )}
      <ErrorLine message={error} />
    </div>
  );
}
