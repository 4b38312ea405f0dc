// The agent CLIs anpm knows (claude, codex, gemini, opencode), found on PATH or not, with their versions
// and the profiles that use each; a found CLI without a profile gets "Add and test".
import { useLive } from "../../hooks/useLive";
import { ipc } from "../../ipc";
import { AgentCliList } from "../onboarding/AgentCliList";

export function DetectedAgents({ makeDefault = false, onAdded }: { makeDefault?: boolean; onAdded?: () => void }) {
  const { state, reload } = useLive(() => ipc.detectAgents(), [], ["agents"]);
  if (state.kind !== "ready") return null;
  return (
    <AgentCliList
      agents={state.data}
      label="Agent CLIs on PATH"
      makeDefault={makeDefault}
      onAdded={() => {
        reload();
        onAdded?.();
      }}
    />
  );
}
