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

/// Runs `prompt` through `profile` in `workdir` and returns the agent's final message, or why not.
pub fn run(
    profile: &AgentProfile,
    prompt: &str,
    workdir: &Path,
    scratch: &Path,
    env: &Env,
    limits: RunLimits,
    grace: Duration,
) -> Result<(String, StreamReport), (ErrorKind, String)> {
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
    };
    let run = run_agent(profile.output_format, &spec, &limits, &CancelToken::new(), |_| {}, |_, _| {})
        .map_err(|e| (ErrorKind::CliNotFound, e.to_string()))?;
    match run.verdict {
        Verdict::Finished => Ok((run.report.final_text.clone().unwrap_or_default(), run.report)),
        Verdict::Failed { kind, message } => Err((kind, message)),
    }
}
