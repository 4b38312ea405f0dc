//! The context sanitizer (version `v1`): redacts secrets from the free-text fields of a planning context
//! before it is stored or sent anywhere, and caps their length.
//!
//! Only two fields carry free text written by tools rather than the operator: an agent run's summary and the
//! latest sync run's error message. Everything else in the context is titles and ids. The input is never
//! modified; a sanitized copy is returned.

use std::sync::OnceLock;

use regex::Regex;

use super::context::Sources;

/// Version tag recorded in every context built with these rules.
pub const SANITIZER_VERSION: &str = "v1";

/// Longest agent-run summary kept, in characters.
pub const AGENT_SUMMARY_MAX_CHARS: usize = 180;

/// Longest sync error message kept, in characters.
pub const SYNC_ERROR_MAX_CHARS: usize = 240;

const REDACTED: &str = "[REDACTED]";

/// Secret shapes, applied in order. Bare hex strings (commit SHAs, UUIDs, digests without a label) are
/// deliberately not matched: they are useful evidence and not secrets.
fn patterns() -> &'static [Regex] {
    static PATTERNS: OnceLock<Vec<Regex>> = OnceLock::new();
    PATTERNS.get_or_init(|| {
        [
            // An Authorization header with its scheme and credential.
            r"(?i)authorization:\s*(?:(?:bearer|basic|token)\s+)?\S+",
            r"(?i)sk-[a-z0-9]{20,}",
            r"AKIA[0-9A-Z]{16}",
            r"-----BEGIN [A-Z ]*PRIVATE KEY-----",
            r"(?i)bearer\s+[a-z0-9._\-]{16,}",
            // user:password@ in a URL.
            r"https?://[^\s/@:]+:[^\s/@]+@",
            r"(?i)(?:password|passwd|secret|token|api[_-]?key)\s*[:=]\s*\S+",
            r"(?i)sha256:[a-f0-9]{32,}",
        ]
        .iter()
        .map(|p| Regex::new(p).expect("invariant: the sanitizer patterns compile"))
        .collect()
    })
}

/// Replaces every secret-shaped match in `text` with `[REDACTED]`.
pub fn redact(text: &str) -> String {
    patterns().iter().fold(text.to_owned(), |acc, re| re.replace_all(&acc, REDACTED).into_owned())
}

pub use crate::extract::truncate_chars;

/// A sanitized copy of `sources`.
pub fn sanitize(sources: &Sources) -> Sources {
    let mut clean = sources.clone();
    for run in &mut clean.recent_agent_runs {
        run.summary = truncate_chars(&redact(&run.summary), AGENT_SUMMARY_MAX_CHARS);
    }
    if let Some(sync) = &mut clean.latest_sync_run {
        sync.error_message = truncate_chars(&redact(&sync.error_message), SYNC_ERROR_MAX_CHARS);
    }
    clean
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::planning::context::{AgentRunRef, SyncRunRef};

    #[test]
    fn redacts_known_secret_shapes() {
        let secrets = [
            "sk-abcdefghijklmnopqrstuv1234",
            "AKIAIOSFODNN7EXAMPLE",
            "-----BEGIN RSA PRIVATE KEY-----",
            "Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.payload.sig",
            "https://admin:hunter2@example.com/repo.git",
            "password=hunter2",
            "token: abc123-xyz",
            "api_key=xyz987654321",
            "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
            "Authorization: Bearer abcdef123456",
        ];
        for secret in secrets {
            let out = redact(&format!("before {secret} after"));
            assert!(out.contains(REDACTED), "{secret} -> {out}");
            for leaked in
                ["hunter2", "abcdef123456", "eyJhbGci", "IOSFODNN7", "xyz987654321", "abc123-xyz"]
            {
                if secret.contains(leaked) {
                    assert!(!out.contains(leaked), "{secret} leaked {leaked}: {out}");
                }
            }
        }
    }

    #[test]
    fn keeps_non_secret_look_alikes() {
        let keep = [
            "fixed in commit 3f9a1c2b7d4e5f60718293a4b5c6d7e8f9012345 yesterday",
            "digest 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
            "run 6f1c2a7e-8d7b-4c55-9a41-2b0f5d3c9e10 failed",
            "bearer token missing",
            "order 12345678901234567890 shipped",
            "see `a1b2c3` for details",
        ];
        for text in keep {
            assert_eq!(redact(text), text);
        }
    }

    fn sources() -> Sources {
        Sources {
            recent_agent_runs: vec![AgentRunRef {
                id: "r1".into(),
                agent_name: "claude".into(),
                action_type: "dispatch".into(),
                status: "failed".into(),
                started_at: "2026-01-01T00:00:00.000000Z".into(),
                summary: format!("password=hunter2 {}", "x".repeat(400)),
            }],
            latest_sync_run: Some(SyncRunRef {
                id: "s1".into(),
                status: "failed".into(),
                started_at: "2026-01-01T00:00:00.000000Z".into(),
                completed_at: None,
                error_message: format!("token: abc {}", "é".repeat(400)),
            }),
            ..Sources::default()
        }
    }

    #[test]
    fn sanitizes_a_copy_and_caps_free_text() {
        let input = sources();
        let before = input.clone();
        let clean = sanitize(&input);
        assert_eq!(input, before, "the input is not mutated");
        let summary = &clean.recent_agent_runs[0].summary;
        assert!(summary.starts_with(REDACTED) && !summary.contains("hunter2"));
        assert_eq!(summary.chars().count(), AGENT_SUMMARY_MAX_CHARS);
        let error = &clean.latest_sync_run.as_ref().unwrap().error_message;
        assert!(error.starts_with(REDACTED));
        assert_eq!(error.chars().count(), SYNC_ERROR_MAX_CHARS);

        let mut changed = clean.clone();
        changed.recent_agent_runs[0].summary.clear();
        assert_eq!(input, before, "changing the copy leaves the input alone");
    }
}
