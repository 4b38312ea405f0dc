import { useCallback, useEffect, useRef, useState } from "react";
import { CommandError, onActivity } from "../ipc";

export type Live<T> =
  | { kind: "loading" }
  | { kind: "ready"; data: T }
  | { kind: "failed"; error: CommandError };

/**
 * Loads `fetch` and loads it again whenever the core reports activity (a task moved, a run finished),
 * so screens stay current without polling timers. `reload` refetches on demand after a user action.
 */
export function useLive<T>(fetch: () => Promise<T>, deps: unknown[]): { state: Live<T>; reload: () => void } {
  const [state, setState] = useState<Live<T>>({ kind: "loading" });
  const fetchRef = useRef(fetch);
  fetchRef.current = fetch;
  const generation = useRef(0);

  const reload = useCallback(() => {
    const mine = ++generation.current;
    fetchRef
      .current()
      .then((data) => mine === generation.current && setState({ kind: "ready", data }))
      .catch((error: unknown) => {
        if (mine !== generation.current) return;
        const failure = error instanceof CommandError ? error : new CommandError({ code: "io", message: String(error) });
        setState({ kind: "failed", error: failure });
      });
  }, []);

  useEffect(() => {
    reload();
    let unlisten: (() => void) | undefined;
    let live = true;
    onActivity(() => reload())
      .then((stop) => (live ? (unlisten = stop) : stop()))
      .catch(() => undefined);
    return () => {
      live = false;
      generation.current++;
      unlisten?.();
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);

  return { state, reload };
}
