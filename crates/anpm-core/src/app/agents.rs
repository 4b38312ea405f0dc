//! Agent profile operations, and the health check of an agent CLI.

use std::time::{Duration, Instant};

use serde::Serialize;
use ts_rs::TS;

use super::dispatch::agent_by_name;
use super::Agents;
use crate::dispatch::agents;
use crate::dispatch::pty::{self, CancelToken, Limits, SpawnSpec};
use crate::dispatch::stream;
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
}

/// What `agent test` found.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct AgentTest {
    pub name: String,
    /// First line printed by `--version`, when it answered.
    pub version: Option<String>,
    pub version_ok: bool,
    /// True when the agent answered the probe prompt with "ok".
    pub probe_ok: bool,
    pub probe_ms: u64,
    pub error_kind: Option<String>,
    pub message: String,
}

/// The probe prompt: the cheapest question with a checkable answer.
const PROBE_PROMPT: &str = "Reply with exactly the single word: ok";

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
            profile.updated_at = Timestamp::now();
            tx.update_agent_profile(&profile)?;
            Ok(profile)
        })
    }

    /// Makes `name` the default agent of a role (a task role of the catalog) or of a project; `None` clears
    /// that scope's default.
    pub fn set_default(
        &self,
        scope: crate::dispatch::executor::AgentScope,
        id: &str,
        name: Option<&str>,
    ) -> Result<()> {
        use crate::dispatch::executor::{agent_default_key, AgentScope};
        match scope {
            AgentScope::Role => {
                crate::dispatch::roles::catalog().task_role(id)?;
            }
            AgentScope::Project => {
                let project: ProjectId = id.parse()?;
                self.core.projects().get(project)?;
            }
        }
        let key = agent_default_key(scope, id);
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
        self.scoped_agents(crate::dispatch::executor::AgentScope::Role)
    }

    /// The default agent of each project that has one: project id → profile name.
    pub fn project_defaults(&self) -> Result<std::collections::BTreeMap<String, String>> {
        self.scoped_agents(crate::dispatch::executor::AgentScope::Project)
    }

    fn scoped_agents(
        &self,
        scope: crate::dispatch::executor::AgentScope,
    ) -> Result<std::collections::BTreeMap<String, String>> {
        let prefix = crate::dispatch::executor::agent_default_key(scope, "");
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

    /// Checks an agent: `--version` within 10 s, then the "reply with ok" probe within 60 s.
    pub fn probe(&self, name: &str) -> Result<AgentTest> {
        let profile = self.get(name)?;
        let env = agents::agent_env(self.core.env.iter().cloned());
        let path = env.iter().find(|(k, _)| k == "PATH").map(|(_, v)| v.clone());
        let Some(program) = agents::locate(&profile.command, path.as_deref()) else {
            return Ok(AgentTest {
                name: profile.name,
                version: None,
                version_ok: false,
                probe_ok: false,
                probe_ms: 0,
                error_kind: Some(crate::dispatch::failure::ErrorKind::CliNotFound.as_str().into()),
                message: format!(
                    "`{}` was not found on PATH or is not executable",
                    profile.command
                ),
            });
        };
        let dir = tempfile_dir(&self.core.config.data_dir)?;
        let cwd = dir.clone();
        let limits = |secs| Limits {
            timeout: Some(Duration::from_secs(secs)),
            grace: self.core.config.dispatch_grace,
            output_cap: Some(64 * 1024),
            log_path: None,
        };
        let version_spec = SpawnSpec {
            program,
            args: vec!["--version".into()],
            cwd: cwd.clone(),
            env: env.clone(),
            stdin: None,
        };
        let version_run = pty::run(&version_spec, &limits(10), &CancelToken::new(), |_| {})?;
        let version_text =
            crate::extract::strip_ansi(&String::from_utf8_lossy(&version_run.output));
        let version_ok = version_run.exit_code == Some(0);
        let version =
            version_text.lines().map(str::trim).find(|l| !l.is_empty()).map(str::to_owned);

        let prompt_file = dir.join("probe.md");
        std::fs::write(&prompt_file, PROBE_PROMPT)
            .map_err(|e| Error::io("writing the probe prompt", e))?;
        let started = Instant::now();
        let (probe_ok, error_kind, message) =
            match agents::spawn_spec(&profile, PROBE_PROMPT, &prompt_file, &cwd, env) {
                Err((kind, message)) => (false, Some(kind.as_str().to_owned()), message),
                Ok(spec) => {
                    let run = pty::run(&spec, &limits(60), &CancelToken::new(), |_| {})?;
                    let report = stream::parse(profile.output_format, &run.output);
                    let verdict = crate::dispatch::verdict::judge(
                        profile.output_format,
                        &report,
                        run.stop,
                        run.exit_code,
                        Some(60),
                        run.truncated,
                    );
                    match verdict {
                        crate::dispatch::verdict::Verdict::Failed { kind, message } => {
                            (false, Some(kind.as_str().to_owned()), message)
                        }
                        crate::dispatch::verdict::Verdict::Finished => {
                            let answer = report.final_text.unwrap_or_default();
                            let ok = answer.to_lowercase().contains("ok");
                            let shown: String = answer.trim().chars().take(320).collect();
                            (
                                ok,
                                None,
                                if ok {
                                    format!("answered: {shown}")
                                } else {
                                    format!("unexpected answer: {shown}")
                                },
                            )
                        }
                    }
                }
            };
        let _ = std::fs::remove_dir_all(&dir);
        Ok(AgentTest {
            name: profile.name,
            version,
            version_ok,
            probe_ok,
            probe_ms: started.elapsed().as_millis() as u64,
            error_kind,
            message,
        })
    }
}

fn tempfile_dir(data_dir: &std::path::Path) -> Result<std::path::PathBuf> {
    let dir = data_dir.join("probes").join(uuid::Uuid::new_v4().to_string());
    std::fs::create_dir_all(&dir)
        .map_err(|e| Error::io(format!("creating {}", dir.display()), e))?;
    Ok(dir)
}
