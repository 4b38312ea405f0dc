//! One agent run, the one way every caller runs an agent (a task, a one-shot run such as the role router
//! or the agent planner, the health probe): the PTY runner with its limits, the agent module's stream
//! parser (fed as output arrives for live steps, and over the whole capture for the verdict), and the
//! verdict on how it ended.

use super::pty::{self, CancelToken, Limits, RunOutcome, SpawnSpec};
use super::stream::{self, Step, StreamParser, StreamReport};
use super::verdict::{judge, Verdict};
use crate::domain::OutputFormat;
use crate::Result;

/// How one run went: the process, what its stream said, and the verdict.
#[derive(Debug)]
pub struct AgentRun {
    pub outcome: RunOutcome,
    pub report: StreamReport,
    pub verdict: Verdict,
}

/// Runs `spec` within `limits`, reading its output as `format`. `on_start` gets the child's pid as soon
/// as it runs; `on_output` gets each chunk with the live steps it revealed and the cost the agent has
/// reported so far (for the task budget). Fails only when the agent could not be started at all.
pub fn run_agent(
    format: OutputFormat,
    spec: &SpawnSpec,
    limits: &Limits,
    cancel: &CancelToken,
    on_start: impl FnOnce(i32),
    mut on_output: impl FnMut(&[u8], Vec<Step>, Option<f64>),
) -> Result<AgentRun> {
    // The live parser only names steps for the window: the live channel drops chunks when its reader falls
    // behind a fast agent, so the verdict reads the whole capture instead.
    let mut live = StreamParser::new(format);
    let outcome = pty::run_with(spec, limits, cancel, on_start, |chunk| {
        let steps = live.feed(chunk);
        on_output(chunk, steps, live.cost_usd());
    })?;
    let report = stream::parse(format, &outcome.output);
    let verdict = judge(
        format,
        &report,
        outcome.stop,
        outcome.exit_code,
        limits.timeout.map(|t| t.as_secs()),
        outcome.truncated,
    );
    Ok(AgentRun { outcome, report, verdict })
}
