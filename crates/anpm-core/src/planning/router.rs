//! The role router: asks an agent which execution role fits a candidate, through the `meta/dispatcher`
//! prompt (built here from the candidate, its requirement and its project) and dispatch's one-shot runner,
//! inside the same safety boundary as a task. Advisory only: nothing is stored; the operator applies with
//! the role of their choice.

use serde::Serialize;
use serde_json::Value;
use ts_rs::TS;

use crate::dispatch::failure::ErrorKind;
use crate::dispatch::limits::RunLimits;
use crate::dispatch::{oneshot, roles};
use crate::domain::{AgentProfile, BacklogCandidate, Env, Project, Requirement};
use crate::prompts;

/// Most bytes of reasoning kept.
pub const MAX_REASONING_BYTES: usize = 1024;
/// Most alternatives kept.
pub const MAX_ALTERNATIVES: usize = 2;

/// Another role that could fit.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Alternative {
    pub role_id: String,
    pub reason: String,
    pub score: f64,
}

/// The router's advice.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct RoleSuggestion {
    pub role_id: String,
    /// In [0, 1].
    pub confidence: f64,
    pub reasoning: String,
    pub alternatives: Vec<Alternative>,
}

/// The answer of `suggest-role`: a suggestion, or why there is none.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct SuggestOutcome {
    pub suggestion: Option<RoleSuggestion>,
    pub error_kind: Option<ErrorKind>,
    pub error_message: Option<String>,
    pub remediation: Option<String>,
}

impl SuggestOutcome {
    pub fn failed(kind: ErrorKind, message: impl Into<String>) -> Self {
        Self {
            suggestion: None,
            error_kind: Some(kind),
            error_message: Some(message.into()),
            remediation: Some(kind.remediation().into()),
        }
    }
}

/// The router's prompt for `candidate`: the `meta/dispatcher` prompt with the role catalog, the task, its
/// requirement and its project filled in.
pub fn prompt(candidate: &BacklogCandidate, requirement: Option<&Requirement>, project: &Project) -> String {
    let dispatcher =
        roles::catalog().get("dispatcher").expect("invariant: the dispatcher prompt is embedded");
    let mut vars = std::collections::BTreeMap::new();
    vars.insert("ROLE_CATALOG", catalog_lines());
    vars.insert("TASK_TITLE", candidate.title.clone());
    vars.insert("TASK_DESCRIPTION", candidate.description.clone());
    vars.insert(
        "REQUIREMENT",
        requirement.map(|r| format!("Title: {}\nSummary: {}", r.title, r.summary)).unwrap_or_default(),
    );
    vars.insert("PROJECT_CONTEXT", format!("Project: {}\n{}", project.name, project.description));
    prompts::render(dispatcher.prompt, &vars)
}

/// Where and how the router's agent runs.
#[derive(Debug, Clone, Copy)]
pub struct RouterRun<'a> {
    pub profile: &'a AgentProfile,
    pub workdir: &'a std::path::Path,
    /// A fresh folder for the prompt and the output; the caller removes it.
    pub scratch: &'a std::path::Path,
    pub env: &'a Env,
    pub limits: RunLimits,
    pub grace: std::time::Duration,
    /// Stops the agent when the process shuts down.
    pub cancel: &'a crate::dispatch::pty::CancelToken,
}

/// Runs the router on `prompt` and reads its advice.
pub fn suggest(run: &RouterRun<'_>, prompt: &str) -> SuggestOutcome {
    let answer =
        oneshot::run(&oneshot::OneShot {
            profile: run.profile,
            workdir: run.workdir,
            scratch: run.scratch,
            env: run.env,
            limits: run.limits,
            grace: run.grace,
            cancel: run.cancel,
        }, prompt);
    match answer.and_then(|(text, _)| parse(&text)) {
        Ok(suggestion) => SuggestOutcome {
            suggestion: Some(suggestion),
            error_kind: None,
            error_message: None,
            remediation: None,
        },
        Err((kind, message)) => SuggestOutcome::failed(kind, message),
    }
}

/// The `ROLE_CATALOG` prompt variable: one `- id: use case` line per task role.
pub fn catalog_lines() -> String {
    roles::catalog()
        .task_roles()
        .iter()
        .map(|r| format!("- {}: {}", r.id, r.use_case))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Removes control characters (keeping tab, CR and LF) and cuts to `max` bytes on a character boundary.
pub fn sanitize(text: &str, max: usize) -> String {
    let clean: String =
        text.chars().filter(|c| !c.is_control() || matches!(c, '\t' | '\r' | '\n')).collect();
    let mut end = clean.len().min(max);
    while !clean.is_char_boundary(end) {
        end -= 1;
    }
    clean[..end].to_owned()
}

/// Validates the router's JSON: the role must be a task role of the catalog (else `router_no_match`),
/// confidence and scores are clamped to [0, 1], texts sanitized, alternatives limited to known task roles.
pub fn parse(answer: &str) -> Result<RoleSuggestion, (ErrorKind, String)> {
    let object =
        crate::extract::json_object(answer).map_err(|e| (ErrorKind::InvalidResultSchema, e))?;
    let catalog = roles::catalog();
    let role_id = object.get("role_id").and_then(Value::as_str).unwrap_or("").trim().to_owned();
    if role_id.is_empty() || catalog.task_role(&role_id).is_err() {
        let message = if role_id.is_empty() {
            "the router found no fitting role".to_owned()
        } else {
            format!("the router suggested `{role_id}`, which is not a task role")
        };
        return Err((ErrorKind::RouterNoMatch, message));
    }
    let clamp = |v: Option<&Value>| v.and_then(Value::as_f64).unwrap_or(0.0).clamp(0.0, 1.0);
    let alternatives = object
        .get("alternatives")
        .and_then(Value::as_array)
        .map(|items| {
            items
                .iter()
                .filter_map(|a| {
                    let id = a.get("role_id").and_then(Value::as_str)?.trim();
                    (id != role_id && catalog.task_role(id).is_ok()).then(|| Alternative {
                        role_id: id.to_owned(),
                        reason: sanitize(
                            a.get("reason").and_then(Value::as_str).unwrap_or(""),
                            MAX_REASONING_BYTES,
                        ),
                        score: clamp(a.get("score")),
                    })
                })
                .take(MAX_ALTERNATIVES)
                .collect()
        })
        .unwrap_or_default();
    Ok(RoleSuggestion {
        role_id,
        confidence: clamp(object.get("confidence")),
        reasoning: sanitize(
            object.get("reasoning").and_then(Value::as_str).unwrap_or(""),
            MAX_REASONING_BYTES,
        ),
        alternatives,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_answers_are_clamped_and_sanitized() {
        let answer = r#"```json
{"role_id": "test-writer", "confidence": 1.7, "reasoning": "tests\u0007 needed",
 "alternatives": [{"role_id": "code-reviewer", "reason": "review", "score": -2},
                  {"role_id": "dispatcher", "reason": "meta", "score": 0.5},
                  {"role_id": "", "reason": "empty"},
                  {"role_id": "ui-scaffolder", "reason": "ui", "score": 0.2},
                  {"role_id": "backend-architect", "reason": "extra", "score": 0.1}]}
```"#;
        let s = parse(answer).expect("valid");
        assert_eq!(
            (s.role_id.as_str(), s.confidence, s.reasoning.as_str()),
            ("test-writer", 1.0, "tests needed")
        );
        let alts: Vec<(&str, f64)> =
            s.alternatives.iter().map(|a| (a.role_id.as_str(), a.score)).collect();
        assert_eq!(alts, [("code-reviewer", 0.0), ("ui-scaffolder", 0.2)]);
    }

    #[test]
    fn unknown_meta_or_empty_roles_are_no_match() {
        for answer in [
            r#"{"role_id": ""}"#,
            r#"{"role_id": "dispatcher"}"#,
            r#"{"role_id": "Backend-Architect"}"#,
        ] {
            assert_eq!(parse(answer).expect_err(answer).0, ErrorKind::RouterNoMatch);
        }
        assert_eq!(parse("no json").expect_err("prose").0, ErrorKind::InvalidResultSchema);
    }

    #[test]
    fn reasoning_is_cut_on_a_character_boundary() {
        let long = "é".repeat(1000);
        let cut = sanitize(&long, MAX_REASONING_BYTES);
        assert!(cut.len() <= MAX_REASONING_BYTES && cut.chars().all(|c| c == 'é'));
        assert_eq!(sanitize("a\u{7f}b\tc\nd\u{0}", 100), "ab\tc\nd");
    }
}
