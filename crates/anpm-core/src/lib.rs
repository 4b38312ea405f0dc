//! anpm-core: every behaviour of anpm, with no knowledge of Tauri or any UI.
//!
//! # Layout
//!
//! - [`domain`]: entity types, enumerations with their stored string forms, validation of raw input into
//!   validated values, and every state transition as a pure function. No I/O.
//! - [`store`]: the SQLite file, its migrations and every SQL statement. Callers get typed values back and
//!   never see `rusqlite`.
//! - [`repo`]: facts about git work trees on disk (root, default branch).
//! - [`app`]: [`Core`], the composition root. Each operation reads through the store, asks the domain to
//!   decide, and writes through the store in one transaction.
//! - [`cli`]: the headless command line (clap) and its text / JSON rendering, on top of [`Core`].
//!
//! Arrows point one way: `cli` → `app` → (`repo`, `store`) → `domain`.

pub mod activity;
pub mod app;
pub mod cli;
pub mod dispatch;
pub mod domain;
mod error;
pub mod extract;
pub mod planning;
pub mod repo;
pub mod secrets;
pub mod store;

pub use app::{Config, Core};
pub use error::{Error, ErrorCode, Result};
