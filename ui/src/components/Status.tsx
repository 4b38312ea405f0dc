import type { Live } from "../hooks/useLive";

/** Loading and error states shared by every screen. Returns null when the data is ready. */
export function LiveStatus<T>({ state, what }: { state: Live<T>; what: string }) {
  if (state.kind === "loading") return <p className="muted">Loading {what}…</p>;
  if (state.kind === "failed")
    return (
      <p role="alert" className="error">
        Could not load {what} ({state.error.code}): {state.error.message}
      </p>
    );
  return null;
}

/** A colored badge for a status word (`urgent` is styled apart from `high`). */
export function Badge({ value, kind }: { value: string; kind: string }) {
  return <span className={`badge badge-${kind}-${value}`}>{value.replace("_", " ")}</span>;
}

/** A failed action's message (`code: message`), announced to assistive tech; nothing when there is none. */
export function ErrorLine({ message }: { message: string | null }) {
  if (!message) return null;
  return (
    <p role="alert" className="error">
      {message}
    </p>
  );
}
