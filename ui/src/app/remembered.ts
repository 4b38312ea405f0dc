// What a screen had selected, kept for the session so switching screens and back finds it as it was (the
// open task, the requirement under review). Per project: another project's selection means nothing here.
import { useCallback, useState } from "react";

const kept = new Map<string, unknown>();

/** Like useState, but the value outlives the component for the rest of the session under `key`. */
export function useRemembered<T>(key: string, initial: T): [T, (next: T) => void] {
  const [value, setValue] = useState<T>(() => (kept.has(key) ? (kept.get(key) as T) : initial));
  const set = useCallback(
    (next: T) => {
      kept.set(key, next);
      setValue(next);
    },
    [key],
  );
  return [value, set];
}

/** Forgets everything (tests start from nothing). */
export function forgetAll(): void {
  kept.clear();
}
