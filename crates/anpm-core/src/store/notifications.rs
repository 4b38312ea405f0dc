//! SQL for the notification history.

use rusqlite::{params, Row};

use super::Tx;
use crate::domain::{Notification, NotificationId};
use crate::Result;

const COLUMNS: &str = "id, project_id, kind, level, title, body, link, is_read, created_at";

fn from_row(row: &Row<'_>) -> rusqlite::Result<Notification> {
    Ok(Notification {
        id: row.get("id")?,
        project_id: row.get("project_id")?,
        kind: row.get("kind")?,
        level: row.get("level")?,
        title: row.get("title")?,
        body: row.get("body")?,
        link: row.get("link")?,
        is_read: row.get("is_read")?,
        created_at: row.get("created_at")?,
    })
}

impl Tx<'_> {
    pub fn insert_notification(&self, n: &Notification) -> Result<()> {
        self.exec(
            &format!("INSERT INTO notifications ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"),
            params![n.id, n.project_id, n.kind, n.level, n.title, n.body, n.link, n.is_read, n.created_at],
        )?;
        Ok(())
    }

    /// The newest notifications (unread ones only when asked), newest first.
    pub fn notifications(&self, unread_only: bool, limit: usize) -> Result<Vec<Notification>> {
        let sql = if unread_only {
            format!(
                "SELECT {COLUMNS} FROM notifications INDEXED BY notifications_unread WHERE is_read = 0
                 ORDER BY created_at DESC LIMIT ?1"
            )
        } else {
            format!("SELECT {COLUMNS} FROM notifications ORDER BY created_at DESC, id LIMIT ?1")
        };
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map([limit as i64], from_row)?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// Sets one notification's read state; false when there is no such notification.
    pub fn set_notification_read(&self, id: NotificationId, read: bool) -> Result<bool> {
        Ok(self.exec("UPDATE notifications SET is_read = ?2 WHERE id = ?1", params![id, read])? > 0)
    }

    /// Marks every notification read; returns how many were unread.
    pub fn read_all_notifications(&self) -> Result<usize> {
        Ok(self.exec("UPDATE notifications SET is_read = 1 WHERE is_read = 0", [])?)
    }

    pub fn unread_notifications(&self) -> Result<i64> {
        Ok(self.row("SELECT count(*) FROM notifications WHERE is_read = 0", [], |r| r.get(0))?)
    }
}
