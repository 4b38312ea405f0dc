import { useCallback, useEffect, useRef, useState } from "react";
import { type Activity, CommandError, type DataKind, onActivity, onChanged } from "../ipc";

/**
 * True when `batch` moves some runner to another phase than `seen` last recorded (and records it). Only
 * a phase change can change stored state (a task claimed, finished, a run done); a new step of a running
 * agent cannot, so it is no reason to refetch.
 */
export function movesAPhase(seen: Map<string, string>, batch: Activity[]): boolean {
  let moved = false;
  for (const a of batch) {
    if (seen.get(a.runner_id) !== a.phase) moved = true;
    seen.set(a.runner_id, a.phase);
  }
  return moved;
}

export type Live<T> =
  | { kind: "loading" }
  | { kind: "ready"; data: T }
  | { kind: "failed"; error: CommandError };

/**
 * Loads `fetch` and loads it again whenever the core reports a phase change (a task moved, a run
 * finished) or a change to one of the `kinds` of stored data the screen shows (whoever made it: this
 * window, the dispatch loop, the CLI), so screens stay current without polling timers. `reload` refetches
 * on demand after a user action. At most one fetch is in flight: reloads asked for meanwhile become one
 * more fetch after it, so a burst of activity costs two fetches, not one per event.
 */
export function useLive<T>(
  fetch: () => Promise<T>,
  deps: unknown[],
  kinds: DataKind[] | "any" = "any",
): { state: Live<T>; reload: () => void } {
  const kindsRef = useRef(kinds);
  kindsRef.current = kinds;
  const [state, setState] = useState<Live<T>>({ kind: "loading" });
  const fetchRef = useRef(fetch);
  fetchRef.current = fetch;
  const generation = useRef(0);
  const inFlight = useRef(false);
  const again = useRef(false);

  const reload = useCallback(() => {
    if (inFlight.current) {
      again.current = true;
      return;
    }
    inFlight.current = true;
    const mine = ++generation.current;
    const settle = () => {
      // A newer generation (new deps, unmount) has reset the flags itself.
      if (mine !== generation.current) return;
      inFlight.current = false;
      if (again.current) {
        again.current = false;
        reload();
      }
    };
    fetchRef
      .current()
      .then((data) => mine === generation.current && setState({ kind: "ready", data }))
      .catch((error: unknown) => {
        if (mine !== generation.current) return;
        const failure = error instanceof CommandError ? error : new CommandError({ code: "io", message: String(error) });
        setState({ kind: "failed", error: failure });
      })
      .finally(settle);
  }, []);

  useEffect(() => {
    // New deps: whatever was in flight belongs to the old ones.
    inFlight.current = false;
    again.current = false;
    reload();
    let unlisten: (() => void) | undefined;
    let live = true;
    const seen = new Map<string, string>();
    onActivity((batch) => movesAPhase(seen, batch) && reload())
      .then((stop) => (live ? (unlisten = stop) : stop()))
      .catch(() => undefined);
    let unlistenChanges: (() => void) | undefined;
    onChanged((changed) => {
      const wanted = kindsRef.current;
      if (wanted === "any" || changed.some((k) => wanted.includes(k))) reload();
    })
      .then((stop) => (live ? (unlistenChanges = stop) : stop()))
      .catch(() => undefined);
    return () => {
      live = false;
      generation.current++;
      unlisten?.();
      unlistenChanges?.();
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);

  return { state, reload };
}
