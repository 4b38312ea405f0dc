import { useVirtualizer } from "@tanstack/react-virtual";
import { memo, type ReactNode, useCallback, useEffect, useRef, useState } from "react";
import { type CommandError, type DiffLine, type FileDiff, type Hunk, ipc, type TaskDiff } from "../../ipc";
import { colouredLine, colourSoon, isColoured, languageOf } from "./highlight";

/**
 * Files unfolded when the review opens; the core sends their hunks with the file list, and a folded
 * file's hunks are fetched when it is unfolded, so a large change stays quick to open.
 */
export const UNFOLDED = 8;
/** Files past which the list is windowed in a scroll box of its own. */
const LONG_LIST = 12;
/** Estimated heights (px) of a file's summary and of one table row, before a file is measured. */
const SUMMARY_PX = 30;
const ROW_PX = 17;

type Layout = "unified" | "split";

/**
 * A task's change, file by file: unified or side by side, syntax-coloured by file type, each file foldable,
 * binary and oversized files shown as such. A long change is a windowed list (TanStack Virtual): only the
 * files in view are in the page, so opening, scrolling and leaving a 500-file change cost the same as a
 * short one. Which files are unfolded, and the hunks fetched for them, live here, not in the file rows,
 * which come and go as the list scrolls.
 */
export const DiffView = memo(function DiffView({ diff, taskId }: { diff: TaskDiff; taskId: string }) {
  const [layout, setLayout] = useState<Layout>("unified");
  const [unfolded, setUnfolded] = useState<ReadonlySet<number>>(
    () => new Set(diff.files.slice(0, UNFOLDED).map((_, i) => i)),
  );
  const [fetched, setFetched] = useState<ReadonlyMap<number, FileDiff>>(new Map());
  const toggle = useCallback((index: number, open: boolean) => {
    setUnfolded((current) => {
      if (current.has(index) === open) return current;
      const next = new Set(current);
      if (open) next.add(index);
      else next.delete(index);
      return next;
    });
  }, []);
  const loaded = useCallback(
    (index: number, file: FileDiff) => setFetched((current) => new Map(current).set(index, file)),
    [],
  );
  if (diff.files.length === 0) return <p className="muted">No changes on {diff.branch}.</p>;
  const row = (index: number, listed: FileDiff) => (
    <FileBlock
      taskId={taskId}
      index={index}
      file={fetched.get(index) ?? listed}
      open={unfolded.has(index)}
      layout={layout}
      onToggle={toggle}
      onLoaded={loaded}
    />
  );
  return (
    <section aria-label="Changes" className="diff" data-task-id={taskId}>
      <div className="diff-head">
        <span>
          {diff.files_changed} file(s) · <span className="diff-add">+{diff.additions}</span>{" "}
          <span className="diff-del">−{diff.deletions}</span> · {diff.branch} → {diff.base}
        </span>
        <label className="inline-check">
          <input
            type="checkbox"
            checked={layout === "split"}
            onChange={(e) => setLayout(e.target.checked ? "split" : "unified")}
          />{" "}
          Side by side
        </label>
      </div>
      {diff.files.length > LONG_LIST ? (
        <WindowedFiles
          files={diff.files}
          estimate={(index, listed) => estimateHeight(fetched.get(index) ?? listed, unfolded.has(index))}
          row={row}
        />
      ) : (
        <div className="diff-files">
          {diff.files.map((file, index) => (
            <div key={fileKey(file)}>{row(index, file)}</div>
          ))}
        </div>
      )}
    </section>
  );
});

/** The rows of a long change, only those in (or near) view in the page. */
function WindowedFiles({
  files,
  estimate,
  row,
}: {
  files: FileDiff[];
  estimate: (index: number, file: FileDiff) => number;
  row: (index: number, file: FileDiff) => ReactNode;
}) {
  const box = useRef<HTMLDivElement>(null);
  const list = useVirtualizer({
    count: files.length,
    getScrollElement: () => box.current,
    estimateSize: (index) => {
      const file = files[index];
      return file ? estimate(index, file) : SUMMARY_PX;
    },
    getItemKey: (index) => {
      const file = files[index];
      return file ? fileKey(file) : index;
    },
    overscan: 1,
    // The box is 75% of the window high (styles.css): the first render already knows which files show,
    // instead of rendering none and then, once the box is measured, again.
    initialRect: { width: window.innerWidth, height: window.innerHeight * 0.75 },
  });
  return (
    <div ref={box} className="diff-files diff-files-long" data-files={files.length}>
      <div className="diff-window" style={{ height: list.getTotalSize() }}>
        {list.getVirtualItems().map((item) => {
          const file = files[item.index];
          return (
            file && (
              <div
                key={item.key}
                data-index={item.index}
                ref={list.measureElement}
                className="diff-window-row"
                style={{ transform: `translateY(${item.start}px)` }}
              >
                {row(item.index, file)}
              </div>
            )
          );
        })}
      </div>
    </div>
  );
}

function fileKey(file: FileDiff): string {
  return `${file.change}:${file.old_path ?? ""}:${file.new_path ?? ""}`;
}

/** A file's height before it is measured: its summary, plus its rows when unfolded and known. */
function estimateHeight(file: FileDiff, open: boolean): number {
  if (!open) return SUMMARY_PX;
  const rows = file.hunks.reduce((sum, hunk) => sum + hunk.lines.length + 1, 0);
  return SUMMARY_PX + Math.max(rows, 1) * ROW_PX;
}

function fileTitle(file: FileDiff): string {
  if ((file.change === "renamed" || file.change === "copied") && file.old_path && file.new_path)
    return `${file.old_path} → ${file.new_path}`;
  return file.new_path ?? file.old_path ?? "";
}

const FileBlock = memo(function FileBlock({
  taskId,
  index,
  file,
  open,
  layout,
  onToggle,
  onLoaded,
}: {
  taskId: string;
  index: number;
  file: FileDiff;
  open: boolean;
  layout: Layout;
  onToggle: (index: number, open: boolean) => void;
  onLoaded: (index: number, file: FileDiff) => void;
}) {
  // A folded file draws nothing but its summary; an unfolded one listed without its hunks fetches them.
  const [error, setError] = useState<string | null>(null);
  const path = file.new_path ?? file.old_path ?? "";
  const missing = open && file.hunks_omitted;
  useEffect(() => {
    if (!missing) return;
    let live = true;
    ipc.taskDiffFile(taskId, path).then(
      (full) => live && onLoaded(index, full),
      (e: CommandError) => live && setError(e.message),
    );
    return () => {
      live = false;
    };
  }, [missing, taskId, path, index, onLoaded]);
  return (
    <details
      className="diff-file"
      open={open}
      onToggle={(e) => onToggle(index, (e.currentTarget as HTMLDetailsElement).open)}
    >
      <summary>
        <span className={`diff-change diff-change-${file.change}`}>{file.change}</span> <code>{fileTitle(file)}</code>{" "}
        {!file.binary && (
          <span className="muted">
            +{file.additions} −{file.deletions}
          </span>
        )}
      </summary>
      {missing && !error && <p className="muted">Loading…</p>}
      {error && <p className="error">{error}</p>}
      {open && <FileBody file={file} layout={layout} />}
    </details>
  );
});

function FileBody({ file, layout }: { file: FileDiff; layout: Layout }) {
  const language = languageOf(fileTitle(file));
  // Drawn as plain text at once, coloured in the frames after (see highlight.ts).
  const [, setColoured] = useState(0);
  const pending = language !== null && !isColoured(file.hunks);
  useEffect(() => {
    if (!pending || language === null) return;
    let shown = true;
    colourSoon(
      file.hunks,
      language,
      () => shown,
      () => setColoured((n) => n + 1),
    );
    return () => {
      shown = false;
    };
  }, [pending, file, language]);
  return (
    <>
      {file.binary && <p className="muted">Binary file: not shown.</p>}
      {file.too_large && <p className="muted">Too large to show here ({file.additions + file.deletions} changed lines); use `anpm task diff`.</p>}
      {file.hunks.length > 0 && (
        <table className={`diff-table diff-${layout}`}>
          {/* Fixed layout takes its widths from here, not from the first row (a full-width hunk header). */}
          {layout === "unified" ? (
            <colgroup>
              <col className="diff-no-col" />
              <col className="diff-no-col" />
              <col />
            </colgroup>
          ) : (
            <colgroup>
              <col className="diff-no-col" />
              <col />
              <col className="diff-no-col" />
              <col />
            </colgroup>
          )}
          <tbody>
            {file.hunks.map((hunk) =>
              layout === "unified" ? <UnifiedHunk key={hunk.header} hunk={hunk} /> : <SplitHunk key={hunk.header} hunk={hunk} />,
            )}
          </tbody>
        </table>
      )}
    </>
  );
}

/** A line's text, coloured once its colouring is made. */
function Code({ line }: { line: DiffLine | undefined }) {
  if (!line) return null;
  const html = colouredLine(line);
  // highlight.js escapes the text it is given; its output is spans with classes only.
  return html == null ? <>{line.text}</> : <span dangerouslySetInnerHTML={{ __html: html }} />;
}

function UnifiedHunk({ hunk }: { hunk: Hunk }) {
  return (
    <>
      <tr className="diff-hunk">
        <td colSpan={3}>{hunk.header}</td>
      </tr>
      {hunk.lines.map((line, i) => (
        <tr key={i} className={`diff-line diff-${line.kind}`}>
          <td className="diff-no">{line.old_no ?? ""}</td>
          <td className="diff-no">{line.new_no ?? ""}</td>
          <td className="diff-text">
            {line.kind === "added" ? "+" : line.kind === "removed" ? "−" : " "}
            <Code line={line} />
          </td>
        </tr>
      ))}
    </>
  );
}

/** Removed lines on the left, added on the right, paired in order within each run of changes. */
function SplitHunk({ hunk }: { hunk: Hunk }) {
  const rows: { left?: Hunk["lines"][number]; right?: Hunk["lines"][number] }[] = [];
  let removed: Hunk["lines"] = [];
  let added: Hunk["lines"] = [];
  const flush = () => {
    for (let i = 0; i < Math.max(removed.length, added.length); i++) rows.push({ left: removed[i], right: added[i] });
    removed = [];
    added = [];
  };
  for (const line of hunk.lines) {
    if (line.kind === "removed") removed.push(line);
    else if (line.kind === "added") added.push(line);
    else {
      flush();
      rows.push({ left: line, right: line });
    }
  }
  flush();
  return (
    <>
      <tr className="diff-hunk">
        <td colSpan={4}>{hunk.header}</td>
      </tr>
      {rows.map((row, i) => (
        <tr key={i} className="diff-line">
          <td className="diff-no">{row.left?.old_no ?? ""}</td>
          <td className={`diff-text diff-${row.left?.kind ?? "empty"}`}>
            <Code line={row.left} />
          </td>
          <td className="diff-no">{row.right?.new_no ?? ""}</td>
          <td className={`diff-text diff-${row.right?.kind ?? "empty"}`}>
            <Code line={row.right} />
          </td>
        </tr>
      ))}
    </>
  );
}
