//! Task dependencies: add and remove edges (same project, no cycle — the domain decides), list a task's
//! with where each stands, and queue a requirement's whole plan in one action ("Run this plan"). Every
//! change is audited and wakes this process's dispatch loop, so a task whose last dependency was removed
//! starts at once.

use serde::Serialize;
use ts_rs::TS;

use super::Dependencies;
use crate::domain::*;
use crate::store::Tx;
use crate::{Error, Result};

/// A task's dependencies, and the tasks that wait on it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct TaskDependencies {
    pub task_id: TaskId,
    pub depends_on: Vec<DependencyState>,
    /// The ids of the dependencies that do not let it start yet (the "waiting on …" of a card).
    pub waiting_on: Vec<TaskId>,
    pub dependents: Vec<TaskId>,
}

/// What "Run this plan" did with each of a requirement's tasks.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct PlanQueued {
    pub requirement_id: RequirementId,
    /// Queued now, in dependency order (each starts when its dependencies let it).
    pub queued: Vec<TaskId>,
    /// Already queued or running.
    pub already_active: Vec<TaskId>,
    /// Left alone, each with the reason (no role, already finished…).
    pub skipped: Vec<SkippedTask>,
}

/// One task of a requirement's plan, with its place in the dependency graph (the window draws the graph
/// from these, in dependency order).
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct PlanStep {
    pub task_id: TaskId,
    pub title: String,
    pub stage: Stage,
    pub execution_role: Option<String>,
    /// The tasks of this plan it builds on.
    pub depends_on: Vec<TaskId>,
    /// Those that do not let it start yet.
    pub waiting_on: Vec<TaskId>,
}

/// A task "Run this plan" left alone.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct SkippedTask {
    pub task_id: TaskId,
    pub title: String,
    pub reason: String,
}

impl Dependencies<'_> {
    /// `task`'s dependencies, where each stands, and its dependents.
    pub fn of(&self, task: TaskId) -> Result<TaskDependencies> {
        self.core.store.read(|tx| of(tx, task))
    }

    /// The tasks applied from `requirement`'s candidates in dependency order, each with its edges.
    pub fn plan(&self, requirement: RequirementId) -> Result<Vec<PlanStep>> {
        self.core.store.read(|tx| {
            let req = tx
                .requirement(requirement)?
                .ok_or_else(|| Error::not_found("requirement", requirement))?;
            let tasks = tx.tasks_of_requirement(req.id)?;
            let ids: Vec<TaskId> = tasks.iter().map(|t| t.id).collect();
            let edges = tx.task_dependency_edges(req.project_id)?;
            dependency_order(&ids, &edges)
                .into_iter()
                .map(|id| {
                    let task = tasks.iter().find(|t| t.id == id).expect("invariant: ordered from these tasks");
                    let deps = of(tx, id)?;
                    Ok(PlanStep {
                        task_id: id,
                        title: task.title.clone(),
                        stage: task.stage,
                        execution_role: task.execution_role.clone(),
                        depends_on: deps.depends_on.iter().map(|d| d.task_id).collect(),
                        waiting_on: deps.waiting_on,
                    })
                })
                .collect()
        })
    }

    /// The project's queued tasks that wait on a dependency, each with what it waits on (the board's
    /// "waiting on …").
    pub fn waiting(&self, project: ProjectId) -> Result<Vec<TaskDependencies>> {
        self.core.store.read(|tx| {
            let mut out = Vec::new();
            for id in tx.queued_tasks_with_dependencies(project)? {
                let deps = of(tx, id)?;
                if !deps.waiting_on.is_empty() {
                    out.push(deps);
                }
            }
            Ok(out)
        })
    }

    /// Makes `task` wait for `depends_on`. Both must be in the same project, and the edge must not close
    /// a cycle (the refusal names it). Adding an edge that exists changes nothing.
    pub fn add(&self, task: TaskId, depends_on: TaskId) -> Result<TaskDependencies> {
        let deps = self.core.store.write(|tx| {
            add(tx, task, depends_on, ActorKind::User, super::OPERATOR)?;
            of(tx, task)
        })?;
        self.core.wake_dispatcher();
        Ok(deps)
    }

    /// Removes the edge; a task no longer waiting starts when the loop next looks (at once here).
    pub fn remove(&self, task: TaskId, depends_on: TaskId) -> Result<TaskDependencies> {
        let deps = self.core.store.write(|tx| {
            let current = load(tx, task)?;
            if !tx.delete_task_dependency(task, depends_on)? {
                return Err(Error::not_found("dependency", format!("{task} → {depends_on}")));
            }
            audit(tx, &current, None, Some(depends_on), "dependency removed".into(), ActorKind::User, super::OPERATOR)?;
            of(tx, task)
        })?;
        self.core.wake_dispatcher();
        Ok(deps)
    }

    /// "Run this plan": queues every task applied from `requirement`'s candidates that has a role and is
    /// not finished, queued or running, in dependency order. Tasks wait for their dependencies in the
    /// queue, so the plan runs itself in order.
    pub fn queue_plan(&self, requirement: RequirementId) -> Result<PlanQueued> {
        let now = Timestamp::now();
        let outcome = self.core.store.write(|tx| {
            let req = tx
                .requirement(requirement)?
                .ok_or_else(|| Error::not_found("requirement", requirement))?;
            let tasks = tx.tasks_of_requirement(req.id)?;
            if tasks.is_empty() {
                return Err(Error::invalid(
                    "requirement",
                    format!(
                        "`{}` has no tasks yet: plan it and apply its candidates first",
                        req.title
                    ),
                ));
            }
            let ids: Vec<TaskId> = tasks.iter().map(|t| t.id).collect();
            let edges = tx.task_dependency_edges(req.project_id)?;
            let mut outcome = PlanQueued {
                requirement_id: req.id,
                queued: Vec::new(),
                already_active: Vec::new(),
                skipped: Vec::new(),
            };
            for id in dependency_order(&ids, &edges) {
                let task = tasks.iter().find(|t| t.id == id).expect("invariant: ordered from these tasks");
                let skip = |reason: &str| SkippedTask { task_id: id, title: task.title.clone(), reason: reason.into() };
                if task.dispatch_status.is_active() {
                    outcome.already_active.push(id);
                    continue;
                }
                match task.stage {
                    Stage::Done => outcome.skipped.push(skip("already done")),
                    Stage::InReview => outcome.skipped.push(skip("its work waits in review")),
                    Stage::Cancelled => outcome.skipped.push(skip("cancelled")),
                    Stage::Blocked => outcome.skipped.push(skip("its merge stopped on conflicts")),
                    _ if task.execution_role.is_none() => outcome
                        .skipped
                        .push(skip("it has no execution role; give it one (task edit --role)")),
                    _ => {
                        let next = Task {
                            dispatch_status: if task.dispatch_status == DispatchStatus::None {
                                task.dispatch_status.transition(DispatchStatus::Queued)?
                            } else {
                                task.dispatch_status.requeued()?
                            },
                            dispatch_queued_at: Some(now),
                            updated_at: now,
                            ..task.clone()
                        }
                        .settled();
                        tx.update_task(&next)?;
                        outcome.queued.push(id);
                    }
                }
            }
            Ok(outcome)
        })?;
        if !outcome.queued.is_empty() {
            self.core.wake_dispatcher();
        }
        Ok(outcome)
    }
}

/// Adds `task → depends_on` inside a write: same project, no cycle, audited. False when it existed.
pub(super) fn add(
    tx: &Tx<'_>,
    task: TaskId,
    depends_on: TaskId,
    actor: ActorKind,
    actor_id: &str,
) -> Result<bool> {
    let current = load(tx, task)?;
    let dependency = load(tx, depends_on)?;
    if current.project_id != dependency.project_id {
        return Err(Error::invalid(
            "dependency",
            format!("`{depends_on}` belongs to another project than `{task}`; a task can only wait on its own project's tasks"),
        ));
    }
    check_new_edge(&tx.task_dependency_edges(current.project_id)?, task, depends_on)?;
    let added = tx.insert_task_dependency(&TaskDependency {
        task_id: task,
        depends_on,
        created_at: Timestamp::now(),
    })?;
    if added {
        audit(tx, &current, Some(depends_on), None, format!("waits on \"{}\"", dependency.title), actor, actor_id)?;
    }
    Ok(added)
}

pub(super) fn of(tx: &Tx<'_>, task: TaskId) -> Result<TaskDependencies> {
    load(tx, task)?;
    let depends_on = tx.dependencies_of(task)?;
    // Stacked, a branch is cut from one dependency's head: beyond the first in review, the others must
    // merge first (the claim's rule, `store::dependencies::READY`).
    let mut in_review = 0;
    let waiting_on = depends_on
        .iter()
        .filter(|d| {
            if d.met && d.stage == Stage::InReview {
                in_review += 1;
                return in_review > 1;
            }
            !d.met
        })
        .map(|d| d.task_id)
        .collect();
    Ok(TaskDependencies { task_id: task, waiting_on, depends_on, dependents: tx.dependents_of(task)? })
}

fn load(tx: &Tx<'_>, id: TaskId) -> Result<Task> {
    tx.task(id)?.ok_or_else(|| Error::not_found("task", id))
}

fn audit(
    tx: &Tx<'_>,
    task: &Task,
    added: Option<TaskId>,
    removed: Option<TaskId>,
    rationale: String,
    actor: ActorKind,
    actor_id: &str,
) -> Result<()> {
    tx.append_audit(&AuditEntry {
        id: AuditEntryId::new(),
        subject_kind: AuditSubject::Task,
        subject_id: task.id.to_string(),
        field: "depends_on".into(),
        old_value: removed.map(|id| id.to_string()),
        new_value: added.map(|id| id.to_string()),
        actor_kind: actor,
        actor_id: actor_id.into(),
        rationale,
        confidence: None,
        created_at: Timestamp::now(),
    })
}
