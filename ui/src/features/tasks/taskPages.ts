import { useVirtualizer } from "@tanstack/react-virtual";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { subscription } from "../../hooks/subscription";
import { CommandError, ipc, onChanged, type RawTaskFilter, type Task } from "../../ipc";

/** Rows one fetch asks for: a screenful or two, so the first paint waits for little. */
export const PAGE_SIZE = 40;

/** A page as fetched: the cursor it was fetched after, and its rows. */
interface Chunk {
  after: string | null;
  rows: Task[];
}

export type PagedTasks = {
  /** Every row fetched so far, in the listing's order (each task once). */
  rows: Task[];
  /** "loading" until the first page arrived; "failed" with the error when it could not be read. */
  status: "loading" | "ready" | "failed";
  error: CommandError | null;
  /** True while the last page fetched was full: more rows may follow. */
  hasMore: boolean;
  /** Fetches the next page (one at a time; a call while one is in flight does nothing). */
  loadMore: () => void;
  /** The rows on screen now, so a change refetches their pages only. */
  setVisible: (first: number, last: number) => void;
};

/** The filter without its page: what identifies one listing. */
export type TaskListing = Omit<RawTaskFilter, "limit" | "after" | "all">;

/**
 * One listing of tasks read page by page from the store (keyset pages: "the rows after this one"), for a
 * virtualized list or board column. Rows load as the view scrolls toward the end; when the core reports
 * a change to tasks, only the pages on screen are read again — at 100,000 tasks a change costs one page,
 * not the whole list. A page whose cursor task is gone starts the listing over.
 */
export function useTaskPages(listing: TaskListing, pageSize = PAGE_SIZE): PagedTasks {
  const key = JSON.stringify(listing);
  const [chunks, setChunks] = useState<Chunk[]>([]);
  const [status, setStatus] = useState<PagedTasks["status"]>("loading");
  const [error, setError] = useState<CommandError | null>(null);
  const chunksRef = useRef<Chunk[]>([]);
  chunksRef.current = chunks;
  const visible = useRef<[number, number]>([0, 0]);
  const busy = useRef(false);
  const again = useRef(false);
  const generation = useRef(0);
  const refreshRef = useRef<() => void>(() => undefined);

  const fetchPage = useCallback(
    (after: string | null) => ipc.listTasks({ ...(JSON.parse(key) as TaskListing), limit: pageSize, after, all: false }),
    [key, pageSize],
  );

  // Serializes every read of this listing: a refresh asked for while one runs becomes one more after it.
  const run = useCallback((work: (mine: number) => Promise<void>) => {
    if (busy.current) {
      again.current = true;
      return;
    }
    busy.current = true;
    const mine = generation.current;
    work(mine)
      .catch((e: unknown) => {
        if (mine !== generation.current) return;
        setError(e instanceof CommandError ? e : new CommandError({ code: "io", message: String(e) }));
        setStatus("failed");
      })
      .finally(() => {
        if (mine !== generation.current) return;
        busy.current = false;
        if (again.current) {
          again.current = false;
          refreshRef.current();
        }
      });
  }, []);

  const restart = useCallback(
    () =>
      run(async (mine) => {
        const rows = await fetchPage(null);
        if (mine !== generation.current) return;
        setChunks([{ after: null, rows }]);
        setError(null);
        setStatus("ready");
      }),
    [run, fetchPage],
  );

  const refresh = useCallback(
    () =>
      run(async (mine) => {
        const current = chunksRef.current;
        if (current.length === 0) {
          const rows = await fetchPage(null);
          if (mine === generation.current) setChunks([{ after: null, rows }]);
          return;
        }
        const [first, last] = visible.current;
        const wanted = chunkIndices(current, first, last);
        const next = [...current];
        for (const i of wanted) {
          const chunk = current[i];
          if (!chunk) continue;
          try {
            next[i] = { after: chunk.after, rows: await fetchPage(chunk.after) };
          } catch (e) {
            // The cursor's task was deleted: the pages after it cannot be placed any more.
            if (e instanceof CommandError && e.code === "not_found") {
              const rows = await fetchPage(null);
              if (mine === generation.current) setChunks([{ after: null, rows }]);
              return;
            }
            throw e;
          }
        }
        if (mine === generation.current) {
          setChunks(next);
          setError(null);
        }
      }),
    [run, fetchPage],
  );

  refreshRef.current = refresh;

  const loadMore = useCallback(() => {
    const current = chunksRef.current;
    const last = current[current.length - 1];
    if (!last || last.rows.length < pageSize) return;
    const after = last.rows[last.rows.length - 1]?.id;
    if (!after) return;
    run(async (mine) => {
      const rows = await fetchPage(after);
      if (mine !== generation.current) return;
      setChunks((now) => (now[now.length - 1]?.rows === last.rows ? [...now, { after, rows }] : now));
    });
  }, [run, fetchPage, pageSize]);

  useEffect(() => {
    generation.current++;
    busy.current = false;
    again.current = false;
    setChunks([]);
    setStatus("loading");
    restart();
    const stop = subscription(() => onChanged((kinds) => kinds.includes("tasks") && refresh()));
    return () => {
      generation.current++;
      stop();
    };
  }, [key, restart, refresh]);

  const rows = useMemo(() => flatten(chunks), [chunks]);
  const lastChunk = chunks[chunks.length - 1];
  const setVisible = useCallback((first: number, last: number) => {
    visible.current = [first, last];
  }, []);
  return {
    rows,
    status,
    error,
    hasMore: !!lastChunk && lastChunk.rows.length >= pageSize,
    loadMore,
    setVisible,
  };
}

/** The rows of every chunk in order, each task once (a task that moved between two reads is kept where first seen). */
export function flatten(chunks: Chunk[]): Task[] {
  const seen = new Set<string>();
  const rows: Task[] = [];
  for (const chunk of chunks)
    for (const row of chunk.rows) {
      if (seen.has(row.id)) continue;
      seen.add(row.id);
      rows.push(row);
    }
  return rows;
}

/** The chunks holding flattened rows `first..=last` (by row count; duplicates are rare and harmless here). */
export function chunkIndices(chunks: Chunk[], first: number, last: number): number[] {
  const out: number[] = [];
  let start = 0;
  chunks.forEach((chunk, i) => {
    const end = start + chunk.rows.length - 1;
    if (end >= first && start <= last) out.push(i);
    start = end + 1;
  });
  if (out.length === 0 && chunks.length > 0) out.push(0);
  return out;
}

/**
 * A virtualized window over a paged listing: draws the rows on screen, tells the listing which those
 * are (so a change re-reads their pages only), and asks for the next page `ahead` rows before the end.
 */
export function usePagedWindow(
  pages: PagedTasks,
  { estimate, overscan, ahead, initialRect }: { estimate: number; overscan: number; ahead: number; initialRect: { width: number; height: number } },
) {
  const scroller = useRef<HTMLDivElement>(null);
  const virtual = useVirtualizer({
    count: pages.rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => estimate,
    overscan,
    getItemKey: (i) => pages.rows[i]?.id ?? i,
    initialRect,
  });
  const items = virtual.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? 0;
  const { setVisible, loadMore, hasMore } = pages;
  const count = pages.rows.length;
  useEffect(() => {
    setVisible(first, last);
    if (hasMore && last >= count - ahead) loadMore();
  }, [first, last, hasMore, loadMore, setVisible, count, ahead]);
  return { scroller, virtual, items };
}
