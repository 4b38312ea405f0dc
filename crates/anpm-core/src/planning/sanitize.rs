//! The context sanitizer (version `v2`): redacts secrets from every text field of a planning context
//! before it is stored or sent anywhere (task and document titles, paths, drift details, agent-run
//! summaries, sync errors), and caps the length of the free-text ones. The input is never modified; a
//! sanitized copy is returned.
//!
//! Secret shapes are one table, [`SECRET_SHAPES`], each with its own test. Bare hex strings (commit SHAs,
//! UUIDs, digests without a label) are deliberately not matched: they are useful evidence, not secrets.

use std::sync::OnceLock;

use regex::{Captures, Regex};

use super::context::Sources;

/// Version tag recorded in every context built with these rules.
pub const SANITIZER_VERSION: &str = "v2";

/// Longest agent-run summary kept, in characters.
pub const AGENT_SUMMARY_MAX_CHARS: usize = 180;

/// Longest sync error message kept, in characters.
pub const SYNC_ERROR_MAX_CHARS: usize = 240;

const REDACTED: &str = "[REDACTED]";

/// One shape of secret: its name, the pattern, and an example it must catch. The name and the example are
/// read by the tests only, which check every shape on its example.
#[derive(Debug, Clone, Copy)]
pub struct SecretShape {
    #[cfg_attr(not(test), allow(dead_code))]
    name: &'static str,
    pattern: &'static str,
    #[cfg_attr(not(test), allow(dead_code))]
    example: &'static str,
}

/// Every secret shape the sanitizer redacts, applied in this order (longer, more specific shapes first).
pub const SECRET_SHAPES: &[SecretShape] = &[
    SecretShape {
        name: "PEM private key (header, body and footer)",
        pattern: r"-----BEGIN [A-Z ]*PRIVATE KEY-----(?:[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----)?",
        example: "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo\n-----END RSA PRIVATE KEY-----",
    },
    SecretShape {
        name: "Authorization header",
        pattern: r"(?i)authorization:\s*(?:(?:bearer|basic|token)\s+)?\S+",
        example: "Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.payload.sig",
    },
    SecretShape {
        name: "Anthropic key",
        pattern: r"sk-ant-[A-Za-z0-9_\-]{20,}",
        example: "sk-ant-api03-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789",
    },
    SecretShape {
        name: "OpenAI project or service key",
        pattern: r"sk-(?:proj|svcacct|admin)-[A-Za-z0-9_\-]{20,}",
        example: "sk-proj-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-AbCd",
    },
    SecretShape {
        name: "OpenAI-style key",
        pattern: r"(?i)sk-[a-z0-9]{20,}",
        example: "sk-abcdefghijklmnopqrstuv1234",
    },
    SecretShape {
        name: "GitHub token",
        pattern: r"gh[pousr]_[A-Za-z0-9]{36,}",
        example: "ghp_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789",
    },
    SecretShape {
        name: "GitHub fine-grained token",
        pattern: r"github_pat_[A-Za-z0-9_]{22,}",
        example: "github_pat_11ABCDEFG0123456789_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789",
    },
    SecretShape {
        name: "Slack token",
        pattern: r"xox[abposr]-[A-Za-z0-9\-]{10,}",
        example: "xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx",
    },
    SecretShape {
        name: "Google API key",
        pattern: r"AIza[0-9A-Za-z_\-]{35}",
        example: "AIzaSyA1b2C3d4E5f6G7h8I9j0KlMnOpQrStUvW",
    },
    SecretShape {
        name: "AWS access key id",
        pattern: r"(?:AKIA|ASIA)[0-9A-Z]{16}",
        example: "AKIAIOSFODNN7EXAMPLE",
    },
    SecretShape {
        name: "AWS secret access key (40 characters of base64 with both cases and a digit)",
        pattern: r"(?:^|[^A-Za-z0-9/+])([A-Za-z0-9/+]{40})(?:$|[^A-Za-z0-9/+=])",
        example: "aws secret wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY here",
    },
    SecretShape {
        name: "Bearer token",
        pattern: r"(?i)bearer\s+[a-z0-9._\-]{16,}",
        example: "curl -H 'bearer abcdefghijklmnop1234'",
    },
    SecretShape {
        name: "credentials in a URL",
        pattern: r"https?://[^\s/@:]+:[^\s/@]+@",
        example: "https://admin:hunter2@example.com/repo.git",
    },
    SecretShape {
        name: "labelled secret (password=, token:, api_key=)",
        pattern: r"(?i)(?:password|passwd|secret|token|api[_-]?key)\s*[:=]\s*\S+",
        example: "api_key=xyz987654321",
    },
    SecretShape {
        name: "password given after the word (with a digit or symbol in it)",
        pattern: r"(?i)\b(?:password|passwd|pwd)\s+\S*[0-9!@#$%^&*]\S*",
        example: "the db password hunter2! works",
    },
    SecretShape {
        name: "labelled sha256 digest",
        pattern: r"(?i)sha256:[a-f0-9]{32,}",
        example: "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
    },
];

fn patterns() -> &'static [Regex] {
    static PATTERNS: OnceLock<Vec<Regex>> = OnceLock::new();
    PATTERNS.get_or_init(|| {
        SECRET_SHAPES
            .iter()
            .map(|s| Regex::new(s.pattern).expect("invariant: the sanitizer patterns compile"))
            .collect()
    })
}

/// Whether a 40-character run is shaped like an AWS secret key rather than a hex digest or a word: both
/// letter cases and a digit.
fn looks_like_aws_secret(candidate: &str) -> bool {
    candidate.chars().any(|c| c.is_ascii_uppercase())
        && candidate.chars().any(|c| c.is_ascii_lowercase())
        && candidate.chars().any(|c| c.is_ascii_digit())
}

/// Replaces every secret-shaped match in `text` with `[REDACTED]`.
pub fn redact(text: &str) -> String {
    SECRET_SHAPES.iter().zip(patterns()).fold(text.to_owned(), |acc, (shape, re)| {
        if shape.pattern.contains("{40}") {
            // Only the 40-character group, and only when it is mixed-case base64, is a secret.
            re.replace_all(&acc, |c: &Captures<'_>| {
                let whole = &c[0];
                let key = &c[1];
                if looks_like_aws_secret(key) {
                    whole.replacen(key, REDACTED, 1)
                } else {
                    whole.to_owned()
                }
            })
            .into_owned()
        } else {
            re.replace_all(&acc, REDACTED).into_owned()
        }
    })
}

pub use crate::extract::truncate_chars;

/// A sanitized copy of `sources`: every text field redacted, the free-text ones capped.
pub fn sanitize(sources: &Sources) -> Sources {
    let mut clean = sources.clone();
    for task in &mut clean.open_tasks {
        task.title = redact(&task.title);
    }
    for doc in &mut clean.recent_documents {
        doc.title = redact(&doc.title);
        doc.file_path = redact(&doc.file_path);
    }
    for signal in &mut clean.open_drift_signals {
        signal.document_title = redact(&signal.document_title);
        signal.trigger_detail = redact(&signal.trigger_detail);
    }
    for run in &mut clean.recent_agent_runs {
        run.agent_name = redact(&run.agent_name);
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
    fn every_shape_of_the_table_is_caught_in_its_example() {
        for shape in SECRET_SHAPES {
            let out = redact(&format!("before {} after", shape.example));
            assert!(out.contains(REDACTED), "{}: {out}", shape.name);
            assert!(out.starts_with("before ") && out.ends_with(" after"), "{}: {out}", shape.name);
        }
        // The nine shapes that used to pass through, each gone whole.
        for (secret, leaked) in [
            ("sk-proj-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789", "AbCdEfGh"),
            ("sk-ant-api03-AbCdEfGhIjKlMnOpQrStUvWxYz0123", "api03"),
            ("ghp_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789", "AbCdEfGh"),
            ("github_pat_11ABCDEFG0123456789_AbCdEfGhIjKlMnOp", "11ABCDEFG"),
            ("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "wJalrXUtnFEMI"),
            ("-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----", "MIIEvQ"),
            ("password hunter2", "hunter2"),
            ("xoxb-123456789012-AbCdEfGhIjKl", "AbCdEfGhIjKl"),
            ("AIzaSyA1b2C3d4E5f6G7h8I9j0KlMnOpQrStUvW", "SyA1b2"),
        ] {
            let out = redact(&format!("note: {secret}."));
            assert!(!out.contains(leaked), "{secret} leaked: {out}");
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
            "fix the password reset flow",
            "commit 3f9a1c2b7d4e5f60718293a4b5c6d7e8f9012345 of the fix",
            "src/components/settings/AgentProfilesSection.tsx",
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

    #[test]
    fn every_text_field_of_the_pack_is_redacted_and_masking_never_grows_past_the_caps() {
        use crate::planning::context::{DocumentRef, DriftSignalRef, OpenTaskRef};
        let key = "sk-proj-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789";
        let mut input = sources();
        input.open_tasks = vec![OpenTaskRef {
            id: "t1".into(),
            title: format!("Rotate {key}"),
            status: "todo".into(),
            priority: "high".into(),
            updated_at: "2026-01-01T00:00:00.000000Z".into(),
        }];
        input.recent_documents = vec![DocumentRef {
            id: "d1".into(),
            title: format!("Keys: {key}"),
            file_path: "docs/keys.md".into(),
            doc_type: "guide".into(),
            is_stale: false,
            staleness_days: 0,
        }];
        input.open_drift_signals = vec![DriftSignalRef {
            id: "s1".into(),
            document_title: "Ops".into(),
            trigger_type: "code_change".into(),
            trigger_detail: format!("ghp_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789 in {key}"),
            severity: "high".into(),
            opened_at: "2026-01-01T00:00:00.000000Z".into(),
        }];
        // A summary made of short secrets: each becomes the longer marker, and the cap still holds.
        input.recent_agent_runs[0].summary = "pwd a1! ".repeat(100);
        let clean = sanitize(&input);
        let text = serde_json::to_string(&clean).expect("json");
        assert!(!text.contains("AbCdEfGh"), "{text}");
        assert!(clean.recent_agent_runs[0].summary.chars().count() <= AGENT_SUMMARY_MAX_CHARS);
        assert!(clean.latest_sync_run.as_ref().unwrap().error_message.chars().count() <= SYNC_ERROR_MAX_CHARS);
    }
}
