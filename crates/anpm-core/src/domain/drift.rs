//! Documentation drift: a signal that a document may no longer match the code (the code it covers changed,
//! or it has not been touched for too long), with its severity, confidence and triage status. The formulas
//! that raise signals live in `knowledge::drift`; the moves between statuses are decided here.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::macros::{id_type, string_enum};
use super::{DocumentId, ProjectId, SyncRunId, Timestamp};
use crate::{Error, Result};

id_type!(
    /// Identifies a [`DriftSignal`].
    DriftSignalId,
    "drift signal"
);

string_enum! {
    /// What raised a signal.
    TriggerType as "trigger_type" {
        /// Code the document covers (or the document itself) changed in a scanned commit.
        CodeChange = "code_change",
        /// The document has not been updated for longer than the staleness threshold.
        TimeDecay = "time_decay",
        /// The operator raised it.
        Manual = "manual",
    }
}

string_enum! {
    /// Where a signal is in triage.
    DriftStatus as "drift status" {
        Open = "open",
        Resolved = "resolved",
        Dismissed = "dismissed",
    }
}

string_enum! {
    /// How sure a signal is that the document is affected.
    Confidence as "confidence" {
        High = "high",
        Medium = "medium",
        Low = "low",
    }
}

string_enum! {
    /// How git saw a file change.
    ChangeType as "change_type" {
        Added = "A",
        Modified = "M",
        Deleted = "D",
        Renamed = "R",
    }
}

string_enum! {
    /// The order of a signal listing.
    DriftSort as "sort" {
        /// Most severe first, then newest.
        Severity = "severity",
        /// Newest first.
        Time = "time",
    }
}

/// A severity from 1 (low) to 3 (high).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS)]
#[serde(transparent)]
pub struct Severity(u8);

impl Severity {
    pub const LOW: Self = Self(1);
    pub const MEDIUM: Self = Self(2);
    pub const HIGH: Self = Self(3);

    /// Accepts 1–3 or low / medium / high.
    pub fn parse(raw: &str) -> Result<Self> {
        match raw.trim().to_lowercase().as_str() {
            "1" | "low" => Ok(Self::LOW),
            "2" | "medium" => Ok(Self::MEDIUM),
            "3" | "high" => Ok(Self::HIGH),
            other => Err(Error::invalid(
                "severity",
                format!("unknown value `{other}`; expected 1, 2 or 3 (low, medium, high)"),
            )),
        }
    }

    pub fn from_level(level: u8) -> Option<Self> {
        (1..=3).contains(&level).then_some(Self(level))
    }

    pub fn level(self) -> u8 {
        self.0
    }

    /// `low`, `medium` or `high`.
    pub fn name(self) -> &'static str {
        match self.0 {
            1 => "low",
            2 => "medium",
            _ => "high",
        }
    }
}

/// One changed file behind a `code_change` signal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ChangedFile {
    pub path: String,
    pub change_type: ChangeType,
}

/// What raised a signal, in detail.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
pub struct TriggerMeta {
    #[serde(default)]
    pub changed_files: Vec<ChangedFile>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub days_stale: Option<i64>,
}

/// A stored drift signal.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct DriftSignal {
    pub id: DriftSignalId,
    pub project_id: ProjectId,
    pub document_id: DocumentId,
    /// The document's title and path when read (for lists; not stored with the signal).
    pub document_title: String,
    pub document_path: String,
    pub trigger_type: TriggerType,
    pub trigger_detail: String,
    pub trigger_meta: TriggerMeta,
    pub severity: Severity,
    pub confidence: Confidence,
    pub sync_run_id: Option<SyncRunId>,
    pub status: DriftStatus,
    pub resolved_by: String,
    pub resolved_at: Option<Timestamp>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

impl DriftSignal {
    /// The signal moved to `to` by `actor` at `now`. Resolving or dismissing stamps who and when; reopening
    /// clears both. Setting the current status again is refused, so a repeated command says what happened.
    pub fn moved(&self, to: DriftStatus, actor: &str, now: Timestamp) -> Result<Self> {
        if self.status == to {
            return Err(Error::Transition {
                entity: "drift signal",
                from: self.status.to_string(),
                to: to.to_string(),
                reason: format!("the signal is already {to}"),
            });
        }
        let mut next = self.clone();
        next.status = to;
        next.updated_at = now;
        match to {
            DriftStatus::Open => {
                next.resolved_by.clear();
                next.resolved_at = None;
            }
            DriftStatus::Resolved | DriftStatus::Dismissed => {
                next.resolved_by = actor.to_owned();
                next.resolved_at = Some(now);
            }
        }
        Ok(next)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn signal(status: DriftStatus) -> DriftSignal {
        let now = Timestamp::now();
        DriftSignal {
            id: DriftSignalId::new(),
            project_id: ProjectId::new(),
            document_id: DocumentId::new(),
            document_title: "README".into(),
            document_path: "README.md".into(),
            trigger_type: TriggerType::Manual,
            trigger_detail: String::new(),
            trigger_meta: TriggerMeta::default(),
            severity: Severity::LOW,
            confidence: Confidence::Medium,
            sync_run_id: None,
            status,
            resolved_by: String::new(),
            resolved_at: None,
            created_at: now,
            updated_at: now,
        }
    }

    #[test]
    fn resolving_stamps_and_reopening_clears() {
        let now = Timestamp::now();
        let resolved = signal(DriftStatus::Open).moved(DriftStatus::Resolved, "local", now).expect("ok");
        assert_eq!((resolved.resolved_by.as_str(), resolved.resolved_at), ("local", Some(now)));
        let reopened = resolved.moved(DriftStatus::Open, "local", now).expect("ok");
        assert_eq!((reopened.resolved_by.as_str(), reopened.resolved_at), ("", None));
        let err = reopened.moved(DriftStatus::Open, "local", now).expect_err("same status");
        assert_eq!(err.code(), crate::ErrorCode::InvalidTransition);
    }

    #[test]
    fn severity_reads_numbers_and_names() {
        assert_eq!(Severity::parse("3").expect("3"), Severity::HIGH);
        assert_eq!(Severity::parse("Medium").expect("medium"), Severity::MEDIUM);
        assert!(Severity::parse("4").is_err());
        assert_eq!(Severity::from_level(0), None);
    }
}
