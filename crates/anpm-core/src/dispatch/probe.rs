//! The health probe of an agent profile: does its CLI exist, does `--version` answer, and does a one-word
//! prompt come back as "ok" through the same boundary as a task (PTY, process group, limits, the agent
//! module's parser and verdict). A failing agent is a result with an error kind, not an error.

use std::path::Path;
use std::time::{Duration, Instant};

use serde::Serialize;
use ts_rs::TS;

use super::agents;
use super::limits::{Purpose, RunLimits, StoredLimits, PROBE_VERSION_TIMEOUT};
use super::oneshot;
use super::pty::{self, CancelToken, Limits, SpawnSpec};
use crate::domain::{AgentKind, AgentProfile, Env, ErrorKind};
use crate::prompts;
use crate::store::Store;
use crate::Result;

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
    pub error_kind: Option<ErrorKind>,
    pub message: String,
}

/// Runs `program --version` (in the agent's own flag spelling) from `scratch` within
/// `PROBE_VERSION_TIMEOUT`: the first non-empty line it printed, and whether it exited 0.
pub fn version(
    program: &Path,
    kind: AgentKind,
    env: Vec<(String, String)>,
    scratch: &Path,
    grace: Duration,
) -> Result<(Option<String>, bool)> {
    let spec = SpawnSpec {
        program: program.to_path_buf(),
        args: agents::cli(kind).version_args().iter().map(|a| (*a).to_owned()).collect(),
        cwd: scratch.to_path_buf(),
        env,
        stdin: None,
    };
    let limits = Limits {
        timeout: Some(PROBE_VERSION_TIMEOUT),
        grace,
        output_cap: VERSION_OUTPUT_CAP,
        log_path: None,
        tree_record: None,
    };
    let run = pty::run(&spec, &limits, &CancelToken::new(), |_| {})?;
    let text = crate::extract::strip_ansi(&String::from_utf8_lossy(&run.output));
    let first = text.lines().map(str::trim).find(|l| !l.is_empty()).map(str::to_owned);
    Ok((first, run.exit_code == Some(0)))
}

/// A version banner is a line or two; more is noise.
const VERSION_OUTPUT_CAP: Option<usize> = Some(64 * 1024);

/// Probes `profile` from `scratch` (a fresh folder, removed afterwards by the caller).
pub fn probe(
    profile: &AgentProfile,
    env: &Env,
    store: &Store,
    scratch: &Path,
    grace: Duration,
) -> Result<AgentTest> {
    let agent_env = agents::agent_env(env.vars().iter().cloned());
    let path = agent_env.iter().find(|(k, _)| k == "PATH").map(|(_, v)| v.clone());
    let Some(program) = agents::locate(&profile.command, path.as_deref()) else {
        return Ok(AgentTest {
            name: profile.name.clone(),
            version: None,
            version_ok: false,
            probe_ok: false,
            probe_ms: 0,
            error_kind: Some(ErrorKind::CliNotFound),
            message: format!("`{}` was not found on PATH or is not executable", profile.command),
        });
    };
    let limits = RunLimits::resolve(Purpose::Probe, env, &StoredLimits::read(store));
    let (version, version_ok) = version(&program, profile.kind, agent_env, scratch, grace)?;

    let prompt = prompts::load("probes/agent")?.body.trim();
    let started = Instant::now();
    let shot = oneshot::OneShot {
        profile,
        workdir: scratch,
        scratch: &scratch.join("run"),
        env,
        limits,
        grace,
        cancel: &CancelToken::new(),
    };
    let answer = oneshot::run(&shot, prompt);
    let (probe_ok, error_kind, message) = match answer {
        Err((kind, message)) => (false, Some(kind), message),
        Ok((text, _)) => {
            let ok = text.to_lowercase().contains("ok");
            let shown: String = text.trim().chars().take(320).collect();
            let message =
                if ok { format!("answered: {shown}") } else { format!("unexpected answer: {shown}") };
            (ok, None, message)
        }
    };
    Ok(AgentTest {
        name: profile.name.clone(),
        version,
        version_ok,
        probe_ok,
        probe_ms: started.elapsed().as_millis() as u64,
        error_kind,
        message,
    })
}
