//! anpm-core: every behaviour of anpm, with no knowledge of Tauri or any UI.
//!
//! # Layout
//!
//! - [`api`]: the public surface. [`Core`] (the composition root, in `app`) and every type a shell may
//!   name; shells import from here only.
//! - `app`: [`Core::open`], the area handles with each operation's transaction choreography, the
//!   background work [`Core`] owns and its one shutdown path.
//! - `planning`: the context pack, the sanitizer, the planners and providers, scoring, the role router.
//! - `dispatch`: the role catalog, limits, the PTY runner, one module per agent CLI, verdicts, result
//!   contracts, file application, the scheduler.
//! - `knowledge`: document discovery, the drift formulas, search queries and the repository watch.
//! - `activity`: the bus of what every runner is doing, its frames and snapshots.
//! - `prompts`: the one registry of prompt files and their rendering.
//! - `store`: the SQLite file, its migrations and every SQL statement; callers never see `rusqlite`.
//! - `repo`: facts about git work trees on disk; `secrets`: the OS keyring; `extract`: ANSI stripping, JSON
//!   extraction and truncation of raw text.
//! - `domain`: entity types, enumerations with their stored spellings, settings, raw input and its
//!   validation, every state transition as a pure function. No I/O.
//! - [`cli`]: the headless command line, a shell on top of [`api`] like the desktop one.
//!
//! Arrows point one way: `cli` → `api`/`app` → `planning` → `dispatch` → (`activity`, `store`, `prompts`,
//! `repo`) → `domain`. The rooms behind `api` are crate-private; the `testing` feature opens them to this
//! crate's integration tests and benches.

/// Declares a room: crate-private, opened to integration tests and benches by the `testing` feature.
macro_rules! room {
    ($($name:ident),+ $(,)?) => {$(
        #[cfg(feature = "testing")]
        pub mod $name;
        #[cfg(not(feature = "testing"))]
        pub(crate) mod $name;
    )+};
}

pub mod api;
pub mod cli;
room!(
    activity, app, dispatch, domain, extract, knowledge, logs, planning, prompts, repo, secrets,
    store
);
mod error;

pub use app::{Config, Core};
pub use error::{Error, ErrorCode, Result};
