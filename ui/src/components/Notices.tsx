import { useEffect, useState } from "react";
import { type Notice, onNotice } from "../ipc";
import { subscription } from "../hooks/subscription";

/** How many notices stay on screen at once; older ones make room. */
const SHOWN = 3;
/** A completed notice closes itself after this long; a failure stays until dismissed. */
const COMPLETED_FOR_MS = 8000;

/**
 * Finished work announced by the core (a task completed or failed, a plan is ready), shown in the corner
 * of the window. Clicking one opens the screen it is about; it also closes on its own button.
 */
export function Notices({ onOpen }: { onOpen: (notice: Notice) => void }) {
  const [notices, setNotices] = useState<Notice[]>([]);
  useEffect(
    () =>
      subscription(() =>
        onNotice((notice) =>
          setNotices((shown) => [notice, ...shown.filter((n) => n.subject_id !== notice.subject_id)].slice(0, SHOWN)),
        ),
      ),
    [],
  );
  const dismiss = (notice: Notice) => setNotices((shown) => shown.filter((n) => n !== notice));
  useEffect(() => {
    const expiring = notices.filter((n) => n.kind === "task_completed" || n.kind === "planning_finished");
    if (expiring.length === 0) return;
    const timer = setTimeout(() => setNotices((shown) => shown.filter((n) => !expiring.includes(n))), COMPLETED_FOR_MS);
    return () => clearTimeout(timer);
  }, [notices]);
  return (
    <ul className="notices" aria-live="polite" aria-label="Notices">
      {notices.map((notice) => (
        <li key={`${notice.subject_id}-${notice.title}`} className={notice.kind === "task_failed" || notice.kind === "planning_failed" ? "notice failed" : "notice"}>
          <button
            type="button"
            className="notice-open"
            onClick={() => {
              dismiss(notice);
              onOpen(notice);
            }}
          >
            <strong>{notice.title}</strong>
            <span>{notice.body}</span>
          </button>
          <button type="button" className="notice-close" aria-label={`Dismiss: ${notice.title}`} onClick={() => dismiss(notice)}>
            ×
          </button>
        </li>
      ))}
    </ul>
  );
}
