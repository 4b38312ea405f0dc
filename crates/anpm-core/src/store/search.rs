//! SQL for full-text search: one FTS5 table per kind (V12), ranked with bm25 (titles weigh more than
//! bodies). Snippets are cut from the hit's own text by [`SearchQuery::snippet`], so each hit costs one
//! row read, not another evaluation of the query.

use rusqlite::{params, OptionalExtension};

use super::Tx;
use crate::domain::{ProjectId, SearchHit, SearchKind, SearchQuery};
use crate::Result;

/// How many of the newest matches of one kind are ranked (see [`Tx::search`]).
const RANK_WINDOW: usize = 500;

impl Tx<'_> {
    /// Up to `limit` hits of one kind for `query`, best first.
    pub fn search(
        &self,
        kind: SearchKind,
        query: &SearchQuery,
        project_id: Option<ProjectId>,
        limit: usize,
    ) -> Result<Vec<SearchHit>> {
        // (fts table, source table, status column, text columns in snippet order, bm25 weights)
        let (fts, source, status, texts, weights) = match kind {
            SearchKind::Tasks => ("tasks_search", "tasks", "stage", "description, title", "8.0, 1.0"),
            SearchKind::BacklogItems => (
                "backlog_items_search",
                "backlog_items",
                "status",
                "description, acceptance_criteria, title",
                "8.0, 1.0, 1.0",
            ),
            SearchKind::Requirements => (
                "requirements_search",
                "requirements",
                "status",
                "summary, description, success_criteria, title",
                "8.0, 2.0, 1.0, 1.0",
            ),
            SearchKind::Candidates => (
                "candidates_search",
                "backlog_candidates",
                "status",
                "description, rationale, title",
                "8.0, 1.0, 1.0",
            ),
            SearchKind::Documents => {
                ("documents_search", "documents", "doc_type", "body, file_path, title", "8.0, 4.0, 1.0")
            }
        };
        // A common word can match most of a 100,000-row table, and scoring every match is what costs. So
        // the ranking looks at the newest RANK_WINDOW matches only: FTS5 walks a match list in rowid order
        // without scoring it (rowids grow with insertion) and takes a rowid range natively. Below
        // RANK_WINDOW matches this is exactly "best matches first".
        let cutoff: i64 = self
            .conn
            .prepare_cached(&format!(
                "SELECT coalesce(min(rowid), 0) FROM (SELECT rowid FROM {fts} WHERE {fts} MATCH ?1
                 ORDER BY rowid DESC LIMIT {RANK_WINDOW})"
            ))?
            .query_row([&query.expression], |r| r.get(0))?;
        let ranked: Vec<(i64, f64)> = {
            let mut stmt = self.conn.prepare_cached(&format!(
                "SELECT rowid, bm25({fts}, {weights}) AS score FROM {fts}
                 WHERE {fts} MATCH ?1 AND rowid >= ?2 ORDER BY score"
            ))?;
            let rows =
                stmt.query_map(params![query.expression, cutoff], |r| Ok((r.get(0)?, r.get(1)?)))?;
            rows.collect::<rusqlite::Result<Vec<_>>>()?
        };
        let mut row = self.conn.prepare_cached(&format!(
            "SELECT id, project_id, title, {status}, {texts} FROM {source}
             WHERE rowid = ?1 AND (?2 IS NULL OR project_id = ?2)"
        ))?;
        let columns = texts.split(", ").count();
        let mut hits = Vec::new();
        for (rowid, score) in ranked {
            if hits.len() == limit {
                break;
            }
            let found = row
                .query_row(params![rowid, project_id], |r| {
                    let texts = (0..columns)
                        .map(|i| r.get::<_, String>(4 + i))
                        .collect::<rusqlite::Result<Vec<String>>>()?;
                    Ok((r.get::<_, String>(0)?, r.get::<_, ProjectId>(1)?, r.get::<_, String>(2)?, r.get::<_, String>(3)?, texts))
                })
                .optional()?;
            let Some((id, project_id, title, status, texts)) = found else { continue };
            let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
            hits.push(SearchHit {
                kind,
                id,
                project_id,
                title,
                status,
                snippet: query.snippet(&texts),
                rank: score,
            });
        }
        Ok(hits)
    }
}
