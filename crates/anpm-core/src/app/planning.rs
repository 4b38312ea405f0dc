//! Planning-run operations: start, execute, cancel, list, show, and the stored context snapshot.
//!
//! Execution never holds a transaction while a provider works: the run is claimed in one transaction, its
//! context built and stored in the next, the provider called with no lock held, and the drafts written
//! together with the run's completion in a last transaction — only if the run is still running, so a cancel
//! that lands meanwhile wins and no candidate of a failed or cancelled run is ever stored.

use std::path::Path;
use std::time::Duration;

use serde::Serialize;
use ts_rs::TS;

use super::Planning;
use crate::dispatch::lease::{self, Lease};
use crate::dispatch::limits::{Purpose, RunLimits, StoredLimits};
use crate::domain::*;
use crate::planning::context::{
    self, ContextSummary, ContextV2, IntentMode,
};
use crate::planning::draft::Draft;
use crate::planning::failure::{FailureKind, PlanningFailure};
use crate::planning::{openai, scale, PlanInput, Provider};
use crate::store::{PlanningRunFilter, Tx};
use crate::{repo, Error, Result};

/// How long a planning run's lease is retried before it counts as held by another process.
const LEASE_SETTLE: Duration = Duration::from_millis(300);

/// A run with its review state.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct PlanningRunDetail {
    #[serde(flatten)]
    #[ts(flatten)]
    pub run: PlanningRun,
    /// What to do about a failure, when the run failed.
    pub remediation: Option<String>,
    pub quality_summary: QualitySummary,
    pub candidates: Vec<BacklogCandidate>,
}

/// What `plan context` shows: the summary, or the raw `context.v2` JSON.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[serde(untagged)]
pub enum ContextView {
    Summary(Box<ContextSummary>),
    Raw(serde_json::Value),
    Unavailable { available: bool, planning_run_id: PlanningRunId },
}

impl Planning<'_> {
    /// Creates a queued run for a requirement and promotes the requirement from draft to planned. At most
    /// one run per requirement may be queued or running. `provider` defaults to the `planning.provider`
    /// setting; a model provider must be configured before a run can start.
    pub fn start(
        &self,
        requirement_id: RequirementId,
        provider: Option<ProviderKind>,
        template: PlanningTemplate,
    ) -> Result<PlanningRun> {
        let run = self.queue_planning_run(requirement_id, provider, template)?;
        self.core.wake_planning_worker();
        Ok(run)
    }

    fn queue_planning_run(
        &self,
        requirement_id: RequirementId,
        provider: Option<ProviderKind>,
        template: PlanningTemplate,
    ) -> Result<PlanningRun> {
        let provider = match provider {
            Some(p) => p,
            None => self.core.setting_value(SettingKey::PlanningProvider)?.parse()?,
        };
        let repo_path = self.core.store.read(|tx| {
            let requirement = load_requirement(tx, requirement_id)?;
            let project = tx
                .project(requirement.project_id)?
                .ok_or_else(|| Error::not_found("project", requirement.project_id))?;
            Ok(project.repo_path)
        })?;
        let run_id = PlanningRunId::new();
        let model_id = self.provider(provider, Path::new(&repo_path), run_id)?.model_id();
        self.core.store.write(|tx| {
            let requirement = load_requirement(tx, requirement_id)?;
            if requirement.status == RequirementStatus::Archived {
                return Err(Error::Transition {
                    entity: "requirement",
                    from: "archived".into(),
                    to: "planned".into(),
                    reason: "restore the requirement (req edit --status draft) before planning it"
                        .into(),
                });
            }
            let now = Timestamp::now();
            let run = PlanningRun {
                id: run_id,
                project_id: requirement.project_id,
                requirement_id,
                status: PlanningRunStatus::Queued,
                trigger_source: "manual".into(),
                provider_id: provider.as_str().to_owned(),
                model_id,
                template,
                context_pack_id: uuid::Uuid::new_v4().to_string(),
                error_kind: None,
                error_message: String::new(),
                started_at: None,
                completed_at: None,
                created_at: now,
                updated_at: now,
            };
            tx.insert_planning_run(&run)?;
            let promoted = requirement.status.promoted();
            if promoted != requirement.status {
                tx.update_requirement(&Requirement {
                    status: promoted,
                    updated_at: now,
                    ..requirement
                })?;
            }
            Ok(run)
        })
    }

    /// Executes a queued run on this thread: claims it, builds and stores its context, plans, and stores
    /// the candidates. Returns the run as it ended. A run that is not queued is returned as it is, unless
    /// another process is executing it right now (`conflict`).
    pub fn execute(&self, run_id: PlanningRunId) -> Result<PlanningRun> {
        // The run's lease, taken before the claim and held to the end: while it is held no other process
        // can mistake the run for an orphan; if this process dies, the kernel frees it and the next process
        // to open the store fails the run `interrupted`.
        let path = lease::planning_path(self.core.data_dir(), &run_id.to_string());
        let Some(_lease) = Lease::take(&path, LEASE_SETTLE)? else {
            return Err(Error::Conflict(format!("planning run `{run_id}` is already being executed")));
        };
        let _lease = _lease.removed_on_drop();
        let claimed = self.core.store.write(|tx| {
            load_run(tx, run_id)?;
            tx.claim_planning_run(run_id, Timestamp::now())
        })?;
        if !claimed {
            let run = self.core.store.read(|tx| load_run(tx, run_id))?;
            if run.status == PlanningRunStatus::Running {
                return Err(Error::Conflict(format!(
                    "planning run `{run_id}` is already being executed"
                )));
            }
            return Ok(run);
        }
        let runner = RunnerId::planning_run(run_id);
        let mut state = crate::activity::activity(runner, crate::activity::Phase::Planning);
        state.subject_kind = Some(AuditSubject::PlanningRun);
        state.subject_id = Some(run_id.to_string());
        if let Ok(Some(requirement)) = self.core.store.read(|tx| {
            let run = load_run(tx, run_id)?;
            tx.requirement(run.requirement_id)
        }) {
            state.subject_title = Some(requirement.title);
        }
        state.step = Some("building the context".into());
        self.core.bus.publish(state.clone());
        let finished = match self.plan_claimed(run_id) {
            Ok(drafts) => self.complete_run(run_id, drafts),
            Err(failure) => self.fail_run(run_id, failure),
        };
        state.phase = crate::activity::Phase::Idle;
        state.step = Some(match &finished {
            Ok(run) => match &run.error_kind {
                Some(kind) => format!("{}: {kind}", run.status),
                None => run.status.to_string(),
            },
            Err(e) => format!("failed: {e}"),
        });
        state.updated_at = Timestamp::now();
        self.core.bus.publish(state);
        finished
    }

    /// Executes the oldest queued run, if any (for background workers).
    pub fn execute_next(&self) -> Result<Option<PlanningRun>> {
        match self.core.store.read(|tx| tx.next_queued_planning_run())? {
            Some(id) => self.execute(id).map(Some),
            None => Ok(None),
        }
    }

    /// Cancels a queued or running run.
    pub fn cancel(&self, run_id: PlanningRunId) -> Result<PlanningRun> {
        self.core.store.write(|tx| {
            let run = load_run(tx, run_id)?;
            let status = run.status.transition(PlanningRunStatus::Cancelled)?;
            let now = Timestamp::now();
            let run = PlanningRun { status, completed_at: Some(now), updated_at: now, ..run };
            tx.update_planning_run(&run)?;
            Ok(run)
        })
    }

    /// Fails every run left `running` whose process is gone (its lease is free) with `interrupted`, so it no
    /// longer blocks new runs of its requirement. Returns how many were failed.
    pub fn reconcile_orphans(&self) -> Result<usize> {
        let running = self.core.store.read(|tx| {
            tx.planning_runs(&PlanningRunFilter {
                status: Some(PlanningRunStatus::Running),
                ..Default::default()
            })
        })?;
        let mut failed = 0;
        for run in running {
            let path = lease::planning_path(self.core.data_dir(), &run.id.to_string());
            // Held while reconciling, so the run cannot be picked up halfway.
            let Some(lease) = Lease::take(&path, std::time::Duration::ZERO)? else { continue };
            let _lease = lease.removed_on_drop();
            let ended = self.core.store.write(|tx| {
                let run = load_run(tx, run.id)?;
                if run.status != PlanningRunStatus::Running {
                    return Ok(false);
                }
                let now = Timestamp::now();
                tx.update_planning_run(&PlanningRun {
                    status: run.status.transition(PlanningRunStatus::Failed)?,
                    error_kind: Some(FailureKind::Interrupted),
                    error_message: "the process running this planning run stopped before it finished"
                        .into(),
                    completed_at: Some(now),
                    updated_at: now,
                    ..run
                })?;
                Ok(true)
            })?;
            failed += usize::from(ended);
        }
        Ok(failed)
    }

    /// Runs matching `filter`, newest first.
    pub fn runs(&self, filter: &PlanningRunFilter) -> Result<Vec<PlanningRun>> {
        self.core.store.read(|tx| tx.planning_runs(filter))
    }

    /// One run with its candidates and quality summary.
    pub fn run(&self, run_id: PlanningRunId) -> Result<PlanningRunDetail> {
        self.core.store.read(|tx| {
            let run = load_run(tx, run_id)?;
            let candidates = tx.candidates_of(run_id)?;
            Ok(PlanningRunDetail {
                remediation: run.error_kind.map(|k| k.remediation().to_owned()),
                quality_summary: QualitySummary::of(&candidates),
                candidates,
                run,
            })
        })
    }

    /// The context a run was planned against: its summary, or the raw `context.v2` when `raw`.
    pub fn context(&self, run_id: PlanningRunId, raw: bool) -> Result<ContextView> {
        let snapshot = self.core.store.read(|tx| {
            load_run(tx, run_id)?;
            tx.context_snapshot_of(run_id)
        })?;
        let Some(snapshot) = snapshot else {
            return Ok(ContextView::Unavailable { available: false, planning_run_id: run_id });
        };
        if raw {
            return Ok(ContextView::Raw(snapshot.snapshot));
        }
        let v2: ContextV2 = serde_json::from_value(snapshot.snapshot).map_err(|e| {
            Error::Storage(format!("stored context of run `{run_id}` does not parse: {e}"))
        })?;
        Ok(ContextView::Summary(Box::new(ContextSummary::of(run_id.to_string(), &v2))))
    }

    /// The configured OpenAI-compatible endpoint, with its API key read from the environment.
    /// The provider of `kind`, resolved from the settings, the keyring and the agent profiles, the one way
    /// both queueing (for the model it records) and executing use; `repo` and `run_id` place an agent
    /// planner's work.
    fn provider(
        &self,
        kind: ProviderKind,
        repo: &Path,
        run_id: PlanningRunId,
    ) -> std::result::Result<Provider, Unresolved> {
        Ok(match kind {
            ProviderKind::Deterministic => Provider::Deterministic,
            ProviderKind::OpenAiCompatible => {
                Provider::OpenAiCompatible(self.openai_endpoint().map_err(Unresolved::Config)?)
            }
            ProviderKind::Agent => {
                let profile = self
                    .core
                    .advisory_agent()
                    .map_err(|(kind, message)| Unresolved::Agent(kind, message))?;
                let limits = RunLimits::resolve(
                    Purpose::Planner,
                    &self.core.env,
                    &StoredLimits::read(&self.core.store),
                );
                Provider::Agent(Box::new(crate::planning::AgentPlanner {
                    cancel: self.core.halt.clone(),
                    profile,
                    workdir: repo.to_path_buf(),
                    scratch: self.core.config.data_dir.join("planning").join(run_id.to_string()),
                    env: self.core.env.clone(),
                    limits,
                    grace: self.core.config.dispatch_grace,
                }))
            }
        })
    }

    pub(crate) fn openai_endpoint(&self) -> Result<openai::Endpoint> {
        let base_url = self.core.setting_value(SettingKey::PlanningBaseUrl)?;
        let model = self.core.setting_value(SettingKey::PlanningModel)?;
        if base_url.is_empty() || model.is_empty() {
            return Err(Error::invalid(
                "provider",
                "the openai-compatible provider needs `planning.base_url` and `planning.model`: set them with `anpm settings set`",
            ));
        }
        let api_key = self.core.provider_key()?;
        Ok(openai::Endpoint { base_url, model, api_key, timeout: self.planning_timeout() })
    }

    fn planning_timeout(&self) -> Duration {
        self.core.config.planning_timeout.unwrap_or(openai::TIMEOUT)
    }

    /// Builds the context a run of `requirement_id` would be planned against right now, without storing it.
    pub fn preview_context(
        &self,
        requirement_id: RequirementId,
        template: PlanningTemplate,
    ) -> Result<ContextV2> {
        let (project, requirement) = self.core.store.read(|tx| {
            let requirement = load_requirement(tx, requirement_id)?;
            let project = tx
                .project(requirement.project_id)?
                .ok_or_else(|| Error::not_found("project", requirement.project_id))?;
            Ok((project, requirement))
        })?;
        Ok(self
            .build_context(&project, &requirement, template, uuid::Uuid::new_v4().to_string(), None)?
            .1)
    }

    /// Gathers a project's context from the store and the repository, and builds `context.v1` and its
    /// `context.v2` envelope.
    fn build_context(
        &self,
        project: &Project,
        requirement: &Requirement,
        template: PlanningTemplate,
        pack_id: String,
        current: Option<PlanningRunId>,
    ) -> Result<(context::ContextV1, ContextV2)> {
        let mut warnings = Vec::new();
        let root = std::path::Path::new(&project.repo_path);
        let tracked = self.core.tracked.of(root).unwrap_or_else(|e| {
            warnings.push(format!("related_files: {e}"));
            std::sync::Arc::default()
        });
        let sources = self.core.store.read(|tx| {
            super::context_pack::gather(tx, project, requirement, current, &tracked)
        })?;
        let source_of_truth = repo::source_of_truth(std::path::Path::new(&project.repo_path))
            .unwrap_or_else(|e| {
                warnings.push(format!("source_of_truth: {e}"));
                Vec::new()
            });
        let v1 = context::build_v1(sources, warnings, Timestamp::now());
        let intent = match template {
            PlanningTemplate::Backlog => IntentMode::Implement,
            PlanningTemplate::Whatsnext => IntentMode::Analyze,
        };
        let v2 = context::upgrade(
            v1.clone(),
            pack_id,
            intent,
            scale::estimate(&requirement.title, &requirement.description),
            source_of_truth,
        );
        Ok((v1, v2))
    }

    /// Builds and stores the context of a claimed run, then plans it.
    fn plan_claimed(
        &self,
        run_id: PlanningRunId,
    ) -> std::result::Result<Vec<Draft>, PlanningFailure> {
        let unknown = |e: Error| PlanningFailure::new(FailureKind::Unknown, e.to_string());
        let (run, project, requirement) = self
            .core
            .store
            .read(|tx| {
                let run = load_run(tx, run_id)?;
                let project = tx
                    .project(run.project_id)?
                    .ok_or_else(|| Error::not_found("project", run.project_id))?;
                let requirement = load_requirement(tx, run.requirement_id)?;
                Ok((run, project, requirement))
            })
            .map_err(unknown)?;
        let (v1, v2) = self
            .build_context(&project, &requirement, run.template, run.context_pack_id.clone(), Some(run.id))
            .map_err(unknown)?;
        let snapshot = ContextSnapshot {
            id: ContextSnapshotId::new(),
            planning_run_id: run_id,
            pack_id: run.context_pack_id.clone(),
            schema_version: v2.schema_version.clone(),
            snapshot: serde_json::to_value(&v2).expect("invariant: a context serializes"),
            sources_bytes: v2.meta.sources_bytes as i64,
            dropped_counts: serde_json::to_value(v2.meta.dropped_counts)
                .expect("invariant: counts serialize"),
            created_at: Timestamp::now(),
        };
        self.core.store.write(|tx| tx.insert_context_snapshot(&snapshot)).map_err(unknown)?;

        let kind = run.provider_id.parse::<ProviderKind>().map_err(|e| {
            PlanningFailure::new(FailureKind::ProviderNotConfigured, e.to_string())
        })?;
        let provider = self.provider(kind, Path::new(&project.repo_path), run_id)?;
        provider.plan(PlanInput {
            project: &project,
            requirement: &requirement,
            template: run.template,
            context: &v1,
        })
    }

    fn complete_run(&self, run_id: PlanningRunId, drafts: Vec<Draft>) -> Result<PlanningRun> {
        self.core.store.write(|tx| {
            let run = load_run(tx, run_id)?;
            if run.status != PlanningRunStatus::Running {
                // Cancelled while the provider worked: its answer is dropped.
                return Ok(run);
            }
            let now = Timestamp::now();
            let mut ids = std::collections::HashMap::new();
            let mut order = Vec::new();
            for draft in drafts {
                let (key, depends_on) = (draft.key, draft.depends_on.clone());
                let candidate = draft.into_candidate(&run, now);
                ids.insert(key, candidate.id);
                order.push((candidate.id, depends_on));
                tx.insert_candidate(&candidate)?;
            }
            // The planner's order, as far as it names candidates that exist and never in a circle (a
            // model's cycle costs the edge that would close it, not the plan).
            let mut edges = Vec::new();
            for (id, depends_on) in order {
                for dep in depends_on.iter().filter_map(|k| ids.get(k)) {
                    if check_new_edge(&edges, id, *dep).is_ok() {
                        edges.push((id, *dep));
                        tx.insert_candidate_dependency(id, *dep)?;
                    }
                }
            }
            let run = PlanningRun {
                status: run.status.transition(PlanningRunStatus::Completed)?,
                completed_at: Some(now),
                updated_at: now,
                ..run
            };
            tx.update_planning_run(&run)?;
            Ok(run)
        })
    }

    fn fail_run(&self, run_id: PlanningRunId, failure: PlanningFailure) -> Result<PlanningRun> {
        self.core.store.write(|tx| {
            let run = load_run(tx, run_id)?;
            if run.status != PlanningRunStatus::Running {
                return Ok(run);
            }
            let now = Timestamp::now();
            let run = PlanningRun {
                status: run.status.transition(PlanningRunStatus::Failed)?,
                error_kind: Some(failure.kind),
                error_message: failure.message,
                completed_at: Some(now),
                updated_at: now,
                ..run
            };
            tx.update_planning_run(&run)?;
            Ok(run)
        })
    }
}


fn load_run(tx: &Tx<'_>, id: PlanningRunId) -> Result<PlanningRun> {
    tx.planning_run(id)?.ok_or_else(|| Error::not_found("planning run", id))
}

fn load_requirement(tx: &Tx<'_>, id: RequirementId) -> Result<Requirement> {
    tx.requirement(id)?.ok_or_else(|| Error::not_found("requirement", id))
}

/// Why a provider could not be set up: its settings (an operation's error), or no agent to plan with.
#[derive(Debug)]
enum Unresolved {
    Config(Error),
    Agent(crate::domain::ErrorKind, String),
}

impl From<Unresolved> for Error {
    fn from(unresolved: Unresolved) -> Self {
        match unresolved {
            Unresolved::Config(e) => e,
            Unresolved::Agent(_, message) => Error::invalid("provider", message),
        }
    }
}

impl From<Unresolved> for PlanningFailure {
    fn from(unresolved: Unresolved) -> Self {
        match unresolved {
            Unresolved::Config(e) => PlanningFailure::new(FailureKind::ProviderNotConfigured, e.to_string()),
            Unresolved::Agent(kind, message) => {
                PlanningFailure::new(crate::planning::failure::from_dispatch(kind), message)
            }
        }
    }
}
