import { act, fireEvent, render, screen } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { type Notice, onNotice } from "../ipc";
import { Notices } from "./Notices";

vi.mock("../ipc", async (importOriginal) => {
  const actual = await importOriginal<typeof import("../ipc")>();
  return { ...actual, onNotice: vi.fn() };
});

const failed: Notice = {
  kind: "task_failed",
  title: "Task failed: rate limited",
  body: "Write tests: wait for the limit to reset, then requeue.",
  subject_kind: "task",
  subject_id: "task-1",
  project_id: null,
};

describe("Notices", () => {
  it("shows announced work, opens its screen on click, and can be dismissed", async () => {
    let announce: (notice: Notice) => void = () => undefined;
    vi.mocked(onNotice).mockImplementation((handler) => {
      announce = handler;
      return Promise.resolve(() => undefined);
    });
    const onOpen = vi.fn();
    render(<Notices onOpen={onOpen} />);
    await vi.waitFor(() => expect(onNotice).toHaveBeenCalled());
    act(() => announce(failed));
    act(() => announce({ ...failed, kind: "task_completed", title: "Task completed", subject_id: "task-2", body: "Other (1 file(s) applied)" }));
    expect(screen.getByText("Task failed: rate limited").closest("li")?.className).toBe("notice failed");
    expect(screen.getByText("Task completed").closest("li")?.className).toBe("notice");
    fireEvent.click(screen.getByText("Task failed: rate limited"));
    expect(onOpen).toHaveBeenCalledWith(failed);
    expect(screen.queryByText("Task failed: rate limited")).toBeNull();
    fireEvent.click(screen.getByLabelText("Dismiss: Task completed"));
    expect(screen.queryByText("Task completed")).toBeNull();
  });
});
