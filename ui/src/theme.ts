/**
 * The colour theme: the system's preference unless the operator pins light or dark. The choice is a
 * property of this window, not of the data, so it lives in the webview's local storage; it is applied
 * as `data-theme` on the root element, which the stylesheet's `color-scheme` rules read.
 */

export const THEMES = ["system", "light", "dark"] as const;
export type Theme = (typeof THEMES)[number];

const KEY = "anpm.theme";

/** The stored choice, or "system" when there is none (or storage is unavailable). */
export function storedTheme(): Theme {
  try {
    const value = window.localStorage.getItem(KEY);
    return THEMES.find((t) => t === value) ?? "system";
  } catch {
    return "system";
  }
}

/** Applies `theme` to the document and remembers it. */
export function applyTheme(theme: Theme): void {
  const root = document.documentElement;
  if (theme === "system") delete root.dataset.theme;
  else root.dataset.theme = theme;
  try {
    if (theme === "system") window.localStorage.removeItem(KEY);
    else window.localStorage.setItem(KEY, theme);
  } catch {
    // Without storage the choice lasts for this session only.
  }
}

/** True when the window currently shows dark colours. */
export function showsDark(): boolean {
  const pinned = document.documentElement.dataset.theme;
  if (pinned === "dark") return true;
  if (pinned === "light") return false;
  return window.matchMedia?.("(prefers-color-scheme: dark)").matches ?? false;
}
