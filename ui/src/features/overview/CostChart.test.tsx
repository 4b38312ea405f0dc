import { render, screen, waitFor } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { ipc, type UsageReport } from "../../ipc";
import { CostChart, lastDays } from "./CostChart";

vi.mock("../../ipc", async (importOriginal) => {
  const actual = await importOriginal<typeof import("../../ipc")>();
  return { ...actual, onChanged: vi.fn(() => Promise.resolve(() => undefined)), ipc: { usageReport: vi.fn() } };
});

const row = (key: string, label: string, cost: number, attempts = 1) => ({
  key,
  label,
  attempts,
  cost_usd: cost,
  input_tokens: 100 * attempts,
  output_tokens: 10 * attempts,
});

describe("CostChart", () => {
  it("lists the last two weeks of local days, oldest first", () => {
    const days = lastDays(new Date(2026, 0, 3), 4);
    expect(days).toEqual(["2025-12-31", "2026-01-01", "2026-01-02", "2026-01-03"]);
  });

  it("draws today's spend against the daily budget and names the agents that spent it", async () => {
    const today = lastDays(new Date(), 1)[0]!;
    const byDay: UsageReport = {
      by: "day",
      rows: [row(today, today, 3.5, 2)],
      total: row("", "total", 3.5, 2),
      project_daily_budget_usd: 2,
      task_budget_usd: 1.5,
    };
    vi.mocked(ipc.usageReport).mockImplementation((_p, by) =>
      Promise.resolve(by === "day" ? byDay : { ...byDay, by: "agent", rows: [row("claude", "claude", 3.5, 2)] }),
    );
    render(<CostChart projectId="p1" />);
    const figure = await screen.findByText(/\$3\.50 over 2 attempt\(s\)/);
    expect(figure.textContent).toBe("$3.50 over 2 attempt(s) · today $3.50 of $2.00 (daily budget) · $1.50 per task");
    const chart = screen.getByRole("img", { name: "Agent cost per day" });
    expect(chart.querySelectorAll("rect")).toHaveLength(14);
    expect(chart.querySelectorAll("rect.bar-over")).toHaveLength(1);
    expect(chart.querySelector("line.budget-line")).not.toBeNull();
    await waitFor(() => expect(screen.getByRole("table", { name: "Cost by agent" }).textContent).toContain("claude"));
  });
});
