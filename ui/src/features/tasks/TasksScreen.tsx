import { lazy, Suspense, useCallback, useEffect, useMemo, useState } from "react";
import { Panel, PanelGroup, PanelResizeHandle } from "react-resizable-panels";
import { Badge, ErrorLine, LiveStatus } from "../../components/Status";
import { useLive } from "../../hooks/useLive";
import { useActivity, useNow } from "../../hooks/useActivity";
import {
  type Activity,
  CommandError,
  ipc,
  type Priority,
  PRIORITIES,
  type Stage,
  STAGES,
  type Task,
  type TaskDetail,
} from "../../ipc";
import { AttemptHistory } from "./AttemptHistory";
import { Board, type CardContext, STAGE_LABELS } from "./Board";
import { TaskList } from "./TaskList";
import { type TaskListing, useTaskPages } from "./taskPages";
import { NewTask } from "./NewTask";
import { prefetchDiff, ReviewPanel } from "./ReviewPanel";
import { RunControls } from "./RunControls";
import { TaskBatchBar } from "./TaskBatchBar";

// The terminal (xterm.js) is the heaviest part of the UI; it loads the first time a task runs in view.
const LiveTerminal = lazy(() => import("../../components/LiveTerminal").then((m) => ({ default: m.LiveTerminal })));

/**
 * Committed work on a board (a column per lifecycle stage) or as a list, with the selected task's detail
 * in a resizable pane beside it that can take the whole width. `focus` selects a task from outside (a
 * clicked notice).
 */
export function TasksScreen({ projectId, focus = null }: { projectId: string; focus?: { id: string } | null }) {
  const [selected, setSelected] = useState<string | null>(focus?.id ?? null);
  useEffect(() => {
    if (focus) setSelected(focus.id);
  }, [focus]);
  const [view, setView] = useState<"board" | "list">(() => (localStorage.getItem(VIEW_KEY) === "list" ? "list" : "board"));
  const [maximized, setMaximized] = useState(false);
  const [find, setFind] = useState("");
  const text = useDebounced(find.trim(), 150);
  const [priority, setPriority] = useState<Priority | "">("");
  const [stage, setStage] = useState<Stage | "">("");
  const listing: TaskListing = useMemo(
    () => ({ projectId, text: text || undefined, priority: priority || undefined }),
    [projectId, text, priority],
  );
  const counts = useLive(() => ipc.taskStageCounts(projectId), [projectId], ["tasks"]);
  const dispatch = useLive(() => ipc.dispatchState(), [], ["tasks", "settings"]);
  const paused = dispatch.state.kind === "ready" && dispatch.state.data.paused;
  const [checked, setChecked] = useState<Set<string>>(new Set());
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
  const runners = useActivity();
  const activity = useMemo(() => {
    const byTask: Record<string, Activity> = {};
    for (const a of Object.values(runners)) if (a.subject_kind === "task" && a.subject_id) byTask[a.subject_id] = a;
    return byTask;
  }, [runners]);
  const stageCounts = counts.state.kind === "ready" ? counts.state.data : null;
  const running = (stageCounts?.find((c) => c.stage === "running")?.count ?? 0) > 0;
  const now = useNow(running);
  const context: CardContext = { selected, activity, now, paused, onSelect: open };
  const total = stageCounts?.reduce((sum, c) => sum + c.count, 0) ?? null;
  const close = useCallback(() => {
    setSelected(null);
    setMaximized(false);
  }, []);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape" && selected && !(e.target instanceof HTMLInputElement || e.target instanceof HTMLTextAreaElement)) close();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [selected, close]);
  const chooseView = (next: "board" | "list") => {
    setView(next);
    localStorage.setItem(VIEW_KEY, next);
  };
  const workArea =
    total === 0 && !text && !priority ? (
      <p className="muted empty-note">No tasks yet: add one above, commit a backlog item or apply a planning candidate.</p>
    ) : view === "board" ? (
      <Board listing={listing} counts={stageCounts} context={context} />
    ) : (
      <ListView listing={{ ...listing, stage: stage || undefined }} context={context} checked={checked} onToggle={toggle} onBatchDone={() => setChecked(new Set())} />
    );
  return (
    <section aria-labelledby="tasks-heading" className="panel tasks-screen">
      <div className="tasks-toolbar">
        <h2 id="tasks-heading">Tasks</h2>
        <div className="segmented" role="group" aria-label="View">
          <button type="button" aria-pressed={view === "board"} onClick={() => chooseView("board")}>
            Board
          </button>
          <button type="button" aria-pressed={view === "list"} onClick={() => chooseView("list")}>
            List
          </button>
        </div>
        <input
          type="search"
          className="find"
          placeholder="Find tasks"
          aria-label="Find tasks"
          value={find}
          onChange={(e) => setFind(e.target.value)}
        />
        <select aria-label="Filter by priority" value={priority} onChange={(e) => setPriority(e.target.value as Priority | "")}>
          <option value="">any priority</option>
          {PRIORITIES.map((p) => (
            <option key={p} value={p}>
              {p}
            </option>
          ))}
        </select>
        {view === "list" && (
          <select aria-label="Filter by stage" value={stage} onChange={(e) => setStage(e.target.value as Stage | "")}>
            <option value="">any stage</option>
            {STAGES.map((s) => (
              <option key={s} value={s}>
                {STAGE_LABELS[s]}
              </option>
            ))}
          </select>
        )}
        {total !== null && <span className="muted">{total.toLocaleString()} {total === 1 ? "task" : "tasks"}</span>}
        {paused && (
          <span className="chip chip-warn" role="status">
            Dispatch paused
          </span>
        )}
      </div>
      <NewTask projectId={projectId} />
      <LiveStatus state={counts.state} what="tasks" />
      <div className="tasks-work">
        {selected && maximized ? (
          <TaskDetailPanel id={selected} onClose={close} maximized onMaximize={() => setMaximized(false)} />
        ) : (
          <PanelGroup direction="horizontal" autoSaveId="anpm-tasks-split">
            <Panel id="tasks-main" order={1} minSize={25} className="tasks-main">
              {workArea}
            </Panel>
            {selected && (
              <>
                <PanelResizeHandle className="split-handle" aria-label="Resize the task detail" />
                <Panel id="tasks-detail" order={2} defaultSize={55} minSize={30} className="tasks-detail">
                  <TaskDetailPanel id={selected} onClose={close} maximized={false} onMaximize={() => setMaximized(true)} />
                </Panel>
              </>
            )}
          </PanelGroup>
        )}
      </div>
    </section>
  );
}

const VIEW_KEY = "anpm.tasks.view";

/** The list view: the batch bar over a virtualized list of one listing. */
function ListView({
  listing,
  context,
  checked,
  onToggle,
  onBatchDone,
}: {
  listing: TaskListing;
  context: CardContext;
  checked: Set<string>;
  onToggle: (id: string) => void;
  onBatchDone: () => void;
}) {
  const pages = useTaskPages(listing);
  const ids = pages.rows.filter((t) => checked.has(t.id)).map((t) => t.id);
  return (
    <div className="list-view">
      <TaskBatchBar ids={ids} onDone={onBatchDone} />
      {pages.status === "failed" && <ErrorLine error={pages.error} />}
      {pages.status === "ready" && pages.rows.length === 0 && <p className="muted">No task matches.</p>}
      <TaskList pages={pages} context={context} checked={checked} onToggle={onToggle} />
    </div>
  );
}

/** `value`, once it has stayed the same for `ms` (a find box queries the store per pause, not per key). */
function useDebounced<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

/**
 * The selected task's detail. While the next task loads, the one before stays on screen rather than a
 * loading line (the switch is one frame, not two); each task's detail keeps its own state.
 */
function TaskDetailPanel({
  id,
  onClose,
  maximized,
  onMaximize,
}: {
  id: string;
  onClose: () => void;
  maximized: boolean;
  onMaximize: () => void;
}) {
  const { state, reload } = useLive(() => ipc.task(id), [id], ["tasks"]);
  return (
    <div className={maximized ? "detail-pane maximized" : "detail-pane"}>
      <div className="detail-tools">
        <button type="button" className="ghost" onClick={onMaximize} aria-label={maximized ? "Restore the split" : "Maximize the task detail"}>
          {maximized ? "Restore" : "Maximize"}
        </button>
        <button type="button" className="ghost" onClick={onClose} aria-label="Close the task detail">
          Close
        </button>
      </div>
      {state.kind !== "ready" ? (
        <LiveStatus state={state} what="the task" />
      ) : (
        <TaskDetailBody key={state.data.id} detail={state.data} reload={reload} />
      )}
    </div>
  );
}

// The board and list follow changes through the core's `changed` events; an action here reloads only the detail.
function TaskDetailBody({ detail, reload }: { detail: TaskDetail; reload: () => void }) {
  const id = detail.id;
  const [log, setLog] = useState<string | null>(null);
  const [error, setError] = useState<string | CommandError | null>(null);
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
    }, (e: CommandError) => setError(e));
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
        onChanged={reload}
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
          <button type="button" onClick={() => ipc.taskLog(id).then((l) => setLog(l.text), (e: CommandError) => setError(e))}>
            Show log
          </button>
        )}
      </div>
      {detail.review_status !== "none" && (
        <ReviewPanel
          detail={detail}
          onChanged={reload}
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
