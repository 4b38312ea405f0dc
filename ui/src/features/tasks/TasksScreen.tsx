import { lazy, memo, Suspense, useCallback, useEffect, useState } from "react";
import { Badge, ErrorLine, LiveStatus } from "../../components/Status";
import { useLive } from "../../hooks/useLive";
import { formatElapsed, parseTimestamp, useActivity, useNow } from "../../hooks/useActivity";
import {
  type Activity,
  CommandError,
  DISPATCH_STATUSES,
  type DispatchStatus,
  ipc,
  type Task,
  TASK_STATUSES,
  type TaskDetail,
  type TaskStatus,
} from "../../ipc";
import { AttemptHistory } from "./AttemptHistory";
import { NewTask } from "./NewTask";
import { prefetchDiff, ReviewPanel } from "./ReviewPanel";
import { RunControls } from "./RunControls";
import { TaskBatchBar } from "./TaskBatchBar";

// The terminal (xterm.js) is the heaviest part of the UI; it loads the first time a task runs in view.
const LiveTerminal = lazy(() => import("../../components/LiveTerminal").then((m) => ({ default: m.LiveTerminal })));

/**
 * Committed work and its dispatch: status, agent outcome, and the result of the last attempt. `focus`
 * selects a task from outside (a clicked notice).
 */
export function TasksScreen({ projectId, focus = null }: { projectId: string; focus?: { id: string } | null }) {
  const { state, reload } = useLive(() => ipc.listTasks({ projectId }), [projectId], ["tasks"]);
  const [selected, setSelected] = useState<string | null>(focus?.id ?? null);
  useEffect(() => {
    if (focus) setSelected(focus.id);
  }, [focus]);
  const [checked, setChecked] = useState<Set<string>>(new Set());
  const [statusFilter, setStatusFilter] = useState<TaskStatus | "">("");
  const [dispatchFilter, setDispatchFilter] = useState<DispatchStatus | "">("");
  const all = state.kind === "ready" ? state.data : [];
  const shown = all.filter(
    (t) => (!statusFilter || t.status === statusFilter) && (!dispatchFilter || t.dispatch_status === dispatchFilter),
  );
  const toggle = useCallback(
    (id: string) =>
      setChecked((current) => {
        const next = new Set(current);
        if (next.has(id)) next.delete(id);
        else next.add(id);
        return next;
      }),
    [],
  );
  const open = useCallback((task: Task) => {
    if (task.review_status !== "none") prefetchDiff(task.id, task.updated_at);
    setSelected(task.id);
  }, []);
  const checkedIds = shown.filter((t) => checked.has(t.id)).map((t) => t.id);
  const runners = useActivity();
  const byTask: Record<string, Activity> = {};
  for (const a of Object.values(runners)) if (a.subject_kind === "task" && a.subject_id) byTask[a.subject_id] = a;
  const now = useNow(all.some((t) => t.dispatch_status === "running"));
  return (
    <section aria-labelledby="tasks-heading" className="panel split">
      <div>
        <h2 id="tasks-heading">Tasks</h2>
        <NewTask projectId={projectId} onAdded={reload} />
        <LiveStatus state={state} what="tasks" />
        {state.kind === "ready" && state.data.length === 0 && (
          <p className="muted">No tasks yet: commit a backlog item or apply a planning candidate.</p>
        )}
        {all.length > 0 && (
          <div className="inline-form filters" aria-label="Filters">
            <label>
              Status
              <select value={statusFilter} onChange={(e) => setStatusFilter(e.target.value as TaskStatus | "")}>
                <option value="">any</option>
                {TASK_STATUSES.map((s) => (
                  <option key={s} value={s}>
                    {s.replace("_", " ")}
                  </option>
                ))}
              </select>
            </label>
            <label>
              Dispatch
              <select value={dispatchFilter} onChange={(e) => setDispatchFilter(e.target.value as DispatchStatus | "")}>
                <option value="">any</option>
                {DISPATCH_STATUSES.map((s) => (
                  <option key={s} value={s}>
                    {s}
                  </option>
                ))}
              </select>
            </label>
            <span className="muted">
              {shown.length} of {all.length}
            </span>
          </div>
        )}
        <TaskBatchBar
          ids={checkedIds}
          onDone={() => {
            setChecked(new Set());
            reload();
          }}
        />
        {shown.length > 0 && (
          <table className="grid">
            <thead>
              <tr>
                <th>
                  <input
                    type="checkbox"
                    aria-label="Select all shown"
                    checked={checkedIds.length === shown.length}
                    onChange={(e) => setChecked(e.target.checked ? new Set(shown.map((t) => t.id)) : new Set())}
                  />
                </th>
                <th>Title</th>
                <th>Status</th>
                <th>Priority</th>
                <th>Dispatch</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((task: Task) => (
                <TaskRow
                  key={task.id}
                  task={task}
                  activity={byTask[task.id]}
                  // Only a running task shows a clock; the other rows skip the per-second render.
                  now={task.dispatch_status === "running" ? now : 0}
                  selected={task.id === selected}
                  checked={checked.has(task.id)}
                  onToggle={toggle}
                  onSelect={open}
                />
              ))}
            </tbody>
          </table>
        )}
      </div>
      {selected && <TaskDetailPanel id={selected} onChanged={reload} />}
    </section>
  );
}

/**
 * One task's row. Memoized: activity arrives up to 60 times a second and only the rows whose task,
 * activity or selection changed render again.
 */
const TaskRow = memo(function TaskRow({
  task,
  activity,
  now,
  selected,
  checked,
  onToggle,
  onSelect,
}: {
  task: Task;
  activity: Activity | undefined;
  now: number;
  selected: boolean;
  checked: boolean;
  onToggle: (id: string) => void;
  onSelect: (task: Task) => void;
}) {
  return (
    <tr className={selected ? "selected" : undefined}>
      <td>
        <input type="checkbox" aria-label={`Select ${task.title}`} checked={checked} onChange={() => onToggle(task.id)} />
      </td>
      <td>
        <button type="button" className="link" onClick={() => onSelect(task)}>
          {task.title}
        </button>
      </td>
      <td>
        <Badge kind="status" value={task.status} />
      </td>
      <td>
        <Badge kind="priority" value={task.priority} />
      </td>
      <td>
        <DispatchCell task={task} activity={activity} now={now} />
      </td>
    </tr>
  );
});

/** The dispatch badge with the role, and while the task runs: how long, and what the agent is doing. */
function DispatchCell({ task, activity, now }: { task: Task; activity: Activity | undefined; now: number }) {
  const running = task.dispatch_status === "running" && activity && activity.phase !== "idle";
  return (
    <span className="dispatch-cell">
      <Badge kind="dispatch" value={task.dispatch_status} />
      {task.execution_role && <span className="muted"> {task.execution_role}</span>}
      {running && (
        <span className="dispatch-live">
          {" "}
          · {formatElapsed(now - parseTimestamp(activity.started_at))} · {activity.phase.replace("_", " ")}
          {activity.step && <>: {activity.step}</>}
        </span>
      )}
    </span>
  );
}

/**
 * The selected task's detail. While the next task loads, the one before stays on screen rather than a
 * loading line (the switch is one frame, not two); each task's detail keeps its own state.
 */
function TaskDetailPanel({ id, onChanged }: { id: string; onChanged: () => void }) {
  const { state, reload } = useLive(() => ipc.task(id), [id], ["tasks"]);
  if (state.kind !== "ready") return <LiveStatus state={state} what="the task" />;
  return <TaskDetailBody key={state.data.id} detail={state.data} reload={reload} onChanged={onChanged} />;
}

function TaskDetailBody({ detail, reload, onChanged }: { detail: TaskDetail; reload: () => void; onChanged: () => void }) {
  const id = detail.id;
  const [log, setLog] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  // The terminal stays once the task was seen running, so its last lines remain readable after it ends.
  const [watchedAttempt, setWatchedAttempt] = useState<number | null>(null);
  const running = detail.dispatch_status === "running";
  const attempts = detail.attempts;
  useEffect(() => {
    if (running) setWatchedAttempt(attempts);
  }, [running, attempts]);
  const act = (action: Promise<unknown>) =>
    action.then(() => {
      setError(null);
      reload();
      onChanged();
    }, (e: CommandError) => setError(`${e.code}: ${e.message}`));
  const attempt = detail.last_attempt;
  const result = detail.execution_result as Record<string, unknown> | null;
  return (
    <aside aria-label="Task detail" className="detail" data-task-id={detail.id}>
      <h3>{detail.title}</h3>
      <p>
        <Badge kind="dispatch" value={detail.dispatch_status} /> {detail.attempts} attempt(s)
        {detail.review_status !== "none" && (
          <>
            {" "}
            <Badge kind="review" value={detail.review_status} />
          </>
        )}
      </p>
      {attempt?.error_kind && (
        <div className="failure" role="status">
          <strong>{attempt.error_kind}</strong>: {attempt.error_message}
          {detail.remediation && <p>{detail.remediation}</p>}
        </div>
      )}
      {attempt && attempt.outcome === "completed" && (
        <p>
          {changesLine(result)}
          {attempt.cost_usd != null && <> · ${attempt.cost_usd.toFixed(4)}</>}
          {attempt.output_tokens != null && <> · {attempt.input_tokens} in / {attempt.output_tokens} out tokens</>}
        </p>
      )}
      {watchedAttempt !== null && (
        <Suspense fallback={<p className="terminal-host muted">Opening the live terminal…</p>}>
          <LiveTerminal taskId={id} attempt={watchedAttempt} />
        </Suspense>
      )}
      {result && "files_rejected" in result && <p className="error">Some files were refused; see the result.</p>}
      <RunControls
        detail={detail}
        onChanged={() => {
          reload();
          onChanged();
        }}
      />
      <div className="row-actions">
        {(detail.dispatch_status === "queued" || detail.dispatch_status === "running") && (
          <button type="button" onClick={() => act(ipc.cancelTask(id))}>
            Cancel
          </button>
        )}
        {(detail.dispatch_status === "failed" || detail.dispatch_status === "cancelled") && (
          <button type="button" onClick={() => act(ipc.requeueTask(id))}>
            Requeue
          </button>
        )}
        {attempt && (
          <button type="button" onClick={() => ipc.taskLog(id).then((l) => setLog(l.text), (e: CommandError) => setError(e.message))}>
            Show log
          </button>
        )}
      </div>
      {detail.review_status !== "none" && (
        <ReviewPanel
          detail={detail}
          onChanged={() => {
            reload();
            onChanged();
          }}
        />
      )}
      {detail.attempts > 0 && <AttemptHistory taskId={id} version={`${detail.attempts}:${detail.updated_at}`} />}
      <ErrorLine message={error} />
      {log !== null && <pre className="log">{log}</pre>}
    </aside>
  );
}

/** What the last finished attempt changed: its branch's diffstat in worktree mode, else the files applied. */
function changesLine(result: Record<string, unknown> | null): string {
  const changes = result?.changes as { files?: number; additions?: number; deletions?: number; branch?: string } | undefined;
  if (changes && typeof changes.files === "number") {
    if (changes.files === 0) return "No changes";
    return `${changes.files} file(s) changed, +${changes.additions ?? 0} −${changes.deletions ?? 0} on ${changes.branch ?? "its branch"}`;
  }
  return `${Number(result?.files_applied ?? 0)} file(s) applied`;
}
