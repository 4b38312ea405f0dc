//! A fake OpenAI Responses API on 127.0.0.1 that the real Codex CLI talks to offline (a `model_providers`
//! entry with `wire_api = "responses"`): `POST /v1/responses` answered as server-sent events
//! (`response.created`, one `response.output_item.done`, `response.completed` with usage), and an empty
//! model list for a `GET`. It plays the turn's scripted call when a request offers that tool — Codex
//! offers an MCP server's tools inside a `namespace` tool (`mcp__anpm` holding `report_progress`), so
//! `mcp__anpm__report_progress` is answered as a call in that namespace — then the turn's final text once
//! the call's output comes back. A scripted file write is not played: Codex edits through its own shell
//! and patch tools. Connections are kept alive; every request is recorded.

use std::io::BufReader;
use std::net::TcpStream;
use std::sync::Mutex;

use serde_json::{json, Value};

use crate::anthropic::{read_request, route, send_json, send_sse, ApiRequest};
use crate::model_api::{Listener, Turn};

/// A running fake Responses API. Dropping it stops accepting.
#[derive(Debug)]
pub struct FakeResponsesApi(Listener<ApiRequest>);

impl FakeResponsesApi {
    /// Starts a server that plays `turn`.
    pub fn start(turn: Turn) -> Self {
        Self(Listener::start(turn, serve))
    }

    /// `http://127.0.0.1:PORT` (Codex's provider `base_url` is this plus `/v1`).
    pub fn base_url(&self) -> &str {
        self.0.base_url()
    }

    /// Every request received so far.
    pub fn received(&self) -> Vec<ApiRequest> {
        self.0.received()
    }
}

const CALL_ID: &str = "call_fake_1";
const USAGE_IN: u64 = 120;
const USAGE_OUT: u64 = 9;

fn serve(stream: TcpStream, turn: &Turn, log: &Mutex<Vec<ApiRequest>>) {
    let mut reader = BufReader::new(stream.try_clone().expect("clone stream"));
    let mut stream = stream;
    while let Some((request, close)) = read_request(&mut reader) {
        log.lock().expect("log lock").push(request.clone());
        let kept = match (request.method.as_str(), route(&request.path)) {
            ("POST", "/v1/responses") => {
                let usage = json!({
                    "input_tokens": USAGE_IN, "input_tokens_details": { "cached_tokens": 0 },
                    "output_tokens": USAGE_OUT, "output_tokens_details": { "reasoning_tokens": 0 },
                    "total_tokens": USAGE_IN + USAGE_OUT
                });
                let events = [
                    (
                        "response.created",
                        json!({ "type": "response.created", "response": { "id": "resp_fake" } }),
                    ),
                    (
                        "response.output_item.done",
                        json!({ "type": "response.output_item.done", "output_index": 0, "item": answer(&request.body, turn) }),
                    ),
                    (
                        "response.completed",
                        json!({ "type": "response.completed", "response": { "id": "resp_fake", "usage": usage } }),
                    ),
                ];
                send_sse(&mut stream, &events)
            }
            ("GET", _) => send_json(&mut stream, &json!({ "object": "list", "data": [] })),
            _ => {
                use std::io::Write;
                stream.write_all(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n").is_ok()
            }
        };
        if close || !kept {
            return;
        }
    }
}

/// The one output item of a request: the scripted call while it is offered and unanswered, else the final
/// message.
fn answer(body: &Value, turn: &Turn) -> Value {
    if let Some((name, input)) = &turn.call {
        let answered = body["input"]
            .as_array()
            .into_iter()
            .flatten()
            .any(|item| item["type"] == "function_call_output" && item["call_id"] == CALL_ID);
        if let Some(mut call) = offered(body, name).filter(|_| !answered) {
            call["id"] = json!("fc_fake_1");
            call["call_id"] = json!(CALL_ID);
            call["arguments"] = json!(input.to_string());
            return call;
        }
    }
    json!({
        "type": "message", "role": "assistant", "id": "msg_fake", "status": "completed",
        "content": [{ "type": "output_text", "text": turn.final_text, "annotations": [] }]
    })
}

/// The `function_call` item that calls `name` as the request offers it: a plain function tool of that
/// name, or a function inside a namespace tool whose name prefixes it (`<namespace>__<function>`).
fn offered(body: &Value, name: &str) -> Option<Value> {
    body["tools"].as_array().into_iter().flatten().find_map(|tool| match tool["type"].as_str() {
        Some("function") if tool["name"] == name => {
            Some(json!({ "type": "function_call", "name": name }))
        }
        Some("namespace") => {
            let namespace = tool["name"].as_str()?;
            let function = name.strip_prefix(namespace)?.strip_prefix("__")?;
            let inside = tool["tools"].as_array()?.iter().any(|t| t["name"] == function);
            inside.then(
                || json!({ "type": "function_call", "namespace": namespace, "name": function }),
            )
        }
        _ => None,
    })
}
