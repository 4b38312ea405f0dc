// The terminals of a task: its running agent's output as it arrives, and a finished attempt's stored log
// replayed with its colours. Both load lazily: xterm.js is the heaviest part of the UI.
import { useEffect, useState } from "react";
import { type TerminalWriter, useTaskOutput } from "../hooks/useTaskOutput";
import { type CommandError, ipc } from "../ipc";
import { ErrorLine } from "./Status";
import { type TerminalSink, TerminalView } from "./TerminalView";

/** A read-only terminal showing a running task's agent output as it arrives; it stays after the run. */
export function LiveTerminal({ taskId, attempt }: { taskId: string; attempt: number }) {
  const [sink, setSink] = useState<TerminalSink | null>(null);
  const [ended, setEnded] = useState(false);
  const [writer, setWriter] = useState<TerminalWriter | null>(null);
  useEffect(() => {
    setEnded(false);
    setWriter(sink && { write: sink.write, ended: () => setEnded(true) });
  }, [sink]);
  useTaskOutput(taskId, attempt, writer);
  return (
    <TerminalView
      label="Live output"
      source={`${taskId}:${attempt}`}
      onSink={setSink}
      caption={ended ? `The agent's output of attempt ${attempt} ended.` : `Live output of attempt ${attempt}`}
    />
  );
}

/** One finished attempt's full captured output, with the agent's colours. */
export function AttemptLogTerminal({ taskId, attempt }: { taskId: string; attempt: number }) {
  const [sink, setSink] = useState<TerminalSink | null>(null);
  const [log, setLog] = useState<{ text: string; path: string } | null>(null);
  const [error, setError] = useState<CommandError | null>(null);
  useEffect(() => {
    let live = true;
    setLog(null);
    setError(null);
    ipc.taskLog(taskId, attempt).then(
      (l) => live && setLog({ text: l.text, path: l.path }),
      (e: CommandError) => live && setError(e),
    );
    return () => {
      live = false;
    };
  }, [taskId, attempt]);
  useEffect(() => {
    if (sink && log) sink.write(log.text);
  }, [sink, log]);
  if (error) return <ErrorLine error={error} />;
  return (
    <TerminalView
      label={`Log of attempt ${attempt}`}
      source={`${taskId}:${attempt}:log`}
      onSink={setSink}
      convertEol
      caption={log ? <>Attempt {attempt} · <code>{log.path}</code></> : "Reading the log…"}
    />
  );
}
