//! Codex: `codex exec --json --sandbox workspace-write --skip-git-repo-check [-m M] <profile args> -` with
//! the prompt on stdin (`--full-auto` is gone from current Codex; the workspace-write sandbox lets it edit
//! its working directory). `codex exec --json … resume <thread id> -` continues a session; `-c
//! mcp_servers.anpm.command=… -c mcp_servers.anpm.args=[…]` (tools pre-approved) hands it anpm's MCP server
//! for that run. Its JSONL stream ends with `turn.completed` or `turn.failed`; a completed turn wins over a
//! non-zero exit (background transport errors can follow it). The legacy `{"id", "msg"}` envelope is read
//! too.

use serde_json::Value;

use super::{model, AgentCli, Invocation, Launch, MCP_SERVER_NAME};
use crate::dispatch::failure::ErrorKind;
use crate::dispatch::stream::{
    push_signal, str_at, truncate, ParseState, Step, StreamReport, StreamSignal, Terminal,
};

/// The Codex CLI.
#[derive(Debug, Clone, Copy)]
pub struct Codex;

impl AgentCli for Codex {
    fn launch(&self, run: &Invocation<'_>) -> Result<Launch, (ErrorKind, String)> {
        // The workspace-write sandbox lets Codex edit only under `-C` (the task's worktree) and run
        // commands there, for both permission levels: it has no edit-only mode that still works unattended.
        let mut args: Vec<String> =
            ["exec", "--json", "--sandbox", "workspace-write", "--skip-git-repo-check", "-C"]
                .map(String::from)
                .to_vec();
        args.push(run.workdir.display().to_string());
        if let Some(model) = model(run.profile) {
            args.extend(["-m".into(), model.into()]);
        }
        if let Some(mcp) = run.mcp {
            // Per-run config overrides, read as TOML values: JSON strings and arrays of strings are
            // valid TOML, quotes and backslashes escaped alike.
            let toml = |v: serde_json::Value| v.to_string();
            let key = format!("mcp_servers.{MCP_SERVER_NAME}");
            // `exec` never asks, so without the approval mode every call of the server's tools is refused
            // ("requires approval, but approval policy is never"); its tools reach only the task's project.
            args.extend([
                "-c".into(),
                format!("{key}.command={}", toml(mcp.program.display().to_string().into())),
                "-c".into(),
                format!("{key}.args={}", toml(serde_json::json!(mcp.args))),
                "-c".into(),
                format!("{key}.default_tools_approval_mode=\"approve\""),
            ]);
        }
        args.extend(run.profile.args.iter().cloned());
        if let Some(thread) = run.resume {
            args.extend(["resume".into(), thread.into()]);
        }
        args.push("-".into());
        Ok(Launch { args, stdin: Some(run.prompt_file.to_path_buf()), env: vec![] })
    }

    fn event(&self, state: &mut ParseState, e: &Value) -> Option<Step> {
        let r = &mut state.report;
        // The legacy envelope `{"id": .., "msg": {..}}` carries the event in `msg`.
        if let Some(msg) = e.get("msg") {
            return match str_at(msg, "/type")? {
                "agent_message" => {
                    state.last_text = str_at(msg, "/message").map(str::to_owned);
                    None
                }
                "exec_command_begin" => Some(Step("running a command".into())),
                "token_count" => {
                    r.input_tokens = msg.get("input_tokens").and_then(Value::as_i64);
                    r.output_tokens = msg.get("output_tokens").and_then(Value::as_i64);
                    None
                }
                "task_complete" => {
                    if let Some(text) = str_at(msg, "/last_agent_message") {
                        state.last_text = Some(text.to_owned());
                    }
                    r.terminal = Some(Terminal::Success);
                    Some(Step("finished".into()))
                }
                "error" | "stream_error" => {
                    if let Some(m) = str_at(msg, "/message") {
                        r.errors.push(m.to_owned());
                    }
                    None
                }
                _ => None,
            };
        }
        match str_at(e, "/type")? {
            "thread.started" => {
                r.session_id = str_at(e, "/thread_id").map(str::to_owned);
                Some(Step("agent started".into()))
            }
            "session.created" => {
                r.session_id = str_at(e, "/session_id").map(str::to_owned);
                None
            }
            "item.started" | "item.updated" | "item.completed" => {
                let item = e.get("item")?;
                let kind = str_at(item, "/type").or_else(|| str_at(item, "/item_type"))?;
                let completed = str_at(e, "/type") == Some("item.completed");
                match kind {
                    "agent_message" | "assistant_message" if completed => {
                        state.last_text = str_at(item, "/text").map(str::to_owned);
                        None
                    }
                    "command_execution" if !completed => {
                        let command = str_at(item, "/command").unwrap_or("a command");
                        Some(Step(format!("running {}", truncate(command, 120))))
                    }
                    "file_change" => Some(Step("editing files".into())),
                    "mcp_tool_call" if !completed => {
                        Some(Step(format!("tool: {}", str_at(item, "/tool").unwrap_or("?"))))
                    }
                    "error" => {
                        if let Some(m) = str_at(item, "/message") {
                            r.errors.push(m.to_owned());
                        }
                        None
                    }
                    _ => None,
                }
            }
            "turn.completed" => {
                if let Some(usage) = e.get("usage") {
                    r.input_tokens = usage.get("input_tokens").and_then(Value::as_i64);
                    r.output_tokens = usage.get("output_tokens").and_then(Value::as_i64);
                }
                r.turns = Some(r.turns.unwrap_or(0) + 1);
                r.terminal = Some(Terminal::Success);
                Some(Step("finished".into()))
            }
            "turn.failed" => {
                let message = str_at(e, "/error/message").unwrap_or("the turn failed").to_owned();
                classify_codex(r, &message);
                r.errors.push(message.clone());
                r.terminal = Some(Terminal::Failure(message));
                Some(Step("failed".into()))
            }
            "error" => {
                if let Some(m) = str_at(e, "/message") {
                    r.errors.push(m.to_owned());
                }
                None
            }
            _ => None,
        }
    }

    fn succeeded(&self, report: &StreamReport, _exit_code: Option<i32>) -> Option<bool> {
        match report.terminal {
            Some(Terminal::Success) => Some(true),
            _ => None,
        }
    }
}

fn classify_codex(r: &mut StreamReport, message: &str) {
    let m = message.to_lowercase();
    if m.contains("budget exhausted") {
        push_signal(r, StreamSignal::BudgetExhausted);
    } else if m.contains("401") || m.contains("unauthorized") || m.contains("not logged in") {
        push_signal(r, StreamSignal::Auth);
    } else if m.contains("usage limit")
        || m.contains("quota")
        || m.contains("rate limit")
        || m.contains("429")
    {
        push_signal(r, StreamSignal::RateLimit);
    } else if m.contains("context window")
        || m.contains("context_length")
        || m.contains("too many tokens")
    {
        push_signal(r, StreamSignal::ContextOverflow);
    } else if m.contains("model not found")
        || m.contains("unsupported model")
        || m.contains("at capacity")
    {
        push_signal(r, StreamSignal::ModelUnavailable);
    }
}
