//! A draft candidate: what a provider proposes for one requirement, already scored and ranked, before it is
//! stored as a [`BacklogCandidate`](crate::domain::BacklogCandidate). Also the typed evidence detail every
//! draft carries, so the operator can see what a score rests on.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::context::{AgentRunRef, DriftSignalRef};
use super::scoring::ScoreBreakdown;
use super::signals::RankedDocument;
use crate::domain::{BacklogCandidate, BacklogCandidateId, CandidateStatus, PlanningRun, Timestamp};

/// A document that influenced a draft.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct DocumentEvidence {
    pub document_id: String,
    pub title: String,
    pub file_path: String,
    pub doc_type: String,
    pub is_stale: bool,
    pub staleness_days: i64,
    pub matched_keywords: Vec<String>,
    pub contribution_reasons: Vec<String>,
}

/// A drift signal that influenced a draft.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct DriftEvidence {
    pub drift_signal_id: String,
    pub document_title: String,
    pub severity: String,
    pub trigger_type: String,
    pub trigger_detail: String,
    pub contribution_reasons: Vec<String>,
}

/// The sync run that influenced a draft.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct SyncEvidence {
    pub sync_run_id: String,
    pub status: String,
    pub error_message: String,
    pub contribution_reasons: Vec<String>,
}

/// An agent run that influenced a draft.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct AgentRunEvidence {
    pub agent_run_id: String,
    pub agent_name: String,
    pub action_type: String,
    pub status: String,
    pub summary: String,
    pub contribution_reasons: Vec<String>,
}

/// A repository file that influenced a draft.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct FileEvidence {
    pub path: String,
    pub matched_keywords: Vec<String>,
    pub contribution_reasons: Vec<String>,
}

impl FileEvidence {
    pub fn of(file: &super::context::RelatedFileRef, reason: &str) -> Self {
        let mut reasons = Vec::new();
        if !file.matched_keywords.is_empty() {
            reasons.push(reason.to_owned());
        }
        if !file.linked_from.is_empty() {
            reasons.push(format!("Linked from {}.", file.linked_from.join(", ")));
        }
        Self { path: file.path.clone(), matched_keywords: file.matched_keywords.clone(), contribution_reasons: reasons }
    }
}

/// An open task with the same title.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct DuplicateEvidence {
    pub title: String,
    pub contribution_reasons: Vec<String>,
}

/// Everything a draft's scores rest on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct EvidenceDetail {
    pub summary: Vec<String>,
    pub documents: Vec<DocumentEvidence>,
    pub drift_signals: Vec<DriftEvidence>,
    pub sync_run: Option<SyncEvidence>,
    pub agent_runs: Vec<AgentRunEvidence>,
    pub duplicates: Vec<DuplicateEvidence>,
    /// Repository files the draft names (an addition to the spec's shape; empty in older candidates).
    #[serde(default)]
    pub files: Vec<FileEvidence>,
    pub score_breakdown: ScoreBreakdown,
}

impl DocumentEvidence {
    pub fn of(ranked: &RankedDocument, reason: &str) -> Self {
        let d = &ranked.document;
        Self {
            document_id: d.id.clone(),
            title: d.title.clone(),
            file_path: d.file_path.clone(),
            doc_type: d.doc_type.clone(),
            is_stale: d.is_stale,
            staleness_days: d.staleness_days,
            matched_keywords: ranked.matched_keywords.clone(),
            contribution_reasons: vec![reason.to_owned()],
        }
    }
}

impl DriftEvidence {
    pub fn of(signal: &DriftSignalRef, reason: &str) -> Self {
        Self {
            drift_signal_id: signal.id.clone(),
            document_title: signal.document_title.clone(),
            severity: signal.severity.clone(),
            trigger_type: signal.trigger_type.clone(),
            trigger_detail: signal.trigger_detail.clone(),
            contribution_reasons: vec![reason.to_owned()],
        }
    }
}

impl SyncEvidence {
}

impl AgentRunEvidence {
    pub fn of(run: &AgentRunRef, reason: &str) -> Self {
        Self {
            agent_run_id: run.id.clone(),
            agent_name: run.agent_name.clone(),
            action_type: run.action_type.clone(),
            status: run.status.clone(),
            summary: run.summary.clone(),
            contribution_reasons: vec![reason.to_owned()],
        }
    }
}

/// A scored, ranked proposal.
#[derive(Debug, Clone, PartialEq)]
pub struct Draft {
    pub suggestion_type: String,
    pub title: String,
    pub description: String,
    pub rationale: String,
    pub validation_criteria: String,
    pub po_decision: String,
    pub priority_score: f64,
    pub confidence: f64,
    pub rank: i64,
    pub evidence: Vec<String>,
    pub evidence_detail: EvidenceDetail,
    pub duplicate_titles: Vec<String>,
    /// The draft's place in the provider's answer, which `depends_on` refers to (ranking reorders drafts).
    pub key: usize,
    /// The keys of the drafts this one builds on: their work comes first.
    pub depends_on: Vec<usize>,
}

/// Removes repeated evidence lines, comparing case-insensitively and keeping the first spelling.
pub fn dedupe_evidence(lines: Vec<String>) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    lines
        .into_iter()
        .filter(|l| !l.trim().is_empty() && seen.insert(l.trim().to_lowercase()))
        .collect()
}

/// Sorts drafts by priority (highest first, ties by title) and numbers their ranks from 1.
pub fn rank(drafts: &mut [Draft]) {
    drafts.sort_by(|a, b| {
        b.priority_score
            .partial_cmp(&a.priority_score)
            .unwrap_or(std::cmp::Ordering::Equal)
            .then(a.title.cmp(&b.title))
    });
    for (i, draft) in drafts.iter_mut().enumerate() {
        draft.rank = i as i64 + 1;
    }
}
impl Draft {
    /// The stored candidate of `run` this draft becomes, at `now`.
    pub fn into_candidate(self, run: &PlanningRun, now: Timestamp) -> BacklogCandidate {
        let draft = self;
        BacklogCandidate {
            id: BacklogCandidateId::new(),
            project_id: run.project_id,
            requirement_id: run.requirement_id,
            planning_run_id: run.id,
            parent_candidate_id: None,
            suggestion_type: draft.suggestion_type,
            title: draft.title,
            description: draft.description,
            status: CandidateStatus::Draft,
            rationale: draft.rationale,
            validation_criteria: draft.validation_criteria,
            po_decision: draft.po_decision,
            priority_score: draft.priority_score,
            confidence: draft.confidence,
            rank: draft.rank,
            evidence: draft.evidence,
            evidence_detail: serde_json::to_value(&draft.evidence_detail)
                .expect("invariant: evidence serializes"),
            duplicate_titles: draft.duplicate_titles,
            execution_role: None,
            feedback_kind: String::new(),
            feedback_note: String::new(),
            created_at: now,
            updated_at: now,
        }
    }
}

