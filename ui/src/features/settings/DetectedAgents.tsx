import { useLive } from "../../hooks/useLive";
import { type CommandError, type DetectedAgent, ipc } from "../../ipc";

/**
 * The agent CLIs anpm knows (claude, codex, gemini, opencode), found on PATH or not, with the profiles that
 * use each; one click adds a profile for a CLI that has none.
 */
export function DetectedAgents({ onAdded, onError }: { onAdded: () => void; onError: (e: CommandError) => void }) {
  const { state, reload } = useLive(() => ipc.detectAgents(), [], ["agents"]);
  if (state.kind !== "ready") return null;
  const add = (d: DetectedAgent) =>
    ipc.addAgent({ name: d.command, kind: d.kind, args: [], isDefault: false }).then(() => {
      reload();
      onAdded();
    }, onError);
  return (
    <>
      <h4>Agent CLIs on PATH</h4>
      <ul className="detected" aria-label="Agent CLIs on PATH">
        {state.data.map((d) => (
          <li key={d.kind}>
            <code>{d.command}</code>{" "}
            {d.path ? (
              <span className="muted">{d.path}</span>
            ) : (
              <span className="muted">not on PATH</span>
            )}
            {d.profiles.length > 0 ? (
              <span> · used by {d.profiles.join(", ")}</span>
            ) : (
              d.path && (
                <button type="button" onClick={() => add(d)}>
                  Add {d.command} profile
                </button>
              )
            )}
          </li>
        ))}
      </ul>
      <h4>Profiles</h4>
    </>
  );
}
