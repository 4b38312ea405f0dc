import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { CommandError, ipc, type RawTaskFilter, type Stage, STAGES, type Task, watchTaskOutput } from "../../ipc";
import { task, taskDetail } from "../../test-fixtures";
import { PAGE_SIZE } from "./taskPages";
import { TasksScreen } from "./TasksScreen";

vi.mock("../../ipc", async (importOriginal) => {
  const actual = await importOriginal<typeof import("../../ipc")>();
  return {
    ...actual,
    onActivity: vi.fn(() => Promise.resolve(() => undefined)),
    watchTaskOutput: vi.fn(),
    onChanged: vi.fn(() => Promise.resolve(() => undefined)),
    ipc: {
      agentReadiness: vi.fn(() => Promise.resolve({ agent: "claude", path: "/usr/bin/claude", runnable: true, problem: null })), currentActivity: vi.fn(() => Promise.resolve([])), listTasks: vi.fn(), taskStageCounts: vi.fn(), waitingTasks: vi.fn(() => Promise.resolve([])), dispatchState: vi.fn(() => Promise.resolve({ paused: false, concurrency: 2, running: [], queued: 0, loop_here: true, owner: null })), addTask: vi.fn(), task: vi.fn(), requeueTask: vi.fn(), cancelTask: vi.fn(), taskLog: vi.fn(), batchEditTasks: vi.fn(), taskAttempts: vi.fn(), listRoles: vi.fn(() => Promise.resolve([])), listAgents: vi.fn(() => Promise.resolve([])), runTask: vi.fn() },
  };
});

/** Serves `tasks` as the store would: each board column asks for its stage; counts per stage. */
function serve(tasks: Task[]) {
  vi.mocked(ipc.listTasks).mockImplementation((f: RawTaskFilter) =>
    Promise.resolve(tasks.filter((t) => (!f.stage || t.stage === f.stage) && (!f.text || t.title.includes(f.text)))),
  );
  vi.mocked(ipc.taskStageCounts).mockResolvedValue(
    STAGES.map((stage: Stage) => ({ stage, count: tasks.filter((t) => t.stage === stage).length })),
  );
}

let spies: { mockRestore: () => void }[] = [];

describe("TasksScreen", () => {
  beforeEach(() => {
    localStorage.clear();
    // jsdom lays nothing out: the board's columns and the list report a size as a window would.
    const sized = (px: number) =>
      function (this: HTMLElement) {
        return this.classList.contains("board-cards") || this.classList.contains("task-list") ? px : 0;
      };
    spies = [
      vi.spyOn(HTMLElement.prototype, "clientHeight", "get").mockImplementation(sized(600)),
      vi.spyOn(HTMLElement.prototype, "clientWidth", "get").mockImplementation(sized(300)),
    ];
  });
  afterEach(() => spies.forEach((spy) => spy.mockRestore()));

  it("shows a failed dispatch's kind and remediation, and requeues it", async () => {
    const failed = task({});
    serve([failed]);
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
    // The failed column appears because it holds a task; the card names the failure's kind.
    const column = await screen.findByRole("listitem", { name: "Failed" });
    await waitFor(() => expect(column.textContent).toContain("Write tests"));
    fireEvent.click(screen.getByText("Write tests"));
    const failure = (await screen.findByText(/the agent timed out/)).closest<HTMLElement>(".failure");
    expect(failure?.dataset.kind).toBe("dispatch_timeout");
    expect(failure?.textContent).toContain("Dispatch timeout");
    expect(failure?.textContent).toContain("Narrow the task");
    // A failed task opens on its terminal; its attempts are a tab away, with the agent that ran them.
    expect(screen.getByRole("tab", { name: "Terminal" }).getAttribute("aria-selected")).toBe("true");
    fireEvent.click(screen.getByRole("tab", { name: /Attempts/ }));
    const attempts = await screen.findByRole("table", { name: "Attempts" });
    expect(attempts.textContent).toContain("fake");
    expect(attempts.textContent).toContain("dispatch timeout");
    fireEvent.click(screen.getByText("Requeue"));
    await waitFor(() => expect(ipc.requeueTask).toHaveBeenCalledWith("task-1"));
  });

  it("opens a live terminal on a running task and keeps it after the run ends", async () => {
    const running = task({ dispatch_status: "running", stage: "running" });
    serve([running]);
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
    expect(await screen.findByText("The agent's output of attempt 1 ended.")).toBeTruthy();
    // The terminal finds text in its output and offers to copy it.
    expect(screen.getByRole("searchbox", { name: "Find in the output" })).toBeTruthy();
    expect(screen.getByRole("button", { name: "Copy" })).toBeTruthy();
  });

  it("moves through the board with j/k and h/l, opens with Enter and closes with Esc back to the card", async () => {
    serve([
      task({ id: "t1", title: "First todo", dispatch_status: "none", stage: "todo" }),
      task({ id: "t2", title: "Second todo", dispatch_status: "none", stage: "todo" }),
      task({ id: "t3", title: "Queued one", dispatch_status: "queued", stage: "queued" }),
    ]);
    vi.mocked(ipc.task).mockImplementation(async (id: string) => taskDetail(task({ id, title: `Detail ${id}` })));
    render(<TasksScreen projectId="p1" />);
    await screen.findByText("Queued one");
    await screen.findByText("Second todo");
    // From outside the board, j steps into it.
    fireEvent.keyDown(document.body, { key: "j" });
    expect(document.activeElement?.textContent).toContain("First todo");
    fireEvent.keyDown(document.activeElement!, { key: "j" });
    expect(document.activeElement?.textContent).toContain("Second todo");
    fireEvent.keyDown(document.activeElement!, { key: "k" });
    expect(document.activeElement?.textContent).toContain("First todo");
    fireEvent.keyDown(document.activeElement!, { key: "l" });
    expect(document.activeElement?.textContent).toContain("Queued one");
    fireEvent.keyDown(document.activeElement!, { key: "ArrowLeft" });
    expect(document.activeElement?.textContent).toContain("First todo");
    // Enter on a card is a click on its button.
    fireEvent.click(document.activeElement!);
    expect(await screen.findByRole("heading", { name: "Detail t1" })).toBeTruthy();
    fireEvent.keyDown(document.body, { key: "Escape" });
    await waitFor(() => expect(screen.queryByRole("heading", { name: "Detail t1" })).toBeNull());
    await waitFor(() => expect(document.activeElement?.textContent).toContain("First todo"));
  });

  it("keeps the open task when the screen is left and come back to", async () => {
    serve([task({ id: "t1", title: "Keep me open", dispatch_status: "none", stage: "todo" })]);
    vi.mocked(ipc.task).mockImplementation(async (id: string) => taskDetail(task({ id, title: `Detail ${id}` })));
    const first = render(<TasksScreen projectId="p1" />);
    fireEvent.click(await screen.findByText("Keep me open"));
    expect(await screen.findByRole("heading", { name: "Detail t1" })).toBeTruthy();
    first.unmount();
    render(<TasksScreen projectId="p1" />);
    expect(await screen.findByRole("heading", { name: "Detail t1" })).toBeTruthy();
  });

  it("lists tasks by stage in the list view and batch-edits the checked ones", async () => {
    const failed = task({ id: "t1", title: "Failing one", dispatch_status: "failed", stage: "failed" });
    const review = task({ id: "t2", title: "Done one", dispatch_status: "completed", stage: "in_review" });
    const other = task({ id: "t3", title: "Other failing", dispatch_status: "failed", stage: "failed" });
    serve([failed, review, other]);
    vi.mocked(ipc.batchEditTasks).mockResolvedValue([]);
    render(<TasksScreen projectId="p1" />);
    fireEvent.click(await screen.findByRole("button", { name: "List" }));
    await screen.findByText("Done one");
    fireEvent.change(screen.getByLabelText("Filter by stage"), { target: { value: "failed" } });
    await waitFor(() => expect(screen.queryByText("Done one")).toBeNull());
    expect(vi.mocked(ipc.listTasks)).toHaveBeenLastCalledWith(expect.objectContaining({ stage: "failed", limit: PAGE_SIZE, after: null }));
    fireEvent.click(screen.getByLabelText("Select Failing one"));
    fireEvent.click(screen.getByLabelText("Select Other failing"));
    fireEvent.change(screen.getByLabelText("Set priority"), { target: { value: "urgent" } });
    fireEvent.click(screen.getByText("Apply to 2"));
    await waitFor(() => expect(ipc.batchEditTasks).toHaveBeenCalledWith(["t1", "t3"], { status: undefined, priority: "urgent" }));
  });

  it("shows a queued card as paused while dispatch is paused", async () => {
    serve([task({ id: "t1", title: "Waiting one", dispatch_status: "queued", stage: "queued" })]);
    vi.mocked(ipc.dispatchState).mockResolvedValueOnce({ paused: true, concurrency: 2, running: [], queued: 1, loop_here: true, owner: null });
    render(<TasksScreen projectId="p1" />);
    const column = await screen.findByRole("listitem", { name: "Queued" });
    await waitFor(() => expect(column.textContent).toContain("paused"));
    expect(screen.getByRole("status").textContent).toBe("Dispatch paused");
  });

  it("counts down to a usage-limit retry on its card", async () => {
    const inTwoMinutes = new Date(Date.now() + 125_000).toISOString();
    serve([task({ id: "t3", title: "Limited one", dispatch_status: "queued", stage: "queued", retry_at: inTwoMinutes })]);
    render(<TasksScreen projectId="p1" />);
    const column = await screen.findByRole("listitem", { name: "Queued" });
    await waitFor(() => expect(column.textContent).toMatch(/usage limit · retry in 2 min 0[0-9] s/));
  });

  it("says on a queued card which task it waits on", async () => {
    serve([task({ id: "t2", title: "Build on it", dispatch_status: "queued", stage: "queued" })]);
    vi.mocked(ipc.waitingTasks).mockResolvedValueOnce([
      {
        task_id: "t2",
        depends_on: [{ task_id: "t1", title: "Lay the foundation", stage: "failed", met: false }],
        waiting_on: ["t1"],
        dependents: [],
      },
    ]);
    render(<TasksScreen projectId="p1" />);
    const column = await screen.findByRole("listitem", { name: "Queued" });
    await waitFor(() => expect(column.textContent).toContain("waiting on “Lay the foundation”"));
  });

  it("adds a task by hand and shows the core's refusal of a blank title", async () => {
    serve([]);
    vi.mocked(ipc.addTask)
      .mockRejectedValueOnce(new CommandError({ code: "invalid_input", message: "title must not be empty" }))
      .mockResolvedValue(task({ id: "t9", title: "Rotate the keys" }));
    render(<TasksScreen projectId="p1" />);
    await screen.findByText(/No tasks yet/);
    const form = screen.getByRole("form", { name: "Add a task" });
    fireEvent.change(screen.getByLabelText("New task"), { target: { value: "  " } });
    fireEvent.submit(form);
    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toBe("title must not be empty");
    expect(alert.dataset.code).toBe("invalid_input");
    fireEvent.change(screen.getByLabelText("New task"), { target: { value: "Rotate the keys" } });
    fireEvent.change(screen.getByLabelText("Priority"), { target: { value: "high" } });
    fireEvent.submit(form);
    await waitFor(() =>
      expect(ipc.addTask).toHaveBeenLastCalledWith("p1", { title: "Rotate the keys", priority: "high", role: null }),
    );
    await waitFor(() => expect(screen.queryByRole("alert")).toBeNull());
  });

  it("queues a task added with a role at once", async () => {
    serve([]);
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

  it("warns before a task is queued when no agent could run its role", async () => {
    serve([]);
    vi.mocked(ipc.addTask).mockClear();
    vi.mocked(ipc.listRoles).mockResolvedValue([
      { id: "test-writer", title: "Test writer", version: 2, use_case: "Writes tests", category: "role", default_timeout_sec: 900 },
    ]);
    vi.mocked(ipc.agentReadiness).mockResolvedValue({
      agent: null,
      path: null,
      runnable: false,
      problem: "no agent profile is set up and none of claude, codex, gemini or opencode is on PATH",
    });
    render(<TasksScreen projectId="p1" />);
    await screen.findByRole("option", { name: "Test writer" });
    expect(screen.queryByText(/No agent can run this yet/)).toBeNull();
    fireEvent.change(screen.getByLabelText("Role"), { target: { value: "test-writer" } });
    expect(await screen.findByText(/No agent can run this yet: no agent profile is set up/)).toBeTruthy();
    expect(ipc.agentReadiness).toHaveBeenCalledWith("p1", "test-writer", null);
    expect(screen.getByRole("button", { name: "Set up an agent" })).toBeTruthy();
    expect(ipc.addTask).not.toHaveBeenCalled();
  });

  it("shows how long a running task has run and what its agent is doing", async () => {
    const running = task({ id: "t1", title: "Write tests", dispatch_status: "running", stage: "running" });
    serve([running]);
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
    const card = await screen.findByRole("button", { name: /Write tests/ });
    await waitFor(() => expect(card.textContent).toContain("tool: Edit"));
    expect(card.textContent).toMatch(/1 min 0[5-9] s · tool: Edit/);
  });
});
