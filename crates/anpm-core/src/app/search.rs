//! Search across what the operator writes and reads: tasks, backlog items, requirements, candidates and
//! documents (their text included), ranked with bm25, at most 50 hits per kind.

use serde::Serialize;
use ts_rs::TS;

use super::Search;
use crate::domain::*;
use crate::{Error, Result};

/// The hits of one query, per kind in the order asked.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct SearchResults {
    pub query: String,
    pub hits: Vec<SearchHit>,
}

impl Search<'_> {
    /// Searches `kinds` (every kind when empty) for `query`, in one project or all.
    pub fn query(
        &self,
        query: &str,
        project_id: Option<ProjectId>,
        kinds: &[SearchKind],
    ) -> Result<SearchResults> {
        let parsed = SearchQuery::parse(query)?;
        let kinds = if kinds.is_empty() { SearchKind::ALL } else { kinds };
        self.core.store.read(|tx| {
            if let Some(id) = project_id {
                tx.project(id)?.ok_or_else(|| Error::not_found("project", id))?;
            }
            let mut hits = Vec::new();
            for kind in kinds {
                hits.extend(tx.search(*kind, &parsed, project_id, SEARCH_LIMIT_PER_KIND)?);
            }
            Ok(SearchResults { query: query.trim().to_owned(), hits })
        })
    }
}
