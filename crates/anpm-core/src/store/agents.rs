//! SQL for agent profiles.

use rusqlite::{params, OptionalExtension, Row};

use super::sql::{string_list, string_list_text};
use super::Tx;
use crate::domain::{AgentProfile, AgentProfileId};
use crate::{Error, Result};

const COLUMNS: &str =
    "id, name, kind, command, args, output_format, model, is_default, created_at, updated_at, permissions";

fn from_row(row: &Row<'_>) -> rusqlite::Result<AgentProfile> {
    Ok(AgentProfile {
        id: row.get("id")?,
        name: row.get("name")?,
        kind: row.get("kind")?,
        command: row.get("command")?,
        args: string_list(row, "args")?,
        output_format: row.get("output_format")?,
        model: row.get("model")?,
        is_default: row.get("is_default")?,
        permissions: row.get("permissions")?,
        created_at: row.get("created_at")?,
        updated_at: row.get("updated_at")?,
    })
}

impl Tx<'_> {
    /// Inserts a profile; a default profile demotes the previous default in the same transaction.
    pub fn insert_agent_profile(&self, a: &AgentProfile) -> Result<()> {
        if a.is_default {
            self.conn
                .execute("UPDATE agent_profiles SET is_default = 0 WHERE is_default = 1", [])?;
        }
        let inserted = self.exec(
            &format!("INSERT INTO agent_profiles ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)"),
            params![
                a.id,
                a.name,
                a.kind,
                a.command,
                string_list_text(&a.args),
                a.output_format,
                a.model,
                a.is_default,
                a.created_at,
                a.updated_at,
                a.permissions
            ],
        );
        match inserted {
            Err(rusqlite::Error::SqliteFailure(code, Some(message)))
                if code.code == rusqlite::ErrorCode::ConstraintViolation
                    && message.contains("agent_profiles.name") =>
            {
                Err(Error::Conflict(format!("an agent profile named `{}` already exists", a.name)))
            }
            other => other.map(|_| ()).map_err(Error::from),
        }
    }

    pub fn agent_profile(&self, id: AgentProfileId) -> Result<Option<AgentProfile>> {
        Ok(self
            .conn
            .query_row(
                &format!("SELECT {COLUMNS} FROM agent_profiles WHERE id = ?1"),
                [id],
                from_row,
            )
            .optional()?)
    }

    pub fn agent_profile_by_name(&self, name: &str) -> Result<Option<AgentProfile>> {
        Ok(self
            .conn
            .query_row(
                &format!("SELECT {COLUMNS} FROM agent_profiles WHERE name = ?1"),
                [name],
                from_row,
            )
            .optional()?)
    }

    /// Every profile, by name.
    pub fn agent_profiles(&self) -> Result<Vec<AgentProfile>> {
        let mut stmt =
            self.conn.prepare_cached(&format!("SELECT {COLUMNS} FROM agent_profiles ORDER BY name"))?;
        let rows = stmt.query_map([], from_row)?.collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// The default profile, if one is marked.
    pub fn default_agent_profile(&self) -> Result<Option<AgentProfile>> {
        Ok(self
            .conn
            .query_row(
                &format!("SELECT {COLUMNS} FROM agent_profiles WHERE is_default = 1"),
                [],
                from_row,
            )
            .optional()?)
    }

    /// Replaces a profile's fields; making it the default demotes the previous default.
    pub fn update_agent_profile(&self, a: &AgentProfile) -> Result<()> {
        if a.is_default {
            self.exec(
                "UPDATE agent_profiles SET is_default = 0 WHERE is_default = 1 AND id <> ?1",
                [a.id],
            )?;
        }
        self.exec(
            "UPDATE agent_profiles SET kind = ?2, command = ?3, args = ?4, output_format = ?5, model = ?6,
                    is_default = ?7, updated_at = ?8, permissions = ?9
             WHERE id = ?1",
            params![
                a.id,
                a.kind,
                a.command,
                string_list_text(&a.args),
                a.output_format,
                a.model,
                a.is_default,
                a.updated_at,
                a.permissions
            ],
        )?;
        Ok(())
    }

    pub fn delete_agent_profile(&self, id: AgentProfileId) -> Result<bool> {
        Ok(self.exec("DELETE FROM agent_profiles WHERE id = ?1", [id])? > 0)
    }
}
