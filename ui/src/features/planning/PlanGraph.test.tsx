import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { ipc, type PlanStep } from "../../ipc";
import { layers, PlanGraph } from "./PlanGraph";

vi.mock("../../ipc", async (importOriginal) => {
  const actual = await importOriginal<typeof import("../../ipc")>();
  return {
    ...actual,
    onChanged: vi.fn(() => Promise.resolve(() => undefined)),
    ipc: { planSteps: vi.fn(), queuePlan: vi.fn() },
  };
});

const step = (id: string, stage: PlanStep["stage"], depends_on: string[], waiting_on: string[] = []): PlanStep => ({
  task_id: id,
  title: `Task ${id}`,
  stage,
  execution_role: "backend-architect",
  depends_on,
  waiting_on,
});

describe("PlanGraph", () => {
  it("puts each task one column right of the deepest task it builds on", () => {
    const steps = [step("a", "done", []), step("b", "todo", ["a"]), step("c", "todo", ["a"]), step("d", "todo", ["b", "c", "a"])];
    expect(Object.fromEntries(layers(steps))).toEqual({ a: 0, b: 1, c: 1, d: 2 });
  });

  it("draws the plan, names what each task waits on, and runs it", async () => {
    vi.mocked(ipc.planSteps).mockResolvedValue([step("a", "failed", []), step("b", "queued", ["a"], ["a"])]);
    vi.mocked(ipc.queuePlan).mockResolvedValue({
      requirement_id: "r1",
      queued: ["a"],
      already_active: ["b"],
      skipped: [],
    });
    render(<PlanGraph requirementId="r1" />);
    const plan = await screen.findByRole("region", { name: "Plan" });
    expect(screen.getByRole("img", { name: "Dependency graph" }).querySelectorAll("path.plan-edge.waiting")).toHaveLength(1);
    expect(plan.textContent).toContain("Task b");
    expect(plan.textContent).toContain("waiting on “Task a”");
    fireEvent.click(screen.getByRole("button", { name: "Run this plan" }));
    await waitFor(() => expect(ipc.queuePlan).toHaveBeenCalledWith("r1"));
    expect((await screen.findByRole("status")).textContent).toBe("Queued 1 task(s), 1 already queued or running.");
  });

  it("shows nothing before anything of the requirement was applied", async () => {
    vi.mocked(ipc.planSteps).mockResolvedValue([]);
    const { container } = render(<PlanGraph requirementId="r1" />);
    await waitFor(() => expect(ipc.planSteps).toHaveBeenCalled());
    expect(container.textContent).toBe("");
  });
});
