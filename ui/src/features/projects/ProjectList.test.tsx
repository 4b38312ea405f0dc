import { render, screen } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { worktreeSettings } from "../../test-fixtures";
import { CommandError, ipc, type Project } from "../../ipc";
import { ProjectList } from "./ProjectList";

vi.mock("../../ipc", async (importOriginal) => {
  const actual = await importOriginal<typeof import("../../ipc")>();
  return { ...actual, ipc: { listProjects: vi.fn() } };
});

const shop: Project = {
  id: "6f1c2a7e-8d7b-4c55-9a41-2b0f5d3c9e10",
  name: "shop",
  repo_path: "/src/shop",
  default_branch: "main",
  workspace: worktreeSettings,
  description: "",
  created_at: "2026-11-21T10:00:00.000000Z",
  updated_at: "2026-11-21T10:00:00.000000Z",
};

describe("ProjectList", () => {
  beforeEach(() => {
    vi.mocked(ipc.listProjects).mockReset();
  });

  it("lists the projects the core returns", async () => {
    vi.mocked(ipc.listProjects).mockResolvedValue([shop]);
    render(<ProjectList />);
    expect(await screen.findByText("shop")).toBeTruthy();
    expect(screen.getByText("/src/shop")).toBeTruthy();
    expect(screen.getByText("main")).toBeTruthy();
  });

  it("explains how to add the first project", async () => {
    vi.mocked(ipc.listProjects).mockResolvedValue([]);
    render(<ProjectList />);
    expect(await screen.findByText("No projects yet.")).toBeTruthy();
    expect(screen.getByText("anpm project add PATH")).toBeTruthy();
  });

  it("shows the error code and message when loading fails", async () => {
    const failure = new CommandError({ code: "storage", message: "database error: disk I/O error" });
    vi.mocked(ipc.listProjects).mockImplementation(() => Promise.reject(failure));
    render(<ProjectList />);
    const alert = await screen.findByRole("alert");
    expect(alert.dataset.code).toBe("storage");
    expect(alert.textContent).not.toContain("storage:");
    expect(alert.textContent).toContain("disk I/O error");
  });
});
