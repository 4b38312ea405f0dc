import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { ipc } from "../ipc";
import { SearchBox } from "./SearchBox";

vi.mock("../ipc", async (importOriginal) => {
  const actual = await importOriginal<typeof import("../ipc")>();
  return { ...actual, ipc: { search: vi.fn() } };
});

describe("SearchBox", () => {
  it("searches after a pause, marks the matching words and opens the hit", async () => {
    vi.mocked(ipc.search).mockResolvedValue({
      query: "invoice",
      hits: [
        {
          kind: "documents",
          id: "doc1",
          project_id: "p1",
          title: "Billing",
          status: "guide",
          snippet: [
            { text: "every ", matched: false },
            { text: "invoice", matched: true },
            { text: " is a file", matched: false },
          ],
          rank: -3.2,
        },
      ],
    });
    const onOpen = vi.fn();
    render(<SearchBox projectId="p1" onOpen={onOpen} />);
    fireEvent.change(screen.getByRole("searchbox", { name: "Search everything" }), { target: { value: "invoice" } });
    const hit = await screen.findByRole("button", { name: /Billing/ });
    expect(ipc.search).toHaveBeenCalledTimes(1);
    expect(ipc.search).toHaveBeenCalledWith("invoice", "p1", []);
    expect(hit.querySelector("mark")?.textContent).toBe("invoice");
    fireEvent.click(hit);
    expect(onOpen).toHaveBeenCalledWith(expect.objectContaining({ kind: "documents", id: "doc1" }));
    expect(screen.queryByLabelText("Search results")).toBeNull();
  });

  it("does not search punctuation alone and says when nothing matches", async () => {
    vi.mocked(ipc.search).mockReset();
    vi.mocked(ipc.search).mockResolvedValue({ query: "zzz", hits: [] });
    render(<SearchBox projectId={null} onOpen={vi.fn()} />);
    const box = screen.getByRole("searchbox", { name: "Search everything" });
    fireEvent.change(box, { target: { value: "(*" } });
    await new Promise((r) => setTimeout(r, 250));
    expect(ipc.search).not.toHaveBeenCalled();
    fireEvent.change(box, { target: { value: "zzz" } });
    expect(await screen.findByText("Nothing matches “zzz”.")).toBeTruthy();
    await waitFor(() => expect(ipc.search).toHaveBeenCalledWith("zzz", null, []));
  });
});
