// Review edits of one candidate, opened from its card's menu: its texts, and the operator's feedback.
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

function isFeedbackKind(kind: string): kind is FeedbackKind {
  return (FEEDBACK_KINDS as readonly string[]).includes(kind);
}

/** A stored feedback kind as the operator picked it (the core stores the snake_case id). */
export function feedbackLabel(kind: string): string {
  return isFeedbackKind(kind) ? FEEDBACK_LABELS[kind] : kind.replaceAll("_", " ");
}

/** Saves a patch of `candidate`, then reports it; the failure stays on the form that sent it. */
function useCandidateSave(candidate: BacklogCandidate, onSaved: () => void) {
  const [error, setError] = useState<string | CommandError | null>(null);
  const save = (patch: RawCandidatePatch) =>
    ipc.updateCandidate(candidate.id, patch).then(
      () => {
        setError(null);
        onSaved();
      },
      (e: CommandError) => setError(e),
    );
  return { error, save };
}

/**
 * Edits a candidate's title and description before it is applied. Opened from the card's menu, so it
 * takes focus on opening.
 */
export function CandidateEditForm({
  candidate,
  onSaved,
  onCancel,
}: {
  candidate: BacklogCandidate;
  onSaved: () => void;
  onCancel: () => void;
}) {
  const [title, setTitle] = useState(candidate.title);
  const [description, setDescription] = useState(candidate.description);
  const { error, save } = useCandidateSave(candidate, onSaved);
  return (
    <form
      className="stacked-form candidate-panel"
      aria-label={`Edit ${candidate.title}`}
      onSubmit={(e) => {
        e.preventDefault();
        void save({ title: title.trim(), description });
      }}
    >
      <label>
        Title <input autoFocus value={title} onChange={(e) => setTitle(e.target.value)} />
      </label>
      <label>
        Description <textarea rows={4} value={description} onChange={(e) => setDescription(e.target.value)} />
      </label>
      <span className="row-actions">
        <button type="submit" className="primary" disabled={!title.trim()}>
          Save
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </span>
      <ErrorLine message={error} />
    </form>
  );
}

/**
 * Records the operator's feedback on a candidate (a kind and an optional note), which the run's quality
 * summary counts. Starts from the feedback already given, so sending it again amends it.
 */
export function CandidateFeedbackForm({
  candidate,
  onSaved,
  onCancel,
}: {
  candidate: BacklogCandidate;
  onSaved: () => void;
  onCancel: () => void;
}) {
  const [feedback, setFeedback] = useState<FeedbackKind | "">(isFeedbackKind(candidate.feedback_kind) ? candidate.feedback_kind : "");
  const [note, setNote] = useState(candidate.feedback_note);
  const { error, save } = useCandidateSave(candidate, onSaved);
  // The core refuses an edit that changes nothing; say so by the button rather than by an error.
  const unchanged = feedback === candidate.feedback_kind && note.trim() === candidate.feedback_note;
  return (
    <form
      className="inline-form candidate-panel"
      aria-label={`Feedback on ${candidate.title}`}
      onSubmit={(e) => {
        e.preventDefault();
        if (feedback) void save({ feedbackKind: feedback, feedbackNote: note.trim() });
      }}
    >
      <select autoFocus aria-label="Feedback" value={feedback} onChange={(e) => setFeedback(e.target.value as FeedbackKind | "")}>
        <option value="">feedback…</option>
        {FEEDBACK_KINDS.map((kind) => (
          <option key={kind} value={kind}>
            {FEEDBACK_LABELS[kind]}
          </option>
        ))}
      </select>
      <input aria-label="Feedback note" value={note} onChange={(e) => setNote(e.target.value)} placeholder="why (optional)" />
      <button type="submit" className="primary" disabled={!feedback || unchanged}>
        Send
      </button>
      <button type="button" onClick={onCancel}>
        Cancel
      </button>
      <ErrorLine message={error} />
    </form>
  );
}
