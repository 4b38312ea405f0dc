import { useEffect, useState } from "react";
import { ErrorLine, LiveStatus } from "../../components/Status";
import { useLive } from "../../hooks/useLive";
import { CommandError, ipc, pickFolder, type Project, type ProjectPulse } from "../../ipc";

/** A project's running, in-review and failed counts as small chips; nothing when all are zero. */
function Pulse({ pulse }: { pulse: ProjectPulse | undefined }) {
  if (!pulse) return null;
  const parts: Array<[string, number, string]> = [
    ["running", pulse.running, "running"],
    ["in_review", pulse.in_review, "in review"],
    ["failed", pulse.failed, "failed"],
  ];
  const shown = parts.filter(([, n]) => n > 0);
  if (shown.length === 0) return null;
  return (
    <span className="project-pulse" aria-label={shown.map(([, n, words]) => `${n} ${words}`).join(", ")}>
      {shown.map(([stage, n, words]) => (
        <span key={stage} className={`pulse pulse-${stage}`} title={`${n} ${words}`}>
          <span className={`stage-dot stage-${stage}`} aria-hidden="true" />
          {n.toLocaleString()}
        </span>
      ))}
    </span>
  );
}

/** The registered repositories: pick one, or add a folder. */
export function ProjectList({ selected, onSelect }: { selected?: string; onSelect?: (project: Project) => void }) {
  const { state, reload } = useLive(() => ipc.listProjects(), [], ["projects"]);
  const [path, setPath] = useState("");
  const [error, setError] = useState<string | CommandError | null>(null);
  const pulses = useLive(() => ipc.projectPulses(), [], ["tasks", "projects"]);
  const pulseOf = (id: string) => (pulses.state.kind === "ready" ? pulses.state.data.find((p) => p.project_id === id) : undefined);
  // An add that failed is about the folder typed; choosing a project moves on from it.
  useEffect(() => setError(null), [selected]);
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
              <Pulse pulse={pulseOf(project.id)} />
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
          Repository folder <input value={path} onChange={(e) => {
              setPath(e.target.value);
              setError(null);
            }} placeholder="/path/to/repo" />
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
