import { fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { CommandError, ipc, type Requirement } from "../../ipc";
import { PlanningScreen } from "./PlanningScreen";

vi.mock("../../ipc", async (importOriginal) => {
  const actual = await importOriginal<typeof import("../../ipc")>();
  return {
    ...actual,
    onActivity: vi.fn(() => Promise.resolve(() => undefined)),
    onChanged: vi.fn(() => Promise.resolve(() => undefined)),
    ipc: { listRequirements: vi.fn(), listPlanningRuns: vi.fn(), startPlanningRun: vi.fn(), addRequirement: vi.fn() },
  };
});

const requirement: Requirement = {
  id: "req-1",
  project_id: "p1",
  title: "Export invoices",
  summary: "CSV, monthly",
  description: "",
  audience: "",
  success_criteria: "",
  status: "draft",
  source: "human",
  created_at: "2026-11-21T10:00:00.000000Z",
  updated_at: "2026-11-21T10:00:00.000000Z",
};

describe("PlanningScreen", () => {
  it("starts a run with the chosen planner and template, and shows why one could not start", async () => {
    vi.mocked(ipc.listRequirements).mockResolvedValue([requirement]);
    vi.mocked(ipc.listPlanningRuns).mockResolvedValue([]);
    vi.mocked(ipc.startPlanningRun)
      .mockRejectedValueOnce(new CommandError({ code: "invalid_input", message: "the openai-compatible provider needs `planning.base_url`" }))
      .mockResolvedValue({} as never);
    render(<PlanningScreen projectId="p1" roles={[]} />);
    fireEvent.click(await screen.findByRole("button", { name: "Export invoices" }));
    const form = within(screen.getByRole("form", { name: "Start a planning run" }));

    fireEvent.change(form.getByLabelText("Planner"), { target: { value: "openai-compatible" } });
    fireEvent.click(form.getByText("Plan this requirement"));
    expect((await screen.findByRole("alert")).textContent).toContain("planning.base_url");
    expect(ipc.startPlanningRun).toHaveBeenLastCalledWith("req-1", { provider: "openai-compatible", template: undefined });

    fireEvent.change(form.getByLabelText("Planner"), { target: { value: "" } });
    fireEvent.change(form.getByLabelText("Template"), { target: { value: "whatsnext" } });
    fireEvent.click(form.getByText("Plan this requirement"));
    await waitFor(() => expect(ipc.startPlanningRun).toHaveBeenLastCalledWith("req-1", { provider: undefined, template: "whatsnext" }));
    await waitFor(() => expect(screen.queryByRole("alert")).toBeNull());
  });
});
