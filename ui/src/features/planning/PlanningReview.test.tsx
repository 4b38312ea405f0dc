import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import type { ReactNode } from "react";
import { describe, expect, it, vi } from "vitest";
import { type ContextSummary, ipc } from "../../ipc";
import { candidate } from "../../test-fixtures";
import { CandidateEditForm, CandidateFeedbackForm } from "./CandidateEditor";
import { ContextEvidence } from "./ContextEvidence";
import { RequirementEditor } from "./RequirementEditor";
import { RoleAdvice, useRoleAdvice } from "./RoleAdvice";

vi.mock("../../ipc", async (importOriginal) => {
  const actual = await importOriginal<typeof import("../../ipc")>();
  return { ...actual, ipc: {
      agentReadiness: vi.fn(() => Promise.resolve({ agent: "claude", path: "/usr/bin/claude", runnable: true, problem: null })), contextSummary: vi.fn(), suggestRole: vi.fn(), updateCandidate: vi.fn(), editRequirement: vi.fn() } };
});

const summary: ContextSummary = {
  available: true,
  planning_run_id: "run-1",
  pack_id: "ctx-9f2",
  schema_version: "context.v2",
  sources_bytes: 20480,
  dropped_counts: { open_tasks: 12, recent_documents: 0, open_drift_signals: 0, latest_sync_run: 0, recent_agent_runs: 3, related_files: 0 },
  open_task_count: 40,
  document_count: 4,
  drift_count: 0,
  agent_run_count: 5,
  has_sync_run: false,
  documents: [{ id: "d1", title: "Billing", file_path: "docs/billing.md", doc_type: "general", is_stale: true, staleness_days: 40 }],
  drift_signals: [],
  sync_run: null,
  related_files: [
    { path: "src/pay.rs", matched_keywords: ["pay"], linked_from: [] },
    { path: "src/ledger.rs", matched_keywords: [], linked_from: ["Billing"] },
  ],
  role: "planner",
  intent_mode: "implement",
  task_scale: "medium",
  source_of_truth: [{ name: "README", path: "README.md", role: "overview" }],
  warnings: [],
};

describe("ContextEvidence", () => {
  it("loads on first open and shows the pack, bytes, cuts per source and source-of-truth files", async () => {
    vi.mocked(ipc.contextSummary).mockResolvedValue(summary);
    const { container } = render(<ContextEvidence runId="run-1" />);
    expect(ipc.contextSummary).not.toHaveBeenCalled();
    const details = container.querySelector("details")!;
    details.open = true;
    fireEvent(details, new Event("toggle"));
    expect(await screen.findByText("ctx-9f2")).toBeTruthy();
    expect(ipc.contextSummary).toHaveBeenCalledWith("run-1");
    expect(screen.getByText("20.0 KiB")).toBeTruthy();
    expect(screen.getByText("12 open tasks cut")).toBeTruthy();
    expect(screen.getByText("3 agent runs cut")).toBeTruthy();
    // No sync had run when this context was built, and the drawer says so rather than leaving it out.
    expect(screen.getByText("Latest sync").nextElementSibling?.textContent).toBe("none yet");
    expect(screen.getByLabelText("Documents in the pack").textContent).toContain("docs/billing.md");
    const related = screen.getByLabelText("Related files in the pack").textContent;
    expect(related).toContain("src/pay.rs matches pay");
    expect(related).toContain("src/ledger.rs linked from Billing");
    expect(screen.queryByLabelText("Drift signals in the pack")).toBeNull();
    expect(screen.queryByText(/documents cut/)).toBeNull();
    expect(screen.getByText("README.md")).toBeTruthy();
  });
});

/** The card's use of the advice: a menu choice asks, the panel shows the answer. */
function AskedAdvice({ onUse }: { onUse: (roleId: string) => void }): ReactNode {
  const advice = useRoleAdvice("c1");
  return (
    <>
      <button type="button" onClick={advice.ask}>
        Suggest role
      </button>
      <RoleAdvice advice={advice} onUse={onUse} onClose={vi.fn()} />
    </>
  );
}

describe("RoleAdvice", () => {
  it("shows the suggestion with confidence as a percentage and alternatives, and hands back the operator's pick", async () => {
    vi.mocked(ipc.suggestRole).mockResolvedValue({
      suggestion: {
        role_id: "test-writer",
        confidence: 0.82,
        reasoning: "The candidate asks for tests around existing behaviour.",
        alternatives: [{ role_id: "backend-architect", reason: "touches the login flow", score: 0.41 }],
      },
      error_kind: null,
      error_message: null,
      remediation: null,
    });
    const onUse = vi.fn();
    render(<AskedAdvice onUse={onUse} />);
    expect(ipc.suggestRole).not.toHaveBeenCalled();
    fireEvent.click(screen.getByText("Suggest role"));
    expect(ipc.suggestRole).toHaveBeenCalledWith("c1");
    expect(await screen.findByText("(82% confident)", { exact: false })).toBeTruthy();
    expect(screen.getByText("41% · touches the login flow")).toBeTruthy();
    expect(onUse).not.toHaveBeenCalled();
    fireEvent.click(screen.getByText("backend-architect"));
    expect(onUse).toHaveBeenCalledWith("backend-architect");
    fireEvent.click(screen.getByText("Use test-writer"));
    expect(onUse).toHaveBeenLastCalledWith("test-writer");
  });

  it("shows the router's typed failure and its remediation", async () => {
    vi.mocked(ipc.suggestRole).mockResolvedValue({
      suggestion: null,
      error_kind: "router_no_match",
      error_message: "no role fits this candidate",
      remediation: "Pick a role yourself.",
    });
    render(<AskedAdvice onUse={vi.fn()} />);
    fireEvent.click(screen.getByText("Suggest role"));
    const failure = await screen.findByRole("status");
    expect(failure.textContent).toContain("router_no_match");
    expect(failure.textContent).toContain("Pick a role yourself.");
  });
});

describe("CandidateEditForm and CandidateFeedbackForm", () => {
  it("saves an edited title and description", async () => {
    vi.mocked(ipc.updateCandidate).mockResolvedValue({} as never);
    const onSaved = vi.fn();
    render(<CandidateEditForm candidate={candidate({})} onSaved={onSaved} onCancel={vi.fn()} />);
    fireEvent.change(screen.getByLabelText("Title"), { target: { value: "  Rate-limit login by IP  " } });
    fireEvent.click(screen.getByText("Save"));
    await waitFor(() => expect(onSaved).toHaveBeenCalledOnce());
    expect(ipc.updateCandidate).toHaveBeenCalledWith("cand-1", { title: "Rate-limit login by IP", description: "Throttle attempts." });
  });

  it("records feedback with its note, starting from the feedback already given", async () => {
    vi.mocked(ipc.updateCandidate).mockResolvedValue({} as never);
    const onSaved = vi.fn();
    render(
      <CandidateFeedbackForm
        candidate={candidate({ feedback_kind: "wrong_scope", feedback_note: "not ours" })}
        onSaved={onSaved}
        onCancel={vi.fn()}
      />,
    );
    const send = screen.getByText("Send") as HTMLButtonElement;
    expect((screen.getByLabelText("Feedback") as HTMLSelectElement).value).toBe("wrong_scope");
    expect(send.disabled).toBe(true);
    fireEvent.change(screen.getByLabelText("Feedback"), { target: { value: "too_broad" } });
    fireEvent.change(screen.getByLabelText("Feedback note"), { target: { value: " split per endpoint " } });
    fireEvent.click(send);
    await waitFor(() => expect(onSaved).toHaveBeenCalledOnce());
    expect(ipc.updateCandidate).toHaveBeenLastCalledWith("cand-1", { feedbackKind: "too_broad", feedbackNote: "split per endpoint" });
  });
});

describe("RequirementEditor", () => {
  it("saves only when something changed, sending every field as one edit", async () => {
    const requirement = {
      id: "req-1",
      project_id: "p1",
      title: "Export invoices",
      summary: "CSV, monthly",
      description: "",
      audience: "",
      success_criteria: "",
      status: "draft" as const,
      created_at: "2026-11-21T10:00:00.000000Z",
      updated_at: "2026-11-21T10:00:00.000000Z",
    };
    vi.mocked(ipc.editRequirement).mockResolvedValue(requirement as never);
    const onSaved = vi.fn();
    render(<RequirementEditor requirement={requirement as never} onSaved={onSaved} />);
    const save = screen.getByText("Save requirement") as HTMLButtonElement;
    expect(save.disabled).toBe(true);
    fireEvent.change(screen.getByLabelText("Success criteria"), { target: { value: "A CSV per month downloads in under 2 s" } });
    expect(save.disabled).toBe(false);
    fireEvent.click(save);
    await waitFor(() => expect(onSaved).toHaveBeenCalledOnce());
    expect(ipc.editRequirement).toHaveBeenCalledWith("req-1", {
      title: "Export invoices",
      summary: "CSV, monthly",
      description: "",
      audience: "",
      successCriteria: "A CSV per month downloads in under 2 s",
    });
  });
});
