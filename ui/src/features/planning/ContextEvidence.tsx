import { ErrorLine } from "../../components/Status";
import { useEffect, useState } from "react";
import type { ReactNode } from "react";
import { CommandError, type ContextSummary, ipc, type RelatedFileRef, type RunContext } from "../../ipc";

const SOURCES: Array<[keyof ContextSummary["dropped_counts"], string]> = [
  ["open_tasks", "open tasks"],
  ["recent_documents", "documents"],
  ["open_drift_signals", "drift signals"],
  ["latest_sync_run", "sync run"],
  ["recent_agent_runs", "agent runs"],
];

function kib(bytes: number): string {
  return bytes < 1024 ? `${bytes} B` : `${(bytes / 1024).toFixed(1)} KiB`;
}

/** Why a file is in the pack: the requirement's words its path holds, the documents that link it. */
function relatedBecause(file: RelatedFileRef): string {
  const why = [];
  if (file.matched_keywords.length > 0) why.push(`matches ${file.matched_keywords.join(", ")}`);
  const linkedFrom = file.linked_from ?? [];
  if (linkedFrom.length > 0) why.push(`linked from ${linkedFrom.join(", ")}`);
  return why.join("; ");
}

function PackPart({ heading, children }: { heading: string; children: ReactNode }) {
  return (
    <section className="pack-part">
      <h4>{heading}</h4>
      {children}
    </section>
  );
}

/**
 * The project context a planning run was given, kept as evidence: what went in, what was cut to fit the
 * byte budget, and which files the planner treated as the source of truth. Loaded when first opened.
 */
export function ContextEvidence({ runId }: { runId: string }) {
  const [open, setOpen] = useState(false);
  const [summary, setSummary] = useState<RunContext | null>(null);
  const [error, setError] = useState<string | CommandError | null>(null);
  useEffect(() => {
    if (!open || summary) return;
    ipc.contextSummary(runId).then(setSummary, (e: CommandError) => setError(e));
  }, [open, runId, summary]);
  return (
    <details className="evidence-drawer" onToggle={(e) => setOpen((e.target as HTMLDetailsElement).open)}>
      <summary>Context evidence</summary>
      <ErrorLine message={error} />
      {!summary && !error && open && <p className="muted">Loading the context…</p>}
      {summary && !summary.available && <p className="muted">This run kept no context snapshot.</p>}
      {summary?.available && (
        <div>
          <dl className="context-facts">
            <div className="context-pack">
              <dt>Pack</dt>
              <dd>
                <code>{summary.pack_id}</code> ({summary.schema_version})
              </dd>
            </div>
            <div>
              <dt>Bytes used</dt>
              <dd>{kib(summary.sources_bytes)}</dd>
            </div>
            <div>
              <dt>Open tasks</dt>
              <dd>{summary.open_task_count}</dd>
            </div>
            <div>
              <dt>Documents</dt>
              <dd>{summary.document_count}</dd>
            </div>
            <div>
              <dt>Drift signals</dt>
              <dd>{summary.drift_count}</dd>
            </div>
            <div>
              <dt>Latest sync</dt>
              <dd>{summary.has_sync_run ? "included" : "none yet"}</dd>
            </div>
            <div>
              <dt>Agent runs</dt>
              <dd>{summary.agent_run_count}</dd>
            </div>
            <div>
              <dt>Task scale</dt>
              <dd>{summary.task_scale}</dd>
            </div>
            <div>
              <dt>Intent</dt>
              <dd>{summary.intent_mode}</dd>
            </div>
          </dl>
          <p aria-label="Truncation" className="context-cuts">
            {SOURCES.filter(([key]) => summary.dropped_counts[key] > 0).map(([key, label]) => (
              <span key={key} className="chip chip-warn">
                {summary.dropped_counts[key]} {label} cut
              </span>
            ))}
            {SOURCES.every(([key]) => summary.dropped_counts[key] === 0) && <span className="chip">nothing cut</span>}
          </p>
          {summary.source_of_truth.length > 0 && (
            <PackPart heading="Source of truth">
              <ul className="source-of-truth" aria-label="Source of truth">
                {summary.source_of_truth.map((file) => (
                  <li key={file.path}>
                    <code>{file.path}</code> <span className="muted">{file.role}</span>
                  </li>
                ))}
              </ul>
            </PackPart>
          )}
          {summary.sync_run && (
            <PackPart heading="Latest sync">
              <p aria-label="Latest sync run" className="source-of-truth">
                <span className="chip">{summary.sync_run.status}</span> started{" "}
                {new Date(summary.sync_run.started_at).toLocaleString()}
                {summary.sync_run.error_message && `: ${summary.sync_run.error_message}`}
              </p>
            </PackPart>
          )}
          {summary.documents.length > 0 && (
            <PackPart heading="Documents">
              <ul aria-label="Documents in the pack" className="source-of-truth">
                {summary.documents.map((doc) => (
                  <li key={doc.id}>
                    {doc.title} <code>{doc.file_path}</code>
                    {doc.is_stale && <span className="chip chip-warn pack-chip">stale</span>}
                  </li>
                ))}
              </ul>
            </PackPart>
          )}
          {summary.drift_signals.length > 0 && (
            <PackPart heading="Drift signals">
              <ul aria-label="Drift signals in the pack" className="source-of-truth">
                {summary.drift_signals.map((signal) => (
                  <li key={signal.id}>
                    <span className="chip">{signal.severity}</span> {signal.document_title}{" "}
                    <span className="muted">{signal.trigger_detail}</span>
                  </li>
                ))}
              </ul>
            </PackPart>
          )}
          {summary.related_files.length > 0 && (
            <PackPart heading="Related files">
              <ul aria-label="Related files in the pack" className="source-of-truth">
                {summary.related_files.map((file) => (
                  <li key={file.path}>
                    <code>{file.path}</code> <span className="muted">{relatedBecause(file)}</span>
                  </li>
                ))}
              </ul>
            </PackPart>
          )}
          {summary.warnings.map((w) => (
            <p key={w} className="muted">
              ⚠ {w}
            </p>
          ))}
        </div>
      )}
    </details>
  );
}
