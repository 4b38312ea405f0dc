//! Candidates proposed by a model (an OpenAI-compatible endpoint, or later an agent CLI): parsing the raw
//! reply into validated proposals, then scoring them on the server's scale so that what a model says about
//! its own priority is never taken at face value.

use serde_json::{Map, Value};

use super::context::Sources;
use super::deterministic::{
    dependency, documents_line, duplicates_line, finish, requirement_evidence, urgency,
};
use super::draft::{rank, Draft};
use super::scoring::Factors;
use super::signals::{RequirementText, Signals};
use crate::domain::normalize_title;

/// Longest candidate title kept, in characters.
pub const MAX_TITLE_CHARS: usize = 120;

/// One proposal as the model wrote it, after type checks.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Proposal {
    pub suggestion_type: String,
    pub title: String,
    pub description: String,
    pub rationale: String,
    pub validation_criteria: String,
    pub po_decision: String,
    /// The model's own score in [0, 1], when it gave one.
    pub priority_score: Option<f64>,
    pub confidence: Option<f64>,
    pub evidence: Vec<String>,
    pub duplicate_titles: Vec<String>,
    /// Its position in the reply's `candidates` array, which `depends_on` entries refer to.
    pub answer_index: usize,
    /// Positions (in the reply's array) of the candidates this one builds on.
    pub depends_on: Vec<usize>,
}

/// Reads `{"candidates": [...]}`: keeps at most `max` proposals with a non-blank title, drops repeated titles
/// (normalized), truncates titles to [`MAX_TITLE_CHARS`]. Fails when there is no candidate list or no valid
/// candidate in it.
pub fn proposals(reply: &Map<String, Value>, max: usize) -> Result<Vec<Proposal>, String> {
    let list = reply
        .get("candidates")
        .and_then(Value::as_array)
        .ok_or_else(|| "the reply has no `candidates` array".to_owned())?;
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::new();
    for (answer_index, item) in list.iter().enumerate() {
        let Some(obj) = item.as_object() else { continue };
        let title: String =
            text(obj, "title").chars().take(MAX_TITLE_CHARS).collect::<String>().trim().to_owned();
        if title.is_empty() || !seen.insert(normalize_title(&title)) {
            continue;
        }
        out.push(Proposal {
            suggestion_type: text(obj, "suggestion_type"),
            title,
            description: text(obj, "description"),
            rationale: text(obj, "rationale"),
            validation_criteria: text(obj, "validation_criteria"),
            po_decision: text(obj, "po_decision"),
            priority_score: obj
                .get("priority_score")
                .and_then(Value::as_f64)
                .map(|v| v.clamp(0.0, 1.0)),
            confidence: obj.get("confidence").and_then(Value::as_f64).map(|v| v.clamp(0.0, 1.0)),
            evidence: strings(obj, "evidence"),
            duplicate_titles: strings(obj, "duplicate_titles"),
            answer_index,
            depends_on: indices(obj, "depends_on", list.len(), answer_index),
        });
        if out.len() == max {
            break;
        }
    }
    if out.is_empty() {
        return Err("the reply contains no valid candidate (each needs a non-blank title)".into());
    }
    Ok(out)
}

fn text(obj: &Map<String, Value>, key: &str) -> String {
    obj.get(key).and_then(Value::as_str).unwrap_or_default().trim().to_owned()
}

/// Positions in a list of `len` a `depends_on` array names: whole numbers in range, never `own`, each
/// once; anything else is dropped (a model's slip should cost an edge, not the plan).
fn indices(obj: &Map<String, Value>, key: &str, len: usize, own: usize) -> Vec<usize> {
    let mut out: Vec<usize> = obj
        .get(key)
        .and_then(Value::as_array)
        .map(|items| {
            items
                .iter()
                .filter_map(Value::as_u64)
                .filter_map(|i| usize::try_from(i).ok())
                .filter(|i| *i < len && *i != own)
                .collect()
        })
        .unwrap_or_default();
    out.sort_unstable();
    out.dedup();
    out
}

fn strings(obj: &Map<String, Value>, key: &str) -> Vec<String> {
    obj.get(key)
        .and_then(Value::as_array)
        .map(|items| {
            items
                .iter()
                .filter_map(Value::as_str)
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

/// Evidence references a model may cite: `task:`, `doc:`, `drift:`, `sync:` or `agent_run:` followed by an
/// id that exists in the context. Anything else is dropped rather than shown as evidence.
fn cited_evidence(proposal: &Proposal, sources: &Sources) -> Vec<String> {
    let known = |kind: &str, id: &str| match kind {
        "task" => sources.open_tasks.iter().any(|t| t.id == id),
        "doc" => sources.recent_documents.iter().any(|d| d.id == id),
        "drift" => sources.open_drift_signals.iter().any(|d| d.id == id),
        "sync" => sources.latest_sync_run.as_ref().is_some_and(|s| s.id == id),
        "agent_run" => sources.recent_agent_runs.iter().any(|r| r.id == id),
        _ => false,
    };
    proposal
        .evidence
        .iter()
        .filter(|e| e.split_once(':').is_some_and(|(kind, id)| known(kind.trim(), id.trim())))
        .map(|e| format!("Cited by the planner: {e}"))
        .collect()
}

/// Scores model proposals on the server's scale and ranks them. The type decides the factor table; an
/// unknown type is read from the position (first implementation, second integration, the rest validation).
pub fn drafts(proposals: Vec<Proposal>, req: &RequirementText, sources: &Sources) -> Vec<Draft> {
    let signals = Signals::read(req, sources);
    let u = urgency(&req.combined_lowercase());
    let has_related = !signals.related_docs.is_empty();
    let has_stale = !signals.stale_docs.is_empty();
    let trouble = signals.trouble();
    let mut drafts: Vec<Draft> = proposals
        .into_iter()
        .enumerate()
        .map(|(index, p)| {
            let kind = match p.suggestion_type.as_str() {
                k @ ("implementation" | "integration" | "validation") => k.to_owned(),
                _ => ["implementation", "integration", "validation"][index.min(2)].to_owned(),
            };
            // Earlier proposals get a small nudge: the model listed them first for a reason.
            let order_bonus = (0.03 - 0.01 * index as f64).max(0.0);
            let related = if has_related { 1.0 } else { 0.0 };
            let factors = match kind.as_str() {
                "implementation" => Factors {
                    impact: 0.88 + order_bonus,
                    urgency: u,
                    dependency_unlock: dependency(0.60, &signals, has_related),
                    risk_reduction: 0.46 + 0.05 * related,
                    effort: 0.54,
                    confidence: 0.72 + order_bonus + 0.04 * related,
                },
                "integration" => Factors {
                    impact: 0.76 + order_bonus,
                    urgency: u + 0.02,
                    dependency_unlock: dependency(0.79, &signals, has_related),
                    risk_reduction: 0.57,
                    effort: 0.48,
                    confidence: 0.69 + order_bonus,
                },
                _ => {
                    let warn = if signals.has_high_drift || has_stale { 1.0 } else { 0.0 };
                    let trouble = if trouble { 1.0 } else { 0.0 };
                    Factors {
                        impact: 0.63 + order_bonus,
                        urgency: u - 0.03 + 0.12 * trouble + 0.08 * warn,
                        dependency_unlock: dependency(0.46, &signals, has_stale),
                        risk_reduction: 0.76 + 0.12 * trouble + 0.08 * warn,
                        effort: 0.39,
                        confidence: 0.65 + order_bonus + 0.08 * trouble + 0.06 * warn,
                    }
                }
            };
            let duplicates = signals.duplicates_of(&p.title);
            let mut evidence = requirement_evidence(req);
            evidence.extend(duplicates_line(&duplicates));
            evidence.extend(documents_line(&signals));
            evidence.extend(cited_evidence(&p, sources));
            let description = if p.description.is_empty() {
                [req.summary.trim(), req.description.trim()]
                    .iter()
                    .filter(|s| !s.is_empty())
                    .copied()
                    .collect::<Vec<_>>()
                    .join("\n\n")
            } else {
                p.description.clone()
            };
            let rationale = if p.rationale.is_empty() {
                default_rationale(&kind).to_owned()
            } else {
                p.rationale.clone()
            };
            let mut draft = finish(
                &kind,
                p.title,
                description,
                rationale,
                factors,
                evidence,
                duplicates,
                &signals,
                req,
            );
            draft.validation_criteria = p.validation_criteria;
            draft.po_decision = p.po_decision;
            draft.key = p.answer_index;
            draft.depends_on = p.depends_on;
            draft
        })
        .collect();
    rank(&mut drafts);
    drafts
}

/// Drafts from an agent planner: the agent's own scores (0–1) scaled to the 0–100 scale, with order-based
/// fallbacks when it gave none; evidence and duplicates checked against the context as for any provider.
pub fn agent_drafts(
    proposals: Vec<Proposal>,
    req: &RequirementText,
    sources: &Sources,
) -> Vec<Draft> {
    let mut drafts = drafts(proposals.clone(), req, sources);
    // Match each draft back to its proposal by title (drafts were re-ordered by ranking).
    for draft in &mut drafts {
        let Some((index, proposal)) =
            proposals.iter().enumerate().find(|(_, p)| p.title == draft.title)
        else {
            continue;
        };
        let scale = |v: Option<f64>, fallback: f64| {
            (v.map(|s| s * 100.0).filter(|s| *s > 0.0).unwrap_or(fallback) * 10.0).round() / 10.0
        };
        draft.priority_score =
            scale(proposal.priority_score, (100.0 - 5.0 * index as f64).max(10.0));
        draft.confidence = scale(proposal.confidence, (85.0 - 3.0 * index as f64).max(10.0));
    }
    super::draft::rank(&mut drafts);
    drafts
}

fn default_rationale(kind: &str) -> &'static str {
    match kind {
        "implementation" => "Delivers the requirement's core value directly.",
        "integration" => "Connects the change to the rest of the project so people can use it.",
        _ => "Guards the change against regressions and unsafe review or apply paths.",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::json_object;
    use crate::planning::context::OpenTaskRef;

    fn reply(text: &str) -> Map<String, Value> {
        json_object(text).expect("json")
    }

    #[test]
    fn proposals_skip_blank_and_repeated_titles_and_cap_the_count() {
        let r = reply(
            r#"{"candidates": [
                {"title": "  "}, {"title": "Ship export", "priority_score": 7},
                {"title": "ship   EXPORT"}, {"title": "Test export", "evidence": ["task:t1", 3]},
                {"title": "Doc export"}, {"title": "Extra"}
            ]}"#,
        );
        let p = proposals(&r, 3).expect("valid");
        assert_eq!(
            p.iter().map(|p| p.title.as_str()).collect::<Vec<_>>(),
            ["Ship export", "Test export", "Doc export"]
        );
        assert_eq!(p[0].priority_score, Some(1.0), "clamped to [0, 1]");
        assert_eq!(p[1].evidence, ["task:t1"]);
    }

    #[test]
    fn titles_are_cut_at_120_characters() {
        let long = "x".repeat(300);
        let p = proposals(&reply(&format!(r#"{{"candidates":[{{"title":"{long}"}}]}}"#)), 3)
            .expect("valid");
        assert_eq!(p[0].title.chars().count(), MAX_TITLE_CHARS);
    }

    #[test]
    fn no_candidates_is_an_error() {
        assert!(proposals(&reply(r#"{"answer": 1}"#), 3)
            .expect_err("none")
            .contains("no `candidates`"));
        assert!(proposals(&reply(r#"{"candidates": [{"title": ""}]}"#), 3)
            .expect_err("blank")
            .contains("no valid candidate"));
    }

    #[test]
    fn drafts_are_scored_by_the_server_and_cite_only_known_ids() {
        let sources = Sources {
            open_tasks: vec![OpenTaskRef {
                id: "t1".into(),
                title: "Other".into(),
                status: "todo".into(),
                priority: "low".into(),
                updated_at: "x".into(),
            }],
            ..Default::default()
        };
        let req = RequirementText {
            title: "Add export".into(),
            summary: "CSV".into(),
            description: String::new(),
        };
        let p = proposals(
            &reply(r#"{"candidates":[{"title":"Ship it","suggestion_type":"weird","priority_score":0.01,"evidence":["task:t1","task:nope","doc:x"]},{"title":"Check it","suggestion_type":"validation"}]}"#),
            3,
        )
        .expect("valid");
        let drafts = drafts(p, &req, &sources);
        let ship = drafts.iter().find(|d| d.title == "Ship it").expect("ship");
        assert_eq!(ship.suggestion_type, "implementation", "unknown type read from position");
        assert!(ship.priority_score > 50.0, "the model's 0.01 is ignored: {}", ship.priority_score);
        assert!(ship.evidence.contains(&"Cited by the planner: task:t1".to_owned()));
        assert!(!ship.evidence.iter().any(|e| e.contains("nope") || e.contains("doc:x")));
        assert_eq!(ship.description, "CSV", "missing description falls back to the requirement");
        assert_eq!(drafts.iter().map(|d| d.rank).collect::<Vec<_>>(), [1, 2]);
    }
}
