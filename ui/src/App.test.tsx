import { describe, expect, it } from "vitest";
import { tabAfterKey, tabForShortcut } from "./App";

describe("tab strip keys", () => {
  it("moves with the arrows, wraps at both ends, and jumps with Home and End", () => {
    expect(tabAfterKey("backlog", "ArrowRight")).toBe("planning");
    expect(tabAfterKey("backlog", "ArrowLeft")).toBe("settings");
    expect(tabAfterKey("settings", "ArrowRight")).toBe("backlog");
    expect(tabAfterKey("tasks", "Home")).toBe("backlog");
    expect(tabAfterKey("tasks", "End")).toBe("settings");
    expect(tabAfterKey("tasks", "Enter")).toBeNull();
  });
});

describe("tab shortcuts", () => {
  const key = (k: string, mods: Partial<{ altKey: boolean; ctrlKey: boolean; metaKey: boolean }> = {}) => ({
    altKey: true,
    ctrlKey: false,
    metaKey: false,
    key: k,
    ...mods,
  });
  it("maps Alt+1…Alt+7 to the tabs in order and ignores everything else", () => {
    expect(tabForShortcut(key("1"))).toBe("backlog");
    expect(tabForShortcut(key("3"))).toBe("tasks");
    expect(tabForShortcut(key("6"))).toBe("knowledge");
    expect(tabForShortcut(key("7"))).toBe("settings");
    expect(tabForShortcut(key("8"))).toBeNull();
    expect(tabForShortcut(key("0"))).toBeNull();
    expect(tabForShortcut(key("2", { altKey: false }))).toBeNull();
    expect(tabForShortcut(key("2", { ctrlKey: true }))).toBeNull();
  });
});
