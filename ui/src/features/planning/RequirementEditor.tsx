import { ErrorLine } from "../../components/Status";
import { useState } from "react";
import { CommandError, ipc, type Requirement } from "../../ipc";

type Fields = Pick<Requirement, "title" | "summary" | "description" | "audience" | "success_criteria">;

/**
 * The full requirement, editable: what the planner reads besides the project context. Changes are saved
 * as one edit, validated by the core.
 */
export function RequirementEditor({ requirement, onSaved }: { requirement: Requirement; onSaved: () => void }) {
  const [fields, setFields] = useState<Fields>(requirement);
  const [error, setError] = useState<string | CommandError | null>(null);
  const [saved, setSaved] = useState(false);
  const set = (key: keyof Fields) => (e: { target: { value: string } }) => {
    setSaved(false);
    setFields({ ...fields, [key]: e.target.value });
  };
  const changed = (Object.keys(fields) as Array<keyof Fields>).some((k) => fields[k] !== requirement[k]);
  return (
    <form
      className="stacked-form"
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
      <label>
        Title <input value={fields.title} onChange={set("title")} />
      </label>
      <label>
        Summary <input value={fields.summary} onChange={set("summary")} />
      </label>
      <label>
        Description <textarea rows={4} value={fields.description} onChange={set("description")} />
      </label>
      <label>
        Audience <input value={fields.audience} onChange={set("audience")} />
      </label>
      <label>
        Success criteria <textarea rows={3} value={fields.success_criteria} onChange={set("success_criteria")} />
      </label>
      <span className="row-actions">
        <button type="submit" disabled={!changed || !fields.title.trim()}>
          Save requirement
        </button>
        {saved && !changed && <span className="muted">Saved.</span>}
      </span>
      <ErrorLine message={error} />
    </form>
  );
}
