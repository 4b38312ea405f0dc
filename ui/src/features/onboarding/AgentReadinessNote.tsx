// A warning beside a role picker when no agent could run a task of that project and role (with that agent,
// if one is named): the operator hears it before queueing, not from a cli_not_found failure a second later.
import { AGENTS_ANCHOR, useOpenScreen } from "../../app/navigation";
import { readable } from "../../components/Status";
import { useLive } from "../../hooks/useLive";
import { type AgentReadiness, ipc } from "../../ipc";
import { OpenAgentsButton } from "./OpenAgentsButton";
import "./onboarding.css";

export function AgentReadinessNote({
  projectId,
  role,
  agent = null,
  onOpenAgents,
}: {
  projectId: string;
  /** The chosen execution role; empty means no task will be queued, so there is nothing to warn about. */
  role: string | null | undefined;
  /** The agent profile the task names, if any (otherwise the role's, the project's or the default one). */
  agent?: string | null;
  /** Where "Set up an agent" leads; Settings → Agents by default. */
  onOpenAgents?: () => void;
}) {
  const openScreen = useOpenScreen();
  const openAgents = onOpenAgents ?? (() => openScreen("settings", AGENTS_ANCHOR));
  const wanted = role?.trim() ?? "";
  const { state } = useLive<AgentReadiness | null>(
    () => (wanted === "" ? Promise.resolve(null) : ipc.agentReadiness(projectId, wanted, agent ?? null)),
    [projectId, wanted, agent],
    ["agents", "settings"],
  );
  if (wanted === "") return null;
  // A failed question is an answer too: a named profile that no longer exists cannot run anything.
  const problem =
    state.kind === "failed"
      ? state.error.message
      : state.kind === "ready" && state.data && !state.data.runnable
        ? (state.data.problem ?? "the agent's command is not on PATH")
        : null;
  if (problem === null) return null;
  const said = readable(problem).trim();
  return (
    // A status, not an alert: it is advice shown next to a choice, and it must not read as a failed action.
    <p className="readiness-note" role="status">
      <span>
        No agent can run this yet: {said}
        {/[.!?]$/.test(said) ? "" : "."}
      </span>{" "}
      <OpenAgentsButton onOpenAgents={openAgents} />
    </p>
  );
}
