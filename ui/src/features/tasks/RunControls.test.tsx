import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { CommandError, ipc, type Role } from "../../ipc";
import { task, taskDetail } from "../../test-fixtures";
import { RunControls } from "./RunControls";

vi.mock("../../ipc", async (importOriginal) => {
  const actual = await importOriginal<typeof import("../../ipc")>();
  return {
    ...actual,
    ipc: {
      agentReadiness: vi.fn(() => Promise.resolve({ agent: "claude", path: "/usr/bin/claude", runnable: true, problem: null })), listRoles: vi.fn(), listAgents: vi.fn(), runTask: vi.fn() },
    onChanged: vi.fn(() => Promise.resolve(() => undefined)),
  };
});

const role: Role = {
  id: "test-writer",
  title: "Test writer",
  version: 2,
  use_case: "Writes tests",
  category: "role",
  default_timeout_sec: 900,
};

describe("RunControls", () => {
  it("gives a task made without a role one, and runs it now while dispatch is paused", async () => {
    vi.mocked(ipc.listRoles).mockResolvedValue([role]);
    vi.mocked(ipc.listAgents).mockResolvedValue([]);
    const detail = taskDetail(task({ execution_role: null, dispatch_status: "none" }));
    vi.mocked(ipc.runTask).mockResolvedValue({
      task: { ...detail, execution_role: "test-writer", dispatch_status: "queued" },
      started: "asked_loop",
      paused: true,
    });
    const onChanged = vi.fn();
    render(<RunControls detail={detail} onChanged={onChanged} />);
    expect(screen.getByText("Choose the role an agent runs this task as.")).toBeTruthy();
    expect((screen.getByRole("button", { name: "Run" }) as HTMLButtonElement).disabled).toBe(true);
    await screen.findByRole("option", { name: "Test writer" });
    fireEvent.change(screen.getByLabelText("Role"), { target: { value: "test-writer" } });
    fireEvent.click(screen.getByRole("button", { name: "Run now" }));
    await waitFor(() => expect(ipc.runTask).toHaveBeenCalledWith(detail.id, "test-writer", null, true));
    expect((await screen.findByRole("status")).textContent).toBe(
      "Starting now; dispatch stays paused for the rest of the queue.",
    );
    expect(onChanged).toHaveBeenCalled();
  });

  it("shows the core's refusal in words and offers nothing while an agent runs the task", async () => {
    vi.mocked(ipc.listRoles).mockResolvedValue([role]);
    vi.mocked(ipc.listAgents).mockResolvedValue([]);
    vi.mocked(ipc.runTask).mockRejectedValue(
      new CommandError({ code: "invalid_transition", message: "the task is already queued" }),
    );
    const queued = taskDetail(task({ execution_role: "test-writer", dispatch_status: "queued" }));
    const { rerender } = render(<RunControls detail={queued} onChanged={vi.fn()} />);
    expect(screen.queryByRole("button", { name: "Run" })).toBeNull();
    fireEvent.click(screen.getByRole("button", { name: "Run now" }));
    expect((await screen.findByRole("alert")).textContent).toContain("the task is already queued");
    rerender(<RunControls detail={{ ...queued, dispatch_status: "running" }} onChanged={vi.fn()} />);
    expect(screen.queryByRole("button", { name: "Run now" })).toBeNull();
  });
});
