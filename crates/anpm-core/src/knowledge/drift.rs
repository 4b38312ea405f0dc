//! The drift formulas: which changed paths are noise, which documents a scan's changes touch (through a
//! link to the path, or because the path is the document's own file moving or vanishing), and the severity,
//! confidence and wording of the signal each touched document gets; plus the time-decay rule.
//!
//! Departure from the upstream rule, on purpose: a commit that adds or edits a document's own file is that
//! document's update (discovery moves its `last_updated_at`), not drift. Only its deletion or rename is a
//! signal: the links that pointed through the old path may no longer hold.

use std::collections::{BTreeMap, HashMap};

use crate::domain::{ChangeType, ChangedFile, Confidence, DocumentId, Severity};
use crate::repo::history::PathChange;

const NOISY_DIRS: &[&str] =
    &["vendor", "node_modules", ".git", "dist", "build", "__pycache__", ".next", "coverage"];

const NOISY_NAMES: &[&str] = &[
    "_test.go",
    "_test.ts",
    "_test.tsx",
    ".test.ts",
    ".test.tsx",
    ".test.js",
    ".spec.ts",
    ".spec.js",
    ".pb.go",
    ".pb.gw.go",
    "_gen.go",
    ".generated.",
    "package-lock.json",
    "yarn.lock",
    "go.sum",
    ".min.js",
    ".min.css",
];

/// Whether a changed path is noise: under a dependency or build folder (at the start or after a `/`), or a
/// test, generated, lock or minified file by name.
pub fn is_noise(path: &str) -> bool {
    let mut parts = path.split('/').collect::<Vec<_>>();
    let name = parts.pop().unwrap_or("");
    parts.iter().any(|dir| NOISY_DIRS.contains(dir)) || NOISY_NAMES.iter().any(|n| name.contains(n))
}

/// The changes of a scan that touch one document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Touch {
    pub document_id: DocumentId,
    pub files: Vec<ChangedFile>,
    /// Whether any of the files reached the document through a link (rather than as its own file).
    pub has_link: bool,
}

impl Touch {
    /// Severity: 3 when a file was deleted or renamed, or three or more linked files changed; 2 with a
    /// link or three or more files; else 1. (The spec's first clause, "deleted or renamed with a link",
    /// is contained in "deleted or renamed".)
    pub fn severity(&self) -> Severity {
        let moved = self
            .files
            .iter()
            .any(|f| matches!(f.change_type, ChangeType::Deleted | ChangeType::Renamed));
        let many = self.files.len() >= 3;
        if moved || (many && self.has_link) {
            Severity::HIGH
        } else if self.has_link || many {
            Severity::MEDIUM
        } else {
            Severity::LOW
        }
    }

    /// High when a link says the document covers the code; medium otherwise.
    pub fn confidence(&self) -> Confidence {
        if self.has_link {
            Confidence::High
        } else {
            Confidence::Medium
        }
    }

    /// "File changed: p (M)" or "Files changed: a (M), b (A)", naming at most ten files.
    pub fn detail(&self) -> String {
        const SHOWN: usize = 10;
        let listed: Vec<String> = self
            .files
            .iter()
            .take(SHOWN)
            .map(|f| format!("{} ({})", f.path, f.change_type))
            .collect();
        let more = self.files.len().saturating_sub(SHOWN);
        let head = if self.files.len() == 1 { "File changed" } else { "Files changed" };
        if more > 0 {
            format!("{head}: {} and {more} more", listed.join(", "))
        } else {
            format!("{head}: {}", listed.join(", "))
        }
    }
}

/// The documents `changes` touch: a non-noisy path linked to a document (exact `code_path`), or a document's
/// own file deleted or renamed (`own_files`: file path → document). Documents come out in a stable order
/// (by id), their files in the scan's order.
pub fn touches(
    changes: &[PathChange],
    links: &HashMap<String, Vec<DocumentId>>,
    own_files: &HashMap<String, DocumentId>,
) -> Vec<Touch> {
    let mut by_doc: BTreeMap<DocumentId, Touch> = BTreeMap::new();
    for change in changes.iter().filter(|c| !is_noise(&c.path)) {
        let file = ChangedFile { path: change.path.clone(), change_type: change.change_type };
        for doc in links.get(&change.path).into_iter().flatten() {
            let touch = by_doc.entry(*doc).or_insert_with(|| Touch {
                document_id: *doc,
                files: Vec::new(),
                has_link: false,
            });
            touch.has_link = true;
            if !touch.files.contains(&file) {
                touch.files.push(file.clone());
            }
        }
        let own = matches!(change.change_type, ChangeType::Deleted | ChangeType::Renamed);
        if let (true, Some(doc)) = (own, own_files.get(&change.path)) {
            let touch = by_doc.entry(*doc).or_insert_with(|| Touch {
                document_id: *doc,
                files: Vec::new(),
                has_link: false,
            });
            if !touch.files.contains(&file) {
                touch.files.push(file);
            }
        }
    }
    by_doc.into_values().collect()
}

/// The time-decay rule: a document older than `threshold_days` is stale and, without an open signal,
/// gets one of severity 2, medium confidence.
pub fn decay_detail(threshold_days: i64) -> String {
    format!("Document stale for over {threshold_days} days")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(path: &str, change_type: ChangeType) -> PathChange {
        PathChange { path: path.into(), change_type, renamed_from: None }
    }

    #[test]
    fn noise_is_dependencies_build_output_tests_and_locks() {
        for noisy in [
            "node_modules/x/index.js",
            "web/dist/app.js",
            "pkg/vendor/a.go",
            "api/server_test.go",
            "ui/app.test.tsx",
            "package-lock.json",
            "static/app.min.css",
            "gen/types.generated.ts",
        ] {
            assert!(is_noise(noisy), "{noisy}");
        }
        for real in ["src/build.rs", "builder/main.go", "README.md", "src/distance.rs"] {
            assert!(!is_noise(real), "{real}");
        }
    }

    #[test]
    fn severity_and_confidence_follow_the_formula() {
        let doc = DocumentId::new();
        let t = |files: &[(&str, ChangeType)], has_link| Touch {
            document_id: doc,
            files: files
                .iter()
                .map(|(p, c)| ChangedFile { path: (*p).into(), change_type: *c })
                .collect(),
            has_link,
        };
        use ChangeType::*;
        assert_eq!(t(&[("a", Modified)], true).severity(), Severity::MEDIUM);
        assert_eq!(t(&[("a", Modified)], false).severity(), Severity::LOW);
        assert_eq!(t(&[("a", Deleted)], true).severity(), Severity::HIGH);
        assert_eq!(t(&[("a", Renamed)], false).severity(), Severity::HIGH);
        assert_eq!(t(&[("a", Modified), ("b", Added), ("c", Modified)], true).severity(), Severity::HIGH);
        assert_eq!(t(&[("a", Modified), ("b", Added), ("c", Modified)], false).severity(), Severity::MEDIUM);
        assert_eq!(t(&[("a", Modified)], true).confidence(), Confidence::High);
        assert_eq!(t(&[("a", Modified)], false).confidence(), Confidence::Medium);
        assert_eq!(t(&[("a", Modified)], true).detail(), "File changed: a (M)");
        assert_eq!(t(&[("a", Modified), ("b", Added)], true).detail(), "Files changed: a (M), b (A)");
    }

    #[test]
    fn changes_group_per_document_skipping_noise_and_own_edits() {
        let (doc_a, doc_b) = (DocumentId::new(), DocumentId::new());
        let links = HashMap::from([
            ("src/pay.rs".to_owned(), vec![doc_a]),
            ("src/tax.rs".to_owned(), vec![doc_a, doc_b]),
            ("src/pay_test.go".to_owned(), vec![doc_b]),
        ]);
        let own = HashMap::from([("docs/b.md".to_owned(), doc_b), ("docs/a.md".to_owned(), doc_a)]);
        let changes = [
            change("src/pay.rs", ChangeType::Modified),
            change("src/tax.rs", ChangeType::Added),
            change("src/pay_test.go", ChangeType::Modified),
            change("docs/a.md", ChangeType::Modified),
            change("docs/b.md", ChangeType::Deleted),
        ];
        let found = touches(&changes, &links, &own);
        let a = found.iter().find(|t| t.document_id == doc_a).expect("a touched");
        assert_eq!(a.files.len(), 2);
        assert!(a.has_link);
        let b = found.iter().find(|t| t.document_id == doc_b).expect("b touched");
        let paths: Vec<&str> = b.files.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(paths, ["src/tax.rs", "docs/b.md"]);
        assert_eq!(b.severity(), Severity::HIGH);
    }
}
