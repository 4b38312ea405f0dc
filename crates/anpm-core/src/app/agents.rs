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
    /// The first line its `--version` printed, when it is on PATH and answered.
    pub version: Option<String>,
    /// The profiles that already run this kind.
    pub profiles: Vec<String>,
}

/// Whether a task would find an agent to run it, asked before it is queued so the operator hears it now
/// rather than from a `cli_not_found` failure a second later.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
pub struct AgentReadiness {
    /// The profile (or built-in CLI) the task would run with.
    pub agent: Option<String>,
    /// Where its command was found; none when it is not on PATH.
    pub path: Option<String>,
    /// True when that command is on PATH and executable.
    pub runnable: bool,
    /// Why not, in words for the operator.
    pub problem: Option<String>,
}

impl Agents<'_> {
    /// Which agent a task of `role` in `project` would run with (its own `agent` profile when named,
    /// else the dispatch loop's resolution order) and whether that agent's command can be started.
    pub fn readiness(
        &self,
        project: ProjectId,
        role: Option<&str>,
        agent: Option<&str>,
    ) -> Result<AgentReadiness> {
        let role = role.map(str::trim).filter(|r| !r.is_empty());
        let (own, default) = self.core.store.read(|tx| {
            tx.project(project)?.ok_or_else(|| Error::not_found("project", project))?;
            let own = match agent.map(str::trim).filter(|a| !a.is_empty()) {
                Some(name) => Some(
                    tx.agent_profile_by_name(name)?
                        .ok_or_else(|| Error::not_found("agent profile", name))?,
                ),
                None => None,
            };
            let default = match own {
                Some(_) => None,
                None => crate::dispatch::agents::scoped_default(tx, role, project)?,
            };
            Ok((own, default))
        })?;
        let path_var = self.core.env.var("PATH");
        let profile = match own {
            Some(profile) => Ok(profile),
            None => {
                let store = std::sync::Arc::clone(&self.core.store);
                crate::dispatch::agents::resolve(
                    default,
                    |name| store.read(|tx| tx.agent_profile_by_name(name)).ok().flatten(),
                    self.core.env.adapter_agent.as_deref(),
                    path_var,
                )
            }
        };
        Ok(match profile {
            Err((_, message)) => AgentReadiness { agent: None, path: None, runnable: false, problem: Some(message) },
            Ok(profile) => {
                let path = crate::dispatch::agents::locate(&profile.command, path_var);
                AgentReadiness {
                    problem: path.is_none().then(|| {
                        format!(
                            "agent `{}` runs `{}`, which is not on PATH or not executable",
                            profile.name, profile.command
                        )
                    }),
                    runnable: path.is_some(),
                    path: path.map(|p| p.display().to_string()),
                    agent: Some(profile.name),
                }
            }
        })
    }

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
        let found = crate::dispatch::agents::on_path(self.core.env.var("PATH"));
        let scratch = tempfile_dir(&self.core.config.data_dir)?;
        // Each CLI starts its own runtime (node, mostly) to print a version: ask them side by side so the
        // screen waits for the slowest, not the sum.
        let versions: Vec<Option<String>> = std::thread::scope(|scope| {
            let asks: Vec<_> = found
                .iter()
                .map(|(kind, path)| {
                    let scratch = &scratch;
                    scope.spawn(move || {
                        let program = path.as_ref()?;
                        let env = crate::dispatch::agents::agent_env(self.core.env.vars().iter().cloned());
                        let grace = self.core.config.dispatch_grace;
                        crate::dispatch::probe::version(program, *kind, env, scratch, grace).ok()?.0
                    })
                })
                .collect();
            asks.into_iter().map(|ask| ask.join().ok().flatten()).collect()
        });
        let _ = std::fs::remove_dir_all(&scratch);
        Ok(found
            .into_iter()
            .zip(versions)
            .map(|((kind, path), version)| DetectedAgent {
                kind,
                command: kind.default_command().unwrap_or_default().to_owned(),
                path: path.map(|p| p.display().to_string()),
                version,
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
