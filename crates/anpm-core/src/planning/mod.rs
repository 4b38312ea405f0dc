//! Planning: turning a requirement into ranked backlog candidates, with the evidence they rest on.
//!
//! - [`context`] builds the sanitized, byte-capped `context.v1`/`context.v2` pack ([`sanitize`] redacts,
//!   [`scale`] estimates the task scale);
//! - [`deterministic`] and [`whatsnext`] are the built-in planners; [`openai`] calls an OpenAI-compatible
//!   endpoint and [`model`] turns its reply into drafts; all of them score through [`scoring`] on one
//!   0–100 scale;
//! - [`draft`] is what a planner proposes and the candidate it becomes; [`brief`] fills the templates of the
//!   prompt registry (`crate::prompts`); [`router`] asks an agent which execution role fits a candidate;
//! - [`failure`] names why a run failed and what to do about it.
//!
//! Nothing here touches the store: the app gathers the inputs, calls in, and persists the drafts.

pub mod brief;
pub mod context;
pub mod deterministic;
pub mod draft;
pub mod failure;
pub mod files;
pub mod model;
pub mod openai;
pub mod router;
pub mod sanitize;
pub mod scale;
pub mod scoring;
pub mod signals;
pub mod whatsnext;
mod wording;

use crate::domain::{PlanningTemplate, Project, Requirement};
use crate::prompts;
use context::ContextV1;
use draft::Draft;
use failure::{FailureKind, PlanningFailure};
use signals::RequirementText;

/// Which provider plans a run.
#[derive(Debug, Clone)]
pub enum Provider {
    /// The built-in heuristics; offline, instant, repeatable.
    Deterministic,
    /// A model behind an OpenAI-compatible chat-completions endpoint.
    OpenAiCompatible(openai::Endpoint),
    /// A local agent CLI, run once through the dispatch boundary.
    Agent(Box<AgentPlanner>),
}

impl Provider {
    /// What the run records as its model: the built-in planner's id, the endpoint's model, or the agent
    /// profile (with its model, when it names one).
    pub fn model_id(&self) -> String {
        match self {
            Provider::Deterministic => deterministic::MODEL_ID.to_owned(),
            Provider::OpenAiCompatible(endpoint) => endpoint.model.clone(),
            Provider::Agent(agent) if agent.profile.model.is_empty() => agent.profile.name.clone(),
            Provider::Agent(agent) => format!("{}:{}", agent.profile.name, agent.profile.model),
        }
    }
}

/// How an agent CLI plans: which agent, where, and within which limits.
#[derive(Debug, Clone)]
pub struct AgentPlanner {
    pub profile: crate::domain::AgentProfile,
    pub workdir: std::path::PathBuf,
    /// A folder for the prompt file and the captured output.
    pub scratch: std::path::PathBuf,
    pub env: crate::domain::Env,
    pub limits: crate::dispatch::limits::RunLimits,
    pub grace: std::time::Duration,
    /// Stops the agent as interrupted when the process shuts down.
    pub cancel: crate::dispatch::pty::CancelToken,
}

/// Everything a provider plans from.
#[derive(Debug, Clone, Copy)]
pub struct PlanInput<'a> {
    pub project: &'a Project,
    pub requirement: &'a Requirement,
    pub template: PlanningTemplate,
    pub context: &'a ContextV1,
}

impl Provider {
    /// Plans `input` into scored, ranked drafts.
    pub fn plan(&self, input: PlanInput<'_>) -> Result<Vec<Draft>, PlanningFailure> {
        let req = RequirementText {
            title: input.requirement.title.clone(),
            summary: input.requirement.summary.clone(),
            description: input.requirement.description.clone(),
        };
        match self {
            Self::Deterministic => Ok(match input.template {
                PlanningTemplate::Backlog => deterministic::plan(&req, &input.context.sources),
                PlanningTemplate::Whatsnext => whatsnext::plan(&req, &input.context.sources),
            }),
            Self::OpenAiCompatible(endpoint) => {
                let (system, user) = render_messages(input)?;
                let content = openai::complete(endpoint, &system, &user)?;
                let reply = crate::extract::json_object(&content)
                    .map_err(|e| PlanningFailure::new(FailureKind::InvalidResponse, e))?;
                let proposals = model::proposals(&reply, brief::MAX_CANDIDATES)
                    .map_err(|e| PlanningFailure::new(FailureKind::NoValidCandidates, e))?;
                Ok(model::drafts(proposals, &req, &input.context.sources))
            }
            Self::Agent(agent) => {
                let (system, user) = render_messages(input)?;
                let prompt = format!("{system}\n\n{user}");
                let shot = crate::dispatch::oneshot::OneShot {
                    profile: &agent.profile,
                    workdir: &agent.workdir,
                    scratch: &agent.scratch,
                    env: &agent.env,
                    limits: agent.limits,
                    grace: agent.grace,
                    cancel: &agent.cancel,
                };
                let (text, _) = crate::dispatch::oneshot::run(&shot, &prompt)
                .map_err(|(kind, message)| {
                    PlanningFailure::new(failure::from_dispatch(kind), message)
                })?;
                let reply = crate::extract::json_object(&text)
                    .map_err(|e| PlanningFailure::new(FailureKind::InvalidResponse, e))?;
                let proposals = model::proposals(&reply, brief::MAX_CANDIDATES).map_err(|e| {
                    let what = match input.template {
                        PlanningTemplate::Backlog => "backlog candidates",
                        PlanningTemplate::Whatsnext => "what's-next directions",
                    };
                    PlanningFailure::new(
                        FailureKind::NoValidCandidates,
                        format!("the agent returned no valid {what}: {e}"),
                    )
                })?;
                Ok(model::agent_drafts(proposals, &req, &input.context.sources))
            }
        }
    }
}

/// The system and user messages for a model-backed run.
pub fn render_messages(input: PlanInput<'_>) -> Result<(String, String), PlanningFailure> {
    let unknown = |e: crate::Error| PlanningFailure::new(FailureKind::Unknown, e.to_string());
    let vars =
        brief::variables(input.template, input.project, input.requirement, Some(input.context));
    let system = prompts::render(prompts::load("planner-system").map_err(unknown)?.body, &vars);
    let name = match input.template {
        PlanningTemplate::Backlog => "backlog",
        PlanningTemplate::Whatsnext => "whatsnext",
    };
    let user = prompts::render(prompts::load(name).map_err(unknown)?.body, &vars);
    Ok((system, user))
}
