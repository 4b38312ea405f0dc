//! Search results: what kind of thing matched, which one, and the passage that matched with the matching
//! words marked, so a screen can highlight them without parsing markup.

use serde::Serialize;
use ts_rs::TS;

use super::macros::string_enum;
use super::ProjectId;

/// Most hits a search returns per kind.
pub const SEARCH_LIMIT_PER_KIND: usize = 50;

string_enum! {
    /// What a search looks through.
    SearchKind as "type" {
        Tasks = "tasks",
        BacklogItems = "backlog_items",
        Requirements = "requirements",
        Candidates = "candidates",
        Documents = "documents",
    }
}

/// A piece of a snippet; `matched` pieces are the words the query found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct SnippetPart {
    pub text: String,
    pub matched: bool,
}

/// One search hit.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct SearchHit {
    pub kind: SearchKind,
    pub id: String,
    pub project_id: ProjectId,
    pub title: String,
    /// The entity's status (a task's stage, a document's type) for context in lists.
    pub status: String,
    pub snippet: Vec<SnippetPart>,
    /// bm25 score: lower is a better match.
    pub rank: f64,
}

/// Splits a snippet whose matches are wrapped in `open`/`close` markers into parts.
pub fn snippet_parts(marked: &str, open: char, close: char) -> Vec<SnippetPart> {
    let mut parts = Vec::new();
    let mut text = String::new();
    let mut matched = false;
    for c in marked.chars() {
        if c == open || c == close {
            if !text.is_empty() {
                parts.push(SnippetPart { text: std::mem::take(&mut text), matched });
            }
            matched = c == open;
        } else {
            text.push(c);
        }
    }
    if !text.is_empty() {
        parts.push(SnippetPart { text, matched });
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippets_split_at_markers() {
        let parts = snippet_parts("a \u{2}pay\u{3} b", '\u{2}', '\u{3}');
        let shape: Vec<(&str, bool)> = parts.iter().map(|p| (p.text.as_str(), p.matched)).collect();
        assert_eq!(shape, [("a ", false), ("pay", true), (" b", false)]);
    }
}
