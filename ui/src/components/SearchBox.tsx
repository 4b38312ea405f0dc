import { useEffect, useRef, useState } from "react";
import { CommandError, ipc, type SearchHit, type SearchKind } from "../ipc";
import { ErrorLine } from "./Status";

/** How long typing must pause before a search runs. */
const PAUSE_MS = 150;

const KIND_LABEL: Record<SearchKind, string> = {
  tasks: "Tasks",
  backlog_items: "Backlog",
  requirements: "Requirements",
  candidates: "Candidates",
  documents: "Documents",
};

/** Opens what a hit names: its task, or the screen that shows its kind, in its project. */
export type OpenHit = (hit: SearchHit) => void;

/**
 * The header's search: tasks, backlog items, requirements, candidates and documents (their text too), best
 * matches first, each with the passage that matched and the matching words marked. Searches the chosen
 * project, or every project when none is chosen. Ctrl+/ focuses it; Esc clears it.
 */
export function SearchBox({ projectId, onOpen }: { projectId: string | null; onOpen: OpenHit }) {
  const [query, setQuery] = useState("");
  const [hits, setHits] = useState<SearchHit[] | null>(null);
  const [error, setError] = useState<CommandError | null>(null);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && e.key === "/") {
        e.preventDefault();
        input.current?.focus();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);
  useEffect(() => {
    const words = query.trim();
    if (!/[\p{L}\p{N}]/u.test(words)) {
      setHits(null);
      setError(null);
      return;
    }
    let current = true;
    const timer = setTimeout(() => {
      ipc.search(words, projectId, []).then(
        (found) => {
          if (!current) return;
          setHits(found.hits);
          setError(null);
        },
        (e: CommandError) => current && setError(e),
      );
    }, PAUSE_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [query, projectId]);
  const close = () => {
    setQuery("");
    setHits(null);
  };
  return (
    <div className="search-box" role="search">
      <input
        ref={input}
        type="search"
        aria-label="Search everything"
        placeholder="Search… (Ctrl /)"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        onKeyDown={(e) => e.key === "Escape" && close()}
      />
      {(hits || error) && (
        <div className="search-results" aria-label="Search results">
          <ErrorLine error={error} />
          {hits && hits.length === 0 && <p className="muted">Nothing matches “{query.trim()}”.</p>}
          {hits && hits.length > 0 && (
            <ul>
              {hits.slice(0, 30).map((hit) => (
                <li key={`${hit.kind}-${hit.id}`}>
                  <button
                    type="button"
                    onClick={() => {
                      close();
                      onOpen(hit);
                    }}
                  >
                    <span className="chip">{KIND_LABEL[hit.kind]}</span> <strong>{hit.title}</strong>{" "}
                    <span className="muted">{hit.status}</span>
                    <span className="search-snippet">
                      {hit.snippet.map((part, i) => (part.matched ? <mark key={i}>{part.text}</mark> : <span key={i}>{part.text}</span>))}
                    </span>
                  </button>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}
