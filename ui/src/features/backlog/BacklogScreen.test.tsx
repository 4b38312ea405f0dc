import { act, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { CommandError, ipc } from "../../ipc";
import { item, role } from "../../test-fixtures";
import { parseLabels } from "./BacklogDrawer";
import { type BacklogFilters, BacklogScreen, filterBacklog, rankMove } from "./BacklogScreen";

const changeHandlers: Array<(kinds: string[]) => void> = [];
/** The core announcing that backlog items changed (say, the CLI added one): the list refetches. */
function emitBacklogChange() {
  for (const handler of changeHandlers) handler(["backlog_items"]);
}

vi.mock("../../ipc", async (importOriginal) => {
  const actual = await importOriginal<typeof import("../../ipc")>();
  return {
    ...actual,
    onActivity: vi.fn(() => Promise.resolve(() => undefined)),
    onChanged: vi.fn((handler: (kinds: string[]) => void) => {
      changeHandlers.push(handler);
      return Promise.resolve(() => {
        changeHandlers.splice(changeHandlers.indexOf(handler), 1);
      });
    }),
    ipc: {
      agentReadiness: vi.fn(() => Promise.resolve({ agent: "claude", path: "/usr/bin/claude", runnable: true, problem: null })),
      listBacklog: vi.fn(),
      addBacklogItem: vi.fn(),
      editBacklogItem: vi.fn(),
      commitBacklogItem: vi.fn(),
      startWhatsNext: vi.fn(),
      itemDependencies: vi.fn((id: string) => Promise.resolve({ item_id: id, depends_on: [], dependents: [] })),
    },
  };
});

describe("BacklogScreen", () => {
  beforeEach(() => {
    vi.mocked(ipc.listBacklog).mockReset();
    vi.mocked(ipc.commitBacklogItem).mockReset();
    vi.mocked(ipc.editBacklogItem).mockReset();
    vi.mocked(ipc.addBacklogItem).mockReset();
  });

  it("shows focus counts and marks urgent apart from high", async () => {
    vi.mocked(ipc.listBacklog).mockResolvedValue([
      item({ id: "a", priority: "urgent", title: "Outage" }),
      item({ id: "b", priority: "high", status: "blocked", title: "Slow page" }),
      item({ id: "c", status: "committed", task_id: "t", title: "Done deal" }),
    ]);
    render(<BacklogScreen projectId="p1" roles={[role("test-writer")]} onPlan={vi.fn()} />);
    expect(await screen.findByText("Outage")).toBeTruthy();
    const strip = screen.getByLabelText("Backlog focus");
    expect(strip.textContent).toContain("1 urgent open");
    expect(strip.textContent).toContain("1 blocked");
    expect(strip.textContent).toContain("1 committed");
    const badge = (text: string) => screen.getAllByText(text).find((el) => el.classList.contains("badge"));
    expect(badge("urgent")?.className).toContain("badge-priority-urgent");
    expect(badge("high")?.className).toContain("badge-priority-high");
  });

  it("commits an item with the chosen role", async () => {
    vi.mocked(ipc.listBacklog).mockResolvedValue([item({ id: "a", title: "Outage" })]);
    vi.mocked(ipc.commitBacklogItem).mockResolvedValue({} as never);
    render(<BacklogScreen projectId="p1" roles={[role("test-writer")]} onPlan={vi.fn()} />);
    fireEvent.change(await screen.findByLabelText("Role for Outage"), { target: { value: "test-writer" } });
    fireEvent.click(screen.getByText("Commit"));
    await waitFor(() => expect(ipc.commitBacklogItem).toHaveBeenCalledWith("a", "test-writer"));
  });

  it("offers a way forward when the backlog is empty", async () => {
    vi.mocked(ipc.listBacklog).mockResolvedValue([]);
    render(<BacklogScreen projectId="p1" roles={[]} onPlan={vi.fn()} />);
    expect(await screen.findByText(/The backlog is empty/)).toBeTruthy();
  });

  it("offers exactly three ways into an empty backlog; What's next starts a run and opens planning", async () => {
    vi.mocked(ipc.listBacklog).mockResolvedValue([]);
    vi.mocked(ipc.startWhatsNext).mockResolvedValue({} as never);
    const onPlan = vi.fn();
    render(<BacklogScreen projectId="p1" roles={[]} onPlan={onPlan} />);
    const empty = await screen.findByLabelText("Empty backlog");
    const offers = Array.from(empty.querySelectorAll("button")).map((b) => b.textContent);
    expect(offers).toEqual(["Add an item", "Plan from a requirement", 'Run "What\'s next"']);
    fireEvent.click(screen.getByText("Add an item"));
    expect(document.activeElement).toBe(screen.getByLabelText("New item"));
    fireEvent.click(screen.getByText('Run "What\'s next"'));
    await waitFor(() => expect(onPlan).toHaveBeenCalledOnce());
    expect(ipc.startWhatsNext).toHaveBeenCalledWith("p1");
  });

  it("creates an item with every field from the drawer, labels parsed", async () => {
    vi.mocked(ipc.listBacklog).mockResolvedValue([item({ id: "a", title: "Outage" })]);
    vi.mocked(ipc.addBacklogItem).mockResolvedValue(item({ id: "n", title: "Audit log" }));
    render(<BacklogScreen projectId="p1" roles={[]} onPlan={vi.fn()} />);
    fireEvent.click(await screen.findByText("More fields…"));
    const drawer = screen.getByRole("complementary", { name: "New backlog item" });
    const d = within(drawer);
    expect(document.activeElement).toBe(d.getByLabelText("Title"));
    fireEvent.change(d.getByLabelText("Title"), { target: { value: "Audit log" } });
    fireEvent.change(d.getByLabelText("Status"), { target: { value: "blocked" } });
    fireEvent.change(d.getByLabelText("Blocked because"), { target: { value: "waiting on legal" } });
    fireEvent.change(d.getByLabelText("Labels, comma-separated"), { target: { value: "security, ,Security, audit" } });
    fireEvent.change(d.getByLabelText("Rank"), { target: { value: "3" } });
    fireEvent.click(d.getByText("Create"));
    await waitFor(() =>
      expect(ipc.addBacklogItem).toHaveBeenCalledWith("p1", {
        title: "Audit log",
        description: "",
        priority: "medium",
        status: "blocked",
        blockedReason: "waiting on legal",
        labels: ["security", "audit"],
        acceptanceCriteria: "",
        rank: 3,
      }),
    );
    await waitFor(() => expect(drawer.isConnected).toBe(false));
  });

  it("edits an item, keeps a committed item's title, and shows the core's refusal", async () => {
    vi.mocked(ipc.listBacklog).mockResolvedValue([
      item({ id: "a", title: "Outage", labels: ["ops"] }),
      item({ id: "c", title: "Done deal", status: "committed", task_id: "t" }),
    ]);
    render(<BacklogScreen projectId="p1" roles={[]} onPlan={vi.fn()} />);
    const opener = await screen.findByRole("button", { name: "Done deal" });
    opener.focus();
    fireEvent.click(opener);
    const committed = within(screen.getByRole("complementary", { name: "Edit Done deal" }));
    expect((committed.getByLabelText("Title") as HTMLInputElement).readOnly).toBe(true);
    // A refresh of the list behind the drawer leaves the focus where the operator put it.
    committed.getByLabelText("Acceptance criteria").focus();
    const loads = vi.mocked(ipc.listBacklog).mock.calls.length;
    await act(async () => emitBacklogChange());
    expect(vi.mocked(ipc.listBacklog).mock.calls.length).toBe(loads + 1);
    expect(document.activeElement).toBe(committed.getByLabelText("Acceptance criteria"));
    fireEvent.keyDown(window, { key: "Escape" });
    expect(screen.queryByRole("complementary")).toBeNull();
    expect(document.activeElement).toBe(opener);

    fireEvent.click(screen.getByRole("button", { name: "Outage" }));
    const d = within(screen.getByRole("complementary", { name: "Edit Outage" }));
    fireEvent.change(d.getByLabelText("Rank"), { target: { value: "1.5" } });
    fireEvent.click(d.getByText("Save"));
    expect((await d.findByRole("alert")).textContent).toContain("rank");
    expect(ipc.editBacklogItem).not.toHaveBeenCalled();

    vi.mocked(ipc.editBacklogItem).mockRejectedValueOnce(
      new CommandError({ code: "invalid_input", message: "title must not be empty" }),
    );
    fireEvent.change(d.getByLabelText("Rank"), { target: { value: "1" } });
    fireEvent.change(d.getByLabelText("Title"), { target: { value: " " } });
    fireEvent.change(d.getByLabelText("Priority"), { target: { value: "urgent" } });
    fireEvent.submit(d.getByLabelText("Title").closest("form") as HTMLFormElement);
    await waitFor(() => expect(d.getByRole("alert").textContent).toBe("title must not be empty"));
    expect(d.getByRole("alert").dataset.code).toBe("invalid_input");
    expect(ipc.editBacklogItem).toHaveBeenCalledWith("a", {
      labels: ["ops"],
      acceptanceCriteria: "",
      clearLabels: true,
      title: " ",
      description: "",
      priority: "urgent",
      status: "ready",
    });
  });

  it("filters by text, status, priority and label, and moves ranks only when nothing is hidden", async () => {
    vi.mocked(ipc.listBacklog).mockResolvedValue([
      item({ id: "a", title: "Outage", rank: 1, labels: ["ops"] }),
      item({ id: "b", title: "Slow page", rank: 2, priority: "high" }),
    ]);
    vi.mocked(ipc.editBacklogItem).mockResolvedValue(item({}));
    render(<BacklogScreen projectId="p1" roles={[]} onPlan={vi.fn()} />);
    fireEvent.click(await screen.findByRole("button", { name: "Move Slow page up" }));
    await waitFor(() => expect(ipc.editBacklogItem).toHaveBeenCalledTimes(2));
    expect(ipc.editBacklogItem).toHaveBeenCalledWith("b", { rank: 1, clearLabels: false, labels: [] });
    expect(ipc.editBacklogItem).toHaveBeenCalledWith("a", { rank: 2, clearLabels: false, labels: [] });

    fireEvent.change(within(screen.getByRole("search")).getByLabelText("Label"), { target: { value: "ops" } });
    expect(screen.queryByText("Slow page")).toBeNull();
    expect(screen.queryByRole("button", { name: "Move Outage down" })).toBeNull();
    fireEvent.click(screen.getByText("Clear (1 of 2)"));
    expect(screen.getByText("Slow page")).toBeTruthy();
  });
});

describe("backlog helpers", () => {
  const items = [
    item({ id: "a", title: "Outage", rank: 1, labels: ["Ops"], description: "pager fires" }),
    item({ id: "b", title: "Slow page", rank: 1, priority: "high", status: "blocked" }),
    item({ id: "c", title: "Docs", rank: 5 }),
  ];
  const none: BacklogFilters = { status: "", priority: "", label: "", text: "" };

  it("filters on every field, text across title, description and labels", () => {
    expect(filterBacklog(items, { ...none, text: "PAGER" }).map((i) => i.id)).toEqual(["a"]);
    expect(filterBacklog(items, { ...none, text: "ops" }).map((i) => i.id)).toEqual(["a"]);
    expect(filterBacklog(items, { ...none, label: "ops" }).map((i) => i.id)).toEqual(["a"]);
    expect(filterBacklog(items, { ...none, status: "blocked", priority: "high" }).map((i) => i.id)).toEqual(["b"]);
    expect(filterBacklog(items, none)).toHaveLength(3);
  });

  it("swaps ranks with a neighbour, or renumbers the list when they share a rank", () => {
    expect(rankMove(items, 2, -1)).toEqual([["c", 1], ["b", 5]]);
    // a=1, b=1, c=5: b up → b, a, c = 1, 2, 3 (b keeps 1).
    expect(rankMove(items, 1, -1)).toEqual([["a", 2], ["c", 3]]);
    expect(rankMove(items, 0, 1)).toEqual([["a", 2], ["c", 3]]);
    expect(rankMove(items, 0, -1)).toEqual([]);
    // The reviewer's case: A=1, B=2, C=2; C up lands between A and B, not above A.
    const tied = [item({ id: "A", rank: 1 }), item({ id: "B", rank: 2 }), item({ id: "C", rank: 2 })];
    expect(rankMove(tied, 2, -1)).toEqual([["B", 3]]);
  });

  it("parses labels: trimmed, empty dropped, repeats ignoring case dropped", () => {
    expect(parseLabels(" ui, Backend ,ui,, backend ")).toEqual(["ui", "Backend"]);
    expect(parseLabels("")).toEqual([]);
  });

  it("draws only the rows in view of a long backlog", async () => {
    const many = Array.from({ length: 1000 }, (_, i) => item({ id: `b${i}`, title: `Item ${i}`, rank: i + 1 }));
    vi.mocked(ipc.listBacklog).mockResolvedValue(many);
    const sized = (px: number) =>
      function (this: HTMLElement) {
        return this.classList.contains("backlog-scroller") ? px : 0;
      };
    const spies = [
      vi.spyOn(HTMLElement.prototype, "clientHeight", "get").mockImplementation(sized(450)),
      vi.spyOn(HTMLElement.prototype, "clientWidth", "get").mockImplementation(sized(800)),
      // Rows measure as a laid-out row would (jsdom lays nothing out, so every row would be 0 px).
      vi.spyOn(HTMLElement.prototype, "offsetHeight", "get").mockImplementation(function (this: HTMLElement) {
        return this.tagName === "TR" ? 45 : 0;
      }),
    ];
    try {
      render(<BacklogScreen projectId="p1" roles={[]} onPlan={vi.fn()} />);
      await waitFor(() => expect(document.querySelectorAll("tbody tr[data-index]").length).toBeGreaterThan(0), { timeout: 3000 });
      expect(screen.getByText("Item 0")).toBeTruthy();
      const drawn = document.querySelectorAll("tbody tr[data-index]").length;
      expect(drawn).toBeGreaterThan(5);
      expect(drawn).toBeLessThan(60);
      expect(screen.queryByText("Item 999")).toBeNull();
      // The focus strip still counts every item, not only the drawn ones.
      expect(screen.getByRole("list", { name: "Backlog focus" }).textContent).toContain("0 committed");
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
  });
});
