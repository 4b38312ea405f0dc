//! Claude Code: `claude -p --output-format stream-json --verbose [--model M] <profile args>` with the
//! prompt on stdin (`--resume=<id>` continues a session; the equals form keeps a dash-leading id from
//! reading as a flag; `--mcp-config` with `--allowedTools mcp__anpm` hands it anpm's MCP server). Its
//! stream is one JSON event per line; the `result` event ends a run, and a successful result still needs
//! exit code 0 (`is_error` with `subtype:"success"` is a failure).

use serde_json::Value;

use super::{model, AgentCli, Invocation, Launch, MCP_SERVER_NAME};
use crate::dispatch::failure::ErrorKind;
use crate::domain::Permissions;
use crate::dispatch::stream::{push_signal, str_at, ParseState, Step, StreamReport, StreamSignal, Terminal};

/// The Claude Code CLI.
#[derive(Debug, Clone, Copy)]
pub struct Claude;

impl AgentCli for Claude {
    fn launch(&self, run: &Invocation<'_>) -> Result<Launch, (ErrorKind, String)> {
        let mut args: Vec<String> =
            ["-p", "--output-format", "stream-json", "--verbose"].map(String::from).to_vec();
        if let Some(model) = model(run.profile) {
            args.extend(["--model".into(), model.into()]);
        }
        if let Some(session) = run.resume {
            args.push(format!("--resume={session}"));
        }
        if let Some(mcp) = run.mcp {
            // Inline JSON, so nothing is written or left behind; the operator's own servers stay. Print
            // mode cannot ask for a tool's permission, so the server's tools are allowed up front (they
            // reach only the task's own project).
            let config = serde_json::json!({ "mcpServers": { MCP_SERVER_NAME: {
                "type": "stdio", "command": mcp.program.display().to_string(), "args": mcp.args,
            } } });
            args.extend([
                "--mcp-config".into(),
                config.to_string(),
                "--allowedTools".into(),
                format!("mcp__{MCP_SERVER_NAME}"),
            ]);
        }
        // Edits inside the working directory (the task's worktree) without asking; `full` also runs
        // commands. A permission mode in the profile's own args wins.
        if !run.profile.args.iter().any(|a| a.starts_with("--permission-mode")) {
            let mode = match run.profile.permissions {
                Permissions::Edit => "acceptEdits",
                Permissions::Full => "bypassPermissions",
            };
            args.extend(["--permission-mode".into(), mode.into()]);
        }
        args.extend(run.profile.args.iter().cloned());
        Ok(Launch { args, stdin: Some(run.prompt_file.to_path_buf()), env: vec![] })
    }

    fn event(&self, state: &mut ParseState, e: &Value) -> Option<Step> {
        let r = &mut state.report;
        if let Some(id) = str_at(e, "/session_id") {
            r.session_id.get_or_insert_with(|| id.to_owned());
        }
        match str_at(e, "/type")? {
            "system" => match str_at(e, "/subtype") {
                Some("init") => {
                    r.model = str_at(e, "/model").map(str::to_owned);
                    Some(Step("agent started".into()))
                }
                Some("api_retry") => {
                    let error = str_at(e, "/error").unwrap_or("error");
                    match error {
                        "authentication_failed" => push_signal(r, StreamSignal::Auth),
                        "rate_limit" | "overloaded" | "overloaded_error" => {
                            push_signal(r, StreamSignal::RateLimit)
                        }
                        _ => {}
                    }
                    Some(Step(format!("retrying after an API error ({error})")))
                }
                _ => None,
            },
            "rate_limit_event" => {
                if str_at(e, "/rate_limit_info/status") == Some("rejected") {
                    push_signal(r, StreamSignal::RateLimit);
                }
                None
            }
            "assistant" => {
                if let Some(kind) = str_at(e, "/error") {
                    match kind {
                        "authentication_failed" => push_signal(r, StreamSignal::Auth),
                        "rate_limit" | "billing_error" => push_signal(r, StreamSignal::RateLimit),
                        _ => {}
                    }
                }
                let mut step = None;
                for block in
                    e.pointer("/message/content").and_then(Value::as_array).into_iter().flatten()
                {
                    match str_at(block, "/type") {
                        Some("text") => {
                            if let Some(text) = str_at(block, "/text") {
                                if e.get("error").is_some() {
                                    r.errors.push(text.to_owned());
                                    if text.contains("API Error: 404")
                                        || text.contains("not_found_error")
                                    {
                                        push_signal(r, StreamSignal::ModelUnavailable);
                                    }
                                }
                                // Subagent text (parent_tool_use_id set) is not the final answer.
                                if e.get("parent_tool_use_id").is_none_or(Value::is_null) {
                                    state.last_text = Some(text.to_owned());
                                }
                            }
                        }
                        Some("tool_use") => {
                            step = Some(Step(format!(
                                "tool: {}",
                                str_at(block, "/name").unwrap_or("?")
                            )));
                        }
                        _ => {}
                    }
                }
                step
            }
            "result" => {
                let subtype = str_at(e, "/subtype").unwrap_or("");
                let is_error = e.get("is_error").and_then(Value::as_bool).unwrap_or(false);
                let reason = str_at(e, "/terminal_reason");
                if subtype == "error_max_turns" || reason == Some("max_turns") {
                    push_signal(r, StreamSignal::BudgetExhausted);
                }
                let ok =
                    subtype == "success" && !is_error && reason.is_none_or(|t| t == "completed");
                let text = str_at(e, "/result").map(str::to_owned);
                r.cost_usd = ["/total_cost_usd", "/total_cost", "/cost_usd"]
                    .iter()
                    .find_map(|p| e.pointer(p)?.as_f64());
                if let Some(usage) = e.get("usage") {
                    let n = |k: &str| usage.get(k).and_then(Value::as_i64).unwrap_or(0);
                    r.input_tokens = Some(
                        n("input_tokens")
                            + n("cache_creation_input_tokens")
                            + n("cache_read_input_tokens"),
                    );
                    r.output_tokens = Some(n("output_tokens"));
                }
                r.turns = e.get("num_turns").and_then(Value::as_i64);
                if let Some(status) = e.get("api_error_status").and_then(Value::as_i64) {
                    match status {
                        401 | 403 => push_signal(r, StreamSignal::Auth),
                        429 | 529 => push_signal(r, StreamSignal::RateLimit),
                        404 => push_signal(r, StreamSignal::ModelUnavailable),
                        _ => {}
                    }
                }
                let errors: Vec<String> = e
                    .get("errors")
                    .and_then(Value::as_array)
                    .map(|a| a.iter().filter_map(Value::as_str).map(str::to_owned).collect())
                    .unwrap_or_default();
                r.errors.extend(errors.iter().cloned());
                if ok {
                    r.final_text = text.or_else(|| state.last_text.clone());
                    r.terminal = Some(Terminal::Success);
                } else {
                    let why = text
                        .filter(|t| !t.trim().is_empty())
                        .or_else(|| errors.first().cloned())
                        .or_else(|| reason.filter(|t| *t != "completed").map(str::to_owned))
                        .unwrap_or_else(|| {
                            if subtype.is_empty() {
                                "the agent reported an error".into()
                            } else {
                                subtype.to_owned()
                            }
                        });
                    r.terminal = Some(Terminal::Failure(why));
                }
                Some(Step("finished".into()))
            }
            _ => None,
        }
    }

    fn succeeded(&self, report: &StreamReport, exit_code: Option<i32>) -> Option<bool> {
        match report.terminal {
            Some(Terminal::Success) => Some(exit_code == Some(0)),
            _ => None,
        }
    }
}
