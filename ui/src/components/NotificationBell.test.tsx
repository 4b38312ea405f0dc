import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { ipc, type Notification } from "../ipc";
import { NotificationBell } from "./NotificationBell";

vi.mock("../ipc", async (importOriginal) => {
  const actual = await importOriginal<typeof import("../ipc")>();
  return {
    ...actual,
    onChanged: vi.fn(() => Promise.resolve(() => undefined)),
    ipc: {
      unreadNotifications: vi.fn(() => Promise.resolve(1)),
      listNotifications: vi.fn(),
      setNotificationRead: vi.fn(() => Promise.resolve(null)),
      readAllNotifications: vi.fn(() => Promise.resolve(1)),
    },
  };
});

const drift: Notification = {
  id: "n1",
  project_id: "p1",
  kind: "drift_found",
  level: "warning",
  title: "Drift found in shop: 1 document(s)",
  body: "Billing",
  link: "drift:p1",
  is_read: false,
  created_at: "2026-12-03T07:00:00.000000Z",
};

describe("NotificationBell", () => {
  it("shows the unread count, lists the history, and opens and marks one read", async () => {
    vi.mocked(ipc.listNotifications).mockResolvedValue([drift]);
    const onOpen = vi.fn();
    render(<NotificationBell onOpen={onOpen} />);
    const bell = await screen.findByRole("button", { name: "Notifications, 1 unread" });
    fireEvent.click(bell);
    const open = await screen.findByRole("button", { name: /Drift found in shop/ });
    fireEvent.click(screen.getByRole("button", { name: "Mark all read" }));
    await waitFor(() => expect(ipc.readAllNotifications).toHaveBeenCalled());
    fireEvent.click(open);
    expect(ipc.setNotificationRead).toHaveBeenCalledWith("n1", true);
    expect(onOpen).toHaveBeenCalledWith(drift);
  });
});
