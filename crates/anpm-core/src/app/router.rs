//! Suggest-role: the advisory role router run for a candidate.

use std::path::Path;

use super::{Candidates, Core};
use crate::activity::{self, Phase};
use crate::dispatch::router::{self, SuggestOutcome};
use crate::dispatch::limits::{Purpose, RunLimits, StoredLimits};
use crate::dispatch::{agents, oneshot};
use crate::domain::*;
use crate::prompts as prompt;
use crate::{Error, Result};

impl Core {
    /// The agent that runs advisory prompts: the default profile, else the resolution order of dispatch.
    pub(crate) fn advisory_agent(
        &self,
    ) -> std::result::Result<AgentProfile, (crate::dispatch::failure::ErrorKind, String)> {
        let default = self.store.read(|tx| tx.default_agent_profile()).ok().flatten();
        let store = std::sync::Arc::clone(&self.store);
        agents::resolve(
            default,
            |name| store.read(|tx| tx.agent_profile_by_name(name)).ok().flatten(),
            self.env.adapter_agent.as_deref(),
            self.env.var("PATH"),
        )
    }
}

impl Candidates<'_> {
    /// Asks the router which execution role fits a candidate. Never stores anything.
    pub fn suggest_role(&self, candidate_id: BacklogCandidateId) -> Result<SuggestOutcome> {
        let (candidate, requirement, project) = self.core.store.read(|tx| {
            let c = tx
                .candidate(candidate_id)?
                .ok_or_else(|| Error::not_found("backlog candidate", candidate_id))?;
            let r = tx.requirement(c.requirement_id)?;
            let p = tx
                .project(c.project_id)?
                .ok_or_else(|| Error::not_found("project", c.project_id))?;
            Ok((c, r, p))
        })?;
        let dispatcher = crate::dispatch::roles::catalog()
            .get("dispatcher")
            .expect("invariant: the dispatcher prompt is embedded");
        let mut vars = std::collections::BTreeMap::new();
        vars.insert("ROLE_CATALOG", router::catalog_lines());
        vars.insert("TASK_TITLE", candidate.title.clone());
        vars.insert("TASK_DESCRIPTION", candidate.description.clone());
        vars.insert(
            "REQUIREMENT",
            requirement
                .map(|r| format!("Title: {}\nSummary: {}", r.title, r.summary))
                .unwrap_or_default(),
        );
        vars.insert(
            "PROJECT_CONTEXT",
            format!("Project: {}\n{}", project.name, project.description),
        );
        let rendered = prompt::render(dispatcher.prompt, &vars);

        let runner = format!("router:{candidate_id}");
        let mut state = activity::activity(&runner, Phase::Routing);
        state.subject_kind = Some("backlog_candidate".into());
        state.subject_id = Some(candidate_id.to_string());
        state.subject_title = Some(candidate.title.clone());
        self.core.bus.publish(state.clone());
        let outcome = match self.core.advisory_agent() {
            Err((kind, message)) => SuggestOutcome::failed(kind, message),
            Ok(profile) => {
                let limits = RunLimits::resolve(
                    Purpose::Router,
                    &self.core.env,
                    &StoredLimits::read(&self.core.store),
                );
                let scratch =
                    self.core.config.data_dir.join("router").join(uuid::Uuid::new_v4().to_string());
                let answer = oneshot::run(
                    &profile,
                    &rendered,
                    Path::new(&project.repo_path),
                    &scratch,
                    &self.core.env,
                    limits,
                    self.core.config.dispatch_grace,
                );
                let _ = std::fs::remove_dir_all(&scratch);
                match answer.and_then(|(text, _)| router::parse(&text)) {
                    Ok(suggestion) => SuggestOutcome {
                        suggestion: Some(suggestion),
                        error_kind: None,
                        error_message: None,
                        remediation: None,
                    },
                    Err((kind, message)) => SuggestOutcome::failed(kind, message),
                }
            }
        };
        state.phase = Phase::Idle;
        state.step = Some(match &outcome.suggestion {
            Some(s) => format!("suggested {}", s.role_id),
            None => format!(
                "no suggestion: {}",
                outcome.error_kind.map(|k| k.to_string()).unwrap_or_default()
            ),
        });
        state.updated_at = Timestamp::now();
        self.core.bus.publish(state);
        Ok(outcome)
    }
}
