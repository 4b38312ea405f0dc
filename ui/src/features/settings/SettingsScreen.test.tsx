import { fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { CommandError, ipc, type SettingView } from "../../ipc";
import { role, worktreeSettings } from "../../test-fixtures";
import { AgentProfiles } from "./AgentProfiles";
import { DetectedAgents } from "./DetectedAgents";
import { ProviderKey } from "./ProviderKey";
import { SettingsScreen } from "./SettingsScreen";
import { formatByteSize, formatBytes } from "./settingUnits";
import { SettingField } from "./SettingField";

vi.mock("../../ipc", async (importOriginal) => {
  const actual = await importOriginal<typeof import("../../ipc")>();
  return {
    ...actual,
    onActivity: vi.fn(() => Promise.resolve(() => undefined)),
    ipc: {
      agentReadiness: vi.fn(() => Promise.resolve({ agent: "claude", path: "/usr/bin/claude", runnable: true, problem: null })),
      setSetting: vi.fn(),
      unsetSetting: vi.fn(),
      listSettings: vi.fn(),
      listAgents: vi.fn(),
      addAgent: vi.fn(),
      editAgent: vi.fn(),
      makeDefaultAgent: vi.fn(),
      testAgent: vi.fn(),
      detectAgents: vi.fn(() => Promise.resolve([])),
      removeAgent: vi.fn(),
      roleAgents: vi.fn(),
      setRoleAgent: vi.fn(),
      projectAgents: vi.fn(() => Promise.resolve({})),
      setProjectAgent: vi.fn(),
      dispatchState: vi.fn(),
      setDispatchPaused: vi.fn(),
      setDispatchConcurrency: vi.fn(),
      about: vi.fn(),
      apiKeySource: vi.fn(),
      setProviderKey: vi.fn(),
      clearProviderKey: vi.fn(),
      testPlanningProvider: vi.fn(),
    },
  };
});

const baseUrl: SettingView = {
  key: "planning.base_url",
  value: "",
  description: "Base URL of the OpenAI-compatible endpoint (http or https)",
  input: { kind: "url" },
  default: "",
  env: null,
  is_default: true,
  updated_at: null,
};

describe("SettingField", () => {
  it("saves through the core and shows its validation error by code", async () => {
    vi.mocked(ipc.setSetting).mockRejectedValueOnce(
      new CommandError({ code: "invalid_input", message: "planning.base_url must start with http:// or https://" }),
    );
    const onChanged = vi.fn();
    render(<SettingField setting={baseUrl} onChanged={onChanged} />);
    // The form's own check passes (an http URL); the core refuses it, in the same message line.
    fireEvent.change(screen.getByLabelText("Model endpoint"), { target: { value: "http://unreachable.invalid/v1" } });
    fireEvent.click(screen.getByText("Save"));
    const alert = await screen.findByRole("alert");
    expect(alert.dataset.code).toBe("invalid_input");
    expect(alert.textContent).not.toContain("invalid_input");
    expect(onChanged).not.toHaveBeenCalled();

    vi.mocked(ipc.setSetting).mockResolvedValueOnce({ ...baseUrl, value: "http://127.0.0.1:8080/v1", is_default: false });
    fireEvent.change(screen.getByLabelText("Model endpoint"), { target: { value: " http://127.0.0.1:8080/v1 " } });
    fireEvent.click(screen.getByText("Save"));
    await waitFor(() => expect(onChanged).toHaveBeenCalledOnce());
    expect(ipc.setSetting).toHaveBeenLastCalledWith("planning.base_url", "http://127.0.0.1:8080/v1");
    expect(screen.queryByRole("alert")).toBeNull();
  });
});

describe("AgentProfiles", () => {
  it("adds a profile and shows a test's version and probe result", async () => {
    const profile = {
      id: "a1",
      name: "fake",
      kind: "custom" as const,
      command: "/opt/fake-agent",
      args: [],
      output_format: "text" as const,
      model: null,
      is_default: true,
      created_at: "2026-11-21T10:00:00.000000Z",
      updated_at: "2026-11-21T10:00:00.000000Z",
    };
    vi.mocked(ipc.listAgents).mockResolvedValueOnce([]).mockResolvedValue([profile] as never);
    vi.mocked(ipc.addAgent).mockResolvedValue(profile as never);
    vi.mocked(ipc.testAgent).mockResolvedValue({
      name: "fake",
      version: "fake 1.2.3",
      version_ok: true,
      probe_ok: true,
      probe_ms: 41,
      error_kind: null,
      message: "",
    });
    vi.mocked(ipc.roleAgents).mockResolvedValue({});
    render(<AgentProfiles roles={[]} />);
    expect(await screen.findByText(/No profiles yet/)).toBeTruthy();
    fireEvent.change(screen.getByLabelText("Name"), { target: { value: "fake" } });
    fireEvent.change(screen.getByLabelText("Kind"), { target: { value: "custom" } });
    fireEvent.change(screen.getByLabelText("Command"), { target: { value: "/opt/fake-agent" } });
    fireEvent.click(screen.getByLabelText("default"));
    fireEvent.click(screen.getByText("Add agent"));
    await waitFor(() =>
      expect(ipc.addAgent).toHaveBeenCalledWith({ name: "fake", kind: "custom", command: "/opt/fake-agent", args: [], isDefault: true }),
    );
    fireEvent.click(await screen.findByText("Test"));
    expect((await screen.findByRole("status")).textContent).toBe("fake 1.2.3 · probe ok in 41 ms");
  });
});

const agent = {
  id: "a1",
  name: "fake",
  kind: "custom" as const,
  command: "/opt/fake-agent",
  args: ["--print"],
  output_format: "text" as const,
  model: "",
  is_default: false,
  permissions: "edit" as const,
  created_at: "2026-11-21T10:00:00.000000Z",
  updated_at: "2026-11-21T10:00:00.000000Z",
};

describe("agent editing and role defaults", () => {
  it("edits a profile in place, makes it the default, and picks it for a role and for the project", async () => {
    vi.mocked(ipc.listAgents).mockResolvedValue([agent]);
    vi.mocked(ipc.roleAgents).mockResolvedValueOnce({}).mockResolvedValue({ "test-writer": "fake" });
    vi.mocked(ipc.editAgent).mockResolvedValue(agent);
    vi.mocked(ipc.makeDefaultAgent).mockResolvedValue(agent);
    vi.mocked(ipc.setRoleAgent).mockResolvedValue(undefined);
    vi.mocked(ipc.setProjectAgent).mockResolvedValue(undefined);
    const shop = {
      id: "p1",
      name: "shop",
      description: "",
      repo_path: "/repos/shop",
      default_branch: "main",
      workspace: worktreeSettings,
      created_at: agent.created_at,
      updated_at: agent.updated_at,
    };
    render(<AgentProfiles roles={[role("test-writer")]} project={shop} />);

    fireEvent.click(await screen.findByText("Edit"));
    const form = within(screen.getByRole("form", { name: "Edit fake" }));
    fireEvent.change(form.getByLabelText(/Arguments, one per line/), { target: { value: "--print\n\n--model x y\n" } });
    fireEvent.change(form.getByLabelText("Output format"), { target: { value: "claude-stream-json" } });
    fireEvent.click(form.getByText("Save"));
    await waitFor(() =>
      expect(ipc.editAgent).toHaveBeenCalledWith(
        "fake",
        "/opt/fake-agent",
        ["--print", "--model x y"],
        "claude-stream-json",
        "",
        undefined,
        "edit",
      ),
    );
    await waitFor(() => expect(screen.queryByRole("form", { name: "Edit fake" })).toBeNull());

    fireEvent.click(screen.getByText("Make default"));
    await waitFor(() => expect(ipc.makeDefaultAgent).toHaveBeenLastCalledWith("fake"));

    const select = (await screen.findByLabelText("Agent for test-writer")) as HTMLSelectElement;
    fireEvent.change(select, { target: { value: "fake" } });
    await waitFor(() => expect(ipc.setRoleAgent).toHaveBeenCalledWith("test-writer", "fake"));
    await waitFor(() => expect(select.value).toBe("fake"));
    fireEvent.change(select, { target: { value: "" } });
    await waitFor(() => expect(ipc.setRoleAgent).toHaveBeenLastCalledWith("test-writer", null));

    fireEvent.change(screen.getByLabelText("Agent for shop"), { target: { value: "fake" } });
    await waitFor(() => expect(ipc.setProjectAgent).toHaveBeenCalledWith("p1", "fake"));
  });
});

describe("SettingsScreen", () => {
  it("groups limits under dispatch, changes concurrency, and shows where the data lives", async () => {
    vi.mocked(ipc.listSettings).mockResolvedValue([
      { ...baseUrl, key: "planning.model", description: "Model name", input: { kind: "text" } },
      {
        ...baseUrl,
        key: "dispatch.timeout_seconds",
        description: "Wall-clock budget",
        input: { kind: "seconds", max: 604800 },
        env: "ANPM_DISPATCH_TIMEOUT",
      },
    ]);
    vi.mocked(ipc.dispatchState).mockResolvedValue({ paused: false, concurrency: 2, running: [], queued: 3, loop_here: true, owner: null });
    vi.mocked(ipc.setDispatchConcurrency).mockResolvedValue(undefined);
    vi.mocked(ipc.listAgents).mockResolvedValue([]);
    vi.mocked(ipc.roleAgents).mockResolvedValue({});
    vi.mocked(ipc.apiKeySource).mockResolvedValue({ source: "none", detail: "no API key configured", available: false });
    vi.mocked(ipc.about).mockResolvedValue({
      version: "0.1.0",
      data_dir: "/home/op/.local/share/anpm",
      database: "/home/op/.local/share/anpm/anpm.db",
      database_bytes: 1536,
      log_dir: "/home/op/.local/share/anpm/logs",
    });
    render(<SettingsScreen roles={[]} />);
    expect(await screen.findByText("/home/op/.local/share/anpm")).toBeTruthy();
    expect(screen.getByText("/home/op/.local/share/anpm/logs")).toBeTruthy();
    expect(screen.getByText(/1\.5 KiB/)).toBeTruthy();
    const limits = await screen.findByRole("group", { name: "Dispatch limits" });
    expect(limits.textContent).toContain("dispatch.timeout_seconds");
    expect(limits.textContent).toContain("Agent timeout");
    expect(limits.textContent).toContain("ANPM_DISPATCH_TIMEOUT overrides it");
    expect(limits.textContent).not.toContain("planning.model");
    expect(screen.getByRole("group", { name: "Planning settings" }).textContent).toContain("planning.model");
    // The sections stand in their order, each under its heading, with the index on top.
    const headings = screen.getAllByRole("heading", { level: 3 }).map((h) => h.textContent);
    expect(headings).toEqual(["Agents", "Planning provider", "Dispatch", "Data"]);
    const index = screen.getByRole("navigation", { name: "Settings sections" });
    expect(within(index).getAllByRole("link").map((a) => a.getAttribute("href"))).toEqual([
      "#settings-agents",
      "#settings-planning",
      "#settings-dispatch",
      "#settings-data",
    ]);
    expect(screen.getByText(/0 running · 3 queued/)).toBeTruthy();
    fireEvent.change(screen.getByLabelText("Agents at once"), { target: { value: "4" } });
    await waitFor(() => expect(ipc.setDispatchConcurrency).toHaveBeenCalledWith(4));
  });

  it("formats byte counts", () => {
    expect(formatBytes(512)).toBe("512 B");
    expect(formatBytes(1536)).toBe("1.5 KiB");
    expect(formatBytes(5 * 1024 * 1024)).toBe("5.0 MiB");
    expect(formatByteSize(5 * 1024 * 1024)).toBe("5 MiB");
    expect(formatByteSize(1536)).toBe("1.5 KiB");
  });
});

describe("ProviderKey", () => {
  it("stores a key in the keyring without showing it, and shows a test's outcome with its remediation", async () => {
    vi.mocked(ipc.apiKeySource)
      .mockResolvedValueOnce({ source: "none", detail: "no API key configured", available: false })
      .mockResolvedValue({ source: "os_keyring", detail: "stored in the OS keyring", available: true });
    vi.mocked(ipc.setProviderKey).mockResolvedValue({ source: "os_keyring", detail: "stored in the OS keyring", available: true });
    vi.mocked(ipc.testPlanningProvider).mockResolvedValue({
      base_url: "http://127.0.0.1:8080/v1",
      model: "planner",
      ok: false,
      latency_ms: 12,
      reply: null,
      error_kind: "provider_error",
      message: "the provider answered 401 Unauthorized: bad key",
      remediation: "Check the API key.",
    });
    render(<ProviderKey />);
    expect((await screen.findByRole("status")).textContent).toContain("no API key configured");
    const field = screen.getByLabelText("API key") as HTMLInputElement;
    expect(field.type).toBe("password");
    fireEvent.change(field, { target: { value: "sk-secret" } });
    fireEvent.click(screen.getByText("Store in keyring"));
    await waitFor(() => expect(ipc.setProviderKey).toHaveBeenCalledWith("sk-secret"));
    await waitFor(() => expect(screen.getByRole("status").textContent).toContain("stored in the OS keyring"));
    expect(field.value).toBe("");
    expect(screen.queryByText(/sk-secret/)).toBeNull();

    fireEvent.click(screen.getByText("Test the provider"));
    const outcome = await screen.findByLabelText("Provider test");
    expect(outcome.textContent).toContain("provider_error: the provider answered 401 Unauthorized: bad key");
    expect(outcome.textContent).toContain("Check the API key.");
    expect(screen.getByText("Remove from keyring")).toBeTruthy();
  });
});

describe("DetectedAgents", () => {
  it("lists the agent CLIs with their versions and adds and tests one that has no profile", async () => {
    vi.mocked(ipc.detectAgents).mockResolvedValue([
      { kind: "claude", command: "claude", path: "/usr/bin/claude", version: "2.0.1 (Claude Code)", profiles: ["main"] },
      { kind: "gemini", command: "gemini", path: "/opt/bin/gemini", version: "0.9.0", profiles: [] },
      { kind: "opencode", command: "opencode", path: null, version: null, profiles: [] },
    ]);
    vi.mocked(ipc.addAgent).mockResolvedValue(agent);
    vi.mocked(ipc.testAgent).mockResolvedValue({
      name: "gemini",
      version: "0.9.0",
      version_ok: true,
      probe_ok: true,
      probe_ms: 820,
      error_kind: null,
      message: "answered: ok",
    });
    const onAdded = vi.fn();
    render(<DetectedAgents onAdded={onAdded} />);
    const list = await screen.findByRole("list", { name: "Agent CLIs on PATH" });
    expect(within(list).getByText("used by main", { exact: false })).toBeTruthy();
    expect(within(list).getByText("2.0.1 (Claude Code)")).toBeTruthy();
    expect(within(list).getByText("not on PATH")).toBeTruthy();
    expect(within(list).queryByRole("button", { name: "Add and test opencode" })).toBeNull();
    fireEvent.click(within(list).getByRole("button", { name: "Add and test gemini" }));
    expect((await within(list).findByRole("status")).textContent).toBe("0.9.0 · probe ok in 820 ms");
    expect(onAdded).toHaveBeenCalled();
    expect(ipc.addAgent).toHaveBeenCalledWith({ name: "gemini", kind: "gemini", args: [], isDefault: false });
    expect(ipc.testAgent).toHaveBeenCalledWith("gemini");
  });
});
