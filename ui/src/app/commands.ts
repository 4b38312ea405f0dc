// The actions the command palette offers. App contributes navigation, projects and dispatch; each screen
// contributes its own while it is on screen (usePaletteCommands), so the palette always lists what can be
// done right here and nothing that cannot.
import { createContext, useContext, useEffect } from "react";

export type PaletteCommand = {
  id: string;
  title: string;
  /** The heading it is listed under ("Go to", "Tasks", …). */
  group: string;
  /** A shortcut that does the same, shown beside it. */
  keys?: string;
  run: () => void;
};

/** Where screens put their commands while they are mounted. */
export type CommandShelf = {
  put: (owner: symbol, commands: PaletteCommand[]) => void;
  take: (owner: symbol) => void;
};

export const CommandShelfContext = createContext<CommandShelf | null>(null);

/** Offers `commands` in the palette while the calling component is mounted; pass a memoized array. */
export function usePaletteCommands(commands: PaletteCommand[]): void {
  const shelf = useContext(CommandShelfContext);
  useEffect(() => {
    if (!shelf) return;
    const owner = Symbol("screen commands");
    shelf.put(owner, commands);
    return () => shelf.take(owner);
  }, [shelf, commands]);
}

/**
 * The commands matching `query`: every word of it must occur in the command's group or title; titles that
 * start with the first word come first, then the original order.
 */
export function matching(commands: PaletteCommand[], query: string): PaletteCommand[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return commands;
  const hits = commands.filter((c) => {
    const text = `${c.group} ${c.title}`.toLowerCase();
    return words.every((w) => text.includes(w));
  });
  const first = words[0] ?? "";
  return hits
    .map((c, i) => ({ c, i, lead: c.title.toLowerCase().startsWith(first) ? 0 : 1 }))
    .sort((a, b) => a.lead - b.lead || a.i - b.i)
    .map((x) => x.c);
}
