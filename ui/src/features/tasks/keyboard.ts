// Keyboard movement through the tasks on screen: j/k (or the up/down arrows) step through a column or the
// list, h/l (or left/right) jump to the neighbouring column, Enter opens (the cards are buttons). Focus
// moves between the rendered cards, and the virtualized column scrolls to keep the focused one in view.

/** The elements a key moves between, and the groups (board columns) they stand in. */
export type Layout = { item: string; group?: string };

export const BOARD_LAYOUT: Layout = { item: "button.card", group: ".board-column" };
export const LIST_LAYOUT: Layout = { item: "button.list-title" };

const DOWN = new Set(["j", "ArrowDown"]);
const UP = new Set(["k", "ArrowUp"]);
const LEFT = new Set(["h", "ArrowLeft"]);
const RIGHT = new Set(["l", "ArrowRight"]);

/** True for keys typed into a field, which never move the selection. */
export function typing(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLInputElement ||
    target instanceof HTMLTextAreaElement ||
    target instanceof HTMLSelectElement ||
    (target instanceof HTMLElement && target.isContentEditable)
  );
}

/**
 * Moves focus inside `root` for `key`; returns true when the key was one of ours and focus moved (or
 * there was nothing to move to), so the caller can stop the key's default (scrolling).
 */
export function moveFocus(root: HTMLElement, key: string, layout: Layout): boolean {
  const vertical = DOWN.has(key) ? 1 : UP.has(key) ? -1 : 0;
  const horizontal = layout.group ? (RIGHT.has(key) ? 1 : LEFT.has(key) ? -1 : 0) : 0;
  if (!vertical && !horizontal) return false;
  const items = Array.from(root.querySelectorAll<HTMLElement>(layout.item));
  if (items.length === 0) return true;
  const active = document.activeElement instanceof HTMLElement ? document.activeElement.closest<HTMLElement>(layout.item) : null;
  const current = active && root.contains(active) ? active : null;
  let next: HTMLElement | undefined;
  if (!current) {
    next = root.querySelector<HTMLElement>(`${layout.item}[aria-current="true"]`) ?? items[0];
  } else if (vertical) {
    const group = layout.group ? current.closest(layout.group) : root;
    const peers = items.filter((i) => !layout.group || i.closest(layout.group) === group);
    next = peers[peers.indexOf(current) + vertical];
  } else if (layout.group) {
    const groups = Array.from(root.querySelectorAll<HTMLElement>(layout.group));
    let at = groups.indexOf(current.closest<HTMLElement>(layout.group)!);
    // Skip empty columns: the next one that holds a card.
    for (at += horizontal; at >= 0 && at < groups.length; at += horizontal) {
      next = groups[at]?.querySelector<HTMLElement>(layout.item) ?? undefined;
      if (next) break;
    }
  }
  if (next) {
    next.focus();
    next.scrollIntoView?.({ block: "nearest", inline: "nearest" });
  }
  return true;
}
