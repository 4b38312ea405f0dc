//! The notification history: list, unread count, read / unread / read-all, and recording the notices the
//! desktop raises (the sync records its own).

use super::Notifications;
use crate::domain::*;
use crate::{Error, Result};

/// Most notifications one listing returns.
pub const NOTIFICATION_LIST_LIMIT: usize = 200;

impl Notifications<'_> {
    /// The newest notifications, or only the unread ones.
    pub fn list(&self, unread_only: bool, limit: Option<usize>) -> Result<Vec<Notification>> {
        let limit = limit.unwrap_or(NOTIFICATION_LIST_LIMIT).clamp(1, NOTIFICATION_LIST_LIMIT);
        self.core.store.read(|tx| tx.notifications(unread_only, limit))
    }

    /// How many are unread.
    pub fn unread_count(&self) -> Result<i64> {
        self.core.store.read(|tx| tx.unread_notifications())
    }

    /// Marks one read or unread.
    pub fn set_read(&self, id: NotificationId, read: bool) -> Result<()> {
        self.core.store.write(|tx| {
            if tx.set_notification_read(id, read)? {
                Ok(())
            } else {
                Err(Error::not_found("notification", id))
            }
        })
    }

    /// Marks every notification read; returns how many were unread.
    pub fn read_all(&self) -> Result<usize> {
        self.core.store.write(|tx| tx.read_all_notifications())
    }

    /// Stores a notice the desktop raised.
    pub(crate) fn record(&self, notice: &super::Notice) -> Result<Notification> {
        let (kind, link) = match notice.kind {
            super::NoticeKind::TaskCompleted => (NotificationKind::TaskCompleted, "task"),
            super::NoticeKind::TaskInReview => (NotificationKind::TaskInReview, "task"),
            super::NoticeKind::TaskFailed => (NotificationKind::TaskFailed, "task"),
            super::NoticeKind::PlanningFinished => (NotificationKind::PlanningFinished, "planning_run"),
            super::NoticeKind::PlanningFailed => (NotificationKind::PlanningFailed, "planning_run"),
        };
        let notification = Notification::new(
            notice.project_id,
            kind,
            notice.title.clone(),
            &notice.body,
            format!("{link}:{}", notice.subject_id),
            Timestamp::now(),
        );
        self.core.store.write(|tx| tx.insert_notification(&notification))?;
        Ok(notification)
    }
}
