//! Signals read off a requirement and its planning context, shared by every provider's scoring: which
//! words the requirement uses, which documents relate to it, and what the project's recent history says
//! (drift, failed syncs, failed agent runs).

use super::context::{AgentRunRef, DocumentRef, DriftSignalRef, RelatedFileRef, Sources};
use crate::domain::normalize_title;

/// The requirement text a planner works from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RequirementText {
    pub title: String,
    pub summary: String,
    pub description: String,
}

impl RequirementText {
    /// Lowercase title, summary and description, space-separated.
    pub fn combined_lowercase(&self) -> String {
        format!("{} {} {}", self.title, self.summary, self.description).to_lowercase()
    }

    /// Distinct lowercase keywords of at least four bytes, in order of first use. Punctuation that joins
    /// words in titles (`, . : ; ( ) / _ -`) separates them here.
    pub fn keywords(&self) -> Vec<String> {
        let text: String = self
            .combined_lowercase()
            .chars()
            .map(|c| if ",.:;()/_-\n\r\t".contains(c) { ' ' } else { c })
            .collect();
        let mut seen = std::collections::HashSet::new();
        text.split_whitespace()
            .filter(|w| w.len() >= 4 && seen.insert(w.to_string()))
            .map(str::to_owned)
            .collect()
    }
}

/// A document with why it ranked where it did.
#[derive(Debug, Clone, PartialEq)]
pub struct RankedDocument {
    pub document: DocumentRef,
    pub score: i64,
    pub matched_keywords: Vec<String>,
}

/// Orders documents by relevance to `keywords`: +2 when stale; per keyword +5 in the title, +4 in the
/// path, +2 in the type. Ties go to stale documents, then the longer stale, then the original order.
pub fn rank_documents(documents: &[DocumentRef], keywords: &[String]) -> Vec<RankedDocument> {
    let mut ranked: Vec<(usize, RankedDocument)> = documents
        .iter()
        .enumerate()
        .map(|(index, doc)| {
            let (title, path, kind) = (
                doc.title.to_lowercase(),
                doc.file_path.to_lowercase(),
                doc.doc_type.to_lowercase(),
            );
            let mut score = if doc.is_stale { 2 } else { 0 };
            let mut matched_keywords = Vec::new();
            for keyword in keywords {
                let gained = 5 * i64::from(title.contains(keyword.as_str()))
                    + 4 * i64::from(path.contains(keyword.as_str()))
                    + 2 * i64::from(kind.contains(keyword.as_str()));
                if gained > 0 {
                    matched_keywords.push(keyword.clone());
                }
                score += gained;
            }
            (index, RankedDocument { document: doc.clone(), score, matched_keywords })
        })
        .collect();
    ranked.sort_by(|(ai, a), (bi, b)| {
        b.score
            .cmp(&a.score)
            .then(b.document.is_stale.cmp(&a.document.is_stale))
            .then(b.document.staleness_days.cmp(&a.document.staleness_days))
            .then(ai.cmp(bi))
    });
    ranked.into_iter().map(|(_, r)| r).collect()
}

/// What the context says, condensed to the flags the scoring tables use.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Signals {
    pub open_task_titles: Vec<String>,
    pub has_open_tasks: bool,
    pub related_docs: Vec<RankedDocument>,
    pub stale_docs: Vec<DocumentRef>,
    pub drift: Vec<DriftSignalRef>,
    pub has_high_drift: bool,
    pub sync_failed: bool,
    pub sync_summary: Option<String>,
    pub failures: Vec<AgentRunRef>,
    pub activity: Vec<AgentRunRef>,
    /// The related files that are code (not tests, not prose), most relevant first (at most 5).
    pub code_files: Vec<RelatedFileRef>,
    /// The related files that are tests (at most 3).
    pub test_files: Vec<RelatedFileRef>,
    /// Normalized titles of open tasks, for duplicate detection.
    open_titles: Vec<(String, String)>,
}

impl Signals {
    /// Reads the signals of `sources` for `requirement`.
    pub fn read(requirement: &RequirementText, sources: &Sources) -> Self {
        let keywords = requirement.keywords();
        let related_docs =
            rank_documents(&sources.recent_documents, &keywords).into_iter().take(3).collect();
        let drift: Vec<DriftSignalRef> =
            sources.open_drift_signals.iter().take(3).cloned().collect();
        let sync = sources.latest_sync_run.as_ref();
        Self {
            open_task_titles: sources
                .open_tasks
                .iter()
                .map(|t| t.title.trim().to_owned())
                .filter(|t| !t.is_empty())
                .take(3)
                .collect(),
            has_open_tasks: !sources.open_tasks.is_empty(),
            related_docs,
            stale_docs: sources
                .recent_documents
                .iter()
                .filter(|d| d.is_stale)
                .take(3)
                .cloned()
                .collect(),
            has_high_drift: drift.iter().any(|d| d.severity == "high"),
            drift,
            sync_failed: sync.is_some_and(|s| s.status == "failed"),
            sync_summary: sync.map(|s| match s.status.as_str() {
                "failed" if s.error_message.trim().is_empty() => {
                    "The latest repository sync failed.".to_owned()
                }
                "failed" => {
                    format!("The latest repository sync failed: {}", s.error_message.trim())
                }
                status => format!("The latest repository sync is {status}."),
            }),
            failures: sources
                .recent_agent_runs
                .iter()
                .filter(|r| r.status == "failed")
                .take(2)
                .cloned()
                .collect(),
            activity: sources
                .recent_agent_runs
                .iter()
                .filter(|r| r.status == "completed")
                .take(3)
                .cloned()
                .collect(),
            code_files: sources
                .related_files
                .iter()
                .filter(|f| !super::files::is_test(&f.path) && !super::files::is_prose(&f.path))
                .take(5)
                .cloned()
                .collect(),
            test_files: sources
                .related_files
                .iter()
                .filter(|f| super::files::is_test(&f.path))
                .take(3)
                .cloned()
                .collect(),
            open_titles: sources
                .open_tasks
                .iter()
                .map(|t| (normalize_title(&t.title), t.title.clone()))
                .collect(),
        }
    }

    /// Open tasks whose normalized title equals `title`'s.
    pub fn duplicates_of(&self, title: &str) -> Vec<String> {
        let wanted = normalize_title(title);
        self.open_titles.iter().filter(|(n, _)| *n == wanted).map(|(_, t)| t.clone()).collect()
    }

    /// True when anything in the project's recent history points at breakage.
    pub fn trouble(&self) -> bool {
        self.sync_failed || !self.failures.is_empty()
    }
}

/// How many of `words` occur in `text` (lowercase). ASCII words must stand alone — "now" does not count
/// inside "know", nor "fix" inside "prefix"; other scripts have no word spacing and match as substrings.
pub fn count_words(text: &str, words: &[&str]) -> usize {
    words.iter().filter(|w| contains_word(text, w)).count()
}

/// True when `word` occurs in `text` as a word (see [`count_words`]).
pub fn contains_word(text: &str, word: &str) -> bool {
    if !word.is_ascii() {
        return text.contains(word);
    }
    let bytes = text.as_bytes();
    text.match_indices(word).any(|(start, _)| {
        let end = start + word.len();
        let before = start.checked_sub(1).is_some_and(|i| bytes[i].is_ascii_alphanumeric());
        let after = bytes.get(end).is_some_and(u8::is_ascii_alphanumeric);
        !before && !after
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(title: &str, path: &str, stale: bool, days: i64) -> DocumentRef {
        DocumentRef {
            id: title.to_lowercase(),
            title: title.into(),
            file_path: path.into(),
            doc_type: "guide".into(),
            is_stale: stale,
            staleness_days: days,
        }
    }

    #[test]
    fn keywords_are_long_distinct_lowercase_words() {
        let req = RequirementText {
            title: "Add invoice-export (CSV)".into(),
            summary: "Export invoices; monthly".into(),
            description: "the export runs".into(),
        };
        assert_eq!(req.keywords(), ["invoice", "export", "invoices", "monthly", "runs"]);
    }

    #[test]
    fn documents_rank_by_keyword_matches_then_staleness() {
        let docs = [
            doc("Unrelated", "docs/other.md", false, 0),
            doc("Invoice guide", "docs/invoice.md", false, 0),
            doc("Old notes", "notes.md", true, 40),
            doc("Older notes", "notes2.md", true, 90),
        ];
        let ranked = rank_documents(&docs, &["invoice".to_owned()]);
        let order: Vec<&str> = ranked.iter().map(|r| r.document.title.as_str()).collect();
        assert_eq!(order, ["Invoice guide", "Older notes", "Old notes", "Unrelated"]);
        assert_eq!(ranked[0].score, 9);
        assert_eq!(ranked[0].matched_keywords, ["invoice"]);
    }

    #[test]
    fn words_match_whole_in_ascii_and_as_substrings_elsewhere() {
        assert!(contains_word("fix the build now", "fix"));
        assert!(!contains_word("prefix handling", "fix"));
        assert!(!contains_word("you know", "now"));
        assert!(contains_word("ui: new tab", "ui"));
        assert!(!contains_word("build it", "ui"));
        assert!(contains_word("任務擠壓中", "擠壓"));
        assert_eq!(
            count_words("urgent: login is broken now", &["urgent", "broken", "now", "fix"]),
            3
        );
    }
}
