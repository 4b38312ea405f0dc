//! What a listing shows: the filters of the backlog and task lists, as plain values the store turns into
//! queries.

use super::{BacklogItemStatus, BacklogSort, DispatchStatus, Priority, ProjectId, TaskStatus};

/// Which backlog items a listing shows, and in what order.
#[derive(Debug, Clone)]
pub struct BacklogFilter {
    pub project_id: ProjectId,
    pub status: Option<BacklogItemStatus>,
    pub priority: Option<Priority>,
    /// Items carrying this label (case-insensitive).
    pub label: Option<String>,
    /// Case-insensitive substring of the title or description.
    pub text: Option<String>,
    /// Archived items are hidden unless asked for (or filtered for by status).
    pub include_archived: bool,
    pub sort: BacklogSort,
}

impl BacklogFilter {
    /// Every non-archived item of a project, in rank order.
    pub fn project(project_id: ProjectId) -> Self {
        Self {
            project_id,
            status: None,
            priority: None,
            label: None,
            text: None,
            include_archived: false,
            sort: BacklogSort::Rank,
        }
    }
}

/// Which tasks a listing shows. Results come most urgent first, then most recently updated.
#[derive(Debug, Clone, Default)]
pub struct TaskFilter {
    pub project_id: Option<ProjectId>,
    pub status: Option<TaskStatus>,
    pub priority: Option<Priority>,
    pub assignee: Option<String>,
    pub dispatch_status: Option<DispatchStatus>,
    /// Case-insensitive substring of the title or description.
    pub text: Option<String>,
}
