import { render, screen } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { ipc } from "../../ipc";
import { OverviewScreen } from "./OverviewScreen";

vi.mock("../../ipc", async (importOriginal) => {
  const actual = await importOriginal<typeof import("../../ipc")>();
  return { ...actual, onActivity: vi.fn(() => Promise.resolve(() => undefined)), ipc: {
      agentReadiness: vi.fn(() => Promise.resolve({ agent: "claude", path: "/usr/bin/claude", runnable: true, problem: null })), dashboard: vi.fn(),
      usageReport: vi.fn(() => Promise.resolve({ by: "day", rows: [], total: { key: "", label: "total", attempts: 0, cost_usd: 0, input_tokens: 0, output_tokens: 0 }, project_daily_budget_usd: null, task_budget_usd: null })) } };
});

describe("OverviewScreen", () => {
  it("shows the health, review backlog, acceptance, the two-week trend and task bars", async () => {
    vi.mocked(ipc.dashboard).mockResolvedValue({
      project_id: "p1",
      tasks_by_status: { todo: 3, done: 1 },
      tasks_by_dispatch_status: { queued: 2 },
      awaiting_review: 2,
      backlog_focus: { urgent_open: 1, blocked: 0, ready: 2, committed: 4 },
      pending_review: 5,
      planning_acceptance_rate_7d: 0.75,
      planning_runs_reviewed_7d: 2,
      health_score: 0.47,
      task_completion: 0.25,
      document_freshness: 0.98,
      knowledge: {
        latest_sync: {
          id: "s1",
          project_id: "p1",
          status: "completed",
          triggered_by: "watch",
          branch: "main",
          commits_scanned: 4,
          files_changed: 9,
          signals_created: 2,
          error_message: "",
          detected_branch: "",
          started_at: "2026-11-21T10:00:00.000000Z",
          completed_at: "2026-11-21T10:00:01.000000Z",
        },
        open_drift: { high: 1, medium: 2, low: 0 },
        documents: 50,
        stale_documents: 1,
        recent_agent_runs: [
          { id: "r1", agent_name: "claude", action_type: "dispatch:implementer", status: "failed", started_at: "x", summary: "Fix login: failed (timeout)" },
        ],
      },
      trend: [
        { day: "2026-11-19", accepted: 0, rejected: 0, acceptance_rate: null, completed: 0, failed: 0 },
        { day: "2026-11-20", accepted: 3, rejected: 1, acceptance_rate: 0.75, completed: 4, failed: 1 },
        { day: "2026-11-21", accepted: 1, rejected: 1, acceptance_rate: 0.5, completed: 2, failed: 0 },
      ],
    });
    render(<OverviewScreen projectId="p1" />);
    expect(await screen.findByText("47%")).toBeTruthy();
    expect(screen.getByText("25% done · 98% fresh docs")).toBeTruthy();
    const knowledge = screen.getByLabelText("Repository knowledge");
    expect(knowledge.textContent).toContain("Open drift3");
    expect(knowledge.textContent).toContain("1 high · 2 medium · 0 low");
    expect(knowledge.textContent).toContain("Stale documents1 / 50");
    expect(screen.getByLabelText("Recent agent runs").textContent).toContain("Fix login: failed (timeout)");
    expect(screen.getByText("75%")).toBeTruthy();
    expect(screen.getByText("Candidates to review").closest("div")?.textContent).toBe("Candidates to review5");
    expect(screen.getByText("Work awaiting review").closest("div")?.textContent).toBe("Work awaiting review2");
    const bars = screen.getByLabelText("Tasks by status");
    expect(bars.textContent).toContain("todo");
    expect(bars.textContent).toContain("3");

    expect(screen.getByText(/6 completed, 1 failed attempts/)).toBeTruthy();
    const chart = screen.getByRole("img", { name: "Task throughput and planning acceptance per day" });
    expect(chart.querySelectorAll("rect.bar-completed")).toHaveLength(3);
    // A day without review decisions breaks the acceptance line; the two decided days join.
    expect(chart.querySelectorAll("path.rate-line")).toHaveLength(1);
    expect(chart.querySelectorAll("circle.rate-dot")).toHaveLength(2);
    expect(screen.getByRole("row", { name: /2026-11-20 4 1 75% \(3 of 4\)/ })).toBeTruthy();
    expect(screen.getByRole("row", { name: /2026-11-19 0 0 no decisions/ })).toBeTruthy();
  });
});
