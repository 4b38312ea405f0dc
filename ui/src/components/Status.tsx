import type { Live } from "../hooks/useLive";
import { CommandError } from "../ipc";

/** Loading and error states shared by every screen. Returns null when the data is ready. */
export function LiveStatus<T>({ state, what }: { state: Live<T>; what: string }) {
  if (state.kind === "loading") return <p className="muted">Loading {what}…</p>;
  if (state.kind === "failed")
    return (
      <p role="alert" className="error" data-code={state.error.code}>
        Could not load {what}: {readable(state.error.message)}
      </p>
    );
  return null;
}

/**
 * A core message as a person reads it: the core writes names in `backticks` for terminals, which the
 * window drops (the name stays, set apart by the quotes' absence only where it was inside a sentence).
 */
export function readable(message: string): string {
  return message.replace(/`([^`]*)`/g, "$1");
}

/** A colored badge for a status word (`urgent` is styled apart from `high`). */
export function Badge({ value, kind }: { value: string; kind: string }) {
  return <span className={`badge badge-${kind}-${value}`}>{value.replace("_", " ")}</span>;
}

/**
 * A failed action's message for people — no error code, no markdown — announced to assistive tech;
 * nothing when there is none. The core's code stays on the element (`data-code`) for tests and tools.
 */
export function ErrorLine({ message, error }: { message?: string | CommandError | null; error?: CommandError | null }) {
  const shown = error ?? message;
  if (!shown) return null;
  const code = shown instanceof CommandError ? shown.code : undefined;
  return (
    <p role="alert" className="error" data-code={code}>
      {readable(shown instanceof CommandError ? shown.message : shown)}
    </p>
  );
}
