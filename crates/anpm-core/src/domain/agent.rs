//! Agent profiles: which agent CLI runs dispatched tasks, and how it is invoked.

use serde::Serialize;
use ts_rs::TS;

use super::macros::{id_type, string_enum};
use super::Timestamp;

id_type!(
    /// Identifies an [`AgentProfile`].
    AgentProfileId,
    "agent profile"
);

string_enum! {
    /// The family of agent CLI a profile runs.
    AgentKind as "agent kind" {
        Claude = "claude",
        Codex = "codex",
        /// Any command, with `{prompt_file}`, `{prompt}` and `{workdir}` placeholders in its args.
        Custom = "custom",
    }
}

string_enum! {
    /// How the CLI's output is parsed.
    OutputFormat as "output format" {
        ClaudeStreamJson = "claude-stream-json",
        CodexJson = "codex-json",
        Text = "text",
    }
}

/// A stored agent profile.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct AgentProfile {
    pub id: AgentProfileId,
    pub name: String,
    pub kind: AgentKind,
    /// An absolute path, or a name looked up on PATH.
    pub command: String,
    pub args: Vec<String>,
    pub output_format: OutputFormat,
    pub model: String,
    pub is_default: bool,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}
