import { act, render, screen } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { type Activity, ipc, onActivity } from "../../ipc";
import { ActivityFeed } from "./ActivityFeed";

vi.mock("../../ipc", async (importOriginal) => {
  const actual = await importOriginal<typeof import("../../ipc")>();
  return { ...actual, onActivity: vi.fn(), ipc: { currentActivity: vi.fn() } };
});

function runner(id: string, step: string, at: string): Activity {
  return {
    runner_id: id,
    phase: "dispatching",
    subject_kind: "task",
    subject_id: id,
    subject_title: `Task ${id}`,
    step,
    role_id: "test-writer",
    started_at: at,
    updated_at: at,
  };
}

describe("ActivityFeed", () => {
  it("starts from the current state and merges each batch, one line per runner", async () => {
    let push: (batch: Activity[]) => void = () => undefined;
    vi.mocked(ipc.currentActivity).mockResolvedValue([runner("a", "reading", "2026-11-21T10:00:00Z")]);
    vi.mocked(onActivity).mockImplementation((handler) => {
      push = handler;
      return Promise.resolve(() => undefined);
    });
    render(<ActivityFeed />);
    expect(await screen.findByText("reading")).toBeTruthy();
    act(() => push([runner("a", "writing tests", "2026-11-21T10:00:01Z"), runner("b", "starting", "2026-11-21T10:00:02Z")]));
    expect(screen.queryByText("reading")).toBeNull();
    expect(screen.getByText("writing tests")).toBeTruthy();
    expect(screen.getAllByRole("listitem").map((li) => li.textContent)).toEqual([
      "dispatching Task b starting",
      "dispatching Task a writing tests",
    ]);
  });
});
