//! Suggest-role: the advisory role router run for a candidate.

use std::path::Path;

use super::{Candidates, Core};
use crate::activity::{self, Phase};
use crate::planning::router::{self, SuggestOutcome};
use crate::dispatch::limits::{Purpose, RunLimits, StoredLimits};
use crate::dispatch::agents;
use crate::domain::*;
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
        let rendered = router::prompt(&candidate, requirement.as_ref(), &project);

        let mut state = activity::activity(RunnerId::router(candidate_id), Phase::Routing);
        state.subject_kind = Some(AuditSubject::BacklogCandidate);
        state.subject_id = Some(candidate_id.to_string());
        state.subject_title = Some(candidate.title.clone());
        self.core.bus.publish(state.clone());
        let outcome = match self.core.advisory_agent() {
            Err((kind, message)) => SuggestOutcome::failed(kind, message),
            Ok(profile) => {
                let scratch =
                    self.core.config.data_dir.join("router").join(uuid::Uuid::new_v4().to_string());
                let run = router::RouterRun {
                    profile: &profile,
                    workdir: Path::new(&project.repo_path),
                    scratch: &scratch,
                    env: &self.core.env,
                    limits: RunLimits::resolve(
                        Purpose::Router,
                        &self.core.env,
                        &StoredLimits::read(&self.core.store),
                    ),
                    grace: self.core.config.dispatch_grace,
                    cancel: &self.core.halt,
                };
                let outcome = router::suggest(&run, &rendered);
                let _ = std::fs::remove_dir_all(&scratch);
                outcome
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
