import { useState } from "react";
import { ErrorLine, LiveStatus } from "../../components/Status";
import { useLive } from "../../hooks/useLive";
import { CommandError, ipc, type ProviderTest } from "../../ipc";

/**
 * The model provider's API key and the "test" button. The key comes from the environment variable named
 * by `planning.api_key_env`, else from the OS keyring; it is typed into a password field, sent to the
 * keyring once, and never shown or stored anywhere else.
 */
export function ProviderKey() {
  const { state, reload } = useLive(() => ipc.apiKeySource(), [], ["settings"]);
  const [key, setKey] = useState("");
  const [error, setError] = useState<string | CommandError | null>(null);
  const [test, setTest] = useState<ProviderTest | "running" | null>(null);
  const fail = (e: CommandError) => setError(e);
  const done = () => {
    setError(null);
    reload();
  };
  return (
    <div className="provider-key">
      <LiveStatus state={state} what="the API key" />
      {state.kind === "ready" && (
        <p role="status">
          API key: {state.data.detail}
          {state.data.source === "environment" && (state.data.available ? " (set)" : " (not set in this process)")}
        </p>
      )}
      <form
        className="inline-form"
        aria-label="Store the API key in the OS keyring"
        onSubmit={(e) => {
          e.preventDefault();
          ipc.setProviderKey(key).then(() => {
            setKey("");
            done();
          }, fail);
        }}
      >
        <label>
          API key <input type="password" autoComplete="off" value={key} onChange={(e) => setKey(e.target.value)} />
        </label>
        <button type="submit" disabled={!key.trim()}>
          Store in keyring
        </button>
        {state.kind === "ready" && state.data.source === "os_keyring" && (
          <button type="button" onClick={() => ipc.clearProviderKey().then(done, fail)}>
            Remove from keyring
          </button>
        )}
        <button
          type="button"
          disabled={test === "running"}
          onClick={() => {
            setTest("running");
            ipc.testPlanningProvider().then(
              (result) => {
                setError(null);
                setTest(result);
              },
              (e: CommandError) => {
                setTest(null);
                fail(e);
              },
            );
          }}
        >
          {test === "running" ? "Testing…" : "Test the provider"}
        </button>
      </form>
      {test && test !== "running" && (
        <p className={test.ok ? "ok" : "failure"} aria-label="Provider test">
          {test.ok
            ? `${test.model} at ${test.base_url} answered in ${test.latency_ms} ms: “${test.reply ?? ""}”`
            : `${test.error_kind}: ${test.message}`}
          {test.remediation && <span className="remediation"> {test.remediation}</span>}
        </p>
      )}
      <ErrorLine message={error} />
    </div>
  );
}
