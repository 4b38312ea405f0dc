//! Search: what the operator typed, parsed into an FTS5 query that can never be a syntax error, and the
//! results — what kind of thing matched, which one, and the passage that matched with the matching words
//! marked, so a screen can highlight them without parsing markup.
//!
//! Parsing: the text is split into words (letters, digits and `_`; everything else separates), each word
//! is quoted as a string and matched as a prefix, and all words must appear. Operators, quotes, colons
//! and parentheses typed by the operator are plain separators, never FTS5 syntax.

use serde::Serialize;
use ts_rs::TS;

use super::macros::string_enum;
use super::ProjectId;
use crate::{Error, Result};

/// Most words one query keeps.
const MAX_WORDS: usize = 16;
/// Words of context a snippet shows around its first match.
const SNIPPET_WORDS: usize = 12;

/// A parsed search query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchQuery {
    /// The FTS5 `MATCH` expression: `"word"*` per word, joined by spaces (AND).
    pub expression: String,
    /// The words, lowercase, each matching as a prefix.
    pub words: Vec<String>,
}

impl SearchQuery {
    /// Parses what the operator typed; refuses text with no word in it.
    pub fn parse(raw: &str) -> Result<Self> {
        let words: Vec<String> = words_of(raw).take(MAX_WORDS).map(|(_, w)| w.to_lowercase()).collect();
        if words.is_empty() {
            return Err(Error::invalid(
                "query",
                format!("`{}` has no word to search for; type letters or digits", raw.trim()),
            ));
        }
        let expression = words.iter().map(|w| format!("\"{w}\"*")).collect::<Vec<_>>().join(" ");
        Ok(Self { expression, words })
    }

    /// The passage of the first of `texts` (in order) that holds a match: about twelve words around the
    /// first matching word, matches marked, `…` where the text was cut.
    pub fn snippet(&self, texts: &[&str]) -> Vec<SnippetPart> {
        let matches = |word: &str| {
            let lower = word.to_lowercase();
            self.words.iter().any(|w| lower.starts_with(w.as_str()))
        };
        let Some((text, spans)) = texts.iter().find_map(|text| {
            let spans: Vec<(usize, &str)> = words_of(text).collect();
            spans.iter().any(|(_, w)| matches(w)).then_some((*text, spans))
        }) else {
            return Vec::new();
        };
        let first = spans.iter().position(|(_, w)| matches(w)).unwrap_or(0);
        let from = first.saturating_sub(SNIPPET_WORDS / 3);
        let to = (from + SNIPPET_WORDS).min(spans.len());
        let mut parts = Vec::new();
        let mut push = |text: &str, matched: bool| {
            if text.is_empty() {
                return;
            }
            match parts.last_mut() {
                Some(SnippetPart { text: last, matched: m }) if *m == matched => last.push_str(text),
                _ => parts.push(SnippetPart { text: text.to_owned(), matched }),
            }
        };
        if from > 0 {
            push("… ", false);
        }
        for (i, (start, word)) in spans[from..to].iter().enumerate() {
            if i > 0 {
                let (prev_start, prev) = spans[from + i - 1];
                push(&text[prev_start + prev.len()..*start], false);
            }
            push(word, matches(word));
        }
        if to < spans.len() {
            push(" …", false);
        }
        parts
    }
}

/// The words of `text` with their byte offsets: runs of letters, digits and `_`.
fn words_of(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        let word_char = c.is_alphanumeric() || c == '_';
        match (word_char, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push((s, &text[s..i]));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((s, &text[s..]));
    }
    out.into_iter()
}

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

#[cfg(test)]
mod tests {
    use super::*;

    fn shape(parts: &[SnippetPart]) -> Vec<(&str, bool)> {
        parts.iter().map(|p| (p.text.as_str(), p.matched)).collect()
    }

    #[test]
    fn every_word_becomes_a_quoted_prefix() {
        assert_eq!(SearchQuery::parse("Invoice PDF").expect("ok").expression, "\"invoice\"* \"pdf\"*");
        assert_eq!(
            SearchQuery::parse("\"unbalanced (AND OR* NEAR:x").expect("ok").expression,
            "\"unbalanced\"* \"and\"* \"or\"* \"near\"* \"x\"*"
        );
        assert_eq!(SearchQuery::parse("naïve café").expect("ok").words, ["naïve", "café"]);
        let err = SearchQuery::parse(" -- ** ").expect_err("no words");
        assert_eq!(err.code(), crate::ErrorCode::InvalidInput);
    }

    #[test]
    fn snippets_mark_prefix_matches_around_the_first_one() {
        let q = SearchQuery::parse("inv").expect("query");
        assert_eq!(
            shape(&q.snippet(&["Tidy", "the Invoice parser drops rows"])),
            [("the ", false), ("Invoice", true), (" parser drops rows", false)]
        );
        let long = "one two three four five six seven eight nine ten invoice eleven twelve thirteen fourteen fifteen sixteen";
        let parts = q.snippet(&[long]);
        assert_eq!(parts.first().map(|p| p.text.as_str()), Some("… seven eight nine ten "));
        assert_eq!(parts.last().map(|p| p.text.as_str()), Some(" eleven twelve thirteen fourteen fifteen sixteen"));
        assert!(q.snippet(&["nothing here"]).is_empty());
    }
}
