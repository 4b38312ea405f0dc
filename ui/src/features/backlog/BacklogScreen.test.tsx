import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { ipc } from "../../ipc";
import { item, role } from "../../test-fixtures";
import { BacklogScreen } from "./BacklogScreen";

vi.mock("../../ipc", async (importOriginal) => {
  const actual = await importOriginal<typeof import("../../ipc")>();
  return {
    ...actual,
    onActivity: vi.fn(() => Promise.resolve(() => undefined)),
    ipc: { listBacklog: vi.fn(), addBacklogItem: vi.fn(), commitBacklogItem: vi.fn(), startWhatsNext: vi.fn() },
  };
});

describe("BacklogScreen", () => {
  beforeEach(() => {
    vi.mocked(ipc.listBacklog).mockReset();
    vi.mocked(ipc.commitBacklogItem).mockReset();
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
});
