//! The "test" button of the model provider: one tiny chat completion against the configured
//! OpenAI-compatible endpoint, so the operator learns whether URL, model and key work before a real
//! planning run fails on them.

use std::time::{Duration, Instant};

use serde::Serialize;
use ts_rs::TS;

use super::Planning;
use crate::planning::openai;
use crate::prompts;
use crate::Result;

/// The longest the probe may take, whatever the planning timeout.
const PROBE_TIMEOUT: Duration = Duration::from_secs(20);

/// What the provider test found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ProviderTest {
    pub base_url: String,
    pub model: String,
    /// True when the endpoint answered with a chat completion.
    pub ok: bool,
    pub latency_ms: u64,
    /// The start of the model's answer.
    pub reply: Option<String>,
    /// A planning error kind (`provider_unreachable`, `provider_error`, `rate_limited`…) when it failed.
    pub error_kind: Option<crate::domain::FailureKind>,
    pub message: String,
    pub remediation: Option<String>,
}

impl Planning<'_> {
    /// Sends one short prompt to the configured OpenAI-compatible endpoint. Fails with `invalid_input`
    /// when the endpoint is not configured; a failing endpoint is a result, not an error.
    pub fn probe_provider(&self) -> Result<ProviderTest> {
        let mut endpoint = self.openai_endpoint()?;
        endpoint.timeout = endpoint.timeout.min(PROBE_TIMEOUT);
        let started = Instant::now();
        let system = prompts::load("probes/provider-system")?.body.trim();
        let user = prompts::load("probes/provider")?.body.trim();
        let answer = openai::complete(&endpoint, system, user);
        let latency_ms = started.elapsed().as_millis() as u64;
        let (base_url, model) = (endpoint.base_url, endpoint.model);
        Ok(match answer {
            Ok(text) => ProviderTest {
                base_url,
                model,
                ok: true,
                latency_ms,
                reply: Some(text.trim().chars().take(80).collect()),
                error_kind: None,
                message: format!("the endpoint answered in {latency_ms} ms"),
                remediation: None,
            },
            Err(failure) => ProviderTest {
                base_url,
                model,
                ok: false,
                latency_ms,
                reply: None,
                error_kind: Some(failure.kind),
                remediation: Some(failure.kind.remediation().to_owned()),
                message: failure.message,
            },
        })
    }
}
