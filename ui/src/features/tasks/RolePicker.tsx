import type { Role } from "../../ipc";

/** The execution role a task runs as, from the catalog; `none` names the empty choice. */
export function RolePicker({
  roles,
  value,
  onChange,
  none,
  disabled = false,
}: {
  roles: Role[];
  value: string;
  onChange: (role: string) => void;
  none: string;
  disabled?: boolean;
}) {
  return (
    <label>
      Role
      <select value={value} onChange={(e) => onChange(e.target.value)} disabled={disabled}>
        <option value="">{none}</option>
        {roles.map((r) => (
          <option key={r.id} value={r.id} title={r.use_case}>
            {r.title}
          </option>
        ))}
      </select>
    </label>
  );
}
