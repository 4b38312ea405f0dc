import { useEffect, useState } from "react";
import { CandidateEditor } from "./CandidateEditor";
import { ContextEvidence } from "./ContextEvidence";
import { RequirementEditor } from "./RequirementEditor";
import { RoleAdvice } from "./RoleAdvice";
import { Badge, ErrorLine, LiveStatus } from "../../components/Status";
import { useLive } from "../../hooks/useLive";
import {
  CommandError,
  ipc,
  PLANNING_TEMPLATES,
  type PlanningTemplate,
  PROVIDER_KINDS,
  type ProviderKind,
  type Requirement,
  type Role,
} from "../../ipc";

const PROVIDER_LABELS: Record<ProviderKind, string> = {
  deterministic: "built-in (offline)",
  "openai-compatible": "OpenAI-compatible model",
  agent: "local agent CLI",
};

const TEMPLATE_LABELS: Record<PlanningTemplate, string> = {
  backlog: "backlog candidates",
  whatsnext: "what's next",
};

/** Requirements, their planning runs, and review of the candidates a run produced. */
export function PlanningScreen({
  projectId,
  roles,
  focus = null,
}: {
  projectId: string;
  roles: Role[];
  /** A run to open (a clicked notice): its requirement is selected and the run reviewed. */
  focus?: { id: string; requirementId: string } | null;
}) {
  const { state, reload } = useLive(() => ipc.listRequirements(projectId, null, false), [projectId], ["requirements"]);
  const [title, setTitle] = useState("");
  const [summary, setSummary] = useState("");
  const [selected, setSelected] = useState<string | null>(focus?.requirementId ?? null);
  useEffect(() => {
    if (focus) setSelected(focus.requirementId);
  }, [focus]);
  const [error, setError] = useState<string | CommandError | null>(null);
  return (
    <section aria-labelledby="planning-heading" className="panel split">
      <div>
        <h2 id="planning-heading">Planning</h2>
        <form
          className="stacked-form"
          onSubmit={(e) => {
            e.preventDefault();
            ipc.addRequirement(projectId, { title, summary: summary || undefined }).then(
              (r) => {
                setTitle("");
                setSummary("");
                setError(null);
                setSelected(r.id);
                reload();
              },
              (err: CommandError) => setError(err),
            );
          }}
        >
          <label>
            Requirement <input value={title} onChange={(e) => setTitle(e.target.value)} placeholder="What should exist" />
          </label>
          <label>
            Summary <input value={summary} onChange={(e) => setSummary(e.target.value)} />
          </label>
          <button type="submit" disabled={!title.trim()}>
            Add requirement
          </button>
        </form>
        <ErrorLine message={error} />
        <LiveStatus state={state} what="requirements" />
        {state.kind === "ready" && (
          <ul className="list">
            {state.data.map((r: Requirement) => (
              <li key={r.id} className={r.id === selected ? "selected" : undefined}>
                <button type="button" className="link" onClick={() => setSelected(r.id)}>
                  {r.title}
                </button>{" "}
                <Badge kind="status" value={r.status} />
              </li>
            ))}
          </ul>
        )}
      </div>
      {selected && (
        <RequirementRuns
          key={selected}
          focusRun={focus?.requirementId === selected ? focus : null}
          requirement={state.kind === "ready" ? state.data.find((r) => r.id === selected) : undefined}
          requirementId={selected}
          roles={roles}
          onEdited={reload}
        />
      )}
    </section>
  );
}

function RequirementRuns({
  requirement,
  requirementId,
  roles,
  onEdited,
  focusRun,
}: {
  requirement: Requirement | undefined;
  requirementId: string;
  roles: Role[];
  onEdited: () => void;
  /** A run to review first (a clicked notice). */
  focusRun: { id: string } | null;
}) {
  const { state, reload } = useLive(() => ipc.listPlanningRuns(null, requirementId), [requirementId], ["planning_runs"]);
  const [error, setError] = useState<string | CommandError | null>(null);
  const [provider, setProvider] = useState<ProviderKind | "">("");
  const [template, setTemplate] = useState<PlanningTemplate>("backlog");
  const runs = state.kind === "ready" ? state.data : [];
  const [picked, setPicked] = useState<string | null>(focusRun?.id ?? null);
  useEffect(() => {
    if (focusRun) setPicked(focusRun.id);
  }, [focusRun]);
  // The picked run, else the newest one (a new run takes over the review when it starts).
  const shown = runs.find((r) => r.id === picked) ?? runs[0];
  return (
    <aside aria-label="Planning runs" className="detail">
      {requirement && (
        <details className="evidence-drawer">
          <summary>Edit the requirement</summary>
          <RequirementEditor key={requirement.id} requirement={requirement} onSaved={onEdited} />
        </details>
      )}
      <form
        className="inline-form"
        aria-label="Start a planning run"
        onSubmit={(e) => {
          e.preventDefault();
          ipc
            .startPlanningRun(requirementId, {
              provider: provider || undefined,
              template: template === "backlog" ? undefined : template,
            })
            .then(
              () => {
                setError(null);
                setPicked(null);
                reload();
              },
              (err: CommandError) => setError(err),
            );
        }}
      >
        <label>
          Planner
          <select value={provider} onChange={(e) => setProvider(e.target.value as ProviderKind | "")}>
            <option value="">from settings</option>
            {PROVIDER_KINDS.map((k) => (
              <option key={k} value={k}>
                {PROVIDER_LABELS[k]}
              </option>
            ))}
          </select>
        </label>
        <label>
          Template
          <select value={template} onChange={(e) => setTemplate(e.target.value as PlanningTemplate)}>
            {PLANNING_TEMPLATES.map((t) => (
              <option key={t} value={t}>
                {TEMPLATE_LABELS[t]}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">Plan this requirement</button>
      </form>
      <ErrorLine message={error} />
      <LiveStatus state={state} what="planning runs" />
      {runs.length > 1 && (
        <ol className="runs" aria-label="Runs of this requirement">
          {runs.map((r) => (
            <li key={r.id} className={r.id === shown?.id ? "selected" : undefined}>
              <button type="button" className="link" aria-pressed={r.id === shown?.id} onClick={() => setPicked(r.id)}>
                {r.template === "whatsnext" ? "What's next" : "Backlog"} · {r.provider_id || "—"}
                {r.model_id && ` (${r.model_id})`} · {r.created_at.slice(0, 16).replace("T", " ")}
              </button>{" "}
              <Badge kind="run" value={r.status} />
              {r.error_kind && <span className="muted"> {r.error_kind}</span>}
            </li>
          ))}
        </ol>
      )}
      {shown && <RunReview runId={shown.id} roles={roles} />}
    </aside>
  );
}

function RunReview({ runId, roles }: { runId: string; roles: Role[] }) {
  const { state, reload } = useLive(() => ipc.planningRun(runId), [runId], ["planning_runs", "candidates"]);
  const [error, setError] = useState<string | CommandError | null>(null);
  const [role, setRole] = useState<Record<string, string>>({});
  if (state.kind !== "ready") return <LiveStatus state={state} what="the run" />;
  const run = state.data;
  const q = run.quality_summary;
  const act = (action: Promise<unknown>) =>
    action.then(() => {
      setError(null);
      reload();
    }, (e: CommandError) => setError(e));
  return (
    <div>
      <p>
        Run <Badge kind="run" value={run.status} /> · {q.total} candidate(s), {q.pending} pending
        {q.acceptance_rate != null && <> · acceptance {Math.round(q.acceptance_rate * 100)}%</>}
      </p>
      {run.error_kind && (
        <div className="failure" role="status">
          <strong>{run.error_kind}</strong>: {run.error_message}
          {run.remediation && <p>{run.remediation}</p>}
        </div>
      )}
      <ErrorLine message={error} />
      <ContextEvidence runId={run.id} />
      <ol className="candidates">
        {run.candidates.map((c) => (
          <li key={c.id}>
            <div className="candidate-head">
              <strong>{c.title}</strong> <span className="score">{c.priority_score.toFixed(1)}</span>{" "}
              <Badge kind="candidate" value={c.status} />
            </div>
            <p className="muted">{c.description}</p>
            <ul className="evidence">
              {c.evidence.map((e) => (
                <li key={e}>{e}</li>
              ))}
            </ul>
            {c.duplicate_titles.length > 0 && (
              <p className="chip chip-warn">Possible duplicate of: {c.duplicate_titles.join(", ")}</p>
            )}
            {c.status !== "applied" && (
              <div className="row-actions">
                {c.status === "draft" && (
                  <button type="button" onClick={() => act(ipc.reviewCandidate(c.id, "approved"))}>
                    Approve
                  </button>
                )}
                {c.status !== "rejected" ? (
                  <button type="button" onClick={() => act(ipc.reviewCandidate(c.id, "rejected"))}>
                    Reject
                  </button>
                ) : (
                  <button type="button" onClick={() => act(ipc.reviewCandidate(c.id, "draft"))}>
                    Back to draft
                  </button>
                )}
                <select
                  aria-label={`Role for ${c.title}`}
                  value={role[c.id] ?? ""}
                  onChange={(e) => setRole({ ...role, [c.id]: e.target.value })}
                >
                  <option value="">no agent</option>
                  {roles.map((r) => (
                    <option key={r.id} value={r.id}>
                      {r.id}
                    </option>
                  ))}
                </select>
                {c.status === "approved" ? (
                  <button type="button" onClick={() => act(ipc.applyCandidate(c.id, role[c.id] || null, null, false))}>
                    Apply
                  </button>
                ) : (
                  <button type="button" onClick={() => act(ipc.applyCandidate(c.id, role[c.id] || null, null, true))}>
                    Approve and apply
                  </button>
                )}
                <RoleAdvice candidateId={c.id} onUse={(roleId) => setRole({ ...role, [c.id]: roleId })} />
                <CandidateEditor key={`${c.id}:${c.updated_at}`} candidate={c} onChanged={reload} />
              </div>
            )}
          </li>
        ))}
      </ol>
    </div>
  );
}
