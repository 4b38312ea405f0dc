//! Which files of the repository a requirement points at: paths that contain its keywords (in the file
//! name counts most) and files the related documents link. Paths only; nothing is read. Dependency and
//! build folders, lock files and binary assets never count; tests do (validation work needs them).

use std::collections::HashMap;

use super::context::RelatedFileRef;

/// Words too common to say anything about a path.
const STOP_WORDS: &[&str] = &[
    "about", "also", "each", "from", "have", "into", "make", "need", "only", "other", "should", "show",
    "some", "than", "that", "their", "them", "then", "there", "they", "this", "what", "when", "which",
    "will", "with", "would", "your", "want", "able", "every", "more", "must", "page", "work",
];

const SKIPPED_DIRS: &[&str] =
    &["node_modules", "vendor", "dist", "build", "target", ".git", "__pycache__", ".next", "coverage"];

const SKIPPED_EXTENSIONS: &[&str] = &[
    ".png", ".jpg", ".jpeg", ".gif", ".ico", ".svg", ".webp", ".pdf", ".woff", ".woff2", ".ttf", ".zip",
    ".gz", ".lock", ".min.js", ".min.css", ".snap",
];

/// Whether a (lowercase) path can be a related file at all.
fn eligible(lower: &str) -> bool {
    let (dirs, name) = lower.rsplit_once('/').unwrap_or(("", lower));
    !dirs.split('/').any(|d| SKIPPED_DIRS.contains(&d))
        && !SKIPPED_EXTENSIONS.iter().any(|ext| name.ends_with(ext))
        && !name.ends_with("-lock.json")
        && !name.starts_with('.')
}

/// Ranks `tracked` for `keywords`: +3 per keyword in the file name, +1 per keyword only in a folder, +2
/// when a related document links the file. Files scoring 0 are left out; ties go to the shorter path, then
/// the path, so the answer is the same run to run.
pub fn related_files(
    tracked: &[String],
    keywords: &[String],
    linked: &HashMap<String, Vec<String>>,
    limit: usize,
) -> Vec<RelatedFileRef> {
    // A plural keyword also finds the singular path ("invoices" → `invoice.rs`).
    let words: Vec<&str> = keywords
        .iter()
        .map(String::as_str)
        .filter(|w| !STOP_WORDS.contains(w))
        .map(|w| if w.len() > 4 && w.ends_with('s') && !w.ends_with("ss") { &w[..w.len() - 1] } else { w })
        .fold(Vec::new(), |mut words, w| {
            if !words.contains(&w) {
                words.push(w);
            }
            words
        });
    // Scored on borrowed paths first: of thousands of tracked files only a handful score, and only those
    // are copied into the answer (measured: the copies were most of a context build on a 2,000-file repo).
    // Which words matched is kept as a bit set until the top files are known (at most 64 words count).
    let words = &words[..words.len().min(64)];
    let mut scored: Vec<(i64, &String, u64)> = tracked
        .iter()
        .filter_map(|path| {
            let lower: std::borrow::Cow<'_, str> = if path.bytes().any(|b| b.is_ascii_uppercase()) || !path.is_ascii() {
                path.to_lowercase().into()
            } else {
                path.as_str().into()
            };
            if !eligible(&lower) {
                return None;
            }
            let (dirs, name) = lower.rsplit_once('/').unwrap_or(("", &lower));
            let mut score = 0;
            let mut matched = 0u64;
            for (i, word) in words.iter().enumerate() {
                if name.contains(word) {
                    score += 3;
                    matched |= 1 << i;
                } else if dirs.contains(word) {
                    score += 1;
                    matched |= 1 << i;
                }
            }
            if linked.contains_key(path) {
                score += 2;
            }
            (score > 0).then_some((score, path, matched))
        })
        .collect();
    scored.sort_by(|(a, pa, _), (b, pb, _)| b.cmp(a).then(pa.len().cmp(&pb.len())).then_with(|| pa.cmp(pb)));
    scored
        .into_iter()
        .take(limit)
        .map(|(_, path, matched)| RelatedFileRef {
            path: path.clone(),
            matched_keywords: words
                .iter()
                .enumerate()
                .filter(|(i, _)| matched & (1 << i) != 0)
                .map(|(_, w)| (*w).to_owned())
                .collect(),
            linked_from: linked.get(path).cloned().unwrap_or_default(),
        })
        .collect()
}

/// Whether `path` is prose (a document the registry covers) rather than code a change would edit.
pub fn is_prose(path: &str) -> bool {
    let lower = path.to_lowercase();
    [".md", ".mdx", ".markdown", ".rst", ".adoc", ".txt"].iter().any(|ext| lower.ends_with(ext))
}

/// Whether a related file is a test.
pub fn is_test(path: &str) -> bool {
    let lower = path.to_lowercase();
    lower.split('/').any(|p| matches!(p, "tests" | "test" | "__tests__" | "spec" | "e2e"))
        || lower.contains("_test.")
        || lower.contains(".test.")
        || lower.contains(".spec.")
        || lower.rsplit('/').next().is_some_and(|n| n.starts_with("test_"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_outrank_folders_and_links_count() {
        let tracked: Vec<String> = [
            "src/billing/invoice.rs",
            "src/invoice_export.rs",
            "src/billing/tax.rs",
            "docs/logo.png",
            "node_modules/invoice/index.js",
            "tests/invoice_export.rs",
            "src/other.rs",
        ]
        .map(String::from)
        .to_vec();
        let keywords = ["invoice".to_owned(), "export".to_owned(), "billing".to_owned(), "with".to_owned()];
        let linked = HashMap::from([("src/billing/tax.rs".to_owned(), vec!["Billing".to_owned()])]);
        let found: Vec<String> =
            related_files(&tracked, &keywords, &linked, 10).into_iter().map(|f| f.path).collect();
        assert_eq!(
            found,
            ["src/invoice_export.rs", "tests/invoice_export.rs", "src/billing/invoice.rs", "src/billing/tax.rs"]
        );
    }

    #[test]
    fn tests_are_recognised_by_folder_or_name() {
        for path in ["tests/a.rs", "src/a_test.go", "ui/a.test.tsx", "e2e/test_app.py", "x/test_b.py"] {
            assert!(is_test(path), "{path}");
        }
        assert!(!is_test("src/testing_tools.rs"));
    }
}
