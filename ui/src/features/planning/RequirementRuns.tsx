// The review area of one requirement: its texts, starting a planning run, the runs it had, and the
// candidates of the run under review.
import { useEffect, useState } from "react";
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
import { CandidateCard } from "./CandidateCard";
import { ContextEvidence } from "./ContextEvidence";
import { PlanGraph } from "./PlanGraph";
import { RequirementEditor } from "./RequirementEditor";
import { percent } from "./scoreParts";

const PROVIDER_LABELS: Record<ProviderKind, string> = {
  deterministic: "built-in (offline)",
  "openai-compatible": "OpenAI-compatible model",
  agent: "local agent CLI",
};

const TEMPLATE_LABELS: Record<PlanningTemplate, string> = {
  backlog: "backlog candidates",
  whatsnext: "what's next",
};

export function RequirementRuns({
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
  // The provider the settings choose: when it is a model or an agent, it is the default and the built-in
  // planner is offered as what it is next to them, an offline draft.
  const settings = useLive(() => ipc.listSettings(), [], ["settings"]);
  const configured = (settings.state.kind === "ready"
    ? settings.state.data.find((s) => s.key === "planning.provider")?.value
    : undefined) as ProviderKind | undefined;
  const label = (k: ProviderKind) =>
    k === "deterministic" && configured && configured !== "deterministic" ? "offline draft (built-in)" : PROVIDER_LABELS[k];
  const [template, setTemplate] = useState<PlanningTemplate>("backlog");
  const runs = state.kind === "ready" ? state.data : [];
  const [picked, setPicked] = useState<string | null>(focusRun?.id ?? null);
  useEffect(() => {
    if (focusRun) setPicked(focusRun.id);
  }, [focusRun]);
  // The picked run, else the newest one (a new run takes over the review when it starts).
  const shown = runs.find((r) => r.id === picked) ?? runs[0];
  return (
    // An aside named "Planning runs": the app's notice test finds the review by that landmark.
    <aside aria-label="Planning runs" className="planning-runs">
      {requirement && (
        <header className="requirement-head">
          <h3>{requirement.title}</h3>
          <Badge kind="status" value={requirement.status} />
          {requirement.summary && <p className="muted">{requirement.summary}</p>}
        </header>
      )}
      {requirement && (
        <details className="evidence-drawer">
          <summary>Edit the requirement</summary>
          <RequirementEditor key={requirement.id} requirement={requirement} onSaved={onEdited} />
        </details>
      )}
      <PlanGraph requirementId={requirementId} />
      <form
        className="inline-form plan-form"
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
            <option value="">{configured ? `${PROVIDER_LABELS[configured]} (settings)` : "from settings"}</option>
            {PROVIDER_KINDS.filter((k) => k !== configured).map((k) => (
              <option key={k} value={k}>
                {label(k)}
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
        <button type="submit" className="primary">
          Plan this requirement
        </button>
      </form>
      <ErrorLine message={error} />
      <LiveStatus state={state} what="planning runs" />
      {state.kind === "ready" && runs.length === 0 && (
        <p className="muted">No run yet: plan this requirement to get candidates to review.</p>
      )}
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
  const [role, setRole] = useState<Record<string, string>>({});
  if (state.kind !== "ready") return <LiveStatus state={state} what="the run" />;
  const run = state.data;
  const q = run.quality_summary;
  return (
    <div className="run-review">
      <p className="run-summary">
        Run <Badge kind="run" value={run.status} /> · {q.total} candidate(s), {q.pending} pending
        {q.acceptance_rate != null && <> · acceptance {percent(q.acceptance_rate)}</>}
      </p>
      {run.error_kind && (
        <div className="failure" role="status">
          <strong>{run.error_kind}</strong>: {run.error_message}
          {run.remediation && <p>{run.remediation}</p>}
        </div>
      )}
      <ContextEvidence runId={run.id} />
      <ol className="candidates">
        {run.candidates.map((c) => (
          <CandidateCard
            key={c.id}
            candidate={c}
            roles={roles}
            // The role the candidate already carries is the starting pick, so applying it keeps that role.
            role={role[c.id] ?? c.execution_role ?? ""}
            onRole={(roleId) => setRole((picks) => ({ ...picks, [c.id]: roleId }))}
            onChanged={reload}
          />
        ))}
      </ol>
    </div>
  );
}
