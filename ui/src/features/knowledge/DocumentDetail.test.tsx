import { fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { type DocumentDetail as Detail, ipc } from "../../ipc";
import { DocumentDetail } from "./DocumentDetail";

vi.mock("../../ipc", async (importOriginal) => {
  const actual = await importOriginal<typeof import("../../ipc")>();
  return {
    ...actual,
    onChanged: vi.fn(() => Promise.resolve(() => undefined)),
    ipc: {
      documentDetail: vi.fn(),
      linkDocument: vi.fn(() => Promise.resolve({})),
      unlinkDocument: vi.fn(() => Promise.resolve(null)),
      addDrift: vi.fn(() => Promise.resolve({})),
      removeDocument: vi.fn(() => Promise.resolve({})),
    },
  };
});

const detail: Detail = {
  document: {
    id: "doc1",
    project_id: "p1",
    title: "Billing",
    file_path: "src/billing/README.md",
    doc_type: "general",
    description: "",
    source: "discovered",
    last_updated_at: null,
    staleness_days: 0,
    is_stale: false,
    created_at: "2026-12-03T07:00:00.000000Z",
    updated_at: "2026-12-03T07:00:00.000000Z",
  },
  links: [
    { id: "l1", document_id: "doc1", code_path: "src/billing/tax.rs", link_type: "references", origin: "mentioned", created_at: "x" },
    { id: "l2", document_id: "doc1", code_path: "src/pay.rs", link_type: "covers", origin: "manual", created_at: "x" },
  ],
  suggested_links: ["src/billing/invoice.rs"],
  open_drift: [],
};

describe("DocumentDetail", () => {
  it("links suggested and typed paths, unlinks the operator's own, and raises drift", async () => {
    vi.mocked(ipc.documentDetail).mockResolvedValue(detail);
    const act = (work: () => Promise<unknown>) => void work();
    render(<DocumentDetail id="doc1" act={act} busy={false} onClose={vi.fn()} />);
    const links = await screen.findByRole("list", { name: "Linked code" });
    expect(within(links).getAllByRole("button", { name: "Unlink" })).toHaveLength(1);
    fireEvent.click(within(links).getByRole("button", { name: "Unlink" }));
    expect(ipc.unlinkDocument).toHaveBeenCalledWith("doc1", "src/pay.rs");
    fireEvent.click(within(screen.getByRole("list", { name: "Suggested links" })).getByRole("button", { name: "Link" }));
    expect(ipc.linkDocument).toHaveBeenCalledWith("doc1", "src/billing/invoice.rs", "covers");
    const raise = within(screen.getByRole("form", { name: "Raise drift" }));
    fireEvent.change(raise.getByLabelText("What is out of date"), { target: { value: "Tax rules changed" } });
    fireEvent.change(raise.getByLabelText("Severity"), { target: { value: "3" } });
    fireEvent.click(raise.getByRole("button", { name: "Raise drift" }));
    await waitFor(() => expect(ipc.addDrift).toHaveBeenCalledWith("doc1", "Tax rules changed", "3"));
  });
});
