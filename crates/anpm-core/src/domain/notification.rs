//! The notification history: every notice anpm raises (a task finished, failed or waits for review, a
//! planning run ended, drift was found, a sync failed), stored with its level and read state so the
//! operator can catch up on what happened while away.

use serde::Serialize;
use ts_rs::TS;

use super::macros::{id_type, string_enum};
use super::{ProjectId, Timestamp};

id_type!(
    /// Identifies a [`Notification`].
    NotificationId,
    "notification"
);

/// The longest body a notification keeps, in characters.
pub const NOTIFICATION_BODY_MAX: usize = 280;

string_enum! {
    /// What a notification is about.
    NotificationKind as "notification kind" {
        TaskCompleted = "task_completed",
        TaskFailed = "task_failed",
        TaskInReview = "task_in_review",
        PlanningFinished = "planning_finished",
        PlanningFailed = "planning_failed",
        DriftFound = "drift_found",
        SyncFailed = "sync_failed",
    }
}

string_enum! {
    /// How loud a notification is.
    NotificationLevel as "notification level" {
        Info = "info",
        Warning = "warning",
        Error = "error",
    }
}

impl NotificationKind {
    /// The level a kind is raised at.
    pub fn level(self) -> NotificationLevel {
        match self {
            Self::TaskCompleted | Self::TaskInReview | Self::PlanningFinished => {
                NotificationLevel::Info
            }
            Self::DriftFound => NotificationLevel::Warning,
            Self::TaskFailed | Self::PlanningFailed | Self::SyncFailed => NotificationLevel::Error,
        }
    }
}

/// A stored notification.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Notification {
    pub id: NotificationId,
    pub project_id: Option<ProjectId>,
    pub kind: NotificationKind,
    pub level: NotificationLevel,
    pub title: String,
    pub body: String,
    /// What a click brings into view: `task:<id>`, `planning_run:<id>`, `drift:<project id>`,
    /// `sync:<project id>`, or ''.
    pub link: String,
    pub is_read: bool,
    pub created_at: Timestamp,
}

impl Notification {
    /// A new unread notification; the body is cut to [`NOTIFICATION_BODY_MAX`] characters (with an
    /// ellipsis when cut).
    pub fn new(
        project_id: Option<ProjectId>,
        kind: NotificationKind,
        title: impl Into<String>,
        body: &str,
        link: impl Into<String>,
        now: Timestamp,
    ) -> Self {
        let body = body.trim();
        let body = if body.chars().count() > NOTIFICATION_BODY_MAX {
            let mut cut: String = body.chars().take(NOTIFICATION_BODY_MAX - 1).collect();
            cut.push('…');
            cut
        } else {
            body.to_owned()
        };
        Self {
            id: NotificationId::new(),
            project_id,
            kind,
            level: kind.level(),
            title: title.into(),
            body,
            link: link.into(),
            is_read: false,
            created_at: now,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_are_capped_at_280_characters() {
        let long = "é".repeat(400);
        let n = Notification::new(None, NotificationKind::SyncFailed, "t", &long, "", Timestamp::now());
        assert_eq!(n.body.chars().count(), NOTIFICATION_BODY_MAX);
        assert!(n.body.ends_with('…'));
        assert_eq!(n.level, NotificationLevel::Error);
    }
}
