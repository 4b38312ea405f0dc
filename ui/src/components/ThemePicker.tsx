import { useState } from "react";
import { applyTheme, storedTheme, type Theme, THEMES } from "../theme";

const LABELS: Record<Theme, string> = { system: "System", light: "Light", dark: "Dark" };

/** Lets the operator pin a light or dark theme, or follow the system. */
export function ThemePicker() {
  const [theme, setTheme] = useState<Theme>(storedTheme);
  return (
    <label className="theme-picker">
      Theme{" "}
      <select
        value={theme}
        onChange={(e) => {
          const next = THEMES.find((t) => t === e.target.value) ?? "system";
          applyTheme(next);
          setTheme(next);
        }}
      >
        {THEMES.map((t) => (
          <option key={t} value={t}>
            {LABELS[t]}
          </option>
        ))}
      </select>
    </label>
  );
}
