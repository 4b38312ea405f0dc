import { fireEvent, render, screen } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { worktreeSettings } from "../../test-fixtures";
import { CommandError, ipc, type Project } from "../../ipc";
import { ProjectList } from "./ProjectList";

vi.mock("../../ipc", async (importOriginal) => {
  const actual = await importOriginal<typeof import("../../ipc")>();
  return {
    ...actual,
    onChanged: vi.fn(() => Promise.resolve(() => undefined)),
    ipc: { listProjects: vi.fn(), projectPulses: vi.fn(() => Promise.resolve([])), addProject: vi.fn() },
  };
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

  it("shows what is running, in review and failed per project", async () => {
    vi.mocked(ipc.listProjects).mockResolvedValue([shop]);
    vi.mocked(ipc.projectPulses).mockResolvedValue([{ project_id: shop.id, queued: 4, running: 2, in_review: 1, failed: 0 }]);
    render(<ProjectList selected={shop.id} />);
    expect(await screen.findByLabelText("2 running, 1 in review")).toBeTruthy();
  });

  it("clears a failed add once the folder is changed or another project chosen", async () => {
    vi.mocked(ipc.listProjects).mockResolvedValue([shop]);
    vi.mocked(ipc.addProject).mockRejectedValue(new CommandError({ code: "conflict", message: "the project `shop` already uses /src/shop" }));
    const { rerender } = render(<ProjectList selected={shop.id} />);
    fireEvent.change(await screen.findByLabelText("Repository folder"), { target: { value: "/src/shop" } });
    fireEvent.click(screen.getByRole("button", { name: "Add project" }));
    expect((await screen.findByRole("alert")).textContent).toContain("already uses /src/shop");
    rerender(<ProjectList selected="another" />);
    expect(screen.queryByRole("alert")).toBeNull();
    fireEvent.click(screen.getByRole("button", { name: "Add project" }));
    expect(await screen.findByRole("alert")).toBeTruthy();
    fireEvent.change(screen.getByLabelText("Repository folder"), { target: { value: "/src/other" } });
    expect(screen.queryByRole("alert")).toBeNull();
  });
});
