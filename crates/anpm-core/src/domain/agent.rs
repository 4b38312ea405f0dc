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
        Gemini = "gemini",
        OpenCode = "opencode",
        /// Any command, with `{prompt_file}`, `{prompt}` and `{workdir}` placeholders in its args.
        Custom = "custom",
    }
}

impl AgentKind {
    /// The CLI's name on PATH; a custom profile names its own command.
    pub fn default_command(self) -> Option<&'static str> {
        match self {
            AgentKind::Claude => Some("claude"),
            AgentKind::Codex => Some("codex"),
            AgentKind::Gemini => Some("gemini"),
            AgentKind::OpenCode => Some("opencode"),
            AgentKind::Custom => None,
        }
    }

    /// How this kind's output is parsed unless the profile says otherwise.
    pub fn default_format(self) -> OutputFormat {
        match self {
            AgentKind::Claude => OutputFormat::ClaudeStreamJson,
            AgentKind::Codex => OutputFormat::CodexJson,
            AgentKind::Gemini => OutputFormat::GeminiStreamJson,
            AgentKind::OpenCode => OutputFormat::OpenCodeJson,
            AgentKind::Custom => OutputFormat::Text,
        }
    }
}

string_enum! {
    /// How the CLI's output is parsed.
    OutputFormat as "output format" {
        ClaudeStreamJson = "claude-stream-json",
        CodexJson = "codex-json",
        GeminiStreamJson = "gemini-stream-json",
        OpenCodeJson = "opencode-json",
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
    /// What the agent may do in its workspace: edit files, or also run commands.
    pub permissions: super::Permissions,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

/// An agent profile waiting out a usage limit: no task starts on it before `held_until`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct AgentHold {
    pub agent_profile_id: AgentProfileId,
    pub held_until: Timestamp,
    /// Limit hits in a row without a reset time the agent named (the backoff's exponent).
    pub strikes: i64,
    /// What the agent said, or why the backoff was chosen.
    pub reason: String,
}
