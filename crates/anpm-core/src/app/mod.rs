//! The composition root. [`Core::open`] resolves the data directory and opens the store; every operation
//! the CLI and the desktop shell offer is a method on [`Core`], split by entity over this module's files.
//!
//! An operation reads through the store, lets the domain decide, and writes through the store, all inside
//! one transaction so that a refused operation changes nothing.

mod about;
mod agents;
mod backlog;
mod candidates;
mod dashboard;
mod dispatch;
mod notices;
mod planning;
mod projects;
mod provider_test;
mod requirements;
mod router;
mod settings;
mod tasks;
mod whats_next;
mod worker;

use std::path::{Path, PathBuf};

use crate::store::Store;
use crate::{Error, Result};

pub use about::About;
pub use agents::{AgentPatch, AgentTest};
pub use backlog::CommitOutcome;
pub use candidates::{ApplyOutcome, CandidateDetail};
pub use dashboard::{BacklogFocus, Dashboard, DayTrend};
pub use dispatch::AttemptLog;
pub use notices::{Notice, NoticeKind, Notices};
pub use planning::{ContextView, PlanningRunDetail};
pub use projects::ProjectRemoval;
pub use provider_test::ProviderTest;
pub use settings::{ApiKeySource, SettingView};
pub use tasks::TaskDetail;
pub use worker::{PlanningWorker, STALE_AFTER};

/// Name of the database file inside the data directory.
const DB_FILE: &str = "anpm.db";

/// The actor id recorded for the operator in audit rows (anpm has exactly one operator).
pub const OPERATOR: &str = "local";

/// Where anpm keeps its data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    pub data_dir: PathBuf,
    /// Overrides the model provider's request timeout (tests use short ones).
    pub planning_timeout: Option<std::time::Duration>,
    /// The OS-keyring service name secrets are stored under (tests use unique ones).
    pub keyring_service: String,
    /// Time between SIGTERM and SIGKILL when an agent is stopped.
    pub dispatch_grace: std::time::Duration,
    /// The environment agents and dispatch settings are read from; `None` takes this process's.
    pub env: Option<Vec<(String, String)>>,
}

impl Config {
    /// Resolves the data directory: `explicit` (the `--data-dir` flag or `$ANPM_DATA_DIR`, already merged
    /// by the caller) wins; otherwise the platform data directory (`~/.local/share/anpm` on Linux).
    pub fn resolve(explicit: Option<PathBuf>) -> Result<Self> {
        let data_dir = match explicit {
            Some(dir) if dir.as_os_str().is_empty() => {
                return Err(Error::invalid(
                    "data dir",
                    "the data directory must not be an empty path",
                ))
            }
            Some(dir) => dir,
            None => dirs::data_dir().map(|d| d.join("anpm")).ok_or_else(|| {
                Error::invalid("data dir", "no platform data directory; pass --data-dir")
            })?,
        };
        Ok(Self::at(data_dir))
    }

    /// A configuration for `data_dir` with every other option at its default.
    pub fn at(data_dir: impl Into<PathBuf>) -> Self {
        Self {
            data_dir: data_dir.into(),
            planning_timeout: None,
            keyring_service: "anpm".into(),
            dispatch_grace: crate::dispatch::pty::DEFAULT_GRACE,
            env: None,
        }
    }

    /// The SQLite file.
    pub fn db_path(&self) -> PathBuf {
        self.data_dir.join(DB_FILE)
    }
}

/// The running core: configuration plus the open store.
#[derive(Debug)]
pub struct Core {
    config: Config,
    store: std::sync::Arc<Store>,
    /// Activity of this process's runners.
    bus: crate::activity::Bus,
    /// The environment this process started with (agents get a filtered copy).
    env: Vec<(String, String)>,
    /// Wakes this process's dispatch loop, when it runs one.
    dispatch_wake: std::sync::Mutex<Option<crate::dispatch::scheduler::Waker>>,
    /// Wakes this process's planning worker when a run is queued; `None` until one is spawned.
    planning_wake: std::sync::Mutex<Option<std::sync::mpsc::SyncSender<worker::Signal>>>,
    /// Output of the tasks this process runs, for live terminals.
    live: crate::dispatch::live::LiveOutput,
}

impl Core {
    /// Opens the data directory, creating it and the database on first use.
    pub fn open(config: Config) -> Result<Self> {
        let store = std::sync::Arc::new(Store::open(&config.db_path())?);
        let bus = crate::activity::Bus::new(Some(std::sync::Arc::clone(&store)));
        bus.restore(store.read(|tx| tx.activity_snapshots())?);
        let env = config.env.clone().unwrap_or_else(|| std::env::vars().collect());
        Ok(Self {
            env,
            config,
            store,
            bus,
            dispatch_wake: std::sync::Mutex::new(None),
            planning_wake: std::sync::Mutex::new(None),
            live: crate::dispatch::live::LiveOutput::new(),
        })
    }

    /// The configuration this core was opened with.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The data directory.
    pub fn data_dir(&self) -> &Path {
        &self.config.data_dir
    }

    /// The store, for callers that compose their own transactions (tests, later subsystems).
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// The activity bus of this process.
    pub fn bus(&self) -> &crate::activity::Bus {
        &self.bus
    }
}
