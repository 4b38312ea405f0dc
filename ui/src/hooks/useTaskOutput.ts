import { useEffect } from "react";
import { CommandError, watchTaskOutput } from "../ipc";

/** What a live terminal is told, already in terminal terms. */
export interface TerminalWriter {
  write: (text: string) => void;
  /** Marks the end of the attempt's output. */
  ended: () => void;
}

/**
 * Feeds `writer` with task `id`'s live output for as long as the component is mounted; `attempt` changes
 * when a requeued task starts again, which opens a fresh subscription.
 */
export function useTaskOutput(id: string, attempt: number, writer: TerminalWriter | null): void {
  useEffect(() => {
    if (!writer) return;
    let stop: (() => void) | undefined;
    let mounted = true;
    watchTaskOutput(id, (chunk) => {
      switch (chunk.kind) {
        case "output":
          writer.write(chunk.text);
          break;
        case "skipped":
          writer.write(`\r\n\x1b[33m[anpm: ${chunk.bytes} bytes skipped while the view caught up]\x1b[0m\r\n`);
          break;
        case "ended":
          writer.ended();
          break;
      }
    }).then(
      (watch) => (mounted ? (stop = watch.stop) : watch.stop()),
      (error: CommandError) => writer.write(`\r\n[anpm: cannot follow the output: ${error.message}]\r\n`),
    );
    return () => {
      mounted = false;
      stop?.();
    };
  }, [id, attempt, writer]);
}
