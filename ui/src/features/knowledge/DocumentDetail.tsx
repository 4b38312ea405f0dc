import { useState } from "react";
import { LiveStatus } from "../../components/Status";
import { useLive } from "../../hooks/useLive";
import { ipc } from "../../ipc";

/**
 * One document: its links to code (the operator's and those its text makes), the code beside it that it
 * probably covers (one click links it), its open drift, and the forms to link a path or raise drift by
 * hand. Every change goes through `act`, which shows its error.
 */
export function DocumentDetail({
  id,
  act,
  busy,
  onClose,
}: {
  id: string;
  act: (w: () => Promise<unknown>) => void;
  busy: boolean;
  onClose: () => void;
}) {
  const { state } = useLive(() => ipc.documentDetail(id), [id], ["documents", "drift_signals"]);
  const [path, setPath] = useState("");
  const [detail, setDetail] = useState("");
  const [severity, setSeverity] = useState("1");
  if (state.kind !== "ready") return <LiveStatus state={state} what="the document" />;
  const d = state.data;
  return (
    <section className="doc-detail" aria-label={`Document ${d.document.file_path}`}>
      <div className="section-head">
        <h4>{d.document.title}</h4>
        <code className="muted">{d.document.file_path}</code>
        <span className="muted">{d.document.source === "manual" ? "added by hand" : "discovered"}</span>
        <button type="button" className="ghost" onClick={onClose}>
          Close
        </button>
        <button type="button" className="danger" disabled={busy} onClick={() => act(async () => { await ipc.removeDocument(id); onClose(); })}>
          Remove from registry
        </button>
      </div>
      <h5>Linked code</h5>
      {d.links.length === 0 && <p className="muted">No links: a change to linked code marks the document stale and raises drift.</p>}
      <ul className="doc-links" aria-label="Linked code">
        {d.links.map((l) => (
          <li key={l.id}>
            <code>{l.code_path}</code> <span className="muted">{l.link_type.replace("_", " ")}, {l.origin === "mentioned" ? "named in its text" : "linked by you"}</span>
            {l.origin === "manual" && (
              <button type="button" className="ghost" disabled={busy} onClick={() => act(() => ipc.unlinkDocument(id, l.code_path))}>
                Unlink
              </button>
            )}
          </li>
        ))}
      </ul>
      {d.suggested_links.length > 0 && (
        <>
          <h5>Beside it</h5>
          <ul className="doc-links" aria-label="Suggested links">
            {d.suggested_links.map((p) => (
              <li key={p}>
                <code>{p}</code>{" "}
                <button type="button" className="ghost" disabled={busy} onClick={() => act(() => ipc.linkDocument(id, p, "covers"))}>
                  Link
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
      <form
        className="inline-form"
        aria-label="Link a code path"
        onSubmit={(e) => {
          e.preventDefault();
          if (!path.trim()) return;
          act(async () => {
            await ipc.linkDocument(id, path.trim(), "covers");
            setPath("");
          });
        }}
      >
        <label>
          Code path
          <input value={path} placeholder="src/billing/invoice.rs" onChange={(e) => setPath(e.target.value)} />
        </label>
        <button type="submit" disabled={busy || !path.trim()}>
          Link
        </button>
      </form>
      <form
        className="inline-form"
        aria-label="Raise drift"
        onSubmit={(e) => {
          e.preventDefault();
          if (!detail.trim()) return;
          act(async () => {
            await ipc.addDrift(id, detail.trim(), severity);
            setDetail("");
          });
        }}
      >
        <label>
          What is out of date
          <input value={detail} placeholder="The install steps name the old flag" onChange={(e) => setDetail(e.target.value)} />
        </label>
        <label>
          Severity
          <select value={severity} onChange={(e) => setSeverity(e.target.value)}>
            <option value="1">low</option>
            <option value="2">medium</option>
            <option value="3">high</option>
          </select>
        </label>
        <button type="submit" disabled={busy || !detail.trim()}>
          Raise drift
        </button>
      </form>
    </section>
  );
}
