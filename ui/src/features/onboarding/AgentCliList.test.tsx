// "Add and test": the profile is stored first, then checked, and the outcome stays in view in words.
import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { type AgentProfile, CommandError, type DetectedAgent, ipc } from "../../ipc";
import { AgentCliList } from "./AgentCliList";

vi.mock("../../ipc", async (importOriginal) => {
  const actual = await importOriginal<typeof import("../../ipc")>();
  return { ...actual, ipc: {
      agentReadiness: vi.fn(() => Promise.resolve({ agent: "claude", path: "/usr/bin/claude", runnable: true, problem: null })), addAgent: vi.fn(), testAgent: vi.fn() } };
});

const codex: DetectedAgent = { kind: "codex", command: "codex", path: "/home/op/.npm/bin/codex", version: "codex-cli 0.42.0", profiles: [] };

const profile: AgentProfile = {
  id: "a1",
  name: "codex",
  kind: "codex",
  command: "codex",
  args: [],
  output_format: "codex-json",
  model: "",
  is_default: true,
  permissions: "edit",
  created_at: "2026-12-02T10:00:00.000000Z",
  updated_at: "2026-12-02T10:00:00.000000Z",
};

beforeEach(() => {
  vi.mocked(ipc.addAgent).mockReset().mockResolvedValue(profile);
  vi.mocked(ipc.testAgent).mockReset();
});

describe("Add and test", () => {
  it("adds the profile (name = command, no args), then tests it and shows the version and probe time", async () => {
    vi.mocked(ipc.testAgent).mockResolvedValue({
      name: "codex",
      version: "codex-cli 0.42.0",
      version_ok: true,
      probe_ok: true,
      probe_ms: 1830,
      error_kind: null,
      message: "answered: ok",
    });
    const onAdded = vi.fn();
    render(<AgentCliList agents={[codex]} label="Found" makeDefault onAdded={onAdded} />);
    expect(screen.getByText("codex-cli 0.42.0")).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Add and test codex" }));
    expect((await screen.findByRole("status")).textContent).toBe("codex-cli 0.42.0 · probe ok in 1830 ms");
    expect(ipc.addAgent).toHaveBeenCalledWith({ name: "codex", kind: "codex", args: [], isDefault: true });
    expect(ipc.testAgent).toHaveBeenCalledWith("codex");
    expect(vi.mocked(ipc.addAgent).mock.invocationCallOrder[0]!).toBeLessThan(vi.mocked(ipc.testAgent).mock.invocationCallOrder[0]!);
    expect(onAdded).toHaveBeenCalledOnce();
  });

  it("says why a probe failed: the kind in words, the time, and the CLI's message", async () => {
    vi.mocked(ipc.testAgent).mockResolvedValue({
      name: "codex",
      version: "codex-cli 0.42.0",
      version_ok: true,
      probe_ok: false,
      probe_ms: 640,
      error_kind: "session_expired",
      message: "`codex` says: not logged in",
    });
    render(<AgentCliList agents={[codex]} label="Found" />);
    fireEvent.click(screen.getByRole("button", { name: "Add and test codex" }));
    const result = await screen.findByRole("status");
    expect(result.textContent).toContain("probe failed after 640 ms: its login has expired");
    expect(result.textContent).toContain("codex says: not logged in");
    expect(result.dataset.kind).toBe("session_expired");
    expect(ipc.addAgent).toHaveBeenCalledWith({ name: "codex", kind: "codex", args: [], isDefault: false });
  });

  it("shows the core's refusal to add on the row and does not test", async () => {
    vi.mocked(ipc.addAgent).mockRejectedValue(new CommandError({ code: "conflict", message: "an agent named `codex` exists" }));
    render(<AgentCliList agents={[codex]} label="Found" />);
    fireEvent.click(screen.getByRole("button", { name: "Add and test codex" }));
    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toBe("an agent named codex exists");
    expect(alert.dataset.code).toBe("conflict");
    await waitFor(() => expect(screen.getByRole("button", { name: "Add and test codex" })).toBeTruthy());
    expect(ipc.testAgent).not.toHaveBeenCalled();
  });
});
