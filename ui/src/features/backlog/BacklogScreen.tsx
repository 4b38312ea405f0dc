import { useOpenTask } from "../../app/navigation";
import { AgentReadinessNote } from "../onboarding";
import { useVirtualizer } from "@tanstack/react-virtual";
import { useRef, useState } from "react";
import { Badge, ErrorLine, LiveStatus } from "../../components/Status";
import { useLive } from "../../hooks/useLive";
import {
  BACKLOG_ITEM_STATUSES,
  type BacklogItem,
  type BacklogItemStatus,
  CommandError,
  ipc,
  PRIORITIES,
  type Priority,
  type Role,
} from "../../ipc";
import { QuickAdd } from "../../components/QuickAdd";
import { BacklogDrawer } from "./BacklogDrawer";

/** What the operator narrows the list to; empty fields do not filter. */
export type BacklogFilters = { status: BacklogItemStatus | ""; priority: Priority | ""; label: string; text: string };
const NO_FILTERS: BacklogFilters = { status: "", priority: "", label: "", text: "" };

/** The items matching `f` (text matches title, description and labels, ignoring case). */
export function filterBacklog(items: BacklogItem[], f: BacklogFilters): BacklogItem[] {
  const text = f.text.trim().toLowerCase();
  const label = f.label.trim().toLowerCase();
  return items.filter(
    (i) =>
      (!f.status || i.status === f.status) &&
      (!f.priority || i.priority === f.priority) &&
      (!label || i.labels.some((l) => l.toLowerCase() === label)) &&
      (!text || [i.title, i.description, ...i.labels].some((v) => v.toLowerCase().includes(text))),
  );
}

/**
 * The rank edits that move `items[index]` one place up (-1) or down (+1) in the ranked list. Neighbours
 * with different ranks swap them. When they share a rank, swapping changes nothing and nudging one rank
 * could land on a third item's, so the list is renumbered 1…n in its new order (only changed ranks are
 * sent).
 */
export function rankMove(items: BacklogItem[], index: number, direction: -1 | 1): Array<[string, number]> {
  const item = items[index];
  const other = items[index + direction];
  if (!item || !other) return [];
  if (item.rank !== other.rank) return [[item.id, other.rank], [other.id, item.rank]];
  const order = [...items];
  order[index] = other;
  order[index + direction] = item;
  return order.flatMap((it, i): Array<[string, number]> => (it.rank === i + 1 ? [] : [[it.id, i + 1]]));
}

/** The default project screen: what is urgent, blocked, ready, committed, and the items themselves. */
export function BacklogScreen({
  projectId,
  roles,
  onPlan,
}: {
  projectId: string;
  roles: Role[];
  /** Opens the planning screen (after "What's next" was started, or to plan from a requirement). */
  onPlan: () => void;
}) {
  const [showArchived, setShowArchived] = useState(false);
  const { state, reload } = useLive(
    () => ipc.listBacklog(projectId, { includeArchived: showArchived, all: true }),
    [projectId, showArchived],
    ["backlog_items"],
  );
  const [filters, setFilters] = useState<BacklogFilters>(NO_FILTERS);
  const [drawer, setDrawer] = useState<BacklogItem | "new" | null>(null);
  const [error, setError] = useState<string | CommandError | null>(null);
  const newItem = useRef<HTMLInputElement>(null);

  /** Runs an action; true when it succeeded (the list reloads), false when its refusal is shown. */
  const act = (action: Promise<unknown>) =>
    action.then(
      () => {
        setError(null);
        reload();
        return true;
      },
      (e: CommandError) => {
        setError(e);
        return false;
      },
    );

  const items = state.kind === "ready" ? state.data : [];
  const shown = filterBacklog(items, filters);
  const filtered = shown.length !== items.length;
  const count = (test: (i: BacklogItem) => boolean) => items.filter(test).length;
  // Only the rank changes: an empty label list without `clearLabels` leaves the labels as they are.
  const move = (index: number, direction: -1 | 1) =>
    act(
      Promise.all(
        rankMove(shown, index, direction).map(([id, rank]) => ipc.editBacklogItem(id, { rank, clearLabels: false, labels: [] })),
      ),
    );
  const set =
    <K extends keyof BacklogFilters>(key: K) =>
    (value: BacklogFilters[K]) =>
      setFilters((f) => ({ ...f, [key]: value }));
  return (
    <section aria-labelledby="backlog-heading" className="panel">
      <h2 id="backlog-heading">Backlog</h2>
      <ul className="focus-strip" aria-label="Backlog focus">
        <li>
          <strong>{count((i) => i.priority === "urgent" && i.status !== "committed")}</strong> urgent open
        </li>
        <li>
          <strong>{count((i) => i.status === "blocked")}</strong> blocked
        </li>
        <li>
          <strong>{count((i) => i.status === "ready")}</strong> ready
        </li>
        <li>
          <strong>{count((i) => i.status === "committed")}</strong> committed
        </li>
      </ul>
      <QuickAdd
        label="New item"
        submit="Add item"
        name="Add a backlog item"
        inputRef={newItem}
        onAdd={(title, priority) => act(ipc.addBacklogItem(projectId, { title, priority, labels: [] }))}
      >
        <button type="button" onClick={() => setDrawer("new")}>
          More fields…
        </button>
      </QuickAdd>
      {items.length > 0 && (
        <div className="filters inline-form" role="search" aria-label="Filter the backlog">
          <label>
            Find <input value={filters.text} onChange={(e) => set("text")(e.target.value)} placeholder="title, description, label" />
          </label>
          <label>
            Status
            <select value={filters.status} onChange={(e) => set("status")(e.target.value as BacklogItemStatus | "")}>
              <option value="">any</option>
              {BACKLOG_ITEM_STATUSES.filter((v) => showArchived || v !== "archived").map((v) => (
                <option key={v}>{v}</option>
              ))}
            </select>
          </label>
          <label>
            Priority
            <select value={filters.priority} onChange={(e) => set("priority")(e.target.value as Priority | "")}>
              <option value="">any</option>
              {PRIORITIES.map((v) => (
                <option key={v}>{v}</option>
              ))}
            </select>
          </label>
          <label>
            Label
            <select value={filters.label} onChange={(e) => set("label")(e.target.value)}>
              <option value="">any</option>
              {[...new Set(items.flatMap((i) => i.labels))].sort().map((v) => (
                <option key={v}>{v}</option>
              ))}
            </select>
          </label>
          <label className="check">
            <input type="checkbox" checked={showArchived} onChange={(e) => setShowArchived(e.target.checked)} /> archived
          </label>
          {filtered && (
            <button type="button" onClick={() => setFilters(NO_FILTERS)}>
              Clear ({shown.length} of {items.length})
            </button>
          )}
        </div>
      )}
      <ErrorLine message={error} />
      <LiveStatus state={state} what="the backlog" />
      {state.kind === "ready" && items.length === 0 && (
        <div className="empty" aria-label="Empty backlog">
          <p>The backlog is empty.</p>
          <p className="row-actions">
            <button type="button" onClick={() => newItem.current?.focus()}>
              Add an item
            </button>
            <button type="button" onClick={onPlan}>
              Plan from a requirement
            </button>
            <button type="button" onClick={() => ipc.startWhatsNext(projectId).then(onPlan, (e: CommandError) => setError(e))}>
              Run "What's next"
            </button>
          </p>
        </div>
      )}
      {items.length > 0 && shown.length === 0 && <p className="muted">No item matches these filters.</p>}
      {shown.length > 0 && (
        <BacklogTable
          items={shown}
          roles={roles}
          onCommit={(item, role) => act(ipc.commitBacklogItem(item.id, role))}
          onOpen={setDrawer}
          onMove={filtered ? null : move}
        />
      )}
      {drawer && (
        <BacklogDrawer
          key={drawer === "new" ? "new" : drawer.id}
          projectId={projectId}
          item={drawer === "new" ? null : drawer}
          onClose={() => setDrawer(null)}
          onSaved={() => {
            setDrawer(null);
            setError(null);
            reload();
          }}
        />
      )}
    </section>
  );
}

/** Past this many rows the table draws only the rows in view (a backlog of 10,000 items stays fluid). */
export const VIRTUAL_FROM = 200;
/** A row's height before it is measured: one line of title and labels. */
const ROW_ESTIMATE = 45;

/** The ranked items as a table; long backlogs scroll inside it and draw only what is on screen. */
function BacklogTable({
  items,
  roles,
  onCommit,
  onOpen,
  onMove,
}: {
  items: BacklogItem[];
  roles: Role[];
  onCommit: (item: BacklogItem, role: string | null) => void;
  onOpen: (item: BacklogItem) => void;
  onMove: ((index: number, direction: -1 | 1) => void) | null;
}) {
  const long = items.length > VIRTUAL_FROM;
  const scroller = useRef<HTMLDivElement>(null);
  const virtual = useVirtualizer({
    count: long ? items.length : 0,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_ESTIMATE,
    overscan: 10,
    getItemKey: (i) => items[i]?.id ?? i,
    initialRect: { width: 800, height: 600 },
  });
  const row = (item: BacklogItem, index: number, measure?: (el: HTMLTableRowElement | null) => void) => (
    <BacklogRow
      key={item.id}
      rowRef={measure}
      index={index}
      item={item}
      roles={roles}
      onCommit={(role) => onCommit(item, role)}
      onOpen={() => onOpen(item)}
      onMove={onMove ? (direction) => onMove(index, direction) : null}
      first={index === 0}
      last={index === items.length - 1}
    />
  );
  const head = (
    <thead>
      <tr>
        <th className="rank">Rank</th>
        <th>Title</th>
        <th className="backlog-priority">Priority</th>
        <th className="backlog-status">Status</th>
        <th className="backlog-next">Next step</th>
      </tr>
    </thead>
  );
  if (!long) {
    return (
      <table className="grid backlog-table">
        {head}
        <tbody>{items.map((item, index) => row(item, index))}</tbody>
      </table>
    );
  }
  const shown = virtual.getVirtualItems();
  const top = shown[0]?.start ?? 0;
  const bottom = virtual.getTotalSize() - (shown[shown.length - 1]?.end ?? 0);
  return (
    <div className="backlog-scroller" ref={scroller}>
      <table className="grid backlog-table fixed">
        {head}
        <tbody>
          {top > 0 && <tr aria-hidden="true" style={{ height: top }} />}
          {shown.map((v) => {
            const item = items[v.index];
            return item ? row(item, v.index, virtual.measureElement) : null;
          })}
          {bottom > 0 && <tr aria-hidden="true" style={{ height: bottom }} />}
        </tbody>
      </table>
    </div>
  );
}

function BacklogRow({
  item,
  roles,
  onCommit,
  onOpen,
  onMove,
  first,
  last,
  rowRef,
  index,
}: {
  rowRef?: (el: HTMLTableRowElement | null) => void;
  index: number;
  item: BacklogItem;
  roles: Role[];
  onCommit: (role: string | null) => void;
  onOpen: () => void;
  /** Moves the item one place; none while a filter hides its neighbours. */
  onMove: ((direction: -1 | 1) => void) | null;
  first: boolean;
  last: boolean;
}) {
  const [role, setRole] = useState("");
  const committable = item.status === "triage" || item.status === "ready";
  return (
    <tr ref={rowRef} data-index={index}>
      <td className="rank">
        <span>{item.rank}</span>
        {onMove && (
          <span className="rank-moves">
            <button type="button" aria-label={`Move ${item.title} up`} disabled={first} onClick={() => onMove(-1)}>
              ↑
            </button>
            <button type="button" aria-label={`Move ${item.title} down`} disabled={last} onClick={() => onMove(1)}>
              ↓
            </button>
          </span>
        )}
      </td>
      <td>
        <button type="button" className="link" onClick={onOpen}>
          {item.title}
        </button>
        {item.labels.map((l) => (
          <span key={l} className="label">
            {l}
          </span>
        ))}
      </td>
      <td>
        <Badge kind="priority" value={item.priority} />
      </td>
      <td>
        <Badge kind="status" value={item.status} />
      </td>
      <td>
        {committable ? (
          <span className="row-actions">
            <select aria-label={`Role for ${item.title}`} value={role} onChange={(e) => setRole(e.target.value)}>
              <option value="">no role</option>
              {roles.map((r) => (
                <option key={r.id} value={r.id}>
                  {r.id}
                </option>
              ))}
            </select>
            <button type="button" onClick={() => onCommit(role || null)}>
              Commit
            </button>
            <AgentReadinessNote projectId={item.project_id} role={role} />
          </span>
        ) : (
          <CommittedTo taskId={item.task_id} />
        )}
      </td>
    </tr>
  );
}

/** Where a committed item went: its task's stage, a click away. */
function CommittedTo({ taskId }: { taskId: string | null }) {
  const openTask = useOpenTask();
  if (!taskId) return <span className="muted">—</span>;
  return (
    <button type="button" className="link" onClick={() => openTask(taskId)}>
      Open its task
    </button>
  );
}
