//! Rendering of the project-knowledge commands' outcomes: JSON with the spec's field names, and tables
//! and field lists for people.

use serde_json::{json, Value};

use super::render::{fields, table};
use crate::api::{
    DiscoveryReport, Document, DocumentContent, DocumentDetail, DocumentEntry, DocumentLink,
    DriftSignal, Notification, SearchResults, SyncRun,
};

/// What a knowledge command prints.
#[derive(Debug)]
pub enum Knowledge {
    Documents(Vec<DocumentEntry>),
    Document(Box<DocumentDetail>),
    DocumentSaved(Document),
    DocumentRemoved(Document),
    Linked(DocumentLink),
    /// The document, and how many open signals were resolved with it.
    MarkedUpdated(Document, usize),
    Content(DocumentContent),
    Discovered(DiscoveryReport),
    SyncRun(SyncRun),
    SyncRuns(Vec<SyncRun>),
    Signals(Vec<DriftSignal>),
    Signal(DriftSignal),
    ResolvedAll(usize),
    Search(SearchResults),
    Notifications(Vec<Notification>),
    ReadAll(usize),
}

fn to_json<T: serde::Serialize>(value: &T) -> Value {
    serde_json::to_value(value).expect("invariant: domain types serialize to JSON")
}

impl Knowledge {
    pub fn json(&self) -> Value {
        match self {
            Self::Documents(v) => to_json(v),
            Self::Document(v) => to_json(v),
            Self::DocumentSaved(v) => to_json(v),
            Self::DocumentRemoved(v) => json!({ "removed": to_json(v) }),
            Self::Linked(v) => to_json(v),
            Self::MarkedUpdated(d, n) => json!({ "document": to_json(d), "resolved_signals": n }),
            Self::Content(v) => to_json(v),
            Self::Discovered(v) => to_json(v),
            Self::SyncRun(v) => to_json(v),
            Self::SyncRuns(v) => to_json(v),
            Self::Signals(v) => to_json(v),
            Self::Signal(v) => to_json(v),
            Self::ResolvedAll(n) => json!({ "resolved": n }),
            Self::Search(v) => to_json(v),
            Self::Notifications(v) => to_json(v),
            Self::ReadAll(n) => json!({ "marked_read": n }),
        }
    }

    pub fn text(&self) -> String {
        match self {
            Self::Documents(list) => table(
                &["ID", "TYPE", "STALE", "LINKS", "PATH", "TITLE"],
                list.iter().map(|e| {
                    let d = &e.document;
                    vec![
                        d.id.to_string(),
                        d.doc_type.to_string(),
                        stale(d),
                        e.link_count.to_string(),
                        d.file_path.clone(),
                        d.title.clone(),
                    ]
                }),
                "no documents (run `anpm doc discover --project P` or `anpm sync run --project P`)",
            ),
            Self::Document(detail) => {
                let mut out = document(&detail.document);
                out.push_str(&table(
                    &["LINKED CODE", "TYPE", "ORIGIN"],
                    detail.links.iter().map(|l| {
                        vec![l.code_path.clone(), l.link_type.to_string(), l.origin.to_string()]
                    }),
                    "  no links",
                ));
                if !detail.suggested_links.is_empty() {
                    out.push_str(&format!(
                        "suggested links (`anpm doc link {} --code PATH`):\n",
                        detail.document.id
                    ));
                    for path in &detail.suggested_links {
                        out.push_str(&format!("  {path}\n"));
                    }
                }
                if !detail.open_drift.is_empty() {
                    out.push_str("open drift:\n");
                    out.push_str(&signals(&detail.open_drift));
                }
                out
            }
            Self::DocumentSaved(d) => document(d),
            Self::DocumentRemoved(d) => format!("removed {} ({})\n", d.file_path, d.id),
            Self::Linked(l) => format!("linked {} ({}, {})\n", l.code_path, l.link_type, l.origin),
            Self::MarkedUpdated(d, n) => {
                format!("{} is up to date; resolved {n} open drift signal(s)\n", d.file_path)
            }
            Self::Content(c) => {
                let mut out = c.content.clone();
                if !out.ends_with('\n') {
                    out.push('\n');
                }
                if c.truncated {
                    out.push_str(&format!(
                        "… (cut at {} of {} bytes)\n",
                        c.content.len(),
                        c.size_bytes
                    ));
                }
                out
            }
            Self::Discovered(r) => format!(
                "documents: {} (added {}, updated {}, renamed {}, removed {})\n",
                r.total, r.added, r.updated, r.renamed, r.removed
            ),
            Self::SyncRun(run) => fields(
                &format!("sync run {}", run.id),
                &[
                    ("status", run.status.to_string()),
                    ("branch", run.branch.clone()),
                    ("commits", run.commits_scanned.to_string()),
                    ("files", run.files_changed.to_string()),
                    ("signals", run.signals_created.to_string()),
                    ("error", run.error_message.clone()),
                ],
            ),
            Self::SyncRuns(runs) => table(
                &["ID", "STARTED", "TRIGGER", "STATUS", "COMMITS", "FILES", "SIGNALS", "ERROR"],
                runs.iter().map(|r| {
                    vec![
                        r.id.to_string(),
                        r.started_at.to_string(),
                        r.triggered_by.to_string(),
                        r.status.to_string(),
                        r.commits_scanned.to_string(),
                        r.files_changed.to_string(),
                        r.signals_created.to_string(),
                        r.error_message.clone(),
                    ]
                }),
                "no sync runs yet (`anpm sync run --project P`)",
            ),
            Self::Signals(list) => signals(list),
            Self::Signal(s) => signals(std::slice::from_ref(s)),
            Self::ResolvedAll(n) => format!("resolved {n} open signal(s)\n"),
            Self::Search(results) => table(
                &["TYPE", "ID", "STATUS", "TITLE", "MATCH"],
                results.hits.iter().map(|h| {
                    let snippet: String = h
                        .snippet
                        .iter()
                        .map(|p| if p.matched { format!("*{}*", p.text) } else { p.text.clone() })
                        .collect::<String>()
                        .split_whitespace()
                        .collect::<Vec<_>>()
                        .join(" ");
                    vec![
                        h.kind.to_string(),
                        h.id.clone(),
                        h.status.clone(),
                        h.title.clone(),
                        snippet,
                    ]
                }),
                &format!("nothing matches `{}`", results.query),
            ),
            Self::Notifications(list) => table(
                &["ID", "WHEN", "LEVEL", "READ", "TITLE", "BODY"],
                list.iter().map(|n| {
                    vec![
                        n.id.to_string(),
                        n.created_at.to_string(),
                        n.level.to_string(),
                        if n.is_read { "yes" } else { "no" }.to_owned(),
                        n.title.clone(),
                        n.body.clone(),
                    ]
                }),
                "no notifications",
            ),
            Self::ReadAll(n) => format!("marked {n} notification(s) read\n"),
        }
    }
}

fn stale(d: &Document) -> String {
    if d.is_stale {
        format!("{} d", d.staleness_days)
    } else {
        "no".to_owned()
    }
}

fn document(d: &Document) -> String {
    fields(
        &format!("document {}", d.id),
        &[
            ("title", d.title.clone()),
            ("path", d.file_path.clone()),
            ("type", d.doc_type.to_string()),
            ("source", d.source.to_string()),
            (
                "updated",
                d.last_updated_at.map(|t| t.to_string()).unwrap_or_else(|| "unknown".into()),
            ),
            ("stale", stale(d)),
            ("about", d.description.clone()),
        ],
    )
}

fn signals(list: &[DriftSignal]) -> String {
    table(
        &["ID", "SEVERITY", "STATUS", "TRIGGER", "CONFIDENCE", "DOCUMENT", "DETAIL"],
        list.iter().map(|s| {
            vec![
                s.id.to_string(),
                s.severity.name().to_owned(),
                s.status.to_string(),
                s.trigger_type.to_string(),
                s.confidence.to_string(),
                s.document_path.clone(),
                s.trigger_detail.clone(),
            ]
        }),
        "no drift signals",
    )
}
