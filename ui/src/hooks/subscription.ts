/**
 * Starts an event subscription from an effect and returns the effect's cleanup. IPC listeners resolve
 * to their unsubscribe function only later, so a cleanup that runs first marks the subscription dead
 * and it is undone the moment it resolves; a listener that fails to start is simply absent.
 */
export function subscription(subscribe: () => Promise<() => void>): () => void {
  let live = true;
  let stop: (() => void) | undefined;
  subscribe()
    .then((unsubscribe) => (live ? (stop = unsubscribe) : unsubscribe()))
    .catch(() => undefined);
  return () => {
    live = false;
    stop?.();
  };
}
