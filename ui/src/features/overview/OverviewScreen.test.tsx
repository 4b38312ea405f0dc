import { render, screen } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { ipc } from "../../ipc";
import { OverviewScreen } from "./OverviewScreen";

vi.mock("../../ipc", async (importOriginal) => {
  const actual = await importOriginal<typeof import("../../ipc")>();
  return { ...actual, onActivity: vi.fn(() => Promise.resolve(() => undefined)), ipc: { dashboard: vi.fn() } };
});

describe("OverviewScreen", () => {
  it("shows the health, review backlog, acceptance and task bars", async () => {
    vi.mocked(ipc.dashboard).mockResolvedValue({
      project_id: "p1",
      tasks_by_status: { todo: 3, done: 1 },
      tasks_by_dispatch_status: { queued: 2 },
      backlog_focus: { urgent_open: 1, blocked: 0, ready: 2, committed: 4 },
      pending_review: 5,
      planning_acceptance_rate_7d: 0.75,
      planning_runs_reviewed_7d: 2,
      health_score: 0.47,
    });
    render(<OverviewScreen projectId="p1" />);
    expect(await screen.findByText("0.47")).toBeTruthy();
    expect(screen.getByText("75%")).toBeTruthy();
    expect(screen.getByText("5")).toBeTruthy();
    const bars = screen.getByLabelText("Tasks by status");
    expect(bars.textContent).toContain("todo");
    expect(bars.textContent).toContain("3");
  });
});
