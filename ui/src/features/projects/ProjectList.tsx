import { useEffect, useState } from "react";
import { ErrorLine, LiveStatus } from "../../components/Status";
import { useLive } from "../../hooks/useLive";
import { CommandError, ipc, pickFolder, type Project } from "../../ipc";

/** The registered repositories: pick one, or add a folder. */
export function ProjectList({ selected, onSelect }: { selected?: string; onSelect?: (project: Project) => void }) {
  const { state, reload } = useLive(() => ipc.listProjects(), [], ["projects"]);
  const [path, setPath] = useState("");
  const [error, setError] = useState<string | CommandError | null>(null);
  // With nothing chosen yet, open the first project: the common case is a single repository.
  const first = state.kind === "ready" ? state.data[0] : undefined;
  useEffect(() => {
    if (!selected && first) onSelect?.(first);
  }, [selected, first, onSelect]);
  return (
    <section aria-labelledby="projects-heading" className="panel">
      <h2 id="projects-heading">Projects</h2>
      {state.kind !== "ready" && <LiveStatus state={state} what="projects" />}
      {state.kind === "ready" && state.data.length === 0 && (
        <div className="empty">
          <p>No projects yet.</p>
          <p className="muted">
            Add a git repository below, or run <code>anpm project add PATH</code>.
          </p>
        </div>
      )}
      {state.kind === "ready" && state.data.length > 0 && (
        <ul className="project-list" data-testid="project-list">
          {state.data.map((project) => (
            <li key={project.id} className={`project-row${project.id === selected ? " selected" : ""}`}>
              <button type="button" className="link project-name" onClick={() => onSelect?.(project)}>
                {project.name}
              </button>
              <span className="project-branch">{project.default_branch || "no branch"}</span>
              <code className="project-path">{project.repo_path}</code>
            </li>
          ))}
        </ul>
      )}
      <form
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          ipc.addProject(path).then(
            (project) => {
              setPath("");
              setError(null);
              reload();
              onSelect?.(project);
            },
            (err: CommandError) => setError(err),
          );
        }}
      >
        <label>
          Repository folder <input value={path} onChange={(e) => setPath(e.target.value)} placeholder="/path/to/repo" />
        </label>
        <button
          type="button"
          onClick={() =>
            pickFolder("Choose a repository folder").then(
              (chosen) => chosen && setPath(chosen),
              (err: unknown) => setError(`the folder picker failed: ${String(err)}`),
            )
          }
        >
          Browse…
        </button>
        <button type="submit" disabled={!path.trim()}>
          Add project
        </button>
      </form>
      <ErrorLine message={error} />
    </section>
  );
}
