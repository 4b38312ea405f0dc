// The selected task's detail: what it is and where it stands (stage, failure with its remediation, who
// runs it and the run/cancel/requeue actions) over four tabs — the terminal, the changes under review, the
// role's result drawn for people, and every attempt with its cost, tokens and log.
import { lazy, memo, Suspense, useEffect, useState } from "react";
import { AGENTS_ANCHOR, useOpenScreen } from "../../app/navigation";
import { Badge, ErrorLine, LiveStatus } from "../../components/Status";
import { parseTimestamp } from "../../hooks/useActivity";
import { useLive } from "../../hooks/useLive";
import { CommandError, type ErrorKind, ipc, type TaskDetail } from "../../ipc";
import { AttemptHistory } from "./AttemptHistory";
import { STAGE_LABELS } from "./Board";
import { ReviewPanel } from "./ReviewPanel";
import { changesLine, ResultView } from "./ResultView";
import { needsAgentSetup, OpenAgentsButton } from "../onboarding";
import { TaskDependencies } from "./TaskDependencies";
import { RunControls } from "./RunControls";

// The terminal (xterm.js) is the heaviest part of the UI; it loads the first time a terminal is shown.
const LiveTerminal = lazy(() => import("../../components/LiveTerminal").then((m) => ({ default: m.LiveTerminal })));
const AttemptLogTerminal = lazy(() => import("../../components/LiveTerminal").then((m) => ({ default: m.AttemptLogTerminal })));

export const DETAIL_TABS = ["terminal", "changes", "result", "attempts"] as const;
export type DetailTab = (typeof DETAIL_TABS)[number];

const TAB_LABELS: Record<DetailTab, string> = { terminal: "Terminal", changes: "Changes", result: "Result", attempts: "Attempts" };

/** The tab that shows what matters now, until the operator picks one: the run, the review, the result. */
export function naturalTab(detail: Pick<TaskDetail, "dispatch_status" | "review_status" | "execution_result">): DetailTab {
  if (detail.dispatch_status === "running") return "terminal";
  if (detail.review_status === "in_review" || detail.review_status === "conflict") return "changes";
  if (detail.dispatch_status === "failed") return "terminal";
  if (detail.execution_result) return "result";
  if (detail.review_status !== "none") return "changes";
  return "terminal";
}

/** An error kind in words (the code stays on the element for tests and tools). */
export function kindWords(kind: ErrorKind): string {
  if (kind === "cli_not_found") return "Agent CLI not found";
  const words = kind.replace(/_/g, " ");
  return words[0]?.toUpperCase() + words.slice(1);
}

// Memoized: the board above it redraws with every activity batch (live steps on the cards), and the
// detail, with its terminal, has no reason to redraw with it.
export const TaskDetailPanel = memo(function TaskDetailPanel({
  id,
  onClose,
  maximized,
  onMaximize,
}: {
  id: string;
  onClose: () => void;
  maximized: boolean;
  onMaximize: () => void;
}) {
  const { state, reload } = useLive(() => ipc.task(id), [id], ["tasks"]);
  return (
    <div className={maximized ? "detail-pane maximized" : "detail-pane"}>
      <div className="detail-tools">
        <button type="button" className="ghost" onClick={onMaximize} aria-label={maximized ? "Restore the split" : "Maximize the task detail"}>
          {maximized ? "Restore" : "Maximize"}
        </button>
        <button type="button" className="ghost" onClick={onClose} aria-label="Close the task detail">
          Close
        </button>
      </div>
      {state.kind !== "ready" ? (
        <LiveStatus state={state} what="the task" />
      ) : (
        <TaskDetailBody key={state.data.id} detail={state.data} reload={reload} />
      )}
    </div>
  );
});

// The board and list follow changes through the core's `changed` events; an action here reloads only the detail.
function TaskDetailBody({ detail, reload }: { detail: TaskDetail; reload: () => void }) {
  const id = detail.id;
  const openScreen = useOpenScreen();
  const [error, setError] = useState<CommandError | null>(null);
  // The terminal stays once the task was seen running, so its last lines remain readable after it ends.
  const [watchedAttempt, setWatchedAttempt] = useState<number | null>(null);
  const [picked, setPicked] = useState<DetailTab | null>(null);
  // Tabs once shown stay mounted (hidden), so a live terminal keeps its scrollback across tab switches.
  const [visited, setVisited] = useState<Set<DetailTab>>(new Set());
  const running = detail.dispatch_status === "running";
  const attempts = detail.attempts;
  useEffect(() => {
    if (running) setWatchedAttempt(attempts);
  }, [running, attempts]);
  const tab = picked ?? naturalTab(detail);
  useEffect(() => {
    setVisited((seen) => (seen.has(tab) ? seen : new Set(seen).add(tab)));
  }, [tab]);
  const act = (action: Promise<unknown>) =>
    action.then(() => {
      setError(null);
      reload();
    }, (e: CommandError) => setError(e));
  const attempt = detail.last_attempt;
  const result = detail.execution_result as Record<string, unknown> | null;
  const choose = (next: DetailTab) => {
    setPicked(next);
    document.getElementById(`detail-tab-${next}`)?.focus();
  };
  return (
    <aside aria-label="Task detail" className="detail" data-task-id={detail.id}>
      <h3>{detail.title}</h3>
      <p className="detail-facts">
        <span className={`stage-dot stage-${detail.stage}`} aria-hidden="true" /> {STAGE_LABELS[detail.stage]}
        {" · "}
        <Badge kind="dispatch" value={detail.dispatch_status} /> {detail.attempts} attempt(s)
        {detail.review_status !== "none" && (
          <>
            {" "}
            <Badge kind="review" value={detail.review_status} />
          </>
        )}
        {attempt?.cost_usd != null && <> · ${attempt.cost_usd.toFixed(4)} last run</>}
      </p>
      {/* A requeued task's old failure is history (the Attempts tab keeps it), not its state. */}
      {attempt?.error_kind && (detail.dispatch_status === "failed" || detail.dispatch_status === "cancelled") && (
        <div className="failure" role="status" data-kind={attempt.error_kind}>
          <strong>{kindWords(attempt.error_kind)}</strong>: {attempt.error_message}
          {detail.remediation && <p>{detail.remediation}</p>}
          {needsAgentSetup(attempt.error_kind) && <OpenAgentsButton onOpenAgents={() => openScreen("settings", AGENTS_ANCHOR)} />}
        </div>
      )}
      {detail.stage === "queued" && detail.retry_at && (
        <div className="failure" role="status" data-kind="rate_limited">
          <strong>Waiting for the usage limit to reset</strong>: runs again at{" "}
          {new Date(parseTimestamp(detail.retry_at)).toLocaleString()}
          {attempt?.error_message && <p>{attempt.error_message}</p>}
          <p>Nothing to do: it starts by itself. Cancel stops it.</p>
        </div>
      )}
      {attempt?.outcome === "completed" && (
        <p>
          {changesLine(result)}
          {attempt.output_tokens != null && <> · {attempt.input_tokens} in / {attempt.output_tokens} out tokens</>}
        </p>
      )}
      <RunControls detail={detail} onChanged={reload} />
      <div className="row-actions">
        {(detail.dispatch_status === "queued" || detail.dispatch_status === "running") && (
          <button type="button" className="danger" onClick={() => act(ipc.cancelTask(id))}>
            Cancel
          </button>
        )}
        {(detail.dispatch_status === "failed" || detail.dispatch_status === "cancelled") && (
          <button type="button" onClick={() => act(ipc.requeueTask(id))}>
            Requeue
          </button>
        )}
      </div>
      <ErrorLine error={error} />
      <TaskDependencies key={detail.id} detail={detail} onChanged={reload} />
      <div role="tablist" aria-label="Task detail views" className="tabs detail-tabs">
        {DETAIL_TABS.map((t) => (
          <button
            key={t}
            type="button"
            role="tab"
            id={`detail-tab-${t}`}
            aria-controls={`detail-panel-${t}`}
            aria-selected={tab === t}
            tabIndex={tab === t ? 0 : -1}
            className={tab === t ? "tab active" : "tab"}
            onClick={() => setPicked(t)}
            onKeyDown={(e) => {
              const at = DETAIL_TABS.indexOf(tab);
              const step = e.key === "ArrowRight" ? 1 : e.key === "ArrowLeft" ? -1 : 0;
              if (!step) return;
              e.preventDefault();
              e.stopPropagation();
              choose(DETAIL_TABS[(at + step + DETAIL_TABS.length) % DETAIL_TABS.length] ?? tab);
            }}
          >
            {TAB_LABELS[t]}
            {t === "attempts" && detail.attempts > 0 && <span className="tab-count">{detail.attempts}</span>}
          </button>
        ))}
      </div>
      {DETAIL_TABS.map((t) =>
        t === tab || visited.has(t) ? (
          <div key={t} role="tabpanel" id={`detail-panel-${t}`} aria-labelledby={`detail-tab-${t}`} hidden={t !== tab} className="detail-panel">
            {t === "terminal" && (
              <Suspense fallback={<p className="muted">Opening the terminal…</p>}>
                {watchedAttempt !== null ? (
                  <LiveTerminal taskId={id} attempt={watchedAttempt} />
                ) : attempt?.log_path ? (
                  <AttemptLogTerminal taskId={id} attempt={attempt.attempt_no} />
                ) : (
                  <p className="muted">This task has not run yet: its agent's output shows here when it does.</p>
                )}
              </Suspense>
            )}
            {t === "changes" &&
              (detail.review_status !== "none" ? (
                <ReviewPanel detail={detail} onChanged={reload} />
              ) : (
                <p className="muted">
                  No changes to review: a task's changes show here once its agent has worked in a worktree of its own.
                </p>
              ))}
            {t === "result" &&
              (result ? (
                <ResultView result={result} />
              ) : (
                <p className="muted">No result yet: the role's result shows here when a run completes.</p>
              ))}
            {t === "attempts" && <AttemptHistory taskId={id} version={`${detail.attempts}:${detail.updated_at}`} />}
          </div>
        ) : null,
      )}
    </aside>
  );
}

