//! The verdict on one agent run: success, or a typed failure with a message. It combines how the process
//! ended (timeout, cancel, exit code), what its stream said (the terminal event), and whether the output
//! was truncated, in a fixed precedence: a run error (timeout, cancel, failure) wins over truncation, and
//! `output_too_large` is reported only when the agent finished cleanly with output past the cap.

use super::agents;
use super::failure::{classify, ErrorKind};
use super::pty::Stop;
use super::stream::{StreamReport, Terminal};
use crate::domain::OutputFormat;

/// Last lines of a plain-text agent's output read for the cause of a failed exit.
const TEXT_TAIL_LINES: usize = 5;

/// How a run ended, from the dispatcher's point of view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// The agent finished its work; its final message is in the report.
    Finished,
    Failed {
        kind: ErrorKind,
        message: String,
    },
}

/// Judges a run.
pub fn judge(
    format: OutputFormat,
    report: &StreamReport,
    stop: Stop,
    exit_code: Option<i32>,
    timeout_secs: Option<u64>,
    truncated: bool,
) -> Verdict {
    let failed = |kind: ErrorKind, message: String| Verdict::Failed { kind, message };
    match stop {
        Stop::TimedOut => {
            let budget = timeout_secs.map(|s| format!(" after {s} s")).unwrap_or_default();
            return failed(
                ErrorKind::DispatchTimeout,
                format!("the agent timed out{budget} and was stopped"),
            );
        }
        Stop::Cancelled => {
            return failed(ErrorKind::Cancelled, "the run was cancelled by the operator".into())
        }
        Stop::Exited => {}
    }
    if let Some(Terminal::Failure(reason)) = &report.terminal {
        let messages: Vec<&str> = std::iter::once(reason.as_str())
            .chain(report.errors.iter().map(String::as_str))
            .collect();
        return failed(classify(&report.signals, &messages), reason.clone());
    }
    // Each CLI's own rule: which event ends a run, and how far its exit code counts.
    let Some(success) = agents::reader(format).succeeded(report, exit_code) else {
        let mut message = "the agent's output ended without a final result event".to_owned();
        if let Some(last) = report.errors.last() {
            message.push_str(&format!(" (last error: {last})"));
        }
        let messages: Vec<&str> = report.errors.iter().map(String::as_str).collect();
        return failed(classify(&report.signals, &messages), message);
    };
    if !success {
        let code = exit_code.map(|c| c.to_string()).unwrap_or_else(|| "none".into());
        let mut message = format!("the agent exited with code {code}");
        let mut messages: Vec<&str> = report.errors.iter().map(String::as_str).collect();
        // A plain-text agent reports its trouble in its last lines (stderr shares the terminal).
        if format == OutputFormat::Text {
            if let Some(text) = &report.final_text {
                messages.extend(
                    text.lines()
                        .rev()
                        .map(str::trim)
                        .filter(|l| !l.is_empty())
                        .take(TEXT_TAIL_LINES),
                );
            }
        }
        if let Some(last) = messages.first() {
            message.push_str(&format!(": {last}"));
        }
        return failed(classify(&report.signals, &messages), message);
    }
    if truncated {
        return failed(
            ErrorKind::OutputTooLarge,
            "the agent's output exceeded the dispatch output cap".into(),
        );
    }
    Verdict::Finished
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(terminal: Option<Terminal>) -> StreamReport {
        StreamReport { terminal, ..Default::default() }
    }

    #[test]
    fn precedence_timeout_over_truncation_and_truncation_only_on_clean_exit() {
        let ok = report(Some(Terminal::Success));
        let v = judge(OutputFormat::ClaudeStreamJson, &ok, Stop::TimedOut, None, Some(5), true);
        assert!(matches!(v, Verdict::Failed { kind: ErrorKind::DispatchTimeout, .. }), "{v:?}");
        let v = judge(OutputFormat::ClaudeStreamJson, &ok, Stop::Exited, Some(0), None, true);
        assert!(matches!(v, Verdict::Failed { kind: ErrorKind::OutputTooLarge, .. }), "{v:?}");
        let v = judge(OutputFormat::Text, &report(None), Stop::Exited, Some(2), None, true);
        assert!(
            matches!(v, Verdict::Failed { kind: ErrorKind::Unknown, .. }),
            "non-zero exit wins: {v:?}"
        );
        assert_eq!(
            judge(OutputFormat::Text, &report(None), Stop::Exited, Some(0), None, false),
            Verdict::Finished
        );
    }

    #[test]
    fn a_text_agent_failing_exit_is_classified_by_its_last_lines() {
        let said =
            |text: &str| StreamReport { final_text: Some(text.into()), ..Default::default() };
        let v = judge(
            OutputFormat::Text,
            &said("working\nError: usage limit reached for this plan\n\n"),
            Stop::Exited,
            Some(1),
            None,
            false,
        );
        assert_eq!(
            v,
            Verdict::Failed {
                kind: ErrorKind::RateLimited,
                message: "the agent exited with code 1: Error: usage limit reached for this plan"
                    .into()
            }
        );
        let v = judge(OutputFormat::Text, &said("segfault"), Stop::Exited, Some(139), None, false);
        assert!(matches!(v, Verdict::Failed { kind: ErrorKind::Unknown, .. }), "{v:?}");
    }

    #[test]
    fn codex_completed_turn_wins_over_a_non_zero_exit_but_claude_does_not() {
        let ok = report(Some(Terminal::Success));
        assert_eq!(
            judge(OutputFormat::CodexJson, &ok, Stop::Exited, Some(1), None, false),
            Verdict::Finished
        );
        assert!(matches!(
            judge(OutputFormat::ClaudeStreamJson, &ok, Stop::Exited, Some(1), None, false),
            Verdict::Failed { .. }
        ));
        let none = report(None);
        assert!(matches!(
            judge(OutputFormat::CodexJson, &none, Stop::Exited, Some(0), None, false),
            Verdict::Failed { .. }
        ));
        let cancelled = judge(OutputFormat::CodexJson, &ok, Stop::Cancelled, None, None, false);
        assert!(matches!(cancelled, Verdict::Failed { kind: ErrorKind::Cancelled, .. }));
    }
}
