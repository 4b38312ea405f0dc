import { act, render, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { App } from "./App";
import { ipc, type Notice, onOpenNotice, type Project } from "./ipc";
import { task, taskDetail } from "./test-fixtures";

vi.mock("./ipc", async (importOriginal) => {
  const actual = await importOriginal<typeof import("./ipc")>();
  return {
    ...actual,
    onActivity: vi.fn(() => Promise.resolve(() => undefined)),
    onNotice: vi.fn(() => Promise.resolve(() => undefined)),
    onOpenNotice: vi.fn(),
    ipc: {
      listProjects: vi.fn(),
      listRoles: vi.fn(() => Promise.resolve([])),
      listBacklog: vi.fn(() => Promise.resolve([])),
      listTasks: vi.fn(),
      task: vi.fn(),
      currentActivity: vi.fn(() => Promise.resolve([])),
    },
  };
});

const project = (id: string, name: string): Project => ({
  id,
  name,
  description: "",
  repo_path: `/repos/${name}`,
  default_branch: "main",
  created_at: "2026-11-21T10:00:00.000000Z",
  updated_at: "2026-11-21T10:00:00.000000Z",
});

describe("a clicked desktop notification", () => {
  it("switches to the task's project, opens Tasks and selects the task", async () => {
    const other = task({ id: "t2", project_id: "p2", title: "Fix the importer", dispatch_status: "completed" });
    vi.mocked(ipc.listProjects).mockResolvedValue([project("p1", "web"), project("p2", "importer")]);
    vi.mocked(ipc.listTasks).mockImplementation((projectId) => Promise.resolve(projectId === "p2" ? [other] : []));
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
      open({ kind: "task_completed", title: "Task completed", body: "Fix the importer", subject_kind: "task", subject_id: "t2" }),
    );
    const detail = await screen.findByRole("complementary", { name: "Task detail" });
    expect(within(detail).getByRole("heading", { name: "Fix the importer" })).toBeTruthy();
    expect(screen.getByRole("tab", { name: "Tasks" }).getAttribute("aria-selected")).toBe("true");
    await waitFor(() => expect(ipc.listTasks).toHaveBeenCalledWith("p2"));
  });
});
