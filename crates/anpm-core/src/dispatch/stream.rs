//! Reading what an agent CLI prints, line by line, into a typed report: session, cost, tokens, turns, the
//! final message, live steps, and the stream's terminal event. The machinery is shared; what each CLI's
//! events mean lives in its module under `agents/`.
//!
//! Parsing is tolerant: lines that are not JSON, and event types this code does not know, are skipped.

use serde_json::Value;

use crate::domain::OutputFormat;
use super::agents;
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
    /// The agent's own turn or token budget ran out.
    BudgetExhausted,
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

/// What a parser has read so far: the report, and the latest assistant text (the final message unless a
/// terminal event carries one).
#[derive(Debug, Clone, Default)]
pub struct ParseState {
    pub report: StreamReport,
    pub last_text: Option<String>,
    /// Set when a tool ran: the next assistant text starts a new message rather than extending one.
    pub new_message: bool,
}

impl ParseState {
    /// Adds streamed assistant text: a new message after a tool call, else more of the current one.
    pub fn push_text(&mut self, text: &str) {
        match (&mut self.last_text, self.new_message) {
            (Some(current), false) => current.push_str(text),
            _ => self.last_text = Some(text.to_owned()),
        }
        self.new_message = false;
    }

    /// Ends the stream of a CLI that may fail before its stream starts: without an end event, the last
    /// `n` text lines it printed (on stderr, sharing the terminal) say why, read by its `classify`; then
    /// the last assistant text is the final message unless an event carried one.
    pub fn finish_with_text_tail(
        &mut self,
        captured: &[u8],
        n: usize,
        classify: fn(&mut StreamReport, &str),
    ) {
        let tail = Self::text_tail(captured, n).join(" ");
        if self.report.terminal.is_none() && !tail.is_empty() {
            classify(&mut self.report, &tail);
            self.report.errors.push(tail);
        }
        if self.report.final_text.is_none() {
            self.report.final_text = self.last_text.take();
        }
    }

    /// The output's non-JSON lines (what a CLI printed on stderr before or instead of its stream), the
    /// last `n` that are not empty, oldest first.
    pub fn text_tail(captured: &[u8], n: usize) -> Vec<String> {
        let text = strip_ansi(&String::from_utf8_lossy(captured));
        let mut lines: Vec<String> = text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('{'))
            .rev()
            .take(n)
            .map(str::to_owned)
            .collect();
        lines.reverse();
        lines
    }
}

/// Incremental parser for one run: splits the output into lines, strips ANSI, reads JSON events, and
/// hands each to the agent module of the run's output format.
#[derive(Debug)]
pub struct StreamParser {
    format: OutputFormat,
    pending: String,
    state: ParseState,
}

impl StreamParser {
    pub fn new(format: OutputFormat) -> Self {
        Self { format, pending: String::new(), state: ParseState::default() }
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

    /// The cost the agent has reported so far (its latest running total), if any.
    pub fn cost_usd(&self) -> Option<f64> {
        self.state.report.cost_usd
    }

    /// Ends the stream and returns the report; `captured` is the run's (bounded) output, which is the final
    /// text of a plain-text agent.
    pub fn finish_with(mut self, captured: &[u8]) -> StreamReport {
        if self.format != OutputFormat::Text {
            let rest = std::mem::take(&mut self.pending);
            self.line(&rest);
        }
        agents::reader(self.format).finish(&mut self.state, captured);
        self.state.report
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
            self.state.report.diagnostics += 1;
            return None;
        };
        agents::reader(self.format).event(&mut self.state, &event)
    }
}

pub(crate) fn push_signal(r: &mut StreamReport, signal: StreamSignal) {
    if !r.signals.contains(&signal) {
        r.signals.push(signal);
    }
}

pub(crate) fn str_at<'a>(value: &'a Value, pointer: &str) -> Option<&'a str> {
    value.pointer(pointer)?.as_str()
}

pub(crate) fn truncate(text: &str, max: usize) -> String {
    crate::extract::truncate_chars(text, max)
}

/// Parses a whole captured output at once: the report a verdict is made from.
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
