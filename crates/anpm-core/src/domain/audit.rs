//! The append-only authoring ledger: who changed which field of what, and why.

use serde::Serialize;
use ts_rs::TS;

use super::macros::{id_type, string_enum};
use super::Timestamp;
use crate::{Error, Result};

id_type!(
    /// Identifies an [`AuditEntry`].
    AuditEntryId,
    "audit entry"
);

string_enum! {
    /// The kind of entity an audit entry is about.
    AuditSubject as "audit subject" {
        BacklogCandidate = "backlog_candidate",
        Task = "task",
        PlanningRun = "planning_run",
        BacklogItem = "backlog_item",
    }
}

string_enum! {
    /// Who made a change.
    ActorKind as "actor kind" {
        /// The operator.
        User = "user",
        /// The advisory role router.
        Router = "router",
        /// anpm itself (claim-time checks, crash recovery).
        System = "system",
        /// An agent CLI.
        Agent = "agent",
    }
}

/// One ledger row.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct AuditEntry {
    pub id: AuditEntryId,
    pub subject_kind: AuditSubject,
    pub subject_id: String,
    pub field: String,
    pub old_value: Option<String>,
    pub new_value: Option<String>,
    pub actor_kind: ActorKind,
    pub actor_id: String,
    pub rationale: String,
    /// Only the router states a confidence, in [0, 1].
    pub confidence: Option<f64>,
    pub created_at: Timestamp,
}

impl AuditEntry {
    /// Checks the entry's invariants: a confidence exactly when the actor is the router, within [0, 1].
    pub fn validate(&self) -> Result<()> {
        match (self.actor_kind, self.confidence) {
            (ActorKind::Router, Some(c)) if (0.0..=1.0).contains(&c) => Ok(()),
            (ActorKind::Router, Some(c)) => {
                Err(Error::invalid("confidence", format!("{c} is outside [0, 1]")))
            }
            (ActorKind::Router, None) => {
                Err(Error::invalid("confidence", "a router entry needs a confidence"))
            }
            (_, Some(_)) => {
                Err(Error::invalid("confidence", "only router entries carry a confidence"))
            }
            (_, None) => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(actor_kind: ActorKind, confidence: Option<f64>) -> AuditEntry {
        AuditEntry {
            id: AuditEntryId::new(),
            subject_kind: AuditSubject::Task,
            subject_id: "t".into(),
            field: "execution_role".into(),
            old_value: None,
            new_value: Some("test-writer".into()),
            actor_kind,
            actor_id: "local".into(),
            rationale: String::new(),
            confidence,
            created_at: Timestamp::now(),
        }
    }

    #[test]
    fn confidence_belongs_to_the_router_only() {
        assert!(entry(ActorKind::Router, Some(0.8)).validate().is_ok());
        assert!(entry(ActorKind::Router, Some(1.2)).validate().is_err());
        assert!(entry(ActorKind::Router, None).validate().is_err());
        assert!(entry(ActorKind::User, Some(0.5)).validate().is_err());
        assert!(entry(ActorKind::User, None).validate().is_ok());
    }
}
