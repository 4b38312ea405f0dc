import { useEffect, useState } from "react";
import { Badge, ErrorLine } from "../../components/Status";
import {
  CommandError,
  ipc,
  MERGE_STRATEGIES,
  type MergeStrategy,
  type TaskDetail,
  type TaskDiff,
  type WorkspaceInfo,
} from "../../ipc";
import { DiffView, UNFOLDED } from "./DiffView";

/**
 * A change asked for the moment its task is opened, so that it loads alongside the task instead of after
 * it. Only the panel of that task at that version (`updated_at`) takes it, once; when it has arrived by
 * then, the panel's first frame already shows it.
 */
let early: { taskId: string; version: string; diff: Promise<TaskDiff>; arrived: TaskDiff | null } | null = null;

/** Starts loading the change of a task in review that is being opened. */
export function prefetchDiff(taskId: string, version: string) {
  const mine = { taskId, version, diff: ipc.taskDiffView(taskId, UNFOLDED), arrived: null as TaskDiff | null };
  mine.diff.then(
    (diff) => {
      mine.arrived = diff;
    },
    // The panel reports a failure when it takes the promise; an untaken one fails quietly.
    () => undefined,
  );
  early = mine;
}

/** The prefetched change of this task at this version, taken, or null. */
function takeEarly(taskId: string, version: string): typeof early {
  const taken = early;
  early = null;
  return taken && taken.taskId === taskId && taken.version === version ? taken : null;
}

/** Human words for the refusals a reviewer acts on; other codes show the core's message alone. */
function describe(e: CommandError): string {
  if (e.code === "working_tree_dirty") return `Not merged: ${e.message}`;
  return e.message;
}

/**
 * The review gate of one task: where its work is, what it changes, and the decision — merge, send
 * feedback back to the agent, or discard. Shown for tasks that have a workspace.
 */
export function ReviewPanel({ detail, onChanged }: { detail: TaskDetail; onChanged: () => void }) {
  // What the first frame shows: the prefetched change when it has already arrived.
  const [prefetched] = useState(() => {
    const taken = takeEarly(detail.id, detail.updated_at);
    return taken && { version: taken.version, diff: taken.diff, shown: taken.arrived };
  });
  const [diff, setDiff] = useState<TaskDiff | null>(prefetched?.shown ?? null);
  const [workspace, setWorkspace] = useState<WorkspaceInfo | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [strategy, setStrategy] = useState<MergeStrategy>("merge");
  const [feedback, setFeedback] = useState("");
  const [busy, setBusy] = useState(false);
  const open = detail.review_status === "in_review" || detail.review_status === "conflict";
  // The diff follows the branch head: a new attempt or a merge changes `updated_at`.
  useEffect(() => {
    let live = true;
    // The first load may be the prefetched one; any later version is loaded afresh.
    const first = prefetched && prefetched.version === detail.updated_at;
    if (!(first && prefetched.shown)) {
      (first ? prefetched.diff : ipc.taskDiffView(detail.id, UNFOLDED)).then(
        (d) => live && setDiff(d),
        (e: CommandError) => live && setError(describe(e)),
      );
    }
    ipc.taskWorkspace(detail.id).then(
      (w) => live && setWorkspace(w),
      () => live && setWorkspace(null),
    );
    return () => {
      live = false;
    };
  }, [detail.id, detail.updated_at]);
  const act = (action: () => Promise<unknown>) => {
    setBusy(true);
    action()
      .then(
        () => {
          setError(null);
          setFeedback("");
          onChanged();
        },
        (e: CommandError) => setError(describe(e)),
      )
      .finally(() => setBusy(false));
  };
  const conflicts = detail.review_status === "conflict";
  return (
    <section aria-label="Review" className="review">
      <h4>
        Review <Badge kind="review" value={detail.review_status} />
      </h4>
      {conflicts && (
        <p className="failure" role="status">
          The branch conflicts with its base; nothing was merged. Send it back to the agent to rebase and resolve,
          or resolve it in the worktree yourself.
        </p>
      )}
      {open && (
        <div className="review-actions">
          <label>
            Strategy{" "}
            <select value={strategy} onChange={(e) => setStrategy(e.target.value as MergeStrategy)} disabled={busy}>
              {MERGE_STRATEGIES.map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </select>
          </label>
          <button type="button" className="primary" disabled={busy} onClick={() => act(() => ipc.mergeTask(detail.id, strategy))}>
            Merge into {diff?.base ?? "base"}
          </button>
          <button
            type="button"
            disabled={busy}
            onClick={() => act(() => ipc.discardTask(detail.id, false, false))}
            title="Removes the worktree and keeps the branch"
          >
            Discard
          </button>
        </div>
      )}
      {open && (
        <form
          className="review-followup"
          onSubmit={(e) => {
            e.preventDefault();
            act(() => ipc.followupTask(detail.id, feedback));
          }}
        >
          <label htmlFor={`followup-${detail.id}`}>Feedback for the agent</label>
          <textarea
            id={`followup-${detail.id}`}
            rows={2}
            value={feedback}
            placeholder={conflicts ? "Rebase on the base branch and resolve the conflicts" : "What should change?"}
            onChange={(e) => setFeedback(e.target.value)}
          />
          <button type="submit" disabled={busy || feedback.trim() === ""}>
            Send back to the agent
          </button>
        </form>
      )}
      {workspace?.exists && (
        <p className="review-workspace">
          <span className="muted">Worktree</span> <code>{workspace.path}</code>{" "}
          <button type="button" onClick={() => ipc.openTaskFolder(detail.id).catch((e: CommandError) => setError(describe(e)))}>
            Open folder
          </button>{" "}
          <button type="button" onClick={() => ipc.openTaskTerminal(detail.id).catch((e: CommandError) => setError(describe(e)))}>
            Open terminal here
          </button>
        </p>
      )}
      <ErrorLine message={error} />
      {/* Keyed by the head commit: a new change starts drawing from its first file again. */}
      {diff && <DiffView key={diff.to} diff={diff} taskId={detail.id} />}
    </section>
  );
}
