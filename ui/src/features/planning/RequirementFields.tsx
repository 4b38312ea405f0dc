// The texts of a requirement as one field set, shared by the new-requirement form and the editor so both
// write a requirement the same way: what the planner reads besides the project context.
import type { Requirement } from "../../ipc";

export type RequirementText = Pick<Requirement, "title" | "summary" | "description" | "audience" | "success_criteria">;

export const EMPTY_REQUIREMENT: RequirementText = { title: "", summary: "", description: "", audience: "", success_criteria: "" };

export function RequirementFields({
  value,
  onChange,
  titleLabel,
}: {
  value: RequirementText;
  onChange: (next: RequirementText) => void;
  /** The new-requirement form calls its title "Requirement"; the editor, "Title". */
  titleLabel: string;
}) {
  const field = (key: keyof RequirementText) => (e: { target: { value: string } }) => onChange({ ...value, [key]: e.target.value });
  return (
    <div className="requirement-fields">
      <label className="wide">
        {titleLabel} <input value={value.title} onChange={field("title")} placeholder="What should exist" />
      </label>
      <label className="wide">
        Summary <textarea rows={2} value={value.summary} onChange={field("summary")} placeholder="One or two sentences" />
      </label>
      <label className="wide">
        Description <textarea rows={5} value={value.description} onChange={field("description")} placeholder="Details, constraints, links" />
      </label>
      <label>
        Audience <input value={value.audience} onChange={field("audience")} placeholder="Who it is for" />
      </label>
      <label>
        Success criteria{" "}
        <textarea rows={3} value={value.success_criteria} onChange={field("success_criteria")} placeholder="How we know it is done" />
      </label>
    </div>
  );
}
