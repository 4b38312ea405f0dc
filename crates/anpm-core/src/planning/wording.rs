//! The prose of the built-in planner's drafts: descriptions and rationales that change with what the
//! context says (failed syncs, related documents, duplicates, drift), written for this product.

use super::signals::{RequirementText, Signals};

pub(super) fn implementation_description(
    req: &RequirementText,
    signals: &Signals,
    dups: &[String],
) -> String {
    let mut text = format!(
        "Deliver the core of \"{}\" as one reviewable change: the smallest slice that makes the requirement \
         observably true for its users.",
        req.title.trim()
    );
    if !req.summary.trim().is_empty() {
        text.push_str(&format!(
            " Scope it by the summary: {}.",
            req.summary.trim().trim_end_matches('.')
        ));
    }
    if !dups.is_empty() {
        text.push_str(" An open task already carries this title; fold the work into it rather than starting twice.");
    }
    if !signals.related_docs.is_empty() {
        text.push_str(" Read the related documents first so the change matches what they promise.");
    }
    text
}

pub(super) fn implementation_rationale(signals: &Signals) -> String {
    if signals.sync_failed {
        "It carries the most user value, but the last repository sync failed: plan it after the sync is \
         healthy so the change lands on a known state."
            .into()
    } else if !signals.related_docs.is_empty() {
        "The most direct path to value, and the project's own documents already describe the ground it \
         covers, which lowers the risk of building the wrong thing."
            .into()
    } else {
        "The most direct path to value: without it nothing else in this requirement can be used."
            .into()
    }
}

pub(super) fn integration_description(subject: &str, signals: &Signals) -> String {
    let mut text = format!(
        "Make {subject} reachable from the places people already work: wire it into existing flows, keep \
         current behaviour intact, and leave no dead ends."
    );
    if !signals.open_task_titles.is_empty() {
        text.push_str(
            " Coordinate with the open tasks listed in the evidence to avoid conflicting edits.",
        );
    }
    text
}

pub(super) fn integration_rationale(signals: &Signals) -> String {
    if signals.trouble() {
        "Recent failures in the project make the seams riskier than usual; integrating deliberately keeps a \
         working change from breaking its neighbours."
            .into()
    } else {
        "A change nobody can reach delivers nothing; integration turns the implementation into something \
         people use, and unblocks the follow-up work that depends on it."
            .into()
    }
}

pub(super) fn validation_description(subject: &str, signals: &Signals) -> String {
    let mut text = format!(
        "Prove {subject} works and stays working: cover the main path and its failure paths with tests, and \
         check that review and apply cannot create duplicate or half-applied work."
    );
    if !signals.drift.is_empty() || !signals.stale_docs.is_empty() {
        text.push_str(
            " Update the drifting or stale documents named in the evidence as part of the check.",
        );
    }
    text
}

pub(super) fn validation_rationale(signals: &Signals) -> String {
    if signals.trouble() || signals.has_high_drift {
        "The project shows warning signs (failed runs, failed syncs or serious documentation drift), so \
         validation buys more safety than usual and ranks accordingly."
            .into()
    } else {
        "Cheap insurance: a small amount of verification now avoids regressions that cost far more to find \
         later."
            .into()
    }
}
