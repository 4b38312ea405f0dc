import { useState } from "react";
import { ErrorLine, LiveStatus } from "../../components/Status";
import { useLive } from "../../hooks/useLive";
import { DocumentDetail } from "./DocumentDetail";
import { CommandError, type DocumentEntry, type DriftSignal, type DriftStatus, ipc, type SyncRun } from "../../ipc";

const SEVERITY = { 3: "high", 2: "medium", 1: "low" } as const;

function severityName(level: number): string {
  return SEVERITY[level as 1 | 2 | 3] ?? String(level);
}

function when(stamp: string | null | undefined): string {
  if (!stamp) return "—";
  return new Date(stamp).toLocaleString();
}

/**
 * What the repository says and how far the documents have drifted from the code: the latest sync (run
 * one now), the open drift signals to triage, and the documents registry with staleness, links and a
 * preview. Every action is a core command; the screen redraws when the core reports a change.
 */
export function KnowledgeScreen({ projectId }: { projectId: string }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<CommandError | null>(null);
  const act = (work: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    work()
      .catch((e: unknown) => setError(e instanceof CommandError ? e : new CommandError({ code: "io", message: String(e) })))
      .finally(() => setBusy(false));
  };
  return (
    <section aria-labelledby="knowledge-heading" className="panel knowledge">
      <h2 id="knowledge-heading">Knowledge</h2>
      <ErrorLine error={error} />
      <SyncSummary
        projectId={projectId}
        busy={busy}
        onSync={() => act(() => ipc.runSync(projectId))}
        onUseBranch={(branch) =>
          act(async () => {
            await ipc.setProjectWorkspace(projectId, null, branch, null, null);
            await ipc.runSync(projectId);
          })
        }
      />
      <DriftList projectId={projectId} act={act} busy={busy} />
      <DocumentList projectId={projectId} act={act} busy={busy} />
    </section>
  );
}

function SyncSummary({
  projectId,
  busy,
  onSync,
  onUseBranch,
}: {
  projectId: string;
  busy: boolean;
  onSync: () => void;
  onUseBranch: (branch: string) => void;
}) {
  const { state } = useLive(() => ipc.listSyncRuns(projectId, 1), [projectId], ["sync_runs"]);
  const latest: SyncRun | undefined = state.kind === "ready" ? state.data[0] : undefined;
  return (
    <div className="sync-summary" aria-label="Latest sync">
      <button type="button" className="primary" disabled={busy} onClick={onSync}>
        {busy ? "Working…" : "Sync now"}
      </button>
      {state.kind !== "ready" && <LiveStatus state={state} what="the sync runs" />}
      {state.kind === "ready" && !latest && <span className="muted">Never synced: a sync scans the last 30 days of history.</span>}
      {latest && (
        <span className={latest.status === "failed" ? "sync-line failed" : "sync-line"}>
          Last sync {when(latest.completed_at ?? latest.started_at)} ({latest.triggered_by}):{" "}
          {latest.status === "failed" ? (
            <>
              <span data-code="sync_failed">{latest.error_message}</span>
              {latest.detected_branch && (
                <button type="button" className="ghost" disabled={busy} onClick={() => onUseBranch(latest.detected_branch)}>
                  Use {latest.detected_branch} and sync again
                </button>
              )}
            </>
          ) : (
            <>
              {latest.commits_scanned} commit(s), {latest.files_changed} file(s) on <code>{latest.branch || "—"}</code>,{" "}
              {latest.signals_created} new signal(s)
            </>
          )}
        </span>
      )}
    </div>
  );
}

const STATUS_CHOICES: Array<DriftStatus | "all"> = ["open", "resolved", "dismissed", "all"];

function DriftList({ projectId, act, busy }: { projectId: string; act: (w: () => Promise<unknown>) => void; busy: boolean }) {
  const [status, setStatus] = useState<DriftStatus | "all">("open");
  const [sort, setSort] = useState<"severity" | "time">("severity");
  const { state } = useLive(
    () => ipc.listDrift(projectId, status === "all" ? null : status, sort),
    [projectId, status, sort],
    ["drift_signals", "documents"],
  );
  const move = (s: DriftSignal, to: DriftStatus) => act(() => ipc.setDriftStatus(s.id, to));
  return (
    <section aria-labelledby="drift-heading">
      <div className="section-head">
        <h3 id="drift-heading">Drift</h3>
        <label>
          Show{" "}
          <select value={status} onChange={(e) => setStatus(e.target.value as DriftStatus | "all")}>
            {STATUS_CHOICES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <label>
          Order{" "}
          <select value={sort} onChange={(e) => setSort(e.target.value as "severity" | "time")}>
            <option value="severity">most severe first</option>
            <option value="time">newest first</option>
          </select>
        </label>
        <button type="button" className="ghost" disabled={busy} onClick={() => act(() => ipc.resolveAllDrift(projectId))}>
          Resolve all
        </button>
      </div>
      {state.kind !== "ready" && <LiveStatus state={state} what="the drift signals" />}
      {state.kind === "ready" && state.data.length === 0 && <p className="muted">No {status === "all" ? "" : status} drift signals.</p>}
      {state.kind === "ready" && state.data.length > 0 && (
        <ul className="drift-list" aria-label="Drift signals">
          {state.data.map((s) => (
            <li key={s.id} data-severity={s.severity}>
              <span className={`chip severity-${severityName(s.severity)}`}>{severityName(s.severity)}</span>
              <span className="drift-doc">
                <code>{s.document_path}</code> <span className="muted">{s.trigger_type.replace("_", " ")}, {s.confidence} confidence</span>
                <span className="drift-detail">{s.trigger_detail}</span>
              </span>
              <span className="drift-actions">
                {s.status === "open" ? (
                  <>
                    <button type="button" className="ghost" disabled={busy} onClick={() => move(s, "resolved")}>
                      Resolve
                    </button>
                    <button type="button" className="ghost" disabled={busy} onClick={() => move(s, "dismissed")}>
                      Dismiss
                    </button>
                  </>
                ) : (
                  <button type="button" className="ghost" disabled={busy} onClick={() => move(s, "open")}>
                    Reopen
                  </button>
                )}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function DocumentList({ projectId, act, busy }: { projectId: string; act: (w: () => Promise<unknown>) => void; busy: boolean }) {
  const { state } = useLive(() => ipc.listDocuments(projectId), [projectId], ["documents"]);
  const [preview, setPreview] = useState<string | null>(null);
  const [opened, setOpened] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  const [title, setTitle] = useState("");
  const [path, setPath] = useState("");
  return (
    <section aria-labelledby="documents-heading">
      <div className="section-head">
        <h3 id="documents-heading">Documents</h3>
        {state.kind === "ready" && (
          <span className="muted">
            {state.data.length} registered, {state.data.filter((d) => d.is_stale).length} stale
          </span>
        )}
        <button type="button" className="ghost" disabled={busy} onClick={() => act(() => ipc.discoverDocuments(projectId))}>
          Discover again
        </button>
        <button type="button" className="ghost" aria-expanded={adding} onClick={() => setAdding(!adding)}>
          Add a document
        </button>
      </div>
      {adding && (
        <form
          className="inline-form"
          aria-label="Add a document"
          onSubmit={(e) => {
            e.preventDefault();
            act(async () => {
              await ipc.addDocument(projectId, title, path, null, null);
              setTitle("");
              setPath("");
              setAdding(false);
            });
          }}
        >
          <label>
            Title
            <input value={title} onChange={(e) => setTitle(e.target.value)} />
          </label>
          <label>
            Path in the repository
            <input value={path} placeholder="docs/runbook.md" onChange={(e) => setPath(e.target.value)} />
          </label>
          <button type="submit" disabled={busy || !title.trim() || !path.trim()}>
            Add
          </button>
        </form>
      )}
      {state.kind !== "ready" && <LiveStatus state={state} what="the documents" />}
      {state.kind === "ready" && state.data.length === 0 && (
        <p className="muted">No documents found: a README, docs/ or ADRs appear here after the next sync.</p>
      )}
      {state.kind === "ready" && state.data.length > 0 && (
        <table className="documents" aria-label="Documents">
          <thead>
            <tr>
              <th scope="col">Document</th>
              <th scope="col">Type</th>
              <th scope="col">Updated</th>
              <th scope="col">Links</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {state.data.map((d: DocumentEntry) => (
              <tr key={d.id}>
                <td>
                  <button type="button" className="link doc-title" aria-expanded={opened === d.id} onClick={() => setOpened(opened === d.id ? null : d.id)}>
                    {d.title}
                  </button>{" "}
                  <code className="muted">{d.file_path}</code>
                  {d.is_stale && (
                    <span className="chip chip-warn" title="Code it covers changed, or it went too long without an update">
                      {d.staleness_days > 0 ? `stale ${d.staleness_days} d` : "stale"}
                    </span>
                  )}
                </td>
                <td>{d.doc_type}</td>
                <td>{d.last_updated_at ? new Date(d.last_updated_at).toLocaleDateString() : "—"}</td>
                <td>{d.link_count}</td>
                <td className="row-actions">
                  <button type="button" className="ghost" onClick={() => setPreview(preview === d.id ? null : d.id)}>
                    {preview === d.id ? "Hide" : "Preview"}
                  </button>
                  <button type="button" className="ghost" disabled={busy} onClick={() => act(() => ipc.markDocumentUpdated(d.id))}>
                    Mark updated
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {opened && <DocumentDetail id={opened} act={act} busy={busy} onClose={() => setOpened(null)} />}
      {preview && <DocumentPreview id={preview} />}
    </section>
  );
}

function DocumentPreview({ id }: { id: string }) {
  const { state } = useLive(() => ipc.documentContent(id), [id], ["documents"]);
  if (state.kind !== "ready") return <LiveStatus state={state} what="the document" />;
  const c = state.data;
  return (
    <figure className="doc-preview" aria-label={`Preview of ${c.path}`}>
      <figcaption>
        <code>{c.path}</code> <span className="muted">{c.language}, {c.size_bytes} bytes{c.truncated ? ", cut at 256 KiB" : ""}</span>
      </figcaption>
      <pre>{c.content}</pre>
    </figure>
  );
}
