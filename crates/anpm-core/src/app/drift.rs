//! Drift triage: list a project's signals, resolve, dismiss or reopen one, resolve them all, or raise one
//! by hand. Resolving does not make a document fresh; only "mark as updated" (or an edit of its file) does.

use serde::Serialize;
use ts_rs::TS;

use super::{Drift, OPERATOR};
use crate::domain::*;
use crate::store::{DriftFilter, SeverityCounts, Tx};
use crate::{Error, Result};

/// Most signals one listing returns.
pub const DRIFT_LIST_LIMIT: usize = 500;

/// A project's drift at a glance.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct DriftOverview {
    pub open: SeverityCounts,
    pub stale_documents: i64,
    pub documents: i64,
}

impl Drift<'_> {
    /// A project's signals, optionally of one status, by severity or by time.
    pub fn list(
        &self,
        project_id: ProjectId,
        status: Option<DriftStatus>,
        sort: DriftSort,
    ) -> Result<Vec<DriftSignal>> {
        self.core.store.read(|tx| {
            tx.project(project_id)?.ok_or_else(|| Error::not_found("project", project_id))?;
            tx.drift_signals(&DriftFilter { project_id, status, sort, limit: DRIFT_LIST_LIMIT })
        })
    }

    /// One signal.
    pub fn get(&self, id: DriftSignalId) -> Result<DriftSignal> {
        self.core.store.read(|tx| load(tx, id))
    }

    /// Moves a signal to `status` (resolve, dismiss, reopen).
    pub fn set_status(&self, id: DriftSignalId, status: DriftStatus) -> Result<DriftSignal> {
        self.core.store.write(|tx| {
            let next = load(tx, id)?.moved(status, OPERATOR, Timestamp::now())?;
            tx.update_drift_signal(&next)?;
            Ok(next)
        })
    }

    /// Resolves every open signal of a project; returns how many.
    pub fn resolve_all(&self, project_id: ProjectId) -> Result<usize> {
        self.core.store.write(|tx| {
            tx.project(project_id)?.ok_or_else(|| Error::not_found("project", project_id))?;
            tx.resolve_open_drift(project_id, None, OPERATOR, Timestamp::now())
        })
    }

    /// Raises a signal by hand on a document (severity 1 unless given).
    pub fn add(
        &self,
        document_id: DocumentId,
        detail: &str,
        severity: Option<Severity>,
    ) -> Result<DriftSignal> {
        let detail = required_text("detail", detail, 1000)?;
        self.core.store.write(|tx| {
            let doc =
                tx.document(document_id)?.ok_or_else(|| Error::not_found("document", document_id))?;
            let now = Timestamp::now();
            let signal = DriftSignal {
                id: DriftSignalId::new(),
                project_id: doc.project_id,
                document_id,
                document_title: doc.title,
                document_path: doc.file_path,
                trigger_type: TriggerType::Manual,
                trigger_detail: detail,
                trigger_meta: TriggerMeta::default(),
                severity: severity.unwrap_or(Severity::LOW),
                confidence: Confidence::High,
                sync_run_id: None,
                status: DriftStatus::Open,
                resolved_by: String::new(),
                resolved_at: None,
                created_at: now,
                updated_at: now,
            };
            tx.insert_drift_signal(&signal)?;
            Ok(signal)
        })
    }

    /// Open signals per severity and the documents' staleness.
    pub fn overview(&self, project_id: ProjectId) -> Result<DriftOverview> {
        self.core.store.read(|tx| {
            tx.project(project_id)?.ok_or_else(|| Error::not_found("project", project_id))?;
            let documents = tx.documents(project_id)?;
            Ok(DriftOverview {
                open: tx.open_drift_counts(project_id)?,
                stale_documents: documents.iter().filter(|d| d.is_stale).count() as i64,
                documents: documents.len() as i64,
            })
        })
    }
}

fn load(tx: &Tx<'_>, id: DriftSignalId) -> Result<DriftSignal> {
    tx.drift_signal(id)?.ok_or_else(|| Error::not_found("drift signal", id))
}
