import { useState } from "react";

/** One thing a dependency can be added on: a task or a backlog item of the same project. */
export interface Pickable {
  id: string;
  title: string;
}

/**
 * The "add a dependency" row shared by tasks and backlog items: a labelled picker of the project's other
 * entries (loading until they are known) and a button that hands the picked id to `onAdd`. The caller
 * leaves out the entry itself and what it already depends on; the core still refuses cycles.
 */
export function DependencyPicker({
  label,
  emptyOption,
  choices,
  submit,
  onAdd,
}: {
  label: string;
  /** What the empty option says once the choices are known. */
  emptyOption: string;
  /** `null` while loading. */
  choices: Pickable[] | null;
  submit: string;
  /** Whether the dependency was added (the picker then clears; on a refusal it keeps the pick). */
  onAdd: (id: string) => Promise<boolean>;
}) {
  const [picked, setPicked] = useState("");
  return (
    <form
      className="row-actions dependency-picker"
      onSubmit={(e) => {
        e.preventDefault();
        if (picked) void onAdd(picked).then((added) => added && setPicked(""));
      }}
    >
      <label>
        {label}
        <select value={picked} onChange={(e) => setPicked(e.target.value)} disabled={!choices}>
          <option value="">{choices ? emptyOption : "loading…"}</option>
          {(choices ?? []).map((c) => (
            <option key={c.id} value={c.id}>
              {c.title}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" disabled={!picked}>
        {submit}
      </button>
    </form>
  );
}
