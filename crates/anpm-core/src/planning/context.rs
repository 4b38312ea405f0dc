//! The planning context: what a planner is told about the project, built from the store, sanitized, capped
//! at [`MAX_SOURCES_BYTES`], and kept with the run as evidence.
//!
//! `context.v1` is the body (limits, sources, meta). `context.v2` wraps the same body in an envelope that
//! names the pack, the intent, the estimated task scale and the project's source-of-truth documents.
//! Document bodies are never included: titles, paths, statuses and ids only.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::sanitize::{sanitize, SANITIZER_VERSION};
use super::scale::TaskScale;
use crate::domain::Timestamp;

pub const SCHEMA_V1: &str = "context.v1";
pub const SCHEMA_V2: &str = "context.v2";

/// Most open tasks in a context.
pub const MAX_OPEN_TASKS: usize = 100;
/// Most documents in a context.
pub const MAX_RECENT_DOCUMENTS: usize = 8;
/// Most drift signals in a context.
pub const MAX_OPEN_DRIFT_SIGNALS: usize = 6;
/// Most agent runs in a context.
pub const MAX_RECENT_AGENT_RUNS: usize = 6;
/// Most repository files named as related to the requirement.
pub const MAX_RELATED_FILES: usize = 12;
/// Cap on the serialized `sources`, in bytes.
pub const MAX_SOURCES_BYTES: usize = 256 * 1024;

/// An open task, as the planner sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct OpenTaskRef {
    pub id: String,
    pub title: String,
    pub status: String,
    pub priority: String,
    pub updated_at: String,
}

/// A project document (metadata only).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct DocumentRef {
    pub id: String,
    pub title: String,
    pub file_path: String,
    pub doc_type: String,
    pub is_stale: bool,
    pub staleness_days: i64,
}

/// An open documentation-drift signal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct DriftSignalRef {
    pub id: String,
    pub document_title: String,
    pub trigger_type: String,
    pub trigger_detail: String,
    /// `low`, `medium`, `high`, or empty when unknown.
    pub severity: String,
    pub opened_at: String,
}

/// The latest repository sync.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct SyncRunRef {
    pub id: String,
    pub status: String,
    pub started_at: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub completed_at: Option<String>,
    pub error_message: String,
}

/// A recent run of an agent on this project (dispatch attempts).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct AgentRunRef {
    pub id: String,
    pub agent_name: String,
    pub action_type: String,
    pub status: String,
    pub started_at: String,
    pub summary: String,
}

/// A file of the repository the requirement's words point at (paths only; contents are never sent).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct RelatedFileRef {
    /// Repository-relative.
    pub path: String,
    /// The requirement's keywords its path contains.
    pub matched_keywords: Vec<String>,
    /// Titles of the related documents that link it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub linked_from: Vec<String>,
}

/// Everything the planner is told about the project.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
pub struct Sources {
    pub open_tasks: Vec<OpenTaskRef>,
    pub recent_documents: Vec<DocumentRef>,
    pub open_drift_signals: Vec<DriftSignalRef>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub latest_sync_run: Option<SyncRunRef>,
    pub recent_agent_runs: Vec<AgentRunRef>,
    /// An addition to the spec's five sources: repository files whose paths match the requirement or
    /// that related documents link, most relevant first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub related_files: Vec<RelatedFileRef>,
}

/// The limits a context was built under.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Limits {
    pub max_open_tasks: usize,
    pub max_recent_documents: usize,
    pub max_open_drift_signals: usize,
    pub max_recent_agent_runs: usize,
    pub include_latest_sync_run: bool,
    pub max_sources_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_open_tasks: MAX_OPEN_TASKS,
            max_recent_documents: MAX_RECENT_DOCUMENTS,
            max_open_drift_signals: MAX_OPEN_DRIFT_SIGNALS,
            max_recent_agent_runs: MAX_RECENT_AGENT_RUNS,
            include_latest_sync_run: true,
            max_sources_bytes: MAX_SOURCES_BYTES,
        }
    }
}

/// How each source was ordered.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Ranking {
    pub documents: String,
    pub tasks: String,
    pub drift_signals: String,
    pub agent_runs: String,
}

impl Default for Ranking {
    fn default() -> Self {
        Self {
            documents: "relevance_v1".into(),
            tasks: "updated_at_desc".into(),
            drift_signals: "severity_desc_then_opened_at_desc".into(),
            agent_runs: "started_at_desc".into(),
        }
    }
}

/// Items dropped per source to respect the byte cap. Every key is always present.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct DroppedCounts {
    pub open_tasks: u64,
    pub recent_documents: u64,
    pub open_drift_signals: u64,
    pub latest_sync_run: u64,
    pub recent_agent_runs: u64,
    #[serde(default)]
    pub related_files: u64,
}

impl DroppedCounts {
    /// True when anything was dropped.
    pub fn any(&self) -> bool {
        self.total() > 0
    }

    pub fn total(&self) -> u64 {
        self.open_tasks
            + self.recent_documents
            + self.open_drift_signals
            + self.latest_sync_run
            + self.recent_agent_runs
            + self.related_files
    }
}

/// Facts about the context itself.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
pub struct Meta {
    pub ranking: Ranking,
    pub dropped_counts: DroppedCounts,
    /// Serialized size of `sources` after reduction.
    pub sources_bytes: u64,
    pub warnings: Vec<String>,
}

/// `context.v1`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ContextV1 {
    pub schema_version: String,
    pub generated_at: Timestamp,
    pub generated_by: String,
    pub sanitizer_version: String,
    pub limits: Limits,
    pub sources: Sources,
    pub meta: Meta,
}

/// What the planner is asked to do with the context.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum IntentMode {
    Analyze,
    Implement,
    Review,
    Document,
}

/// A document the project treats as authoritative (its README, its docs).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SourceOfTruth {
    pub name: String,
    /// Relative to the repository root.
    pub path: String,
    /// `overview`, `architecture`, `decision` or `documentation`.
    pub role: String,
}

/// `context.v2`: the v1 body in an envelope.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ContextV2 {
    pub schema_version: String,
    pub pack_id: String,
    pub role: String,
    pub intent_mode: IntentMode,
    pub task_scale: TaskScale,
    pub source_of_truth: Vec<SourceOfTruth>,
    pub generated_at: Timestamp,
    pub generated_by: String,
    pub sanitizer_version: String,
    pub limits: Limits,
    pub sources: Sources,
    pub meta: Meta,
}

/// Builds `context.v1` from already-ordered sources: applies the per-source limits, sanitizes, and reduces
/// to the byte cap. `warnings` are carried into `meta` (a source that could not be read, for example).
pub fn build_v1(mut sources: Sources, warnings: Vec<String>, now: Timestamp) -> ContextV1 {
    let limits = Limits::default();
    sources.open_tasks.truncate(limits.max_open_tasks);
    sources.recent_documents.truncate(limits.max_recent_documents);
    sources.open_drift_signals.truncate(limits.max_open_drift_signals);
    sources.recent_agent_runs.truncate(limits.max_recent_agent_runs);
    sources.related_files.truncate(MAX_RELATED_FILES);
    let mut sources = sanitize(&sources);
    let (dropped_counts, sources_bytes) = reduce(&mut sources, limits.max_sources_bytes);
    ContextV1 {
        schema_version: SCHEMA_V1.into(),
        generated_at: now,
        generated_by: "anpm".into(),
        sanitizer_version: SANITIZER_VERSION.into(),
        limits,
        sources,
        meta: Meta {
            ranking: Ranking::default(),
            dropped_counts,
            sources_bytes: sources_bytes as u64,
            warnings,
        },
    }
}

/// Wraps a v1 context in the v2 envelope. The schema version is always `context.v2`, whatever `v1` said.
pub fn upgrade(
    v1: ContextV1,
    pack_id: String,
    intent_mode: IntentMode,
    task_scale: TaskScale,
    source_of_truth: Vec<SourceOfTruth>,
) -> ContextV2 {
    ContextV2 {
        schema_version: SCHEMA_V2.into(),
        pack_id,
        role: String::new(),
        intent_mode,
        task_scale,
        source_of_truth,
        generated_at: v1.generated_at,
        generated_by: v1.generated_by,
        sanitizer_version: v1.sanitizer_version,
        limits: v1.limits,
        sources: v1.sources,
        meta: v1.meta,
    }
}

/// Serialized size of a value, in bytes.
fn json_len<T: Serialize>(value: &T) -> usize {
    serde_json::to_vec(value).map(|v| v.len()).unwrap_or(0)
}

/// Drops items until the serialized `sources` fit in `cap` bytes: each round removes the last item of the
/// currently largest source (the sync run goes as a whole). Returns what was dropped and the final size.
pub fn reduce(sources: &mut Sources, cap: usize) -> (DroppedCounts, usize) {
    let mut dropped = DroppedCounts::default();
    loop {
        let total = json_len(sources);
        if total <= cap {
            return (dropped, total);
        }
        let sizes = [
            (!sources.open_tasks.is_empty()).then(|| json_len(&sources.open_tasks)),
            (!sources.recent_documents.is_empty()).then(|| json_len(&sources.recent_documents)),
            (!sources.open_drift_signals.is_empty()).then(|| json_len(&sources.open_drift_signals)),
            sources.latest_sync_run.as_ref().map(json_len),
            (!sources.recent_agent_runs.is_empty()).then(|| json_len(&sources.recent_agent_runs)),
            (!sources.related_files.is_empty()).then(|| json_len(&sources.related_files)),
        ];
        let Some(largest) =
            (0..sizes.len()).filter(|i| sizes[*i].is_some()).max_by_key(|i| sizes[*i])
        else {
            return (dropped, total);
        };
        match largest {
            0 => {
                sources.open_tasks.pop();
                dropped.open_tasks += 1;
            }
            1 => {
                sources.recent_documents.pop();
                dropped.recent_documents += 1;
            }
            2 => {
                sources.open_drift_signals.pop();
                dropped.open_drift_signals += 1;
            }
            3 => {
                sources.latest_sync_run = None;
                dropped.latest_sync_run += 1;
            }
            4 => {
                sources.recent_agent_runs.pop();
                dropped.recent_agent_runs += 1;
            }
            _ => {
                sources.related_files.pop();
                dropped.related_files += 1;
            }
        }
    }
}

/// The summary `plan context` shows for a stored snapshot.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct ContextSummary {
    pub available: bool,
    pub planning_run_id: String,
    pub pack_id: String,
    pub schema_version: String,
    pub sources_bytes: u64,
    pub dropped_counts: DroppedCounts,
    pub open_task_count: usize,
    pub document_count: usize,
    pub drift_count: usize,
    pub agent_run_count: usize,
    pub has_sync_run: bool,
    /// What the pack carried from the repository's knowledge, for the evidence drawer to name.
    pub documents: Vec<DocumentRef>,
    pub drift_signals: Vec<DriftSignalRef>,
    pub sync_run: Option<SyncRunRef>,
    pub related_files: Vec<RelatedFileRef>,
    pub role: String,
    pub intent_mode: IntentMode,
    pub task_scale: TaskScale,
    pub source_of_truth: Vec<SourceOfTruth>,
    pub warnings: Vec<String>,
}

impl ContextSummary {
    /// Summarizes a v2 context stored for `planning_run_id`.
    pub fn of(planning_run_id: String, context: &ContextV2) -> Self {
        Self {
            available: true,
            planning_run_id,
            pack_id: context.pack_id.clone(),
            schema_version: context.schema_version.clone(),
            sources_bytes: context.meta.sources_bytes,
            dropped_counts: context.meta.dropped_counts,
            open_task_count: context.sources.open_tasks.len(),
            document_count: context.sources.recent_documents.len(),
            drift_count: context.sources.open_drift_signals.len(),
            agent_run_count: context.sources.recent_agent_runs.len(),
            has_sync_run: context.sources.latest_sync_run.is_some(),
            documents: context.sources.recent_documents.clone(),
            drift_signals: context.sources.open_drift_signals.clone(),
            sync_run: context.sources.latest_sync_run.clone(),
            related_files: context.sources.related_files.clone(),
            role: context.role.clone(),
            intent_mode: context.intent_mode,
            task_scale: context.task_scale,
            source_of_truth: context.source_of_truth.clone(),
            warnings: context.meta.warnings.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn task(i: usize, title_len: usize) -> OpenTaskRef {
        OpenTaskRef {
            id: format!("t{i}"),
            title: "x".repeat(title_len),
            status: "todo".into(),
            priority: "medium".into(),
            updated_at: "2026-01-01T00:00:00.000000Z".into(),
        }
    }

    fn document() -> DocumentRef {
        DocumentRef {
            id: "d1".into(),
            title: "Guide".into(),
            file_path: "docs/guide.md".into(),
            doc_type: "guide".into(),
            is_stale: false,
            staleness_days: 0,
        }
    }

    #[test]
    fn under_the_cap_nothing_is_dropped() {
        let mut sources = Sources { open_tasks: vec![task(1, 10)], ..Default::default() };
        let (dropped, bytes) = reduce(&mut sources, MAX_SOURCES_BYTES);
        assert_eq!(dropped, DroppedCounts::default());
        assert!(bytes > 0);
        assert_eq!(sources.open_tasks.len(), 1);
    }

    #[test]
    fn over_the_cap_drops_from_the_largest_source() {
        let mut sources = Sources {
            open_tasks: (0..200).map(|i| task(i, 100)).collect(),
            recent_documents: vec![document()],
            ..Default::default()
        };
        let (dropped, bytes) = reduce(&mut sources, 4096);
        assert!(bytes <= 4096, "{bytes}");
        assert!(dropped.open_tasks > 0);
        assert_eq!(dropped.recent_documents, 0);
        assert_eq!(sources.recent_documents.len(), 1, "the small source survives");
        assert_eq!(sources.open_tasks.len() as u64 + dropped.open_tasks, 200);
        assert_eq!(
            sources.open_tasks.last().map(|t| t.id.as_str()),
            Some(format!("t{}", sources.open_tasks.len() - 1).as_str()),
            "drops from the end"
        );
    }

    #[test]
    fn everything_can_be_dropped_down_to_the_empty_floor() {
        let mut sources = Sources { open_tasks: vec![task(1, 5000)], ..Default::default() };
        let (dropped, bytes) = reduce(&mut sources, 10);
        assert_eq!(dropped.open_tasks, 1);
        assert!(sources.open_tasks.is_empty());
        assert!(bytes < 100, "{bytes}");
    }

    #[test]
    fn the_sync_run_is_dropped_whole() {
        let mut sources = Sources {
            latest_sync_run: Some(SyncRunRef {
                id: "s".into(),
                status: "failed".into(),
                started_at: "x".into(),
                completed_at: None,
                error_message: "e".repeat(8000),
            }),
            ..Default::default()
        };
        let (dropped, _) = reduce(&mut sources, 1024);
        assert!(sources.latest_sync_run.is_none());
        assert_eq!(dropped.latest_sync_run, 1);
    }

    #[test]
    fn v1_json_shape_is_stable() {
        let v1 = build_v1(Sources::default(), vec![], Timestamp::now());
        let value = serde_json::to_value(&v1).expect("json");
        assert_eq!(value["schema_version"], "context.v1");
        assert_eq!(value["sanitizer_version"], "v2", "every text field redacted, the secret-shape table");
        assert_eq!(
            value["limits"],
            serde_json::json!({
                "max_open_tasks": 100, "max_recent_documents": 8, "max_open_drift_signals": 6,
                "max_recent_agent_runs": 6, "include_latest_sync_run": true, "max_sources_bytes": 262144
            })
        );
        assert_eq!(value["meta"]["ranking"]["tasks"], "updated_at_desc");
        assert_eq!(value["meta"]["ranking"]["documents"], "relevance_v1");
        assert_eq!(value["meta"]["warnings"], serde_json::json!([]));
        for key in [
            "open_tasks",
            "recent_documents",
            "open_drift_signals",
            "latest_sync_run",
            "recent_agent_runs",
        ] {
            assert_eq!(value["meta"]["dropped_counts"][key], 0, "{key}");
        }
        assert!(value["meta"]["sources_bytes"].as_u64().expect("bytes") > 0);
    }

    #[test]
    fn v1_decoding_tolerates_unknown_fields() {
        let v1 = build_v1(Sources::default(), vec![], Timestamp::now());
        let mut value = serde_json::to_value(&v1).expect("json");
        value["future_field"] = serde_json::json!({"anything": true});
        let decoded: ContextV1 = serde_json::from_value(value).expect("decodes");
        assert_eq!(decoded, v1);
    }

    #[test]
    fn upgrade_copies_the_body_and_sets_the_envelope() {
        let mut v1 = build_v1(
            Sources { open_tasks: vec![task(1, 5)], ..Default::default() },
            vec!["w".into()],
            Timestamp::now(),
        );
        v1.schema_version = "context.v0".into();
        let v2 =
            upgrade(v1.clone(), "pack".into(), IntentMode::Implement, TaskScale::Small, vec![]);
        assert_eq!(v2.schema_version, SCHEMA_V2, "overwritten whatever v1 said");
        assert_eq!(v2.pack_id, "pack");
        assert_eq!((v2.sources, v2.meta, v2.limits), (v1.sources, v1.meta, v1.limits));
        assert_eq!(
            (v2.generated_at, v2.generated_by, v2.sanitizer_version),
            (v1.generated_at, v1.generated_by, v1.sanitizer_version)
        );
        let value = serde_json::to_value(upgrade(
            build_v1(Sources::default(), vec![], Timestamp::now()),
            "p".into(),
            IntentMode::Implement,
            TaskScale::Small,
            vec![],
        ))
        .expect("json");
        assert_eq!(value["source_of_truth"], serde_json::json!([]), "an empty list, never null");
        assert_eq!(value["intent_mode"], "implement");
        assert_eq!(value["task_scale"], "small");
    }
}
