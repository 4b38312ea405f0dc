//! Document discovery: which tracked files are documents (READMEs anywhere, everything textual under
//! `docs/`, ADR folders, CHANGELOG and CONTRIBUTING, Markdown at the root), the title each one gives
//! itself, its text for search (capped), the code paths it names, and the files beside it that it likely
//! covers. Symlinks are never followed: a document must be a regular file inside the repository.

use std::collections::HashSet;
use std::io::Read;
use std::path::Path;

use crate::domain::RepoPath;

/// Most documents one project's discovery registers.
pub const MAX_DOCUMENTS: usize = 500;
/// Most bytes of a document's text kept for search.
pub const MAX_BODY_BYTES: usize = 64 * 1024;
/// Most code paths a document's text can link by naming them.
pub const MAX_MENTIONS: usize = 50;

/// Folders whose files never count (dependencies, build output).
const SKIPPED_DIRS: &[&str] =
    &["node_modules", "vendor", "dist", "build", "target", ".git", "__pycache__", ".next", "coverage"];

const TEXT_EXTENSIONS: &[&str] = &["md", "markdown", "mdx", "rst", "txt", "adoc"];

/// Whether a tracked path is a document.
pub fn is_document(path: &str) -> bool {
    let parts: Vec<&str> = path.split('/').collect();
    if parts[..parts.len() - 1].iter().any(|p| SKIPPED_DIRS.contains(p)) {
        return false;
    }
    let name = parts[parts.len() - 1].to_lowercase();
    let ext = name.rsplit_once('.').map(|(_, e)| e).unwrap_or("");
    let textual = TEXT_EXTENSIONS.contains(&ext);
    if name.starts_with("readme") {
        return textual || !name.contains('.');
    }
    if parts.len() == 1 {
        return (name.starts_with("changelog") || name.starts_with("contributing")) || ext == "md";
    }
    let in_docs = matches!(parts[0].to_lowercase().as_str(), "docs" | "doc" | "documentation");
    let in_adr = parts[..parts.len() - 1]
        .iter()
        .any(|p| matches!(p.to_lowercase().as_str(), "adr" | "adrs" | "decisions"));
    (in_docs || in_adr) && textual
}

/// The documents among `tracked`, root files first, then by path; at most [`MAX_DOCUMENTS`].
pub fn documents_among(tracked: &[String]) -> Vec<RepoPath> {
    let mut found: Vec<RepoPath> = tracked
        .iter()
        .filter(|p| is_document(p))
        .filter_map(|p| RepoPath::parse("file_path", p).ok())
        .collect();
    found.sort_by(|a, b| {
        let depth = |p: &RepoPath| p.as_str().matches('/').count();
        depth(a).min(1).cmp(&depth(b).min(1)).then_with(|| a.cmp(b))
    });
    found.truncate(MAX_DOCUMENTS);
    found
}

/// A document's text as read from disk.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DocumentText {
    /// The first [`MAX_BODY_BYTES`] bytes, lossily decoded; '' when the file is missing, a symlink or binary.
    pub body: String,
    /// Whether the file is a regular file that could be read.
    pub present: bool,
}

/// Reads a document's text under `root` without following a symlink.
pub fn read_body(root: &Path, path: &RepoPath) -> DocumentText {
    let full = root.join(path.as_str());
    let Ok(meta) = full.symlink_metadata() else { return DocumentText::default() };
    if !meta.is_file() {
        return DocumentText::default();
    }
    let Ok(file) = std::fs::File::open(&full) else { return DocumentText::default() };
    let mut bytes = Vec::with_capacity((meta.len() as usize).min(MAX_BODY_BYTES));
    if file.take(MAX_BODY_BYTES as u64).read_to_end(&mut bytes).is_err() {
        return DocumentText::default();
    }
    if bytes.contains(&0) {
        return DocumentText { body: String::new(), present: true };
    }
    DocumentText { body: String::from_utf8_lossy(&bytes).into_owned(), present: true }
}

/// The title a document gives itself: its first Markdown heading (`# …`) or reStructuredText title within
/// the first 40 lines, else its file name without the extension.
pub fn title_of(path: &RepoPath, body: &str) -> String {
    let lines: Vec<&str> = body.lines().take(40).collect();
    for (i, line) in lines.iter().enumerate() {
        let trimmed = line.trim();
        if let Some(heading) = trimmed.strip_prefix('#') {
            let heading = heading.trim_start_matches('#').trim();
            if !heading.is_empty() {
                return heading.chars().take(300).collect();
            }
        }
        let underline = lines.get(i + 1).map(|l| l.trim()).unwrap_or("");
        if !trimmed.is_empty()
            && underline.len() >= 3
            && underline.chars().all(|c| c == '=')
        {
            return trimmed.chars().take(300).collect();
        }
    }
    let name = path.file_name();
    name.rsplit_once('.').map_or(name, |(stem, _)| stem).to_owned()
}

/// Tracked code paths the text names (in backticks, links or plain words), in order of first mention; the
/// document itself and other documents are left out.
pub fn mentioned_paths(body: &str, own: &RepoPath, tracked: &HashSet<&str>) -> Vec<String> {
    let mut seen = HashSet::new();
    let mut found = Vec::new();
    let separators = |c: char| {
        c.is_whitespace() || matches!(c, '`' | '(' | ')' | '[' | ']' | '<' | '>' | '"' | '\'' | ',' | ';' | '|')
    };
    for word in body.split(separators) {
        let word = word.trim_end_matches(['.', ':', '!', '?']).trim_start_matches("./");
        let word = word.split('#').next().unwrap_or(word);
        if word.len() < 3 || !word.contains(['/', '.']) || word == own.as_str() {
            continue;
        }
        if tracked.contains(word) && !is_document(word) && seen.insert(word.to_owned()) {
            found.push(word.to_owned());
            if found.len() == MAX_MENTIONS {
                break;
            }
        }
    }
    found
}

/// Files a document probably covers because they sit beside it: for a document outside the root and
/// outside `docs/`, the code files in its own folder (at most `limit`).
pub fn nearby_paths<'a>(doc: &RepoPath, tracked: &'a [String], limit: usize) -> Vec<&'a str> {
    let dir = doc.parent();
    if dir.is_empty() || matches!(dir.split('/').next(), Some("docs" | "doc" | "documentation")) {
        return Vec::new();
    }
    tracked
        .iter()
        .map(String::as_str)
        .filter(|p| p.rsplit_once('/').is_some_and(|(d, _)| d == dir) && !is_document(p))
        .take(limit)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path(p: &str) -> RepoPath {
        RepoPath::parse("p", p).expect("path")
    }

    #[test]
    fn documents_are_found_where_people_keep_them() {
        let tracked: Vec<String> = [
            "src/main.rs",
            "README.md",
            "CHANGELOG",
            "CONTRIBUTING.md",
            "NOTES.md",
            "docs/guide.md",
            "docs/img/logo.png",
            "docs/adr/0001-x.md",
            "src/billing/README.md",
            "node_modules/pkg/README.md",
            "design/adr/0002-y.md",
            "src/notes.md",
        ]
        .map(String::from)
        .to_vec();
        let found: Vec<String> = documents_among(&tracked).iter().map(|p| p.to_string()).collect();
        assert_eq!(
            found,
            [
                "CHANGELOG",
                "CONTRIBUTING.md",
                "NOTES.md",
                "README.md",
                "design/adr/0002-y.md",
                "docs/adr/0001-x.md",
                "docs/guide.md",
                "src/billing/README.md",
            ]
        );
    }

    #[test]
    fn titles_come_from_the_first_heading_or_the_name() {
        assert_eq!(title_of(&path("docs/a.md"), "intro\n\n## Billing rules\n"), "Billing rules");
        assert_eq!(title_of(&path("docs/b.rst"), "Setup\n=====\n"), "Setup");
        assert_eq!(title_of(&path("docs/c-notes.md"), "no heading"), "c-notes");
    }

    #[test]
    fn mentions_link_tracked_code_paths_only() {
        let tracked: HashSet<&str> =
            ["src/billing/invoice.rs", "src/lib.rs", "docs/other.md"].into_iter().collect();
        let body = "See `src/billing/invoice.rs` and [lib](./src/lib.rs#L3). Not src/missing.rs \
                    nor docs/other.md; again src/lib.rs.";
        assert_eq!(
            mentioned_paths(body, &path("docs/billing.md"), &tracked),
            ["src/billing/invoice.rs", "src/lib.rs"]
        );
    }

    #[test]
    fn nearby_files_are_the_folder_of_a_code_side_readme() {
        let tracked: Vec<String> =
            ["src/billing/README.md", "src/billing/tax.rs", "src/billing/sub/x.rs", "src/other.rs"]
                .map(String::from)
                .to_vec();
        assert_eq!(nearby_paths(&path("src/billing/README.md"), &tracked, 10), ["src/billing/tax.rs"]);
        assert!(nearby_paths(&path("docs/guide.md"), &tracked, 10).is_empty());
    }
}
