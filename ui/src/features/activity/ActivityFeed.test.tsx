import { act, render, screen } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { type Activity, ipc, onActivity } from "../../ipc";
import { clearRecentChanges, startRecentChanges } from "../../hooks/recentChanges";
import { ActivityFeed } from "./ActivityFeed";

vi.mock("../../ipc", async (importOriginal) => {
  const actual = await importOriginal<typeof import("../../ipc")>();
  return { ...actual, onActivity: vi.fn(), ipc: {
      agentReadiness: vi.fn(() => Promise.resolve({ agent: "claude", path: "/usr/bin/claude", runnable: true, problem: null })), currentActivity: vi.fn() } };
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
    const handlers: Array<(batch: Activity[]) => void> = [];
    const push = (batch: Activity[]) => handlers.forEach((h) => h(batch));
    vi.mocked(ipc.currentActivity).mockResolvedValue([runner("a", "reading", "2026-11-21T10:00:00Z")]);
    vi.mocked(onActivity).mockImplementation((handler) => {
      handlers.push(handler);
      return Promise.resolve(() => undefined);
    });
    clearRecentChanges();
    await startRecentChanges(50);
    render(<ActivityFeed />);
    expect(await screen.findByText("reading")).toBeTruthy();
    act(() => push([runner("a", "writing tests", "2026-11-21T10:00:01Z"), runner("b", "starting", "2026-11-21T10:00:02Z")]));
    expect(screen.queryByText("reading")).toBeNull();
    expect(screen.getByText("writing tests")).toBeTruthy();
    const runners = () => Array.from(screen.getByRole("list", { name: "Runners" }).children).map((li) => li.textContent);
    // Newest runner first; a runner keeps its place when it updates.
    expect(runners()).toEqual([
      expect.stringMatching(/^dispatching Task b starting · \d+ (s|min|h)/),
      expect.stringMatching(/^dispatching Task a writing tests · /),
    ]);
    act(() => push([{ ...runner("a", "tool: Edit", "2026-11-21T10:00:03Z"), started_at: "2026-11-21T10:00:00Z" }]));
    expect(runners()[1]).toMatch(/^dispatching Task a tool: Edit/);

    // The feed keeps phase changes only, newest first.
    act(() => push([{ ...runner("a", "completed", "2026-11-21T10:00:04Z"), phase: "idle" }]));
    const recent = Array.from(screen.getByRole("list", { name: "Recent events" }).children).map((li) => li.textContent);
    // Times show on the local clock.
    const at = (s: number) => new Date(Date.UTC(2026, 10, 21, 10, 0, s)).toLocaleTimeString(undefined, { hour12: false });
    expect(recent).toEqual([
      `${at(4)} idle Task a · completed`,
      `${at(2)} dispatching Task b · starting`,
      `${at(1)} dispatching Task a · writing tests`,
    ]);
  });
});
