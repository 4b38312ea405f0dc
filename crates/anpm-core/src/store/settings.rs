//! SQL for settings and persisted activity snapshots.

use rusqlite::{params, OptionalExtension, Row};

use super::sql::{json_column, json_text};
use super::Tx;
use crate::domain::{ActivitySnapshot, Setting};
use crate::Result;

fn setting_from_row(row: &Row<'_>) -> rusqlite::Result<Setting> {
    Ok(Setting {
        key: row.get("key")?,
        value: row.get("value")?,
        updated_at: row.get("updated_at")?,
    })
}

fn snapshot_from_row(row: &Row<'_>) -> rusqlite::Result<ActivitySnapshot> {
    Ok(ActivitySnapshot {
        runner_id: row.get::<_, String>("runner_id")?.into(),
        snapshot: json_column(row, "snapshot")?,
        updated_at: row.get("updated_at")?,
    })
}

impl Tx<'_> {
    /// Inserts or replaces a setting.
    pub fn put_setting(&self, s: &Setting) -> Result<()> {
        self.exec(
            "INSERT INTO settings (key, value, updated_at) VALUES (?1, ?2, ?3)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
            params![s.key, s.value, s.updated_at],
        )?;
        Ok(())
    }

    pub fn setting(&self, key: &str) -> Result<Option<Setting>> {
        Ok(self
            .conn
            .query_row(
                "SELECT key, value, updated_at FROM settings WHERE key = ?1",
                [key],
                setting_from_row,
            )
            .optional()?)
    }

    /// Every setting, by key.
    pub fn settings(&self) -> Result<Vec<Setting>> {
        let mut stmt =
            self.conn.prepare_cached("SELECT key, value, updated_at FROM settings ORDER BY key")?;
        let rows = stmt.query_map([], setting_from_row)?.collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// Inserts or replaces the latest snapshot of a runner.
    pub fn put_activity_snapshot(&self, s: &ActivitySnapshot) -> Result<()> {
        self.exec(
            "INSERT INTO activity_snapshots (runner_id, snapshot, updated_at) VALUES (?1, ?2, ?3)
             ON CONFLICT (runner_id) DO UPDATE SET snapshot = excluded.snapshot, updated_at = excluded.updated_at",
            params![s.runner_id.as_str(), json_text(&s.snapshot), s.updated_at],
        )?;
        Ok(())
    }

    /// Every persisted runner snapshot.
    pub fn activity_snapshots(&self) -> Result<Vec<ActivitySnapshot>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT runner_id, snapshot, updated_at FROM activity_snapshots ORDER BY runner_id",
        )?;
        let rows = stmt.query_map([], snapshot_from_row)?.collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }
}

impl Tx<'_> {
    /// Removes a setting; false when it was not set.
    pub fn delete_setting(&self, key: &str) -> Result<bool> {
        Ok(self.exec("DELETE FROM settings WHERE key = ?1", [key])? > 0)
    }
}
