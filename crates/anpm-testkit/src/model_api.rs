//! A fake model API on 127.0.0.1 that real agent CLIs talk to offline: the Gemini API
//! (`POST /v1beta/models/<model>:streamGenerateContent?alt=sse`, `:generateContent`, `:countTokens`) for
//! Gemini CLI, and the OpenAI chat-completions API (`POST /v1/chat/completions`, streamed as server-sent
//! events) for OpenCode. A scripted agent turn: first a tool call that writes one file, then, once the
//! tool's result comes back, a final message. Requests without tools (a CLI's own side calls: model
//! routing, session titles) get a short text answer. Every request is recorded.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};

use serde_json::{json, Value};

/// What the fake model does in the main conversation.
#[derive(Debug, Clone)]
pub struct Turn {
    /// The file the model asks its CLI to write (path relative to the working directory) and its content.
    pub write: Option<(String, String)>,
    /// The final message, once the tool ran (or at once without a tool).
    pub final_text: String,
    /// A tool the model calls before anything else when a request offers it, by name with its input
    /// (say an MCP server's `mcp__anpm__add_backlog_item`). Played by the Anthropic and Responses fakes.
    pub call: Option<(String, Value)>,
}

/// One request the server received: its path and its JSON body.
#[derive(Debug, Clone)]
pub struct ModelRequest {
    pub path: String,
    pub body: Value,
}

/// A fake API's listener on 127.0.0.1: one thread per connection runs `serve` with the scripted turn, and
/// every request it records is kept. Shared by the fakes of each provider's API.
#[derive(Debug)]
pub(crate) struct Listener<R> {
    base_url: String,
    received: Arc<Mutex<Vec<R>>>,
}

impl<R: Clone + Send + 'static> Listener<R> {
    pub(crate) fn start(turn: Turn, serve: fn(TcpStream, &Turn, &Mutex<Vec<R>>)) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("binding 127.0.0.1:0");
        let base_url = format!("http://{}", listener.local_addr().expect("local addr"));
        let received = Arc::new(Mutex::new(Vec::new()));
        let log = Arc::clone(&received);
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { break };
                let (turn, log) = (turn.clone(), Arc::clone(&log));
                std::thread::spawn(move || serve(stream, &turn, &log));
            }
        });
        Self { base_url, received }
    }

    pub(crate) fn base_url(&self) -> &str {
        &self.base_url
    }

    pub(crate) fn received(&self) -> Vec<R> {
        self.received.lock().expect("log lock").clone()
    }
}

/// A running fake model API. Dropping it stops accepting.
#[derive(Debug)]
pub struct FakeModelApi(Listener<ModelRequest>);

impl FakeModelApi {
    /// Starts a server that plays `turn`.
    pub fn start(turn: Turn) -> Self {
        Self(Listener::start(turn, serve))
    }

    /// `http://127.0.0.1:PORT`.
    pub fn base_url(&self) -> &str {
        self.0.base_url()
    }

    /// Every request received so far.
    pub fn received(&self) -> Vec<ModelRequest> {
        self.0.received()
    }
}

fn serve(stream: TcpStream, turn: &Turn, log: &Mutex<Vec<ModelRequest>>) {
    let mut reader = BufReader::new(stream.try_clone().expect("clone stream"));
    let mut request_line = String::new();
    if reader.read_line(&mut request_line).unwrap_or(0) == 0 {
        return;
    }
    let path = request_line.split_whitespace().nth(1).unwrap_or_default().to_owned();
    let mut length = 0usize;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
            break;
        }
        if let Some((name, value)) = line.trim_end().split_once(':') {
            if name.trim().eq_ignore_ascii_case("content-length") {
                length = value.trim().parse().unwrap_or(0);
            }
        }
    }
    let mut raw = vec![0; length];
    let _ = reader.read_exact(&mut raw);
    let body: Value = serde_json::from_slice(&raw).unwrap_or(Value::Null);
    log.lock().expect("log lock").push(ModelRequest { path: path.clone(), body: body.clone() });
    let mut stream = stream;
    if path.contains(":countTokens") {
        return send_json(&mut stream, &json!({ "totalTokens": 42 }));
    }
    if path.contains(":streamGenerateContent") || path.contains(":generateContent") {
        let chunks = gemini(&body, turn);
        return if path.contains(":streamGenerateContent") {
            send_sse(&mut stream, &chunks, false)
        } else {
            send_json(&mut stream, &merge_gemini(&chunks))
        };
    }
    if path.contains("/chat/completions") {
        let chunks = openai(&body, turn);
        return if body["stream"].as_bool().unwrap_or(false) {
            send_sse(&mut stream, &chunks, true)
        } else {
            send_json(&mut stream, &merge_openai(&chunks))
        };
    }
    let head = "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
    let _ = stream.write_all(head.as_bytes());
}

const USAGE_IN: u64 = 120;
const USAGE_OUT: u64 = 9;

/// The Gemini answer: stream chunks of `candidates`.
fn gemini(body: &Value, turn: &Turn) -> Vec<Value> {
    let usage = json!({
        "promptTokenCount": USAGE_IN, "candidatesTokenCount": USAGE_OUT, "totalTokenCount": USAGE_IN + USAGE_OUT
    });
    let chunk = |parts: Value, last: bool| {
        let mut candidate = json!({ "content": { "role": "model", "parts": parts }, "index": 0 });
        let mut chunk = json!({ "modelVersion": "fake" });
        if last {
            candidate["finishReason"] = json!("STOP");
            chunk["usageMetadata"] = usage.clone();
        }
        chunk["candidates"] = json!([candidate]);
        chunk
    };
    let has_tools = body["tools"].as_array().is_some_and(|t| !t.is_empty());
    if !has_tools {
        // A side call (model routing, next speaker): any short JSON-shaped text satisfies it.
        let text = json!({ "reasoning": "fake", "model_choice": "flash", "next_speaker": "user" })
            .to_string();
        return vec![chunk(json!([{ "text": text }]), true)];
    }
    let answered = body["contents"]
        .as_array()
        .and_then(|c| c.last())
        .and_then(|last| last["parts"].as_array())
        .is_some_and(|parts| parts.iter().any(|p| p.get("functionResponse").is_some()));
    match (&turn.write, answered) {
        (Some((path, content)), false) => vec![
            chunk(json!([{ "text": "I will write the file." }]), false),
            chunk(
                json!([{ "functionCall": { "name": "write_file", "args": { "file_path": path, "content": content } } }]),
                true,
            ),
        ],
        _ => vec![chunk(json!([{ "text": turn.final_text }]), true)],
    }
}

fn merge_gemini(chunks: &[Value]) -> Value {
    let parts: Vec<Value> = chunks
        .iter()
        .flat_map(|c| {
            c["candidates"][0]["content"]["parts"].as_array().cloned().unwrap_or_default()
        })
        .collect();
    let mut merged = chunks.last().cloned().unwrap_or_default();
    merged["candidates"][0]["content"]["parts"] = Value::Array(parts);
    merged
}

/// The OpenAI answer: chat-completion chunks.
fn openai(body: &Value, turn: &Turn) -> Vec<Value> {
    let model = body["model"].as_str().unwrap_or("fake-model").to_owned();
    let chunk = |delta: Value, finish: Option<&str>, usage: bool| {
        let mut c = json!({
            "id": "chatcmpl-fake", "object": "chat.completion.chunk", "created": 0, "model": model,
            "choices": [{ "index": 0, "delta": delta, "finish_reason": finish }]
        });
        if usage {
            c["usage"] = json!({
                "prompt_tokens": USAGE_IN, "completion_tokens": USAGE_OUT, "total_tokens": USAGE_IN + USAGE_OUT
            });
        }
        c
    };
    let has_tools = body["tools"].as_array().is_some_and(|t| !t.is_empty());
    if !has_tools {
        return vec![
            chunk(json!({ "role": "assistant", "content": "A session title" }), None, false),
            chunk(json!({}), Some("stop"), true),
        ];
    }
    let answered = body["messages"]
        .as_array()
        .and_then(|m| m.last())
        .is_some_and(|last| last["role"] == "tool");
    match (&turn.write, answered) {
        (Some((path, content)), false) => {
            let arguments = json!({ "filePath": path, "content": content }).to_string();
            vec![
                chunk(
                    json!({ "role": "assistant", "content": "I will write the file." }),
                    None,
                    false,
                ),
                chunk(
                    json!({ "tool_calls": [{ "index": 0, "id": "call_1", "type": "function",
                        "function": { "name": "write", "arguments": arguments } }] }),
                    None,
                    false,
                ),
                chunk(json!({}), Some("tool_calls"), true),
            ]
        }
        _ => vec![
            chunk(json!({ "role": "assistant", "content": turn.final_text }), None, false),
            chunk(json!({}), Some("stop"), true),
        ],
    }
}

fn merge_openai(chunks: &[Value]) -> Value {
    let content: String =
        chunks.iter().filter_map(|c| c["choices"][0]["delta"]["content"].as_str()).collect();
    json!({
        "id": "chatcmpl-fake", "object": "chat.completion", "created": 0, "model": "fake-model",
        "choices": [{ "index": 0, "message": { "role": "assistant", "content": content }, "finish_reason": "stop" }],
        "usage": { "prompt_tokens": USAGE_IN, "completion_tokens": USAGE_OUT, "total_tokens": USAGE_IN + USAGE_OUT }
    })
}

fn send_json(stream: &mut TcpStream, value: &Value) {
    let body = value.to_string();
    let head = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let _ = stream.write_all(head.as_bytes()).and_then(|_| stream.write_all(body.as_bytes()));
}

fn send_sse(stream: &mut TcpStream, chunks: &[Value], done_marker: bool) {
    let head =
        "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\nConnection: close\r\n\r\n";
    if stream.write_all(head.as_bytes()).is_err() {
        return;
    }
    for chunk in chunks {
        if stream.write_all(format!("data: {chunk}\n\n").as_bytes()).is_err() {
            return;
        }
        let _ = stream.flush();
    }
    if done_marker {
        let _ = stream.write_all(b"data: [DONE]\n\n");
    }
    let _ = stream.flush();
}
