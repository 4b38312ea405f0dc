// One setting as a form field: the input its kind calls for (a select, a number with its unit, a switch,
// an address), its label with the CLI key beside it, its default and environment override, and one
// reserved message line that shows first the form's own check and then the core's refusal.
import { type ReactElement, useId, useState } from "react";
import { ErrorLine } from "../../components/Status";
import { CommandError, ipc, type SettingView } from "../../ipc";
import { describeValue, draftOf, type Draft, settle, unitsOf } from "./settingUnits";
import { settingWords } from "./settingWords";

export function SettingField({ setting, onChanged }: { setting: SettingView; onChanged: () => void }) {
  const { input } = setting;
  const words = settingWords(setting.key);
  const saved = draftOf(input, setting.value);
  const [draft, setDraft] = useState<Draft>(saved);
  const [error, setError] = useState<CommandError | null>(null);
  const messageId = useId();
  const id = `setting-${setting.key}`;
  const dirty = draft.text !== saved.text || draft.unit !== saved.unit;
  const settled = settle(input, draft);
  // Only a change is checked: an untouched empty value (nothing set) is not a mistake.
  const problem = dirty ? settled.problem : null;
  const units = unitsOf(input);
  const choiceLabel = (c: string) => words.choices?.[c] ?? c;
  const edit = (next: Partial<Draft>) => {
    setError(null);
    setDraft((d) => ({ ...d, ...next }));
  };
  const answered = (view: SettingView) => {
    setDraft(draftOf(input, view.value));
    setError(null);
    onChanged();
  };
  const fail = (e: CommandError) => setError(e);
  const shared = {
    id,
    "aria-invalid": problem !== null || error !== null,
    "aria-describedby": messageId,
  };

  let control: ReactElement;
  switch (input.kind) {
    case "choice":
      control = (
        <select {...shared} value={draft.text} onChange={(e) => edit({ text: e.target.value })}>
          {!input.choices.includes(draft.text) && <option value={draft.text}>{draft.text || "(not set)"}</option>}
          {input.choices.map((c) => (
            <option key={c} value={c}>
              {choiceLabel(c)}
            </option>
          ))}
        </select>
      );
      break;
    case "flag":
      control = (
        <input
          {...shared}
          type="checkbox"
          role="switch"
          checked={draft.text === "true"}
          onChange={(e) => edit({ text: String(e.target.checked) })}
        />
      );
      break;
    case "seconds":
    case "bytes":
    case "count":
    case "dollars":
      control = (
        <input
          {...shared}
          type="number"
          inputMode="decimal"
          className="setting-number"
          min={input.kind === "count" ? input.min : 0}
          max={input.kind === "count" ? input.max : undefined}
          step={input.kind === "count" ? 1 : "any"}
          value={draft.text}
          placeholder="not set"
          onChange={(e) => edit({ text: e.target.value })}
        />
      );
      break;
    default:
      control = (
        <input
          {...shared}
          type={input.kind === "url" ? "url" : "text"}
          className="setting-text"
          spellCheck={false}
          autoCapitalize={input.kind === "env_name" ? "characters" : undefined}
          value={draft.text}
          placeholder={input.kind === "env_name" ? "e.g. OPENAI_API_KEY" : (words.unset ?? "not set")}
          onChange={(e) => edit({ text: e.target.value })}
        />
      );
  }

  const facts = [
    `Default: ${setting.default === "" ? (words.unset ?? "not set") : describeValue(input, setting.default, choiceLabel)}`,
    input.kind === "seconds" && "0 = no limit",
    input.kind === "bytes" && "0 = no cap",
    input.kind === "count" && `${input.min}–${input.max}`,
    input.kind === "dollars" && "US dollars; 0 = no budget",
  ].filter((f): f is string => typeof f === "string");

  return (
    <div className="setting-field">
      <div className="setting-name">
        <label htmlFor={id}>{words.label}</label>
        <code className="setting-key">{setting.key}</code>
      </div>
      <div className="setting-body">
        <form
          className="setting-control"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            if (!dirty || settled.value === null) return;
            ipc.setSetting(setting.key, settled.value).then(answered, fail);
          }}
        >
          {control}
          {units && (
            <select aria-label={`${words.label} unit`} value={draft.unit} onChange={(e) => edit({ unit: e.target.value })}>
              {units.map((u) => (
                <option key={u.unit} value={u.unit}>
                  {u.unit}
                </option>
              ))}
            </select>
          )}
          <button type="submit" disabled={!dirty || problem !== null}>
            Save
          </button>
          {!setting.is_default && (
            <button type="button" className="ghost" onClick={() => ipc.unsetSetting(setting.key).then(answered, fail)}>
              Reset
            </button>
          )}
        </form>
        {/* Always present and one line high, so a message never pushes the fields below it down. */}
        <div className="setting-message" id={messageId} aria-live="polite">
          {error ? <ErrorLine error={error} /> : problem && <p className="error">{problem}</p>}
        </div>
        <p className="setting-help muted">{words.help ?? setting.description}</p>
        <p className="setting-facts muted">
          {facts.join(" · ")}
          {setting.env && (
            <>
              {" "}
              · <code>{setting.env}</code> overrides it when set in anpm's environment
            </>
          )}
        </p>
      </div>
    </div>
  );
}
