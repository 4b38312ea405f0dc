import { memo } from "react";
import { Badge } from "../../components/Status";
import { formatElapsed, parseTimestamp, useNow } from "../../hooks/useActivity";
import type { Activity, Stage, StageCount, Task } from "../../ipc";
import { type TaskListing, usePagedWindow, useTaskPages } from "./taskPages";

/** The lifecycle path, left to right; the side stages follow when they hold any task. */
const MAIN: Stage[] = ["todo", "queued", "running", "in_review", "done"];
const SIDE: Stage[] = ["failed", "blocked", "cancelled"];

export const STAGE_LABELS: Record<Stage, string> = {
  todo: "To do",
  queued: "Queued",
  running: "Running",
  in_review: "In review",
  done: "Done",
  failed: "Failed",
  cancelled: "Cancelled",
  blocked: "Blocked",
};

/** A card's height in pixels before it is measured (two title lines and one line of facts). */
const CARD_ESTIMATE = 74;

export type CardContext = {
  selected: string | null;
  activity: Record<string, Activity>;
  now: number;
  paused: boolean;
  /** Queued tasks held by their dependencies: the titles of what each waits on. */
  waiting: Record<string, string[]>;
  onSelect: (task: Task) => void;
};

/** The columns a board shows: the main path always, a side stage only when it holds a task. */
export function boardColumns(counts: StageCount[] | null): Stage[] {
  const held = (stage: Stage) => (counts?.find((c) => c.stage === stage)?.count ?? 0) > 0;
  return [...MAIN, ...SIDE.filter(held)];
}

/**
 * The tasks of a project as a board: one column per lifecycle stage, each its own virtualized,
 * page-by-page listing (so a column of 100,000 tasks draws and fetches only what is on screen).
 */
export function Board({
  listing,
  counts,
  context,
}: {
  listing: TaskListing;
  counts: StageCount[] | null;
  context: CardContext;
}) {
  return (
    <div className="board" role="list" aria-label="Board">
      {boardColumns(counts).map((stage) => (
        <BoardColumn
          key={stage}
          stage={stage}
          listing={listing}
          count={counts?.find((c) => c.stage === stage)?.count ?? null}
          context={context}
        />
      ))}
    </div>
  );
}

function BoardColumn({
  stage,
  listing,
  count,
  context,
}: {
  stage: Stage;
  listing: TaskListing;
  count: number | null;
  context: CardContext;
}) {
  const pages = useTaskPages({ ...listing, stage });
  const { scroller, virtual, items } = usePagedWindow(pages, {
    estimate: CARD_ESTIMATE,
    overscan: 4,
    ahead: 20,
    initialRect: { width: 220, height: 600 },
  });
  const { hasMore } = pages;
  const shown = listing.text || listing.priority ? pages.rows.length : count;
  return (
    <section className={`board-column stage-${stage}`} role="listitem" aria-label={STAGE_LABELS[stage]}>
      <header>
        <span className={`stage-dot stage-${stage}`} aria-hidden="true" />
        <h3>{STAGE_LABELS[stage]}</h3>
        <span className="count" aria-label={`${shown ?? "…"} tasks`}>
          {shown ?? "…"}
          {shown !== null && hasMore && (listing.text || listing.priority) ? "+" : ""}
        </span>
      </header>
      <div className="board-cards" ref={scroller} data-stage={stage}>
        {pages.status === "failed" && (
          <p role="alert" className="error" data-code={pages.error?.code}>
            {pages.error?.message}
          </p>
        )}
        {pages.status === "ready" && pages.rows.length === 0 && <p className="muted empty">Nothing here</p>}
        <div style={{ height: virtual.getTotalSize(), position: "relative" }}>
          {items.map((item) => {
            const task = pages.rows[item.index];
            if (!task) return null;
            return (
              <div
                key={item.key}
                data-index={item.index}
                ref={virtual.measureElement}
                className="board-slot"
                style={{ transform: `translateY(${item.start}px)` }}
              >
                <TaskCard
                  task={task}
                  selected={task.id === context.selected}
                  activity={context.activity[task.id]}
                  now={task.stage === "running" ? context.now : 0}
                  paused={context.paused}
                  waitingOn={task.stage === "queued" ? context.waiting[task.id] : undefined}
                  onSelect={context.onSelect}
                />
              </div>
            );
          })}
        </div>
      </div>
    </section>
  );
}

/**
 * One task on the board: title, role, priority, and what its stage makes worth knowing (how long it has
 * run and its current step, the failure kind, that the queue is paused). Memoized: activity arrives up
 * to 60 times a second and only the card whose task it is renders again.
 */
export const TaskCard = memo(function TaskCard({
  task,
  selected,
  activity,
  now,
  paused,
  waitingOn,
  onSelect,
}: {
  task: Task;
  selected: boolean;
  activity: Activity | undefined;
  now: number;
  paused: boolean;
  waitingOn?: string[];
  onSelect: (task: Task) => void;
}) {
  const failure = failureKind(task);
  const live = task.stage === "running" && activity && activity.phase !== "idle";
  const retryAt = task.stage === "queued" && task.retry_at ? parseTimestamp(task.retry_at) : null;
  // Only a card counting down to a usage-limit retry keeps a clock of its own.
  const tick = useNow(retryAt !== null);
  return (
    <button
      type="button"
      className={`card${selected ? " selected" : ""}`}
      aria-current={selected ? "true" : undefined}
      data-task-id={task.id}
      onClick={() => onSelect(task)}
    >
      <span className="card-title">{task.title}</span>
      <span className="card-facts">
        <Badge kind="priority" value={task.priority} />
        <span className="muted">{task.execution_role ?? "no role"}</span>
        {failure && <span className="chip chip-danger">{failure.replaceAll("_", " ")}</span>}
        {task.stage === "queued" && paused && <span className="chip chip-warn">paused</span>}
        {retryAt !== null && retryAt > tick && (
          <span className="chip chip-warn" title="The agent hit its usage limit; the task runs again when it resets">
            usage limit · retry in {formatElapsed(retryAt - tick)}
          </span>
        )}
        {waitingOn && waitingOn.length > 0 && (
          <span className="chip chip-wait" title={`Waiting on ${waitingOn.map((t) => `“${t}”`).join(", ")}`}>
            waiting on {waitingOn.length === 1 ? `“${waitingOn[0]}”` : `${waitingOn.length} tasks`}
          </span>
        )}
        {live && (
          <span className="card-live">
            {formatElapsed(now - parseTimestamp(activity.started_at))} · {activity.step || activity.phase.replace("_", " ")}
          </span>
        )}
      </span>
    </button>
  );
});

/** The failure kind of a failed task's last run, from its stored result. */
export function failureKind(task: Task): string | null {
  if (task.stage !== "failed") return null;
  const result = task.execution_result as { error_kind?: unknown } | null;
  return typeof result?.error_kind === "string" ? result.error_kind : null;
}
