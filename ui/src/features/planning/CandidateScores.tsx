// A candidate's priority and confidence, labelled with their scale, each explaining its formula in a
// popover that opens on hover and on keyboard focus.
import { type ReactNode, useId, useState } from "react";
import type { BacklogCandidate } from "../../ipc";
import { confidenceParts, onHundredScale, priorityParts, type ScorePart, scoreBreakdown, signed } from "./scoreParts";

/** Scores that differ by less than this are the same score, rounded. */
const SAME_SCORE = 0.05;

export function CandidateScores({ candidate }: { candidate: BacklogCandidate }) {
  const breakdown = scoreBreakdown(candidate.evidence_detail);
  const priority = onHundredScale(candidate.priority_score);
  const confidence = onHundredScale(candidate.confidence);
  return (
    <>
      <ScoreFact
        label={
          <>
            Priority <strong>{Math.round(priority)}/100</strong>
          </>
        }
      >
        <p>How much doing this now is worth, on a 0–100 scale.</p>
        {breakdown ? (
          <>
            <Parts parts={priorityParts(breakdown)} total="Priority" value={breakdown.final_priority_score} />
            {Math.abs(breakdown.final_priority_score - priority) >= SAME_SCORE && (
              <p className="muted">The planner set {priority.toFixed(1)} itself; the formula above is the core's estimate.</p>
            )}
          </>
        ) : (
          <p className="muted">This planner kept no breakdown of the score.</p>
        )}
      </ScoreFact>
      <ScoreFact
        label={
          <>
            Confidence <strong>{Math.round(confidence)}%</strong>
          </>
        }
      >
        <p>How sure the planner is that this candidate is right.</p>
        {breakdown ? (
          <>
            <Parts parts={confidenceParts(breakdown)} total="Confidence" value={breakdown.final_confidence} unit="%" />
            {Math.abs(breakdown.final_confidence - confidence) >= SAME_SCORE && (
              <p className="muted">The planner set {confidence.toFixed(1)}% itself; the sum above is the core's estimate.</p>
            )}
          </>
        ) : (
          <p className="muted">This planner kept no breakdown of the confidence.</p>
        )}
      </ScoreFact>
    </>
  );
}

function Parts({ parts, total, value, unit = "" }: { parts: ScorePart[]; total: string; value: number; unit?: string }) {
  return (
    <dl className="score-parts">
      {parts.map((part) => (
        <div key={part.name}>
          <dt>{part.name}</dt>
          <dd>{signed(part.contribution)}</dd>
        </div>
      ))}
      <div className="score-total">
        <dt>{total}</dt>
        <dd>
          {value.toFixed(1)}
          {unit}
        </dd>
      </div>
    </dl>
  );
}

/**
 * A focusable score with its explanation. A title attribute would be unreachable by keyboard and unread
 * by many screen readers, so the explanation is a real element the score points at (aria-describedby);
 * it stays open while the pointer is over it and Esc dismisses it without moving focus.
 */
function ScoreFact({ label, children }: { label: ReactNode; children: ReactNode }) {
  const [shown, setShown] = useState(false);
  const tip = useId();
  return (
    <div
      className="score-fact"
      onMouseEnter={() => setShown(true)}
      onMouseLeave={() => setShown(false)}
      onFocus={() => setShown(true)}
      onBlur={() => setShown(false)}
      onKeyDown={(e) => {
        if (e.key === "Escape" && shown) {
          e.stopPropagation();
          setShown(false);
        }
      }}
    >
      <button type="button" className="score-chip" aria-describedby={tip} onClick={() => setShown(true)}>
        {label}
      </button>
      <div role="tooltip" id={tip} className="score-tip" hidden={!shown}>
        {children}
      </div>
    </div>
  );
}
