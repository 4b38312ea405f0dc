//! What a listing shows: the filters of the backlog and task lists, as plain values the store turns into
//! queries.

use super::macros::string_enum;
use super::{
    BacklogItemId, BacklogItemStatus, BacklogSort, DispatchStatus, Page, Priority, ProjectId, Stage, TaskId,
    TaskStatus,
};

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
    pub page: Page<BacklogItemId>,
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
            page: Page::default(),
        }
    }
}

string_enum! {
    /// The order of a task listing.
    #[derive(Default)]
    TaskSort as "sort" {
        /// Most urgent first, then most recently updated.
        #[default]
        Priority = "priority",
        /// Most recently updated first.
        Updated = "updated",
    }
}

/// Which tasks a listing shows, in what order, and which page of them. The default is every task.
#[derive(Debug, Clone, Default)]
pub struct TaskFilter {
    pub project_id: Option<ProjectId>,
    pub status: Option<TaskStatus>,
    pub priority: Option<Priority>,
    pub assignee: Option<String>,
    pub dispatch_status: Option<DispatchStatus>,
    /// Where the tasks stand in their lifecycle (a board column).
    pub stage: Option<Stage>,
    /// Case-insensitive substring of the title or description.
    pub text: Option<String>,
    pub sort: TaskSort,
    pub page: Page<TaskId>,
}
