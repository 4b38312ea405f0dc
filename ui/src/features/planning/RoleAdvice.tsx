// The role router's advice on one candidate: asking for it, and showing the answer for the operator to
// take or leave.
import { ErrorLine } from "../../components/Status";
import { useState } from "react";
import { CommandError, ipc, type SuggestOutcome } from "../../ipc";
import { percent } from "./scoreParts";

export type RoleAdviceState = {
  ask: () => void;
  busy: boolean;
  outcome: SuggestOutcome | null;
  error: CommandError | null;
};

/**
 * Asks the router which role fits a candidate, on demand. Asking is an explicit act (a menu choice),
 * never an effect on mount: with an agent router every question is a paid model call.
 */
export function useRoleAdvice(candidateId: string): RoleAdviceState {
  const [outcome, setOutcome] = useState<SuggestOutcome | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<CommandError | null>(null);
  const ask = () => {
    setBusy(true);
    ipc.suggestRole(candidateId).then(
      (answer) => {
        setOutcome(answer);
        setError(null);
        setBusy(false);
      },
      (e: CommandError) => {
        setError(e);
        setBusy(false);
      },
    );
  };
  return { ask, busy, outcome, error };
}

/**
 * The router's answer: the role, its confidence and reasoning, and the alternatives. Nothing changes
 * until the operator picks one with `onUse`.
 */
export function RoleAdvice({ advice, onUse, onClose }: { advice: RoleAdviceState; onUse: (roleId: string) => void; onClose: () => void }) {
  const { outcome, busy, error } = advice;
  const suggestion = outcome?.suggestion;
  return (
    <div className="role-advice candidate-panel" aria-label="Role suggestion" role="group" aria-busy={busy}>
      {busy && <p className="muted">Asking the role router…</p>}
      <ErrorLine message={error} />
      {!busy && outcome && !suggestion && (
        <p className="failure" role="status">
          <strong>{outcome.error_kind}</strong>: {outcome.error_message}
          {outcome.remediation && <> {outcome.remediation}</>}
        </p>
      )}
      {!busy && suggestion && (
        <div className="suggestion">
          <p>
            <strong>{suggestion.role_id}</strong> ({percent(suggestion.confidence)} confident){" "}
            <button type="button" className="primary" onClick={() => onUse(suggestion.role_id)}>
              Use {suggestion.role_id}
            </button>
          </p>
          <p className="muted">{suggestion.reasoning}</p>
          {suggestion.alternatives.length > 0 && (
            <ul className="alternatives">
              {suggestion.alternatives.map((alt) => (
                <li key={alt.role_id}>
                  <button type="button" className="link" onClick={() => onUse(alt.role_id)}>
                    {alt.role_id}
                  </button>{" "}
                  <span className="muted">
                    {percent(alt.score)} · {alt.reason}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      <span className="row-actions">
        <button type="button" onClick={advice.ask} disabled={busy}>
          Ask again
        </button>
        <button type="button" className="ghost" onClick={onClose}>
          Close
        </button>
      </span>
    </div>
  );
}
