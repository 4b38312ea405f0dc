//! Sync runs: scan a project's git history since the last scan (from the commit it reached, else its
//! time, else 30 days back), keep the documents
//! registry in step with the tree, raise drift signals for the documents the changes touch and for those
//! left too long without an update, and record the counts. Git runs outside any transaction; everything
//! the run decides is written in one transaction at the end, so a failed run changes nothing but its own
//! row.

use std::path::PathBuf;

use super::documents::{refresh, TreeScan};
use super::SyncRuns;
use crate::domain::*;
use crate::knowledge::drift;
use crate::repo::history::{self, BranchProblem};
use crate::store::Tx;
use crate::{Error, Result};

/// How far back the first sync of a project looks, in days.
pub const FIRST_WINDOW_DAYS: i64 = 30;

impl SyncRuns<'_> {
    /// Runs a sync of the project now and returns the finished run (completed or failed). A project whose
    /// folder is no longer a git work tree is refused before any run is recorded.
    pub fn run(&self, project_id: ProjectId, trigger: SyncTrigger) -> Result<SyncRun> {
        // One sync at a time in this process: the watch, the start-up sync and a command never interleave.
        let _one = self.core.sync_lock.lock().unwrap_or_else(|p| p.into_inner());
        let project = self.core.projects().get(project_id)?;
        let root = PathBuf::from(&project.repo_path);
        if !crate::repo::is_work_tree_root(&root) {
            return Err(Error::NotAGitRepo { path: project.repo_path.clone() });
        }
        let mut run = SyncRun {
            id: SyncRunId::new(),
            project_id,
            status: SyncStatus::Running,
            triggered_by: trigger,
            branch: String::new(),
            commits_scanned: 0,
            files_changed: 0,
            signals_created: 0,
            error_message: String::new(),
            detected_branch: String::new(),
            started_at: Timestamp::now(),
            completed_at: None,
        };
        self.core.store.write(|tx| tx.insert_sync_run(&run))?;
        match self.scan(&project, &root, &mut run) {
            Ok(()) => Ok(run),
            Err(e) => {
                run.status = SyncStatus::Failed;
                run.error_message = e.to_string();
                run.completed_at = Some(Timestamp::now());
                let notice = Notification::new(
                    Some(project_id),
                    NotificationKind::SyncFailed,
                    format!("Sync failed: {}", project.name),
                    &run.error_message,
                    format!("sync:{project_id}"),
                    Timestamp::now(),
                );
                self.core.store.write(|tx| {
                    tx.update_sync_run(&run)?;
                    tx.insert_notification(&notice)
                })?;
                Ok(run)
            }
        }
    }

    /// A project's sync runs, newest first.
    pub fn list(&self, project_id: ProjectId, limit: usize) -> Result<Vec<SyncRun>> {
        self.core.store.read(|tx| {
            tx.project(project_id)?.ok_or_else(|| Error::not_found("project", project_id))?;
            tx.sync_runs(project_id, limit)
        })
    }

    fn scan(&self, project: &Project, root: &std::path::Path, run: &mut SyncRun) -> Result<()> {
        let now = Timestamp::now();
        let empty = history::is_empty(root)?;
        let scan = if empty {
            history::Scan::default()
        } else {
            let branch = match history::resolve_branch(root, project.base_branch())? {
                Ok(branch) => branch,
                Err(BranchProblem::Missing { configured, detected }) => {
                    run.detected_branch = detected.clone();
                    return Err(Error::Conflict(format!(
                        "branch \"{configured}\" is not in the repository; detected default branch is \
                         \"{detected}\". Apply it with `anpm project edit {} --base-branch {detected}` \
                         (or in the project's settings) and sync again",
                        project.id
                    )))
                }
            };
            run.branch = branch.clone();
            let (last_at, last_head) = self.core.store.read(|tx| tx.last_sync(project.id))?;
            let since = last_at.unwrap_or_else(|| now.plus_seconds(-FIRST_WINDOW_DAYS * 86_400));
            history::changes_since(root, &branch, last_head.as_deref(), since)?
        };
        let manual: Vec<String> = self.core.store.read(|tx| {
            Ok(tx
                .documents(project.id)?
                .into_iter()
                .filter(|d| d.source == DocumentSource::Manual)
                .map(|d| d.file_path)
                .collect())
        })?;
        let tree = TreeScan::read(root, &manual)?;
        let threshold = self.core.settings().stale_days();
        self.core.store.write(|tx| {
            // Links as they were before this scan: a deleted file's link is gone after the refresh, but the
            // deletion is exactly what the documents linking it must hear about.
            let links = tx.project_links(project.id)?;
            refresh(tx, project.id, &tree, &scan.changes, now)?;
            let created = raise_signals(tx, project.id, run.id, &scan, &links, threshold, now)?;
            run.status = SyncStatus::Completed;
            run.commits_scanned = scan.commits as i64;
            run.files_changed = scan.changes.len() as i64;
            run.signals_created = created.len() as i64;
            run.completed_at = Some(Timestamp::now());
            tx.update_sync_run(run)?;
            tx.set_last_sync(project.id, now, &scan.head)?;
            if !created.is_empty() {
                tx.insert_notification(&drift_notice(project, &created, now))?;
            }
            Ok(())
        })
    }
}

/// Steps 5–7 of a sync: code-change signals for the documents the changes touch, then time-decay signals
/// for documents older than `threshold_days`. A document with an open signal gets no second one, but is
/// still marked stale. Returns the signals created.
fn raise_signals(
    tx: &Tx<'_>,
    project_id: ProjectId,
    run_id: SyncRunId,
    scan: &history::Scan,
    links: &std::collections::HashMap<String, Vec<DocumentId>>,
    threshold_days: i64,
    now: Timestamp,
) -> Result<Vec<DriftSignal>> {
    let documents = tx.documents(project_id)?;
    let own_files = documents.iter().map(|d| (d.file_path.clone(), d.id)).collect();
    let mut created = Vec::new();
    for touch in drift::touches(&scan.changes, links, &own_files) {
        let Some(doc) = documents.iter().find(|d| d.id == touch.document_id) else { continue };
        let days = doc.last_updated_at.map_or(0, |_| doc.age_days(now));
        tx.mark_document_stale(doc.id, days, now)?;
        if tx.has_open_drift(doc.id)? {
            continue;
        }
        let signal = signal(
            doc,
            run_id,
            TriggerType::CodeChange,
            touch.detail(),
            TriggerMeta { changed_files: touch.files.clone(), days_stale: None },
            touch.severity(),
            touch.confidence(),
            now,
        );
        tx.insert_drift_signal(&signal)?;
        created.push(signal);
    }
    for doc in tx.documents(project_id)? {
        let age = doc.age_days(now);
        if age <= threshold_days {
            continue;
        }
        tx.mark_document_stale(doc.id, age, now)?;
        if tx.has_open_drift(doc.id)? {
            continue;
        }
        let signal = signal(
            &doc,
            run_id,
            TriggerType::TimeDecay,
            drift::decay_detail(threshold_days),
            TriggerMeta { changed_files: Vec::new(), days_stale: Some(threshold_days) },
            Severity::MEDIUM,
            Confidence::Medium,
            now,
        );
        tx.insert_drift_signal(&signal)?;
        created.push(signal);
    }
    Ok(created)
}

#[allow(clippy::too_many_arguments)]
fn signal(
    doc: &Document,
    run_id: SyncRunId,
    trigger_type: TriggerType,
    trigger_detail: String,
    trigger_meta: TriggerMeta,
    severity: Severity,
    confidence: Confidence,
    now: Timestamp,
) -> DriftSignal {
    DriftSignal {
        id: DriftSignalId::new(),
        project_id: doc.project_id,
        document_id: doc.id,
        document_title: doc.title.clone(),
        document_path: doc.file_path.clone(),
        trigger_type,
        trigger_detail,
        trigger_meta,
        severity,
        confidence,
        sync_run_id: Some(run_id),
        status: DriftStatus::Open,
        resolved_by: String::new(),
        resolved_at: None,
        created_at: now,
        updated_at: now,
    }
}

fn drift_notice(project: &Project, created: &[DriftSignal], now: Timestamp) -> Notification {
    let titles: Vec<&str> = created.iter().take(5).map(|s| s.document_title.as_str()).collect();
    let more = created.len().saturating_sub(titles.len());
    let mut body = titles.join(", ");
    if more > 0 {
        body.push_str(&format!(" and {more} more"));
    }
    Notification::new(
        Some(project.id),
        NotificationKind::DriftFound,
        format!("Drift found in {}: {} document(s)", project.name, created.len()),
        &body,
        format!("drift:{}", project.id),
        now,
    )
}
