// The first-run card shown while no agent profile exists: tasks run through an agent CLI, so before the
// operator plans or queues anything it says so, shows which CLIs are on PATH (with "Add and test"), or
// how to install one when none is, and leads to Settings → Agents for anything else.
import { useRef, useState } from "react";
import { useLive } from "../../hooks/useLive";
import { ipc } from "../../ipc";
import { AgentCliList } from "./AgentCliList";
import { KNOWN_CLIS } from "./agentCatalog";
import { OpenAgentsButton } from "./OpenAgentsButton";
import "./onboarding.css";

/** Set when the operator put the card off; the role pickers keep warning. */
const LATER_KEY = "anpm.agent-setup";

export function AgentSetup({ onOpenAgents }: { onOpenAgents: () => void }) {
  // Once the operator has added a CLI here the card stays until they close it: the new profile would
  // otherwise hide it before they read the check's outcome.
  const [engaged, setEngaged] = useState(false);
  const stay = useRef(false);
  stay.current = engaged;
  // Detecting runs each CLI's --version: only worth it while the card is to be shown.
  const { state, reload } = useLive(
    async () => {
      const profiles = await ipc.listAgents();
      const detected = profiles.length === 0 || stay.current ? await ipc.detectAgents() : [];
      return [detected, profiles] as const;
    },
    [],
    ["agents"],
  );
  const [closed, setClosed] = useState(() => localStorage.getItem(LATER_KEY) === "later");
  // Loading or failing quietly: this card is advice on top of a screen, never a reason to show an error.
  if (state.kind !== "ready" || closed) return null;
  const [detected, profiles] = state.data;
  if (profiles.length > 0 && !engaged) return null;
  const found = detected.filter((d) => d.path);
  return (
    <section className="panel agent-setup" aria-labelledby="agent-setup-heading">
      <h2 id="agent-setup-heading">Set up an agent</h2>
      <p>
        anpm plans the work, but every task is carried out by an agent CLI on this computer, such as Claude Code or
        Codex. {profiles.length === 0 && "No agent profile is set up yet."}
      </p>
      {found.length > 0 ? (
        <>
          <p>Found on PATH. Add one and anpm checks at once that it answers:</p>
          <AgentCliList agents={found} label="Agent CLIs found" makeDefault={profiles.length === 0} onTried={() => setEngaged(true)} />
        </>
      ) : (
        <>
          <p>
            None of {KNOWN_CLIS.map((c) => c.command).join(", ")} is on PATH. Install one with npm (it needs Node.js),
            sign in to it once in a terminal, then look again:
          </p>
          <ul className="install-list" aria-label="How to install an agent CLI">
            {KNOWN_CLIS.map((c) => (
              <li key={c.kind}>
                <strong>{c.product}</strong> <code>npm install -g {c.npm}</code>
              </li>
            ))}
          </ul>
        </>
      )}
      <div className="row-actions">
        {found.length === 0 && (
          <button type="button" onClick={reload}>
            Look again
          </button>
        )}
        <OpenAgentsButton onOpenAgents={onOpenAgents}>Open agent settings</OpenAgentsButton>
        <span className="muted">for another CLI, its arguments, model or permissions.</span>
        {engaged ? (
          <button type="button" className="ghost" onClick={() => setClosed(true)}>
            Close
          </button>
        ) : (
          <button
            type="button"
            className="ghost"
            onClick={() => {
              // Not now: the readiness notes beside role pickers and Settings → Agents still say it.
              localStorage.setItem(LATER_KEY, "later");
              setClosed(true);
            }}
          >
            Not now
          </button>
        )}
      </div>
    </section>
  );
}
