// A role's result for people: the JSON object an agent ended with, drawn by what each field means (the
// files it returned, test instructions, risks, follow-ups, a test-writer's coverage matrix, a reviewer's
// findings, a schema designer's migration, a contract writer's endpoints) instead of as raw JSON. Fields
// no role defines still show, as JSON, so nothing the agent said is hidden.
import type { ReactNode } from "react";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Fields = Record<string, Json>;

/** Free-text fields, by the label they are shown under. */
const TEXTS: Record<string, string> = {
  change_summary: "Summary",
  test_instructions: "How to test",
  component_tree: "Component tree",
  a11y_notes: "Accessibility notes",
  docs_update: "Documentation to update",
  dual_driver_notes: "Notes for both database drivers",
  notes: "Notes",
};

/** Lists of sentences, by the label they are shown under. */
const LISTS: Record<string, string> = {
  risks: "Risks",
  followups: "Follow-ups",
  not_tested: "Not tested",
  invariants_added: "Invariants added",
  indexes_added: "Indexes added",
  not_reviewed: "Not reviewed",
};

/** Yes/no answers, by the question they answer. */
const FLAGS: Record<string, string> = {
  accept_with_changes: "Acceptable once the findings are fixed",
  breaking_change: "Breaking change",
};

/** Fields drawn by a block of their own below. */
const SHAPED = new Set(["changes", "files", "files_applied", "files_rejected", "coverage_matrix", "findings", "migration", "endpoints"]);

const SEVERITY_ORDER = ["blocker", "should-fix", "nit"];

function text(value: Json | undefined): string {
  if (value == null) return "";
  return typeof value === "string" ? value : JSON.stringify(value);
}

function objects(value: Json | undefined): Fields[] {
  return Array.isArray(value) ? value.filter((v): v is Fields => typeof v === "object" && v !== null && !Array.isArray(v)) : [];
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="result-section" aria-label={title}>
      <h4>{title}</h4>
      {children}
    </section>
  );
}

/** What the last finished attempt changed: its branch's diffstat in worktree mode, else the files applied. */
export function changesLine(result: Record<string, unknown> | null): string {
  const changes = result?.changes as { files?: number; additions?: number; deletions?: number; branch?: string } | undefined;
  if (changes && typeof changes.files === "number") {
    if (changes.files === 0) return "No changes";
    return `${changes.files} file(s) changed, +${changes.additions ?? 0} −${changes.deletions ?? 0} on ${changes.branch ?? "its branch"}`;
  }
  return `${Number(result?.files_applied ?? 0)} file(s) applied`;
}

export function ResultView({ result: raw }: { result: Record<string, unknown> }) {
  // The core stores the agent's JSON object as it came; JSON is all it can hold.
  const result = raw as Fields;
  const changes = result.changes as Fields | undefined;
  const files = objects(result.files);
  const rejected = objects(result.files_rejected);
  const coverage = objects(result.coverage_matrix);
  const findings = objects(result.findings).sort(
    (a, b) => SEVERITY_ORDER.indexOf(text(a.severity)) - SEVERITY_ORDER.indexOf(text(b.severity)),
  );
  const endpoints = objects(result.endpoints);
  const migration = result.migration && typeof result.migration === "object" && !Array.isArray(result.migration) ? result.migration : null;
  const known = new Set([...Object.keys(TEXTS), ...Object.keys(LISTS), ...Object.keys(FLAGS), ...SHAPED]);
  const other = Object.entries(result).filter(([key]) => !known.has(key));
  return (
    <div className="result-view">
      {changes && typeof changes.files === "number" && <p>{changesLine(result)}</p>}
      {Object.entries(FLAGS).map(([key, label]) =>
        typeof result[key] === "boolean" ? (
          <p key={key}>
            {label}: <strong>{result[key] ? "yes" : "no"}</strong>
          </p>
        ) : null,
      )}
      {Object.entries(TEXTS).map(([key, label]) =>
        typeof result[key] === "string" && result[key] ? (
          <Section key={key} title={label}>
            <p className="result-text">{result[key] as string}</p>
          </Section>
        ) : null,
      )}
      {findings.length > 0 && (
        <Section title={`Findings (${findings.length})`}>
          <ol className="findings">
            {findings.map((f, i) => (
              <li key={i}>
                <p>
                  <span className={`chip severity-${text(f.severity)}`}>{text(f.severity) || "finding"}</span>{" "}
                  {f.category != null && <span className="muted">{text(f.category)}</span>}{" "}
                  {f.location != null && <code>{text(f.location)}</code>}
                </p>
                <p>{text(f.finding)}</p>
                {f.scenario != null && (
                  <p className="muted">
                    <strong>When:</strong> {text(f.scenario)}
                  </p>
                )}
                {f.fix != null && (
                  <p>
                    <strong>Fix:</strong> {text(f.fix)}
                  </p>
                )}
              </li>
            ))}
          </ol>
        </Section>
      )}
      {Array.isArray(result.findings) && findings.length === 0 && <p>The reviewer found nothing to fix.</p>}
      {coverage.length > 0 && (
        <Section title={`Coverage (${coverage.length})`}>
          <table className="grid" aria-label="Coverage matrix">
            <thead>
              <tr>
                <th>Scenario</th>
                <th>Expected</th>
                <th>Why it matters</th>
              </tr>
            </thead>
            <tbody>
              {coverage.map((row, i) => (
                <tr key={i}>
                  <td>{text(row.scenario)}</td>
                  <td>{text(row.expected)}</td>
                  <td>{text(row.why_it_matters)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </Section>
      )}
      {endpoints.length > 0 && (
        <Section title={`Endpoints (${endpoints.length})`}>
          <ul className="result-list">
            {endpoints.map((e, i) => (
              <li key={i}>
                <code>
                  {text(e.method)} {text(e.path)}
                </code>
                {Object.entries(e)
                  .filter(([k]) => k !== "method" && k !== "path")
                  .map(([k, v]) => (
                    <div key={k} className="muted">
                      {k.replace(/_/g, " ")}: {text(v)}
                    </div>
                  ))}
              </li>
            ))}
          </ul>
        </Section>
      )}
      {migration && (
        <Section title={`Migration ${text(migration.filename)}`}>
          {typeof migration.up_sql === "string" && <pre className="result-code">{migration.up_sql}</pre>}
          {typeof migration.down_sql === "string" && (
            <details>
              <summary>Down</summary>
              <pre className="result-code">{migration.down_sql}</pre>
            </details>
          )}
        </Section>
      )}
      {files.length > 0 && (
        <Section title={`Files returned (${files.length})`}>
          <ul className="result-list">
            {files.map((f, i) => (
              <li key={i}>
                <code>{text(f.path)}</code> <span className="muted">{text(f.mode) || "new"}</span>
                {typeof f.contents === "string" && <span className="muted"> · {f.contents.split("\n").length} lines</span>}
              </li>
            ))}
          </ul>
          {typeof result.files_applied === "number" && <p className="muted">{result.files_applied} written into the workspace.</p>}
        </Section>
      )}
      {rejected.length > 0 && (
        <Section title={`Files refused (${rejected.length})`}>
          <ul className="result-list error">
            {rejected.map((f, i) => (
              <li key={i}>
                <code>{text(f.path)}</code>: {text(f.reason)}
              </li>
            ))}
          </ul>
        </Section>
      )}
      {Object.entries(LISTS).map(([key, label]) => {
        const items = Array.isArray(result[key]) ? (result[key] as Json[]) : [];
        return items.length > 0 ? (
          <Section key={key} title={label}>
            <ul className="result-list">
              {items.map((item, i) => (
                <li key={i}>{text(item)}</li>
              ))}
            </ul>
          </Section>
        ) : null;
      })}
      {other.length > 0 && (
        <Section title="Other fields">
          <pre className="result-code">{JSON.stringify(Object.fromEntries(other), null, 2)}</pre>
        </Section>
      )}
      <details>
        <summary>The result as JSON</summary>
        <pre className="result-code">{JSON.stringify(result, null, 2)}</pre>
      </details>
    </div>
  );
}
