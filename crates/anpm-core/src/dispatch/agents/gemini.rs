//! Gemini CLI (`@google/gemini-cli`, checked against 0.61): `gemini -o stream-json --approval-mode
//! auto_edit --skip-trust [-m M] [--resume <session>] <profile args>` with the prompt on stdin, which makes
//! it run headless (stdin is a file, not the terminal). `auto_edit` offers it the file-editing tools and
//! no shell; `--skip-trust` keeps it from refusing a folder it has not seen (exit 55, no stream).
//!
//! Its stream: `init` (session id, model), `message` (the assistant's text arrives as deltas), `tool_use`
//! and `tool_result`, non-terminal `error` events, and `result` last, whose `status` decides: its exit
//! code is no guide (an API error exits with the HTTP status mod 256, an empty reply exits 0 with
//! `status:"error"`). It reports tokens but no cost. Failures before the stream starts (no API key: exit
//! 41) print only text, which is read for the error message.

use serde_json::Value;

use super::{model, AgentCli, Invocation, Launch};
use crate::dispatch::failure::ErrorKind;
use crate::domain::Permissions;
use crate::dispatch::stream::{
    push_signal, str_at, ParseState, Step, StreamReport, StreamSignal, Terminal,
};

/// Lines of a stream-less failure read for its message.
const TEXT_TAIL_LINES: usize = 3;

/// The Gemini CLI.
#[derive(Debug, Clone, Copy)]
pub struct Gemini;

impl AgentCli for Gemini {
    fn launch(&self, run: &Invocation<'_>) -> Result<Launch, (ErrorKind, String)> {
        let approval = match run.profile.permissions {
            Permissions::Edit => "auto_edit",
            Permissions::Full => "yolo",
        };
        let mut args: Vec<String> = ["-o", "stream-json", "--approval-mode", approval, "--skip-trust"]
            .map(String::from)
            .to_vec();
        if let Some(model) = model(run.profile) {
            args.extend(["-m".into(), model.into()]);
        }
        if let Some(session) = run.resume {
            args.extend(["--resume".into(), session.into()]);
        }
        args.extend(run.profile.args.iter().cloned());
        Ok(Launch { args, stdin: Some(run.prompt_file.to_path_buf()), env: vec![] })
    }

    fn event(&self, state: &mut ParseState, e: &Value) -> Option<Step> {
        match str_at(e, "/type")? {
            "init" => {
                let r = &mut state.report;
                r.session_id = str_at(e, "/session_id").map(str::to_owned);
                r.model = str_at(e, "/model").filter(|m| *m != "auto").map(str::to_owned);
                Some(Step("agent started".into()))
            }
            "message" if str_at(e, "/role") == Some("assistant") => {
                state.push_text(str_at(e, "/content").unwrap_or_default());
                None
            }
            "tool_use" => {
                state.new_message = true;
                Some(Step(format!("tool: {}", str_at(e, "/tool_name").unwrap_or("?"))))
            }
            "tool_result" => {
                state.new_message = true;
                if str_at(e, "/status") == Some("error") {
                    let message = str_at(e, "/error/message")
                        .or_else(|| str_at(e, "/output"))
                        .unwrap_or("a tool call failed");
                    state.report.errors.push(message.to_owned());
                }
                None
            }
            "error" => {
                if let Some(message) = str_at(e, "/message") {
                    classify(&mut state.report, message);
                    state.report.errors.push(message.to_owned());
                }
                None
            }
            "result" => {
                let r = &mut state.report;
                if let Some(stats) = e.get("stats") {
                    r.input_tokens = stats.get("input_tokens").and_then(Value::as_i64);
                    r.output_tokens = stats.get("output_tokens").and_then(Value::as_i64);
                }
                if str_at(e, "/status") == Some("success") {
                    r.terminal = Some(Terminal::Success);
                    return Some(Step("finished".into()));
                }
                let why = str_at(e, "/error/message")
                    .map(str::to_owned)
                    .or_else(|| r.errors.last().cloned())
                    .unwrap_or_else(|| "the agent reported an error".into());
                classify(r, &why);
                r.terminal = Some(Terminal::Failure(why));
                Some(Step("failed".into()))
            }
            _ => None,
        }
    }

    fn finish(&self, state: &mut ParseState, captured: &[u8]) {
        state.finish_with_text_tail(captured, TEXT_TAIL_LINES, classify);
    }

    fn succeeded(&self, report: &StreamReport, _exit_code: Option<i32>) -> Option<bool> {
        match report.terminal {
            Some(Terminal::Success) => Some(true),
            _ => None,
        }
    }
}

/// Structured hints from Gemini's error text (its API errors arrive as `[API Error: …]` messages).
fn classify(r: &mut StreamReport, message: &str) {
    let m = message.to_lowercase();
    if m.contains("resource has been exhausted") || m.contains("quota") || m.contains("429") {
        push_signal(r, StreamSignal::RateLimit);
    } else if m.contains("api key")
        || m.contains("api_key")
        || m.contains("auth method")
        || m.contains("401")
        || m.contains("403")
    {
        push_signal(r, StreamSignal::Auth);
    } else if m.contains("exceeds the maximum number of tokens") || m.contains("context window") {
        push_signal(r, StreamSignal::ContextOverflow);
    } else if m.contains("404") || m.contains("model not found") || m.contains("is not found") {
        push_signal(r, StreamSignal::ModelUnavailable);
    }
}
