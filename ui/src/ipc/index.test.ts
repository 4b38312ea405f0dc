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
