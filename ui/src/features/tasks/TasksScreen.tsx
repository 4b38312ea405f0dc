import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { Panel, PanelGroup, PanelResizeHandle } from "react-resizable-panels";
import { ErrorLine, LiveStatus } from "../../components/Status";
import { useLive } from "../../hooks/useLive";
import { useActivity, useNow } from "../../hooks/useActivity";
import {
  type Activity,
  ipc,
  type Priority,
  PRIORITIES,
  type Stage,
  STAGES,
  type Task,
} from "../../ipc";
import { Board, type CardContext, STAGE_LABELS } from "./Board";
import { TaskList } from "./TaskList";
import { type TaskListing, useTaskPages } from "./taskPages";
import { NewTask } from "./NewTask";
import { prefetchDiff } from "./ReviewPanel";
import { TaskDetailPanel } from "./TaskDetail";
import { BOARD_LAYOUT, LIST_LAYOUT, moveFocus, typing } from "./keyboard";
import { type PaletteCommand, usePaletteCommands } from "../../app/commands";
import { useRemembered } from "../../app/remembered";
import { TaskBatchBar } from "./TaskBatchBar";

/**
 * Committed work on a board (a column per lifecycle stage) or as a list, with the selected task's detail
 * in a resizable pane beside it that can take the whole width. `focus` selects a task from outside (a
 * clicked notice).
 */
export function TasksScreen({ projectId, focus = null }: { projectId: string; focus?: { id: string } | null }) {
  const [selected, setSelected] = useRemembered<string | null>(`tasks:${projectId}:selected`, focus?.id ?? null);
  useEffect(() => {
    if (focus) setSelected(focus.id);
  }, [focus]);
  const [view, setView] = useState<"board" | "list">(() => (localStorage.getItem(VIEW_KEY) === "list" ? "list" : "board"));
  const [maximized, setMaximized] = useState(false);
  const toggleMaximized = useCallback(() => setMaximized((m) => !m), []);
  const [find, setFind] = useState("");
  const text = useDebounced(find.trim(), FIND_PAUSE_MS);
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
  const held = useLive(() => ipc.waitingTasks(projectId), [projectId], ["tasks"]);
  const waiting = useMemo(() => {
    const byTask: Record<string, string[]> = {};
    if (held.state.kind !== "ready") return byTask;
    for (const t of held.state.data) {
      byTask[t.task_id] = t.depends_on.filter((d) => t.waiting_on.includes(d.task_id)).map((d) => d.title);
    }
    return byTask;
  }, [held.state]);
  const context: CardContext = { selected, activity, now, paused, waiting, onSelect: open };
  const total = stageCounts?.reduce((sum, c) => sum + c.count, 0) ?? null;
  const work = useRef<HTMLDivElement>(null);
  const close = useCallback(() => {
    setSelected(null);
    setMaximized(false);
    // Back to where the operator was: the card of the task just closed.
    requestAnimationFrame(() => work.current?.querySelector<HTMLElement>('[aria-current="true"]')?.focus());
  }, []);
  const layout = view === "board" ? BOARD_LAYOUT : LIST_LAYOUT;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || typing(e.target)) return;
      if (e.key === "Escape" && selected) {
        close();
        return;
      }
      // j/k from anywhere outside the work area (and the detail's own keys) step into it.
      const root = work.current;
      if (!root || (e.key !== "j" && e.key !== "k") || root.contains(e.target as Node)) return;
      if ((e.target as HTMLElement | null)?.closest?.(".detail-pane, [role='dialog']")) return;
      if (moveFocus(root, e.key, layout)) e.preventDefault();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [selected, close, layout]);
  const chooseView = useCallback((next: "board" | "list") => {
    setView(next);
    localStorage.setItem(VIEW_KEY, next);
  }, []);
  const newTitle = useRef<HTMLInputElement>(null);
  const findBox = useRef<HTMLInputElement>(null);
  const commands = useMemo(() => {
    const list: PaletteCommand[] = [
      { id: "tasks-new", group: "Tasks", title: "New task", run: () => newTitle.current?.focus() },
      { id: "tasks-find", group: "Tasks", title: "Find tasks", run: () => findBox.current?.focus() },
      view === "board"
        ? { id: "tasks-list", group: "Tasks", title: "Show the tasks as a list", run: () => chooseView("list") }
        : { id: "tasks-board", group: "Tasks", title: "Show the tasks as a board", run: () => chooseView("board") },
      {
        id: "tasks-step",
        group: "Tasks",
        title: "Go to the tasks (then j/k to move, Enter to open)",
        keys: "j",
        run: () => work.current && moveFocus(work.current, "j", layout),
      },
    ];
    if (selected) {
      list.push({ id: "tasks-close", group: "Tasks", title: "Close the task detail", keys: "Esc", run: close });
      list.push({
        id: "tasks-maximize",
        group: "Tasks",
        title: maximized ? "Restore the split" : "Maximize the task detail",
        run: () => setMaximized(!maximized),
      });
    }
    return list;
  }, [view, chooseView, selected, close, maximized, layout]);
  usePaletteCommands(commands);
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
          ref={findBox}
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
      <NewTask projectId={projectId} inputRef={newTitle} />
      <LiveStatus state={counts.state} what="tasks" />
      <div className="tasks-work">
        {/* One tree for both layouts: maximizing drops the board's panel but keeps the detail mounted, so
            its tab, its live terminal and its scroll position stay. */}
        <PanelGroup direction="horizontal" autoSaveId="anpm-tasks-split">
          {!maximized && (
            <Panel id="tasks-main" order={1} minSize={25} className="tasks-main">
              <div
                ref={work}
                className="work-area"
                onKeyDown={(e) => {
                  if (e.ctrlKey || e.metaKey || e.altKey || typing(e.target)) return;
                  if (moveFocus(e.currentTarget, e.key, layout)) e.preventDefault();
                }}
              >
                {workArea}
              </div>
            </Panel>
          )}
          {selected && !maximized && <PanelResizeHandle className="split-handle" aria-label="Resize the task detail" />}
          {selected && (
            <Panel id="tasks-detail" order={2} defaultSize={maximized ? 100 : 55} minSize={30} className="tasks-detail">
              <TaskDetailPanel id={selected} onClose={close} maximized={maximized} onMaximize={toggleMaximized} />
            </Panel>
          )}
        </PanelGroup>
      </div>
    </section>
  );
}

const VIEW_KEY = "anpm.tasks.view";
/** The pause in typing after which the find box asks the store (one query per pause, not per key). */
const FIND_PAUSE_MS = 60;

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
