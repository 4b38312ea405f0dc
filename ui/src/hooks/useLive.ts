import { useCallback, useEffect, useRef, useState } from "react";
import { CommandError, type DataKind, onChanged } from "../ipc";
import { subscription } from "./subscription";

export type Live<T> =
  | { kind: "loading" }
  | { kind: "ready"; data: T }
  | { kind: "failed"; error: CommandError };

/**
 * Loads `fetch` and loads it again whenever the core reports a change to one of the `kinds` of stored
 * data the screen shows (whoever made it: this window, the dispatch loop, the CLI), so screens stay
 * current without polling timers; agent activity itself (steps, phases) reaches the screens that show it
 * through `useActivity`, without refetching anything. `reload` refetches on demand after a user action.
 * At most one fetch is in flight: reloads asked for meanwhile become one more fetch after it.
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
    const stop = subscription(() =>
      onChanged((changed) => {
        const wanted = kindsRef.current;
        if (wanted === "any" || changed.some((k) => wanted.includes(k))) reload();
      }),
    );
    return () => {
      generation.current++;
      stop();
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);

  return { state, reload };
}
