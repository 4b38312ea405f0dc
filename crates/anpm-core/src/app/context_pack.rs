//! What a planning context is gathered from, read in one transaction: open tasks, the documents ranked by
//! relevance to the requirement, open drift signals by severity, the latest sync run, and the recent agent
//! runs (dispatch attempts and planning runs, leaving the run being planned out); and, beyond the spec's
//! five sources, the repository files the requirement points at. Limits, the sanitizer and the reducer
//! are the context builder's (`planning::context`).

use std::collections::HashMap;

use crate::domain::*;
use crate::planning::files;
use crate::planning::context::{
    self, AgentRunRef, DocumentRef, DriftSignalRef, OpenTaskRef, Sources, SyncRunRef,
};
use crate::planning::signals::{rank_documents, RequirementText};
use crate::store::{DriftFilter, Tx};
use crate::Result;

/// The sources of a context for `requirement`, planned by `current` (left out of the agent runs).
/// `tracked` is the repository's file list (read before the transaction).
pub(super) fn gather(
    tx: &Tx<'_>,
    project: &Project,
    requirement: &Requirement,
    current: Option<PlanningRunId>,
    tracked: &[String],
) -> Result<Sources> {
    let tasks = tx.open_tasks(project.id, context::MAX_OPEN_TASKS)?;
    let keywords = RequirementText {
        title: requirement.title.clone(),
        summary: requirement.summary.clone(),
        description: requirement.description.clone(),
    }
    .keywords();
    let documents: Vec<DocumentRef> = tx.documents(project.id)?.iter().map(document_ref).collect();
    let ranked = rank_documents(&documents, &keywords);
    // The code the most relevant documents cover (those the keywords matched).
    let mut linked: HashMap<String, Vec<String>> = HashMap::new();
    for doc in ranked.iter().take(3).filter(|d| !d.matched_keywords.is_empty()) {
        let Ok(id) = doc.document.id.parse::<DocumentId>() else { continue };
        for link in tx.document_links(id)? {
            linked.entry(link.code_path).or_default().push(doc.document.title.clone());
        }
    }
    let related_files =
        files::related_files(tracked, &keywords, &linked, context::MAX_RELATED_FILES);
    let recent_documents = ranked
        .into_iter()
        .take(context::MAX_RECENT_DOCUMENTS)
        .map(|ranked| ranked.document)
        .collect();
    let open_drift_signals = tx
        .drift_signals(&DriftFilter {
            project_id: project.id,
            status: Some(DriftStatus::Open),
            sort: DriftSort::Severity,
            limit: context::MAX_OPEN_DRIFT_SIGNALS,
        })?
        .iter()
        .map(drift_ref)
        .collect();
    let latest_sync_run = tx.sync_runs(project.id, 1)?.first().map(sync_ref);
    let runs = recent_agent_runs(tx, project.id, current, context::MAX_RECENT_AGENT_RUNS)?;
    Ok(Sources {
        open_tasks: tasks.iter().map(open_task_ref).collect(),
        recent_documents,
        open_drift_signals,
        latest_sync_run,
        recent_agent_runs: runs,
        related_files,
    })
}

/// The `limit` most recent agent runs of a project: dispatch attempts and planning runs (but `except`),
/// newest first.
pub(super) fn recent_agent_runs(
    tx: &Tx<'_>,
    project_id: ProjectId,
    except: Option<PlanningRunId>,
    limit: usize,
) -> Result<Vec<AgentRunRef>> {
    let mut runs: Vec<AgentRunRef> = tx
        .recent_attempts(project_id, limit)?
        .iter()
        .map(|(a, title)| agent_run_ref(a, title))
        .collect();
    for run in tx.recent_planning_runs(project_id, except, limit)? {
        runs.push(planning_run_ref(&run, tx.requirement(run.requirement_id)?.map(|r| r.title)));
    }
    // RFC 3339 with fixed digits: text order is time order.
    runs.sort_by(|a, b| b.started_at.cmp(&a.started_at).then_with(|| a.id.cmp(&b.id)));
    runs.truncate(limit);
    Ok(runs)
}

fn open_task_ref(task: &Task) -> OpenTaskRef {
    OpenTaskRef {
        id: task.id.to_string(),
        title: task.title.clone(),
        status: task.status.to_string(),
        priority: task.priority.to_string(),
        updated_at: task.updated_at.to_string(),
    }
}

fn document_ref(doc: &Document) -> DocumentRef {
    DocumentRef {
        id: doc.id.to_string(),
        title: doc.title.clone(),
        file_path: doc.file_path.clone(),
        doc_type: doc.doc_type.to_string(),
        is_stale: doc.is_stale,
        staleness_days: doc.staleness_days,
    }
}

fn drift_ref(signal: &DriftSignal) -> DriftSignalRef {
    DriftSignalRef {
        id: signal.id.to_string(),
        document_title: signal.document_title.clone(),
        trigger_type: signal.trigger_type.to_string(),
        trigger_detail: signal.trigger_detail.clone(),
        severity: signal.severity.name().to_owned(),
        opened_at: signal.created_at.to_string(),
    }
}

fn sync_ref(run: &SyncRun) -> SyncRunRef {
    SyncRunRef {
        id: run.id.to_string(),
        status: run.status.to_string(),
        started_at: run.started_at.to_string(),
        completed_at: run.completed_at.map(|t| t.to_string()),
        error_message: run.error_message.clone(),
    }
}

fn agent_run_ref(attempt: &DispatchAttempt, task_title: &str) -> AgentRunRef {
    let summary = match (&attempt.error_kind, attempt.outcome) {
        (Some(kind), AttemptOutcome::Failed) => {
            format!("{task_title}: failed ({kind}) {}", attempt.error_message)
        }
        (_, outcome) => format!("{task_title}: {outcome}"),
    };
    AgentRunRef {
        id: attempt.id.to_string(),
        agent_name: attempt.agent_name.clone(),
        action_type: format!("dispatch:{}", attempt.role),
        status: attempt.outcome.to_string(),
        started_at: attempt.started_at.to_string(),
        summary: summary.trim().to_owned(),
    }
}

fn planning_run_ref(run: &PlanningRun, requirement: Option<String>) -> AgentRunRef {
    let subject = requirement.unwrap_or_else(|| "a requirement".to_owned());
    let summary = match run.status {
        PlanningRunStatus::Failed => format!("planning {subject}: failed {}", run.error_message),
        status => format!("planning {subject}: {status}"),
    };
    AgentRunRef {
        id: run.id.to_string(),
        agent_name: format!("planner:{}", run.provider_id),
        action_type: "review".to_owned(),
        status: run.status.to_string(),
        started_at: run.started_at.map(|t| t.to_string()).unwrap_or_default(),
        summary: summary.trim().to_owned(),
    }
}
