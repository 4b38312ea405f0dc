// The agent CLIs the core looked for on PATH, each with its version (or "not on PATH"), and for a found
// CLI that no profile uses yet one "Add and test" button: it adds the profile and checks it at once, so
// the operator learns now, not from a failed task, whether the CLI can run.
import { useState } from "react";
import { ErrorLine } from "../../components/Status";
import { type AgentTest, CommandError, type DetectedAgent, ipc } from "../../ipc";
import { AgentTestResult } from "./AgentTestResult";
import "./onboarding.css";

type Trial =
  | { phase: "adding" }
  | { phase: "testing" }
  | { phase: "tested"; result: AgentTest }
  | { phase: "failed"; error: CommandError };

export function AgentCliList({
  agents,
  label,
  makeDefault = false,
  onAdded,
  onTried,
}: {
  agents: DetectedAgent[];
  /** The list's accessible name. */
  label: string;
  /** Add the profile as the default one (right for the first profile: otherwise the core would go on
   * picking the first CLI on PATH, which need not be the one just added). */
  makeDefault?: boolean;
  /** After the profile is stored (before its check ends). */
  onAdded?: () => void;
  /** When the operator starts an "Add and test". */
  onTried?: () => void;
}) {
  // Kept here, by command, not in the row's button: once the profile exists the button gives way to
  // "used by …", and the check's outcome must stay in view.
  const [trials, setTrials] = useState<Record<string, Trial>>({});
  const note = (command: string, trial: Trial) => setTrials((t) => ({ ...t, [command]: trial }));
  const addAndTest = (d: DetectedAgent) => {
    onTried?.();
    note(d.command, { phase: "adding" });
    ipc
      .addAgent({ name: d.command, kind: d.kind, args: [], isDefault: makeDefault })
      .then(() => {
        onAdded?.();
        note(d.command, { phase: "testing" });
        return ipc.testAgent(d.command);
      })
      .then(
        (result) => note(d.command, { phase: "tested", result }),
        (error: CommandError) => note(d.command, { phase: "failed", error }),
      );
  };
  return (
    <ul className="agent-clis" aria-label={label}>
      {agents.map((d) => {
        const trial = trials[d.command];
        const busy = trial?.phase === "adding" ? "Adding…" : trial?.phase === "testing" ? "Testing…" : null;
        return (
          <li key={d.kind}>
            <div className="agent-cli-head">
              <code>{d.command}</code>
              {d.path ? (
                <span>{d.version ?? "version unknown"}</span>
              ) : (
                <span className="muted">not on PATH</span>
              )}
              {d.profiles.length > 0 ? (
                <span className="muted">used by {d.profiles.join(", ")}</span>
              ) : (
                d.path && (
                  <button type="button" onClick={() => addAndTest(d)} disabled={busy !== null}>
                    {busy ?? "Add and test"}
                    <span className="visually-hidden"> {d.command}</span>
                  </button>
                )
              )}
            </div>
            {d.path && <div className="agent-cli-path muted">{d.path}</div>}
            {trial?.phase === "tested" && <AgentTestResult result={trial.result} />}
            {trial?.phase === "failed" && <ErrorLine error={trial.error} />}
          </li>
        );
      })}
    </ul>
  );
}
