//! Reading what an agent CLI prints, line by line, into a typed report: session, cost, tokens, turns, the
//! final message, live steps, and whether the run succeeded — decided from the stream's terminal event and
//! cross-checked with the exit code (agent-cli-formats §0–2).
//!
//! Parsing is tolerant: lines that are not JSON, and event types this code does not know, are skipped.

use serde_json::Value;

use crate::domain::OutputFormat;
use crate::extract::strip_ansi;

/// What the terminal event said.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Terminal {
    Success,
    Failure(String),
}

/// A structured hint about why a run failed, read from the stream rather than guessed from text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StreamSignal {
    Auth,
    RateLimit,
    ContextOverflow,
    ModelUnavailable,
}

/// Everything read from a run's output.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct StreamReport {
    pub terminal: Option<Terminal>,
    pub session_id: Option<String>,
    pub model: Option<String>,
    pub cost_usd: Option<f64>,
    pub input_tokens: Option<i64>,
    pub output_tokens: Option<i64>,
    pub turns: Option<i64>,
    /// The agent's final message: where its JSON result is.
    pub final_text: Option<String>,
    /// Error messages seen along the way (non-terminal ones included).
    pub errors: Vec<String>,
    pub signals: Vec<StreamSignal>,
    /// Lines that were not JSON (diagnostics).
    pub diagnostics: usize,
}

/// One live step worth showing while the agent works.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step(pub String);

/// Incremental parser for one run.
#[derive(Debug)]
pub struct StreamParser {
    format: OutputFormat,
    pending: String,
    report: StreamReport,
    last_text: Option<String>,
}

impl StreamParser {
    pub fn new(format: OutputFormat) -> Self {
        Self { format, pending: String::new(), report: StreamReport::default(), last_text: None }
    }

    /// Feeds raw output; returns the live steps it revealed.
    /// Plain text carries no events: its final text is the captured output, handed over by
    /// [`StreamParser::finish_with`], so nothing is accumulated here.
    pub fn feed(&mut self, bytes: &[u8]) -> Vec<Step> {
        if self.format == OutputFormat::Text {
            return Vec::new();
        }
        let chunk = String::from_utf8_lossy(bytes);
        self.pending.push_str(&chunk);
        let mut steps = Vec::new();
        while let Some(newline) = self.pending.find('\n') {
            let line: String = self.pending.drain(..=newline).collect();
            steps.extend(self.line(&line));
        }
        steps
    }

    /// Ends the stream and returns the report; `captured` is the run's (bounded) output, which is the final
    /// text of a plain-text agent.
    pub fn finish_with(mut self, captured: &[u8]) -> StreamReport {
        if self.format == OutputFormat::Text {
            let text = strip_ansi(&String::from_utf8_lossy(captured));
            self.report.final_text = (!text.trim().is_empty()).then_some(text);
            return self.report;
        }
        let rest = std::mem::take(&mut self.pending);
        self.line(&rest);
        if self.report.final_text.is_none() {
            self.report.final_text = self.last_text.take();
        }
        self.report
    }

    fn line(&mut self, raw: &str) -> Option<Step> {
        let line = strip_ansi(raw);
        let line = line.trim();
        if line.is_empty() {
            return None;
        }
        let Some(event) =
            line.starts_with('{').then(|| serde_json::from_str::<Value>(line).ok()).flatten()
        else {
            self.report.diagnostics += 1;
            return None;
        };
        match self.format {
            OutputFormat::ClaudeStreamJson => self.claude(&event),
            OutputFormat::CodexJson => self.codex(&event),
            OutputFormat::Text => None,
        }
    }

    fn claude(&mut self, e: &Value) -> Option<Step> {
        let r = &mut self.report;
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
                                    self.last_text = Some(text.to_owned());
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
                    r.final_text = text.or_else(|| self.last_text.clone());
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

    fn codex(&mut self, e: &Value) -> Option<Step> {
        let r = &mut self.report;
        // The legacy envelope `{"id": .., "msg": {..}}` carries the event in `msg`.
        if let Some(msg) = e.get("msg") {
            return match str_at(msg, "/type")? {
                "agent_message" => {
                    self.last_text = str_at(msg, "/message").map(str::to_owned);
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
                        self.last_text = Some(text.to_owned());
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
                        self.last_text = str_at(item, "/text").map(str::to_owned);
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
}

fn classify_codex(r: &mut StreamReport, message: &str) {
    let m = message.to_lowercase();
    if m.contains("401") || m.contains("unauthorized") || m.contains("not logged in") {
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

fn push_signal(r: &mut StreamReport, signal: StreamSignal) {
    if !r.signals.contains(&signal) {
        r.signals.push(signal);
    }
}

fn str_at<'a>(value: &'a Value, pointer: &str) -> Option<&'a str> {
    value.pointer(pointer)?.as_str()
}

fn truncate(text: &str, max: usize) -> String {
    crate::planning::sanitize::truncate_chars(text, max)
}

/// Parses a whole captured output at once.
pub fn parse(format: OutputFormat, output: &[u8]) -> StreamReport {
    let mut parser = StreamParser::new(format);
    parser.feed(output);
    parser.finish_with(output)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn claude_success_with_cost_tokens_and_final_text() {
        let out = concat!(
            "{\"type\":\"system\",\"subtype\":\"init\",\"session_id\":\"s1\",\"model\":\"opus\"}\r\n",
            "Warning: no stdin data received in 3s, proceeding without it\r\n",
            "{\"type\":\"assistant\",\"message\":{\"content\":[{\"type\":\"tool_use\",\"name\":\"Read\"}],\"usage\":{\"output_tokens\":1}}}\n",
            "{\"type\":\"mystery_event\",\"x\":1}\n",
            "{\"type\":\"result\",\"subtype\":\"success\",\"is_error\":false,\"num_turns\":3,\"result\":\"```json\\n{\\\"files\\\":[]}\\n```\",",
            "\"total_cost_usd\":0.25,\"usage\":{\"input_tokens\":10,\"cache_read_input_tokens\":5,\"output_tokens\":7}}\n"
        );
        let r = parse(OutputFormat::ClaudeStreamJson, out.as_bytes());
        assert_eq!(r.terminal, Some(Terminal::Success));
        assert_eq!(r.session_id.as_deref(), Some("s1"));
        assert_eq!(
            (r.cost_usd, r.input_tokens, r.output_tokens, r.turns),
            (Some(0.25), Some(15), Some(7), Some(3))
        );
        assert!(r.final_text.unwrap().contains("\"files\""));
        assert_eq!(r.diagnostics, 1);
    }

    #[test]
    fn claude_is_error_with_success_subtype_is_a_failure() {
        let out = "{\"type\":\"result\",\"subtype\":\"success\",\"is_error\":true,\"result\":\"Invalid API key · Please run /login\",\"api_error_status\":401}\n";
        let r = parse(OutputFormat::ClaudeStreamJson, out.as_bytes());
        assert_eq!(
            r.terminal,
            Some(Terminal::Failure("Invalid API key · Please run /login".into()))
        );
        assert!(r.signals.contains(&StreamSignal::Auth));
    }

    #[test]
    fn a_stream_without_a_terminal_event_has_none() {
        let r = parse(
            OutputFormat::CodexJson,
            b"{\"type\":\"thread.started\",\"thread_id\":\"t\"}\n{\"type\":\"turn.started\"}\n",
        );
        assert_eq!(r.terminal, None);
        assert_eq!(r.session_id.as_deref(), Some("t"));
    }

    #[test]
    fn codex_turn_failed_and_transient_errors() {
        let out = concat!(
            "{\"type\":\"error\",\"message\":\"Reconnecting... 1/5\"}\n",
            "{\"type\":\"turn.failed\",\"error\":{\"message\":\"You've hit your usage limit.\"}}\n"
        );
        let r = parse(OutputFormat::CodexJson, out.as_bytes());
        assert_eq!(r.terminal, Some(Terminal::Failure("You've hit your usage limit.".into())));
        assert!(r.signals.contains(&StreamSignal::RateLimit));
        assert_eq!(r.errors.len(), 2);
    }

    #[test]
    fn lines_split_across_chunks_are_joined() {
        let mut p = StreamParser::new(OutputFormat::CodexJson);
        p.feed(b"{\"type\":\"item.completed\",\"item\":{\"type\":\"agent_mes");
        p.feed(b"sage\",\"text\":\"done\"}}\n{\"type\":\"turn.completed\",\"usage\":{\"input_tokens\":3,\"output_tokens\":4}}");
        let r = p.finish_with(b"");
        assert_eq!(r.terminal, Some(Terminal::Success));
        assert_eq!(r.final_text.as_deref(), Some("done"));
        assert_eq!((r.input_tokens, r.output_tokens), (Some(3), Some(4)));
    }

    #[test]
    fn text_output_is_the_final_text() {
        let r = parse(OutputFormat::Text, b"\x1b[32m{\"files\": []}\x1b[0m\r\n");
        assert_eq!(r.final_text.as_deref().map(str::trim), Some("{\"files\": []}"));
        assert_eq!(r.terminal, None);
    }
}
