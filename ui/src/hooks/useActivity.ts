import { useEffect, useState } from "react";
import { type Activity, ipc, onActivity } from "../ipc";
import { subscription } from "./subscription";

/** The latest activity of every runner, by runner id: the current state first, then each event's batch. */
export function useActivity(): Record<string, Activity> {
  const [runners, setRunners] = useState<Record<string, Activity>>({});
  useEffect(() => {
    let live = true;
    ipc.currentActivity().then(
      (all) => live && setRunners((current) => ({ ...Object.fromEntries(all.map((a) => [a.runner_id, a])), ...current })),
      () => undefined,
    );
    const stop = subscription(() =>
      onActivity((batch) =>
        setRunners((current) => ({ ...current, ...Object.fromEntries(batch.map((a) => [a.runner_id, a])) })),
      ),
    );
    return () => {
      live = false;
      stop();
    };
  }, []);
  return runners;
}

/** The current time, advancing every `everyMs` while `active`; a display clock for elapsed times. */
export function useNow(active: boolean, everyMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [active, everyMs]);
  return now;
}

/** Epoch milliseconds of a core timestamp (RFC 3339 with microseconds; cut to milliseconds first). */
export function parseTimestamp(text: string): number {
  return Date.parse(text.replace(/(\.\d{3})\d+/, "$1"));
}

const CLOCK = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit", second: "2-digit", hour12: false });

/** The local wall-clock time of a core timestamp, e.g. "14:05:09". */
export function localTime(text: string): string {
  return CLOCK.format(parseTimestamp(text));
}

/** 45_000 → "45 s", 185_000 → "3 min 05 s", 3_720_000 → "1 h 02 min". */
export function formatElapsed(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${String(s % 60).padStart(2, "0")} s`;
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, "0")} min`;
}
