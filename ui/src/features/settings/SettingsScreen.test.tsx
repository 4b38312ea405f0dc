import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { CommandError, ipc, type SettingView } from "../../ipc";
import { AgentProfiles } from "./AgentProfiles";
import { SettingRow } from "./SettingRow";

vi.mock("../../ipc", async (importOriginal) => {
  const actual = await importOriginal<typeof import("../../ipc")>();
  return {
    ...actual,
    onActivity: vi.fn(() => Promise.resolve(() => undefined)),
    ipc: { setSetting: vi.fn(), unsetSetting: vi.fn(), listAgents: vi.fn(), addAgent: vi.fn(), testAgent: vi.fn(), removeAgent: vi.fn() },
  };
});

const baseUrl: SettingView = {
  key: "planning.base_url",
  value: "",
  description: "Base URL of the OpenAI-compatible endpoint (http or https)",
  is_default: true,
  updated_at: null,
};

describe("SettingRow", () => {
  it("saves through the core and shows its validation error by code", async () => {
    vi.mocked(ipc.setSetting).mockRejectedValueOnce(
      new CommandError({ code: "invalid_input", message: "planning.base_url must start with http:// or https://" }),
    );
    const onChanged = vi.fn();
    render(
      <table>
        <tbody>
          <SettingRow setting={baseUrl} onChanged={onChanged} />
        </tbody>
      </table>,
    );
    fireEvent.change(screen.getByLabelText("planning.base_url"), { target: { value: "ftp://x" } });
    fireEvent.click(screen.getByText("Save"));
    expect((await screen.findByRole("alert")).textContent).toContain("invalid_input");
    expect(onChanged).not.toHaveBeenCalled();

    vi.mocked(ipc.setSetting).mockResolvedValueOnce({ ...baseUrl, value: "http://127.0.0.1:8080/v1", is_default: false });
    fireEvent.change(screen.getByLabelText("planning.base_url"), { target: { value: " http://127.0.0.1:8080/v1 " } });
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
    render(<AgentProfiles />);
    expect(await screen.findByText(/No profiles yet/)).toBeTruthy();
    fireEvent.change(screen.getByLabelText("Name"), { target: { value: "fake" } });
    fireEvent.change(screen.getByLabelText("Kind"), { target: { value: "custom" } });
    fireEvent.change(screen.getByLabelText("Command"), { target: { value: "/opt/fake-agent" } });
    fireEvent.click(screen.getByLabelText("default"));
    fireEvent.click(screen.getByText("Add agent"));
    await waitFor(() =>
      expect(ipc.addAgent).toHaveBeenCalledWith({ name: "fake", kind: "custom", command: "/opt/fake-agent", outputFormat: null, isDefault: true }),
    );
    fireEvent.click(await screen.findByText("Test"));
    expect((await screen.findByRole("status")).textContent).toBe("fake 1.2.3 · probe ok in 41 ms");
  });
});
