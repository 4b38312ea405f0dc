//! A fake Anthropic Messages API on 127.0.0.1 that the real Claude Code CLI talks to offline
//! (`ANTHROPIC_BASE_URL`): `POST /v1/messages` answered as server-sent events when the request asks to stream
//! and as one JSON message when it does not, and `POST /v1/messages/count_tokens`. It plays the same scripted
//! turn as `model_api`: the turn's first call when one is scripted and offered (an MCP tool), a `Write` tool
//! call, then the final text once the tools' results come back; requests
//! without tools (the CLI's side calls) get a short text answer. Connections are kept alive, as Node's fetch
//! expects, and a proxy `CONNECT` is refused and recorded, so a test pointing `HTTPS_PROXY` here can prove
//! that nothing left the machine. Every request is recorded.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::sync::Mutex;

use serde_json::{json, Value};

use crate::model_api::{Listener, Turn};

/// One request the server received.
#[derive(Debug, Clone)]
pub struct ApiRequest {
    pub method: String,
    /// The path with its query (Claude Code asks for `/v1/messages?beta=true`).
    pub path: String,
    /// The JSON body, `Null` when there was none or it was not JSON.
    pub body: Value,
}

impl ApiRequest {
    /// Whether this is a Messages API call that asked for a streamed answer.
    pub fn is_streaming_messages(&self) -> bool {
        self.method == "POST" && route(&self.path) == "/v1/messages" && self.body["stream"] == true
    }
}

/// A running fake Anthropic API. Dropping it stops accepting.
#[derive(Debug)]
pub struct FakeAnthropicApi(Listener<ApiRequest>);

impl FakeAnthropicApi {
    /// Starts a server that plays `turn`.
    pub fn start(turn: Turn) -> Self {
        Self(Listener::start(turn, serve))
    }

    /// `http://127.0.0.1:PORT`.
    pub fn base_url(&self) -> &str {
        self.0.base_url()
    }

    /// Every request received so far.
    pub fn received(&self) -> Vec<ApiRequest> {
        self.0.received()
    }
}

/// The path without its query.
pub(crate) fn route(path: &str) -> &str {
    path.split('?').next().unwrap_or_default()
}

/// Answers requests on one connection until the client closes it.
fn serve(stream: TcpStream, turn: &Turn, log: &Mutex<Vec<ApiRequest>>) {
    let mut reader = BufReader::new(stream.try_clone().expect("clone stream"));
    let mut stream = stream;
    while let Some((request, close)) = read_request(&mut reader) {
        log.lock().expect("log lock").push(request.clone());
        let kept = match (request.method.as_str(), route(&request.path)) {
            ("CONNECT", _) => {
                let _ = stream.write_all(
                    b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
                );
                false
            }
            ("POST", "/v1/messages/count_tokens") => {
                send_json(&mut stream, &json!({ "input_tokens": USAGE_IN }))
            }
            ("POST", "/v1/messages") => {
                let (content, stop_reason) = answer(&request.body, turn);
                let model = request.body["model"].as_str().unwrap_or("claude-fake");
                if request.body["stream"] == true {
                    send_sse(&mut stream, &events(model, &content, stop_reason))
                } else {
                    send_json(&mut stream, &message(model, content, stop_reason))
                }
            }
            _ => stream.write_all(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n").is_ok(),
        };
        if close || !kept {
            return;
        }
    }
}

/// Reads one request, or `None` once the client has gone. The flag says the client asked to close.
pub(crate) fn read_request(reader: &mut BufReader<TcpStream>) -> Option<(ApiRequest, bool)> {
    let mut request_line = String::new();
    if reader.read_line(&mut request_line).ok()? == 0 {
        return None;
    }
    let mut words = request_line.split_whitespace();
    let method = words.next()?.to_owned();
    let path = words.next()?.to_owned();
    let (mut length, mut chunked, mut close) = (0usize, false, false);
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        if line == "\r\n" || line == "\n" {
            break;
        }
        let Some((name, value)) = line.trim_end().split_once(':') else { continue };
        let (name, value) = (name.trim().to_ascii_lowercase(), value.trim().to_ascii_lowercase());
        match name.as_str() {
            "content-length" => length = value.parse().unwrap_or(0),
            "transfer-encoding" => chunked = value.contains("chunked"),
            "connection" => close = value.contains("close"),
            _ => {}
        }
    }
    let raw = if chunked { read_chunked(reader)? } else { read_exact(reader, length)? };
    let body = serde_json::from_slice(&raw).unwrap_or(Value::Null);
    Some((ApiRequest { method, path, body }, close))
}

fn read_exact(reader: &mut BufReader<TcpStream>, length: usize) -> Option<Vec<u8>> {
    let mut raw = vec![0; length];
    reader.read_exact(&mut raw).ok()?;
    Some(raw)
}

/// A chunked body: hex sizes (extensions after `;` ignored), each chunk followed by CRLF, then trailers.
fn read_chunked(reader: &mut BufReader<TcpStream>) -> Option<Vec<u8>> {
    let mut raw = Vec::new();
    loop {
        let mut size_line = String::new();
        reader.read_line(&mut size_line).ok()?;
        let size = size_line.trim().split(';').next()?;
        let size = usize::from_str_radix(size.trim(), 16).ok()?;
        if size == 0 {
            break;
        }
        raw.extend(read_exact(reader, size)?);
        read_exact(reader, 2)?;
    }
    loop {
        let mut trailer = String::new();
        if reader.read_line(&mut trailer).ok()? == 0 || trailer.trim().is_empty() {
            return Some(raw);
        }
    }
}

const USAGE_IN: u64 = 120;
const USAGE_OUT: u64 = 9;
const TOOL_USE_ID: &str = "toolu_fake_write_1";
const CALL_ID: &str = "toolu_fake_call_1";

/// The scripted answer to one Messages request: its content blocks and stop reason.
fn answer(body: &Value, turn: &Turn) -> (Vec<Value>, &'static str) {
    let tools = body["tools"].as_array().map(Vec::as_slice).unwrap_or_default();
    if tools.is_empty() {
        // A side call (a session title, a summary): any short text satisfies it.
        return (vec![text_block("A short answer")], "end_turn");
    }
    if let Some((name, input)) = &turn.call {
        let offered = tools.iter().any(|t| t["name"] == name.as_str());
        if offered && !tool_answered(body, CALL_ID) {
            let tool_use =
                json!({ "type": "tool_use", "id": CALL_ID, "name": name, "input": input });
            return (vec![text_block("First, a call."), tool_use], "tool_use");
        }
    }
    let offers_write = tools.iter().any(|t| t["name"] == "Write");
    match &turn.write {
        Some((path, content)) if offers_write && !tool_answered(body, TOOL_USE_ID) => {
            let input = json!({ "file_path": absolute(path, body), "content": content });
            let tool_use =
                json!({ "type": "tool_use", "id": TOOL_USE_ID, "name": "Write", "input": input });
            (vec![text_block("I will write the file."), tool_use], "tool_use")
        }
        _ => (vec![text_block(&turn.final_text)], "end_turn"),
    }
}

fn text_block(text: &str) -> Value {
    json!({ "type": "text", "text": text })
}

/// Whether some user message carries the result of the tool call `id`.
fn tool_answered(body: &Value, id: &str) -> bool {
    body["messages"].as_array().into_iter().flatten().any(|m| {
        m["content"]
            .as_array()
            .into_iter()
            .flatten()
            .any(|block| block["type"] == "tool_result" && block["tool_use_id"] == id)
    })
}

/// `path` under the working directory Claude Code states in its system prompt, because its `Write` tool
/// refuses relative paths; left as it is when the prompt does not say.
fn absolute(path: &str, body: &Value) -> String {
    const MARK: &str = "Primary working directory: ";
    if path.starts_with('/') {
        return path.to_owned();
    }
    let system = match &body["system"] {
        Value::String(text) => text.clone(),
        Value::Array(blocks) => {
            blocks.iter().filter_map(|b| b["text"].as_str()).collect::<Vec<_>>().join("\n")
        }
        _ => String::new(),
    };
    let cwd =
        system.find(MARK).map(|at| &system[at + MARK.len()..]).and_then(|rest| rest.lines().next());
    match cwd.map(str::trim) {
        Some(cwd) if !cwd.is_empty() => format!("{}/{}", cwd.trim_end_matches('/'), path),
        _ => path.to_owned(),
    }
}

fn usage(output_tokens: u64) -> Value {
    json!({
        "input_tokens": USAGE_IN, "output_tokens": output_tokens,
        "cache_creation_input_tokens": 0, "cache_read_input_tokens": 0
    })
}

/// The whole answer as one non-streamed message.
fn message(model: &str, content: Vec<Value>, stop_reason: &str) -> Value {
    json!({
        "id": "msg_fake", "type": "message", "role": "assistant", "model": model, "content": content,
        "stop_reason": stop_reason, "stop_sequence": null, "usage": usage(USAGE_OUT)
    })
}

/// The answer as the Messages API's stream events. Text and tool input arrive in two deltas each, so a
/// client that keeps only the last delta would be caught.
fn events(model: &str, content: &[Value], stop_reason: &str) -> Vec<(&'static str, Value)> {
    let mut start = message(model, Vec::new(), "");
    start["stop_reason"] = Value::Null;
    start["usage"] = usage(1);
    let mut out = vec![("message_start", json!({ "type": "message_start", "message": start }))];
    for (index, block) in content.iter().enumerate() {
        let (empty, deltas) = if block["type"] == "tool_use" {
            let input = block["input"].to_string();
            let mut empty = block.clone();
            empty["input"] = json!({});
            let deltas = halves(&input)
                .map(|part| json!({ "type": "input_json_delta", "partial_json": part }));
            (empty, deltas)
        } else {
            let text = block["text"].as_str().unwrap_or_default();
            let deltas = halves(text).map(|part| json!({ "type": "text_delta", "text": part }));
            (text_block(""), deltas)
        };
        out.push((
            "content_block_start",
            json!({ "type": "content_block_start", "index": index, "content_block": empty }),
        ));
        for delta in deltas {
            out.push((
                "content_block_delta",
                json!({ "type": "content_block_delta", "index": index, "delta": delta }),
            ));
        }
        out.push(("content_block_stop", json!({ "type": "content_block_stop", "index": index })));
    }
    out.push((
        "message_delta",
        json!({
            "type": "message_delta",
            "delta": { "stop_reason": stop_reason, "stop_sequence": null },
            "usage": { "output_tokens": USAGE_OUT }
        }),
    ));
    out.push(("message_stop", json!({ "type": "message_stop" })));
    out
}

/// `text` cut in two at a character boundary near its middle.
fn halves(text: &str) -> [&str; 2] {
    let mut at = text.len() / 2;
    while !text.is_char_boundary(at) {
        at += 1;
    }
    [&text[..at], &text[at..]]
}

/// Writes a JSON answer; `false` if the connection is gone.
pub(crate) fn send_json(stream: &mut TcpStream, value: &Value) -> bool {
    let body = value.to_string();
    let head = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).and_then(|_| stream.write_all(body.as_bytes())).is_ok()
}

/// Writes the events chunked, so the stream has an end and the connection can carry the next request.
pub(crate) fn send_sse(stream: &mut TcpStream, events: &[(&str, Value)]) -> bool {
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\n\
                Transfer-Encoding: chunked\r\n\r\n";
    if stream.write_all(head.as_bytes()).is_err() {
        return false;
    }
    for (name, data) in events {
        let event = format!("event: {name}\ndata: {data}\n\n");
        let chunk = format!("{:x}\r\n{event}\r\n", event.len());
        if stream.write_all(chunk.as_bytes()).and_then(|_| stream.flush()).is_err() {
            return false;
        }
    }
    stream.write_all(b"0\r\n\r\n").and_then(|_| stream.flush()).is_ok()
}
