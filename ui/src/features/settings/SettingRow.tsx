import { ErrorLine } from "../../components/Status";
import { useState } from "react";
import { CommandError, ipc, type SettingView } from "../../ipc";

/** One setting, editable in place; the core validates and its error is shown beside the field. */
export function SettingRow({ setting, onChanged }: { setting: SettingView; onChanged: () => void }) {
  const [value, setValue] = useState(setting.value);
  const [error, setError] = useState<string | CommandError | null>(null);
  const done = () => {
    setError(null);
    onChanged();
  };
  const fail = (e: CommandError) => setError(e);
  return (
    <tr>
      <td>
        <label htmlFor={`setting-${setting.key}`}>
          <code>{setting.key}</code>
        </label>
        <div className="muted">{setting.description}</div>
      </td>
      <td>
        <form
          className="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            ipc.setSetting(setting.key, value.trim()).then((saved) => {
              setValue(saved.value);
              done();
            }, fail);
          }}
        >
          <input id={`setting-${setting.key}`} value={value} onChange={(e) => setValue(e.target.value)} placeholder="(unset)" />
          <button type="submit" disabled={value === setting.value}>
            Save
          </button>
          {!setting.is_default && (
            <button
              type="button"
              onClick={() =>
                ipc.unsetSetting(setting.key).then((reset) => {
                  setValue(reset.value);
                  done();
                }, fail)
              }
            >
              Reset
            </button>
          )}
        </form>
        <ErrorLine message={error} />
      </td>
    </tr>
  );
}
