import { ErrorLine } from "../../components/Status";
import { useState } from "react";
import { CommandError, ipc, type SuggestOutcome } from "../../ipc";

/**
 * Asks the router which role fits a candidate and shows its answer: the role, its confidence and
 * reasoning, and the alternatives. Nothing changes until the operator picks one with `onUse`.
 */
export function RoleAdvice({ candidateId, onUse }: { candidateId: string; onUse: (roleId: string) => void }) {
  const [outcome, setOutcome] = useState<SuggestOutcome | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | CommandError | null>(null);
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
  const suggestion = outcome?.suggestion;
  return (
    <div className="role-advice">
      <button type="button" onClick={ask} disabled={busy}>
        {busy ? "Asking…" : "Suggest role"}
      </button>
      <ErrorLine message={error} />
      {outcome && !suggestion && (
        <p className="failure" role="status">
          <strong>{outcome.error_kind}</strong>: {outcome.error_message}
          {outcome.remediation && <> {outcome.remediation}</>}
        </p>
      )}
      {suggestion && (
        <div className="suggestion" aria-label="Role suggestion">
          <p>
            <strong>{suggestion.role_id}</strong> ({Math.round(suggestion.confidence * 100)}% confident){" "}
            <button type="button" onClick={() => onUse(suggestion.role_id)}>
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
                    {Math.round(alt.score * 100)}% · {alt.reason}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}
