import { useEffect, useState } from "react";
import { CommandError, ipc, type Project } from "../../ipc";

type State =
  | { kind: "loading" }
  | { kind: "ready"; projects: Project[] }
  | { kind: "failed"; error: CommandError };

/** The registered repositories. */
export function ProjectList() {
  const [state, setState] = useState<State>({ kind: "loading" });

  useEffect(() => {
    let live = true;
    ipc
      .listProjects()
      .then((projects) => live && setState({ kind: "ready", projects }))
      .catch((error: CommandError) => live && setState({ kind: "failed", error }));
    return () => {
      live = false;
    };
  }, []);

  return (
    <section aria-labelledby="projects-heading" className="panel">
      <h2 id="projects-heading">Projects</h2>
      {state.kind === "loading" && <p className="muted">Loading projects…</p>}
      {state.kind === "failed" && (
        <p role="alert" className="error">
          Could not load projects ({state.error.code}): {state.error.message}
        </p>
      )}
      {state.kind === "ready" && state.projects.length === 0 && (
        <div className="empty">
          <p>No projects yet.</p>
          <p className="muted">
            Register a git repository with <code>anpm project add PATH</code>.
          </p>
        </div>
      )}
      {state.kind === "ready" && state.projects.length > 0 && (
        <ul className="project-list" data-testid="project-list">
          {state.projects.map((project) => (
            <li key={project.id} className="project-row">
              <span className="project-name">{project.name}</span>
              <span className="project-branch">{project.default_branch || "no branch"}</span>
              <code className="project-path">{project.repo_path}</code>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
