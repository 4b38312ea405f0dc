//! SQL for drift signals: triage listings on the index that matches their order, and the counts the
//! dashboard and the context pack read.

use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, ValueRef};
use rusqlite::{params, OptionalExtension, Row};

use super::Tx;
use crate::domain::{
    DocumentId, DriftSignal, DriftSignalId, DriftSort, DriftStatus, ProjectId, Severity, Timestamp,
};
use crate::Result;

impl ToSql for Severity {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(i64::from(self.level())))
    }
}

impl FromSql for Severity {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        let level = value.as_i64()?;
        u8::try_from(level).ok().and_then(Severity::from_level).ok_or(FromSqlError::OutOfRange(level))
    }
}

const SELECT: &str = "SELECT s.id, s.project_id, s.document_id, d.title AS document_title,
        d.file_path AS document_path, s.trigger_type, s.trigger_detail, s.trigger_meta, s.severity,
        s.confidence, s.sync_run_id, s.status, s.resolved_by, s.resolved_at, s.created_at, s.updated_at
    FROM drift_signals s JOIN documents d ON d.id = s.document_id";

fn from_row(row: &Row<'_>) -> rusqlite::Result<DriftSignal> {
    let meta: String = row.get("trigger_meta")?;
    Ok(DriftSignal {
        id: row.get("id")?,
        project_id: row.get("project_id")?,
        document_id: row.get("document_id")?,
        document_title: row.get("document_title")?,
        document_path: row.get("document_path")?,
        trigger_type: row.get("trigger_type")?,
        trigger_detail: row.get("trigger_detail")?,
        trigger_meta: serde_json::from_str(&meta).map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e))
        })?,
        severity: row.get("severity")?,
        confidence: row.get("confidence")?,
        sync_run_id: row.get("sync_run_id")?,
        status: row.get("status")?,
        resolved_by: row.get("resolved_by")?,
        resolved_at: row.get("resolved_at")?,
        created_at: row.get("created_at")?,
        updated_at: row.get("updated_at")?,
    })
}

/// Which signals a listing shows, in which order.
#[derive(Debug, Clone, Copy)]
pub struct DriftFilter {
    pub project_id: ProjectId,
    pub status: Option<DriftStatus>,
    pub sort: DriftSort,
    pub limit: usize,
}

/// Open signals per severity.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
pub struct SeverityCounts {
    pub high: i64,
    pub medium: i64,
    pub low: i64,
}

impl SeverityCounts {
    pub fn total(&self) -> i64 {
        self.high + self.medium + self.low
    }
}

impl Tx<'_> {
    pub fn insert_drift_signal(&self, s: &DriftSignal) -> Result<()> {
        self.exec(
            "INSERT INTO drift_signals (id, project_id, document_id, trigger_type, trigger_detail,
                 trigger_meta, severity, confidence, sync_run_id, status, resolved_by, resolved_at,
                 created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
            params![
                s.id,
                s.project_id,
                s.document_id,
                s.trigger_type,
                s.trigger_detail,
                serde_json::to_string(&s.trigger_meta)
                    .expect("invariant: trigger meta always serializes"),
                s.severity,
                s.confidence,
                s.sync_run_id,
                s.status,
                s.resolved_by,
                s.resolved_at,
                s.created_at,
                s.updated_at
            ],
        )?;
        Ok(())
    }

    pub fn drift_signal(&self, id: DriftSignalId) -> Result<Option<DriftSignal>> {
        Ok(self.row(&format!("{SELECT} WHERE s.id = ?1"), [id], from_row).optional()?)
    }

    /// A project's signals in triage order.
    pub fn drift_signals(&self, filter: &DriftFilter) -> Result<Vec<DriftSignal>> {
        let (index, order) = match filter.sort {
            DriftSort::Severity => {
                ("drift_signals_by_severity", "s.severity DESC, s.created_at DESC, s.id")
            }
            DriftSort::Time => ("drift_signals_by_time", "s.created_at DESC, s.id"),
        };
        let status = if filter.status.is_some() { "AND s.status = ?2" } else { "AND ?2 IS NULL" };
        let sql = format!(
            "SELECT s.id, s.project_id, s.document_id, d.title AS document_title,
                    d.file_path AS document_path, s.trigger_type, s.trigger_detail, s.trigger_meta,
                    s.severity, s.confidence, s.sync_run_id, s.status, s.resolved_by, s.resolved_at,
                    s.created_at, s.updated_at
             FROM drift_signals s INDEXED BY {index} JOIN documents d ON d.id = s.document_id
             WHERE s.project_id = ?1 {status} ORDER BY {order} LIMIT ?3"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows =
            stmt.query_map(params![filter.project_id, filter.status, filter.limit as i64], from_row)?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    pub fn update_drift_signal(&self, s: &DriftSignal) -> Result<()> {
        self.exec(
            "UPDATE drift_signals SET status = ?2, resolved_by = ?3, resolved_at = ?4, updated_at = ?5
             WHERE id = ?1",
            params![s.id, s.status, s.resolved_by, s.resolved_at, s.updated_at],
        )?;
        Ok(())
    }

    /// A document's open signals, most severe first.
    pub fn open_drift_of(&self, document_id: DocumentId) -> Result<Vec<DriftSignal>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "{SELECT} WHERE s.document_id = ?1 AND s.status = 'open'
             ORDER BY s.severity DESC, s.created_at DESC, s.id"
        ))?;
        let rows = stmt.query_map([document_id], from_row)?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// Whether the document has an open signal.
    pub fn has_open_drift(&self, document_id: DocumentId) -> Result<bool> {
        Ok(self
            .conn
            .query_row(
                "SELECT 1 FROM drift_signals WHERE document_id = ?1 AND status = 'open' LIMIT 1",
                [document_id],
                |_| Ok(()),
            )
            .optional()?
            .is_some())
    }

    /// Resolves every open signal of a document (or, with `None`, of the project); returns how many.
    pub fn resolve_open_drift(
        &self,
        project_id: ProjectId,
        document_id: Option<DocumentId>,
        actor: &str,
        now: Timestamp,
    ) -> Result<usize> {
        Ok(self.exec(
            "UPDATE drift_signals SET status = 'resolved', resolved_by = ?3, resolved_at = ?4, updated_at = ?4
             WHERE project_id = ?1 AND status = 'open' AND (?2 IS NULL OR document_id = ?2)",
            params![project_id, document_id, actor, now],
        )?)
    }

    /// Open signals of a project per severity.
    pub fn open_drift_counts(&self, project_id: ProjectId) -> Result<SeverityCounts> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT severity, count(*) FROM drift_signals INDEXED BY drift_signals_by_severity
             WHERE project_id = ?1 AND status = 'open' GROUP BY severity",
        )?;
        let mut counts = SeverityCounts::default();
        let rows = stmt.query_map([project_id], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?)))?;
        for row in rows {
            match row? {
                (3, n) => counts.high = n,
                (2, n) => counts.medium = n,
                (_, n) => counts.low += n,
            }
        }
        Ok(counts)
    }
}
