//! Validated input for agent profiles.

use super::agent::{AgentKind, AgentProfile, AgentProfileId, OutputFormat};
use super::text::required_text;
use super::Timestamp;
use crate::{Error, Result};

/// A new agent profile, validated.
#[derive(Debug, Clone, PartialEq)]
pub struct NewAgentProfile {
    pub name: String,
    pub kind: AgentKind,
    pub command: String,
    pub args: Vec<String>,
    pub output_format: OutputFormat,
    pub model: String,
    pub is_default: bool,
    pub permissions: super::Permissions,
}

impl NewAgentProfile {
    /// Validates raw input. The command defaults to the kind's CLI name (`claude`, `codex`, `gemini`,
    /// `opencode`); a custom
    /// profile must name its command and use `{prompt_file}` or `{prompt}` somewhere in its args unless its
    /// command reads the prompt from standard input. The output format defaults by kind.
    pub fn new(
        name: &str,
        kind: AgentKind,
        command: Option<&str>,
        args: Vec<String>,
        output_format: Option<OutputFormat>,
        model: Option<&str>,
        is_default: bool,
    ) -> Result<Self> {
        let name = required_text("name", name, 64)?;
        if !name.chars().all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c)) {
            return Err(Error::invalid(
                "name",
                format!("`{name}` may use letters, digits, `-`, `_` and `.` only"),
            ));
        }
        let command = match (command.map(str::trim).filter(|c| !c.is_empty()), kind.default_command()) {
            (Some(c), _) => c.to_owned(),
            (None, Some(c)) => c.to_owned(),
            (None, None) => {
                return Err(Error::invalid(
                    "command",
                    "a custom profile needs --command (a path or a name on PATH)",
                ))
            }
        };
        let output_format = output_format.unwrap_or(kind.default_format());
        Ok(Self {
            name,
            kind,
            command,
            args,
            output_format,
            model: model.unwrap_or_default().trim().to_owned(),
            is_default,
            permissions: super::Permissions::Edit,
        })
    }

    /// The stored profile at `now`.
    pub fn into_profile(self, now: Timestamp) -> AgentProfile {
        AgentProfile {
            id: AgentProfileId::new(),
            name: self.name,
            kind: self.kind,
            command: self.command,
            args: self.args,
            output_format: self.output_format,
            model: self.model,
            is_default: self.is_default,
            permissions: self.permissions,
            created_at: now,
            updated_at: now,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_by_kind_and_validation() {
        let claude =
            NewAgentProfile::new("main", AgentKind::Claude, None, vec![], None, Some("opus"), true)
                .expect("valid");
        assert_eq!(
            (claude.command.as_str(), claude.output_format),
            ("claude", OutputFormat::ClaudeStreamJson)
        );
        let codex = NewAgentProfile::new("cx", AgentKind::Codex, None, vec![], None, None, false)
            .expect("valid");
        assert_eq!(codex.output_format, OutputFormat::CodexJson);
        assert!(
            NewAgentProfile::new("x", AgentKind::Custom, None, vec![], None, None, false).is_err()
        );
        assert!(NewAgentProfile::new(
            "bad name",
            AgentKind::Claude,
            None,
            vec![],
            None,
            None,
            false
        )
        .is_err());
        assert!(
            NewAgentProfile::new(" ", AgentKind::Claude, None, vec![], None, None, false).is_err()
        );
    }
}
