import { act, render, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { worktreeSettings } from "./test-fixtures";
import { App } from "./App";
import { ipc, type Notice, onOpenNotice, type Project } from "./ipc";
import { task, taskDetail } from "./test-fixtures";

vi.mock("./ipc", async (importOriginal) => {
  const actual = await importOriginal<typeof import("./ipc")>();
  return {
    ...actual,
    onActivity: vi.fn(() => Promise.resolve(() => undefined)),
    onNotice: vi.fn(() => Promise.resolve(() => undefined)),
    onChanged: vi.fn(() => Promise.resolve(() => undefined)),
    onOpenNotice: vi.fn(),
    ipc: {
      agentReadiness: vi.fn(() => Promise.resolve({ agent: "claude", path: "/usr/bin/claude", runnable: true, problem: null })),
      listProjects: vi.fn(),
      detectAgents: vi.fn(() => Promise.resolve([])),
      projectPulses: vi.fn(() => Promise.resolve([])),
      listRoles: vi.fn(() => Promise.resolve([])),
      listAgents: vi.fn(() => Promise.resolve([])),
      listBacklog: vi.fn(() => Promise.resolve([])),
      listTasks: vi.fn(),
      taskStageCounts: vi.fn(() => Promise.resolve([])),
      waitingTasks: vi.fn(() => Promise.resolve([])),
      dispatchState: vi.fn(() => Promise.resolve({ paused: false, concurrency: 2, running: [], queued: 0, loop_here: true, owner: null })),
      task: vi.fn(),
      currentActivity: vi.fn(() => Promise.resolve([])),
      planningRun: vi.fn(),
      listRequirements: vi.fn(),
      listPlanningRuns: vi.fn(),
      planSteps: vi.fn(() => Promise.resolve([])),
      unreadNotifications: vi.fn(() => Promise.resolve(0)),
      listSettings: vi.fn(() => Promise.resolve([])),
      listNotifications: vi.fn(() => Promise.resolve([])),
    },
  };
});

const project = (id: string, name: string): Project => ({
  id,
  name,
  description: "",
  repo_path: `/repos/${name}`,
  default_branch: "main",
  workspace: worktreeSettings,
  created_at: "2026-11-21T10:00:00.000000Z",
  updated_at: "2026-11-21T10:00:00.000000Z",
});

describe("a clicked desktop notification", () => {
  it("switches to the task's project, opens Tasks and selects the task", async () => {
    const other = task({ id: "t2", project_id: "p2", title: "Fix the importer", dispatch_status: "completed" });
    vi.mocked(ipc.listProjects).mockResolvedValue([project("p1", "web"), project("p2", "importer")]);
    vi.mocked(ipc.listTasks).mockImplementation((filter) =>
      Promise.resolve(filter.projectId === "p2" && (!filter.stage || filter.stage === other.stage) ? [other] : []),
    );
    vi.mocked(ipc.taskStageCounts).mockImplementation((projectId) =>
      Promise.resolve(projectId === "p2" ? [{ stage: other.stage, count: 1 }] : []),
    );
    vi.mocked(ipc.task).mockResolvedValue(taskDetail(other));
    let open: (notice: Notice) => void = () => undefined;
    vi.mocked(onOpenNotice).mockImplementation((handler) => {
      open = handler;
      return Promise.resolve(() => undefined);
    });
    render(<App />);
    expect(await screen.findByRole("heading", { name: "Backlog" })).toBeTruthy();
    await waitFor(() => expect(onOpenNotice).toHaveBeenCalled());

    act(() =>
      open({ kind: "task_completed", title: "Task completed", body: "Fix the importer", subject_kind: "task", subject_id: "t2", project_id: "p2" }),
    );
    const detail = await screen.findByRole("complementary", { name: "Task detail" });
    expect(within(detail).getByRole("heading", { name: "Fix the importer" })).toBeTruthy();
    expect(screen.getByRole("tab", { name: "Tasks" }).getAttribute("aria-selected")).toBe("true");
    await waitFor(() => expect(ipc.taskStageCounts).toHaveBeenCalledWith("p2"));

    // The opened task is the screen's selection now: leaving Tasks and coming back finds it still open.
    // jsdom lays nothing out: the board's columns report a size as a window would.
    const height = vi
      .spyOn(HTMLElement.prototype, "clientHeight", "get")
      .mockImplementation(function (this: HTMLElement) {
        return this.classList.contains("board-cards") ? 600 : 0;
      });
    act(() => screen.getByRole("tab", { name: "Backlog" }).click());
    act(() => screen.getByRole("tab", { name: "Tasks" }).click());
    await screen.findByRole("button", { name: /Fix the importer/ });
    height.mockRestore();
    expect(within(screen.getByRole("complementary", { name: "Task detail" })).getByRole("heading", { name: "Fix the importer" })).toBeTruthy();
  });

  it("opens a finished planning run: its project, the Planning screen, its requirement and the run", async () => {
    vi.mocked(ipc.listProjects).mockResolvedValue([project("p1", "web"), project("p2", "importer")]);
    const requirement = {
      id: "req-9",
      project_id: "p2",
      title: "Import CSV",
      summary: "",
      description: "",
      audience: "",
      success_criteria: "",
      status: "planned" as const,
      source: "human",
      created_at: "2026-11-21T10:00:00.000000Z",
      updated_at: "2026-11-21T10:00:00.000000Z",
    };
    vi.mocked(ipc.listRequirements).mockResolvedValue([requirement]);
    const run = {
      id: "run-9",
      project_id: "p2",
      requirement_id: "req-9",
      status: "completed" as const,
      trigger_source: "manual",
      provider_id: "deterministic",
      model_id: "",
      template: "backlog" as const,
      context_pack_id: "ctx",
      error_kind: null,
      error_message: "",
      started_at: null,
      completed_at: null,
      created_at: "2026-11-21T10:00:00.000000Z",
      updated_at: "2026-11-21T10:00:00.000000Z",
    };
    vi.mocked(ipc.listPlanningRuns).mockResolvedValue([run]);
    vi.mocked(ipc.planningRun).mockResolvedValue({
      ...run,
      remediation: null,
      quality_summary: { total: 0, approved: 0, rejected: 0, applied: 0, pending: 0, acceptance_rate: null, feedback_distribution: {} },
      candidates: [],
    });
    let open: (notice: Notice) => void = () => undefined;
    vi.mocked(onOpenNotice).mockImplementation((handler) => {
      open = handler;
      return Promise.resolve(() => undefined);
    });
    render(<App />);
    await screen.findByRole("heading", { name: "Backlog" });
    await waitFor(() => expect(onOpenNotice).toHaveBeenCalled());
    act(() =>
      open({ kind: "planning_finished", title: "Planning finished", body: "Import CSV", subject_kind: "planning_run", subject_id: "run-9", project_id: null }),
    );
    expect(await screen.findByRole("complementary", { name: "Planning runs" })).toBeTruthy();
    expect(screen.getByRole("tab", { name: "Planning" }).getAttribute("aria-selected")).toBe("true");
    await waitFor(() => expect(ipc.listRequirements).toHaveBeenCalledWith("p2", null, false));
    expect((await screen.findByRole("button", { name: "Import CSV" })).closest("li")?.className).toBe("selected");
    await waitFor(() => expect(ipc.planningRun).toHaveBeenCalledWith("run-9"));
  });
});
