//! The OpenAI-compatible provider: one `POST {base_url}/chat/completions` with a system and a user message,
//! read back within a byte cap, its content handed to [`super::model`] for server-owned scoring.
//!
//! Blocking by design: planning runs execute on a worker thread or the CLI's own thread, never on an async
//! worker. The API key is passed in by the caller and never stored or logged here.

use std::io::Read;
use std::time::Duration;

use serde_json::{json, Value};

use super::failure::{FailureKind, PlanningFailure};

/// How long one request may take.
pub const TIMEOUT: Duration = Duration::from_secs(45);
/// Largest response body read.
pub const MAX_RESPONSE_BYTES: usize = 128 * 1024;
/// Largest request body sent.
pub const MAX_REQUEST_BYTES: usize = 256 * 1024;

/// Where and how to call the model.
#[derive(Clone, PartialEq, Eq)]
pub struct Endpoint {
    /// `http(s)://host[:port][/path]`, without a trailing slash.
    pub base_url: String,
    pub model: String,
    pub api_key: Option<String>,
    pub timeout: Duration,
}

impl std::fmt::Debug for Endpoint {
    // The key never reaches a log line, even through `{:?}`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Endpoint")
            .field("base_url", &self.base_url)
            .field("model", &self.model)
            .field("api_key", &self.api_key.as_ref().map(|_| "<set>"))
            .field("timeout", &self.timeout)
            .finish()
    }
}


/// Sends the two messages and returns the reply's text content.
pub fn complete(
    endpoint: &Endpoint,
    system: &str,
    user: &str,
) -> std::result::Result<String, PlanningFailure> {
    let body = json!({
        "model": endpoint.model,
        "messages": [{"role": "system", "content": system}, {"role": "user", "content": user}],
        "temperature": 0.2,
    });
    let body = serde_json::to_vec(&body).expect("invariant: a JSON value always serializes");
    if body.len() > MAX_REQUEST_BYTES {
        return Err(PlanningFailure::new(
            FailureKind::ContextOverflow,
            format!("the request is {} bytes; the limit is {MAX_REQUEST_BYTES}", body.len()),
        ));
    }
    let client =
        reqwest::blocking::Client::builder().timeout(endpoint.timeout).build().map_err(|e| {
            PlanningFailure::new(
                FailureKind::ProviderUnreachable,
                format!("building the HTTP client: {e}"),
            )
        })?;
    let mut request = client
        .post(format!("{}/chat/completions", endpoint.base_url))
        .header("Content-Type", "application/json")
        .header("Accept", "application/json")
        .body(body);
    if let Some(key) = endpoint.api_key.as_deref().filter(|k| !k.is_empty()) {
        request = request.bearer_auth(key);
    }
    let response = request.send().map_err(|e| transport_failure(endpoint, &e))?;
    let status = response.status();
    let mut bytes = Vec::new();
    response.take(MAX_RESPONSE_BYTES as u64 + 1).read_to_end(&mut bytes).map_err(|e| {
        PlanningFailure::new(FailureKind::ProviderUnreachable, format!("reading the response: {e}"))
    })?;
    if bytes.len() > MAX_RESPONSE_BYTES {
        return Err(PlanningFailure::new(
            FailureKind::ResponseTooLarge,
            format!("the response is larger than {MAX_RESPONSE_BYTES} bytes"),
        ));
    }
    let text = String::from_utf8_lossy(&bytes);
    let parsed: Option<Value> = serde_json::from_str(&text).ok();
    if !status.is_success() {
        let message = parsed
            .as_ref()
            .and_then(|v| v.pointer("/error/message"))
            .and_then(Value::as_str)
            .map(str::to_owned)
            .unwrap_or_else(|| text.chars().take(240).collect());
        let kind = if status.as_u16() == 429 {
            FailureKind::RateLimited
        } else {
            FailureKind::ProviderError
        };
        return Err(PlanningFailure::new(
            kind,
            format!("the provider answered {status}: {message}"),
        ));
    }
    let value = parsed.ok_or_else(|| {
        PlanningFailure::new(
            FailureKind::InvalidResponse,
            format!("the response is not JSON: {}", preview(&text)),
        )
    })?;
    if let Some(error) = value.get("error").filter(|e| !e.is_null()) {
        let message = error
            .get("message")
            .and_then(Value::as_str)
            .map(str::to_owned)
            .unwrap_or_else(|| error.to_string());
        return Err(PlanningFailure::new(
            FailureKind::ProviderError,
            format!("the provider reported an error: {message}"),
        ));
    }
    let content = value.pointer("/choices/0/message/content").ok_or_else(|| {
        PlanningFailure::new(FailureKind::InvalidResponse, "the response has no choices")
    })?;
    let content = match content {
        Value::String(s) => s.clone(),
        Value::Array(parts) => parts
            .iter()
            .filter_map(|p| p.get("text").and_then(Value::as_str))
            .collect::<Vec<_>>()
            .join("\n"),
        _ => String::new(),
    };
    if content.trim().is_empty() {
        return Err(PlanningFailure::new(
            FailureKind::InvalidResponse,
            "the response's message content is empty",
        ));
    }
    Ok(content)
}

fn transport_failure(endpoint: &Endpoint, e: &reqwest::Error) -> PlanningFailure {
    if e.is_timeout() {
        PlanningFailure::new(
            FailureKind::ProviderTimeout,
            format!("no answer from {} within {} s", endpoint.base_url, endpoint.timeout.as_secs()),
        )
    } else {
        PlanningFailure::new(
            FailureKind::ProviderUnreachable,
            format!("calling {}: {e}", endpoint.base_url),
        )
    }
}

fn preview(text: &str) -> String {
    text.chars().take(240).collect::<String>().replace(['\n', '\r'], " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_output_hides_the_key() {
        let endpoint = Endpoint {
            base_url: "http://x".into(),
            model: "m".into(),
            api_key: Some("sk-secret".into()),
            timeout: TIMEOUT,
        };
        assert!(!format!("{endpoint:?}").contains("sk-secret"));
    }
}
