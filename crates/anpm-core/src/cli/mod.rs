//! The headless command line: clap definitions ([`args`]), execution against [`Core`](crate::Core)
//! ([`run`], with the dispatch commands and signal handling in [`run_dispatch`]), and rendering as human
//! text or one JSON value ([`render`]).
//!
//! Contract: with `--json`, a success prints exactly one JSON value on stdout whose keys are the entity
//! field names; a failure prints `{"error":{"code":…,"message":…}}` on stderr. Exit codes: 0 success,
//! 1 refused or failed operation, 2 malformed command line.

mod args;
mod args_knowledge;
mod mcp;
mod render;
mod render_entities;
mod render_knowledge;
mod render_orchestration;
mod render_review;
mod run;
mod run_dispatch;
mod run_knowledge;

pub use args::{Cli, Command};
pub use run::{execute, parse_or_exit};
