import { act, renderHook, waitFor } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { type Activity, type DataKind, onChanged } from "../ipc";
import { formatElapsed, parseTimestamp } from "./useActivity";
import { clearRecentChanges, recordPhaseChanges, useRecentChanges } from "./recentChanges";
import { useLive } from "./useLive";

vi.mock("../ipc", async (importOriginal) => {
  const actual = await importOriginal<typeof import("../ipc")>();
  return { ...actual, onChanged: vi.fn(() => Promise.resolve(() => undefined)) };
});

const update = (runner: string, phase: Activity["phase"], step: string): Activity => ({
  runner_id: runner,
  phase,
  subject_kind: "task",
  subject_id: runner,
  subject_title: runner,
  step,
  role_id: null,
  started_at: "2026-11-21T10:00:00.000000Z",
  updated_at: "2026-11-21T10:00:00.000000Z",
});

describe("recordPhaseChanges", () => {
  it("keeps a runner's first update and its phase changes, newest first, not its new steps", () => {
    clearRecentChanges();
    expect(recordPhaseChanges([update("a", "dispatching", "tool: Read")], 3)).toHaveLength(1);
    expect(recordPhaseChanges([update("a", "dispatching", "tool: Edit")], 3)).toHaveLength(0);
    recordPhaseChanges([update("a", "dispatching", "x"), update("b", "claiming_task", "claim")], 3);
    recordPhaseChanges([update("a", "idle", "completed"), update("b", "dispatching", "render")], 3);
    const { result } = renderHook(() => useRecentChanges());
    expect(result.current.map((a) => `${a.runner_id} ${a.phase}`)).toEqual(["b dispatching", "a idle", "b claiming_task"]);
  });
});

describe("useLive", () => {
  it("refetches when a kind it shows changed, and a burst during a fetch costs one more fetch", async () => {
    let changed: (kinds: DataKind[]) => void = () => undefined;
    vi.mocked(onChanged).mockImplementation((handler) => {
      changed = handler;
      return Promise.resolve(() => undefined);
    });
    const pending: Array<(n: number) => void> = [];
    const fetch = vi.fn(() => new Promise<number>((resolve) => pending.push(resolve)));
    const { result } = renderHook(() => useLive(fetch, [], ["tasks"]));
    await waitFor(() => expect(onChanged).toHaveBeenCalled());
    expect(fetch).toHaveBeenCalledTimes(1);
    await act(async () => pending.shift()?.(1));
    expect(result.current.state).toEqual({ kind: "ready", data: 1 });

    act(() => changed(["tasks"]));
    expect(fetch).toHaveBeenCalledTimes(2);
    // While that fetch runs: other kinds are ignored, its own kind piles into a single follow-up fetch.
    act(() => {
      changed(["projects"]);
      changed(["tasks", "settings"]);
      changed(["tasks"]);
    });
    expect(fetch).toHaveBeenCalledTimes(2);
    await act(async () => pending.shift()?.(2));
    expect(fetch).toHaveBeenCalledTimes(3);
    await act(async () => pending.shift()?.(3));
    expect(result.current.state).toEqual({ kind: "ready", data: 3 });
    act(() => changed(["agents"]));
    expect(fetch).toHaveBeenCalledTimes(3);
  });
});

describe("elapsed time", () => {
  it("formats seconds, minutes and hours, and reads microsecond timestamps", () => {
    expect(formatElapsed(45_000)).toBe("45 s");
    expect(formatElapsed(185_000)).toBe("3 min 05 s");
    expect(formatElapsed(3_720_000)).toBe("1 h 02 min");
    expect(formatElapsed(-5)).toBe("0 s");
    expect(parseTimestamp("2026-11-21T10:00:00.123456Z")).toBe(Date.UTC(2026, 10, 21, 10, 0, 0, 123));
  });
});
