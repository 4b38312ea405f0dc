//! Task dependencies: which edges may exist (same project, never a task on itself, never a cycle) and when
//! a dependent may start. A dependency is met when its task is done — marked done, or its work merged —
//! or, in a project that stacks on review, as soon as its work waits in review; then the dependent's branch
//! is cut from the dependency's head instead of the base branch. A failed, cancelled or conflicted
//! dependency is simply not met: its dependents wait, and say on what.

use std::collections::{HashMap, HashSet, VecDeque};
use std::fmt::Display;
use std::hash::Hash;

use serde::Serialize;
use ts_rs::TS;

use super::{Stage, TaskId, Timestamp};
use crate::{Error, Result};

/// "`task_id` waits for `depends_on`".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct TaskDependency {
    pub task_id: TaskId,
    pub depends_on: TaskId,
    pub created_at: Timestamp,
}

/// One dependency of a task, as the task's detail shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct DependencyState {
    pub task_id: TaskId,
    pub title: String,
    pub stage: Stage,
    /// Whether the dependent may start as far as this dependency goes.
    pub met: bool,
}

/// Whether a dependency in `stage` lets its dependents start.
pub fn is_met(stage: Stage, stack_on_review: bool) -> bool {
    stage == Stage::Done || (stack_on_review && stage == Stage::InReview)
}

/// Checks a new edge `task → depends_on` (tasks, or candidates) against the project's existing `edges` (each `(task, depends_on)`):
/// refused when it names the task itself or closes a cycle, which is named in full (`a → b → a`).
pub fn check_new_edge<T: Copy + Eq + Hash + Display>(edges: &[(T, T)], task: T, depends_on: T) -> Result<()> {
    if task == depends_on {
        return Err(Error::invalid("dependency", format!("`{task}` cannot depend on itself")));
    }
    if let Some(path) = path_between(edges, depends_on, task) {
        let cycle: Vec<String> =
            std::iter::once(task).chain(path).map(|id| format!("`{id}`")).collect();
        return Err(Error::invalid(
            "dependency",
            format!("`{task}` depending on `{depends_on}` would close a cycle: {}", cycle.join(" → ")),
        ));
    }
    Ok(())
}

/// The dependency path from `from` to `to` (both included) following `depends_on` edges, if any;
/// breadth first, so the cycle a refusal names is the shortest one.
fn path_between<T: Copy + Eq + Hash>(edges: &[(T, T)], from: T, to: T) -> Option<Vec<T>> {
    let mut next: HashMap<T, Vec<T>> = HashMap::new();
    for (task, dep) in edges {
        next.entry(*task).or_default().push(*dep);
    }
    let mut came_from: HashMap<T, T> = HashMap::new();
    let mut seen = HashSet::from([from]);
    let mut queue = VecDeque::from([from]);
    while let Some(at) = queue.pop_front() {
        if at == to {
            let mut path = vec![to];
            let mut cur = to;
            while let Some(prev) = came_from.get(&cur) {
                path.push(*prev);
                cur = *prev;
            }
            path.reverse();
            return Some(path);
        }
        for dep in next.get(&at).into_iter().flatten() {
            if seen.insert(*dep) {
                came_from.insert(*dep, at);
                queue.push_back(*dep);
            }
        }
    }
    None
}

/// Orders `tasks` so every task comes after those of `edges` it depends on (ties keep the given order);
/// the order a stack is merged in. Edges to tasks outside `tasks` are ignored.
pub fn dependency_order<T: Copy + Eq + Hash>(tasks: &[T], edges: &[(T, T)]) -> Vec<T> {
    let inside: HashSet<T> = tasks.iter().copied().collect();
    let mut placed: HashSet<T> = HashSet::new();
    let mut order = Vec::with_capacity(tasks.len());
    // Edges are acyclic (checked on insert), so each pass places at least one task.
    while order.len() < tasks.len() {
        let before = order.len();
        for task in tasks {
            if placed.contains(task) {
                continue;
            }
            let ready = edges
                .iter()
                .filter(|(t, d)| t == task && inside.contains(d))
                .all(|(_, d)| placed.contains(d));
            if ready {
                placed.insert(*task);
                order.push(*task);
            }
        }
        if order.len() == before {
            // Defensive: a cycle that slipped in keeps the rest in the given order.
            order.extend(tasks.iter().filter(|t| !placed.contains(*t)));
            break;
        }
    }
    order
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(n: usize) -> Vec<TaskId> {
        (0..n).map(|_| TaskId::new()).collect()
    }

    #[test]
    fn a_diamond_is_fine_and_closing_it_names_the_cycle() {
        let t = ids(4);
        // 3 depends on 1 and 2, which both depend on 0.
        let edges = vec![(t[1], t[0]), (t[2], t[0]), (t[3], t[1]), (t[3], t[2])];
        assert!(check_new_edge(&edges, t[3], t[0]).is_ok(), "a shortcut is not a cycle");
        let err = check_new_edge(&edges, t[0], t[3]).unwrap_err().to_string();
        let named = format!("`{}` → `{}` → `{}` → `{}`", t[0], t[3], t[1], t[0]);
        assert!(err.contains(&named), "{err}");
        let err = check_new_edge(&edges, t[2], t[2]).unwrap_err().to_string();
        assert!(err.contains("cannot depend on itself"), "{err}");
    }

    #[test]
    fn met_means_done_or_in_review_when_stacking() {
        assert!(is_met(Stage::Done, false));
        assert!(!is_met(Stage::InReview, false));
        assert!(is_met(Stage::InReview, true));
        for stage in [Stage::Failed, Stage::Cancelled, Stage::Blocked, Stage::Queued, Stage::Running] {
            assert!(!is_met(stage, true), "{stage}");
        }
    }

    #[test]
    fn dependency_order_puts_foundations_first() {
        let t = ids(4);
        let edges = vec![(t[0], t[1]), (t[1], t[2]), (t[3], t[2])];
        assert_eq!(dependency_order(&t, &edges), [t[2], t[3], t[1], t[0]]);
    }
}
