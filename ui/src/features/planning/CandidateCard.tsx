// One candidate under review, as a compact card: what it is and how it scored, one primary action for
// its status, every other review action in the "More actions" menu, and the panel that menu opens.
import { useId, useState } from "react";
import { Badge, ErrorLine } from "../../components/Status";
import { type BacklogCandidate, CommandError, ipc, type Role } from "../../ipc";
import { CandidateEditForm, CandidateFeedbackForm, feedbackLabel } from "./CandidateEditor";
import { CandidateScores } from "./CandidateScores";
import { type MenuAction, MoreActions } from "./MoreActions";
import { AgentReadinessNote } from "../onboarding";
import { RoleAdvice, useRoleAdvice } from "./RoleAdvice";

type Panel = "edit" | "feedback" | "role" | null;

export function CandidateCard({
  candidate: c,
  roles,
  role,
  onRole,
  onChanged,
}: {
  candidate: BacklogCandidate;
  roles: Role[];
  /** The role picked for applying it; kept by the run so a reload does not lose it. */
  role: string;
  onRole: (roleId: string) => void;
  onChanged: () => void;
}) {
  const [panel, setPanel] = useState<Panel>(null);
  const [error, setError] = useState<string | CommandError | null>(null);
  /** How many candidates it builds on were not applied yet when it was applied (its task is held). */
  const [heldFor, setHeldFor] = useState(0);
  const apply = (approve: boolean) =>
    act(ipc.applyCandidate(c.id, role || null, null, approve).then((outcome) => setHeldFor(outcome.held_for.length)));
  const advice = useRoleAdvice(c.id);
  const title = useId();
  const act = (action: Promise<unknown>, after?: () => void) =>
    action.then(
      () => {
        setError(null);
        after?.();
        onChanged();
      },
      (e: CommandError) => setError(e),
    );
  // Rejected and applied candidates are settled: nothing about them is edited or applied from here.
  const reviewable = c.status === "draft" || c.status === "approved";
  const actions: MenuAction[] = [];
  if (c.status === "draft") actions.push({ label: "Approve", run: () => act(ipc.reviewCandidate(c.id, "approved")) });
  if (reviewable) {
    actions.push(
      { label: "Edit", run: () => setPanel("edit") },
      {
        label: "Suggest role",
        run: () => {
          setPanel("role");
          advice.ask();
        },
      },
    );
  }
  if (c.status !== "applied") actions.push({ label: "Give feedback", run: () => setPanel("feedback") });
  if (reviewable) {
    // Rejecting asks for the reason next: that feedback is what the run's quality summary learns from.
    actions.push({ label: "Reject", danger: true, run: () => act(ipc.reviewCandidate(c.id, "rejected"), () => setPanel("feedback")) });
  }
  if (c.status === "rejected") actions.push({ label: "Back to draft", run: () => act(ipc.reviewCandidate(c.id, "draft")) });
  const closePanel = () => setPanel(null);

  return (
    <li className={`candidate candidate-${c.status}`} aria-labelledby={title}>
      <div className="candidate-head">
        <span className="candidate-rank">
          <span className="visually-hidden">Rank </span>#{c.rank}
        </span>
        <strong id={title}>{c.title}</strong>
        <Badge kind="candidate" value={c.status} />
      </div>
      <div className="candidate-meta">
        <CandidateScores candidate={c} />
        {c.suggestion_type && <span className="chip">{c.suggestion_type.replaceAll("_", " ")}</span>}
        {!reviewable && c.execution_role && <span className="chip">role {c.execution_role}</span>}
        {c.duplicate_titles.length > 0 && (
          <span className="chip chip-warn">Possible duplicate of: {c.duplicate_titles.join(", ")}</span>
        )}
      </div>
      {c.description && <p className="candidate-description">{c.description}</p>}
      {(c.evidence.length > 0 || c.rationale) && (
        <details className="candidate-evidence">
          <summary>Why this candidate{c.evidence.length > 0 && ` · ${c.evidence.length} evidence`}</summary>
          {c.rationale && <p>{c.rationale}</p>}
          {c.evidence.length > 0 && (
            <ul className="evidence">
              {c.evidence.map((e) => (
                <li key={e}>{e}</li>
              ))}
            </ul>
          )}
        </details>
      )}
      {(c.feedback_kind || c.feedback_note) && (
        <p className="candidate-feedback">
          <span className="muted">Feedback</span>{" "}
          {c.feedback_kind && <span className="chip">{feedbackLabel(c.feedback_kind)}</span>}
          {c.feedback_note && <q>{c.feedback_note}</q>}
        </p>
      )}
      {c.status === "rejected" && !c.feedback_kind && !c.feedback_note && (
        <p className="muted candidate-feedback">Rejected without feedback.</p>
      )}
      {c.status !== "applied" && (
        <div className="candidate-actions">
          {reviewable && (
            <>
              <label className="candidate-role">
                Role
                <select aria-label={`Role for ${c.title}`} value={role} onChange={(e) => onRole(e.target.value)}>
                  <option value="">no role</option>
                  {roles.map((r) => (
                    <option key={r.id} value={r.id}>
                      {r.id}
                    </option>
                  ))}
                </select>
              </label>
              {c.status === "approved" ? (
                <button type="button" className="primary" onClick={() => apply(false)}>
                  Apply
                </button>
              ) : (
                <button type="button" className="primary" onClick={() => apply(true)}>
                  Approve and apply
                </button>
              )}
            </>
          )}
          {c.status === "rejected" && <span className="muted">Rejected: read-only until it is back to draft.</span>}
          <MoreActions name={`More actions for ${c.title}`} actions={actions} />
        </div>
      )}
      {c.status === "applied" && heldFor > 0 && (
        <p className="muted candidate-held" role="note">
          Not queued yet: it builds on {heldFor === 1 ? "a candidate" : `${heldFor} candidates`} not applied yet. Apply{" "}
          {heldFor === 1 ? "it" : "them"}, then “Run this plan” runs the tasks in order.
        </p>
      )}
      {reviewable && c.status !== "applied" && <AgentReadinessNote projectId={c.project_id} role={role} />}
      <ErrorLine message={error} />
      {reviewable && panel === "edit" && (
        <CandidateEditForm
          key={c.updated_at}
          candidate={c}
          onCancel={closePanel}
          onSaved={() => {
            closePanel();
            onChanged();
          }}
        />
      )}
      {c.status !== "applied" && panel === "feedback" && (
        <CandidateFeedbackForm
          key={c.updated_at}
          candidate={c}
          onCancel={closePanel}
          onSaved={() => {
            closePanel();
            onChanged();
          }}
        />
      )}
      {reviewable && panel === "role" && (
        <RoleAdvice
          advice={advice}
          onClose={closePanel}
          onUse={(roleId) => {
            onRole(roleId);
            closePanel();
          }}
        />
      )}
    </li>
  );
}
