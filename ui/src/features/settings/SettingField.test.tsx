// Typed setting fields: units in, whole seconds and bytes out; the form's own check before the core's.
import { fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { ipc, type SettingView } from "../../ipc";
import { SettingField } from "./SettingField";

vi.mock("../../ipc", async (importOriginal) => {
  const actual = await importOriginal<typeof import("../../ipc")>();
  return { ...actual, ipc: {
      agentReadiness: vi.fn(() => Promise.resolve({ agent: "claude", path: "/usr/bin/claude", runnable: true, problem: null })), setSetting: vi.fn(), unsetSetting: vi.fn() } };
});

const outputCap: SettingView = {
  key: "dispatch.output_max_bytes",
  value: "5242880",
  description: "Agent output captured per attempt, in bytes; the rest is counted and dropped (0: no cap)",
  input: { kind: "bytes", min: 4096, max: 1073741824 },
  default: "5242880",
  env: "ANPM_DISPATCH_OUTPUT_MAX",
  is_default: true,
  updated_at: null,
};

const timeout: SettingView = {
  key: "dispatch.timeout_seconds",
  value: "",
  description: "Wall-clock budget of every dispatched agent in whole seconds (0: no limit)",
  input: { kind: "seconds", max: 604800 },
  default: "",
  env: "ANPM_DISPATCH_TIMEOUT",
  is_default: true,
  updated_at: null,
};

const provider: SettingView = {
  key: "planning.provider",
  value: "deterministic",
  description: "Default planning provider",
  input: { kind: "choice", choices: ["deterministic", "openai-compatible", "agent"] },
  default: "deterministic",
  env: null,
  is_default: true,
  updated_at: null,
};

function field(setting: SettingView) {
  const onChanged = vi.fn();
  const view = render(<SettingField setting={setting} onChanged={onChanged} />);
  return { onChanged, view };
}

beforeEach(() => {
  vi.mocked(ipc.setSetting).mockReset();
  vi.mocked(ipc.unsetSetting).mockReset();
});

describe("a bytes setting", () => {
  it("reads in MiB with its default and override, and sends the byte count", async () => {
    const { onChanged } = field(outputCap);
    const amount = screen.getByLabelText("Output cap") as HTMLInputElement;
    const unit = screen.getByLabelText("Output cap unit") as HTMLSelectElement;
    expect(amount.value).toBe("5");
    expect(unit.value).toBe("MiB");
    expect(screen.getByText(/Default: 5 MiB · 0 = no cap/)).toBeTruthy();
    expect(screen.getByText("ANPM_DISPATCH_OUTPUT_MAX").closest("p")?.textContent).toContain("overrides it");
    expect(screen.getByText("dispatch.output_max_bytes")).toBeTruthy();
    expect((screen.getByText("Save") as HTMLButtonElement).disabled).toBe(true);

    vi.mocked(ipc.setSetting).mockResolvedValue({ ...outputCap, value: "524288", is_default: false });
    fireEvent.change(amount, { target: { value: "512" } });
    fireEvent.change(unit, { target: { value: "KiB" } });
    fireEvent.click(screen.getByText("Save"));
    await waitFor(() => expect(onChanged).toHaveBeenCalledOnce());
    expect(ipc.setSetting).toHaveBeenCalledWith("dispatch.output_max_bytes", "524288");
  });

  it("refuses a size outside 4 KiB to 1 GiB without asking the core", () => {
    const { view } = field(outputCap);
    fireEvent.change(screen.getByLabelText("Output cap unit"), { target: { value: "bytes" } });
    fireEvent.change(screen.getByLabelText("Output cap"), { target: { value: "100" } });
    expect(screen.getByText("Enter 0 (no cap) or 4 KiB to 1 GiB.")).toBeTruthy();
    expect(screen.getByLabelText("Output cap").getAttribute("aria-invalid")).toBe("true");
    expect((screen.getByText("Save") as HTMLButtonElement).disabled).toBe(true);
    // Enter in the field submits the form: still nothing is sent.
    fireEvent.submit(view.container.querySelector("form")!);
    expect(ipc.setSetting).not.toHaveBeenCalled();
    // 0 is the documented "no cap", not an error.
    fireEvent.change(screen.getByLabelText("Output cap"), { target: { value: "0" } });
    expect(screen.queryByText(/Enter 0/)).toBeNull();
  });
});

describe("a seconds setting", () => {
  it("takes minutes and sends whole seconds; says 0 = no limit", async () => {
    const { onChanged } = field(timeout);
    expect(screen.getByText(/Default: each role's own budget · 0 = no limit/)).toBeTruthy();
    vi.mocked(ipc.setSetting).mockResolvedValue({ ...timeout, value: "900", is_default: false });
    fireEvent.change(screen.getByLabelText("Agent timeout"), { target: { value: "15" } });
    fireEvent.change(screen.getByLabelText("Agent timeout unit"), { target: { value: "minutes" } });
    fireEvent.click(screen.getByText("Save"));
    await waitFor(() => expect(onChanged).toHaveBeenCalledOnce());
    expect(ipc.setSetting).toHaveBeenCalledWith("dispatch.timeout_seconds", "900");
  });

  it("shows a stored value in the largest whole unit", () => {
    field({ ...timeout, key: "workspace.setup_timeout_seconds", value: "7200", default: "600", is_default: false });
    expect((screen.getByLabelText("Setup timeout") as HTMLInputElement).value).toBe("2");
    expect((screen.getByLabelText("Setup timeout unit") as HTMLSelectElement).value).toBe("hours");
    expect(screen.getByText(/Default: 10 min/)).toBeTruthy();
  });

  it("keeps a budget over a week, or not whole seconds, from the core, in the reserved line", () => {
    const { view } = field(timeout);
    const line = view.container.querySelector(".setting-message")!;
    expect(line.textContent).toBe("");
    fireEvent.change(screen.getByLabelText("Agent timeout unit"), { target: { value: "hours" } });
    fireEvent.change(screen.getByLabelText("Agent timeout"), { target: { value: "200" } });
    expect(line.textContent).toBe("At most 7 days; 0 = no limit.");
    fireEvent.change(screen.getByLabelText("Agent timeout unit"), { target: { value: "seconds" } });
    fireEvent.change(screen.getByLabelText("Agent timeout"), { target: { value: "1.5" } });
    expect(line.textContent).toContain("Use whole seconds");
    fireEvent.click(screen.getByText("Save"));
    fireEvent.submit(view.container.querySelector("form")!);
    expect(ipc.setSetting).not.toHaveBeenCalled();
  });
});

describe("a choice setting", () => {
  it("is a select whose values are labelled for people", async () => {
    field(provider);
    const select = screen.getByLabelText("Planning provider") as HTMLSelectElement;
    expect(select.tagName).toBe("SELECT");
    const options = within(select).getAllByRole("option") as HTMLOptionElement[];
    expect(options.map((o) => [o.value, o.textContent])).toEqual([
      ["deterministic", "Built-in (offline)"],
      ["openai-compatible", "OpenAI-compatible model"],
      ["agent", "Local agent CLI"],
    ]);
    expect(screen.getByText(/Default: Built-in \(offline\)/)).toBeTruthy();
    vi.mocked(ipc.setSetting).mockResolvedValue({ ...provider, value: "agent", is_default: false });
    fireEvent.change(select, { target: { value: "agent" } });
    fireEvent.click(screen.getByText("Save"));
    await waitFor(() => expect(ipc.setSetting).toHaveBeenCalledWith("planning.provider", "agent"));
  });
});

describe("an environment variable name", () => {
  it("is checked for its form before sending, and Reset returns a set value to its default", async () => {
    const keyEnv: SettingView = {
      key: "planning.api_key_env",
      value: "OPENAI_API_KEY",
      description: "Name of the environment variable holding the provider's API key",
      input: { kind: "env_name" },
      default: "",
      env: null,
      is_default: false,
      updated_at: "2026-12-01T10:00:00.000000Z",
    };
    const { onChanged } = field(keyEnv);
    fireEvent.change(screen.getByLabelText("API key variable"), { target: { value: "sk-live-123" } });
    expect(screen.getByText("Capital letters, digits and _ only, e.g. OPENAI_API_KEY.")).toBeTruthy();
    expect((screen.getByText("Save") as HTMLButtonElement).disabled).toBe(true);
    vi.mocked(ipc.unsetSetting).mockResolvedValue({ ...keyEnv, value: "", is_default: true });
    fireEvent.click(screen.getByText("Reset"));
    await waitFor(() => expect(onChanged).toHaveBeenCalledOnce());
    expect(ipc.unsetSetting).toHaveBeenCalledWith("planning.api_key_env");
    expect(ipc.setSetting).not.toHaveBeenCalled();
  });
});

describe("a count setting", () => {
  it("is a number within its range", () => {
    field({
      ...provider,
      key: "dispatch.concurrency",
      value: "2",
      default: "2",
      input: { kind: "count", min: 1, max: 16 },
    });
    const count = screen.getByLabelText("Concurrency") as HTMLInputElement;
    expect(count.type).toBe("number");
    expect([count.min, count.max]).toEqual(["1", "16"]);
    fireEvent.change(count, { target: { value: "17" } });
    expect(screen.getByText("Enter a whole number from 1 to 16.")).toBeTruthy();
  });
});
