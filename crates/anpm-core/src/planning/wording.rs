//! The prose of the built-in planner's drafts: descriptions and rationales that change with what the
//! context says (failed syncs, related documents, duplicates, drift), written for this product.

use super::context::RelatedFileRef;
use super::signals::{RequirementText, Signals};

/// "`a`, `b` and `c`".
fn paths(files: &[RelatedFileRef], max: usize) -> String {
    let names: Vec<String> = files.iter().take(max).map(|f| format!("`{}`", f.path)).collect();
    match names.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// The folders the files sit in, each once, in order.
fn folders(files: &[RelatedFileRef]) -> Vec<String> {
    let mut seen = Vec::new();
    for f in files {
        let dir = f.path.rsplit_once('/').map_or(".", |(d, _)| d).to_owned();
        if !seen.contains(&dir) {
            seen.push(dir);
        }
    }
    seen
}

pub(super) fn implementation_description(
    req: &RequirementText,
    signals: &Signals,
    dups: &[String],
) -> String {
    let mut text = if signals.code_files.is_empty() {
        format!(
            "Deliver the core of \"{}\" as one reviewable change: the smallest slice that makes the \
             requirement observably true for its users. No file path in the repository matches its words, \
             so the first step is finding where this behaviour lives.",
            req.title.trim()
        )
    } else {
        let keywords: Vec<&str> = signals
            .code_files
            .iter()
            .flat_map(|f| f.matched_keywords.iter().map(String::as_str))
            .fold(Vec::new(), |mut acc, k| {
                if !acc.contains(&k) {
                    acc.push(k);
                }
                acc
            });
        let why = if keywords.is_empty() {
            "the related documents link them".to_owned()
        } else {
            format!("their paths match {}", keywords.iter().map(|k| format!("\"{k}\"")).collect::<Vec<_>>().join(", "))
        };
        format!(
            "Make the change in {} ({why}): the smallest slice that makes \"{}\" observably true, as one \
             reviewable change.",
            paths(&signals.code_files, 3),
            req.title.trim()
        )
    };
    if !req.summary.trim().is_empty() {
        text.push_str(&format!(
            " Scope it by the summary: {}.",
            req.summary.trim().trim_end_matches('.')
        ));
    }
    if !dups.is_empty() {
        text.push_str(" An open task already carries this title; fold the work into it rather than starting twice.");
    }
    if let Some(doc) = signals.related_docs.iter().find(|d| !d.matched_keywords.is_empty()) {
        text.push_str(&format!(
            " `{}` describes this area; keep what it promises true, or update it in the same change.",
            doc.document.file_path
        ));
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
    let dirs = folders(&signals.code_files);
    let mut text = if dirs.is_empty() {
        format!(
            "Make {subject} reachable from the places people already work: wire it into existing flows, \
             keep current behaviour intact, and leave no dead ends."
        )
    } else {
        let shown: Vec<String> = dirs.iter().take(3).map(|d| format!("`{d}/`")).collect();
        format!(
            "Connect {subject} to its callers around {}: every entry point that reaches this area (commands, \
             screens, handlers) should offer it, with current behaviour kept intact and no dead ends.",
            shown.join(", ")
        )
    };
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
    let mut text = if !signals.test_files.is_empty() {
        format!(
            "Prove {subject} works and stays working: extend {} with the main path and its failure paths.",
            paths(&signals.test_files, 3)
        )
    } else if let Some(first) = signals.code_files.first() {
        format!(
            "Prove {subject} works and stays working: no test matches it yet, so add tests beside `{}` \
             covering the main path and its failure paths.",
            first.path
        )
    } else {
        format!(
            "Prove {subject} works and stays working: cover the main path and its failure paths with tests, \
             and check that review and apply cannot create duplicate or half-applied work."
        )
    };
    if let Some(drift) = signals.drift.first() {
        text.push_str(&format!(
            " Resolve the open drift on \"{}\" ({}) as part of the check.",
            drift.document_title, drift.trigger_detail
        ));
    } else if let Some(stale) = signals.stale_docs.first() {
        text.push_str(&format!(" Bring the stale `{}` up to date as part of the check.", stale.file_path));
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
