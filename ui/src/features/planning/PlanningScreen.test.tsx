import { fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { type SettingView, CommandError, ipc, type PlanningRun, type PlanningRunDetail, type Requirement } from "../../ipc";
import { candidate } from "../../test-fixtures";
import { PlanningScreen } from "./PlanningScreen";

vi.mock("../../ipc", async (importOriginal) => {
  const actual = await importOriginal<typeof import("../../ipc")>();
  return {
    ...actual,
    onActivity: vi.fn(() => Promise.resolve(() => undefined)),
    onChanged: vi.fn(() => Promise.resolve(() => undefined)),
    ipc: {
      agentReadiness: vi.fn(() => Promise.resolve({ agent: "claude", path: "/usr/bin/claude", runnable: true, problem: null })),
      listRequirements: vi.fn(),
      listPlanningRuns: vi.fn(),
      planSteps: vi.fn(() => Promise.resolve([])),
      startPlanningRun: vi.fn(),
      listSettings: vi.fn(() => Promise.resolve([])),
      addRequirement: vi.fn(),
      planningRun: vi.fn(),
      reviewCandidate: vi.fn(),
      applyCandidate: vi.fn(),
    },
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
  it("opens a project without requirements on the multi-line form, sends every field, and selects the new requirement", async () => {
    vi.mocked(ipc.listRequirements).mockResolvedValueOnce([]).mockResolvedValue([requirement]);
    vi.mocked(ipc.listPlanningRuns).mockResolvedValue([]);
    vi.mocked(ipc.addRequirement).mockResolvedValue(requirement);
    render(<PlanningScreen projectId="p1" roles={[]} />);
    const form = within(await screen.findByRole("form", { name: "New requirement" }));
    expect(form.getByLabelText("Description").tagName).toBe("TEXTAREA");
    expect(form.getByLabelText("Success criteria").tagName).toBe("TEXTAREA");
    const add = form.getByRole("button", { name: "Add requirement" }) as HTMLButtonElement;
    expect(add.disabled).toBe(true);
    fireEvent.change(form.getByLabelText("Requirement"), { target: { value: "  Export invoices  " } });
    fireEvent.change(form.getByLabelText("Summary"), { target: { value: "CSV, monthly" } });
    fireEvent.change(form.getByLabelText("Description"), { target: { value: "One file per month.\nUTF-8, comma-separated." } });
    fireEvent.change(form.getByLabelText("Audience"), { target: { value: "accountants" } });
    fireEvent.change(form.getByLabelText("Success criteria"), { target: { value: "Opens in a spreadsheet\nTotals match" } });
    fireEvent.click(add);
    await waitFor(() =>
      expect(ipc.addRequirement).toHaveBeenCalledWith("p1", {
        title: "Export invoices",
        summary: "CSV, monthly",
        description: "One file per month.\nUTF-8, comma-separated.",
        audience: "accountants",
        successCriteria: "Opens in a spreadsheet\nTotals match",
      }),
    );
    // The new requirement is under review: the form gives way to its planning area.
    expect(await screen.findByRole("form", { name: "Start a planning run" })).toBeTruthy();
    expect(screen.queryByRole("form", { name: "New requirement" })).toBeNull();
    expect(await screen.findByRole("heading", { name: "Export invoices" })).toBeTruthy();
  });

  it("leaves blank optional fields out, hints when nothing is selected, and hides the list on demand", async () => {
    vi.mocked(ipc.listRequirements).mockResolvedValue([requirement]);
    vi.mocked(ipc.addRequirement).mockResolvedValue(requirement);
    render(<PlanningScreen projectId="p1" roles={[]} />);
    expect(await screen.findByText(/Pick a requirement from the list/)).toBeTruthy();
    const toggle = screen.getByRole("button", { name: "Hide requirements" });
    expect(toggle.getAttribute("aria-expanded")).toBe("true");
    fireEvent.click(toggle);
    expect(toggle.getAttribute("aria-expanded")).toBe("false");
    expect(screen.queryByRole("navigation", { name: "Requirements" })).toBeNull();
    fireEvent.click(screen.getByRole("button", { name: "Show requirements" }));
    expect(screen.getByRole("navigation", { name: "Requirements" })).toBeTruthy();

    fireEvent.click(screen.getByRole("button", { name: "New requirement" }));
    const form = within(screen.getByRole("form", { name: "New requirement" }));
    fireEvent.change(form.getByLabelText("Requirement"), { target: { value: "Export invoices" } });
    fireEvent.click(form.getByRole("button", { name: "Add requirement" }));
    await waitFor(() =>
      expect(ipc.addRequirement).toHaveBeenLastCalledWith("p1", {
        title: "Export invoices",
        summary: undefined,
        description: undefined,
        audience: undefined,
        successCriteria: undefined,
      }),
    );
  });

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

  it("offers a configured model planner as the default and the built-in one as an offline draft", async () => {
    vi.mocked(ipc.listRequirements).mockResolvedValue([requirement]);
    vi.mocked(ipc.listPlanningRuns).mockResolvedValue([]);
    vi.mocked(ipc.listSettings).mockResolvedValue([
      { key: "planning.provider", value: "openai-compatible" } as SettingView,
    ]);
    render(<PlanningScreen projectId="p1" roles={[]} />);
    fireEvent.click(await screen.findByRole("button", { name: "Export invoices" }));
    const planner = within(screen.getByRole("form", { name: "Start a planning run" })).getByLabelText("Planner");
    await waitFor(() =>
      expect([...planner.querySelectorAll("option")].map((o) => o.textContent)).toEqual([
        "OpenAI-compatible model (settings)",
        "offline draft (built-in)",
        "local agent CLI",
      ]),
    );
  });
});

const run = (id: string, created: string, overrides: Partial<PlanningRun> = {}): PlanningRun => ({
  id,
  project_id: "p1",
  requirement_id: "req-1",
  status: "completed",
  trigger_source: "manual",
  provider_id: "deterministic",
  model_id: "",
  template: "backlog",
  context_pack_id: "ctx",
  error_kind: null,
  error_message: "",
  started_at: created,
  completed_at: created,
  created_at: created,
  updated_at: created,
  ...overrides,
});

describe("planning runs", () => {
  it("lists every run with its status, reviews the picked one, and approves before applying", async () => {
    const newer = run("run-2", "2026-11-21T11:00:00.000000Z", { status: "failed", error_kind: "provider_unreachable" });
    const older = run("run-1", "2026-11-21T10:00:00.000000Z");
    vi.mocked(ipc.listRequirements).mockResolvedValue([requirement]);
    vi.mocked(ipc.listPlanningRuns).mockResolvedValue([newer, older]);
    const detail = (r: PlanningRun, status: "draft" | "approved"): PlanningRunDetail => ({
      ...r,
      remediation: null,
      quality_summary: { total: 1, approved: 0, rejected: 0, applied: 0, pending: 1, acceptance_rate: null, feedback_distribution: {} },
      candidates: r.status === "completed" ? [candidate({ id: "c1", title: "Build the exporter", planning_run_id: r.id, status })] : [],
    });
    vi.mocked(ipc.planningRun).mockImplementation((id) =>
      Promise.resolve(id === "run-1" ? detail(older, "draft") : detail(newer, "draft")),
    );
    vi.mocked(ipc.reviewCandidate).mockResolvedValue({} as never);
    render(<PlanningScreen projectId="p1" roles={[]} />);
    fireEvent.click(await screen.findByRole("button", { name: "Export invoices" }));
    const runs = await screen.findByRole("list", { name: "Runs of this requirement" });
    expect(runs.textContent).toContain("provider_unreachable");
    await waitFor(() => expect(ipc.planningRun).toHaveBeenCalledWith("run-2"));

    fireEvent.click(within(runs).getAllByRole("button")[1] as HTMLElement);
    await screen.findByText("Build the exporter");
    expect(ipc.planningRun).toHaveBeenLastCalledWith("run-1");
    // Approving alone is in the card's menu; once approved, the primary action is Apply (with the role).
    vi.mocked(ipc.planningRun).mockResolvedValue(detail(older, "approved"));
    fireEvent.click(screen.getByRole("button", { name: "More actions for Build the exporter" }));
    fireEvent.click(screen.getByRole("menuitem", { name: "Approve" }));
    await waitFor(() => expect(ipc.reviewCandidate).toHaveBeenCalledWith("c1", "approved"));
    expect(await screen.findByRole("button", { name: "Apply" })).toBeTruthy();
    expect(screen.queryByRole("button", { name: "Approve and apply" })).toBeNull();
  });
});
