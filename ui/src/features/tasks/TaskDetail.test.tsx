import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { OpenScreenContext } from "../../app/navigation";
import { ipc, type DispatchAttempt } from "../../ipc";
import { task, taskDetail } from "../../test-fixtures";
import { naturalTab, TaskDetailPanel } from "./TaskDetail";
import { ResultView } from "./ResultView";

vi.mock("../../ipc", async (importOriginal) => {
  const actual = await importOriginal<typeof import("../../ipc")>();
  return {
    ...actual,
    onChanged: vi.fn(() => Promise.resolve(() => undefined)),
    watchTaskOutput: vi.fn(() => Promise.resolve({ running: false, stop: vi.fn() })),
    ipc: {
      agentReadiness: vi.fn(() => Promise.resolve({ agent: "claude", path: "/usr/bin/claude", runnable: true, problem: null })),
      task: vi.fn(),
      taskAttempts: vi.fn(),
      taskLog: vi.fn(),
      listRoles: vi.fn(() => Promise.resolve([])),
      listAgents: vi.fn(() => Promise.resolve([])),
      runTask: vi.fn(),
      requeueTask: vi.fn(),
      cancelTask: vi.fn(),
    },
  };
});

function attempt(overrides: Partial<DispatchAttempt>): DispatchAttempt {
  return {
    id: "a1",
    task_id: "task-1",
    attempt_no: 1,
    agent_profile_id: null,
    agent_name: "claude",
    role: "test-writer",
    started_at: "2026-12-02T10:00:00Z",
    ended_at: "2026-12-02T10:00:12Z",
    pid: 1,
    pgid: 1,
    exit_code: 0,
    signal: null,
    outcome: "completed",
    error_kind: null,
    error_message: "",
    output_bytes: 10,
    truncated: false,
    cost_usd: 0.0123,
    input_tokens: 1200,
    output_tokens: 300,
    session_id: null,
    log_path: "/data/attempts/task-1/1/output.log",
    process_start_ticks: null,
    files_applied: 1,
    ...overrides,
  };
}

afterEach(() => vi.clearAllMocks());

describe("the task detail", () => {
  it("opens on what matters now: the run, the review, the result", () => {
    const none = { review_status: "none" as const, execution_result: null };
    expect(naturalTab({ ...none, dispatch_status: "running" })).toBe("terminal");
    expect(naturalTab({ ...none, dispatch_status: "completed", review_status: "in_review" })).toBe("changes");
    expect(naturalTab({ ...none, dispatch_status: "failed" })).toBe("terminal");
    expect(naturalTab({ ...none, dispatch_status: "completed", execution_result: { files: [] } })).toBe("result");
    expect(naturalTab({ ...none, dispatch_status: "none" })).toBe("terminal");
  });

  it("sums the attempts' tokens and cost and opens an attempt's log", async () => {
    const done = task({ dispatch_status: "completed", stage: "done" });
    vi.mocked(ipc.task).mockResolvedValue(
      taskDetail(done, { attempts: 2, last_attempt: attempt({ attempt_no: 2, id: "a2" }), execution_result: { files: [] } }),
    );
    vi.mocked(ipc.taskAttempts).mockResolvedValue([
      attempt({ attempt_no: 1, outcome: "failed", error_kind: "rate_limited", cost_usd: 0.01, input_tokens: 1000, output_tokens: 100 }),
      attempt({ attempt_no: 2, id: "a2", cost_usd: 0.02, input_tokens: 2000, output_tokens: 200 }),
    ]);
    vi.mocked(ipc.taskLog).mockResolvedValue({ task_id: "task-1", attempt_no: 1, path: "/data/attempts/task-1/1/output.log", text: "\u001b[31mlimit\u001b[0m\n" });
    render(<TaskDetailPanel id="task-1" onClose={vi.fn()} maximized={false} onMaximize={vi.fn()} />);
    expect((await screen.findByRole("tab", { name: "Result" })).getAttribute("aria-selected")).toBe("true");
    fireEvent.click(screen.getByRole("tab", { name: /Attempts/ }));
    const table = await screen.findByRole("table", { name: "Attempts" });
    const rows = table.querySelectorAll("tbody tr");
    // Newest first.
    expect(rows[0]?.textContent).toContain("2,000 in / 200 out");
    expect(rows[1]?.textContent).toContain("rate limited");
    expect(table.querySelector("tfoot")?.textContent).toContain("3,000 in / 300 out");
    expect(table.querySelector("tfoot")?.textContent).toContain("$0.0300");
    fireEvent.click(rows[1]!.querySelector("button")!);
    await waitFor(() => expect(ipc.taskLog).toHaveBeenCalledWith("task-1", 1));
    expect(await screen.findByRole("figure", { name: "Log of attempt 1" })).toBeTruthy();
  });

  it("points a missing agent CLI at Settings → Agents", async () => {
    const failed = task({ dispatch_status: "failed", stage: "failed" });
    vi.mocked(ipc.task).mockResolvedValue(
      taskDetail(failed, {
        attempts: 1,
        last_attempt: attempt({ outcome: "failed", error_kind: "cli_not_found", error_message: "no agent", log_path: null }),
        remediation: "Open Settings → Agents in the window",
      }),
    );
    const open = vi.fn();
    render(
      <OpenScreenContext.Provider value={open}>
        <TaskDetailPanel id="task-1" onClose={vi.fn()} maximized={false} onMaximize={vi.fn()} />
      </OpenScreenContext.Provider>,
    );
    const failure = (await screen.findByText(/no agent/)).closest<HTMLElement>(".failure");
    expect(failure?.textContent).toContain("Agent CLI not found");
    fireEvent.click(screen.getByRole("button", { name: "Set up an agent" }));
    expect(open).toHaveBeenCalledWith("settings", "settings-agents");
  });

  it("moves between its tabs with the arrow keys", async () => {
    vi.mocked(ipc.task).mockResolvedValue(taskDetail(task({}), {}));
    render(<TaskDetailPanel id="task-1" onClose={vi.fn()} maximized={false} onMaximize={vi.fn()} />);
    const terminal = await screen.findByRole("tab", { name: "Terminal" });
    expect(screen.getByText(/has not run yet/)).toBeTruthy();
    fireEvent.keyDown(terminal, { key: "ArrowRight" });
    expect(screen.getByRole("tab", { name: "Changes" }).getAttribute("aria-selected")).toBe("true");
    expect(screen.getByText(/No changes to review/)).toBeTruthy();
    fireEvent.keyDown(screen.getByRole("tab", { name: "Changes" }), { key: "ArrowLeft" });
    fireEvent.keyDown(screen.getByRole("tab", { name: "Terminal" }), { key: "ArrowLeft" });
    expect(screen.getByRole("tab", { name: /Attempts/ }).getAttribute("aria-selected")).toBe("true");
  });
});

describe("a role's result", () => {
  it("draws a reviewer's findings worst first, with location, scenario and fix", () => {
    render(
      <ResultView
        result={{
          findings: [
            { severity: "nit", category: "pattern-inconsistency", location: "a.rs:1", finding: "naming", fix: "rename" },
            { severity: "blocker", category: "correctness", location: "b.rs:9", finding: "overflow", scenario: "n = MAX", fix: "checked_add" },
          ],
          accept_with_changes: true,
        }}
      />,
    );
    const items = screen.getByRole("region", { name: "Findings (2)" }).querySelectorAll("li");
    expect(items[0]?.textContent).toContain("blocker");
    expect(items[0]?.textContent).toContain("b.rs:9");
    expect(items[0]?.textContent).toContain("When: n = MAX");
    expect(items[0]?.textContent).toContain("Fix: checked_add");
    expect(items[1]?.textContent).toContain("nit");
    expect(screen.getByText(/Acceptable once the findings are fixed/).textContent).toContain("yes");
  });

  it("draws a test writer's coverage matrix, its files and what it left untested; unknown fields stay visible", () => {
    render(
      <ResultView
        result={{
          files: [{ path: "tests/parse_test.rs", contents: "a\nb\nc", mode: "new" }],
          files_applied: 1,
          coverage_matrix: [{ scenario: "empty input", expected: "an error naming the field", why_it_matters: "silent defaults" }],
          not_tested: ["the network path"],
          changes: { files: 1, additions: 3, deletions: 0, branch: "anpm/task-1" },
          surprise: { kept: true },
        }}
      />,
    );
    const matrix = screen.getByRole("table", { name: "Coverage matrix" });
    expect(matrix.textContent).toContain("empty input");
    expect(matrix.textContent).toContain("silent defaults");
    expect(screen.getByRole("region", { name: "Files returned (1)" }).textContent).toContain("tests/parse_test.rs");
    expect(screen.getByRole("region", { name: "Files returned (1)" }).textContent).toContain("3 lines");
    expect(screen.getByRole("region", { name: "Not tested" }).textContent).toContain("the network path");
    expect(screen.getByText(/1 file\(s\) changed, \+3 −0 on anpm\/task-1/)).toBeTruthy();
    expect(screen.getByRole("region", { name: "Other fields" }).textContent).toContain('"kept": true');
  });
});

describe("a requeued task", () => {
  it("no longer shows its previous failure as its state", async () => {
    const queued = task({ dispatch_status: "queued", stage: "queued" });
    vi.mocked(ipc.task).mockResolvedValue(
      taskDetail(queued, {
        attempts: 1,
        last_attempt: attempt({ outcome: "cancelled", error_kind: "cancelled", error_message: "cancelled by the operator" }),
        remediation: "Requeue the task when you want it to run again.",
      }),
    );
    render(<TaskDetailPanel id="task-1" onClose={vi.fn()} maximized={false} onMaximize={vi.fn()} />);
    await screen.findByRole("tab", { name: "Terminal" });
    expect(screen.queryByText(/cancelled by the operator/)).toBeNull();
    expect(screen.queryByText(/Requeue the task when/)).toBeNull();
  });
});
