// The readiness note: a warning with a way to Settings → Agents when no agent could run the task.
import { act, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { CommandError, ipc } from "../../ipc";
import { AgentReadinessNote } from "./AgentReadinessNote";

vi.mock("../../ipc", async (importOriginal) => {
  const actual = await importOriginal<typeof import("../../ipc")>();
  return { ...actual, ipc: { agentReadiness: vi.fn() } };
});

beforeEach(() => {
  vi.mocked(ipc.agentReadiness).mockReset();
});

describe("AgentReadinessNote", () => {
  it("warns when no agent can run the role and leads to the agent settings", async () => {
    vi.mocked(ipc.agentReadiness).mockResolvedValue({
      agent: null,
      path: null,
      runnable: false,
      problem: "no agent profile is set up and none of claude, codex, gemini or opencode is on PATH",
    });
    const onOpenAgents = vi.fn();
    render(<AgentReadinessNote projectId="p1" role="test-writer" onOpenAgents={onOpenAgents} />);
    const note = await screen.findByRole("status");
    expect(note.textContent).toContain(
      "No agent can run this yet: no agent profile is set up and none of claude, codex, gemini or opencode is on PATH.",
    );
    expect(ipc.agentReadiness).toHaveBeenCalledWith("p1", "test-writer", null);
    fireEvent.click(screen.getByRole("button", { name: "Set up an agent" }));
    expect(onOpenAgents).toHaveBeenCalledOnce();
  });

  it("renders nothing when the agent can run", async () => {
    vi.mocked(ipc.agentReadiness).mockResolvedValue({ agent: "claude", path: "/usr/bin/claude", runnable: true, problem: null });
    const { container } = render(<AgentReadinessNote projectId="p1" role="test-writer" agent="claude" onOpenAgents={vi.fn()} />);
    await waitFor(() => expect(ipc.agentReadiness).toHaveBeenCalledWith("p1", "test-writer", "claude"));
    // Lets the answer arrive, so "nothing" is the answer rendered, not the loading state.
    await act(async () => undefined);
    expect(container.innerHTML).toBe("");
  });

  it("asks nothing and renders nothing without a role, and asks again when the role changes", async () => {
    vi.mocked(ipc.agentReadiness).mockResolvedValue({
      agent: "fake",
      path: null,
      runnable: false,
      problem: "agent `fake` runs `/opt/fake-agent`, which is not on PATH or not executable",
    });
    const { container, rerender } = render(<AgentReadinessNote projectId="p1" role="" onOpenAgents={vi.fn()} />);
    // Lets the answer arrive, so "nothing" is the answer rendered, not the loading state.
    await act(async () => undefined);
    expect(container.innerHTML).toBe("");
    expect(ipc.agentReadiness).not.toHaveBeenCalled();
    rerender(<AgentReadinessNote projectId="p1" role="backend-architect" onOpenAgents={vi.fn()} />);
    expect((await screen.findByRole("status")).textContent).toContain(
      "No agent can run this yet: agent fake runs /opt/fake-agent, which is not on PATH or not executable.",
    );
    expect(ipc.agentReadiness).toHaveBeenCalledWith("p1", "backend-architect", null);
  });

  it("treats a named profile that no longer exists as a reason it cannot run", async () => {
    vi.mocked(ipc.agentReadiness).mockRejectedValue(new CommandError({ code: "not_found", message: "agent profile `gone` not found" }));
    render(<AgentReadinessNote projectId="p1" role="test-writer" agent="gone" onOpenAgents={vi.fn()} />);
    expect((await screen.findByRole("status")).textContent).toContain("No agent can run this yet: agent profile gone not found.");
  });
});
