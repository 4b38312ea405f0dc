import { act, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { ipc } from "../../ipc";
import { candidate, role } from "../../test-fixtures";
import { CandidateCard } from "./CandidateCard";

vi.mock("../../ipc", async (importOriginal) => {
  const actual = await importOriginal<typeof import("../../ipc")>();
  return {
    ...actual,
    ipc: {
      agentReadiness: vi.fn(() => Promise.resolve({ agent: "claude", path: "/usr/bin/claude", runnable: true, problem: null })), reviewCandidate: vi.fn(), applyCandidate: vi.fn(), updateCandidate: vi.fn(), suggestRole: vi.fn() },
  };
});

function renderCard(overrides: Parameters<typeof candidate>[0], picked = "") {
  const onChanged = vi.fn();
  const onRole = vi.fn();
  render(
    <ol>
      <CandidateCard
        candidate={candidate(overrides)}
        roles={[role("test-writer"), role("backend-architect")]}
        role={picked}
        onRole={onRole}
        onChanged={onChanged}
      />
    </ol>,
  );
  return { onChanged, onRole, card: screen.getByRole("listitem") };
}

const menuLabels = () => within(screen.getByRole("menu")).getAllByRole("menuitem").map((item) => item.textContent);

describe("a rejected candidate", () => {
  it("is read-only: no apply, no role, no edit; it shows its feedback kind and note, and can go back to draft", async () => {
    vi.mocked(ipc.reviewCandidate).mockResolvedValue({} as never);
    const { card, onChanged } = renderCard({ status: "rejected", feedback_kind: "too_broad", feedback_note: "split per endpoint" });
    const view = within(card);
    expect(view.queryByRole("button", { name: /apply/i })).toBeNull();
    expect(view.queryByRole("combobox")).toBeNull();
    expect(view.getByText("too broad")).toBeTruthy();
    expect(view.getByText("split per endpoint")).toBeTruthy();

    fireEvent.click(view.getByRole("button", { name: /More actions/ }));
    expect(menuLabels()).toEqual(["Give feedback", "Back to draft"]);
    fireEvent.click(screen.getByRole("menuitem", { name: "Back to draft" }));
    await waitFor(() => expect(onChanged).toHaveBeenCalledOnce());
    expect(ipc.reviewCandidate).toHaveBeenCalledWith("cand-1", "draft");
  });

  it("says so when it was rejected without feedback", () => {
    renderCard({ status: "rejected" });
    expect(screen.getByText("Rejected without feedback.")).toBeTruthy();
  });
});

describe("a draft candidate", () => {
  it("shows a feedback note given earlier", () => {
    renderCard({ feedback_kind: "modified", feedback_note: "renamed the endpoint" });
    expect(screen.getByText("needed changes")).toBeTruthy();
    expect(screen.getByText("renamed the endpoint")).toBeTruthy();
  });

  it("has one primary action, Approve and apply, sent with the picked role", async () => {
    vi.mocked(ipc.applyCandidate).mockResolvedValue({ held_for: [] } as never);
    const { card, onChanged, onRole } = renderCard({}, "test-writer");
    const primary = card.querySelectorAll("button.primary");
    expect(primary).toHaveLength(1);
    expect(primary[0]?.textContent).toBe("Approve and apply");
    fireEvent.change(within(card).getByLabelText("Role for Rate-limit login"), { target: { value: "backend-architect" } });
    expect(onRole).toHaveBeenCalledWith("backend-architect");
    fireEvent.click(within(card).getByRole("button", { name: "Approve and apply" }));
    await waitFor(() => expect(onChanged).toHaveBeenCalledOnce());
    expect(ipc.applyCandidate).toHaveBeenCalledWith("cand-1", "test-writer", null, true);
  });

  it("keeps the other actions in a More actions menu that arrows move through and Esc or an outside click closes", () => {
    renderCard({});
    const more = screen.getByRole("button", { name: "More actions for Rate-limit login" });
    expect(more.getAttribute("aria-haspopup")).toBe("menu");
    expect(more.getAttribute("aria-expanded")).toBe("false");
    expect(screen.queryByRole("menu")).toBeNull();

    fireEvent.click(more);
    expect(more.getAttribute("aria-expanded")).toBe("true");
    expect(more.getAttribute("aria-controls")).toBe(screen.getByRole("menu").id);
    expect(menuLabels()).toEqual(["Approve", "Edit", "Suggest role", "Give feedback", "Reject"]);
    // Focus goes into the menu, and the arrows move it (wrapping at the ends).
    expect(document.activeElement?.textContent).toBe("Approve");
    fireEvent.keyDown(document.activeElement as Element, { key: "ArrowDown" });
    expect(document.activeElement?.textContent).toBe("Edit");
    fireEvent.keyDown(document.activeElement as Element, { key: "ArrowUp" });
    fireEvent.keyDown(document.activeElement as Element, { key: "ArrowUp" });
    expect(document.activeElement?.textContent).toBe("Reject");

    fireEvent.keyDown(document.activeElement as Element, { key: "Escape" });
    expect(screen.queryByRole("menu")).toBeNull();
    expect(more.getAttribute("aria-expanded")).toBe("false");
    expect(document.activeElement).toBe(more);

    fireEvent.keyDown(more, { key: "ArrowDown" });
    expect(screen.getByRole("menu")).toBeTruthy();
    fireEvent.mouseDown(document.body);
    expect(screen.queryByRole("menu")).toBeNull();
  });

  it("opens the editor from the menu and saves the edit", async () => {
    vi.mocked(ipc.updateCandidate).mockResolvedValue({} as never);
    const { onChanged } = renderCard({});
    fireEvent.click(screen.getByRole("button", { name: /More actions/ }));
    fireEvent.click(screen.getByRole("menuitem", { name: "Edit" }));
    const form = within(screen.getByRole("form", { name: "Edit Rate-limit login" }));
    fireEvent.change(form.getByLabelText("Description"), { target: { value: "Throttle attempts per IP." } });
    fireEvent.click(form.getByText("Save"));
    await waitFor(() => expect(onChanged).toHaveBeenCalledOnce());
    expect(ipc.updateCandidate).toHaveBeenCalledWith("cand-1", { title: "Rate-limit login", description: "Throttle attempts per IP." });
    expect(screen.queryByRole("form", { name: "Edit Rate-limit login" })).toBeNull();
  });

  it("rejects from the menu and then asks for the feedback", async () => {
    vi.mocked(ipc.reviewCandidate).mockResolvedValue({} as never);
    const { onChanged } = renderCard({});
    fireEvent.click(screen.getByRole("button", { name: /More actions/ }));
    fireEvent.click(screen.getByRole("menuitem", { name: "Reject" }));
    await waitFor(() => expect(onChanged).toHaveBeenCalledOnce());
    expect(ipc.reviewCandidate).toHaveBeenCalledWith("cand-1", "rejected");
    expect(screen.getByRole("form", { name: "Feedback on Rate-limit login" })).toBeTruthy();
  });
});

describe("the scores", () => {
  const breakdown = {
    impact: 92,
    urgency: 58,
    dependency_unlock: 62,
    risk_reduction: 44,
    effort: 52,
    confidence_seed: 73,
    evidence_bonus: 1.8,
    duplicate_penalty: 0,
    final_priority_score: 62.4,
    final_confidence: 75.5,
  };

  it("are labelled with their scale, and focus shows each part of the formula with its contribution", () => {
    renderCard({ priority_score: 62.4, confidence: 75.5, evidence_detail: { summary: [], score_breakdown: breakdown } });
    const priority = screen.getByRole("button", { name: "Priority 62/100" });
    const tip = document.getElementById(priority.getAttribute("aria-describedby") ?? "");
    expect(tip?.getAttribute("role")).toBe("tooltip");
    expect(tip?.hidden).toBe(true);

    act(() => priority.focus());
    expect(tip?.hidden).toBe(false);
    const rows = Array.from(tip?.querySelectorAll(".score-parts > div") ?? []).map((row) => [
      row.querySelector("dt")?.textContent,
      row.querySelector("dd")?.textContent,
    ]);
    expect(rows).toEqual([
      ["Impact (92 × 0.30)", "+27.6"],
      ["Urgency (58 × 0.25)", "+14.5"],
      ["Unblocks other work (62 × 0.20)", "+12.4"],
      ["Risk reduction (44 × 0.15)", "+6.6"],
      ["Confidence (73 × 0.10)", "+7.3"],
      ["Effort (52 × −0.15)", "−7.8"],
      ["Evidence found", "+1.8"],
      ["Possible duplicates (0)", "0.0"],
      ["Priority", "62.4"],
    ]);
    // Esc dismisses it without moving focus; leaving the score hides it too.
    fireEvent.keyDown(priority, { key: "Escape" });
    expect(tip?.hidden).toBe(true);
    expect(document.activeElement).toBe(priority);

    const confidence = screen.getByRole("button", { name: "Confidence 76%" });
    act(() => confidence.focus());
    expect(tip?.hidden).toBe(true);
    const confidenceTip = document.getElementById(confidence.getAttribute("aria-describedby") ?? "");
    expect(confidenceTip?.hidden).toBe(false);
    expect(confidenceTip?.textContent).toContain("Planner's confidence+73.0");
    expect(confidenceTip?.textContent).toContain("Evidence found+2.5");
    expect(confidenceTip?.textContent).toContain("Confidence75.5%");
  });

  it("puts a 0–1 confidence on the percent scale and says when no breakdown was kept", () => {
    renderCard({ priority_score: 64, confidence: 0.7, evidence_detail: {} });
    const confidence = screen.getByRole("button", { name: "Confidence 70%" });
    const priority = screen.getByRole("button", { name: "Priority 64/100" });
    act(() => priority.focus());
    const tip = document.getElementById(priority.getAttribute("aria-describedby") ?? "");
    expect(tip?.textContent).toContain("kept no breakdown");
    expect(confidence).toBeTruthy();
  });
});
