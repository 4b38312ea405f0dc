import { renderHook, waitFor } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { type TerminalChunk, watchTaskOutput } from "../ipc";
import { useTaskOutput } from "./useTaskOutput";

vi.mock("../ipc", async (importOriginal) => {
  const actual = await importOriginal<typeof import("../ipc")>();
  return { ...actual, watchTaskOutput: vi.fn() };
});

describe("useTaskOutput", () => {
  it("writes the tail and live chunks, reports skipped bytes, marks the end, and stops on unmount", async () => {
    let send: (chunk: TerminalChunk) => void = () => undefined;
    const stop = vi.fn();
    vi.mocked(watchTaskOutput).mockImplementation((_id, handler) => {
      send = handler;
      return Promise.resolve({ running: true, stop });
    });
    const writer = { write: vi.fn(), ended: vi.fn() };
    const { unmount } = renderHook(() => useTaskOutput("task-1", 1, writer));
    await waitFor(() => expect(watchTaskOutput).toHaveBeenCalledWith("task-1", expect.any(Function)));
    send({ kind: "output", text: "compiling…\r\n" });
    send({ kind: "skipped", bytes: 4096 });
    send({ kind: "ended" });
    expect(writer.write).toHaveBeenNthCalledWith(1, "compiling…\r\n");
    expect(writer.write.mock.calls[1]?.[0]).toContain("4096 bytes skipped");
    expect(writer.ended).toHaveBeenCalledOnce();
    await waitFor(() => expect(stop).not.toHaveBeenCalled());
    unmount();
    expect(stop).toHaveBeenCalledOnce();
  });

  it("resubscribes when a requeued task starts a new attempt", async () => {
    vi.mocked(watchTaskOutput).mockClear();
    vi.mocked(watchTaskOutput).mockResolvedValue({ running: true, stop: vi.fn() });
    const writer = { write: vi.fn(), ended: vi.fn() };
    const { rerender } = renderHook(({ attempt }) => useTaskOutput("task-1", attempt, writer), {
      initialProps: { attempt: 1 },
    });
    rerender({ attempt: 2 });
    await waitFor(() => expect(watchTaskOutput).toHaveBeenCalledTimes(2));
  });
});
