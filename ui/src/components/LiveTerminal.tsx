import { Terminal } from "@xterm/xterm";
import "@xterm/xterm/css/xterm.css";
import { useEffect, useRef, useState } from "react";
import { type TerminalWriter, useTaskOutput } from "../hooks/useTaskOutput";
import { showsDark } from "../theme";

/** Scrollback kept by the terminal; the full log stays on disk. */
const SCROLLBACK_LINES = 5000;

/** A read-only terminal showing a running task's agent output as it arrives. */
export function LiveTerminal({ taskId, attempt }: { taskId: string; attempt: number }) {
  const host = useRef<HTMLDivElement>(null);
  const [writer, setWriter] = useState<TerminalWriter | null>(null);
  const [ended, setEnded] = useState(false);

  useEffect(() => {
    if (!host.current) return;
    const dark = showsDark();
    const terminal = new Terminal({
      convertEol: false,
      disableStdin: true,
      cursorBlink: false,
      rows: 18,
      scrollback: SCROLLBACK_LINES,
      fontSize: 12,
      theme: dark ? { background: "#111418", foreground: "#d8dde3" } : { background: "#fbfbfc", foreground: "#1d232a", cursor: "#1d232a" },
    });
    terminal.open(host.current);
    setEnded(false);
    setWriter({ write: (text) => terminal.write(text), ended: () => setEnded(true) });
    return () => {
      setWriter(null);
      terminal.dispose();
    };
  }, [taskId, attempt]);

  useTaskOutput(taskId, attempt, writer);

  return (
    <figure className="terminal" aria-label="Live output">
      <div ref={host} className="terminal-host" data-testid="live-terminal" />
      <figcaption className="muted">{ended ? "The agent's output ended." : "Live output of the running agent"}</figcaption>
    </figure>
  );
}
