import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { CommandError, ipc, watchTaskOutput } from "../../ipc";
import { task, taskDetail } from "../../test-fixtures";
import { TasksScreen } from "./TasksScreen";

vi.mock("../../ipc", async (importOriginal) => {
  const actual = await importOriginal<typeof import("../../ipc")>();
  return {
    ...actual,
    onActivity: vi.fn(() => Promise.resolve(() => undefined)),
    watchTaskOutput: vi.fn(),
    ipc: { currentActivity: vi.fn(() => Promise.resolve([])), listTasks: vi.fn(), addTask: vi.fn(), task: vi.fn(), requeueTask: vi.fn(), cancelTask: vi.fn(), taskLog: vi.fn(), batchEditTasks: vi.fn(), taskAttempts: vi.fn(), listRoles: vi.fn(() => Promise.resolve([])), listAgents: vi.fn(() => Promise.resolve([])), runTask: vi.fn() },
  };
});

describe("TasksScreen", () => {
  it("shows a failed dispatch's kind and remediation, and requeues it", async () => {
    const failed = task({});
    vi.mocked(ipc.listTasks).mockResolvedValue([failed]);
    vi.mocked(ipc.task).mockResolvedValue(
      taskDetail(failed, {
        attempts: 1,
        remediation: "Narrow the task, then requeue.",
        last_attempt: {
          id: "a1",
          task_id: failed.id,
          attempt_no: 1,
          agent_profile_id: null,
          agent_name: "fake",
          role: "test-writer",
          started_at: failed.created_at,
          ended_at: failed.updated_at,
          pid: 1,
          pgid: 1,
          exit_code: null,
          signal: 15,
          outcome: "failed",
          error_kind: "dispatch_timeout",
          error_message: "the agent timed out after 1200 s and was stopped",
          output_bytes: 10,
          truncated: false,
          cost_usd: null,
          input_tokens: null,
          output_tokens: null,
          session_id: null,
          log_path: null,
          process_start_ticks: null,
          files_applied: 0,
        },
      }),
    );
    vi.mocked(ipc.taskAttempts).mockImplementation(async () => [(await vi.mocked(ipc.task).mock.results[0]!.value).last_attempt]);
    vi.mocked(ipc.requeueTask).mockResolvedValue(task({ dispatch_status: "queued" }));
    render(<TasksScreen projectId="p1" />);
    fireEvent.click(await screen.findByText("Write tests"));
    const failure = await screen.findByRole("status");
    expect(failure.textContent).toContain("dispatch_timeout");
    expect(failure.textContent).toContain("Narrow the task");
    expect(await screen.findByText("Attempts (1)")).toBeTruthy();
    expect(screen.getByText("fake")).toBeTruthy();
    fireEvent.click(screen.getByText("Requeue"));
    await waitFor(() => expect(ipc.requeueTask).toHaveBeenCalledWith("task-1"));
  });

  it("opens a live terminal on a running task and keeps it after the run ends", async () => {
    const running = task({ dispatch_status: "running" });
    vi.mocked(ipc.listTasks).mockResolvedValue([running]);
    vi.mocked(ipc.task).mockResolvedValue(taskDetail(running, { attempts: 1 }));
    vi.mocked(watchTaskOutput).mockImplementation((_id, handler) => {
      handler({ kind: "output", text: "step 1\r\n" });
      handler({ kind: "ended" });
      return Promise.resolve({ running: true, stop: vi.fn() });
    });
    render(<TasksScreen projectId="p1" />);
    fireEvent.click(await screen.findByText("Write tests"));
    expect(await screen.findByRole("figure", { name: "Live output" })).toBeTruthy();
    await waitFor(() => expect(watchTaskOutput).toHaveBeenCalledWith("task-1", expect.any(Function)));
    expect(await screen.findByText("The agent's output ended.")).toBeTruthy();
  });

  it("filters by dispatch status and batch-edits the checked tasks", async () => {
    const failed = task({ id: "t1", title: "Failing one", dispatch_status: "failed" });
    const done = task({ id: "t2", title: "Done one", dispatch_status: "completed" });
    const other = task({ id: "t3", title: "Other failing", dispatch_status: "failed" });
    vi.mocked(ipc.listTasks).mockResolvedValue([failed, done, other]);
    vi.mocked(ipc.batchEditTasks).mockResolvedValue([]);
    render(<TasksScreen projectId="p1" />);
    await screen.findByText("Done one");
    fireEvent.change(screen.getByLabelText("Dispatch"), { target: { value: "failed" } });
    expect(screen.queryByText("Done one")).toBeNull();
    expect(screen.getByText("2 of 3")).toBeTruthy();
    fireEvent.click(screen.getByLabelText("Select all shown"));
    fireEvent.change(screen.getByLabelText("Set priority"), { target: { value: "urgent" } });
    fireEvent.click(screen.getByText("Apply to 2"));
    await waitFor(() => expect(ipc.batchEditTasks).toHaveBeenCalledWith(["t1", "t3"], { status: undefined, priority: "urgent" }));
  });

  it("adds a task by hand and shows the core's refusal of a blank title", async () => {
    vi.mocked(ipc.listTasks).mockResolvedValue([]);
    vi.mocked(ipc.addTask)
      .mockRejectedValueOnce(new CommandError({ code: "invalid_input", message: "title must not be empty" }))
      .mockResolvedValue(task({ id: "t9", title: "Rotate the keys" }));
    render(<TasksScreen projectId="p1" />);
    await screen.findByText(/No tasks yet/);
    const form = screen.getByRole("form", { name: "Add a task" });
    fireEvent.change(screen.getByLabelText("New task"), { target: { value: "  " } });
    fireEvent.submit(form);
    expect((await screen.findByRole("alert")).textContent).toBe("title must not be empty");
    const loads = vi.mocked(ipc.listTasks).mock.calls.length;
    fireEvent.change(screen.getByLabelText("New task"), { target: { value: "Rotate the keys" } });
    fireEvent.change(screen.getByLabelText("Priority"), { target: { value: "high" } });
    fireEvent.submit(form);
    await waitFor(() =>
      expect(ipc.addTask).toHaveBeenLastCalledWith("p1", { title: "Rotate the keys", priority: "high", role: null }),
    );
    await waitFor(() => expect(screen.queryByRole("alert")).toBeNull());
    expect(vi.mocked(ipc.listTasks).mock.calls.length).toBe(loads + 1);
  });

  it("queues a task added with a role at once", async () => {
    vi.mocked(ipc.listTasks).mockResolvedValue([]);
    vi.mocked(ipc.listRoles).mockResolvedValue([
      { id: "test-writer", title: "Test writer", version: 2, use_case: "Writes tests", category: "role", default_timeout_sec: 900 },
    ]);
    vi.mocked(ipc.addTask).mockResolvedValue(task({ id: "t9", title: "Cover the parser", dispatch_status: "queued" }));
    render(<TasksScreen projectId="p1" />);
    await screen.findByRole("option", { name: "Test writer" });
    fireEvent.change(screen.getByLabelText("New task"), { target: { value: "Cover the parser" } });
    fireEvent.change(screen.getByLabelText("Role"), { target: { value: "test-writer" } });
    fireEvent.click(screen.getByRole("button", { name: "Add and run" }));
    await waitFor(() =>
      expect(ipc.addTask).toHaveBeenLastCalledWith("p1", { title: "Cover the parser", priority: "medium", role: "test-writer" }),
    );
  });

  it("shows how long a running task has run and what its agent is doing", async () => {
    const running = task({ id: "t1", title: "Write tests", dispatch_status: "running" });
    vi.mocked(ipc.listTasks).mockResolvedValue([running]);
    const started = new Date(Date.now() - 65_000).toISOString().replace("Z", "123Z");
    vi.mocked(ipc.currentActivity).mockResolvedValue([
      {
        runner_id: "task:t1",
        phase: "dispatching",
        subject_kind: "task",
        subject_id: "t1",
        subject_title: "Write tests",
        step: "tool: Edit",
        role_id: "test-writer",
        started_at: started,
        updated_at: started,
      },
    ]);
    render(<TasksScreen projectId="p1" />);
    const row = (await screen.findByRole("button", { name: "Write tests" })).closest("tr") as HTMLElement;
    await waitFor(() => expect(row.textContent).toContain("dispatching: tool: Edit"));
    expect(row.textContent).toMatch(/· 1 min 0[5-9] s ·/);
  });
});
