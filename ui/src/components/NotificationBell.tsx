import { useState } from "react";
import { useLive } from "../hooks/useLive";
import { ipc, type Notification } from "../ipc";

/**
 * The notification history in the header: the unread count on the button, and a list of the newest
 * notifications (every notice anpm raised: finished and failed tasks, planning runs, drift, failed syncs)
 * with read / unread per row and "Mark all read". Opening one marks it read and shows what it is about.
 */
export function NotificationBell({ onOpen }: { onOpen: (n: Notification) => void }) {
  const [open, setOpen] = useState(false);
  const unread = useLive(() => ipc.unreadNotifications(), [], ["notifications"]);
  const list = useLive(() => (open ? ipc.listNotifications(false) : Promise.resolve([])), [open], ["notifications"]);
  const count = unread.state.kind === "ready" ? unread.state.data : 0;
  return (
    <div className="notification-bell">
      <button
        type="button"
        className="ghost"
        aria-expanded={open}
        aria-label={count > 0 ? `Notifications, ${count} unread` : "Notifications"}
        onClick={() => setOpen(!open)}
      >
        <svg className="bell-icon" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true">
          <path
            d="M8 1.5a4.5 4.5 0 0 0-4.5 4.5v2.6L2 11v1h12v-1l-1.5-2.4V6A4.5 4.5 0 0 0 8 1.5Zm-1.8 11.5a1.8 1.8 0 0 0 3.6 0Z"
            fill="currentColor"
          />
        </svg>
        {count > 0 && <span className="badge-count">{count}</span>}
      </button>
      {open && (
        <div className="notification-panel" role="dialog" aria-label="Notification history">
          <div className="section-head">
            <strong>Notifications</strong>
            <button type="button" className="ghost" disabled={count === 0} onClick={() => void ipc.readAllNotifications()}>
              Mark all read
            </button>
          </div>
          {list.state.kind === "ready" && list.state.data.length === 0 && <p className="muted">Nothing yet.</p>}
          {list.state.kind === "ready" && (
            <ul>
              {list.state.data.map((n) => (
                <li key={n.id} className={n.is_read ? "read" : "unread"} data-level={n.level}>
                  <button
                    type="button"
                    className="notification-open"
                    onClick={() => {
                      if (!n.is_read) void ipc.setNotificationRead(n.id, true);
                      setOpen(false);
                      onOpen(n);
                    }}
                  >
                    <strong>{n.title}</strong>
                    <span className="muted">{new Date(n.created_at).toLocaleString()}</span>
                    {n.body && <span>{n.body}</span>}
                  </button>
                  <button type="button" className="ghost" onClick={() => void ipc.setNotificationRead(n.id, !n.is_read)}>
                    {n.is_read ? "Mark unread" : "Mark read"}
                  </button>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}
