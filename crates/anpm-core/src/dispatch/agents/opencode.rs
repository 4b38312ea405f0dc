//! OpenCode (`opencode-ai`, checked against 1.18): `opencode run --format json [-m provider/model]
//! [--session <id>] <profile args>` with the prompt on stdin (read to its end; a prompt given as an
//! argument would reach the model wrapped in quotes). OpenCode lets its agent edit and run commands by
//! default; anpm allows edits only, denying the shell through `OPENCODE_PERMISSION`.
//!
//! Its stream: `step_start`, whole `text` parts, finished `tool_use` parts, `step_finish` per model call
//! (tokens and cost, summed over the run) and `error`, every line carrying the session id. This version
//! has no end event: a run succeeded when its last step finished with `reason: "stop"` and it exited 0;
//! an `error` event (exit 1) is a failure. It never names the model.

use serde_json::Value;

use super::{model, AgentCli, Invocation, Launch};
use crate::dispatch::failure::ErrorKind;
use crate::domain::Permissions;
use crate::dispatch::stream::{
    push_signal, str_at, ParseState, Step, StreamReport, StreamSignal, Terminal,
};

/// Lines of a stream-less failure read for its message.
const TEXT_TAIL_LINES: usize = 3;
/// The permission rules of an edit-only run (merged into OpenCode's own config).
const EDIT_ONLY: &str = r#"{"bash":"deny"}"#;
/// The `full` permission level: edits and commands without asking.
const FULL: &str = r#"{"edit":"allow","bash":"allow"}"#;

/// The OpenCode CLI.
#[derive(Debug, Clone, Copy)]
pub struct OpenCode;

impl AgentCli for OpenCode {
    fn launch(&self, run: &Invocation<'_>) -> Result<Launch, (ErrorKind, String)> {
        let mut args: Vec<String> = ["run", "--format", "json"].map(String::from).to_vec();
        if let Some(model) = model(run.profile) {
            args.extend(["-m".into(), model.into()]);
        }
        if let Some(session) = run.resume {
            args.extend(["--session".into(), session.into()]);
        }
        args.extend(run.profile.args.iter().cloned());
        Ok(Launch {
            args,
            stdin: Some(run.prompt_file.to_path_buf()),
            env: vec![(
                "OPENCODE_PERMISSION".into(),
                match run.profile.permissions {
                    Permissions::Edit => EDIT_ONLY,
                    Permissions::Full => FULL,
                }
                .into(),
            )],
        })
    }

    fn event(&self, state: &mut ParseState, e: &Value) -> Option<Step> {
        if state.report.session_id.is_none() {
            state.report.session_id = str_at(e, "/sessionID").map(str::to_owned);
        }
        match str_at(e, "/type")? {
            "step_start" => (state.report.turns.is_none() && state.last_text.is_none())
                .then(|| Step("agent started".into())),
            "text" => {
                state.push_text(str_at(e, "/part/text").unwrap_or_default());
                None
            }
            "tool_use" => {
                state.new_message = true;
                if str_at(e, "/part/state/status") == Some("error") {
                    let message = str_at(e, "/part/state/error").unwrap_or("a tool call failed");
                    state.report.errors.push(message.to_owned());
                }
                Some(Step(format!("tool: {}", str_at(e, "/part/tool").unwrap_or("?"))))
            }
            "step_finish" => {
                let r = &mut state.report;
                let part = e.get("part")?;
                let tokens = |pointer: &str| part.pointer(pointer).and_then(Value::as_i64);
                if let Some(input) = tokens("/tokens/input") {
                    let cached = tokens("/tokens/cache/read").unwrap_or(0);
                    r.input_tokens = Some(r.input_tokens.unwrap_or(0) + input + cached);
                }
                if let Some(output) = tokens("/tokens/output") {
                    r.output_tokens = Some(r.output_tokens.unwrap_or(0) + output);
                }
                if let Some(cost) = part.get("cost").and_then(Value::as_f64) {
                    r.cost_usd = Some(r.cost_usd.unwrap_or(0.0) + cost);
                }
                r.turns = Some(r.turns.unwrap_or(0) + 1);
                let stopped = str_at(part, "/reason") == Some("stop");
                if stopped && !matches!(r.terminal, Some(Terminal::Failure(_))) {
                    r.terminal = Some(Terminal::Success);
                }
                stopped.then(|| Step("finished".into()))
            }
            "error" => {
                let r = &mut state.report;
                let message = str_at(e, "/error/data/message")
                    .or_else(|| str_at(e, "/error/name"))
                    .unwrap_or("the agent reported an error")
                    .to_owned();
                match e.pointer("/error/data/statusCode").and_then(Value::as_i64) {
                    Some(401 | 403) => push_signal(r, StreamSignal::Auth),
                    Some(429) => push_signal(r, StreamSignal::RateLimit),
                    Some(404) => push_signal(r, StreamSignal::ModelUnavailable),
                    _ => classify(r, &message),
                }
                r.errors.push(message.clone());
                r.terminal = Some(Terminal::Failure(message));
                Some(Step("failed".into()))
            }
            _ => None,
        }
    }

    fn finish(&self, state: &mut ParseState, captured: &[u8]) {
        state.finish_with_text_tail(captured, TEXT_TAIL_LINES, classify);
    }

    fn succeeded(&self, report: &StreamReport, exit_code: Option<i32>) -> Option<bool> {
        match report.terminal {
            Some(Terminal::Success) => Some(exit_code == Some(0)),
            _ => None,
        }
    }
}

/// Structured hints from OpenCode's error text.
fn classify(r: &mut StreamReport, message: &str) {
    let m = message.to_lowercase();
    if m.contains("rate limit") || m.contains("quota") {
        push_signal(r, StreamSignal::RateLimit);
    } else if m.contains("api key") || m.contains("unauthorized") {
        push_signal(r, StreamSignal::Auth);
    } else if m.contains("model not found") {
        push_signal(r, StreamSignal::ModelUnavailable);
    } else if m.contains("context length") || m.contains("context window") {
        push_signal(r, StreamSignal::ContextOverflow);
    }
}
