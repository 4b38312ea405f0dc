// The form that writes a new requirement, with every text the planner reads, drawn across the review area
// so a long description has room.
import { useId, useState } from "react";
import { ErrorLine } from "../../components/Status";
import { CommandError, ipc, type Requirement } from "../../ipc";
import { EMPTY_REQUIREMENT, RequirementFields, type RequirementText } from "./RequirementFields";

/** An optional text as the core takes it: left out when blank, so the core keeps its own default. */
const optional = (text: string) => (text.trim() ? text : undefined);

export function NewRequirement({
  projectId,
  onAdded,
  onCancel,
}: {
  projectId: string;
  onAdded: (requirement: Requirement) => void;
  /** Absent when there is nothing else to show (the project has no requirement yet). */
  onCancel?: () => void;
}) {
  const [fields, setFields] = useState<RequirementText>(EMPTY_REQUIREMENT);
  const [error, setError] = useState<string | CommandError | null>(null);
  const heading = useId();
  return (
    <form
      className="stacked-form requirement-form"
      aria-labelledby={heading}
      onSubmit={(e) => {
        e.preventDefault();
        ipc
          .addRequirement(projectId, {
            title: fields.title.trim(),
            summary: optional(fields.summary),
            description: optional(fields.description),
            audience: optional(fields.audience),
            successCriteria: optional(fields.success_criteria),
          })
          .then(
            (r) => {
              setFields(EMPTY_REQUIREMENT);
              setError(null);
              onAdded(r);
            },
            (err: CommandError) => setError(err),
          );
      }}
    >
      <h3 id={heading}>New requirement</h3>
      <RequirementFields titleLabel="Requirement" value={fields} onChange={setFields} />
      <span className="row-actions">
        <button type="submit" className="primary" disabled={!fields.title.trim()}>
          Add requirement
        </button>
        {onCancel && (
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
        )}
      </span>
      <ErrorLine message={error} />
    </form>
  );
}
