// One agent check's outcome in a line: its version, and whether the one-word probe answered and how fast,
// or why not (the failure kind in words, then the core's message).
import { readable } from "../../components/Status";
import type { AgentTest } from "../../ipc";
import { errorKindWords } from "./agentCatalog";
import "./onboarding.css";

export function AgentTestResult({ result }: { result: AgentTest }) {
  const ok = result.version_ok && result.probe_ok;
  const version = result.version ?? "no version";
  if (result.probe_ok)
    return (
      <span className={ok ? "ok agent-test" : "agent-test"} role="status">
        {version} · probe ok in {result.probe_ms} ms
      </span>
    );
  // Without a kind the agent did answer, just not with "ok": its message quotes what it said.
  const why = result.error_kind ? errorKindWords(result.error_kind) : "it did not answer the probe with “ok”";
  return (
    <span className="error agent-test" role="status" data-kind={result.error_kind ?? undefined}>
      {version} · probe failed{result.probe_ms > 0 && ` after ${result.probe_ms} ms`}: {why}
      {result.message && <span className="agent-test-message">{readable(result.message)}</span>}
    </span>
  );
}
