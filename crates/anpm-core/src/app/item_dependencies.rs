//! Backlog item dependencies: the operator's order among items not yet tasks ("ship the schema before the
//! importer"). Edges follow the same rules as task edges (same project, no cycle, named when refused) and
//! become task dependencies as items are committed, whichever is committed first; an item committed before
//! its foundation is held unqueued, as an applied candidate is. Every change is audited on the item.

use serde::Serialize;
use ts_rs::TS;

use super::Dependencies;
use crate::domain::*;
use crate::store::Tx;
use crate::{Error, Result};

/// A backlog item's dependencies, and the items that come after it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct ItemDependencies {
    pub item_id: BacklogItemId,
    pub depends_on: Vec<ItemDependency>,
    pub dependents: Vec<BacklogItemId>,
}

/// One item another comes after, with where it stands.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct ItemDependency {
    pub item_id: BacklogItemId,
    pub title: String,
    pub status: BacklogItemStatus,
    /// Its task, once committed: the dependent's task waits on this one.
    pub task_id: Option<TaskId>,
}

impl Dependencies<'_> {
    /// `item`'s dependencies, where each stands, and its dependents.
    pub fn of_item(&self, item: BacklogItemId) -> Result<ItemDependencies> {
        self.core.store.read(|tx| of_item(tx, item))
    }

    /// Makes `item` come after `depends_on`: same project, no cycle (the refusal names it). When both are
    /// tasks already, the first task waits on the other from now on. Adding an edge that exists changes
    /// nothing.
    pub fn add_item(
        &self,
        item: BacklogItemId,
        depends_on: BacklogItemId,
    ) -> Result<ItemDependencies> {
        let deps = self.core.store.write(|tx| {
            let current = load(tx, item)?;
            let dependency = load(tx, depends_on)?;
            if current.project_id != dependency.project_id {
                return Err(Error::invalid(
                    "dependency",
                    format!("`{depends_on}` belongs to another project than `{item}`; an item can only come after its own project's items"),
                ));
            }
            check_new_edge(&tx.item_dependency_edges(current.project_id)?, item, depends_on)?;
            if tx.insert_item_dependency(item, depends_on, Timestamp::now())? {
                let rationale = format!("comes after \"{}\"", dependency.title);
                audit(tx, item, Some(depends_on), None, rationale)?;
                if let (Some(task), Some(dep_task)) = (current.task_id, dependency.task_id) {
                    super::dependencies::add(tx, task, dep_task, ActorKind::User, super::OPERATOR)?;
                }
            }
            of_item(tx, item)
        })?;
        self.core.wake_dispatcher();
        Ok(deps)
    }

    /// Removes the edge, and the one between the two items' tasks when both are tasks.
    pub fn remove_item(
        &self,
        item: BacklogItemId,
        depends_on: BacklogItemId,
    ) -> Result<ItemDependencies> {
        let deps = self.core.store.write(|tx| {
            let current = load(tx, item)?;
            let dependency = load(tx, depends_on)?;
            if !tx.delete_item_dependency(item, depends_on)? {
                return Err(Error::not_found("dependency", format!("{item} → {depends_on}")));
            }
            audit(tx, item, None, Some(depends_on), "dependency removed".into())?;
            if let (Some(task), Some(dep_task)) = (current.task_id, dependency.task_id) {
                tx.delete_task_dependency(task, dep_task)?;
            }
            of_item(tx, item)
        })?;
        self.core.wake_dispatcher();
        Ok(deps)
    }
}

/// Carries `item`'s edges over to its new `task` inside the commit's write: the task waits on the tasks
/// of the items it comes after, and the tasks of items that come after it wait on it. Returns the items
/// it comes after that are not tasks yet (the commit holds the task unqueued for them).
pub(super) fn on_commit(
    tx: &Tx<'_>,
    item: BacklogItemId,
    task: TaskId,
) -> Result<Vec<BacklogItemId>> {
    let mut held_for = Vec::new();
    for dep in tx.item_dependencies_of(item)? {
        match load(tx, dep)?.task_id {
            Some(dep_task) => {
                super::dependencies::add(tx, task, dep_task, ActorKind::User, super::OPERATOR)?;
            }
            None => held_for.push(dep),
        }
    }
    for dependent in tx.item_dependents_of(item)? {
        if let Some(dependent_task) = load(tx, dependent)?.task_id {
            super::dependencies::add(tx, dependent_task, task, ActorKind::User, super::OPERATOR)?;
        }
    }
    Ok(held_for)
}

fn of_item(tx: &Tx<'_>, item: BacklogItemId) -> Result<ItemDependencies> {
    load(tx, item)?;
    let depends_on = tx
        .item_dependencies_of(item)?
        .into_iter()
        .map(|id| {
            let dep = load(tx, id)?;
            Ok(ItemDependency { item_id: id, title: dep.title, status: dep.status, task_id: dep.task_id })
        })
        .collect::<Result<_>>()?;
    Ok(ItemDependencies { item_id: item, depends_on, dependents: tx.item_dependents_of(item)? })
}

fn load(tx: &Tx<'_>, id: BacklogItemId) -> Result<BacklogItem> {
    tx.backlog_item(id)?.ok_or_else(|| Error::not_found("backlog item", id))
}

fn audit(
    tx: &Tx<'_>,
    item: BacklogItemId,
    added: Option<BacklogItemId>,
    removed: Option<BacklogItemId>,
    rationale: String,
) -> Result<()> {
    tx.append_audit(&AuditEntry {
        id: AuditEntryId::new(),
        subject_kind: AuditSubject::BacklogItem,
        subject_id: item.to_string(),
        field: "depends_on".into(),
        old_value: removed.map(|id| id.to_string()),
        new_value: added.map(|id| id.to_string()),
        actor_kind: ActorKind::User,
        actor_id: super::OPERATOR.into(),
        rationale,
        confidence: None,
        created_at: Timestamp::now(),
    })
}
