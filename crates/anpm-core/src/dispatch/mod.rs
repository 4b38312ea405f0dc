//! Dispatch: running queued tasks through agent CLIs inside the safety boundary.
//!
//! - [`scheduler`]: the loop (claim, concurrency, pause, run-next, recovery); [`executor`]: one task's
//!   run from prompt to closed attempt, inside [`guard`] so that nothing is left `running`;
//! - [`run`]: the one way any agent runs ([`run::run_agent`]), on [`pty`] (one child in a pseudo-terminal,
//!   bounded capture, the process-group kill ladder) with [`limits`] (one resolution for every purpose);
//! - [`agents`]: one module per agent CLI behind [`agents::AgentCli`], the agent environment and which
//!   agent runs a task; [`stream`]: the shared stream machinery; [`verdict`]: how a run ended;
//! - [`roles`]: the role catalog, from the embedded role prompts; [`result`]: each role's result contract;
//!   [`apply`]: writing `files[]` with path safety;
//! - [`oneshot`]: one prompt through one agent outside any task; [`probe`]: an agent's health check;
//! - [`live`]: each running task's output tail and watchers, for live terminals;
//! - [`failure`]: error kinds' remediations and the classification of a failed run.

pub mod agents;
pub mod apply;
pub mod budget;
pub mod executor;
pub mod failure;
mod gate;
pub mod guard;
pub mod lease;
pub mod leftovers;
pub mod limits;
pub mod live;
pub mod oneshot;
pub mod probe;
pub mod pty;
pub mod reset;
pub mod result;
pub mod roles;
pub mod run;
pub mod scheduler;
pub mod stream;
mod task_prompt;
pub mod tree;
mod usage_limit;
pub mod verdict;
pub mod workspace;
