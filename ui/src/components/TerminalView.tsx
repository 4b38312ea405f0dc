// An xterm.js terminal that fills its pane: it refits its rows and columns whenever the pane changes size
// (the split handle, Maximize, the window), finds text in the scrollback, and copies the selection or the
// whole output. What it shows comes from its owner through a sink: a live task stream or a stored log.
import { FitAddon } from "@xterm/addon-fit";
import { SearchAddon } from "@xterm/addon-search";
import { Terminal } from "@xterm/xterm";
import "@xterm/xterm/css/xterm.css";
import { type ReactNode, useEffect, useRef, useState } from "react";
import { showsDark } from "../theme";

/** Scrollback kept by the terminal; the full log stays on disk. */
const SCROLLBACK_LINES = 5000;

/** Where a terminal's owner writes. */
export interface TerminalSink {
  write: (text: string) => void;
}

/** Every line of the terminal's buffer as text, trailing blanks dropped. */
function bufferText(terminal: Terminal): string {
  const buffer = terminal.buffer.active;
  const lines: string[] = [];
  for (let i = 0; i < buffer.length; i += 1) lines.push(buffer.getLine(i)?.translateToString(true) ?? "");
  while (lines.length > 0 && lines[lines.length - 1] === "") lines.pop();
  return lines.join("\n");
}

export function TerminalView({
  label,
  caption,
  onSink,
  source,
  convertEol = false,
}: {
  label: string;
  caption: ReactNode;
  /** Receives the sink once the terminal is open, and null when it closes. */
  onSink: (sink: TerminalSink | null) => void;
  /** A new value opens a fresh terminal (another attempt, another log). */
  source: string;
  /** Stored logs may hold bare line feeds; the PTY stream already carries carriage returns. */
  convertEol?: boolean;
}) {
  const host = useRef<HTMLDivElement>(null);
  const terminalRef = useRef<Terminal | null>(null);
  const searchRef = useRef<SearchAddon | null>(null);
  const [query, setQuery] = useState("");
  const [note, setNote] = useState("");
  const sink = useRef(onSink);
  sink.current = onSink;

  useEffect(() => {
    const element = host.current;
    if (!element) return;
    const terminal = new Terminal({
      convertEol,
      disableStdin: true,
      cursorBlink: false,
      scrollback: SCROLLBACK_LINES,
      fontSize: 12,
      allowProposedApi: true,
      theme: showsDark()
        ? { background: "#111418", foreground: "#d8dde3", selectionBackground: "#3a4a5e" }
        : { background: "#fbfbfc", foreground: "#1d232a", cursor: "#1d232a", selectionBackground: "#c5d8f0" },
    });
    const fit = new FitAddon();
    const search = new SearchAddon();
    terminal.loadAddon(fit);
    terminal.loadAddon(search);
    terminal.open(element);
    terminalRef.current = terminal;
    searchRef.current = search;
    // Refit on the next frame after any size change, so dragging the split reflows the lines once per
    // frame rather than once per resize notification.
    let frame = 0;
    const refit = () => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => {
        if (element.clientWidth > 0 && element.clientHeight > 0) fit.fit();
      });
    };
    refit();
    const observer = typeof ResizeObserver === "undefined" ? null : new ResizeObserver(refit);
    observer?.observe(element);
    setNote("");
    sink.current({ write: (text) => terminal.write(text) });
    return () => {
      sink.current(null);
      observer?.disconnect();
      cancelAnimationFrame(frame);
      terminalRef.current = null;
      searchRef.current = null;
      terminal.dispose();
    };
  }, [source, convertEol]);

  const find = (backwards: boolean) => {
    const search = searchRef.current;
    if (!search || !query) return;
    const found = backwards ? search.findPrevious(query) : search.findNext(query);
    setNote(found ? "" : `“${query}” is not in the output`);
  };

  const copy = () => {
    const terminal = terminalRef.current;
    if (!terminal) return;
    const selected = terminal.hasSelection();
    const text = selected ? terminal.getSelection() : bufferText(terminal);
    navigator.clipboard.writeText(text).then(
      () => setNote(selected ? "Copied the selection" : `Copied ${text.split("\n").length} lines`),
      () => setNote("The webview refused the clipboard; select the text and press Ctrl+C"),
    );
  };

  return (
    <figure className="terminal" aria-label={label}>
      <div className="terminal-tools">
        <input
          type="search"
          aria-label="Find in the output"
          placeholder="Find in the output"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          onKeyDown={(e) => {
            if (e.key !== "Enter") return;
            e.preventDefault();
            find(e.shiftKey);
          }}
        />
        <button type="button" className="ghost" onClick={() => find(true)} disabled={!query} aria-label="Previous match">
          ↑
        </button>
        <button type="button" className="ghost" onClick={() => find(false)} disabled={!query} aria-label="Next match">
          ↓
        </button>
        <button type="button" className="ghost" onClick={copy}>
          Copy
        </button>
        <span className="muted terminal-note" role="status">
          {note}
        </span>
      </div>
      <div ref={host} className="terminal-host" data-testid="terminal-host" />
      <figcaption className="muted">{caption}</figcaption>
    </figure>
  );
}
