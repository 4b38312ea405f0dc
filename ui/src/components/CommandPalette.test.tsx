import { fireEvent, render, screen } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { matching, type PaletteCommand } from "../app/commands";
import { opensPalette } from "../App";
import { CommandPalette } from "./CommandPalette";

const commands = (runs: Record<string, () => void>): PaletteCommand[] => [
  { id: "tasks-new", group: "Tasks", title: "New task", run: runs.newTask ?? vi.fn() },
  { id: "go-tasks", group: "Go to", title: "Tasks", keys: "Alt+3", run: runs.goTasks ?? vi.fn() },
  { id: "go-settings", group: "Go to", title: "Settings", keys: "Alt+6", run: runs.goSettings ?? vi.fn() },
  { id: "dispatch-pause", group: "Dispatch", title: "Pause dispatch", run: vi.fn() },
];

describe("the command palette", () => {
  it("opens on Ctrl+K and Cmd+K only", () => {
    expect(opensPalette({ ctrlKey: true, metaKey: false, altKey: false, key: "k" })).toBe(true);
    expect(opensPalette({ ctrlKey: false, metaKey: true, altKey: false, key: "K" })).toBe(true);
    expect(opensPalette({ ctrlKey: false, metaKey: false, altKey: false, key: "k" })).toBe(false);
    expect(opensPalette({ ctrlKey: true, metaKey: false, altKey: true, key: "k" })).toBe(false);
  });

  it("matches every typed word against group and title, titles starting with the first word first", () => {
    const all = commands({});
    expect(matching(all, "go set").map((c) => c.id)).toEqual(["go-settings"]);
    expect(matching(all, "task").map((c) => c.id)).toEqual(["go-tasks", "tasks-new"]);
    expect(matching(all, "nothing here")).toEqual([]);
    expect(matching(all, "  ")).toHaveLength(4);
  });

  it("moves with the arrows, runs with Enter, and gives focus back on Esc", async () => {
    const goSettings = vi.fn();
    const before = document.createElement("button");
    document.body.appendChild(before);
    before.focus();
    const onClose = vi.fn();
    const { unmount } = render(<CommandPalette commands={commands({ goSettings })} onClose={onClose} />);
    const input = screen.getByRole("combobox", { name: "Type a command" });
    expect(document.activeElement).toBe(input);
    fireEvent.change(input, { target: { value: "go" } });
    expect(screen.getAllByRole("option").map((o) => o.textContent)).toEqual(["TasksAlt+3", "SettingsAlt+6"]);
    fireEvent.keyDown(input, { key: "ArrowDown" });
    const active = screen.getByRole("option", { selected: true });
    expect(active.textContent).toContain("Settings");
    expect(input.getAttribute("aria-activedescendant")).toBe(active.id);
    fireEvent.keyDown(input, { key: "Enter" });
    expect(onClose).toHaveBeenCalledTimes(1);
    await new Promise((r) => requestAnimationFrame(() => r(null)));
    expect(goSettings).toHaveBeenCalledTimes(1);
    fireEvent.keyDown(input, { key: "Escape" });
    expect(onClose).toHaveBeenCalledTimes(2);
    unmount();
    expect(document.activeElement).toBe(before);
  });

  it("says so when nothing matches", () => {
    render(<CommandPalette commands={commands({})} onClose={vi.fn()} />);
    fireEvent.change(screen.getByRole("combobox"), { target: { value: "zzz" } });
    expect(screen.getByText("No command matches “zzz”.")).toBeTruthy();
  });
});
