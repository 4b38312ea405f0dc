//! Candidate operations: review (edit, approve, reject, feedback, role) and apply into a task.

use super::Candidates;
use serde::Serialize;
use ts_rs::TS;

use super::OPERATOR;
use crate::dispatch::roles;
use crate::domain::*;
use crate::store::{CandidateFilter, Tx};
use crate::{Error, Result};

/// A candidate with who set its execution role, and the task it became once applied.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct CandidateDetail {
    #[serde(flatten)]
    #[ts(flatten)]
    pub candidate: BacklogCandidate,
    /// The latest audit entry for its execution role, if one was ever set.
    pub execution_role_authoring: Option<AuditEntry>,
    pub applied_task_id: Option<TaskId>,
}

/// The result of applying a candidate.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct ApplyOutcome {
    pub task: Task,
    pub candidate: BacklogCandidate,
    pub lineage: TaskLineage,
    /// True when the candidate had been applied before and this call only returned its task.
    pub already_applied: bool,
    /// Candidates this one comes after that are not applied yet: its task is not queued until they are
    /// (then "Run this plan" queues it), so it never starts ahead of the work it builds on.
    pub held_for: Vec<BacklogCandidateId>,
}

impl Candidates<'_> {
    /// Candidates matching `filter`.
    pub fn list(&self, filter: &CandidateFilter) -> Result<Vec<BacklogCandidate>> {
        self.core.store.read(|tx| tx.candidates(filter))
    }

    /// One candidate with its role authoring and applied task.
    pub fn get(&self, id: BacklogCandidateId) -> Result<CandidateDetail> {
        self.core.store.read(|tx| detail(tx, load(tx, id)?))
    }

    /// Reviews a candidate: edits, approve / reject, feedback, execution role. A role change is recorded in
    /// the audit ledger in the same transaction.
    pub fn update(
        &self,
        id: BacklogCandidateId,
        patch: &CandidatePatch,
    ) -> Result<CandidateDetail> {
        if let Some(role) = patch.execution_role.as_deref().map(str::trim).filter(|r| !r.is_empty())
        {
            roles::catalog().task_role(role)?;
        }
        self.core.store.write(|tx| {
            let current = load(tx, id)?;
            let now = Timestamp::now();
            let next = patch.apply(&current, now)?;
            if next.execution_role != current.execution_role {
                tx.append_audit(&role_audit(
                    &current,
                    next.execution_role.clone(),
                    "edited in review",
                    now,
                ))?;
            }
            tx.update_candidate(&next)?;
            detail(tx, next)
        })
    }

    /// Applies an approved candidate: exactly one `todo` task plus a lineage row, in one transaction.
    /// With `role`, the task is queued for dispatch as that role. Replaying returns the same task with
    /// `already_applied`; an open task with the same title is a conflict naming it.
    pub fn apply(
        &self,
        id: BacklogCandidateId,
        role: Option<&str>,
        agent: Option<&str>,
    ) -> Result<ApplyOutcome> {
        let role = role.map(str::trim).filter(|r| !r.is_empty());
        if let Some(role) = role {
            roles::catalog().task_role(role)?;
        }
        let outcome = self.core.store.write(|tx| {
            let agent_profile_id = match agent {
                Some(name) => Some(super::dispatch::agent_by_name(tx, name)?.id),
                None => None,
            };
            let candidate = load(tx, id)?;
            if let Some(lineage) = tx.lineage_of_candidate(id)? {
                if let Some(task) = tx.task(lineage.task_id)? {
                    return Ok(ApplyOutcome {
                        task,
                        candidate,
                        lineage,
                        already_applied: true,
                        held_for: Vec::new(),
                    });
                }
            }
            match candidate.status {
                CandidateStatus::Approved => {}
                CandidateStatus::Draft => {
                    return Err(Error::Transition {
                        entity: "backlog candidate",
                        from: "draft".into(),
                        to: "applied".into(),
                        reason: "approve it first (candidate update ID --status approved)".into(),
                    })
                }
                CandidateStatus::Rejected => {
                    return Err(Error::Transition {
                        entity: "backlog candidate",
                        from: "rejected".into(),
                        to: "applied".into(),
                        reason: "a rejected candidate is not applied; approve it first if you changed your mind".into(),
                    })
                }
                CandidateStatus::Applied => {
                    return Err(Error::Conflict(format!(
                        "candidate `{id}` was applied but its task no longer exists"
                    )))
                }
            }
            if let Some(existing) = tx.open_task_with_title(candidate.project_id, &candidate.title)? {
                return Err(Error::Conflict(format!(
                    "an open task already has this title: `{}` ({})",
                    existing.title, existing.id
                )));
            }
            // The planner's order becomes task dependencies: on the tasks of candidates applied before this
            // one, and from the tasks of applied candidates that come after it.
            let mut after = Vec::new();
            let mut held_for = Vec::new();
            for dep in tx.candidate_dependencies_of(id)? {
                match tx.lineage_of_candidate(dep)? {
                    Some(lineage) => after.push(lineage.task_id),
                    None => held_for.push(dep),
                }
            }
            let mut before = Vec::new();
            for dependent in tx.candidate_dependents_of(id)? {
                if let Some(lineage) = tx.lineage_of_candidate(dependent)? {
                    before.push(lineage.task_id);
                }
            }
            let queue = role.is_some() && held_for.is_empty();
            let now = Timestamp::now();
            let task = Task {
                id: TaskId::new(),
                project_id: candidate.project_id,
                title: candidate.title.clone(),
                description: candidate.description.clone(),
                status: TaskStatus::Todo,
                priority: Priority::Medium,
                assignee: String::new(),
                source: format!("candidate:{id}"),
                execution_role: role.map(str::to_owned),
                agent_profile_id,
                dispatch_status: if queue { DispatchStatus::Queued } else { DispatchStatus::None },
                dispatch_queued_at: queue.then_some(now),
                cancel_requested_at: None,
                retry_at: None,
                review_status: crate::domain::ReviewStatus::None,
                stage: crate::domain::Stage::Todo,
                followup: None,
                execution_result: None,
                created_at: now,
                updated_at: now,
            }
            .settled();
            tx.insert_task(&task)?;
            let lineage = TaskLineage {
                id: TaskLineageId::new(),
                project_id: candidate.project_id,
                task_id: task.id,
                requirement_id: Some(candidate.requirement_id),
                planning_run_id: Some(candidate.planning_run_id),
                backlog_candidate_id: Some(id),
                backlog_item_id: None,
                lineage_kind: LineageKind::AppliedCandidate,
                created_at: now,
            };
            tx.insert_lineage(&lineage)?;
            for dependency in after {
                super::dependencies::add(tx, task.id, dependency, ActorKind::User, super::OPERATOR)?;
            }
            for dependent in before {
                super::dependencies::add(tx, dependent, task.id, ActorKind::User, super::OPERATOR)?;
            }
            let mut applied = BacklogCandidate { status: CandidateStatus::Applied, updated_at: now, ..candidate.clone() };
            if let Some(role) = role.filter(|r| candidate.execution_role.as_deref() != Some(*r)) {
                tx.append_audit(&role_audit(&candidate, Some(role.to_owned()), "apply backlog candidate", now))?;
                applied.execution_role = Some(role.to_owned());
            }
            tx.update_candidate(&applied)?;
            if let Some(requirement) = tx.requirement(candidate.requirement_id)? {
                let promoted = requirement.status.promoted();
                if promoted != requirement.status {
                    tx.update_requirement(&Requirement { status: promoted, updated_at: now, ..requirement })?;
                }
            }
            Ok(ApplyOutcome { task, candidate: applied, lineage, already_applied: false, held_for })
        })?;
        if outcome.task.dispatch_status == DispatchStatus::Queued {
            self.core.wake_dispatcher();
        }
        Ok(outcome)
    }
}

impl Candidates<'_> {
    /// Approves the candidate (unless it is approved or applied already) and applies it: the one-step
    /// "approve and apply" of the review screen and of `candidate apply --approve`.
    pub fn approve_and_apply(
        &self,
        id: BacklogCandidateId,
        role: Option<&str>,
        agent: Option<&str>,
    ) -> Result<ApplyOutcome> {
        let status = self.core.candidates().get(id)?.candidate.status;
        if status != CandidateStatus::Approved && status != CandidateStatus::Applied {
            let approve =
                CandidatePatch { status: Some(CandidateStatus::Approved), ..Default::default() };
            self.core.candidates().update(id, &approve)?;
        }
        self.core.candidates().apply(id, role, agent)
    }
}

fn role_audit(
    candidate: &BacklogCandidate,
    new_role: Option<String>,
    rationale: &str,
    now: Timestamp,
) -> AuditEntry {
    AuditEntry {
        id: AuditEntryId::new(),
        subject_kind: AuditSubject::BacklogCandidate,
        subject_id: candidate.id.to_string(),
        field: "execution_role".into(),
        old_value: candidate.execution_role.clone(),
        new_value: new_role,
        actor_kind: ActorKind::User,
        actor_id: OPERATOR.into(),
        rationale: rationale.into(),
        confidence: None,
        created_at: now,
    }
}

fn detail(tx: &Tx<'_>, candidate: BacklogCandidate) -> Result<CandidateDetail> {
    let authoring = tx
        .audit_of(AuditSubject::BacklogCandidate, &candidate.id.to_string())?
        .into_iter()
        .rev()
        .find(|e| e.field == "execution_role");
    let applied_task_id = tx.lineage_of_candidate(candidate.id)?.map(|l| l.task_id);
    Ok(CandidateDetail { candidate, execution_role_authoring: authoring, applied_task_id })
}

fn load(tx: &Tx<'_>, id: BacklogCandidateId) -> Result<BacklogCandidate> {
    tx.candidate(id)?.ok_or_else(|| Error::not_found("backlog candidate", id))
}
