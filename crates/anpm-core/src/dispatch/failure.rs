//! Why a dispatch attempt failed: the typed `error_kind` stored on the attempt and the task, the remediation
//! shown beside it, and the classification of a failed run — structured signals from the stream first, the
//! text rules only as a fallback.

use super::stream::StreamSignal;
pub use crate::domain::ErrorKind;

impl ErrorKind {
    /// What the operator can do about it, naming anpm's own settings.
    pub fn remediation(self) -> &'static str {
        match self {
            Self::DispatchTimeout => {
                "The agent ran past its role's wall-clock budget and its whole process group was stopped. Narrow the task, or raise the dispatch.timeout_seconds setting (Settings, or `anpm settings set`; whole seconds, 0 disables; ANPM_DISPATCH_TIMEOUT, when set for the process, wins), then requeue."
            }
            Self::OutputTooLarge => {
                "The agent printed more than the output cap (5 MiB by default). Narrow the task, or raise the dispatch.output_max_bytes setting (Settings, or `anpm settings set`; 0 disables; ANPM_DISPATCH_OUTPUT_MAX, when set for the process, wins), then requeue."
            }
            Self::InvalidResultSchema => {
                "The agent's final message was not the JSON object this role must return. Read the attempt log (anpm task log ID), check the role's output format in prompts/roles/, and requeue."
            }
            Self::RoleNotFound => {
                "The task's execution role is not in this version's catalog (anpm roles). Requeue it with a current role."
            }
            Self::RoleDispatchMalformed => "The task was queued without an execution role. Requeue it with a role from `anpm roles`.",
            Self::CliNotFound => {
                "No agent CLI was found. Open Settings → Agents in the window: it lists the agent CLIs on PATH and adds and tests one in a click (or install claude, codex, gemini or opencode, or add a profile with `anpm agent add`; a custom command works too), then requeue."
            }
            Self::SessionExpired => {
                "The agent CLI is not logged in or its credentials expired. Run it once interactively (claude, or codex login) to sign in, check it with `anpm agent test NAME`, then requeue."
            }
            Self::RateLimited => {
                "The agent hit a rate, usage or credit limit. anpm queues the task again for when the limit resets (the time the agent named, else a backoff) and holds other tasks for the same agent until then; cancel it to stop the wait (a requeue then tries at once)."
            }
            Self::ContextOverflow => {
                "The task did not fit the model's context window. Split the task or shorten its description, then requeue."
            }
            Self::ModelNotAvailable => {
                "The model named in the agent profile is unknown or at capacity. Fix it with `anpm agent edit NAME --model …` (or clear it), then requeue."
            }
            Self::BudgetExhausted => {
                "The agent used up its own turn or token budget before it finished (Claude's --max-turns, Codex's token budget). Narrow the task, or raise the limit in the agent profile's args (`anpm agent edit NAME --arg …`), then requeue."
            }
            Self::BudgetExceeded => {
                "The task's attempts together spent more than its budget, the setting budget.task_usd. Raise it (`anpm settings set budget.task_usd 10`, or 0 for no budget) or split the task, then requeue."
            }
            Self::PromptTooLarge => {
                "The prompt is too large to pass as one command-line argument. Use {prompt_file} instead of {prompt} in the custom profile's args, then requeue."
            }
            Self::Cancelled => "The run was cancelled. Requeue the task when you want it to run again.",
            Self::Interrupted => {
                "anpm stopped while this task was running; its agent processes were stopped. Requeue the task to run it again."
            }
            Self::RouterNoMatch => "The role router found no fitting role. Pick a role yourself from `anpm roles`.",
            Self::WorkspaceMissing => {
                "The project's repository folder is gone or is no longer a git work tree, so no agent was started. Restore the folder (or `git init` it again), or remove the project and add it from its new place with `anpm project add PATH`, then requeue."
            }
            Self::WorkspaceSetupFailed => {
                "The task's worktree could not be made ready, so no agent was started; the message names the step and the attempt log has the setup command's output. Fix the project's workspace settings (`anpm project edit ID --setup-command … --setup-copy …`, or the base branch with --base-branch) or the repository, then requeue. The worktree and its branch are kept."
            }
            Self::InternalError => {
                "anpm failed while running this task; its agent was stopped. Requeue it; if it fails the same way again, read anpm's log and the attempt log (anpm task log ID) and report it."
            }
            Self::Unknown => "Read the attempt log (anpm task log ID) for the agent's own message, fix the cause, then requeue.",
        }
    }
}

/// Classifies a failed run: structured stream signals first, then the text of its error messages.
pub fn classify(signals: &[StreamSignal], messages: &[&str]) -> ErrorKind {
    if let Some(signal) = signals.first() {
        return match signal {
            StreamSignal::Auth => ErrorKind::SessionExpired,
            StreamSignal::RateLimit => ErrorKind::RateLimited,
            StreamSignal::ContextOverflow => ErrorKind::ContextOverflow,
            StreamSignal::ModelUnavailable => ErrorKind::ModelNotAvailable,
            StreamSignal::BudgetExhausted => ErrorKind::BudgetExhausted,
        };
    }
    messages
        .iter()
        .map(|m| classify_text(m))
        .find(|k| *k != ErrorKind::Unknown)
        .unwrap_or(ErrorKind::Unknown)
}

/// The text rules for a run error.
pub fn classify_text(message: &str) -> ErrorKind {
    let m = message.to_lowercase();
    if m.contains("timed out") {
        ErrorKind::DispatchTimeout
    } else if (m.contains("session") && m.contains("expired"))
        || m.contains("not logged in")
        || m.contains("invalid api key")
    {
        ErrorKind::SessionExpired
    } else if m.contains("rate limit") || m.contains("usage limit") || m.contains("limit reached") {
        ErrorKind::RateLimited
    } else if m.contains("context") && m.contains("overflow") {
        ErrorKind::ContextOverflow
    } else if m.contains("budget exhausted") || m.contains("maximum number of turns") {
        ErrorKind::BudgetExhausted
    } else {
        ErrorKind::Unknown
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_rules() {
        assert_eq!(classify_text("claude CLI timed out after 5s"), ErrorKind::DispatchTimeout);
        assert_eq!(classify_text("codex CLI timed out after 5s"), ErrorKind::DispatchTimeout);
        assert_eq!(classify_text("your session has expired, log in"), ErrorKind::SessionExpired);
        assert_eq!(classify_text("rate limit exceeded"), ErrorKind::RateLimited);
        assert_eq!(
            classify_text("context window overflow: 210k tokens"),
            ErrorKind::ContextOverflow
        );
        assert_eq!(classify_text("segmentation fault"), ErrorKind::Unknown);
        assert_eq!(classify_text("Weekly limit reached ∙ resets 5am"), ErrorKind::RateLimited);
    }

    #[test]
    fn structured_signals_win_over_text() {
        assert_eq!(
            classify(&[StreamSignal::Auth], &["rate limit exceeded"]),
            ErrorKind::SessionExpired
        );
        assert_eq!(classify(&[], &["nothing", "rate limit exceeded"]), ErrorKind::RateLimited);
    }

    #[test]
    fn every_kind_has_a_remediation_and_round_trips() {
        for &kind in ErrorKind::ALL {
            assert!(kind.remediation().len() > 20, "{kind:?}");
            assert_eq!(kind.as_str().parse::<ErrorKind>().ok(), Some(kind));
        }
        for (kind, setting) in [
            (ErrorKind::DispatchTimeout, "dispatch.timeout_seconds"),
            (ErrorKind::OutputTooLarge, "dispatch.output_max_bytes"),
        ] {
            assert!(kind.remediation().contains(setting), "names our setting: {kind:?}");
        }
    }
}
