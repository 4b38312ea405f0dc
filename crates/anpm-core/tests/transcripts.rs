//! Every real transcript in tests/fixtures/agent-transcripts parses without a
//! panic and ends with the verdict its provenance note describes.

use std::path::PathBuf;

use anpm_core::dispatch::failure::ErrorKind;
use anpm_core::dispatch::pty::Stop;
use anpm_core::dispatch::stream::{self, Terminal};
use anpm_core::dispatch::verdict::{judge, Verdict};
use anpm_core::domain::OutputFormat;

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/agent-transcripts")
}

fn read(name: &str) -> Vec<u8> {
    std::fs::read(fixtures().join(name))
        .unwrap_or_else(|e| panic!("{name}: {e} (tests/fixtures/agent-transcripts)"))
}

fn verdict(name: &str, format: OutputFormat, exit_code: i32) -> (Verdict, stream::StreamReport) {
    let report = stream::parse(format, &read(name));
    (judge(format, &report, Stop::Exited, Some(exit_code), None, false), report)
}

#[test]
fn claude_transcripts() {
    for name in [
        "claude-stream-json-claude-clean-1.jsonl",
        "claude-stream-json-claude-clean-2.jsonl",
        "claude-stream-json-ct-mcp-1.jsonl",
        "claude-stream-json-ct-mcp-2.jsonl",
        "claude-stream-json-ct-mcp-3.jsonl",
        "claude-stream-json-hive-mind-3.jsonl",
        "claude-stream-json-hive-mind-4.jsonl",
    ] {
        let (v, report) = verdict(name, OutputFormat::ClaudeStreamJson, 0);
        assert_eq!(v, Verdict::Finished, "{name}");
        assert!(report.session_id.is_some() && report.final_text.is_some(), "{name}");
        assert!(report.cost_usd.is_some_and(|c| c > 0.0), "{name}: cost from the result event");
    }
    // Unknown model: the CLI exited 0, the stream says is_error.
    let (v, _) = verdict("claude-stream-json-hive-mind-1.jsonl", OutputFormat::ClaudeStreamJson, 0);
    assert!(matches!(v, Verdict::Failed { kind: ErrorKind::ModelNotAvailable, .. }), "{v:?}");
    let (v, _) = verdict("claude-stream-json-hive-mind-2.jsonl", OutputFormat::ClaudeStreamJson, 1);
    assert!(
        matches!(&v, Verdict::Failed { kind: ErrorKind::RateLimited, message } if message.contains("Weekly limit")),
        "{v:?}"
    );
}

#[test]
fn claude_tokens_come_from_the_result_not_the_snapshots() {
    let report = stream::parse(
        OutputFormat::ClaudeStreamJson,
        &read("claude-stream-json-claude-clean-2.jsonl"),
    );
    let text = String::from_utf8(read("claude-stream-json-claude-clean-2.jsonl")).expect("utf-8");
    let result: serde_json::Value = text
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .find(|v| v["type"] == "result")
        .expect("result");
    assert_eq!(report.output_tokens, result["usage"]["output_tokens"].as_i64());
}

#[test]
fn codex_transcripts() {
    for name in [
        "codex-exec-json-agentcmd-1.jsonl",
        "codex-exec-json-agentcmd-2.jsonl",
        "codex-exec-json-agentcmd-3.jsonl",
        "codex-exec-json-agentcmd-4.jsonl",
        "codex-exec-json-agentcmd-5.jsonl",
        "codex-exec-json-hive-mind-3.jsonl",
        "codex-exec-json-legacy-vibe-kanban-1.jsonl",
    ] {
        let (v, report) = verdict(name, OutputFormat::CodexJson, 0);
        assert_eq!(v, Verdict::Finished, "{name}");
        assert!(report.final_text.is_some(), "{name}: the last agent message");
    }
    let (v, _) = verdict("codex-exec-json-hive-mind-1.jsonl", OutputFormat::CodexJson, 1);
    assert!(matches!(v, Verdict::Failed { kind: ErrorKind::SessionExpired, .. }), "{v:?}");
    let (v, _) = verdict("codex-exec-json-hive-mind-2.jsonl", OutputFormat::CodexJson, 1);
    assert!(matches!(v, Verdict::Failed { kind: ErrorKind::RateLimited, .. }), "{v:?}");
    for killed in ["codex-exec-json-agentcmd-6.jsonl", "codex-exec-json-hive-mind-4.jsonl"] {
        let (v, report) = verdict(killed, OutputFormat::CodexJson, 0);
        assert_eq!(report.terminal, None, "{killed}");
        assert!(
            matches!(&v, Verdict::Failed { message, .. } if message.contains("without a final result")),
            "{killed}: {v:?}"
        );
    }
}

#[test]
fn every_saved_transcript_parses_without_a_panic() {
    let mut seen = 0;
    for entry in std::fs::read_dir(fixtures()).expect("fixtures dir") {
        let path = entry.expect("entry").path();
        let name = path.file_name().expect("name").to_string_lossy().into_owned();
        if name.ends_with(".source.txt") || name == "README.md" {
            continue;
        }
        let bytes = std::fs::read(&path).expect("read");
        for &format in OutputFormat::ALL {
            // Fed in odd-sized chunks, as a PTY delivers them.
            let mut parser = stream::StreamParser::new(format);
            for chunk in bytes.chunks(777) {
                parser.feed(chunk);
            }
            let report = parser.finish_with(&bytes);
            if format == OutputFormat::Text {
                assert!(report.final_text.is_some(), "{name}");
            }
            assert!(
                report.terminal.is_none()
                    || matches!(report.terminal, Some(Terminal::Success | Terminal::Failure(_)))
            );
        }
        seen += 1;
    }
    assert_eq!(
        seen, 37,
        "the full fixture set: 30 JSONL streams, 1 JSON object, 5 logs and 1 raw terminal capture"
    );
}

#[test]
fn gemini_transcripts() {
    for name in [
        "gemini-stream-json-anpm-text.jsonl",
        "gemini-stream-json-anpm-tool-autoedit.jsonl",
        "gemini-stream-json-anpm-resume-turn2.jsonl",
    ] {
        let (v, report) = verdict(name, OutputFormat::GeminiStreamJson, 0);
        assert_eq!(v, Verdict::Finished, "{name}");
        assert!(report.session_id.is_some(), "{name}: init carries the session");
        assert!(
            report.input_tokens.is_some() && report.output_tokens.is_some(),
            "{name}: result stats"
        );
        assert_eq!(report.cost_usd, None, "{name}: Gemini reports no cost");
    }
    // Deltas after a tool call are a new message: the final text is what came after the edit.
    let (_, report) =
        verdict("gemini-stream-json-anpm-tool-autoedit.jsonl", OutputFormat::GeminiStreamJson, 0);
    assert_eq!(report.final_text.as_deref(), Some("Done: created hello.txt."));
    // An HTTP 429 exits 173 (429 mod 256) with a result of status error.
    let (v, _) = verdict("gemini-stream-json-anpm-e429.jsonl", OutputFormat::GeminiStreamJson, 173);
    assert!(matches!(v, Verdict::Failed { kind: ErrorKind::RateLimited, .. }), "{v:?}");
    // An empty reply exits 0, yet the result says error: the stream decides, not the exit code.
    let (v, _) = verdict("gemini-stream-json-anpm-empty.jsonl", OutputFormat::GeminiStreamJson, 0);
    assert!(
        matches!(&v, Verdict::Failed { message, .. } if message.contains("empty response")),
        "{v:?}"
    );
    // No API key: no stream at all, only text and exit 41.
    let (v, _) =
        verdict("gemini-stream-json-anpm-no-api-key.log", OutputFormat::GeminiStreamJson, 41);
    assert!(
        matches!(&v, Verdict::Failed { kind: ErrorKind::SessionExpired, message } if message.contains("GEMINI_API_KEY")),
        "{v:?}"
    );
    // As anpm runs it: prompt on stdin, a terminal that interleaves warnings and CR LF line ends.
    let (v, report) =
        verdict("gemini-stream-json-anpm-pty-stdin.raw", OutputFormat::GeminiStreamJson, 0);
    assert_eq!(v, Verdict::Finished);
    assert!(report.diagnostics > 0, "the warnings are read as diagnostics");
}

#[test]
fn opencode_transcripts() {
    for name in [
        "opencode-json-anpm-text.jsonl",
        "opencode-json-anpm-tool-cost.jsonl",
        "opencode-json-anpm-resume-session.jsonl",
    ] {
        let (v, report) = verdict(name, OutputFormat::OpenCodeJson, 0);
        assert_eq!(v, Verdict::Finished, "{name}");
        assert!(report.session_id.as_deref().is_some_and(|s| s.starts_with("ses_")), "{name}");
    }
    // Tokens and cost are summed over the steps of the run.
    let (_, report) = verdict("opencode-json-anpm-tool-cost.jsonl", OutputFormat::OpenCodeJson, 0);
    assert_eq!(
        (report.input_tokens, report.output_tokens, report.turns),
        (Some(240), Some(18), Some(2))
    );
    assert!(report.cost_usd.is_some_and(|c| (c - 0.00099).abs() < 1e-9), "{:?}", report.cost_usd);
    assert_eq!(report.final_text.as_deref(), Some("Done: created hello.txt."));
    // A 429: the whole stream is one error event, exit 1.
    let (v, _) = verdict("opencode-json-anpm-e429.jsonl", OutputFormat::OpenCodeJson, 1);
    assert!(matches!(v, Verdict::Failed { kind: ErrorKind::RateLimited, .. }), "{v:?}");
    // A refused tool ends the run with exit 0 but no finished step: not a success.
    let (v, _) = verdict("opencode-json-anpm-shell-ask.jsonl", OutputFormat::OpenCodeJson, 0);
    assert!(
        matches!(&v, Verdict::Failed { message, .. } if message.contains("rejected permission")),
        "{v:?}"
    );
    // A bad session id: text on stderr only, exit 1.
    let (v, _) = verdict("opencode-json-anpm-bad-session.log", OutputFormat::OpenCodeJson, 1);
    assert!(
        matches!(&v, Verdict::Failed { message, .. } if message.contains("Session not found")),
        "{v:?}"
    );
}

/// Truncated lines, unknown event types, wrong field types and invalid UTF-8 in the new formats never
/// panic and never turn a failed run into a finished one.
#[test]
fn gemini_and_opencode_survive_adversarial_streams() {
    let cases: [(OutputFormat, &[u8]); 10] = [
        (OutputFormat::GeminiStreamJson, b"{\"type\":\"result\",\"status\":\"succ"),
        (OutputFormat::GeminiStreamJson, b"{\"type\":\"from_the_future\"}\n{\"type\":\"message\",\"role\":\"assistant\",\"content\":7}\n"),
        (OutputFormat::GeminiStreamJson, b"{\"type\":\"result\",\"status\":\"error\",\"error\":{\"message\":42}}\n"),
        (OutputFormat::GeminiStreamJson, b"\xff\xfe{\"type\":\"init\",\"session_id\":\"\xc3\x28\"}\n\x00\x01"),
        (OutputFormat::GeminiStreamJson, b"{\"type\":\"tool_result\",\"status\":\"error\"}\n"),
        (OutputFormat::OpenCodeJson, b"{\"type\":\"step_finish\",\"part\":{\"reason\":\"sto"),
        (OutputFormat::OpenCodeJson, b"{\"type\":\"step_finish\",\"part\":{\"tokens\":{\"input\":\"many\"},\"cost\":\"free\"}}\n"),
        (OutputFormat::OpenCodeJson, b"{\"type\":\"error\",\"error\":null}\n{\"type\":\"step_finish\",\"part\":{\"reason\":\"stop\"}}\n"),
        (OutputFormat::OpenCodeJson, b"{\"type\":\"step_finish\"}\n{\"type\":\"text\"}\n\xff\n"),
        (OutputFormat::OpenCodeJson, b"{\"type\":\"tool_use\",\"part\":{\"state\":{\"status\":\"error\"}}}\n"),
    ];
    for (i, (format, bytes)) in cases.iter().enumerate() {
        let mut parser = stream::StreamParser::new(*format);
        for chunk in bytes.chunks(3) {
            parser.feed(chunk);
        }
        let report = parser.finish_with(bytes);
        let v = judge(*format, &report, Stop::Exited, Some(0), None, false);
        assert!(matches!(v, Verdict::Failed { .. }), "case {i}: {v:?} from {report:?}");
    }
}

/// Issue 10, point 13: Claude's `error_max_turns` and Codex's "token budget exhausted" are a typed
/// `budget_exhausted` with its remediation, not `unknown`.
#[test]
fn turn_and_token_budgets_are_classified() {
    let claude = concat!(
        "{\"type\":\"system\",\"subtype\":\"init\",\"session_id\":\"s\"}\n",
        "{\"type\":\"result\",\"subtype\":\"error_max_turns\",\"is_error\":true,\"terminal_reason\":\"max_turns\",",
        "\"errors\":[\"Reached maximum number of turns (3)\"],\"num_turns\":3}\n"
    );
    let report = stream::parse(OutputFormat::ClaudeStreamJson, claude.as_bytes());
    let v = judge(OutputFormat::ClaudeStreamJson, &report, Stop::Exited, Some(1), None, false);
    assert!(matches!(v, Verdict::Failed { kind: ErrorKind::BudgetExhausted, .. }), "{v:?}");
    let codex = concat!(
        "{\"type\":\"thread.started\",\"thread_id\":\"t\"}\n",
        "{\"type\":\"error\",\"message\":\"shared rollout token budget exhausted\"}\n",
        "{\"type\":\"turn.failed\",\"error\":{\"message\":\"shared rollout token budget exhausted\"}}\n"
    );
    let report = stream::parse(OutputFormat::CodexJson, codex.as_bytes());
    let v = judge(OutputFormat::CodexJson, &report, Stop::Exited, Some(1), None, false);
    assert!(matches!(v, Verdict::Failed { kind: ErrorKind::BudgetExhausted, .. }), "{v:?}");
    assert!(ErrorKind::BudgetExhausted.remediation().contains("--arg"));
}
