//! Dispatch: running queued tasks through agent CLIs inside the safety boundary.
//!
//! - [`roles`]: the role catalog, parsed from the embedded role prompts;
//! - [`pty`]: one child in a pseudo-terminal, bounded capture, the process-group kill ladder;
//! - [`stream`]: Claude stream-json / Codex JSON / plain text output into a typed report;
//! - [`result`]: each role's result contract; [`apply`]: writing `files[]` with path safety;
//! - [`live`]: each running task's output tail and watchers, for live terminals;
//! - [`failure`]: error kinds, their remediations, and the classification of a failed run.

pub mod agents;
pub mod apply;
pub mod executor;
pub mod failure;
pub mod limits;
pub mod live;
pub mod oneshot;
pub mod probe;
pub mod pty;
pub mod result;
pub mod roles;
pub mod run;
pub mod scheduler;
pub mod stream;
pub mod verdict;
