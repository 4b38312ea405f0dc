// Editing a requirement's texts after it was written; saved as one edit, validated by the core.
import { useState } from "react";
import { ErrorLine } from "../../components/Status";
import { CommandError, ipc, type Requirement } from "../../ipc";
import { RequirementFields, type RequirementText } from "./RequirementFields";

const textOf = (r: Requirement): RequirementText => ({
  title: r.title,
  summary: r.summary,
  description: r.description,
  audience: r.audience,
  success_criteria: r.success_criteria,
});

export function RequirementEditor({ requirement, onSaved }: { requirement: Requirement; onSaved: () => void }) {
  const [fields, setFields] = useState<RequirementText>(() => textOf(requirement));
  const [error, setError] = useState<string | CommandError | null>(null);
  const [saved, setSaved] = useState(false);
  const changed = (Object.keys(fields) as Array<keyof RequirementText>).some((k) => fields[k] !== textOf(requirement)[k]);
  return (
    <form
      className="stacked-form requirement-form"
      aria-label="Requirement"
      onSubmit={(e) => {
        e.preventDefault();
        ipc
          .editRequirement(requirement.id, {
            title: fields.title.trim(),
            summary: fields.summary,
            description: fields.description,
            audience: fields.audience,
            successCriteria: fields.success_criteria,
          })
          .then(
            () => {
              setError(null);
              setSaved(true);
              onSaved();
            },
            (err: CommandError) => setError(err),
          );
      }}
    >
      <RequirementFields
        titleLabel="Title"
        value={fields}
        onChange={(next) => {
          setSaved(false);
          setFields(next);
        }}
      />
      <span className="row-actions">
        <button type="submit" className="primary" disabled={!changed || !fields.title.trim()}>
          Save requirement
        </button>
        {saved && !changed && <span className="muted">Saved.</span>}
      </span>
      <ErrorLine message={error} />
    </form>
  );
}
