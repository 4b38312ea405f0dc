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
        for format in [OutputFormat::ClaudeStreamJson, OutputFormat::CodexJson, OutputFormat::Text]
        {
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
    assert_eq!(seen, 24, "the full fixture set: 20 JSONL streams, 1 JSON object and 3 logs");
}
