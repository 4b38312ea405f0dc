//! Conversions between domain values and SQLite columns. Ids, enumerations and timestamps are stored as
//! their text forms; JSON columns as text.

use std::str::FromStr;

use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, ValueRef};
use rusqlite::Row;

use crate::domain::*;

macro_rules! text_column {
    ($($ty:ty),+ $(,)?) => {$(
        impl ToSql for $ty {
            fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
                Ok(ToSqlOutput::from(self.to_string()))
            }
        }

        impl FromSql for $ty {
            fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
                let text = value.as_str()?;
                <$ty>::from_str(text).map_err(|e| FromSqlError::Other(Box::new(e)))
            }
        }
    )+};
}

text_column!(
    ProjectId,
    RequirementId,
    PlanningRunId,
    ContextSnapshotId,
    BacklogCandidateId,
    BacklogItemId,
    TaskId,
    TaskLineageId,
    AuditEntryId,
    DispatchAttemptId,
    AgentProfileId,
    Timestamp,
    RequirementStatus,
    PlanningRunStatus,
    PlanningTemplate,
    CandidateStatus,
    BacklogItemStatus,
    BacklogItemSource,
    Priority,
    TaskStatus,
    DispatchStatus,
    LineageKind,
    AuditSubject,
    ActorKind,
    AttemptOutcome,
    AgentKind,
    OutputFormat,
    ErrorKind,
    FailureKind,
    WorkspaceMode,
    Permissions,
    ReviewStatus,
    Stage,
    DocumentId,
    DocumentLinkId,
    DocType,
    DocumentSource,
    LinkType,
    LinkOrigin,
    DriftSignalId,
    TriggerType,
    DriftStatus,
    Confidence,
    SyncRunId,
    SyncStatus,
    SyncTrigger,
    NotificationId,
    NotificationKind,
    NotificationLevel,
);

/// A JSON value stored as text.
pub(super) fn json_text(value: &serde_json::Value) -> String {
    value.to_string()
}

/// Reads a JSON text column.
pub(super) fn json_column(row: &Row<'_>, column: &str) -> rusqlite::Result<serde_json::Value> {
    let text: String = row.get(column)?;
    serde_json::from_str(&text).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e))
    })
}

/// Reads a nullable JSON text column.
pub(super) fn json_column_opt(
    row: &Row<'_>,
    column: &str,
) -> rusqlite::Result<Option<serde_json::Value>> {
    let text: Option<String> = row.get(column)?;
    text.map(|t| {
        serde_json::from_str(&t).map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e))
        })
    })
    .transpose()
}

/// Reads a JSON array of strings.
pub(super) fn string_list(row: &Row<'_>, column: &str) -> rusqlite::Result<Vec<String>> {
    let text: String = row.get(column)?;
    serde_json::from_str(&text).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e))
    })
}

/// Writes a list of strings as a JSON array.
pub(super) fn string_list_text(items: &[String]) -> String {
    serde_json::to_string(items).expect("invariant: a list of strings always serializes")
}

/// Escapes `%`, `_` and `\` for a `LIKE … ESCAPE '\'` pattern and wraps it for a substring match.
pub(super) fn like_contains(needle: &str) -> String {
    let mut escaped = String::with_capacity(needle.len() + 2);
    escaped.push('%');
    for c in needle.chars() {
        if matches!(c, '%' | '_' | '\\') {
            escaped.push('\\');
        }
        escaped.push(c);
    }
    escaped.push('%');
    escaped
}
