// The first-run card: shown while no profile exists, with install steps when no CLI is on PATH.
import { act, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { type AgentProfile, type DetectedAgent, ipc } from "../../ipc";
import { AgentSetup } from "./AgentSetup";

vi.mock("../../ipc", async (importOriginal) => {
  const actual = await importOriginal<typeof import("../../ipc")>();
  return { ...actual, ipc: {
      agentReadiness: vi.fn(() => Promise.resolve({ agent: "claude", path: "/usr/bin/claude", runnable: true, problem: null })), detectAgents: vi.fn(), listAgents: vi.fn(), addAgent: vi.fn(), testAgent: vi.fn() } };
});

const missing = (kind: "claude" | "codex" | "gemini" | "opencode"): DetectedAgent => ({
  kind,
  command: kind,
  path: null,
  version: null,
  profiles: [],
});

const profile: AgentProfile = {
  id: "a1",
  name: "claude",
  kind: "claude",
  command: "claude",
  args: [],
  output_format: "claude-stream-json",
  model: "",
  is_default: true,
  permissions: "edit",
  created_at: "2026-12-02T10:00:00.000000Z",
  updated_at: "2026-12-02T10:00:00.000000Z",
};

beforeEach(() => {
  localStorage.clear();
  vi.mocked(ipc.detectAgents).mockReset();
  vi.mocked(ipc.listAgents).mockReset();
  vi.mocked(ipc.addAgent).mockReset();
  vi.mocked(ipc.testAgent).mockReset();
});

describe("AgentSetup", () => {
  it("with nothing on PATH, names the four CLIs and their npm packages and leads to the agent settings", async () => {
    vi.mocked(ipc.detectAgents).mockResolvedValue([missing("claude"), missing("codex"), missing("gemini"), missing("opencode")]);
    vi.mocked(ipc.listAgents).mockResolvedValue([]);
    const onOpenAgents = vi.fn();
    render(<AgentSetup onOpenAgents={onOpenAgents} />);
    expect(await screen.findByRole("heading", { name: "Set up an agent" })).toBeTruthy();
    expect(screen.getByText(/every task is carried out by an agent CLI/)).toBeTruthy();
    const steps = within(screen.getByRole("list", { name: "How to install an agent CLI" }));
    for (const pkg of ["@anthropic-ai/claude-code", "@openai/codex", "@google/gemini-cli", "opencode-ai"])
      expect(steps.getByText(`npm install -g ${pkg}`)).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Open agent settings" }));
    expect(onOpenAgents).toHaveBeenCalledOnce();
    // Installing happens outside the window: "Look again" asks the core once more.
    fireEvent.click(screen.getByRole("button", { name: "Look again" }));
    await waitFor(() => expect(ipc.detectAgents).toHaveBeenCalledTimes(2));
  });

  it("offers Add and test for a CLI on PATH, makes the first profile the default, and stays to show the outcome", async () => {
    const found: DetectedAgent = { kind: "claude", command: "claude", path: "/usr/bin/claude", version: "2.0.1 (Claude Code)", profiles: [] };
    vi.mocked(ipc.detectAgents).mockResolvedValueOnce([found, missing("codex")]);
    vi.mocked(ipc.listAgents).mockResolvedValueOnce([]);
    vi.mocked(ipc.addAgent).mockResolvedValue(profile);
    vi.mocked(ipc.testAgent).mockResolvedValue({
      name: "claude",
      version: "2.0.1 (Claude Code)",
      version_ok: true,
      probe_ok: true,
      probe_ms: 2400,
      error_kind: null,
      message: "answered: ok",
    });
    render(<AgentSetup onOpenAgents={vi.fn()} />);
    const list = await screen.findByRole("list", { name: "Agent CLIs found" });
    // Only what was found is listed; the install steps are for when nothing is.
    expect(within(list).queryByText("codex")).toBeNull();
    expect(screen.queryByRole("list", { name: "How to install an agent CLI" })).toBeNull();
    fireEvent.click(within(list).getByRole("button", { name: "Add and test claude" }));
    expect((await screen.findByRole("status")).textContent).toBe("2.0.1 (Claude Code) · probe ok in 2400 ms");
    expect(ipc.addAgent).toHaveBeenCalledWith({ name: "claude", kind: "claude", args: [], isDefault: true });
    fireEvent.click(screen.getByRole("button", { name: "Close" }));
    expect(screen.queryByRole("heading", { name: "Set up an agent" })).toBeNull();
  });

  it("shows nothing once a profile exists", async () => {
    vi.mocked(ipc.detectAgents).mockResolvedValue([missing("claude")]);
    vi.mocked(ipc.listAgents).mockResolvedValue([profile]);
    const { container } = render(<AgentSetup onOpenAgents={vi.fn()} />);
    await waitFor(() => expect(ipc.listAgents).toHaveBeenCalled());
    // Lets the answer arrive, so "nothing" is the answer rendered, not the loading state.
    await act(async () => undefined);
    expect(container.innerHTML).toBe("");
  });

  it("can be put off: Not now hides it, and it stays hidden the next time", async () => {
    vi.mocked(ipc.detectAgents).mockResolvedValue([missing("claude"), missing("codex"), missing("gemini"), missing("opencode")]);
    vi.mocked(ipc.listAgents).mockResolvedValue([]);
    const first = render(<AgentSetup onOpenAgents={vi.fn()} />);
    fireEvent.click(await screen.findByRole("button", { name: "Not now" }));
    expect(screen.queryByRole("heading", { name: "Set up an agent" })).toBeNull();
    first.unmount();
    render(<AgentSetup onOpenAgents={vi.fn()} />);
    await waitFor(() => expect(ipc.listAgents).toHaveBeenCalledTimes(2));
    expect(screen.queryByRole("heading", { name: "Set up an agent" })).toBeNull();
  });
});
