//! The audit ledger as the shells see it: what was said about an entity, and entries written on an
//! agent's behalf (the MCP server records every write an agent makes, and the progress it reports).

use super::Audit;
use crate::domain::*;
use crate::{Error, Result};

impl Audit<'_> {
    /// Records that `agent` acted on the entity (`rationale` says what it did or reported).
    pub fn record_agent(
        &self,
        subject: AuditSubject,
        subject_id: &str,
        agent: &str,
        rationale: &str,
    ) -> Result<AuditEntry> {
        if rationale.trim().is_empty() {
            return Err(Error::invalid("rationale", "say what the agent did"));
        }
        let entry = AuditEntry {
            id: AuditEntryId::new(),
            subject_kind: subject,
            subject_id: subject_id.to_owned(),
            field: "agent_note".into(),
            old_value: None,
            new_value: None,
            actor_kind: ActorKind::Agent,
            actor_id: agent.to_owned(),
            rationale: rationale.trim().chars().take(2_000).collect(),
            confidence: None,
            created_at: Timestamp::now(),
        };
        self.core.store.write(|tx| tx.append_audit(&entry))?;
        Ok(entry)
    }

    /// Every entry about an entity, oldest first.
    pub fn of(&self, subject: AuditSubject, subject_id: &str) -> Result<Vec<AuditEntry>> {
        self.core.store.read(|tx| tx.audit_of(subject, subject_id))
    }
}
