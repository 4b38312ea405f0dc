import { type ReactNode, type RefObject, useState } from "react";
import { PRIORITIES, type Priority } from "../ipc";

/**
 * One line to add a titled thing with a priority (a backlog item, a task). `onAdd` resolves true when the
 * core took it, which clears the title; a refusal is the caller's to show. `children` go after the
 * button (more ways to add).
 */
export function QuickAdd({
  label,
  submit,
  name,
  onAdd,
  inputRef,
  fields,
  children,
}: {
  label: string;
  submit: string;
  /** The form's accessible name. */
  name: string;
  onAdd: (title: string, priority: Priority) => Promise<boolean>;
  inputRef?: RefObject<HTMLInputElement | null>;
  /** More inputs, before the button. */
  fields?: ReactNode;
  children?: ReactNode;
}) {
  const [title, setTitle] = useState("");
  const [priority, setPriority] = useState<Priority>("medium");
  return (
    <form
      className="inline-form"
      aria-label={name}
      onSubmit={(e) => {
        e.preventDefault();
        onAdd(title, priority).then((added) => added && setTitle(""));
      }}
    >
      <label>
        {label} <input ref={inputRef} value={title} onChange={(e) => setTitle(e.target.value)} placeholder="What needs doing" />
      </label>
      <label>
        Priority
        <select value={priority} onChange={(e) => setPriority(e.target.value as Priority)}>
          {PRIORITIES.map((p) => (
            <option key={p}>{p}</option>
          ))}
        </select>
      </label>
      {fields}
      <button type="submit" disabled={!title.trim()}>
        {submit}
      </button>
      {children}
    </form>
  );
}
