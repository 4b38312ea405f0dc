//! The built-in "What's next" advisor: up to three strategic directions read off the project's state when
//! no model is configured. Each direction names the bet, the check and the decision, like the model-backed
//! advisor is asked to.

use super::context::Sources;
use super::deterministic::finish;
use super::draft::{rank, Draft};
use super::scoring::Factors;
use super::signals::{RequirementText, Signals};

/// Directions for the project described by `sources`, focused by `req` when its title is not generic.
pub fn plan(req: &RequirementText, sources: &Sources) -> Vec<Draft> {
    let signals = Signals::read(req, sources);
    let urgent: Vec<&str> = sources
        .open_tasks
        .iter()
        .filter(|t| t.priority == "urgent" || t.priority == "high")
        .map(|t| t.title.as_str())
        .take(3)
        .collect();
    let mut directions: Vec<(String, String, String, String, Vec<String>, Factors)> = Vec::new();

    if !signals.failures.is_empty() || signals.sync_failed {
        let names: Vec<String> = signals
            .failures
            .iter()
            .map(|r| format!("{} ({})", r.agent_name, r.action_type))
            .collect();
        let mut evidence: Vec<String> = signals
            .failures
            .iter()
            .map(|r| format!("Failed {} run ({})", r.agent_name, r.action_type))
            .collect();
        evidence.extend(signals.sync_summary.clone());
        directions.push((
            "Invest in making agent runs reliable".into(),
            format!(
                "A. Recent runs failed{}. Make failures rare and cheap: sharper task descriptions, smaller scopes, \
                 and a test that reproduces each failure before retrying.",
                if names.is_empty() { String::new() } else { format!(" ({})", names.join(", ")) }
            ),
            "B. The next five dispatched tasks complete without a requeue.".into(),
            "C. Decide whether to pause new dispatches until the failures are understood; default: keep dispatching small tasks only.".into(),
            evidence,
            Factors { impact: 0.80, urgency: 0.85, dependency_unlock: 0.70, risk_reduction: 0.90, effort: 0.45, confidence: 0.80 },
        ));
    }
    if !urgent.is_empty() {
        directions.push((
            "Invest in clearing the urgent work".into(),
            format!("A. High-priority work is open: {}. Finishing it removes the biggest known risks first.", urgent.join(", ")),
            "B. Every urgent task is done or consciously re-prioritized by the end of the week.".into(),
            "C. Decide which urgent task to drop if they cannot all be done; default: the one with the least evidence.".into(),
            vec![format!("Open high-priority tasks: {}", urgent.join(", "))],
            Factors { impact: 0.85, urgency: 0.90, dependency_unlock: 0.75, risk_reduction: 0.70, effort: 0.50, confidence: 0.78 },
        ));
    }
    if !signals.stale_docs.is_empty() || !signals.drift.is_empty() {
        let mut evidence: Vec<String> =
            signals.stale_docs.iter().map(|d| format!("Stale document: {}", d.title)).collect();
        evidence.extend(
            signals
                .drift
                .iter()
                .map(|d| format!("Open drift: {} ({})", d.document_title, d.trigger_type)),
        );
        directions.push((
            "Invest in documentation that matches the code".into(),
            "A. Documents have drifted from the code. Bring the ones agents rely on back in line, so that planning and \
             dispatch work from true context."
                .into(),
            "B. No open drift signal older than a week.".into(),
            "C. Decide which documents are the source of truth; default: the README and the architecture notes.".into(),
            evidence,
            Factors { impact: 0.65, urgency: 0.60, dependency_unlock: 0.60, risk_reduction: 0.75, effort: 0.35, confidence: 0.75 },
        ));
    }
    let open = sources.open_tasks.len();
    if directions.len() < 3 && open > 0 {
        directions.push((
            "Invest in finishing before starting".into(),
            format!("A. {open} task(s) are open. Closing the oldest ones frees attention and shows what the backlog really holds."),
            "B. The open task count falls by a third within two weeks.".into(),
            "C. Decide which open tasks are no longer wanted; default: cancel anything untouched for a month.".into(),
            vec![format!("Open tasks: {open}")],
            Factors { impact: 0.60, urgency: 0.55, dependency_unlock: 0.65, risk_reduction: 0.50, effort: 0.40, confidence: 0.70 },
        ));
    }
    if directions.len() < 3 {
        let focus = if super::brief::is_generic_title(&req.title) {
            "the next user-visible capability".to_owned()
        } else {
            req.title.trim().to_owned()
        };
        directions.push((
            format!("Invest in {focus}"),
            format!("A. Nothing in the project's history calls for repair, so the best bet is new value: {focus}."),
            "B. One real user (or you) uses it for a week and keeps using it.".into(),
            "C. Decide the smallest version worth shipping; default: the one that fits in three tasks.".into(),
            vec![format!("Requirement title: {}", req.title.trim())],
            Factors { impact: 0.75, urgency: 0.50, dependency_unlock: 0.55, risk_reduction: 0.40, effort: 0.55, confidence: 0.60 },
        ));
    }

    let mut drafts: Vec<Draft> = directions
        .into_iter()
        .take(3)
        .map(|(title, bet, check, decision, evidence, factors)| {
            let duplicates = signals.duplicates_of(&title);
            let mut draft = finish(
                "new_task",
                title,
                bet,
                "Read off the project's recent history in the planning context.".into(),
                factors,
                evidence,
                duplicates,
                &signals,
                req,
            );
            draft.validation_criteria = check;
            draft.po_decision = decision;
            draft
        })
        .collect();
    rank(&mut drafts);
    drafts
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::planning::context::{AgentRunRef, OpenTaskRef};

    fn req(title: &str) -> RequirementText {
        RequirementText { title: title.into(), ..Default::default() }
    }

    #[test]
    fn an_empty_project_gets_one_forward_direction() {
        let drafts = plan(&req("What's next"), &Sources::default());
        assert_eq!(drafts.len(), 1);
        assert_eq!(drafts[0].title, "Invest in the next user-visible capability");
        assert!(!drafts[0].validation_criteria.is_empty() && !drafts[0].po_decision.is_empty());
    }

    #[test]
    fn failures_and_urgent_work_lead() {
        let sources = Sources {
            open_tasks: vec![OpenTaskRef {
                id: "t".into(),
                title: "Fix login".into(),
                status: "todo".into(),
                priority: "urgent".into(),
                updated_at: "x".into(),
            }],
            recent_agent_runs: vec![AgentRunRef {
                id: "r".into(),
                agent_name: "codex".into(),
                action_type: "dispatch".into(),
                status: "failed".into(),
                started_at: "x".into(),
                summary: String::new(),
            }],
            ..Default::default()
        };
        let drafts = plan(&req("What's next"), &sources);
        assert_eq!(drafts.len(), 3);
        let titles: Vec<&str> = drafts.iter().map(|d| d.title.as_str()).collect();
        assert!(titles.contains(&"Invest in making agent runs reliable"), "{titles:?}");
        assert!(titles.contains(&"Invest in clearing the urgent work"), "{titles:?}");
        assert!(drafts.iter().all(|d| d.suggestion_type == "new_task"));
    }
}
