import { fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { type DocumentEntry, type DriftSignal, ipc, type SyncRun } from "../../ipc";
import { KnowledgeScreen } from "./KnowledgeScreen";

vi.mock("../../ipc", async (importOriginal) => {
  const actual = await importOriginal<typeof import("../../ipc")>();
  return {
    ...actual,
    onChanged: vi.fn(() => Promise.resolve(() => undefined)),
    ipc: {
      listSyncRuns: vi.fn(),
      runSync: vi.fn(),
      setProjectWorkspace: vi.fn(() => Promise.resolve({})),
      listDrift: vi.fn(),
      setDriftStatus: vi.fn(() => Promise.resolve({})),
      resolveAllDrift: vi.fn(() => Promise.resolve(2)),
      listDocuments: vi.fn(),
      markDocumentUpdated: vi.fn(() => Promise.resolve({})),
      documentContent: vi.fn(),
    },
  };
});

const run: SyncRun = {
  id: "s1",
  project_id: "p1",
  status: "failed",
  triggered_by: "manual",
  branch: "",
  commits_scanned: 0,
  files_changed: 0,
  signals_created: 0,
  error_message: 'branch "trunk" is not in the repository; detected default branch is "main".',
  detected_branch: "main",
  started_at: "2026-12-03T07:00:00.000000Z",
  completed_at: "2026-12-03T07:00:01.000000Z",
};

const signal: DriftSignal = {
  id: "d1",
  project_id: "p1",
  document_id: "doc1",
  document_title: "Billing",
  document_path: "docs/billing.md",
  trigger_type: "code_change",
  trigger_detail: "File changed: src/pay.rs (M)",
  trigger_meta: { changed_files: [{ path: "src/pay.rs", change_type: "M" }] },
  severity: 2,
  confidence: "high",
  sync_run_id: "s1",
  status: "open",
  resolved_by: "",
  resolved_at: null,
  created_at: "2026-12-03T07:00:00.000000Z",
  updated_at: "2026-12-03T07:00:00.000000Z",
};

const doc: DocumentEntry = {
  id: "doc1",
  project_id: "p1",
  title: "Billing",
  file_path: "docs/billing.md",
  doc_type: "guide",
  description: "",
  source: "discovered",
  last_updated_at: "2026-10-01T00:00:00.000000Z",
  staleness_days: 63,
  is_stale: true,
  created_at: "2026-12-03T07:00:00.000000Z",
  updated_at: "2026-12-03T07:00:00.000000Z",
  link_count: 2,
};

describe("KnowledgeScreen", () => {
  it("shows the failed sync's hint, triages drift, and marks a stale document updated", async () => {
    vi.mocked(ipc.listSyncRuns).mockResolvedValue([run]);
    vi.mocked(ipc.runSync).mockResolvedValue({ ...run, status: "completed" });
    vi.mocked(ipc.listDrift).mockResolvedValue([signal]);
    vi.mocked(ipc.listDocuments).mockResolvedValue([doc]);
    vi.mocked(ipc.documentContent).mockResolvedValue({
      path: "docs/billing.md",
      language: "markdown",
      content: "# Billing\nInvoices live in src/pay.rs",
      size_bytes: 38,
      truncated: false,
    });
    render(<KnowledgeScreen projectId="p1" />);
    expect(await screen.findByText(/detected default branch is "main"/)).toBeTruthy();

    const drift = await screen.findByRole("list", { name: "Drift signals" });
    expect(within(drift).getByText("medium")).toBeTruthy();
    expect(within(drift).getByText("File changed: src/pay.rs (M)")).toBeTruthy();
    fireEvent.click(within(drift).getByRole("button", { name: "Resolve" }));
    await waitFor(() => expect(ipc.setDriftStatus).toHaveBeenCalledWith("d1", "resolved"));
    fireEvent.click(screen.getByRole("button", { name: "Resolve all" }));
    await waitFor(() => expect(ipc.resolveAllDrift).toHaveBeenCalledWith("p1"));

    const docs = screen.getByRole("table", { name: "Documents" });
    expect(within(docs).getByText("stale 63 d")).toBeTruthy();
    fireEvent.click(within(docs).getByRole("button", { name: "Mark updated" }));
    await waitFor(() => expect(ipc.markDocumentUpdated).toHaveBeenCalledWith("doc1"));
    fireEvent.click(within(docs).getByRole("button", { name: "Preview" }));
    expect(await screen.findByText(/Invoices live in src\/pay.rs/)).toBeTruthy();

    fireEvent.click(screen.getByRole("button", { name: "Sync now" }));
    await waitFor(() => expect(ipc.runSync).toHaveBeenCalledWith("p1"));
    fireEvent.click(screen.getByRole("button", { name: "Use main and sync again" }));
    await waitFor(() => expect(ipc.setProjectWorkspace).toHaveBeenCalledWith("p1", null, "main", null, null));
    await waitFor(() => expect(ipc.runSync).toHaveBeenCalledTimes(2));
  });

  it("asks for another status and order", async () => {
    vi.mocked(ipc.listSyncRuns).mockResolvedValue([]);
    vi.mocked(ipc.listDrift).mockResolvedValue([]);
    vi.mocked(ipc.listDocuments).mockResolvedValue([]);
    render(<KnowledgeScreen projectId="p1" />);
    expect(await screen.findByText("No open drift signals.")).toBeTruthy();
    expect(screen.getByText(/Never synced/)).toBeTruthy();
    fireEvent.change(screen.getByLabelText("Show"), { target: { value: "dismissed" } });
    fireEvent.change(screen.getByLabelText("Order"), { target: { value: "time" } });
    await waitFor(() => expect(ipc.listDrift).toHaveBeenLastCalledWith("p1", "dismissed", "time"));
  });
});
