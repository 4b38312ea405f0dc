import { memo } from "react";
import { Badge } from "../../components/Status";
import { formatElapsed, parseTimestamp } from "../../hooks/useActivity";
import type { Activity, Task } from "../../ipc";
import { type CardContext, failureKind, STAGE_LABELS } from "./Board";
import { type PagedTasks, usePagedWindow } from "./taskPages";

const ROW_HEIGHT = 36;

/**
 * The tasks as one virtualized list (the board's table view): a row per task with its stage, priority
 * and role, and a box to pick it for a batch edit. Rows load page by page as it scrolls.
 */
export function TaskList({
  pages,
  context,
  checked,
  onToggle,
}: {
  pages: PagedTasks;
  context: CardContext;
  checked: Set<string>;
  onToggle: (id: string) => void;
}) {
  const { scroller, virtual, items } = usePagedWindow(pages, {
    estimate: ROW_HEIGHT,
    overscan: 8,
    ahead: 30,
    initialRect: { width: 800, height: 600 },
  });
  return (
    <div className="task-list" ref={scroller} role="list" aria-label="Tasks">
      <div style={{ height: virtual.getTotalSize(), position: "relative" }}>
        {items.map((item) => {
          const task = pages.rows[item.index];
          if (!task) return null;
          return (
            <div key={item.key} className="list-slot" style={{ transform: `translateY(${item.start}px)` }} role="listitem">
              <TaskRow
                task={task}
                selected={task.id === context.selected}
                checked={checked.has(task.id)}
                activity={context.activity[task.id]}
                now={task.stage === "running" ? context.now : 0}
                onToggle={onToggle}
                onSelect={context.onSelect}
              />
            </div>
          );
        })}
      </div>
    </div>
  );
}

const TaskRow = memo(function TaskRow({
  task,
  selected,
  checked,
  activity,
  now,
  onToggle,
  onSelect,
}: {
  task: Task;
  selected: boolean;
  checked: boolean;
  activity: Activity | undefined;
  now: number;
  onToggle: (id: string) => void;
  onSelect: (task: Task) => void;
}) {
  const failure = failureKind(task);
  const live = task.stage === "running" && activity && activity.phase !== "idle";
  return (
    <div className={`list-row${selected ? " selected" : ""}`} data-task-id={task.id}>
      <input type="checkbox" aria-label={`Select ${task.title}`} checked={checked} onChange={() => onToggle(task.id)} />
      <button type="button" className="link list-title" onClick={() => onSelect(task)} aria-current={selected ? "true" : undefined}>
        {task.title}
      </button>
      <span className={`chip stage-chip stage-${task.stage}`}>{STAGE_LABELS[task.stage]}</span>
      <Badge kind="priority" value={task.priority} />
      <span className="muted list-role">
        {task.execution_role ?? "no role"}
        {failure && <> · {failure.replaceAll("_", " ")}</>}
        {live && <> · {formatElapsed(now - parseTimestamp(activity.started_at))}</>}
      </span>
    </div>
  );
}
);
