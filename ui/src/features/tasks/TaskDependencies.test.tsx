import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { CommandError, ipc } from "../../ipc";
import { task, taskDetail } from "../../test-fixtures";
import { TaskDependencies } from "./TaskDependencies";

vi.mock("../../ipc", async (importOriginal) => {
  const actual = await importOriginal<typeof import("../../ipc")>();
  return { ...actual, ipc: { listTasks: vi.fn(), addTaskDependency: vi.fn(), removeTaskDependency: vi.fn() } };
});

describe("TaskDependencies", () => {
  it("opens on a held task, names what holds it, drops and adds dependencies, and shows a refused cycle", async () => {
    const held = taskDetail(task({ id: "t2", title: "Build on it", stage: "queued", dispatch_status: "queued" }), {
      depends_on: [{ task_id: "t1", title: "Lay the foundation", stage: "failed", met: false }],
      waiting_on: ["t1"],
    });
    vi.mocked(ipc.listTasks).mockResolvedValue([
      task({ id: "t1", title: "Lay the foundation" }),
      task({ id: "t2", title: "Build on it" }),
      task({ id: "t3", title: "Finish it" }),
    ]);
    vi.mocked(ipc.removeTaskDependency).mockResolvedValue({} as never);
    vi.mocked(ipc.addTaskDependency).mockRejectedValueOnce(
      new CommandError({ code: "invalid_input", message: "`t2` depending on `t3` would close a cycle: `t2` → `t3` → `t2`" }),
    );
    const onChanged = vi.fn();
    render(<TaskDependencies detail={held} onChanged={onChanged} />);
    expect(screen.getByText(/Depends on 1 task\(s\) · waiting on 1/)).toBeTruthy();
    expect(screen.getByRole("list", { name: "Dependencies" }).textContent).toContain("Lay the foundation");
    expect(screen.getByRole("list", { name: "Dependencies" }).textContent).toContain("holds this task");
    fireEvent.click(screen.getByRole("button", { name: "Stop waiting on Lay the foundation" }));
    await waitFor(() => expect(ipc.removeTaskDependency).toHaveBeenCalledWith("t2", "t1"));
    expect(onChanged).toHaveBeenCalled();
    // Neither itself nor what it already waits on is offered.
    const select = await screen.findByLabelText("Wait on");
    await waitFor(() => expect(select.querySelectorAll("option")).toHaveLength(2));
    fireEvent.change(select, { target: { value: "t3" } });
    fireEvent.click(screen.getByRole("button", { name: "Add dependency" }));
    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toContain("would close a cycle");
  });
});
