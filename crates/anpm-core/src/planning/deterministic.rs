//! The built-in planner: three drafts for every requirement — the change itself, its integration into the
//! project, and its validation — scored from what the context says, in that order (each builds on the one
//! before). Works offline and always gives the same answer for the same input.
//!
//! Just past 600 lines with its tests: the three drafts' titles, factors and evidence are one decision and
//! are read together; their prose lives in `wording`, their scoring in `scoring`.

use super::context::Sources;
use super::draft::*;
use super::scoring::{clamp01, score, Factors};
use super::signals::{contains_word, count_words, RequirementText, Signals};
use super::wording::*;

/// Model id stored on runs planned by this planner.
pub const MODEL_ID: &str = "deterministic-v1";

/// Leading verbs dropped to turn a title into the subject of the follow-up drafts ("Update the pay
/// rules" → "the pay rules"), so those read "Verify the pay rules …" rather than "Verify Update …".
const LEADING_VERBS: &[&str] = &[
    "add ",
    "allow ",
    "build ",
    "change ",
    "clean up ",
    "create ",
    "enable ",
    "extend ",
    "fix ",
    "handle ",
    "implement ",
    "improve ",
    "introduce ",
    "let ",
    "make ",
    "migrate ",
    "move ",
    "refactor ",
    "refine ",
    "remove ",
    "replace ",
    "rework ",
    "rewrite ",
    "show ",
    "speed up ",
    "support ",
    "surface ",
    "update ",
];

/// Words that make a requirement more urgent, each worth +0.12 urgency.
pub const URGENCY_WORDS: [&str; 10] = [
    "urgent",
    "blocker",
    "currently",
    "now",
    "immediately",
    "broken",
    "fix",
    "squeeze",
    "擠壓",
    "主要目標",
];

const UI_WORDS: [&str; 6] = ["ui", "ux", "screen", "page", "frontend", "tab"];
const BACKEND_WORDS: [&str; 5] = ["api", "endpoint", "backend", "schema", "persist"];
const REVIEW_WORDS: [&str; 5] = ["duplicate", "rank", "review", "apply", "backlog"];

/// The subject of a requirement title: the title without its leading verb.
pub fn subject(title: &str) -> String {
    let trimmed = title.trim();
    if trimmed.is_empty() {
        return "this requirement".into();
    }
    let lower = trimmed.to_lowercase();
    for verb in LEADING_VERBS.iter().copied() {
        if lower.starts_with(verb) {
            let rest = trimmed[verb.len()..].trim();
            return if rest.is_empty() { trimmed.to_owned() } else { rest.to_owned() };
        }
    }
    trimmed.to_owned()
}

/// Base urgency: 0.58 plus 0.12 per urgency word in the requirement.
pub fn urgency(text: &str) -> f64 {
    clamp01(0.58 + 0.12 * count_words(text, &URGENCY_WORDS) as f64)
}

/// How much finishing a draft unblocks other work.
pub fn dependency(base: f64, signals: &Signals, has_docs: bool) -> f64 {
    let mut value = base;
    if signals.has_open_tasks {
        value += 0.04;
    }
    if has_docs {
        value += 0.06;
    }
    if signals.sync_failed {
        value -= 0.03;
    }
    clamp01(value)
}

/// The requirement lines every draft's evidence starts with.
pub fn requirement_evidence(req: &RequirementText) -> Vec<String> {
    let mut lines = Vec::new();
    if !req.summary.trim().is_empty() {
        lines.push(format!("Requirement summary: {}", req.summary.trim()));
    }
    if !req.description.trim().is_empty() {
        lines.push("The requirement's description was part of the planning context.".to_owned());
    }
    if lines.is_empty() {
        lines.push(format!("Requirement title: {}", req.title.trim()));
    }
    lines
}

/// The evidence line naming related documents, when there are any.
pub fn documents_line(signals: &Signals) -> Option<String> {
    (!signals.related_docs.is_empty()).then(|| {
        let names: Vec<String> = signals
            .related_docs
            .iter()
            .map(|d| {
                if d.document.is_stale {
                    format!("{} (stale)", d.document.title)
                } else {
                    d.document.title.clone()
                }
            })
            .collect();
        format!("Related project documents: {}", names.join(", "))
    })
}

/// The evidence line naming related files, when there are any.
pub fn files_line(label: &str, files: &[super::context::RelatedFileRef]) -> Option<String> {
    (!files.is_empty()).then(|| {
        let paths: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
        format!("{label}: {}", paths.join(", "))
    })
}

/// The evidence line naming open tasks with the same title, when there are any.
pub fn duplicates_line(duplicates: &[String]) -> Option<String> {
    (!duplicates.is_empty())
        .then(|| format!("Open tasks with the same title: {}", duplicates.join(", ")))
}

/// Plans `req` against `sources`: three drafts, scored and ranked.
pub fn plan(req: &RequirementText, sources: &Sources) -> Vec<Draft> {
    let signals = Signals::read(req, sources);
    let text = req.combined_lowercase();
    let subject = subject(&req.title);
    let has_related = !signals.related_docs.is_empty();
    let has_stale = !signals.stale_docs.is_empty();
    let trouble = signals.trouble();
    let u = urgency(&text);

    // 1. The change itself.
    let implementation_title = if req.title.trim().is_empty() {
        "this requirement".to_owned()
    } else {
        req.title.trim().to_owned()
    };
    let implementation_dups = signals.duplicates_of(&implementation_title);
    let mut evidence = requirement_evidence(req);
    evidence.extend(duplicates_line(&implementation_dups));
    evidence.extend(files_line("Files whose paths match the requirement", &signals.code_files));
    evidence.extend(documents_line(&signals));
    evidence.extend(
        signals
            .activity
            .iter()
            .map(|r| format!("Completed {} run by {}", r.action_type, r.agent_name)),
    );
    let implementation = finish(
        "implementation",
        implementation_title,
        implementation_description(req, &signals, &implementation_dups),
        implementation_rationale(&signals),
        Factors {
            impact: 0.92,
            urgency: u,
            dependency_unlock: dependency(0.62, &signals, has_related),
            risk_reduction: 0.44 + if has_related { 0.06 } else { 0.0 },
            effort: 0.52,
            confidence: 0.73 + if has_related { 0.04 } else { 0.0 },
        },
        evidence,
        implementation_dups.clone(),
        &signals,
        req,
    );

    // 2. Fitting it into the project.
    let integration_title = if UI_WORDS.iter().any(|w| contains_word(&text, w)) {
        format!("Expose {subject} in the user interface")
    } else if BACKEND_WORDS.iter().any(|w| contains_word(&text, w)) {
        format!("Wire {subject} through the backend and storage")
    } else if let Some(dir) = signals.code_files.first().and_then(|f| f.path.rsplit_once('/')) {
        format!("Connect {subject} to its callers in {}/", dir.0)
    } else {
        format!("Connect {subject} to the existing project workflow")
    };
    let integration_dups = signals.duplicates_of(&integration_title);
    let mut evidence = requirement_evidence(req);
    evidence.push(if signals.open_task_titles.is_empty() {
        "No open task shares this work's title.".to_owned()
    } else {
        format!("Open tasks to coordinate with: {}", signals.open_task_titles.join(", "))
    });
    evidence.extend(documents_line(&signals));
    evidence.extend(signals.sync_summary.clone());
    let integration = finish(
        "integration",
        integration_title,
        integration_description(&subject, &signals),
        integration_rationale(&signals),
        Factors {
            impact: 0.74,
            urgency: u - 0.04 + if trouble { 0.06 } else { 0.0 },
            dependency_unlock: dependency(0.81, &signals, has_related),
            risk_reduction: 0.57 + if has_related { 0.05 } else { 0.0 },
            effort: 0.46,
            confidence: 0.68 + if has_related { 0.07 } else { 0.0 }
                - if signals.sync_failed { 0.02 } else { 0.0 },
        },
        evidence,
        integration_dups,
        &signals,
        req,
    );

    // 3. Proving it safe.
    let validation_title = if REVIEW_WORDS.iter().any(|w| contains_word(&text, w)) {
        format!("Verify {subject}: ranking, review and apply safety")
    } else if let Some(test) = signals.test_files.first() {
        format!("Cover {subject} in {}", test.path)
    } else if let Some(code) = signals.code_files.first() {
        format!("Test {subject} beside {}", code.path)
    } else {
        format!("Verify {subject} end to end with safeguards")
    };
    let validation_dups = signals.duplicates_of(&validation_title);
    let mut evidence = requirement_evidence(req);
    let any_dups = !implementation_dups.is_empty();
    evidence.push(if any_dups {
        format!("Open tasks with the same title: {}", implementation_dups.join(", "))
    } else if !signals.open_task_titles.is_empty() {
        format!("Open work that may overlap: {}", signals.open_task_titles.join(", "))
    } else {
        "No open task overlaps, so validation can focus on review and apply safety.".to_owned()
    });
    evidence.extend(files_line("Tests that cover this area", &signals.test_files));
    if has_stale {
        let names: Vec<String> =
            signals.stale_docs.iter().map(|d| format!("{} ({})", d.title, d.file_path)).collect();
        evidence.push(format!("Stale documents: {}", names.join(", ")));
    }
    if !signals.drift.is_empty() {
        let items: Vec<String> = signals
            .drift
            .iter()
            .map(|d| format!("{} ({}: {})", d.document_title, d.trigger_type, d.trigger_detail))
            .collect();
        evidence.push(format!("Open documentation drift: {}", items.join(", ")));
    }
    evidence.extend(signals.sync_summary.clone());
    evidence.extend(
        signals.failures.iter().map(|r| format!("Failed {} run ({})", r.agent_name, r.action_type)),
    );
    let mut validation_urgency = clamp01(u - 0.08);
    for (applies, bump) in [
        (trouble, 0.10),
        (signals.has_high_drift || has_stale, 0.08),
        (signals.has_high_drift || trouble, 0.04),
        (has_stale, 0.03),
    ] {
        if applies {
            validation_urgency = clamp01(validation_urgency + bump);
        }
    }
    let mut validation_risk = 0.84;
    if signals.has_high_drift || trouble {
        validation_risk = clamp01(validation_risk + 0.14);
    }
    if has_stale {
        validation_risk = clamp01(validation_risk + 0.05);
    }
    let validation = finish(
        "validation",
        validation_title,
        validation_description(&subject, &signals),
        validation_rationale(&signals),
        Factors {
            impact: 0.61,
            urgency: validation_urgency,
            dependency_unlock: dependency(0.48, &signals, has_stale),
            risk_reduction: validation_risk,
            effort: 0.38,
            confidence: 0.65
                + if has_stale || !signals.drift.is_empty() { 0.10 } else { 0.0 }
                + if signals.sync_failed { 0.08 } else { 0.0 }
                + if signals.failures.is_empty() { 0.0 } else { 0.06 },
        },
        evidence,
        validation_dups,
        &signals,
        req,
    );

    // Foundation before integration before verification: each builds on the one before.
    let integration = Draft { key: 1, depends_on: vec![0], ..integration };
    let validation = Draft { key: 2, depends_on: vec![1], ..validation };
    let mut drafts = vec![implementation, integration, validation];
    rank(&mut drafts);
    drafts
}

/// Scores a draft and assembles its evidence detail.
#[allow(clippy::too_many_arguments)]
pub fn finish(
    suggestion_type: &str,
    title: String,
    description: String,
    rationale: String,
    factors: Factors,
    evidence: Vec<String>,
    duplicates: Vec<String>,
    signals: &Signals,
    req: &RequirementText,
) -> Draft {
    let evidence = dedupe_evidence(evidence);
    let breakdown = score(factors, evidence.len(), duplicates.len());
    let detail = EvidenceDetail {
        summary: requirement_evidence(req),
        documents: signals
            .related_docs
            .iter()
            .map(|d| DocumentEvidence::of(d, "Related project context influenced ranking."))
            .collect(),
        drift_signals: signals
            .drift
            .iter()
            .map(|d| {
                DriftEvidence::of(d, "Open drift on this document raises the value of validation.")
            })
            .collect(),
        sync_run: None,
        agent_runs: signals
            .failures
            .iter()
            .map(|r| AgentRunEvidence::of(r, "A recent failure suggests the area is fragile."))
            .chain(
                signals
                    .activity
                    .iter()
                    .map(|r| AgentRunEvidence::of(r, "Recent completed work nearby.")),
            )
            .collect(),
        files: match suggestion_type {
            "validation" => signals
                .test_files
                .iter()
                .map(|f| FileEvidence::of(f, "A test of this area; extend it."))
                .chain(signals.code_files.iter().take(2).map(|f| {
                    FileEvidence::of(f, "The code under test.")
                }))
                .collect(),
            _ => signals
                .code_files
                .iter()
                .map(|f| FileEvidence::of(f, "Its path matches the requirement's words."))
                .collect(),
        },
        duplicates: duplicates
            .iter()
            .map(|t| DuplicateEvidence {
                title: t.clone(),
                contribution_reasons: vec![
                    "An open task already has this title; the score is lowered.".into(),
                ],
            })
            .collect(),
        score_breakdown: breakdown,
    };
    Draft {
        suggestion_type: suggestion_type.to_owned(),
        title,
        description,
        rationale,
        validation_criteria: String::new(),
        po_decision: String::new(),
        priority_score: breakdown.final_priority_score,
        confidence: breakdown.final_confidence,
        rank: 0,
        evidence,
        evidence_detail: detail,
        duplicate_titles: duplicates,
        key: 0,
        depends_on: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::planning::context::*;

    fn req(title: &str, summary: &str) -> RequirementText {
        RequirementText { title: title.into(), summary: summary.into(), description: String::new() }
    }

    fn open_task(title: &str) -> OpenTaskRef {
        OpenTaskRef {
            id: format!("t-{title}"),
            title: title.into(),
            status: "todo".into(),
            priority: "medium".into(),
            updated_at: "x".into(),
        }
    }

    fn run(status: &str) -> AgentRunRef {
        AgentRunRef {
            id: format!("r-{status}"),
            agent_name: "claude".into(),
            action_type: "dispatch".into(),
            status: status.into(),
            started_at: "x".into(),
            summary: "did things".into(),
        }
    }

    #[test]
    fn subject_strips_one_leading_verb() {
        assert_eq!(subject("Add invoice export"), "invoice export");
        assert_eq!(subject("fix Login"), "Login");
        assert_eq!(subject("Invoice export"), "Invoice export");
        assert_eq!(subject("Add "), "Add");
        assert_eq!(subject("  "), "this requirement");
        assert_eq!(subject("Update the pay rules"), "the pay rules");
        assert_eq!(subject("Speed up search"), "search");
    }

    #[test]
    fn titles_name_the_folder_and_files_the_context_points_at() {
        let file = |path: &str| crate::planning::context::RelatedFileRef {
            path: path.into(),
            matched_keywords: vec!["pay".into()],
            linked_from: Vec::new(),
        };
        let titles = |related: Vec<crate::planning::context::RelatedFileRef>| {
            let sources = Sources { related_files: related, ..Default::default() };
            let drafts = plan(&req("Update the pay rules", ""), &sources);
            let of = |kind: &str| {
                drafts.iter().find(|d| d.suggestion_type == kind).unwrap().title.clone()
            };
            (of("integration"), of("validation"))
        };
        // Prose is the documents' business: a related Markdown file is not where code changes go.
        assert_eq!(
            titles(vec![file("docs/pay.md"), file("src/billing/pay.rs")]),
            (
                "Connect the pay rules to its callers in src/billing/".to_owned(),
                "Test the pay rules beside src/billing/pay.rs".to_owned()
            )
        );
        assert_eq!(
            titles(vec![file("src/pay.rs"), file("tests/pay_test.rs")]).1,
            "Cover the pay rules in tests/pay_test.rs"
        );
        assert_eq!(
            titles(vec![file("docs/pay.md")]).1,
            "Verify the pay rules end to end with safeguards"
        );
    }

    #[test]
    fn three_ranked_drafts_with_evidence() {
        let drafts = plan(&req("Add invoice export", "CSV for finance"), &Sources::default());
        assert_eq!(drafts.len(), 3);
        assert_eq!(drafts.iter().map(|d| d.rank).collect::<Vec<_>>(), [1, 2, 3]);
        let mut types: Vec<&str> = drafts.iter().map(|d| d.suggestion_type.as_str()).collect();
        types.sort();
        assert_eq!(types, ["implementation", "integration", "validation"]);
        for d in &drafts {
            assert!(
                d.evidence.iter().any(|e| e == "Requirement summary: CSV for finance"),
                "{:?}",
                d.evidence
            );
            assert!(
                (0.0..=100.0).contains(&d.priority_score) && (0.0..=100.0).contains(&d.confidence)
            );
            assert_eq!(d.evidence_detail.score_breakdown.final_priority_score, d.priority_score);
        }
        assert!(drafts.windows(2).all(|w| w[0].priority_score >= w[1].priority_score));
    }

    #[test]
    fn integration_title_follows_the_requirement_words() {
        let title = |t: &str| {
            plan(&req(t, ""), &Sources::default())
                .into_iter()
                .find(|d| d.suggestion_type == "integration")
                .unwrap()
                .title
        };
        assert_eq!(title("Add export page"), "Expose export page in the user interface");
        assert_eq!(title("Add export API"), "Wire export API through the backend and storage");
        assert_eq!(title("Add export"), "Connect export to the existing project workflow");
        // Whole words only: "build" does not contain the word "ui".
        assert_eq!(
            title("Build exports quickly"),
            "Connect exports quickly to the existing project workflow"
        );
    }

    #[test]
    fn exact_title_duplicates_are_detected_and_cost_score() {
        let sources =
            Sources { open_tasks: vec![open_task("add   INVOICE export")], ..Default::default() };
        let with = plan(&req("Add invoice export", ""), &sources);
        let without = plan(
            &req("Add invoice export", ""),
            &Sources { open_tasks: vec![open_task("other")], ..Default::default() },
        );
        let imp = |ds: &[Draft]| {
            ds.iter().find(|d| d.suggestion_type == "implementation").unwrap().clone()
        };
        assert_eq!(imp(&with).duplicate_titles, ["add   INVOICE export"]);
        assert!(imp(&with)
            .evidence
            .iter()
            .any(|e| e.starts_with("Open tasks with the same title")));
        assert_eq!(imp(&with).evidence_detail.duplicates.len(), 1);
        assert!(imp(&with).priority_score < imp(&without).priority_score);
    }

    #[test]
    fn validation_outranks_integration_when_drift_and_failures_exist() {
        let sources = Sources {
            open_tasks: vec![open_task("Something else")],
            open_drift_signals: vec![DriftSignalRef {
                id: "d1".into(),
                document_title: "API guide".into(),
                trigger_type: "code_change".into(),
                trigger_detail: "File changed: api.rs (M)".into(),
                severity: "high".into(),
                opened_at: "x".into(),
            }],
            latest_sync_run: Some(SyncRunRef {
                id: "s1".into(),
                status: "failed".into(),
                started_at: "x".into(),
                completed_at: None,
                error_message: "branch not found".into(),
            }),
            recent_agent_runs: vec![run("failed"), run("completed")],
            ..Default::default()
        };
        let drafts = plan(&req("Add invoice export", "CSV"), &sources);
        let pos = |t: &str| drafts.iter().position(|d| d.suggestion_type == t).unwrap();
        assert!(pos("validation") < pos("integration"), "{drafts:#?}");
        let validation = &drafts[pos("validation")];
        assert!(validation
            .evidence
            .iter()
            .any(|e| e.contains("Open documentation drift: API guide")));
        assert!(validation.evidence.iter().any(|e| e.contains("sync failed: branch not found")));
        assert!(validation.evidence.iter().any(|e| e.starts_with("Failed claude run")));
        let integration = &drafts[pos("integration")];
        assert!(integration
            .evidence
            .iter()
            .any(|e| e.starts_with("Open tasks to coordinate with")));
    }

    #[test]
    fn related_documents_appear_in_integration_evidence() {
        let sources = Sources {
            recent_documents: vec![DocumentRef {
                id: "doc1".into(),
                title: "Invoice guide".into(),
                file_path: "docs/invoice.md".into(),
                doc_type: "guide".into(),
                is_stale: true,
                staleness_days: 40,
            }],
            ..Default::default()
        };
        let drafts = plan(&req("Add invoice export", ""), &sources);
        let integration = drafts.iter().find(|d| d.suggestion_type == "integration").unwrap();
        assert!(integration
            .evidence
            .contains(&"Related project documents: Invoice guide (stale)".to_owned()));
        assert_eq!(integration.evidence_detail.documents[0].matched_keywords, ["invoice"]);
    }

    #[test]
    fn urgency_words_raise_urgency_but_not_inside_other_words() {
        assert!((urgency("add export") - 0.58).abs() < 1e-9);
        assert!((urgency("urgent: login broken now") - 0.94).abs() < 1e-9);
        assert!((urgency("you know the prefix") - 0.58).abs() < 1e-9);
        assert_eq!(urgency("urgent blocker now immediately broken"), 1.0);
    }

    #[test]
    fn evidence_is_deduplicated_case_insensitively() {
        assert_eq!(
            dedupe_evidence(vec!["A".into(), "a".into(), " ".into(), "b".into()]),
            ["A", "b"]
        );
    }
}
