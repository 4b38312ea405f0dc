//! Backlog item operations: add, list, show, edit, commit to a task.

use serde::Serialize;
use ts_rs::TS;

use super::Backlog;
use crate::domain::{
    BacklogItem, BacklogItemId, BacklogItemPatch, CommitDecision, DispatchStatus, NewBacklogItem,
    ProjectId, Task, Timestamp,
};
use crate::store::{BacklogFilter, Tx};
use crate::{Error, Result};

/// The result of committing a backlog item.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct CommitOutcome {
    pub item: BacklogItem,
    pub task: Task,
    /// True when the item had already been committed and this call only returned its task.
    pub already_applied: bool,
    /// The items this one comes after that are not tasks yet: the task is held unqueued until they are.
    pub held_for: Vec<BacklogItemId>,
}

impl Backlog<'_> {
    /// Adds an item to a project's backlog (at the bottom unless a rank is given).
    pub fn add(
        &self,
        project_id: ProjectId,
        input: NewBacklogItem,
    ) -> Result<BacklogItem> {
        self.core.store.write(|tx| {
            tx.project(project_id)?.ok_or_else(|| Error::not_found("project", project_id))?;
            if let Some(requirement_id) = input.requirement_id {
                let requirement = tx
                    .requirement(requirement_id)?
                    .ok_or_else(|| Error::not_found("requirement", requirement_id))?;
                if requirement.project_id != project_id {
                    return Err(Error::invalid(
                        "requirement",
                        format!("requirement `{requirement_id}` belongs to another project"),
                    ));
                }
            }
            let rank = tx.next_backlog_rank(project_id)?;
            let item = input.into_item(project_id, rank, Timestamp::now());
            tx.insert_backlog_item(&item)?;
            Ok(item)
        })
    }

    /// Items matching `filter`.
    pub fn list(&self, filter: &BacklogFilter) -> Result<Vec<BacklogItem>> {
        self.core.store.read(|tx| {
            tx.project(filter.project_id)?
                .ok_or_else(|| Error::not_found("project", filter.project_id))?;
            tx.backlog_items(filter)
        })
    }

    /// One item.
    pub fn get(&self, id: BacklogItemId) -> Result<BacklogItem> {
        self.core.store.read(|tx| load(tx, id))
    }

    /// Edits an item; committed items keep their task-owned fields.
    pub fn edit(
        &self,
        id: BacklogItemId,
        patch: &BacklogItemPatch,
    ) -> Result<BacklogItem> {
        self.core.store.write(|tx| {
            let current = load(tx, id)?;
            let next = patch.apply(&current, Timestamp::now())?;
            tx.update_backlog_item(&next)?;
            Ok(next)
        })
    }

    /// Commits an item to exactly one `todo` task with a lineage row, in one transaction. With an
    /// execution `role` the task is queued for dispatch as that role. Replaying returns the same task with
    /// `already_applied: true` (and restores its lineage row if it went missing).
    pub fn commit(
        &self,
        id: BacklogItemId,
        role: Option<&str>,
        agent: Option<&str>,
    ) -> Result<CommitOutcome> {
        let role = role.map(str::trim).filter(|r| !r.is_empty());
        if let Some(role) = role {
            crate::dispatch::roles::catalog().task_role(role)?;
        }
        let outcome = self.core.store.write(|tx| {
            let agent_profile_id = match agent {
                Some(name) => Some(super::dispatch::agent_by_name(tx, name)?.id),
                None => None,
            };
            let item = load(tx, id)?;
            match item.check_commit()? {
                CommitDecision::AlreadyCommitted(task_id) => {
                    let task =
                        tx.task(task_id)?.ok_or_else(|| Error::not_found("task", task_id))?;
                    if tx.lineage_of_backlog_item(id)?.iter().all(|l| l.task_id != task_id) {
                        tx.insert_lineage(&item.lineage_for(task_id, Timestamp::now()))?;
                    }
                    Ok(CommitOutcome { item, task, already_applied: true, held_for: Vec::new() })
                }
                CommitDecision::Create => {
                    let (item, mut task, lineage) = item.commit(role, Timestamp::now());
                    task.agent_profile_id = agent_profile_id;
                    tx.insert_task(&task)?;
                    tx.insert_lineage(&lineage)?;
                    tx.update_backlog_item(&item)?;
                    let held_for = super::item_dependencies::on_commit(tx, item.id, task.id)?;
                    if !held_for.is_empty() && task.dispatch_status == DispatchStatus::Queued {
                        // Its foundation is not a task yet: queued now, it would run first.
                        task = Task { dispatch_status: DispatchStatus::None, dispatch_queued_at: None, ..task }
                            .settled();
                        tx.update_task(&task)?;
                    }
                    Ok(CommitOutcome { item, task, already_applied: false, held_for })
                }
            }
        })?;
        if outcome.task.dispatch_status == DispatchStatus::Queued
            && !outcome.already_applied
        {
            self.core.wake_dispatcher();
        }
        Ok(outcome)
    }
}

fn load(tx: &Tx<'_>, id: BacklogItemId) -> Result<BacklogItem> {
    tx.backlog_item(id)?.ok_or_else(|| Error::not_found("backlog item", id))
}
