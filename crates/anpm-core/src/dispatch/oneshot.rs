//! One prompt through one agent CLI, outside any task: the role router, the agent planner and similar
//! advisory runs. Same boundary as dispatch (PTY, process group, timeout, output cap), no files applied.

use std::path::Path;
use std::time::Duration;

use super::agents;
use super::failure::ErrorKind;
use super::limits::RunLimits;
use crate::domain::Env;
use super::pty::{CancelToken, Limits};
use super::run::run_agent;
use super::stream::StreamReport;
use super::verdict::Verdict;
use crate::domain::AgentProfile;

/// Where and how a one-shot agent runs.
#[derive(Debug, Clone, Copy)]
pub struct OneShot<'a> {
    pub profile: &'a AgentProfile,
    pub workdir: &'a Path,
    /// A fresh folder for the prompt and the output; the caller removes it.
    pub scratch: &'a Path,
    pub env: &'a Env,
    pub limits: RunLimits,
    pub grace: Duration,
    /// Stops the agent (as interrupted, when the process shuts down).
    pub cancel: &'a CancelToken,
}

/// Runs `prompt` through the shot's agent and returns its final message, or why not.
pub fn run(
    shot: &OneShot<'_>,
    prompt: &str,
) -> Result<(String, StreamReport), (ErrorKind, String)> {
    let OneShot { profile, workdir, scratch, env, limits, grace, cancel } = *shot;
    std::fs::create_dir_all(scratch)
        .map_err(|e| (ErrorKind::Unknown, format!("creating {}: {e}", scratch.display())))?;
    let prompt_file = scratch.join("prompt.md");
    std::fs::write(&prompt_file, prompt)
        .map_err(|e| (ErrorKind::Unknown, format!("writing the prompt: {e}")))?;
    let spec = agents::spawn_spec(
        profile,
        prompt,
        &prompt_file,
        workdir,
        agents::agent_env(env.vars().iter().cloned()),
    )?;
    let timeout = limits.timeout;
    let limits = Limits {
        timeout,
        grace,
        output_cap: limits.output_cap,
        log_path: Some(scratch.join("output.log")),
        tree_record: Some(scratch.join("processes")),
    };
    let run = run_agent(profile.output_format, &spec, &limits, cancel, |_| {}, |_, _, _| {})
        .map_err(|e| (ErrorKind::CliNotFound, e.to_string()))?;
    match run.verdict {
        Verdict::Finished => Ok((run.report.final_text.clone().unwrap_or_default(), run.report)),
        Verdict::Failed { .. } if cancel.is_interrupted() => Err((
            ErrorKind::Interrupted,
            "anpm was shutting down (Ctrl-C, SIGTERM or Quit); the agent was stopped".into(),
        )),
        Verdict::Failed { kind, message } => Err((kind, message)),
    }
}
