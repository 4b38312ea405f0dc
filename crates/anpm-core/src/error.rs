//! The core's error type: one variant per situation a caller branches on, each mapped to a stable
//! [`ErrorCode`] that the CLI (`--json`) and the desktop shell (`IpcError`) expose verbatim. Nobody outside
//! this crate should ever need to look at a message string to decide what happened.

use serde::Serialize;
use ts_rs::TS;

/// Result alias used throughout the core.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Stable, machine-readable error codes. Their snake_case spelling is part of the public contract of the
/// CLI and the IPC layer; add new codes, never rename old ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// An id that names nothing.
    NotFound,
    /// Input that does not parse or validate (empty title, unknown enum value, bad id…).
    InvalidInput,
    /// The operation is not allowed from the entity's current state.
    InvalidTransition,
    /// The operation would break a uniqueness or ownership rule (duplicate project, lineage exists…).
    Conflict,
    /// A path that exists but is not inside a git work tree.
    NotAGitRepo,
    /// A path that does not exist.
    PathNotFound,
    /// The database could not be read or written.
    Storage,
    /// A file-system or process operation failed.
    Io,
    /// The command line itself was malformed.
    Usage,
    /// A merge would overwrite uncommitted changes in the operator's checkout; the files are named.
    WorkingTreeDirty,
}

impl ErrorCode {
    /// The stable string form, as serialized.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::NotFound => "not_found",
            Self::InvalidInput => "invalid_input",
            Self::InvalidTransition => "invalid_transition",
            Self::Conflict => "conflict",
            Self::NotAGitRepo => "not_a_git_repo",
            Self::PathNotFound => "path_not_found",
            Self::Storage => "storage",
            Self::Io => "io",
            Self::Usage => "usage",
            Self::WorkingTreeDirty => "working_tree_dirty",
        }
    }
}

/// Everything that can go wrong in the core.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{entity} `{id}` was not found")]
    NotFound { entity: &'static str, id: String },

    #[error("invalid {field}: {reason}")]
    Invalid { field: &'static str, reason: String },

    #[error("{entity} cannot go from `{from}` to `{to}`: {reason}")]
    Transition { entity: &'static str, from: String, to: String, reason: String },

    #[error("{0}")]
    Conflict(String),

    #[error("`{path}` is not inside a git work tree")]
    NotAGitRepo { path: String },

    #[error("`{path}` does not exist")]
    PathNotFound { path: String },

    #[error("database error: {0}")]
    Storage(String),

    #[error("{context}: {source}")]
    Io { context: String, source: std::io::Error },

    #[error("{checkout} has uncommitted changes to {} that the merge would touch: {}; commit or stash them, then merge again", plural(.files.len()), .files.join(", "))]
    WorkingTreeDirty { checkout: String, files: Vec<String> },
}

fn plural(n: usize) -> String {
    if n == 1 {
        "a file".into()
    } else {
        format!("{n} files")
    }
}

impl Error {
    /// The stable code for this error.
    pub fn code(&self) -> ErrorCode {
        match self {
            Self::NotFound { .. } => ErrorCode::NotFound,
            Self::Invalid { .. } => ErrorCode::InvalidInput,
            Self::Transition { .. } => ErrorCode::InvalidTransition,
            Self::Conflict(_) => ErrorCode::Conflict,
            Self::NotAGitRepo { .. } => ErrorCode::NotAGitRepo,
            Self::PathNotFound { .. } => ErrorCode::PathNotFound,
            Self::Storage(_) => ErrorCode::Storage,
            Self::Io { .. } => ErrorCode::Io,
            Self::WorkingTreeDirty { .. } => ErrorCode::WorkingTreeDirty,
        }
    }

    pub(crate) fn not_found(entity: &'static str, id: impl std::fmt::Display) -> Self {
        Self::NotFound { entity, id: id.to_string() }
    }

    pub(crate) fn invalid(field: &'static str, reason: impl Into<String>) -> Self {
        Self::Invalid { field, reason: reason.into() }
    }

    pub(crate) fn io(context: impl Into<String>, source: std::io::Error) -> Self {
        Self::Io { context: context.into(), source }
    }
}
