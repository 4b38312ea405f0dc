//! A project document: a file of the repository that explains it (README, guides, ADRs, API notes), kept
//! in a registry with its type, its staleness and the code paths it covers. Paths are repository-relative
//! and validated here once ([`RepoPath`]), so nothing later has to ask whether one escapes the repository.

use serde::Serialize;
use ts_rs::TS;

use super::macros::{id_type, string_enum};
use super::text::required_text;
use super::{ProjectId, Timestamp};
use crate::{Error, Result};

id_type!(
    /// Identifies a [`Document`].
    DocumentId,
    "document"
);

id_type!(
    /// Identifies a [`DocumentLink`].
    DocumentLinkId,
    "document link"
);

string_enum! {
    /// What kind of document it is.
    DocType as "doc_type" {
        Api = "api",
        Architecture = "architecture",
        Guide = "guide",
        Adr = "adr",
        General = "general",
    }
}

string_enum! {
    /// How the document entered the registry.
    DocumentSource as "document source" {
        /// Found in the repository by discovery; kept in step with the tree.
        Discovered = "discovered",
        /// Added by the operator; discovery never removes it.
        Manual = "manual",
    }
}

string_enum! {
    /// How a document relates to a code path.
    LinkType as "link_type" {
        Covers = "covers",
        References = "references",
        DependsOn = "depends_on",
    }
}

string_enum! {
    /// Who made a link.
    LinkOrigin as "link origin" {
        /// The operator.
        Manual = "manual",
        /// The document names the path; recomputed whenever the document is read again.
        Mentioned = "mentioned",
    }
}

/// A repository-relative path: '/'-separated, not absolute, with no empty, `.` or `..` part. Whether it
/// exists (and whether a symlink on the way leads out of the repository) is the reader's question.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RepoPath(String);

impl RepoPath {
    /// Validates `raw` (a path typed by the operator or named by git). Backslashes count as separators and
    /// a leading `./` is dropped.
    pub fn parse(field: &'static str, raw: &str) -> Result<Self> {
        let trimmed = raw.trim().replace('\\', "/");
        let trimmed = trimmed.strip_prefix("./").unwrap_or(&trimmed);
        if trimmed.is_empty() {
            return Err(Error::invalid(field, "the path is empty"));
        }
        if trimmed.starts_with('/') || trimmed.chars().nth(1) == Some(':') {
            return Err(Error::invalid(
                field,
                format!("`{trimmed}` is absolute; give a path relative to the repository's root"),
            ));
        }
        let trimmed = trimmed.trim_end_matches('/');
        for part in trimmed.split('/') {
            match part {
                "" | "." => {
                    return Err(Error::invalid(field, format!("`{trimmed}` has an empty or `.` part")))
                }
                ".." => {
                    return Err(Error::invalid(
                        field,
                        format!("`{trimmed}` climbs out with `..`; paths stay inside the repository"),
                    ))
                }
                _ => {}
            }
        }
        if trimmed.len() > 1024 {
            return Err(Error::invalid(field, "the path is longer than 1,024 bytes"));
        }
        Ok(Self(trimmed.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The file name (the last part).
    pub fn file_name(&self) -> &str {
        self.0.rsplit('/').next().unwrap_or(&self.0)
    }

    /// The folder part, '' at the root.
    pub fn parent(&self) -> &str {
        self.0.rsplit_once('/').map_or("", |(dir, _)| dir)
    }
}

impl std::fmt::Display for RepoPath {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// A stored document.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Document {
    pub id: DocumentId,
    pub project_id: ProjectId,
    pub title: String,
    pub file_path: String,
    pub doc_type: DocType,
    pub description: String,
    pub source: DocumentSource,
    /// When its text last changed: its last commit, or "mark as updated".
    pub last_updated_at: Option<Timestamp>,
    /// Whole days since `last_updated_at` as of the last sync (0 when unknown or just updated).
    pub staleness_days: i64,
    pub is_stale: bool,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

impl Document {
    /// Whole days from `last_updated_at` (else `created_at`) to `now`; never negative.
    pub fn age_days(&self, now: Timestamp) -> i64 {
        let since = self.last_updated_at.unwrap_or(self.created_at);
        ((now.as_datetime() - since.as_datetime()).whole_days()).max(0)
    }
}

/// A link from a document to a code path it covers.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct DocumentLink {
    pub id: DocumentLinkId,
    pub document_id: DocumentId,
    pub code_path: String,
    pub link_type: LinkType,
    pub origin: LinkOrigin,
    pub created_at: Timestamp,
}

/// Validated input for a document the operator adds by hand.
#[derive(Debug, Clone, PartialEq)]
pub struct NewDocument {
    pub title: String,
    pub file_path: RepoPath,
    pub doc_type: DocType,
    pub description: String,
}

impl NewDocument {
    /// The title is required; the type defaults to the one the path suggests.
    pub fn new(
        title: &str,
        file_path: &str,
        doc_type: Option<DocType>,
        description: Option<&str>,
    ) -> Result<Self> {
        let file_path = RepoPath::parse("file_path", file_path)?;
        Ok(Self {
            title: required_text("title", title, 300)?,
            doc_type: doc_type.unwrap_or_else(|| DocType::infer(file_path.as_str())),
            file_path,
            description: description.unwrap_or_default().trim().to_owned(),
        })
    }
}

/// An operator's edit of a document; `None` leaves a field as it is.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DocumentPatch {
    pub title: Option<String>,
    pub doc_type: Option<DocType>,
    pub description: Option<String>,
}

impl DocumentPatch {
    /// The document after the edit, validated; an empty patch is refused so a typo is not a silent no-op.
    pub fn apply(&self, current: &Document, now: Timestamp) -> Result<Document> {
        if *self == Self::default() {
            return Err(Error::invalid("document edit", "name at least one field to change"));
        }
        let mut next = current.clone();
        if let Some(title) = &self.title {
            next.title = required_text("title", title, 300)?;
        }
        if let Some(doc_type) = self.doc_type {
            next.doc_type = doc_type;
        }
        if let Some(description) = &self.description {
            next.description = description.trim().to_owned();
        }
        next.updated_at = now;
        Ok(next)
    }
}

impl DocType {
    /// The type a path suggests: ADRs by folder or name, architecture and API notes by name, guides under
    /// a guide/tutorial/how-to folder or named so; everything else (README, CHANGELOG…) is general.
    pub fn infer(path: &str) -> Self {
        let lower = path.to_lowercase();
        let name = lower.rsplit('/').next().unwrap_or(&lower);
        let in_dir = |dir: &str| lower.split('/').rev().skip(1).any(|part| part == dir);
        if in_dir("adr") || in_dir("adrs") || in_dir("decisions") || name.starts_with("adr-") {
            Self::Adr
        } else if name.contains("architecture") || name.contains("design") {
            Self::Architecture
        } else if name.contains("api") || name.contains("openapi") || in_dir("api") {
            Self::Api
        } else if in_dir("guides")
            || in_dir("guide")
            || in_dir("tutorials")
            || name.contains("guide")
            || name.contains("howto")
            || name.contains("how-to")
            || name.starts_with("contributing")
            || name.starts_with("install")
        {
            Self::Guide
        } else {
            Self::General
        }
    }
}

/// The language a file's extension names, for highlighting a preview.
pub fn language_of(path: &str) -> &'static str {
    let ext = path.rsplit_once('.').map(|(_, e)| e.to_lowercase()).unwrap_or_default();
    match ext.as_str() {
        "md" | "markdown" => "markdown",
        "rs" => "rust",
        "go" => "go",
        "ts" => "typescript",
        "tsx" => "tsx",
        "js" | "mjs" | "cjs" => "javascript",
        "jsx" => "jsx",
        "json" => "json",
        "yaml" | "yml" => "yaml",
        "toml" => "toml",
        "sql" => "sql",
        "py" => "python",
        "txt" => "text",
        _ => "plaintext",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repo_paths_stay_inside_the_repository() {
        assert_eq!(RepoPath::parse("p", "./docs/a.md").expect("ok").as_str(), "docs/a.md");
        assert_eq!(RepoPath::parse("p", "docs\\b.md").expect("ok").as_str(), "docs/b.md");
        for bad in ["", "/etc/passwd", "C:/x", "docs/../../x", "a//b", "a/./b", ".."] {
            let err = RepoPath::parse("p", bad).expect_err(bad);
            assert_eq!(err.code(), crate::ErrorCode::InvalidInput, "{bad}");
        }
    }

    #[test]
    fn doc_type_follows_the_path() {
        assert_eq!(DocType::infer("docs/adr/0001-layout.md"), DocType::Adr);
        assert_eq!(DocType::infer("docs/architecture.md"), DocType::Architecture);
        assert_eq!(DocType::infer("docs/api.md"), DocType::Api);
        assert_eq!(DocType::infer("CONTRIBUTING.md"), DocType::Guide);
        assert_eq!(DocType::infer("docs/guides/setup.md"), DocType::Guide);
        assert_eq!(DocType::infer("README.md"), DocType::General);
        assert_eq!(DocType::infer("CHANGELOG.md"), DocType::General);
    }

    #[test]
    fn languages_come_from_extensions() {
        assert_eq!(language_of("a/b.MD"), "markdown");
        assert_eq!(language_of("x.tsx"), "tsx");
        assert_eq!(language_of("Makefile"), "plaintext");
    }
}
