//! Key/value settings and the persisted latest activity snapshot of each runner.

use serde::Serialize;
use ts_rs::TS;

use super::Timestamp;

/// One setting.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Setting {
    pub key: String,
    pub value: String,
    pub updated_at: Timestamp,
}

/// The last activity a runner reported, restored on start.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct ActivitySnapshot {
    pub runner_id: String,
    #[ts(type = "unknown")]
    pub snapshot: serde_json::Value,
    pub updated_at: Timestamp,
}
