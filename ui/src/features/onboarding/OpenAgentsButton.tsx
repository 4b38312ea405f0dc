// The one way from a problem elsewhere in the window (a task that found no agent, a role no agent can run)
// to Settings → Agents, where it is fixed; the caller decides how the window gets there.
import type { ReactNode } from "react";

export function OpenAgentsButton({ onOpenAgents, children = "Set up an agent" }: { onOpenAgents: () => void; children?: ReactNode }) {
  return (
    <button type="button" className="open-agents" onClick={onOpenAgents}>
      {children}
    </button>
  );
}
