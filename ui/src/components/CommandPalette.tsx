// The command palette (Ctrl/Cmd+K): every action of the current screen, the screens, the projects and
// dispatch, found by typing a few letters of their words. Arrow keys move, Enter runs, Esc closes and
// gives focus back to where it was.
import { Fragment, useEffect, useMemo, useRef, useState } from "react";
import { matching, type PaletteCommand } from "../app/commands";

export function CommandPalette({ commands, onClose }: { commands: PaletteCommand[]; onClose: () => void }) {
  const [query, setQuery] = useState("");
  const [at, setAt] = useState(0);
  const input = useRef<HTMLInputElement>(null);
  const list = useRef<HTMLUListElement>(null);
  const shown = useMemo(() => matching(commands, query), [commands, query]);
  const active = shown[Math.min(at, shown.length - 1)];
  useEffect(() => {
    const before = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    input.current?.focus();
    return () => before?.focus();
  }, []);
  useEffect(() => setAt(0), [query]);
  useEffect(() => {
    if (active) document.getElementById(optionId(active))?.scrollIntoView?.({ block: "nearest" });
  }, [active]);
  const run = (command: PaletteCommand | undefined) => {
    if (!command) return;
    onClose();
    // After the palette has closed and focus went back, so the command may move focus itself.
    requestAnimationFrame(() => command.run());
  };
  let group = "";
  return (
    <div
      className="palette-backdrop"
      onMouseDown={(e) => {
        if (e.target === e.currentTarget) onClose();
      }}
    >
      <div role="dialog" aria-modal="true" aria-label="Command palette" className="palette">
        <input
          ref={input}
          role="combobox"
          aria-expanded="true"
          aria-controls="palette-options"
          aria-activedescendant={active ? optionId(active) : undefined}
          aria-label="Type a command"
          placeholder="Type a command or a screen"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === "ArrowDown" || e.key === "ArrowUp") {
              e.preventDefault();
              const step = e.key === "ArrowDown" ? 1 : -1;
              setAt((i) => (shown.length === 0 ? 0 : (Math.min(i, shown.length - 1) + step + shown.length) % shown.length));
            } else if (e.key === "Enter") {
              e.preventDefault();
              run(active);
            } else if (e.key === "Escape") {
              e.preventDefault();
              e.stopPropagation();
              onClose();
            }
          }}
        />
        <ul ref={list} role="listbox" id="palette-options" aria-label="Commands" className="palette-options">
          {shown.map((c) => {
            const heading = c.group !== group ? c.group : null;
            group = c.group;
            return (
              <Fragment key={c.id}>
                {heading && (
                  <li role="presentation" className="palette-group">
                    {heading}
                  </li>
                )}
                <li
                  id={optionId(c)}
                  role="option"
                  aria-selected={c === active}
                  className={c === active ? "active" : undefined}
                  onMouseMove={() => setAt(shown.indexOf(c))}
                  onClick={() => run(c)}
                >
                  <span className="palette-title">{c.title}</span>
                  {c.keys && <kbd>{c.keys}</kbd>}
                </li>
              </Fragment>
            );
          })}
          {shown.length === 0 && <li className="muted palette-none">No command matches “{query}”.</li>}
        </ul>
      </div>
    </div>
  );
}

function optionId(c: PaletteCommand): string {
  return `palette-${c.id.replace(/[^a-zA-Z0-9_-]/g, "-")}`;
}
