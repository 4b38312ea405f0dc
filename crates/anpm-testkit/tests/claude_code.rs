//! The real Claude Code CLI (`claude -p --output-format stream-json --verbose`) runs offline against the
//! testkit's fake Anthropic API: a plain answer ends in a `result` event of subtype `success` carrying the
//! scripted text, and a scripted `Write` call lands a real file. The protocol test at the end needs no CLI.
//!
//! The CLI tests are skipped unless `ANPM_TEST_AGENTS_BIN` names a folder holding `claude` (for example
//! `~/.cache/anpm/claude-probe/node_modules/.bin` after `npm install @anthropic-ai/claude-code` there).
//! With `ANPM_CAPTURE_CLAUDE_TRANSCRIPT=FILE` the Write run's stdout is saved there; that is how
//! `fixtures/claude-fake-api-success.jsonl` was made.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use anpm_testkit::anthropic::FakeAnthropicApi;
use anpm_testkit::model_api::Turn;
use serde_json::Value;

const SUMMARY: &str = r#"{"summary":"ok","files":[]}"#;

fn final_text() -> String {
    format!("Done.\n\n```json\n{SUMMARY}\n```")
}

/// The `claude` executable, or `None` (with a note on stderr) when the test should be skipped.
fn claude() -> Option<PathBuf> {
    let bin = std::env::var_os("ANPM_TEST_AGENTS_BIN").map(|dir| PathBuf::from(dir).join("claude"));
    match bin {
        Some(bin) if bin.is_file() => Some(bin),
        _ => {
            eprintln!(
                "skipped: set ANPM_TEST_AGENTS_BIN to a folder holding the `claude` executable"
            );
            None
        }
    }
}

struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

/// Runs `claude` in `cwd` with a private HOME and only the variables an offline run needs. Proxies point
/// at the fake too, so traffic meant for anywhere else is refused and shows up in `received()`.
fn run_claude(claude: &Path, api: &FakeAnthropicApi, cwd: &Path, extra_args: &[&str]) -> Run {
    let home = tempfile::tempdir().expect("home");
    let mut child = Command::new(claude)
        .args(["-p", "--output-format", "stream-json", "--verbose", "--model", "claude-sonnet-4-5"])
        .args(extra_args)
        .current_dir(cwd)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", home.path())
        .env("ANTHROPIC_BASE_URL", api.base_url())
        .env("ANTHROPIC_API_KEY", "test-key")
        .env("CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC", "1")
        .env("DISABLE_AUTOUPDATER", "1")
        .env("DISABLE_TELEMETRY", "1")
        .env("DISABLE_ERROR_REPORTING", "1")
        .env("HTTPS_PROXY", api.base_url())
        .env("HTTP_PROXY", api.base_url())
        .env("NO_PROXY", "127.0.0.1,localhost")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("starting claude");
    let mut stdin = child.stdin.take().expect("stdin");
    stdin
        .write_all(b"Do the task, then answer with the JSON summary.\n")
        .expect("writing the prompt");
    drop(stdin);
    let (mut stdout, mut stderr) =
        (child.stdout.take().expect("stdout"), child.stderr.take().expect("stderr"));
    let out = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = stdout.read_to_string(&mut text);
        text
    });
    let err = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = stderr.read_to_string(&mut text);
        text
    });
    // A CLI stuck waiting on the network would hang the suite; two minutes is far beyond a real run.
    let deadline = Instant::now() + Duration::from_secs(120);
    let status = loop {
        if let Some(status) = child.try_wait().expect("waiting for claude") {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("claude did not finish within 120 s");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    Run {
        code: status.code(),
        stdout: out.join().expect("stdout reader"),
        stderr: err.join().expect("stderr reader"),
    }
}

/// The last stdout line, parsed; it must be the `result` event of a successful run.
fn success_result(run: &Run) -> Value {
    assert_eq!(
        run.code,
        Some(0),
        "claude failed\nstdout:\n{}\nstderr:\n{}",
        run.stdout,
        run.stderr
    );
    let last = run.stdout.lines().last().expect("claude printed nothing");
    let result: Value = serde_json::from_str(last).expect("the last line is JSON");
    assert_eq!(result["type"], "result", "last line: {last}");
    assert_eq!(result["subtype"], "success", "last line: {last}");
    result
}

fn assert_offline(api: &FakeAnthropicApi) {
    let received = api.received();
    assert!(
        received.iter().any(|r| r.is_streaming_messages()),
        "no streaming /v1/messages request: {received:?}"
    );
    let escaped: Vec<_> = received.iter().filter(|r| r.method == "CONNECT").collect();
    assert!(escaped.is_empty(), "claude tried to reach other hosts: {escaped:?}");
}

#[test]
fn claude_code_answers_with_the_scripted_text() {
    let Some(claude) = claude() else { return };
    let api = FakeAnthropicApi::start(Turn { write: None, final_text: final_text(), call: None });
    let cwd = tempfile::tempdir().expect("cwd");

    let run = run_claude(&claude, &api, cwd.path(), &[]);

    let result = success_result(&run);
    let text = result["result"].as_str().expect("result text");
    assert!(text.contains(SUMMARY), "result text: {text}");
    assert_offline(&api);
}

#[test]
fn claude_code_writes_the_scripted_file_with_accept_edits() {
    let Some(claude) = claude() else { return };
    let content = "written by the real Claude Code\n";
    let turn = Turn {
        write: Some(("notes/written.txt".to_owned(), content.to_owned())),
        final_text: final_text(),
        call: None,
    };
    let api = FakeAnthropicApi::start(turn);
    let cwd = tempfile::tempdir().expect("cwd");

    let run = run_claude(&claude, &api, cwd.path(), &["--permission-mode", "acceptEdits"]);

    let result = success_result(&run);
    assert!(result["result"].as_str().unwrap_or_default().contains(SUMMARY), "result: {result}");
    let written = std::fs::read_to_string(cwd.path().join("notes/written.txt"))
        .unwrap_or_else(|e| panic!("the file was not written ({e})\nstdout:\n{}", run.stdout));
    assert_eq!(written, content);
    assert_offline(&api);
    if let Some(path) = std::env::var_os("ANPM_CAPTURE_CLAUDE_TRANSCRIPT") {
        std::fs::write(path, &run.stdout).expect("saving the transcript");
    }
}

/// Sends one HTTP/1.1 request on `stream` and reads its response head and body.
fn exchange(stream: &mut TcpStream, request: &[u8]) -> (String, String) {
    stream.write_all(request).expect("sending");
    let mut reader = BufReader::new(stream.try_clone().expect("clone"));
    let mut head = String::new();
    loop {
        let mut line = String::new();
        reader.read_line(&mut line).expect("reading the head");
        if line == "\r\n" {
            break;
        }
        head.push_str(&line);
    }
    let lower = head.to_ascii_lowercase();
    let mut body = Vec::new();
    if lower.contains("transfer-encoding: chunked") {
        loop {
            let mut size = String::new();
            reader.read_line(&mut size).expect("chunk size");
            let size = usize::from_str_radix(size.trim(), 16).expect("hex size");
            let mut chunk = vec![0; size + 2];
            reader.read_exact(&mut chunk).expect("chunk");
            if size == 0 {
                break;
            }
            body.extend_from_slice(&chunk[..size]);
        }
    } else {
        let length = lower
            .lines()
            .find_map(|l| l.strip_prefix("content-length:"))
            .map_or(0, |v| v.trim().parse().expect("length"));
        let mut raw = vec![0; length];
        reader.read_exact(&mut raw).expect("body");
        body = raw;
    }
    (head, String::from_utf8(body).expect("utf-8 body"))
}

#[test]
fn fake_keeps_connections_alive_and_reads_chunked_bodies() {
    let turn = Turn {
        write: Some(("a.txt".to_owned(), "A".to_owned())),
        final_text: "bye".to_owned(),
        call: None,
    };
    let api = FakeAnthropicApi::start(turn);
    let mut stream =
        TcpStream::connect(api.base_url().trim_start_matches("http://")).expect("connecting");
    let system = "Environment:\n - Primary working directory: /home/op/project\n - Platform: linux";
    let tools = r#"[{"name":"Write","input_schema":{}}]"#;

    // A chunked body split mid-JSON, as a streaming uploader might send it.
    let first = format!(
        r#"{{"model":"m","stream":true,"system":[{{"type":"text","text":{}}}],"tools":{tools},"messages":[{{"role":"user","content":"go"}}]}}"#,
        serde_json::to_string(system).expect("json")
    );
    let (a, b) = first.split_at(first.len() / 2);
    let request = format!(
        "POST /v1/messages?beta=true HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n\
         {:x}\r\n{a}\r\n{:x}\r\n{b}\r\n0\r\n\r\n",
        a.len(),
        b.len()
    );
    let (head, sse) = exchange(&mut stream, request.as_bytes());
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    let data: Vec<Value> = sse
        .lines()
        .filter_map(|l| l.strip_prefix("data: "))
        .map(|d| serde_json::from_str(d).expect("event JSON"))
        .collect();
    let partial: String = data.iter().filter_map(|d| d["delta"]["partial_json"].as_str()).collect();
    let input: Value = serde_json::from_str(&partial).expect("tool input JSON");
    assert_eq!(input["file_path"], "/home/op/project/a.txt");
    assert_eq!(data.last().expect("events")["type"], "message_stop");

    // The same connection carries the tool's result, answered without streaming.
    let second = format!(
        r#"{{"model":"m","stream":false,"tools":{tools},"messages":[{{"role":"user","content":[{{"type":"tool_result","tool_use_id":{},"content":"ok"}}]}}]}}"#,
        serde_json::to_string(&data.iter().find_map(|d| d["content_block"]["id"].as_str()))
            .expect("json")
    );
    let request = format!(
        "POST /v1/messages HTTP/1.1\r\nHost: x\r\nContent-Length: {}\r\n\r\n{second}",
        second.len()
    );
    let (_, json) = exchange(&mut stream, request.as_bytes());
    let message: Value = serde_json::from_str(&json).expect("message JSON");
    assert_eq!(message["stop_reason"], "end_turn");
    assert_eq!(message["content"][0]["text"], "bye");
    assert_eq!(api.received().len(), 2);
}
