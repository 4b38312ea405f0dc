import { fireEvent, render, screen } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { CommandError, ipc, pickArchive, pickArchiveTarget, type Project } from "../../ipc";
import { worktreeSettings } from "../../test-fixtures";
import { ProjectArchive } from "./ProjectArchive";

vi.mock("../../ipc", async (importOriginal) => {
  const actual = await importOriginal<typeof import("../../ipc")>();
  return {
    ...actual,
    pickArchive: vi.fn(),
    pickArchiveTarget: vi.fn(),
    pickFolder: vi.fn(),
    ipc: { exportProject: vi.fn(), importProject: vi.fn() },
  };
});

describe("ProjectArchive", () => {
  it("exports the open project with its logs where the operator chose, and shows a refused import", async () => {
    vi.mocked(pickArchiveTarget).mockResolvedValue("/tmp/shop.anpm.json");
    vi.mocked(ipc.exportProject).mockResolvedValue({ project_id: "p1", path: "/tmp/shop.anpm.json", bytes: 2048, rows: { tasks: 3, projects: 1 }, logs: 2 });
    vi.mocked(pickArchive).mockResolvedValue("/tmp/future.json");
    vi.mocked(ipc.importProject).mockRejectedValue(
      new CommandError({ code: "invalid_input", message: "the archive's format 2 is newer than this anpm reads (up to 1); update anpm to import it" }),
    );
    const shop: Project = {
      id: "p1",
      name: "shop",
      repo_path: "/src/shop",
      default_branch: "main",
      workspace: worktreeSettings,
      description: "",
      created_at: "2026-11-21T10:00:00.000000Z",
      updated_at: "2026-11-21T10:00:00.000000Z",
    };
    render(<ProjectArchive project={shop} />);
    fireEvent.click(screen.getByRole("checkbox"));
    fireEvent.click(screen.getByRole("button", { name: "Export shop…" }));
    expect((await screen.findByRole("status")).textContent).toBe("Exported shop: 4 rows, 2 attempt log(s) to /tmp/shop.anpm.json.");
    expect(ipc.exportProject).toHaveBeenCalledWith(shop.id, "/tmp/shop.anpm.json", true);
    fireEvent.click(screen.getByRole("button", { name: "Import a project…" }));
    expect((await screen.findByRole("alert")).textContent).toContain("newer than this anpm reads");
  });
});
