//! Document operations: the registry of a project's documents (discovered from the repository and added by
//! hand), their links to code, "mark as updated", and a safe preview of a document's file.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use serde::Serialize;
use ts_rs::TS;

use super::Documents;
use crate::domain::*;
use crate::knowledge::discover;
use crate::repo::history::{self, PathChange};
use crate::store::Tx;
use crate::{Error, Result};

/// Largest preview of a document's file, in bytes.
pub const PREVIEW_MAX_BYTES: usize = 256 * 1024;
/// Most suggested links shown for one document.
const SUGGESTIONS: usize = 10;

/// A document with what lists show beside it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct DocumentEntry {
    #[serde(flatten)]
    #[ts(flatten)]
    pub document: Document,
    pub link_count: i64,
}

/// One document with its links and suggested links.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct DocumentDetail {
    pub document: Document,
    pub links: Vec<DocumentLink>,
    /// Code files beside the document that it probably covers, not linked yet.
    pub suggested_links: Vec<String>,
    pub open_drift: Vec<DriftSignal>,
}

/// A preview of a document's file.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct DocumentContent {
    pub path: String,
    pub language: String,
    pub content: String,
    pub size_bytes: u64,
    pub truncated: bool,
}

/// What a discovery changed in the registry.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
pub struct DiscoveryReport {
    pub added: usize,
    pub updated: usize,
    pub removed: usize,
    pub renamed: usize,
    /// Documents registered for the project after the discovery.
    pub total: usize,
}

/// What discovery read from disk and git, before any transaction.
#[derive(Debug, Default)]
pub(super) struct TreeScan {
    tracked: Vec<String>,
    found: Vec<(RepoPath, discover::DocumentText)>,
    changed_at: HashMap<String, Timestamp>,
}

impl TreeScan {
    /// Reads the tree of `root`: tracked files, the documents among them with their text, and when each
    /// document (and each manual document's file, `extra`) last changed.
    pub(super) fn read(root: &Path, extra: &[String]) -> Result<Self> {
        if history::is_empty(root)? {
            return Ok(Self::default());
        }
        let tracked = history::tracked_files(root)?;
        let found: Vec<(RepoPath, discover::DocumentText)> = discover::documents_among(&tracked)
            .into_iter()
            .map(|path| {
                let text = discover::read_body(root, &path);
                (path, text)
            })
            .filter(|(_, text)| text.present)
            .collect();
        let mut paths: Vec<String> = found.iter().map(|(p, _)| p.to_string()).collect();
        paths.extend(extra.iter().cloned());
        paths.sort();
        paths.dedup();
        let changed_at = history::last_changed(root, &paths)?;
        Ok(Self { tracked, found, changed_at })
    }
}

impl Documents<'_> {
    /// A project's documents, by path.
    pub fn list(&self, project_id: ProjectId) -> Result<Vec<DocumentEntry>> {
        self.core.store.read(|tx| {
            project(tx, project_id)?;
            let counts = tx.link_counts(project_id)?;
            Ok(tx
                .documents(project_id)?
                .into_iter()
                .map(|document| DocumentEntry {
                    link_count: counts.get(&document.id).copied().unwrap_or(0),
                    document,
                })
                .collect())
        })
    }

    /// One document, its links, suggested links and open drift.
    pub fn get(&self, id: DocumentId) -> Result<DocumentDetail> {
        let (document, links, open_drift, repo) = self.core.store.read(|tx| {
            let document = load(tx, id)?;
            let links = tx.document_links(id)?;
            let open_drift = tx.open_drift_of(id)?;
            let repo = project(tx, document.project_id)?.repo_path;
            Ok((document, links, open_drift, repo))
        })?;
        let linked: HashSet<&str> = links.iter().map(|l| l.code_path.as_str()).collect();
        let root = PathBuf::from(repo);
        let suggested_links = match (RepoPath::parse("file_path", &document.file_path), history::tracked_files(&root)) {
            (Ok(path), Ok(tracked)) => discover::nearby_paths(&path, &tracked, SUGGESTIONS + linked.len())
                .into_iter()
                .filter(|p| !linked.contains(p))
                .take(SUGGESTIONS)
                .map(str::to_owned)
                .collect(),
            _ => Vec::new(),
        };
        Ok(DocumentDetail { document, links, suggested_links, open_drift })
    }

    /// Registers a document by hand. Refuses a path another document of the project already has.
    pub fn add(&self, project_id: ProjectId, input: NewDocument) -> Result<Document> {
        self.core.store.write(|tx| {
            let project = project(tx, project_id)?;
            if let Some(existing) = tx.document_by_path(project_id, input.file_path.as_str())? {
                return Err(Error::Conflict(format!(
                    "{} is already the document `{}` ({})",
                    input.file_path, existing.title, existing.id
                )));
            }
            let now = Timestamp::now();
            let root = PathBuf::from(&project.repo_path);
            let text = discover::read_body(&root, &input.file_path);
            let document = Document {
                id: DocumentId::new(),
                project_id,
                title: input.title,
                file_path: input.file_path.to_string(),
                doc_type: input.doc_type,
                description: input.description,
                source: DocumentSource::Manual,
                last_updated_at: None,
                staleness_days: 0,
                is_stale: false,
                created_at: now,
                updated_at: now,
            };
            tx.insert_document(&document, &text.body)?;
            Ok(document)
        })
    }

    /// Edits a document's title, type or description.
    pub fn edit(&self, id: DocumentId, patch: &DocumentPatch) -> Result<Document> {
        self.core.store.write(|tx| {
            let next = patch.apply(&load(tx, id)?, Timestamp::now())?;
            tx.update_document(&next)?;
            Ok(next)
        })
    }

    /// Removes a document from the registry (its file is not touched). A discovered document comes back at
    /// the next discovery while its file exists.
    pub fn remove(&self, id: DocumentId) -> Result<Document> {
        self.core.store.write(|tx| {
            let document = load(tx, id)?;
            tx.delete_document(id)?;
            Ok(document)
        })
    }

    /// Links a document to a code path (exact, repository-relative).
    pub fn link(&self, id: DocumentId, code_path: &str, link_type: LinkType) -> Result<DocumentLink> {
        let code_path = RepoPath::parse("code_path", code_path)?;
        self.core.store.write(|tx| {
            load(tx, id)?;
            if tx.document_links(id)?.iter().any(|l| l.code_path == code_path.as_str()) {
                return Err(Error::Conflict(format!("the document already links {code_path}")));
            }
            let link = DocumentLink {
                id: DocumentLinkId::new(),
                document_id: id,
                code_path: code_path.to_string(),
                link_type,
                origin: LinkOrigin::Manual,
                created_at: Timestamp::now(),
            };
            tx.insert_document_link(&link)?;
            Ok(link)
        })
    }

    /// Removes a document's link to a code path.
    pub fn unlink(&self, id: DocumentId, code_path: &str) -> Result<()> {
        let code_path = RepoPath::parse("code_path", code_path)?;
        self.core.store.write(|tx| {
            load(tx, id)?;
            if tx.delete_document_link(id, code_path.as_str())? {
                Ok(())
            } else {
                Err(Error::not_found("document link", code_path))
            }
        })
    }

    /// "Mark as updated": the document is fresh as of now, and its open drift signals are resolved.
    pub fn mark_updated(&self, id: DocumentId) -> Result<(Document, usize)> {
        self.core.store.write(|tx| {
            let mut document = load(tx, id)?;
            let now = Timestamp::now();
            document.last_updated_at = Some(now);
            document.staleness_days = 0;
            document.is_stale = false;
            document.updated_at = now;
            tx.update_document(&document)?;
            let resolved =
                tx.resolve_open_drift(document.project_id, Some(id), super::OPERATOR, now)?;
            Ok((document, resolved))
        })
    }

    /// The document's file as text: refused when the path climbs out of the repository (through `..`, an
    /// absolute path or a symlink); cut at [`PREVIEW_MAX_BYTES`].
    pub fn content(&self, id: DocumentId) -> Result<DocumentContent> {
        let (document, repo) = self.core.store.read(|tx| {
            let document = load(tx, id)?;
            let repo = project(tx, document.project_id)?.repo_path;
            Ok((document, repo))
        })?;
        let path = RepoPath::parse("file_path", &document.file_path)?;
        read_preview(Path::new(&repo), &path)
    }

    /// Discovers the project's documents now (also done when a project is added and by every sync).
    pub fn discover(&self, project_id: ProjectId) -> Result<DiscoveryReport> {
        let (project, manual) = self.core.store.read(|tx| {
            let project = project(tx, project_id)?;
            let manual: Vec<String> = tx
                .documents(project_id)?
                .into_iter()
                .filter(|d| d.source == DocumentSource::Manual)
                .map(|d| d.file_path)
                .collect();
            Ok((project, manual))
        })?;
        let scan = TreeScan::read(Path::new(&project.repo_path), &manual)?;
        self.core.store.write(|tx| refresh(tx, project_id, &scan, &[], Timestamp::now()))
    }
}

/// Brings the registry in step with a tree scan inside `tx`: renames follow git's renames, discovered
/// documents are added, updated (title, text, mentioned links, last change) or removed with their file;
/// manual documents keep their place and get their file's last change.
pub(super) fn refresh(
    tx: &Tx<'_>,
    project_id: ProjectId,
    scan: &TreeScan,
    changes: &[PathChange],
    now: Timestamp,
) -> Result<DiscoveryReport> {
    let mut report = DiscoveryReport::default();
    for change in changes {
        let Some(old) = &change.renamed_from else { continue };
        if let (Some(mut doc), None) =
            (tx.document_by_path(project_id, old)?, tx.document_by_path(project_id, &change.path)?)
        {
            doc.file_path = change.path.clone();
            doc.updated_at = now;
            tx.update_document(&doc)?;
            report.renamed += 1;
        }
    }
    let tracked: HashSet<&str> = scan.tracked.iter().map(String::as_str).collect();
    let existing: HashMap<String, Document> =
        tx.documents(project_id)?.into_iter().map(|d| (d.file_path.clone(), d)).collect();
    let found: HashSet<&str> = scan.found.iter().map(|(p, _)| p.as_str()).collect();
    for (path, text) in &scan.found {
        let changed_at = scan.changed_at.get(path.as_str()).copied();
        let title = discover::title_of(path, &text.body);
        let id = match existing.get(path.as_str()) {
            Some(doc) => {
                let mut next = doc.clone();
                if doc.source == DocumentSource::Discovered {
                    next.title = title;
                }
                settle_last_change(&mut next, changed_at);
                if next != *doc {
                    next.updated_at = now;
                    tx.update_document(&next)?;
                    report.updated += 1;
                }
                tx.set_document_body(doc.id, &text.body)?;
                doc.id
            }
            None => {
                let doc = Document {
                    id: DocumentId::new(),
                    project_id,
                    title,
                    file_path: path.to_string(),
                    doc_type: DocType::infer(path.as_str()),
                    description: String::new(),
                    source: DocumentSource::Discovered,
                    last_updated_at: changed_at,
                    staleness_days: 0,
                    is_stale: false,
                    created_at: now,
                    updated_at: now,
                };
                tx.insert_document(&doc, &text.body)?;
                report.added += 1;
                doc.id
            }
        };
        tx.replace_mentioned_links(id, &discover::mentioned_paths(&text.body, path, &tracked), now)?;
    }
    for (path, doc) in &existing {
        if found.contains(path.as_str()) {
            continue;
        }
        match doc.source {
            // Its file is gone from the tree (or is no document any more): it leaves the registry.
            DocumentSource::Discovered if !tracked.contains(path.as_str()) => {
                tx.delete_document(doc.id)?;
                report.removed += 1;
            }
            DocumentSource::Discovered => {}
            DocumentSource::Manual => {
                let mut next = doc.clone();
                settle_last_change(&mut next, scan.changed_at.get(path.as_str()).copied());
                if next != *doc {
                    next.updated_at = now;
                    tx.update_document(&next)?;
                    report.updated += 1;
                }
            }
        }
    }
    report.total = tx.documents(project_id)?.len();
    Ok(report)
}

/// A commit newer than the document's last update is its update: it is fresh again.
fn settle_last_change(doc: &mut Document, changed_at: Option<Timestamp>) {
    if let Some(at) = changed_at {
        if doc.last_updated_at.is_none_or(|known| at > known) {
            doc.last_updated_at = Some(at);
            doc.is_stale = false;
            doc.staleness_days = 0;
        }
    }
}

/// Reads a preview of `path` under `root`, refusing anything that resolves outside `root`.
fn read_preview(root: &Path, path: &RepoPath) -> Result<DocumentContent> {
    use std::io::Read;
    let root = root.canonicalize().map_err(|e| Error::io(format!("resolving {}", root.display()), e))?;
    let full = root.join(path.as_str());
    let resolved = full.canonicalize().map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => Error::PathNotFound { path: path.to_string() },
        _ => Error::io(format!("resolving {path}"), e),
    })?;
    if !resolved.starts_with(&root) {
        return Err(Error::invalid(
            "file_path",
            format!("{path} leads outside the repository (through a symlink); it is not shown"),
        ));
    }
    let meta = resolved.metadata().map_err(|e| Error::io(format!("reading {path}"), e))?;
    if !meta.is_file() {
        return Err(Error::invalid("file_path", format!("{path} is not a file")));
    }
    let file = std::fs::File::open(&resolved).map_err(|e| Error::io(format!("opening {path}"), e))?;
    let mut bytes = Vec::new();
    file.take(PREVIEW_MAX_BYTES as u64)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io(format!("reading {path}"), e))?;
    let mut content = String::from_utf8_lossy(&bytes).into_owned();
    let truncated = meta.len() > PREVIEW_MAX_BYTES as u64;
    if truncated && content.ends_with('\u{FFFD}') {
        // The cut fell inside a character.
        content.pop();
    }
    Ok(DocumentContent {
        path: path.to_string(),
        language: language_of(path.as_str()).to_owned(),
        content,
        size_bytes: meta.len(),
        truncated,
    })
}

fn load(tx: &Tx<'_>, id: DocumentId) -> Result<Document> {
    tx.document(id)?.ok_or_else(|| Error::not_found("document", id))
}

fn project(tx: &Tx<'_>, id: ProjectId) -> Result<Project> {
    tx.project(id)?.ok_or_else(|| Error::not_found("project", id))
}
