import { memo, useState } from "react";
import type { DiffLine, FileDiff, Hunk, TaskDiff } from "../../ipc";
import { highlightLine, languageOf } from "./highlight";

/** Files whose hunks open by default; the rest start folded so a large change stays quick to open. */
const OPEN_FILES = 8;

/**
 * A task's change, file by file: unified or side by side, syntax-coloured by file type, each file foldable,
 * binary and oversized files shown as such. Rows are plain table rows; only opened files are drawn.
 */
export function DiffView({ diff }: { diff: TaskDiff }) {
  const [layout, setLayout] = useState<"unified" | "split">("unified");
  if (diff.files.length === 0) return <p className="muted">No changes on {diff.branch}.</p>;
  return (
    <section aria-label="Changes" className="diff">
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
      {diff.files.map((file, i) => (
        <FileBlock key={`${file.old_path}:${file.new_path}`} file={file} open={i < OPEN_FILES} layout={layout} />
      ))}
    </section>
  );
}

function fileTitle(file: FileDiff): string {
  if ((file.change === "renamed" || file.change === "copied") && file.old_path && file.new_path)
    return `${file.old_path} → ${file.new_path}`;
  return file.new_path ?? file.old_path ?? "";
}

const FileBlock = memo(function FileBlock({
  file,
  open,
  layout,
}: {
  file: FileDiff;
  open: boolean;
  layout: "unified" | "split";
}) {
  return (
    <details className="diff-file" open={open}>
      <summary>
        <span className={`diff-change diff-change-${file.change}`}>{file.change}</span> <code>{fileTitle(file)}</code>{" "}
        {!file.binary && (
          <span className="muted">
            +{file.additions} −{file.deletions}
          </span>
        )}
      </summary>
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
    </details>
  );
});

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
