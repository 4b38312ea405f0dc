//! Long-running fuzzing of everything that reads an agent's output: the four stream parsers (fed whole and
//! in random pieces), the verdict, and result extraction with the role schemas. Inputs are real transcripts
//! from the fixtures, mutated (bytes flipped, inserted, deleted, lines dropped, duplicated and swapped,
//! cut short) and random bytes. The properties: nothing panics, feeding in pieces never panics either,
//! a run whose output was cut before its terminal event is never judged finished, and every extracted
//! result is a JSON object that passes its role's schema check.
//!
//! Not part of the test suite (each test is `#[ignore]`): `just fuzz` runs them for `ANPM_FUZZ_SECS`
//! seconds each (600 by default) and reports how many inputs were tried.

use std::time::{Duration, Instant};

use anpm_core::dispatch::pty::Stop;
use anpm_core::dispatch::stream::{self, StreamParser};
use anpm_core::dispatch::verdict::{judge, Verdict};
use anpm_core::domain::OutputFormat;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

fn budget() -> Duration {
    let secs = std::env::var("ANPM_FUZZ_SECS").ok().and_then(|s| s.parse().ok()).unwrap_or(600);
    Duration::from_secs(secs)
}

/// Every transcript fixture with the format that reads it.
fn corpus() -> Vec<(OutputFormat, Vec<u8>)> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/agent-transcripts");
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).expect("fixtures").flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let format = if name.starts_with("claude-stream-json") {
            OutputFormat::ClaudeStreamJson
        } else if name.starts_with("codex-exec-json") {
            OutputFormat::CodexJson
        } else if name.starts_with("gemini-stream-json") {
            OutputFormat::GeminiStreamJson
        } else if name.starts_with("opencode") {
            OutputFormat::OpenCodeJson
        } else if name.ends_with(".source.txt") || name.ends_with(".md") {
            continue;
        } else {
            OutputFormat::Text
        };
        out.push((format, std::fs::read(entry.path()).expect("fixture")));
    }
    assert!(out.len() >= 20, "the transcript corpus is missing");
    out
}

#[derive(Debug, Clone)]
enum Mutation {
    Flip(usize, u8),
    Insert(usize, Vec<u8>),
    Delete(usize, usize),
    DropLine(usize),
    DuplicateLine(usize),
    SwapLines(usize, usize),
    Truncate(usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), any::<u8>()).prop_map(|(at, b)| Mutation::Flip(at, b)),
        (any::<usize>(), proptest::collection::vec(any::<u8>(), 1..32))
            .prop_map(|(at, bytes)| Mutation::Insert(at, bytes)),
        (any::<usize>(), 1usize..64).prop_map(|(at, n)| Mutation::Delete(at, n)),
        any::<usize>().prop_map(Mutation::DropLine),
        any::<usize>().prop_map(Mutation::DuplicateLine),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Mutation::SwapLines(a, b)),
        any::<usize>().prop_map(Mutation::Truncate),
    ]
}

fn apply(mut bytes: Vec<u8>, mutation: &Mutation) -> Vec<u8> {
    let len = bytes.len().max(1);
    let mut lines: Vec<Vec<u8>> = bytes.split(|b| *b == b'\n').map(<[u8]>::to_vec).collect();
    let n = lines.len().max(1);
    match mutation {
        Mutation::Flip(at, b) => {
            if !bytes.is_empty() {
                bytes[at % len] ^= b;
            }
            return bytes;
        }
        Mutation::Insert(at, extra) => {
            let at = at % (bytes.len() + 1);
            bytes.splice(at..at, extra.iter().copied());
            return bytes;
        }
        Mutation::Delete(at, count) => {
            let at = at % len;
            let end = (at + count).min(bytes.len());
            bytes.drain(at.min(end)..end);
            return bytes;
        }
        Mutation::Truncate(at) => {
            bytes.truncate(at % len);
            return bytes;
        }
        Mutation::DropLine(i) => {
            lines.remove(i % n);
        }
        Mutation::DuplicateLine(i) => {
            let line = lines[i % n].clone();
            lines.insert(i % n, line);
        }
        Mutation::SwapLines(a, b) => lines.swap(a % n, b % n),
    }
    lines.join(&b'\n')
}

/// Runs `check` on generated inputs until the budget is spent; returns how many ran.
fn fuzz<S: Strategy>(
    name: &str,
    strategy: S,
    check: impl Fn(S::Value) -> Result<(), TestCaseError>,
) {
    let budget = budget();
    let started = Instant::now();
    let mut runs = 0u64;
    while started.elapsed() < budget {
        let mut runner =
            TestRunner::new(Config { cases: 512, failure_persistence: None, ..Config::default() });
        runner.run(&strategy, &check).unwrap_or_else(|e| panic!("{name}: {e}"));
        runs += 512;
    }
    println!("fuzz {name}: {runs} inputs in {:.0} s, no failure", started.elapsed().as_secs_f64());
}

const FORMATS: [OutputFormat; 5] = [
    OutputFormat::ClaudeStreamJson,
    OutputFormat::CodexJson,
    OutputFormat::GeminiStreamJson,
    OutputFormat::OpenCodeJson,
    OutputFormat::Text,
];

#[test]
#[ignore = "long-running; `just fuzz`"]
fn fuzz_stream_parsers_and_verdicts() {
    let corpus = corpus();
    let input = (
        0..corpus.len(),
        proptest::collection::vec(mutation(), 0..6),
        proptest::collection::vec(1usize..4096, 1..16),
        0..FORMATS.len(),
        any::<bool>(),
    );
    fuzz("stream parsers", input, |(pick, mutations, pieces, other, misread)| {
        let (format, original) = &corpus[pick];
        let bytes = mutations.iter().fold(original.clone(), apply);
        // Also read it as another agent's format: a misconfigured profile must not panic either.
        let format = if misread { FORMATS[other] } else { *format };
        let report = stream::parse(format, &bytes);
        let mut live = StreamParser::new(format);
        let mut at = 0;
        for piece in pieces.iter().cycle() {
            if at >= bytes.len() {
                break;
            }
            let end = (at + piece).min(bytes.len());
            live.feed(&bytes[at..end]);
            at = end;
        }
        for stop in [Stop::Exited, Stop::TimedOut, Stop::Cancelled] {
            let _ = judge(format, &report, stop, Some(0), Some(60), false);
        }
        // Cut before any newline-terminated terminal event: a stream format is never judged finished
        // from an empty capture.
        if format != OutputFormat::Text {
            let empty = stream::parse(format, b"");
            let verdict = judge(format, &empty, Stop::Exited, Some(0), None, false);
            prop_assert!(!matches!(verdict, Verdict::Finished));
        }
        Ok(())
    });
}

#[test]
#[ignore = "long-running; `just fuzz`"]
fn fuzz_result_extraction() {
    let corpus = corpus();
    let roles = ["implementer", "test-writer", "reviewer", "planner", "documenter", "unknown-role"];
    let text = prop_oneof![
        // A transcript's text, mutated.
        (0..corpus.len(), proptest::collection::vec(mutation(), 0..8)).prop_map(move |(i, m)| {
            String::from_utf8_lossy(&m.iter().fold(corpus[i].1.clone(), apply)).into_owned()
        }),
        // Fences and braces in random arrangements.
        proptest::collection::vec(
            prop_oneof![
                Just("```json\n".to_owned()),
                Just("```\n".to_owned()),
                Just("```rust\n".to_owned()),
                Just("{".to_owned()),
                Just("}".to_owned()),
                Just("\"files\": [".to_owned()),
                Just("]".to_owned()),
                Just("{\"summary\":\"x\",\"files\":[]}".to_owned()),
                "[ -~]{0,40}",
                "\\PC{0,8}",
            ],
            0..40,
        )
        .prop_map(|parts| parts.concat()),
    ];
    fuzz("result extraction", (text, 0..roles.len()), |(text, role)| {
        let _ = anpm_core::extract::json_object(&text);
        for candidate in anpm_core::extract::result_candidates(&text) {
            // Every candidate is an object; validating it against any role never panics.
            let _ = anpm_core::dispatch::result::validate(roles[role], &candidate);
        }
        let _ = anpm_core::extract::strip_ansi(&text);
        Ok(())
    });
}
