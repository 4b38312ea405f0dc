//! Task operations: add, list, show, edit, batch edit.

use serde::Serialize;
use ts_rs::TS;

use super::Core;
use crate::domain::{
    check_batch_ids, DispatchAttempt, NewTask, ProjectId, Task, TaskId, TaskLineage, TaskPatch,
    Timestamp,
};
use crate::store::{TaskFilter, Tx};
use crate::{Error, Result};

/// A task with where it came from.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct TaskDetail {
    #[serde(flatten)]
    #[ts(flatten)]
    pub task: Task,
    pub lineage: Vec<TaskLineage>,
    /// How many times the task was dispatched.
    pub attempts: usize,
    /// The latest dispatch attempt: error kind and message, files applied, cost, tokens.
    pub last_attempt: Option<DispatchAttempt>,
    /// What to do about the latest failure, if the last attempt failed.
    pub remediation: Option<String>,
}

impl Core {
    /// Adds a task to a project.
    pub fn add_task(&self, project_id: ProjectId, input: NewTask) -> Result<Task> {
        self.store.write(|tx| {
            tx.project(project_id)?.ok_or_else(|| Error::not_found("project", project_id))?;
            let task = input.into_task(project_id, Timestamp::now());
            tx.insert_task(&task)?;
            Ok(task)
        })
    }

    /// Tasks matching `filter`.
    pub fn tasks(&self, filter: &TaskFilter) -> Result<Vec<Task>> {
        self.store.read(|tx| {
            if let Some(project_id) = filter.project_id {
                tx.project(project_id)?.ok_or_else(|| Error::not_found("project", project_id))?;
            }
            tx.tasks(filter)
        })
    }

    /// One task with its lineage.
    pub fn task(&self, id: TaskId) -> Result<TaskDetail> {
        self.store.read(|tx| {
            let task = load(tx, id)?;
            let attempts = tx.attempts_of(id)?;
            let last_attempt = attempts.last().cloned();
            let remediation = last_attempt
                .as_ref()
                .and_then(|a| a.error_kind.as_deref())
                .and_then(crate::dispatch::failure::ErrorKind::parse)
                .map(|k| k.remediation().to_owned());
            Ok(TaskDetail {
                task,
                lineage: tx.lineage_of_task(id)?,
                attempts: attempts.len(),
                last_attempt,
                remediation,
            })
        })
    }

    /// Edits one task.
    pub fn edit_task(&self, id: TaskId, patch: &TaskPatch) -> Result<Task> {
        self.store.write(|tx| {
            let next = patch.apply(&load(tx, id)?, Timestamp::now())?;
            tx.update_task(&next)?;
            Ok(next)
        })
    }

    /// Applies the same status / priority / assignee change to 1–100 tasks, all or nothing: an unknown id
    /// or a refused transition on any task leaves every task as it was.
    pub fn batch_edit_tasks(&self, ids: &[TaskId], patch: &TaskPatch) -> Result<Vec<Task>> {
        check_batch_ids(ids)?;
        if !patch.is_batchable() {
            return Err(Error::invalid(
                "batch edit",
                "a batch edit changes status, priority or assignee (at least one)",
            ));
        }
        self.store.write(|tx| {
            let now = Timestamp::now();
            let mut missing = Vec::new();
            let mut edited = Vec::with_capacity(ids.len());
            for id in ids {
                match tx.task(*id)? {
                    Some(task) => edited.push(patch.apply(&task, now)?),
                    None => missing.push(id.to_string()),
                }
            }
            if !missing.is_empty() {
                return Err(Error::NotFound { entity: "task", id: missing.join(", ") });
            }
            for task in &edited {
                tx.update_task(task)?;
            }
            Ok(edited)
        })
    }
}

fn load(tx: &Tx<'_>, id: TaskId) -> Result<Task> {
    tx.task(id)?.ok_or_else(|| Error::not_found("task", id))
}
