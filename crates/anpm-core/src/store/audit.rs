//! SQL for the append-only authoring ledger. The schema's triggers refuse UPDATE and DELETE.

use rusqlite::{params, Row};

use super::Tx;
use crate::domain::{AuditEntry, AuditSubject};
use crate::Result;

const COLUMNS: &str =
    "id, subject_kind, subject_id, field, old_value, new_value, actor_kind, actor_id, rationale, \
                       confidence, created_at";

fn from_row(row: &Row<'_>) -> rusqlite::Result<AuditEntry> {
    Ok(AuditEntry {
        id: row.get("id")?,
        subject_kind: row.get("subject_kind")?,
        subject_id: row.get("subject_id")?,
        field: row.get("field")?,
        old_value: row.get("old_value")?,
        new_value: row.get("new_value")?,
        actor_kind: row.get("actor_kind")?,
        actor_id: row.get("actor_id")?,
        rationale: row.get("rationale")?,
        confidence: row.get("confidence")?,
        created_at: row.get("created_at")?,
    })
}

impl Tx<'_> {
    /// Appends an entry after checking its invariants.
    pub fn append_audit(&self, e: &AuditEntry) -> Result<()> {
        e.validate()?;
        self.exec(
            &format!("INSERT INTO actor_audit ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)"),
            params![
                e.id,
                e.subject_kind,
                e.subject_id,
                e.field,
                e.old_value,
                e.new_value,
                e.actor_kind,
                e.actor_id,
                e.rationale,
                e.confidence,
                e.created_at
            ],
        )?;
        Ok(())
    }

    /// The ledger of one subject, oldest first.
    pub fn audit_of(
        &self,
        subject_kind: AuditSubject,
        subject_id: &str,
    ) -> Result<Vec<AuditEntry>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM actor_audit WHERE subject_kind = ?1 AND subject_id = ?2 ORDER BY created_at, id"
        ))?;
        let rows = stmt
            .query_map(params![subject_kind, subject_id], from_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }
}
