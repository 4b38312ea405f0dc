import { useEffect, useRef, useState } from "react";
import { useOpenTask } from "../../app/navigation";
import { ErrorLine } from "../../components/Status";
import { ItemDependencies } from "./ItemDependencies";
import {
  BACKLOG_ITEM_STATUSES,
  type BacklogItem,
  type BacklogItemStatus,
  CommandError,
  ipc,
  PRIORITIES,
  type Priority,
} from "../../ipc";

/** Statuses the operator sets by hand; `committed` comes only from committing. */
const STATUSES = BACKLOG_ITEM_STATUSES.filter((s) => s !== "committed");

/** "ui, Backend ,ui" → ["ui", "Backend"]: trimmed, empty ones dropped, first spelling of a repeat kept. */
export function parseLabels(text: string): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of text.split(",")) {
    const label = raw.trim();
    if (label && !seen.has(label.toLowerCase())) {
      seen.add(label.toLowerCase());
      out.push(label);
    }
  }
  return out;
}

/**
 * The create/edit drawer of a backlog item: title, description, priority, status (with the reason when
 * blocked), labels, acceptance criteria and rank, and (for an existing item) the items it comes after. A committed item keeps its title, description and
 * priority (the core refuses those changes), so the drawer leaves them read-only. Escape closes it.
 */
export function BacklogDrawer({
  projectId,
  item,
  onClose,
  onSaved,
}: {
  projectId: string;
  /** The item to edit; none creates a new one. */
  item: BacklogItem | null;
  onClose: () => void;
  onSaved: (saved: BacklogItem) => void;
}) {
  const committed = item?.status === "committed";
  const openTask = useOpenTask();
  const [title, setTitle] = useState(item?.title ?? "");
  const [description, setDescription] = useState(item?.description ?? "");
  const [priority, setPriority] = useState<Priority>(item?.priority ?? "medium");
  const [status, setStatus] = useState<BacklogItemStatus>(item?.status ?? "triage");
  const [blockedReason, setBlockedReason] = useState(item?.blocked_reason ?? "");
  const [labels, setLabels] = useState((item?.labels ?? []).join(", "));
  const [acceptance, setAcceptance] = useState(item?.acceptance_criteria ?? "");
  const [rank, setRank] = useState(item ? String(item.rank) : "");
  const [error, setError] = useState<string | CommandError | null>(null);
  const first = useRef<HTMLInputElement>(null);

  const closeRef = useRef(onClose);
  closeRef.current = onClose;
  // Once per opening: focus the title, close on Escape, and give focus back to whatever opened the
  // drawer when it closes. (Keyed on nothing, so a list refresh behind the drawer never moves focus.)
  useEffect(() => {
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    first.current?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape") closeRef.current();
    };
    window.addEventListener("keydown", onKey);
    return () => {
      window.removeEventListener("keydown", onKey);
      if (opener?.isConnected) opener.focus();
    };
  }, []);

  const save = () => {
    const parsedRank = rank.trim() === "" ? undefined : Number(rank);
    if (parsedRank !== undefined && !Number.isInteger(parsedRank)) {
      setError("rank: a whole number (lower comes first)");
      return;
    }
    const common = {
      labels: parseLabels(labels),
      acceptanceCriteria: acceptance,
    };
    const request = item
      ? ipc.editBacklogItem(item.id, {
          ...common,
          // The drawer shows every label, so the list it sends replaces them all (an empty one clears them).
          clearLabels: true,
          ...(committed ? {} : { title, description, priority, status }),
          ...(status === "blocked" ? { blockedReason } : {}),
          ...(parsedRank !== undefined && parsedRank !== item.rank ? { rank: parsedRank } : {}),
        })
      : ipc.addBacklogItem(projectId, {
          ...common,
          title,
          description,
          priority,
          status,
          ...(status === "blocked" ? { blockedReason } : {}),
          ...(parsedRank !== undefined ? { rank: parsedRank } : {}),
        });
    request.then(onSaved, (e: CommandError) => setError(e));
  };

  return (
    <aside className="drawer" aria-label={item ? `Edit ${item.title}` : "New backlog item"}>
      <h3>{item ? "Edit item" : "New item"}</h3>
      {committed && item && (
        <p className="note" role="note">
          Committed: its title, description and priority belong to its task now, so they are read-only here; change
          them on the task. Labels, acceptance criteria and rank stay editable.{" "}
          {item.task_id && (
            <button type="button" className="link" onClick={() => openTask(item.task_id!)}>
              Open its task
            </button>
          )}
        </p>
      )}
      <form
        className="stacked-form"
        onSubmit={(e) => {
          e.preventDefault();
          save();
        }}
      >
        <label>
          Title <input ref={first} value={title} onChange={(e) => setTitle(e.target.value)} readOnly={committed} />
        </label>
        <label>
          Description
          <textarea rows={4} value={description} onChange={(e) => setDescription(e.target.value)} readOnly={committed} />
        </label>
        <div className="inline-form">
          <label>
            Priority
            <select value={priority} onChange={(e) => setPriority(e.target.value as Priority)} disabled={committed}>
              {PRIORITIES.map((p) => (
                <option key={p}>{p}</option>
              ))}
            </select>
          </label>
          <label>
            Status
            <select value={status} onChange={(e) => setStatus(e.target.value as BacklogItemStatus)} disabled={committed}>
              {(committed ? (["committed"] as const) : STATUSES).map((s) => (
                <option key={s}>{s}</option>
              ))}
            </select>
          </label>
          <label>
            Rank <input className="narrow" inputMode="numeric" value={rank} onChange={(e) => setRank(e.target.value)} placeholder="last" />
          </label>
        </div>
        {status === "blocked" && (
          <label>
            Blocked because <input value={blockedReason} onChange={(e) => setBlockedReason(e.target.value)} />
          </label>
        )}
        <label>
          Labels, comma-separated <input value={labels} onChange={(e) => setLabels(e.target.value)} placeholder="backend, auth" />
        </label>
        <label>
          Acceptance criteria
          <textarea rows={3} value={acceptance} onChange={(e) => setAcceptance(e.target.value)} />
        </label>
        <div className="row-actions">
          <button type="submit" disabled={!title.trim()}>
            {item ? "Save" : "Create"}
          </button>
          <button type="button" onClick={onClose}>
            Close
          </button>
        </div>
        <ErrorLine message={error} />
      </form>
      {item && <ItemDependencies item={item} />}
    </aside>
  );
}
