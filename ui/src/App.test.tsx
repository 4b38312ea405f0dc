import { describe, expect, it } from "vitest";
import { tabAfterKey } from "./App";

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
