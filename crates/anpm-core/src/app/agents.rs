//! Agent profile operations, and the health check of an agent CLI.

use super::dispatch::agent_by_name;
use super::Agents;
use crate::domain::*;
use crate::{Error, Result};

/// Changes to an agent profile; `None` leaves a field as it is.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AgentPatch {
    pub command: Option<String>,
    pub args: Option<Vec<String>>,
    pub output_format: Option<OutputFormat>,
    pub model: Option<String>,
    pub is_default: Option<bool>,
    pub permissions: Option<Permissions>,
}

pub use crate::dispatch::probe::AgentTest;

/// An agent CLI anpm knows, looked for on PATH.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
pub struct DetectedAgent {
    pub kind: AgentKind,
    /// The name looked up (`claude`, `codex`, `gemini`, `opencode`).
    pub command: String,
    /// Where it was found; none when it is not on PATH.
    pub path: Option<String>,
    /// The profiles that already run this kind.
    pub profiles: Vec<String>,
}

impl Agents<'_> {
    /// Adds a profile.
    pub fn add(&self, input: NewAgentProfile) -> Result<AgentProfile> {
        let profile = input.into_profile(Timestamp::now());
        self.core.store.write(|tx| tx.insert_agent_profile(&profile))?;
        Ok(profile)
    }

    /// Every profile, by name.
    pub fn list(&self) -> Result<Vec<AgentProfile>> {
        self.core.store.read(|tx| tx.agent_profiles())
    }

    /// One profile, by name.
    pub fn get(&self, name: &str) -> Result<AgentProfile> {
        self.core.store.read(|tx| agent_by_name(tx, name))
    }

    /// Edits a profile.
    pub fn edit(&self, name: &str, patch: &AgentPatch) -> Result<AgentProfile> {
        if *patch == AgentPatch::default() {
            return Err(Error::invalid("agent edit", "name at least one field to change"));
        }
        self.core.store.write(|tx| {
            let mut profile = agent_by_name(tx, name)?;
            if let Some(command) = &patch.command {
                profile.command = required_text("command", command, 4096)?;
            }
            if let Some(args) = &patch.args {
                profile.args = args.clone();
            }
            if let Some(format) = patch.output_format {
                profile.output_format = format;
            }
            if let Some(model) = &patch.model {
                profile.model = model.trim().to_owned();
            }
            if let Some(is_default) = patch.is_default {
                profile.is_default = is_default;
            }
            if let Some(permissions) = patch.permissions {
                profile.permissions = permissions;
            }
            profile.updated_at = Timestamp::now();
            tx.update_agent_profile(&profile)?;
            Ok(profile)
        })
    }

    /// Makes `name` the default agent of a role (a task role of the catalog) or of a project; `None` clears
    /// that scope's default.
    pub fn set_default(
        &self,
        scope: AgentScope,
        id: &str,
        name: Option<&str>,
    ) -> Result<()> {
        
        match scope {
            AgentScope::Role => {
                crate::dispatch::roles::catalog().task_role(id)?;
            }
            AgentScope::Project => {
                let project: ProjectId = id.parse()?;
                self.core.projects().get(project)?;
            }
        }
        let key = scope.key(id);
        self.core.store.write(|tx| {
            match name {
                Some(name) => {
                    let profile = agent_by_name(tx, name)?;
                    tx.put_setting(&Setting {
                        key,
                        value: profile.name,
                        updated_at: Timestamp::now(),
                    })?;
                }
                None => {
                    tx.delete_setting(&key)?;
                }
            }
            Ok(())
        })
    }

    /// The default agent of each task role that has one: role id → profile name.
    pub fn role_defaults(&self) -> Result<std::collections::BTreeMap<String, String>> {
        self.scoped_agents(AgentScope::Role)
    }

    /// The default agent of each project that has one: project id → profile name.
    pub fn project_defaults(&self) -> Result<std::collections::BTreeMap<String, String>> {
        self.scoped_agents(AgentScope::Project)
    }

    fn scoped_agents(
        &self,
        scope: AgentScope,
    ) -> Result<std::collections::BTreeMap<String, String>> {
        let prefix = scope.key("");
        let settings = self.core.store.read(|tx| tx.settings())?;
        Ok(settings
            .into_iter()
            .filter_map(|s| Some((s.key.strip_prefix(&prefix)?.to_owned(), s.value)))
            .collect())
    }

    /// Removes a profile; tasks that named it fall back to the default resolution.
    pub fn remove(&self, name: &str) -> Result<AgentProfile> {
        self.core.store.write(|tx| {
            let profile = agent_by_name(tx, name)?;
            tx.delete_agent_profile(profile.id)?;
            Ok(profile)
        })
    }

    /// Which of the agent CLIs anpm knows are on the PATH agents get, and which profiles use each.
    pub fn detect(&self) -> Result<Vec<DetectedAgent>> {
        let profiles = self.list()?;
        Ok(crate::dispatch::agents::on_path(self.core.env.var("PATH"))
            .into_iter()
            .map(|(kind, path)| DetectedAgent {
                kind,
                command: kind.default_command().unwrap_or_default().to_owned(),
                path: path.map(|p| p.display().to_string()),
                profiles: profiles.iter().filter(|p| p.kind == kind).map(|p| p.name.clone()).collect(),
            })
            .collect())
    }

    /// Checks an agent: `--version` within 10 s, then the "reply with ok" probe within 60 s.
    pub fn probe(&self, name: &str) -> Result<AgentTest> {
        let profile = self.get(name)?;
        let dir = tempfile_dir(&self.core.config.data_dir)?;
        let test = crate::dispatch::probe::probe(
            &profile,
            &self.core.env,
            &self.core.store,
            &dir,
            self.core.config.dispatch_grace,
        );
        let _ = std::fs::remove_dir_all(&dir);
        test
    }
}

fn tempfile_dir(data_dir: &std::path::Path) -> Result<std::path::PathBuf> {
    let dir = data_dir.join("probes").join(uuid::Uuid::new_v4().to_string());
    std::fs::create_dir_all(&dir)
        .map_err(|e| Error::io(format!("creating {}", dir.display()), e))?;
    Ok(dir)
}
