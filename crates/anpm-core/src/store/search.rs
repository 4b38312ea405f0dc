//! SQL for full-text search: one FTS5 table per kind (V12), ranked with bm25 (titles weigh more than
//! bodies), a snippet per hit with the matches marked.

use rusqlite::params;

use super::Tx;
use crate::domain::{snippet_parts, ProjectId, SearchHit, SearchKind};
use crate::Result;

const OPEN: char = '\u{2}';
const CLOSE: char = '\u{3}';

impl Tx<'_> {
    /// Up to `limit` hits of one kind for an FTS5 `MATCH` expression, best first.
    pub fn search(
        &self,
        kind: SearchKind,
        expression: &str,
        project_id: Option<ProjectId>,
        limit: usize,
    ) -> Result<Vec<SearchHit>> {
        // (fts table, source table alias join, status column, bm25 weights)
        let (fts, source, status, weights) = match kind {
            SearchKind::Tasks => ("tasks_search", "tasks", "e.stage", "8.0, 1.0"),
            SearchKind::BacklogItems => {
                ("backlog_items_search", "backlog_items", "e.status", "8.0, 1.0, 1.0")
            }
            SearchKind::Requirements => {
                ("requirements_search", "requirements", "e.status", "8.0, 2.0, 1.0, 1.0")
            }
            SearchKind::Candidates => {
                ("candidates_search", "backlog_candidates", "e.status", "8.0, 1.0, 1.0")
            }
            SearchKind::Documents => ("documents_search", "documents", "e.doc_type", "8.0, 4.0, 1.0"),
        };
        let sql = format!(
            "SELECT e.id, e.project_id, e.title, {status},
                    snippet({fts}, -1, char(2), char(3), '…', 12), bm25({fts}, {weights}) AS score
             FROM {fts} JOIN {source} e ON e.rowid = {fts}.rowid
             WHERE {fts} MATCH ?1 AND (?2 IS NULL OR e.project_id = ?2)
             ORDER BY score LIMIT ?3"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(params![expression, project_id, limit as i64], |r| {
            let snippet: String = r.get(4)?;
            Ok(SearchHit {
                kind,
                id: r.get(0)?,
                project_id: r.get(1)?,
                title: r.get(2)?,
                status: r.get(3)?,
                snippet: snippet_parts(&snippet, OPEN, CLOSE),
                rank: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }
}
