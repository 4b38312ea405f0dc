import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { afterEach, describe, expect, it } from "vitest";
import { CommandError, ipc } from "./index";

afterEach(() => clearMocks());

describe("ipc", () => {
  it("invokes the core command and returns its value", async () => {
    mockIPC((command) => {
      if (command === "list_projects") return [{ id: "p1", name: "shop" }];
      throw new Error(`unexpected command ${command}`);
    });
    const projects = await ipc.listProjects();
    expect(projects.map((p) => p.name)).toEqual(["shop"]);
  });

  it("turns a {code, message} rejection into a CommandError with the same code", async () => {
    mockIPC(() => {
      throw { code: "not_found", message: "project `x` was not found" };
    });
    const error = await ipc.listProjects().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CommandError);
    expect((error as CommandError).code).toBe("not_found");
    expect((error as CommandError).message).toBe("project `x` was not found");
  });

  it("reports a rejection without a code as an io error", async () => {
    mockIPC(() => {
      throw "the webview lost its connection";
    });
    const error = (await ipc.listProjects().catch((e: unknown) => e)) as CommandError;
    expect(error.code).toBe("io");
    expect(error.message).toContain("lost its connection");
  });
});

describe("ipc adapters", () => {
  it("reach the core through the generated wrappers, with the registry's argument shapes", async () => {
    const sent: Array<[string, unknown]> = [];
    mockIPC((command, args) => {
      sent.push([command, args]);
      return {};
    });
    await ipc.reviewCandidate("c1", "approved");
    await ipc.contextSummary("run-1");
    await ipc.makeDefaultAgent("fake");
    expect(sent).toEqual([
      ["update_candidate", { id: "c1", patch: { status: "approved" } }],
      ["planning_context", { id: "run-1", raw: false }],
      ["edit_agent", { name: "fake", isDefault: true }],
    ]);
  });
});
