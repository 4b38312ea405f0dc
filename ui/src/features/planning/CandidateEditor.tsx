import { ErrorLine } from "../../components/Status";
import { useState } from "react";
import { type BacklogCandidate, CommandError, FEEDBACK_KINDS, type FeedbackKind, ipc, type RawCandidatePatch } from "../../ipc";

const FEEDBACK_LABELS: Record<FeedbackKind, string> = {
  good_fit: "good fit",
  modified: "needed changes",
  fallback: "fallback",
  wrong_scope: "wrong scope",
  too_broad: "too broad",
  duplicate: "duplicate",
  low_quality: "low quality",
  other: "other",
};

/**
 * Edits a candidate before it is applied (title and description), and records the operator's feedback
 * on it, which the planning quality summary counts.
 */
export function CandidateEditor({ candidate, onChanged }: { candidate: BacklogCandidate; onChanged: () => void }) {
  const [editing, setEditing] = useState(false);
  const [title, setTitle] = useState(candidate.title);
  const [description, setDescription] = useState(candidate.description);
  const [feedback, setFeedback] = useState<FeedbackKind | "">("");
  const [note, setNote] = useState("");
  const [error, setError] = useState<string | CommandError | null>(null);
  const save = (patch: RawCandidatePatch, after: () => void) =>
    ipc.updateCandidate(candidate.id, patch).then(
      () => {
        setError(null);
        after();
        onChanged();
      },
      (e: CommandError) => setError(e),
    );
  return (
    <div className="candidate-editor">
      {!editing && (
        <button type="button" onClick={() => setEditing(true)}>
          Edit
        </button>
      )}
      {editing && (
        <form
          className="stacked-form"
          aria-label={`Edit ${candidate.title}`}
          onSubmit={(e) => {
            e.preventDefault();
            save({ title: title.trim(), description }, () => setEditing(false));
          }}
        >
          <label>
            Title <input value={title} onChange={(e) => setTitle(e.target.value)} />
          </label>
          <label>
            Description <textarea rows={3} value={description} onChange={(e) => setDescription(e.target.value)} />
          </label>
          <span className="row-actions">
            <button type="submit" disabled={!title.trim()}>
              Save
            </button>
            <button type="button" onClick={() => setEditing(false)}>
              Cancel
            </button>
          </span>
        </form>
      )}
      <form
        className="inline-form"
        aria-label={`Feedback on ${candidate.title}`}
        onSubmit={(e) => {
          e.preventDefault();
          if (feedback) save({ feedbackKind: feedback, feedbackNote: note.trim() }, () => setNote(""));
        }}
      >
        <select aria-label="Feedback" value={feedback} onChange={(e) => setFeedback(e.target.value as FeedbackKind | "")}>
          <option value="">feedback…</option>
          {FEEDBACK_KINDS.map((kind) => (
            <option key={kind} value={kind}>
              {FEEDBACK_LABELS[kind]}
            </option>
          ))}
        </select>
        <input aria-label="Feedback note" value={note} onChange={(e) => setNote(e.target.value)} placeholder="why (optional)" />
        <button type="submit" disabled={!feedback}>
          Send
        </button>
        {candidate.feedback_kind && <span className="chip">{candidate.feedback_kind.replace("_", " ")}</span>}
      </form>
      <ErrorLine message={error} />
    </div>
  );
}
