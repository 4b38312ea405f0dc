import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { CommandError, ipc, type TaskDiff } from "../../ipc";
import { task, taskDetail } from "../../test-fixtures";
import { ReviewPanel } from "./ReviewPanel";

vi.mock("../../ipc", async (importOriginal) => {
  const actual = await importOriginal<typeof import("../../ipc")>();
  return {
    ...actual,
    ipc: {
      agentReadiness: vi.fn(() => Promise.resolve({ agent: "claude", path: "/usr/bin/claude", runnable: true, problem: null })),
      taskDiffView: vi.fn(),
      taskDiffFile: vi.fn(),
      taskWorkspace: vi.fn(() => Promise.reject(new Error("not needed here"))),
      mergeTask: vi.fn(),
      followupTask: vi.fn(),
      discardTask: vi.fn(),
    },
  };
});

const diff: TaskDiff = {
  task_id: "task-1",
  branch: "anpm/write-tests-task1",
  base: "main",
  from: "a".repeat(40),
  to: "b".repeat(40),
  files_changed: 2,
  additions: 2,
  deletions: 1,
  files: [
    {
      change: "modified",
      old_path: "src/lib.rs",
      new_path: "src/lib.rs",
      additions: 1,
      deletions: 1,
      binary: false,
      too_large: false,
      hunks_omitted: false,
      hunks: [
        {
          header: "@@ -1,2 +1,2 @@",
          old_start: 1,
          old_lines: 2,
          new_start: 1,
          new_lines: 2,
          lines: [
            { kind: "context", old_no: 1, new_no: 1, text: "fn main() {" },
            { kind: "removed", old_no: 2, new_no: null, text: "    old();" },
            { kind: "added", old_no: null, new_no: 2, text: "    new();" },
          ],
        },
      ],
    },
    { change: "added", old_path: null, new_path: "logo.png", additions: 0, deletions: 0, binary: true, too_large: false, hunks_omitted: false, hunks: [] },
  ],
};

describe("ReviewPanel", () => {
  it("opens a large change with the first files unfolded and fetches a folded file's lines when unfolded", async () => {
    const many: TaskDiff = {
      ...diff,
      files: Array.from({ length: 12 }, (_, i) => ({
        ...diff.files[0]!,
        old_path: `src/m${i}.rs`,
        new_path: `src/m${i}.rs`,
        hunks: i < 8 ? diff.files[0]!.hunks : [],
        hunks_omitted: i >= 8,
      })),
    };
    vi.mocked(ipc.taskDiffView).mockResolvedValue(many);
    vi.mocked(ipc.taskDiffFile).mockResolvedValue({ ...diff.files[0]!, old_path: "src/m11.rs", new_path: "src/m11.rs" });
    render(<ReviewPanel detail={taskDetail(task({ review_status: "in_review", dispatch_status: "completed" }))} onChanged={vi.fn()} />);
    await screen.findByText("src/m0.rs");
    expect(ipc.taskDiffView).toHaveBeenCalledWith("task-1", 8);
    const folded = (await screen.findByText("src/m11.rs")).closest("details") as HTMLDetailsElement;
    expect(folded.open).toBe(false);
    expect(folded.querySelector("table")).toBeNull();
    folded.open = true;
    fireEvent(folded, new Event("toggle"));
    await waitFor(() => expect(ipc.taskDiffFile).toHaveBeenCalledWith("task-1", "src/m11.rs"));
    await waitFor(() => expect(folded.querySelector("table")).not.toBeNull());
  });

  it("keeps only the files in view of a long change in the page", async () => {
    const long: TaskDiff = {
      ...diff,
      files_changed: 500,
      files: Array.from({ length: 500 }, (_, i) => ({
        ...diff.files[0]!,
        old_path: `src/g${i}.rs`,
        new_path: `src/g${i}.rs`,
        hunks: i < 8 ? diff.files[0]!.hunks : [],
        hunks_omitted: i >= 8,
      })),
    };
    vi.mocked(ipc.taskDiffView).mockResolvedValue(long);
    // jsdom lays nothing out: the scroll box and each file report a size as a window would.
    const sized = (name: string, px: number) =>
      function (this: HTMLElement) {
        return this.classList.contains(name) ? px : 0;
      };
    const height = vi.spyOn(HTMLElement.prototype, "clientHeight", "get").mockImplementation(sized("diff-files", 600));
    const width = vi.spyOn(HTMLElement.prototype, "clientWidth", "get").mockImplementation(sized("diff-files", 800));
    const row = vi.spyOn(HTMLElement.prototype, "offsetHeight", "get").mockImplementation(sized("diff-window-row", 30));
    const { container } = render(
      <ReviewPanel detail={taskDetail(task({ review_status: "in_review", dispatch_status: "completed" }))} onChanged={vi.fn()} />,
    );
    await screen.findByText("src/g0.rs");
    const box = container.querySelector(".diff-files") as HTMLElement;
    expect(box.dataset.files).toBe("500");
    const inPage = container.querySelectorAll("details.diff-file").length;
    expect(inPage).toBeGreaterThan(0);
    expect(inPage).toBeLessThan(50);
    expect(screen.queryByText("src/g499.rs")).toBeNull();
    for (const spy of [height, width, row]) spy.mockRestore();
  });

  it("shows the branch's change, unified and side by side, and guards binary files", async () => {
    vi.mocked(ipc.taskDiffView).mockResolvedValue(diff);
    render(<ReviewPanel detail={taskDetail(task({ review_status: "in_review", dispatch_status: "completed" }))} onChanged={vi.fn()} />);
    expect(await screen.findByText(/2 file\(s\)/)).toBeTruthy();
    const cell = (text: string) => screen.getAllByText((_, node) => node?.tagName === "TD" && node.textContent === text);
    expect(cell("+    new();")).toHaveLength(1);
    expect(screen.getByText("Binary file: not shown.")).toBeTruthy();
    // Coloured by file type in the frames after it is drawn: `fn` in a .rs file is a keyword.
    await waitFor(() => expect(screen.getAllByText("fn").find((node) => node.className === "hljs-keyword")).toBeTruthy());
    fireEvent.click(screen.getByLabelText("Side by side"));
    const added = screen.getAllByText((_, node) => node?.tagName === "TD" && node.textContent === "    new();");
    expect(added[0]?.className).toContain("diff-added");
  });

  it("merges with the chosen strategy, and names the dirty files when the checkout refuses", async () => {
    vi.mocked(ipc.taskDiffView).mockResolvedValue(diff);
    const onChanged = vi.fn();
    vi.mocked(ipc.mergeTask)
      .mockRejectedValueOnce(
        new CommandError({
          code: "working_tree_dirty",
          message: "/src/shop has uncommitted changes to a file that the merge would touch: src/lib.rs",
        }),
      )
      .mockResolvedValueOnce({ task: task({ review_status: "merged", status: "done" }), review_status: "merged", commit: "c".repeat(40), conflicts: [], merged_first: [] });
    render(<ReviewPanel detail={taskDetail(task({ review_status: "in_review", dispatch_status: "completed" }))} onChanged={onChanged} />);
    await screen.findByText(/2 file\(s\)/);
    fireEvent.change(screen.getByLabelText("Strategy"), { target: { value: "squash" } });
    fireEvent.click(screen.getByRole("button", { name: "Merge into main" }));
    expect((await screen.findByRole("alert")).textContent).toContain("Not merged: /src/shop has uncommitted changes");
    expect(ipc.mergeTask).toHaveBeenCalledWith("task-1", "squash");
    expect(onChanged).not.toHaveBeenCalled();
    fireEvent.click(screen.getByRole("button", { name: "Merge into main" }));
    await waitFor(() => expect(onChanged).toHaveBeenCalled());
  });

  it("sends feedback back to the agent, and offers the conflict remedy", async () => {
    vi.mocked(ipc.taskDiffView).mockResolvedValue(diff);
    vi.mocked(ipc.followupTask).mockResolvedValue(task({ dispatch_status: "queued" }));
    const onChanged = vi.fn();
    render(<ReviewPanel detail={taskDetail(task({ review_status: "conflict", dispatch_status: "completed" }))} onChanged={onChanged} />);
    await screen.findByText(/2 file\(s\)/);
    expect(screen.getByText(/conflicts with its base; nothing was merged/)).toBeTruthy();
    const send = screen.getByRole("button", { name: "Send back to the agent" }) as HTMLButtonElement;
    expect(send.disabled).toBe(true);
    fireEvent.change(screen.getByLabelText("Feedback for the agent"), { target: { value: "Rebase and resolve" } });
    fireEvent.click(send);
    await waitFor(() => expect(ipc.followupTask).toHaveBeenCalledWith("task-1", "Rebase and resolve"));
    await waitFor(() => expect(onChanged).toHaveBeenCalled());
  });
});
