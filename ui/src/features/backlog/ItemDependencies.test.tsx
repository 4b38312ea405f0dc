import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { CommandError, ipc } from "../../ipc";
import { item } from "../../test-fixtures";
import { ItemDependencies } from "./ItemDependencies";

vi.mock("../../ipc", async (importOriginal) => {
  const actual = await importOriginal<typeof import("../../ipc")>();
  return {
    ...actual,
    ipc: { listBacklog: vi.fn(), itemDependencies: vi.fn(), addItemDependency: vi.fn(), removeItemDependency: vi.fn() },
  };
});

describe("ItemDependencies", () => {
  it("lists what an item comes after, drops one, offers the others and shows a refused cycle", async () => {
    const importer = item({ id: "b", title: "Build the importer" });
    vi.mocked(ipc.itemDependencies).mockResolvedValue({
      item_id: "b",
      depends_on: [{ item_id: "a", title: "Ship the schema", status: "committed", task_id: "t1" }],
      dependents: ["c"],
    });
    vi.mocked(ipc.listBacklog).mockResolvedValue([
      item({ id: "a", title: "Ship the schema" }),
      importer,
      item({ id: "c", title: "Report" }),
    ]);
    vi.mocked(ipc.removeItemDependency).mockResolvedValue({ item_id: "b", depends_on: [], dependents: ["c"] });
    vi.mocked(ipc.addItemDependency).mockRejectedValueOnce(
      new CommandError({ code: "invalid_input", message: "`b` depending on `c` would close a cycle: `b` → `c` → `b`" }),
    );
    render(<ItemDependencies item={importer} />);
    const list = await screen.findByRole("list", { name: "Items it comes after" });
    expect(list.textContent).toContain("Ship the schema");
    expect(list.textContent).toContain("its task waits on this one's");
    expect(screen.getByRole("heading", { name: /Comes after 1 item\(s\) · 1 come after it/ })).toBeTruthy();

    fireEvent.click(screen.getByRole("button", { name: "No longer after Ship the schema" }));
    await waitFor(() => expect(ipc.removeItemDependency).toHaveBeenCalledWith("b", "a"));
    expect(await screen.findByRole("heading", { name: /Comes after nothing/ })).toBeTruthy();

    // Neither the item itself nor what it already comes after is offered.
    const select = screen.getByLabelText("After");
    await waitFor(() => expect(select.querySelectorAll("option")).toHaveLength(3));
    fireEvent.change(select, { target: { value: "c" } });
    fireEvent.click(screen.getByRole("button", { name: "Add" }));
    expect((await screen.findByRole("alert")).textContent).toContain("would close a cycle");
  });
});
