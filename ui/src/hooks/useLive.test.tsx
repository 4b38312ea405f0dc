import { act, renderHook, waitFor } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { type Activity, type DataKind, onActivity, onChanged } from "../ipc";
import { formatElapsed, parseTimestamp } from "./useActivity";
import { movesAPhase, useLive } from "./useLive";

vi.mock("../ipc", async (importOriginal) => {
  const actual = await importOriginal<typeof import("../ipc")>();
  return { ...actual, onActivity: vi.fn(), onChanged: vi.fn(() => Promise.resolve(() => undefined)) };
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

describe("movesAPhase", () => {
  it("is true for a runner's first update and for phase changes, not for new steps", () => {
    const seen = new Map<string, string>();
    expect(movesAPhase(seen, [update("a", "dispatching", "tool: Read")])).toBe(true);
    expect(movesAPhase(seen, [update("a", "dispatching", "tool: Edit")])).toBe(false);
    expect(movesAPhase(seen, [update("a", "dispatching", "x"), update("b", "claiming_task", "claim")])).toBe(true);
    expect(movesAPhase(seen, [update("a", "idle", "completed")])).toBe(true);
  });
});

describe("useLive", () => {
  it("refetches on phase changes only, and a burst during a fetch costs one more fetch", async () => {
    let emit: (batch: Activity[]) => void = () => undefined;
    vi.mocked(onActivity).mockImplementation((handler) => {
      emit = handler;
      return Promise.resolve(() => undefined);
    });
    const pending: Array<(n: number) => void> = [];
    const fetch = vi.fn(() => new Promise<number>((resolve) => pending.push(resolve)));
    const { result } = renderHook(() => useLive(fetch, []));
    await waitFor(() => expect(onActivity).toHaveBeenCalled());
    expect(fetch).toHaveBeenCalledTimes(1);
    await act(async () => pending.shift()?.(1));
    expect(result.current.state).toEqual({ kind: "ready", data: 1 });

    act(() => emit([update("a", "dispatching", "render")]));
    expect(fetch).toHaveBeenCalledTimes(2);
    // While that fetch runs: steps are ignored, phase changes pile into a single follow-up fetch.
    act(() => {
      emit([update("a", "dispatching", "tool: Read")]);
      emit([update("a", "submitting", "checking")]);
      emit([update("a", "idle", "completed")]);
    });
    expect(fetch).toHaveBeenCalledTimes(2);
    await act(async () => pending.shift()?.(2));
    expect(fetch).toHaveBeenCalledTimes(3);
    await act(async () => pending.shift()?.(3));
    expect(result.current.state).toEqual({ kind: "ready", data: 3 });
    act(() => emit([update("a", "idle", "still idle")]));
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

describe("useLive and stored changes", () => {
  it("refetches when a kind it shows changed, wherever the change came from, and ignores other kinds", async () => {
    vi.mocked(onActivity).mockImplementation(() => Promise.resolve(() => undefined));
    let changed: (kinds: DataKind[]) => void = () => undefined;
    vi.mocked(onChanged).mockImplementation((handler) => {
      changed = handler;
      return Promise.resolve(() => undefined);
    });
    let n = 0;
    const fetch = vi.fn(() => Promise.resolve(++n));
    const { result } = renderHook(() => useLive(fetch, [], ["backlog_items"]));
    await waitFor(() => expect(result.current.state).toEqual({ kind: "ready", data: 1 }));
    await waitFor(() => expect(onChanged).toHaveBeenCalled());
    act(() => changed(["tasks", "settings"]));
    expect(fetch).toHaveBeenCalledTimes(1);
    act(() => changed(["projects", "backlog_items"]));
    await waitFor(() => expect(result.current.state).toEqual({ kind: "ready", data: 2 }));
  });
});
