//! SQL of project archives: which rows of which table belong to one project, read as plain JSON objects
//! (column → value) and written back as they were. Generated columns and the full-text tables are left
//! out: the store derives them again (triggers keep the search tables in step with the rows written).

use rusqlite::types::{Value as Sql, ValueRef};
use serde_json::{Map, Number, Value};

use super::Tx;
use crate::{Error, Result};

/// Every table an archive carries, in an order that writes referenced rows first, with the condition that
/// selects one project's rows (`?1` is the project id).
pub const TABLES: &[(&str, &str)] = &[
    ("projects", "id = ?1"),
    (
        "agent_profiles",
        "id IN (SELECT agent_profile_id FROM tasks WHERE project_id = ?1
                UNION SELECT a.agent_profile_id FROM dispatch_attempts a JOIN tasks t ON t.id = a.task_id
                      WHERE t.project_id = ?1)",
    ),
    ("requirements", "project_id = ?1"),
    ("planning_runs", "project_id = ?1"),
    (
        "planning_context_snapshots",
        "planning_run_id IN (SELECT id FROM planning_runs WHERE project_id = ?1)",
    ),
    ("backlog_candidates", "project_id = ?1"),
    (
        "candidate_dependencies",
        "candidate_id IN (SELECT id FROM backlog_candidates WHERE project_id = ?1)",
    ),
    ("tasks", "project_id = ?1"),
    ("backlog_items", "project_id = ?1"),
    (
        "backlog_item_dependencies",
        "item_id IN (SELECT id FROM backlog_items WHERE project_id = ?1)",
    ),
    ("task_dependencies", "task_id IN (SELECT id FROM tasks WHERE project_id = ?1)"),
    ("task_lineage", "project_id = ?1"),
    ("dispatch_attempts", "task_id IN (SELECT id FROM tasks WHERE project_id = ?1)"),
    ("workspaces", "project_id = ?1"),
    ("documents", "project_id = ?1"),
    ("document_links", "document_id IN (SELECT id FROM documents WHERE project_id = ?1)"),
    ("sync_runs", "project_id = ?1"),
    ("drift_signals", "project_id = ?1"),
    ("notifications", "project_id = ?1"),
    (
        "actor_audit",
        "subject_id = ?1
         OR subject_id IN (SELECT id FROM requirements WHERE project_id = ?1)
         OR subject_id IN (SELECT id FROM planning_runs WHERE project_id = ?1)
         OR subject_id IN (SELECT id FROM backlog_candidates WHERE project_id = ?1)
         OR subject_id IN (SELECT id FROM backlog_items WHERE project_id = ?1)
         OR subject_id IN (SELECT id FROM tasks WHERE project_id = ?1)
         OR subject_id IN (SELECT id FROM documents WHERE project_id = ?1)
         OR subject_id IN (SELECT id FROM drift_signals WHERE project_id = ?1)",
    ),
];

impl Tx<'_> {
    /// Checks foreign keys at commit instead of per row, so archived rows can be written in any order
    /// (a candidate names its parent, an attempt its task) and only a dangling reference fails the import.
    pub fn defer_foreign_keys(&self) -> Result<()> {
        self.conn.execute_batch("PRAGMA defer_foreign_keys = ON")?;
        Ok(())
    }

    /// The stored (not generated) columns of `table`, in table order.
    pub fn stored_columns(&self, table: &str) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare_cached(&format!("SELECT name, hidden FROM pragma_table_xinfo('{table}')"))?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))?;
        let mut columns = Vec::new();
        for row in rows {
            let (name, hidden) = row?;
            // 0: an ordinary column; 2 and 3: generated.
            if hidden == 0 {
                columns.push(name);
            }
        }
        Ok(columns)
    }

    /// One project's rows of `table` (selected by `filter`), each a JSON object, ordered by their first two
    /// columns (the key of every archived table starts there).
    pub fn archive_rows(&self, table: &str, filter: &str, project: &str) -> Result<Vec<Map<String, Value>>> {
        let columns = self.stored_columns(table)?;
        let list = columns.iter().map(|c| format!("\"{c}\"")).collect::<Vec<_>>().join(", ");
        let mut stmt = self.conn.prepare(&format!("SELECT {list} FROM {table} WHERE {filter} ORDER BY 1, 2"))?;
        let mut rows = stmt.query([project])?;
        let mut out = Vec::new();
        while let Some(row) = rows.next()? {
            let mut object = Map::new();
            for (i, column) in columns.iter().enumerate() {
                object.insert(column.clone(), to_json(row.get_ref(i)?));
            }
            out.push(object);
        }
        Ok(out)
    }

    /// Writes archived rows into `table`. Every key must be a stored column of it; a row whose key is
    /// taken already fails the write (the caller rolls the whole import back).
    pub fn restore_rows(&self, table: &str, rows: &[Map<String, Value>]) -> Result<usize> {
        let known = self.stored_columns(table)?;
        for row in rows {
            if let Some(unknown) = row.keys().find(|k| !known.contains(k)) {
                return Err(Error::invalid(
                    "archive",
                    format!("table `{table}` has no column `{unknown}` here; the archive was written by another version"),
                ));
            }
            let columns: Vec<&String> = row.keys().collect();
            let names = columns.iter().map(|c| format!("\"{c}\"")).collect::<Vec<_>>().join(", ");
            let marks = (1..=columns.len()).map(|i| format!("?{i}")).collect::<Vec<_>>().join(", ");
            let values = columns.iter().map(|c| from_json(&row[c.as_str()])).collect::<Result<Vec<Sql>>>()?;
            let written = self
                .conn
                .prepare_cached(&format!("INSERT INTO {table} ({names}) VALUES ({marks})"))?
                .execute(rusqlite::params_from_iter(values));
            if let Err(e) = written {
                let id = row.get("id").or_else(|| row.values().next()).cloned().unwrap_or(Value::Null);
                return Err(match e.sqlite_error_code() {
                    Some(rusqlite::ErrorCode::ConstraintViolation) => Error::Conflict(format!(
                        "the archive's {table} row {id} clashes with what this data directory holds ({e}); nothing was imported"
                    )),
                    _ => e.into(),
                });
            }
        }
        Ok(rows.len())
    }
}

fn to_json(value: ValueRef<'_>) -> Value {
    match value {
        ValueRef::Null => Value::Null,
        ValueRef::Integer(i) => Value::from(i),
        ValueRef::Real(f) => Number::from_f64(f).map_or(Value::Null, Value::Number),
        ValueRef::Text(t) => Value::String(String::from_utf8_lossy(t).into_owned()),
        ValueRef::Blob(b) => {
            let hex: String = b.iter().map(|byte| format!("{byte:02x}")).collect();
            serde_json::json!({ "blob_hex": hex })
        }
    }
}

fn from_json(value: &Value) -> Result<Sql> {
    Ok(match value {
        Value::Null => Sql::Null,
        Value::Bool(b) => Sql::Integer(i64::from(*b)),
        Value::Number(n) => match n.as_i64() {
            Some(i) => Sql::Integer(i),
            None => Sql::Real(n.as_f64().unwrap_or(0.0)),
        },
        Value::String(s) => Sql::Text(s.clone()),
        Value::Object(o) if o.len() == 1 && o.contains_key("blob_hex") => {
            let hex = o["blob_hex"].as_str().unwrap_or_default();
            let bytes = (0..hex.len())
                .step_by(2)
                .map(|i| hex.get(i..i + 2).and_then(|h| u8::from_str_radix(h, 16).ok()))
                .collect::<Option<Vec<u8>>>()
                .ok_or_else(|| Error::invalid("archive", "a blob value is not hexadecimal"))?;
            Sql::Blob(bytes)
        }
        other => return Err(Error::invalid("archive", format!("a column value is neither null, a number nor text: {other}"))),
    })
}
