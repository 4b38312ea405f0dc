import { useState } from "react";
import { ErrorLine } from "../../components/Status";
import { CommandError, ipc, type Project, WORKSPACE_MODES, type WorkspaceMode } from "../../ipc";

/**
 * Where one project's agents work: a git worktree per task (reviewed before merging) or the checkout
 * itself, the base branch, and the setup each new worktree gets. The core validates and names problems.
 */
export function ProjectWorkspace({ project, onSaved }: { project: Project; onSaved?: (p: Project) => void }) {
  const ws = project.workspace;
  const [mode, setMode] = useState<WorkspaceMode>(ws.mode);
  const [base, setBase] = useState(ws.base_branch);
  const [copy, setCopy] = useState(ws.setup_copy.join("\n"));
  const [command, setCommand] = useState(ws.setup_command);
  const [stack, setStack] = useState(ws.stack_on_review);
  const [error, setError] = useState<string | CommandError | null>(null);
  const [saved, setSaved] = useState(false);
  return (
    <form
      className="stacked-form"
      aria-label={`Workspace of ${project.name}`}
      onSubmit={(e) => {
        e.preventDefault();
        const globs = copy.split("\n").map((g) => g.trim()).filter((g) => g !== "");
        ipc.setProjectWorkspace(project.id, mode, base.trim(), globs, command.trim(), stack).then(
          (p) => {
            setError(null);
            setSaved(true);
            onSaved?.(p);
          },
          (err: CommandError) => {
            setSaved(false);
            setError(err);
          },
        );
      }}
    >
      <label>
        Agents work
        <select value={mode} onChange={(e) => setMode(e.target.value as WorkspaceMode)}>
          {WORKSPACE_MODES.map((m) => (
            <option key={m} value={m}>
              {m === "worktree" ? "in a git worktree per task, merged after review" : "in place, in my checkout"}
            </option>
          ))}
        </select>
      </label>
      {mode === "in-place" && (
        <p className="workspace-warning" role="note">
          In place, agents edit your checkout directly: nothing isolates their changes from yours, two tasks share
          one tree, and there is no review before their work lands.
        </p>
      )}
      <label>
        Base branch
        <input value={base} onChange={(e) => setBase(e.target.value)} placeholder={project.default_branch || "the default branch"} />
      </label>
      <label>
        {/* One span: a label lays out its children as a grid, which would put each code on its own line. */}
        <span>
          Files copied into each new worktree, one per line (globs such as <code>.env</code> or <code>config/*.local</code>)
        </span>
        <textarea rows={2} value={copy} onChange={(e) => setCopy(e.target.value)} />
      </label>
      <label>
        Setup command run in each new worktree before its first agent
        <input value={command} onChange={(e) => setCommand(e.target.value)} placeholder="e.g. npm ci" />
      </label>
      <label className="check">
        <input type="checkbox" checked={stack} onChange={(e) => setStack(e.target.checked)} />
        <span>
          Stack on review: a task starts as soon as the task it depends on is in review, on top of its branch, so a
          whole plan runs unattended and you review the stack at the end (merging a task merges what it stacks on
          first). Off: each task waits for its dependencies to be merged.
        </span>
      </label>
      <div>
        <button type="submit">Save workspace settings</button> {saved && <span className="muted">Saved.</span>}
      </div>
      <ErrorLine message={error} />
    </form>
  );
}
