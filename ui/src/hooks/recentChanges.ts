import { useSyncExternalStore } from "react";
import { type Activity, onActivity } from "../ipc";

/**
 * The recent-events feed: the last updates that moved a runner to another phase (a task claimed,
 * dispatched, submitted, finished; a plan started or done), newest first. Recorded from the start of
 * the app, outside React, so that keeping it costs no render anywhere; only the screen that shows it
 * re-renders when it grows.
 */

let recent: Activity[] = [];
const listeners = new Set<() => void>();
const phases = new Map<string, string>();

/** Keeps `batch`'s phase changes; returns them (oldest first). */
export function recordPhaseChanges(batch: Activity[], limit: number): Activity[] {
  const moved = batch.filter((a) => {
    const changed = phases.get(a.runner_id) !== a.phase;
    phases.set(a.runner_id, a.phase);
    return changed;
  });
  if (moved.length > 0) {
    recent = [...[...moved].reverse(), ...recent].slice(0, limit);
    for (const listener of listeners) listener();
  }
  return moved;
}

/** Starts recording (once, at app start). Returns the unsubscribe function. */
export function startRecentChanges(limit: number): Promise<() => void> {
  return onActivity((batch) => {
    recordPhaseChanges(batch, limit);
  });
}

/** Forgets everything recorded (tests). */
export function clearRecentChanges(): void {
  recent = [];
  phases.clear();
  for (const listener of listeners) listener();
}

/** The feed, re-rendering the caller when it grows. */
export function useRecentChanges(): Activity[] {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => recent,
  );
}
