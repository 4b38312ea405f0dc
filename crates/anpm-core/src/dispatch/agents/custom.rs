//! A custom command: the profile's command with `{prompt_file}`, `{prompt}` and `{workdir}` filled into its
//! args; the prompt comes on stdin when neither `{prompt_file}` nor `{prompt}` is used. Its output is read
//! as plain text unless the profile names one of the structured formats: the whole capture is the final message,
//! and the exit code decides (its trouble is in its last lines, since stderr shares the terminal).

use serde_json::Value;

use super::{AgentCli, Invocation, Launch, MAX_INLINE_PROMPT};
use crate::dispatch::failure::ErrorKind;
use crate::dispatch::stream::{ParseState, Step, StreamReport};
use crate::extract::strip_ansi;

/// Any command.
#[derive(Debug, Clone, Copy)]
pub struct Custom;

impl AgentCli for Custom {
    fn launch(&self, run: &Invocation<'_>) -> Result<Launch, (ErrorKind, String)> {
        let profile = run.profile;
        let inline = profile.args.iter().any(|a| a.contains("{prompt}"));
        if inline && run.prompt.len() > MAX_INLINE_PROMPT {
            return Err((
                ErrorKind::PromptTooLarge,
                format!(
                    "the prompt is {} bytes; `{{prompt}}` takes at most {MAX_INLINE_PROMPT}",
                    run.prompt.len()
                ),
            ));
        }
        let uses_file = inline || profile.args.iter().any(|a| a.contains("{prompt_file}"));
        let args = profile
            .args
            .iter()
            .map(|a| {
                a.replace("{prompt_file}", &run.prompt_file.display().to_string())
                    .replace("{workdir}", &run.workdir.display().to_string())
                    .replace("{prompt}", run.prompt)
            })
            .collect();
        Ok(Launch { args, stdin: (!uses_file).then(|| run.prompt_file.to_path_buf()), env: vec![] })
    }

    /// Plain text carries no events.
    fn event(&self, _state: &mut ParseState, _event: &Value) -> Option<Step> {
        None
    }

    fn finish(&self, state: &mut ParseState, captured: &[u8]) {
        let text = strip_ansi(&String::from_utf8_lossy(captured));
        state.report.final_text = (!text.trim().is_empty()).then_some(text);
    }

    fn succeeded(&self, _report: &StreamReport, exit_code: Option<i32>) -> Option<bool> {
        Some(exit_code == Some(0))
    }
}
