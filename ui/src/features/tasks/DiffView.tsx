import { memo, useEffect, useState } from "react";
import { type CommandError, type DiffLine, type FileDiff, type Hunk, ipc, type TaskDiff } from "../../ipc";
import { highlightLine, languageOf } from "./highlight";

/**
 * Files unfolded when the review opens; the core sends their hunks with the file list, and a folded
 * file's hunks are fetched when it is unfolded, so a large change stays quick to open.
 */
export const UNFOLDED = 8;
/** Files drawn in the first frame, and in each frame after. */
const FIRST_DRAWN = 2;
const DRAWN_PER_FRAME = 40;
/** Files past which the list gets a scroll box of its own. */
const LONG_LIST = 12;

/**
 * A task's change, file by file: unified or side by side, syntax-coloured by file type, each file foldable,
 * binary and oversized files shown as such. Rows are plain table rows; only opened files are drawn.
 */
export function DiffView({ diff, taskId }: { diff: TaskDiff; taskId: string }) {
  const [layout, setLayout] = useState<"unified" | "split">("unified");
  // The first files are drawn at once and the rest a slice per frame: the first file shows without
  // waiting for a long list, and no frame carries the whole list's layout.
  const [drawn, setDrawn] = useState(FIRST_DRAWN);
  useEffect(() => {
    if (drawn >= diff.files.length) return;
    const frame = requestAnimationFrame(() => setDrawn((n) => n + DRAWN_PER_FRAME));
    return () => cancelAnimationFrame(frame);
  }, [drawn, diff.files.length]);
  if (diff.files.length === 0) return <p className="muted">No changes on {diff.branch}.</p>;
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
      {/* A long change scrolls in its own box; a short one sits in the page. */}
      <div className={diff.files.length > LONG_LIST ? "diff-files diff-files-long" : "diff-files"}>
      {diff.files.slice(0, drawn).map((file, i) => (
        <FileBlock
          key={`${diff.to}:${file.old_path}:${file.new_path}`}
          taskId={taskId}
          file={file}
          open={i < UNFOLDED}
          layout={layout}
        />
      ))}
      </div>
    </section>
  );
}

function fileTitle(file: FileDiff): string {
  if ((file.change === "renamed" || file.change === "copied") && file.old_path && file.new_path)
    return `${file.old_path} → ${file.new_path}`;
  return file.new_path ?? file.old_path ?? "";
}

const FileBlock = memo(function FileBlock({
  taskId,
  file: listed,
  open,
  layout,
}: {
  taskId: string;
  file: FileDiff;
  open: boolean;
  layout: "unified" | "split";
}) {
  // A folded file draws nothing but its summary: a 500-file change keeps a few hundred rows in the page,
  // not twenty thousand.
  const [unfolded, setUnfolded] = useState(open);
  const [file, setFile] = useState(listed);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (!unfolded || !file.hunks_omitted) return;
    let live = true;
    ipc.taskDiffFile(taskId, file.new_path ?? file.old_path ?? "").then(
      (full) => live && setFile(full),
      (e: CommandError) => live && setError(e.message),
    );
    return () => {
      live = false;
    };
  }, [unfolded, file, taskId]);
  return (
    <details
      className="diff-file"
      open={unfolded}
      onToggle={(e) => setUnfolded((e.currentTarget as HTMLDetailsElement).open)}
    >
      <summary>
        <span className={`diff-change diff-change-${file.change}`}>{file.change}</span> <code>{fileTitle(file)}</code>{" "}
        {!file.binary && (
          <span className="muted">
            +{file.additions} −{file.deletions}
          </span>
        )}
      </summary>
      {unfolded && file.hunks_omitted && !error && <p className="muted">Loading…</p>}
      {error && <p className="error">{error}</p>}
      {unfolded && <FileBody file={file} layout={layout} />}
    </details>
  );
});

function FileBody({ file, layout }: { file: FileDiff; layout: "unified" | "split" }) {
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
              layout === "unified" ? (
                <UnifiedHunk key={hunk.header} hunk={hunk} language={languageOf(fileTitle(file))} />
              ) : (
                <SplitHunk key={hunk.header} hunk={hunk} language={languageOf(fileTitle(file))} />
              ),
            )}
          </tbody>
        </table>
      )}
    </>
  );
}

/** A line's text, coloured when its language is known. */
function Code({ line, language }: { line: DiffLine | undefined; language: string | null }) {
  if (!line) return null;
  const html = highlightLine(line.text, language);
  // highlight.js escapes the text it is given; its output is spans with classes only.
  return html === null ? <>{line.text}</> : <span dangerouslySetInnerHTML={{ __html: html }} />;
}

function UnifiedHunk({ hunk, language }: { hunk: Hunk; language: string | null }) {
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
            <Code line={line} language={language} />
          </td>
        </tr>
      ))}
    </>
  );
}

/** Removed lines on the left, added on the right, paired in order within each run of changes. */
function SplitHunk({ hunk, language }: { hunk: Hunk; language: string | null }) {
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
            <Code line={row.left} language={language} />
          </td>
          <td className="diff-no">{row.right?.new_no ?? ""}</td>
          <td className={`diff-text diff-${row.right?.kind ?? "empty"}`}>
            <Code line={row.right} language={language} />
          </td>
        </tr>
      ))}
    </>
  );
}
