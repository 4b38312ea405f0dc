// The "More actions" menu button that holds a card's secondary actions, so each card shows one primary
// action. Follows the menu-button pattern: arrows move, Esc and an outside click close, Tab leaves.
import { type KeyboardEvent, useEffect, useId, useRef, useState } from "react";

export type MenuAction = {
  label: string;
  run: () => void;
  /** Destructive or final (reject): drawn in the danger colour. */
  danger?: boolean;
};

export function MoreActions({ name, actions }: { name: string; actions: MenuAction[] }) {
  const [open, setOpen] = useState(false);
  const wrapper = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const menu = useId();
  const items = () => Array.from(wrapper.current?.querySelectorAll<HTMLButtonElement>('[role="menuitem"]') ?? []);

  useEffect(() => {
    if (!open) return;
    items()[0]?.focus();
    // mousedown rather than click: a drag that starts outside and ends inside still closes the menu.
    const away = (e: MouseEvent) => {
      if (!wrapper.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener("mousedown", away);
    return () => document.removeEventListener("mousedown", away);
  }, [open]);

  const close = () => {
    setOpen(false);
    button.current?.focus();
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (!open) {
      if (e.key === "ArrowDown" && e.target === button.current) {
        e.preventDefault();
        setOpen(true);
      }
      return;
    }
    const list = items();
    const at = list.indexOf(document.activeElement as HTMLButtonElement);
    const focus = (index: number) => list[(index + list.length) % list.length]?.focus();
    switch (e.key) {
      case "Escape":
        // Only the menu closes: a drawer or dialog around the card keeps its own Esc.
        e.preventDefault();
        e.stopPropagation();
        close();
        break;
      case "ArrowDown":
        e.preventDefault();
        focus(at + 1);
        break;
      case "ArrowUp":
        e.preventDefault();
        focus(at < 0 ? -1 : at - 1);
        break;
      case "Home":
        e.preventDefault();
        focus(0);
        break;
      case "End":
        e.preventDefault();
        focus(-1);
        break;
      case "Tab":
        setOpen(false);
        break;
    }
  };

  if (actions.length === 0) return null;
  return (
    <div className="more-actions" ref={wrapper} onKeyDown={onKeyDown}>
      <button
        ref={button}
        type="button"
        className="more-actions-button"
        aria-label={name}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menu : undefined}
        title="More actions"
        onClick={() => setOpen(!open)}
      >
        {/* A glyph keeps the card's action row on one line in the narrow window; the name says it in words. */}
        <span aria-hidden="true">⋯</span>
      </button>
      {open && (
        <ul role="menu" id={menu} aria-label={name} className="more-actions-menu">
          {actions.map((action) => (
            <li key={action.label} role="none">
              <button
                type="button"
                role="menuitem"
                tabIndex={-1}
                className={action.danger ? "danger-item" : undefined}
                onClick={() => {
                  close();
                  action.run();
                }}
              >
                {action.label}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
