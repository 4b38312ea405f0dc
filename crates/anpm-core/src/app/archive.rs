//! Moving a project's data out and back in: one versioned JSON archive (documented in
//! docs/archive-format.md) with every row the project holds — requirements, runs and their context
//! snapshots, candidates, backlog, tasks, attempts (their logs when asked), dependencies, lineage, audit,
//! documents, drift, sync runs, workspaces, notifications — the agent profiles its tasks name and the
//! operator's settings (never a secret: secrets are not settings). An import writes all of it in one
//! transaction or nothing: a newer format, a clash with what the data directory holds, or a damaged file
//! is refused with the reason and the database is left as it was.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Serialize;
use serde_json::{json, Map, Value};
use ts_rs::TS;

use super::Archive;
use crate::domain::*;
use crate::store::archive::TABLES;
use crate::{Error, Result};

/// The archive format this anpm writes and the newest it reads.
pub const FORMAT_VERSION: i64 = 1;
/// What the `kind` field of an archive says.
pub const ARCHIVE_KIND: &str = "anpm.project-archive";

/// What an export wrote.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct ExportReport {
    pub project_id: ProjectId,
    pub path: String,
    #[ts(type = "number")]
    pub bytes: u64,
    /// Rows per table.
    pub rows: BTreeMap<String, usize>,
    /// Attempt logs carried.
    pub logs: usize,
}

/// What an import restored.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct ImportReport {
    pub project: Project,
    pub rows: BTreeMap<String, usize>,
    pub logs: usize,
    /// Agent profiles of the archive that this data directory already had under the same name (their
    /// tasks and attempts now name the local profile).
    pub profiles_matched_by_name: Vec<String>,
}

impl Archive<'_> {
    /// The archive of `project` as one JSON value; with `with_logs` each attempt's log text rides along.
    pub fn export(&self, project: ProjectId, with_logs: bool) -> Result<Value> {
        let id = project.to_string();
        let (tables, settings) = self.core.store.read(|tx| {
            tx.project(project)?.ok_or_else(|| Error::not_found("project", project))?;
            let mut tables = Map::new();
            for (table, filter) in TABLES {
                let rows = tx.archive_rows(table, filter, &id)?;
                tables.insert((*table).to_owned(), Value::Array(rows.into_iter().map(Value::Object).collect()));
            }
            let keys: Vec<String> =
                SETTINGS.iter().filter(|s| s.operator).map(|s| format!("'{}'", s.key.as_str())).collect();
            let filter = format!("?1 IS NOT NULL AND key IN ({})", keys.join(", "));
            let settings = tx.archive_rows("settings", &filter, &id)?;
            Ok((tables, settings))
        })?;
        let mut logs = Map::new();
        if with_logs {
            for attempt in tables["dispatch_attempts"].as_array().into_iter().flatten() {
                let (Some(attempt_id), Some(path)) = (attempt["id"].as_str(), attempt["log_path"].as_str()) else {
                    continue;
                };
                if let Ok(bytes) = std::fs::read(path) {
                    logs.insert(attempt_id.to_owned(), Value::String(String::from_utf8_lossy(&bytes).into_owned()));
                }
            }
        }
        let settings: Vec<Value> = settings.into_iter().map(Value::Object).collect();
        Ok(json!({
            "format_version": FORMAT_VERSION,
            "kind": ARCHIVE_KIND,
            "exported_at": Timestamp::now(),
            "anpm_version": env!("CARGO_PKG_VERSION"),
            "project_id": id,
            "tables": tables,
            "settings": settings,
            "logs": logs,
        }))
    }

    /// Writes the archive of `project` to `out` (through a temporary file beside it, so a failed export
    /// never leaves half a file under the name).
    pub fn export_to(&self, project: ProjectId, out: &Path, with_logs: bool) -> Result<ExportReport> {
        let archive = self.export(project, with_logs)?;
        let text = serde_json::to_vec_pretty(&archive).map_err(|e| Error::Storage(format!("encoding the archive: {e}")))?;
        let partial = out.with_extension("partial");
        std::fs::write(&partial, &text).map_err(|e| Error::io(format!("writing {}", partial.display()), e))?;
        std::fs::rename(&partial, out).map_err(|e| Error::io(format!("moving the archive to {}", out.display()), e))?;
        Ok(ExportReport {
            project_id: project,
            path: out.display().to_string(),
            bytes: text.len() as u64,
            rows: counts(&archive),
            logs: archive["logs"].as_object().map_or(0, Map::len),
        })
    }

    /// Restores the archive at `file`. With `into_new_project` the project points at that repository
    /// instead of the one it was exported from.
    pub fn import_from(&self, file: &Path, into_new_project: Option<&Path>) -> Result<ImportReport> {
        let bytes = std::fs::read(file).map_err(|e| Error::io(format!("reading {}", file.display()), e))?;
        let archive: Value = serde_json::from_slice(&bytes).map_err(|e| {
            Error::invalid("archive", format!("{} is not an anpm archive: not JSON ({e})", file.display()))
        })?;
        self.import(archive, into_new_project)
    }

    /// Restores an archive value (see [`Archive::import_from`]).
    pub fn import(&self, mut archive: Value, into_new_project: Option<&Path>) -> Result<ImportReport> {
        check_header(&archive)?;
        let repo = match into_new_project {
            Some(path) => Some(crate::repo::discover(path)?.root),
            None => None,
        };
        let logs: Vec<(String, String)> = archive["logs"]
            .as_object()
            .map(|m| m.iter().filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_owned()))).collect())
            .unwrap_or_default();
        let settings: Vec<Map<String, Value>> = match archive["settings"].take() {
            Value::Null => Vec::new(),
            Value::Array(items) => items
                .into_iter()
                .map(|item| match item {
                    Value::Object(row) => Ok(row),
                    _ => Err(Error::invalid("archive", "a setting is not an object")),
                })
                .collect::<Result<_>>()?,
            _ => return Err(Error::invalid("archive", "`settings` is not a list")),
        };
        let mut tables = match archive["tables"].take() {
            Value::Object(tables) => tables,
            _ => return Err(Error::invalid("archive", "the archive has no `tables` object")),
        };
        let mut rows: BTreeMap<String, Vec<Map<String, Value>>> = BTreeMap::new();
        for (table, _) in TABLES {
            let list = match tables.remove(*table) {
                None => Vec::new(),
                Some(Value::Array(items)) => items
                    .into_iter()
                    .map(|item| match item {
                        Value::Object(row) => Ok(row),
                        _ => Err(Error::invalid("archive", format!("a row of `{table}` is not an object"))),
                    })
                    .collect::<Result<Vec<_>>>()?,
                Some(_) => return Err(Error::invalid("archive", format!("`tables.{table}` is not a list"))),
            };
            rows.insert((*table).to_owned(), list);
        }
        if let Some(unknown) = tables.keys().next() {
            return Err(Error::invalid("archive", format!("the archive has a table `{unknown}` this anpm does not know")));
        }
        let [project] = rows["projects"].as_slice() else {
            return Err(Error::invalid("archive", "the archive must hold exactly one project"));
        };
        let project_id: ProjectId = project["id"]
            .as_str()
            .ok_or_else(|| Error::invalid("archive", "the project has no id"))?
            .parse()?;
        if let Some(root) = &repo {
            rows.get_mut("projects").expect("checked above")[0]
                .insert("repo_path".into(), Value::String(root.display().to_string()));
        }
        // Logs go where this data directory keeps them; the attempts' rows are pointed there.
        let mut written: Vec<PathBuf> = Vec::new();
        let data_dir = self.core.data_dir().to_path_buf();
        for attempt in rows.get_mut("dispatch_attempts").expect("every table is listed") {
            let Some(text) = attempt["id"].as_str().and_then(|id| logs.iter().find(|(k, _)| k == id)).map(|(_, t)| t)
            else {
                continue;
            };
            let (Some(task), Some(n)) = (attempt["task_id"].as_str(), attempt["attempt_no"].as_i64()) else { continue };
            let dir = data_dir.join("attempts").join(task).join(n.to_string());
            let path = dir.join("output.log");
            let wrote = std::fs::create_dir_all(&dir).and_then(|()| std::fs::write(&path, text));
            if let Err(e) = wrote {
                remove(&written);
                return Err(Error::io(format!("writing {}", path.display()), e));
            }
            written.push(path.clone());
            attempt.insert("log_path".into(), Value::String(path.display().to_string()));
        }
        let outcome = self.core.store.write(|tx| {
            if tx.project(project_id)?.is_some() {
                return Err(Error::Conflict(format!(
                    "project {project_id} is already in this data directory; remove it first (project remove) or import into another data directory"
                )));
            }
            tx.defer_foreign_keys()?;
            // Profiles: the same id is the same profile; the same name under another id is this data
            // directory's profile, and the archive's rows are pointed at it.
            let mut renamed: BTreeMap<String, String> = BTreeMap::new();
            let mut matched = Vec::new();
            let mut new_profiles = Vec::new();
            for profile in &rows["agent_profiles"] {
                let (Some(id), Some(name)) = (profile["id"].as_str(), profile["name"].as_str()) else {
                    return Err(Error::invalid("archive", "an agent profile has no id or name"));
                };
                if tx.agent_profile(id.parse()?)?.is_some() {
                    continue;
                }
                match tx.agent_profile_by_name(name)? {
                    Some(local) => {
                        renamed.insert(id.to_owned(), local.id.to_string());
                        matched.push(name.to_owned());
                    }
                    None => new_profiles.push(profile.clone()),
                }
            }
            let mut counts = BTreeMap::new();
            for (table, _) in TABLES {
                let mut list = if *table == "agent_profiles" { new_profiles.clone() } else { rows[*table].clone() };
                if matches!(*table, "tasks" | "dispatch_attempts") {
                    for row in &mut list {
                        if let Some(local) = row.get("agent_profile_id").and_then(Value::as_str).and_then(|id| renamed.get(id)) {
                            row.insert("agent_profile_id".into(), Value::String(local.clone()));
                        }
                    }
                }
                counts.insert((*table).to_owned(), tx.restore_rows(table, &list)?);
            }
            // The operator's settings, where this data directory has none of its own.
            let mut kept = Vec::new();
            for row in &settings {
                let key = SettingKey::operator(row.get("key").and_then(Value::as_str).unwrap_or_default())?;
                key.normalize(row.get("value").and_then(Value::as_str).unwrap_or_default())?;
                if tx.setting(key.as_str())?.is_none() {
                    kept.push(row.clone());
                }
            }
            counts.insert("settings".to_owned(), tx.restore_rows("settings", &kept)?);
            let project = tx.project(project_id)?.ok_or_else(|| Error::not_found("project", project_id))?;
            Ok(ImportReport { project, rows: counts, logs: written.len(), profiles_matched_by_name: matched })
        });
        if outcome.is_err() {
            remove(&written);
        }
        outcome
    }
}

/// Refuses what is not an archive of a format this anpm reads, before anything is written.
fn check_header(archive: &Value) -> Result<()> {
    let Some(object) = archive.as_object() else {
        return Err(Error::invalid("archive", "an anpm archive is one JSON object"));
    };
    if object.get("kind").and_then(Value::as_str) != Some(ARCHIVE_KIND) {
        return Err(Error::invalid("archive", format!("not an anpm project archive (its `kind` is not `{ARCHIVE_KIND}`)")));
    }
    match object.get("format_version").and_then(Value::as_i64) {
        Some(v) if v > FORMAT_VERSION => Err(Error::invalid(
            "archive",
            format!("the archive's format {v} is newer than this anpm reads (up to {FORMAT_VERSION}); update anpm to import it"),
        )),
        Some(v) if v >= 1 => Ok(()),
        _ => Err(Error::invalid("archive", "the archive has no whole-number `format_version`")),
    }
}

fn counts(archive: &Value) -> BTreeMap<String, usize> {
    archive["tables"]
        .as_object()
        .map(|t| t.iter().map(|(k, v)| (k.clone(), v.as_array().map_or(0, Vec::len))).collect())
        .unwrap_or_default()
}

fn remove(paths: &[PathBuf]) {
    for path in paths {
        let _ = std::fs::remove_file(path);
    }
}
