//! The composition root. [`Core::open`] resolves the data directory and opens the store; [`Core`] owns
//! the background work of its process (the dispatch loop, the planning worker, the activity writer, the
//! checkpointer) and stops all of it in [`Core::shutdown`]. Every operation the CLI and the desktop shell
//! offer sits on an area handle ([`Core::projects`], [`Core::tasks`], [`Core::dispatch`], …), one `impl`
//! per file of this module, so the handles' docs are the table of contents of the API.
//!
//! An operation is transaction choreography only: it reads through the store, lets the domain (or the
//! planning and dispatch rooms) decide, and writes through the store, inside one transaction so that a
//! refused operation changes nothing.

mod about;
mod activity;
mod agents;
mod archive;
mod audit;
mod backlog;
mod candidates;
mod context_pack;
mod dashboard;
mod dependencies;
mod dispatch;
mod documents;
mod drift;
mod item_dependencies;
mod notices;
mod notifications;
mod planning;
mod projects;
mod provider_key;
mod provider_probe;
mod requirements;
mod review;
mod router;
mod search;
mod settings;
mod sync;
mod tasks;
mod usage;
mod whats_next;
mod worker;
mod workspaces;

use std::path::{Path, PathBuf};

use crate::store::Store;
use crate::{Error, Result};

pub use about::About;
pub use archive::{ExportReport, ImportReport, ARCHIVE_KIND, FORMAT_VERSION};
pub use agents::{AgentPatch, AgentReadiness, AgentTest, DetectedAgent};
pub use backlog::CommitOutcome;
pub use candidates::{ApplyOutcome, CandidateDetail};
pub use documents::{DiscoveryReport, DocumentContent, DocumentDetail, DocumentEntry};
pub use drift::DriftOverview;
pub use search::SearchResults;
pub use dashboard::{BacklogFocus, Dashboard, DayTrend, KnowledgeSummary};
pub use dependencies::{PlanQueued, PlanStep, SkippedTask, TaskDependencies};
pub use item_dependencies::{ItemDependencies, ItemDependency};
pub use notices::{Notice, NoticeKind, Notices};
pub use planning::{ContextView, PlanningRunDetail};
pub use projects::{ProjectRemoval, WorkspacePatch};
pub use provider_key::ApiKeySource;
pub use provider_probe::ProviderTest;
pub use review::{MergeOutcome, TaskDiff, WorkspaceInfo};
pub use settings::SettingView;
pub use tasks::{AttemptLog, ProjectPulse, RunStart, RunStarted, StageCount, TaskDetail};
pub use workspaces::{OrphanFolder, PruneItem, PruneReport, WorkspaceEntry, WorkspaceList};

/// Name of the database file inside the data directory.
const DB_FILE: &str = "anpm.db";

/// The actor id recorded for the operator in audit rows (anpm has exactly one operator).
pub const OPERATOR: &str = "local";

/// Tasks in review whose changes [`Core::start_background`] prepares ahead of the operator's first look.
const PREPARED_REVIEWS: usize = 4;

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
    /// The `anpm` executable, handed to the agents dispatch runs as their MCP server (`anpm mcp`, scoped to
    /// the task's project). Only a shell knows where it is installed, so only a shell sets it; `None`
    /// hands no server.
    pub mcp_command: Option<PathBuf>,
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
            mcp_command: None,
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
    /// The environment this process started with, parsed once (agents get a filtered copy).
    env: crate::domain::Env,
    /// Wakes this process's dispatch loop, when it runs one.
    dispatch_wake: std::sync::Mutex<Option<crate::dispatch::scheduler::Waker>>,
    /// Wakes this process's planning worker when a run is queued; `None` until one is spawned.
    planning_wake: std::sync::Mutex<Option<std::sync::mpsc::SyncSender<worker::Signal>>>,
    /// Output of the tasks this process runs, for live terminals.
    live: crate::dispatch::live::LiveOutput,
    /// This process's dispatch loop, once started.
    dispatcher: std::sync::Mutex<Option<crate::dispatch::scheduler::Dispatcher>>,
    /// This process's planning worker, once started.
    planning_worker: std::sync::Mutex<Option<worker::PlanningWorker>>,
    /// Set by [`Core::shutdown`]: agents run in the foreground (`dispatch next --wait`, an agent planner,
    /// the role router) watch it and stop as interrupted.
    halt: crate::dispatch::pty::CancelToken,
    /// Held for the whole of a sync run, so this process runs one at a time.
    sync_lock: std::sync::Mutex<()>,
    /// The projects' tracked files, for planning contexts (read again when a work tree's index changes).
    tracked: crate::repo::history::TrackedFiles,
    /// The watch on the projects' repositories, once started.
    repo_watch: std::sync::Mutex<Option<crate::knowledge::watch::RepoWatch>>,
}

impl Core {
    /// Opens the data directory, creating it and the database on first use.
    pub fn open(config: Config) -> Result<Self> {
        let store = std::sync::Arc::new(Store::open(&config.db_path())?);
        let bus = crate::activity::Bus::new(Some(std::sync::Arc::clone(&store)));
        bus.restore(store.read(|tx| tx.activity_snapshots())?);
        let env = config.env.clone().map_or_else(crate::domain::Env::current, crate::domain::Env::new);
        Ok(Self {
            env,
            config,
            store,
            bus,
            dispatch_wake: std::sync::Mutex::new(None),
            planning_wake: std::sync::Mutex::new(None),
            live: crate::dispatch::live::LiveOutput::new(),
            dispatcher: std::sync::Mutex::new(None),
            planning_worker: std::sync::Mutex::new(None),
            halt: crate::dispatch::pty::CancelToken::new(),
            sync_lock: std::sync::Mutex::new(()),
            tracked: crate::repo::history::TrackedFiles::default(),
            repo_watch: std::sync::Mutex::new(None),
        })
        .inspect(|core| {
            if let Err(e) = core.reconcile_orphans() {
                tracing::warn!(error = %e, "reconciling runs left by a stopped process failed");
            }
        })
    }

    /// Ends every task and planning run left `running` by a process that is gone (its lease is free):
    /// failed `interrupted`, their agents' leftover processes stopped. Runs whenever a core opens the store,
    /// and from the app's background sweep. Returns how many were reconciled.
    pub fn reconcile_orphans(&self) -> Result<usize> {
        let tasks = crate::dispatch::scheduler::reconcile_orphans(&self.exec_context())?;
        let runs = self.planning().reconcile_orphans()?;
        if tasks + runs > 0 {
            tracing::warn!(tasks, runs, "reconciled work left running by a process that is gone");
        }
        Ok(tasks + runs)
    }

    /// Starts the background work of a long-running process (the desktop app): the planning worker, the
    /// changes of the latest tasks in review computed ahead (the window's first look at them is then
    /// quick), and the dispatch loop unless another process runs it for this data directory. Returns whether the loop
    /// runs here; when it does not, this process steers the other one through settings.
    pub fn start_background(self: &std::sync::Arc<Self>) -> bool {
        self.start_planning_worker();
        self.start_knowledge();
        // Short-lived: it ends by itself after a few git calls, and holds the core only weakly.
        let core = std::sync::Arc::downgrade(self);
        let prepared = std::thread::Builder::new().name("anpm-review-prepare".into()).spawn(move || {
            if let Some(core) = core.upgrade() {
                core.review().prepare_latest(PREPARED_REVIEWS);
            }
        });
        if let Err(e) = prepared {
            tracing::warn!(error = %e, "the changes awaiting review are not prepared ahead");
        }
        match self.dispatch().start_loop() {
            Ok(()) => true,
            Err(e) => {
                tracing::warn!(error = %e, "the dispatch loop runs elsewhere");
                false
            }
        }
    }

    /// Watches every project's repository (a moved HEAD syncs it) and syncs each project once, on a
    /// thread of its own: neither waits for the other nor delays the window.
    fn start_knowledge(self: &std::sync::Arc<Self>) {
        let core = std::sync::Arc::downgrade(self);
        let watch = crate::knowledge::watch::RepoWatch::start(move |project| {
            let Some(core) = core.upgrade() else { return };
            match core.sync_runs().run(project, crate::domain::SyncTrigger::Watch) {
                Ok(run) => tracing::debug!(project = %project, status = %run.status, "synced after the repository moved"),
                Err(e) => tracing::warn!(project = %project, error = %e, "the sync after the repository moved failed"),
            }
        });
        match watch {
            Ok(watch) => *self.repo_watch.lock().unwrap_or_else(|p| p.into_inner()) = Some(watch),
            Err(e) => tracing::warn!(error = %e, "repositories are not watched; sync them with `anpm sync run`"),
        }
        let core = std::sync::Arc::downgrade(self);
        let started = std::thread::Builder::new().name("anpm-startup-sync".into()).spawn(move || {
            let Some(core) = core.upgrade() else { return };
            let projects = match core.projects().list() {
                Ok(projects) => projects,
                Err(e) => return tracing::warn!(error = %e, "listing projects for the start-up sync failed"),
            };
            for project in projects {
                core.watch_repo(&project);
                if let Err(e) = core.sync_runs().run(project.id, crate::domain::SyncTrigger::Startup) {
                    tracing::warn!(project = %project.id, error = %e, "the start-up sync failed");
                }
            }
        });
        if let Err(e) = started {
            tracing::warn!(error = %e, "projects are not synced at start-up");
        }
    }

    /// Adds a project to the repository watch, when one runs.
    pub(crate) fn watch_repo(&self, project: &crate::domain::Project) {
        let watch = self.repo_watch.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(watch) = watch.as_ref() {
            if let Err(e) = watch.watch(project.id, std::path::Path::new(&project.repo_path)) {
                tracing::warn!(project = %project.id, error = %e, "the repository is not watched");
            }
        }
    }

    /// Stops everything this core runs in the background, in one path for every way a process ends (Quit
    /// in the app, Ctrl-C or SIGTERM in the CLI): the dispatch loop stops claiming and its running agents
    /// are stopped with the normal escalation, the planning worker finishes the run in hand, and every
    /// held activity update is delivered and stored. Safe to call more than once.
    pub fn shutdown(&self) {
        self.halt.interrupt();
        self.stop_dispatcher();
        let worker = self.planning_worker.lock().unwrap_or_else(|p| p.into_inner()).take();
        drop(worker);
        *self.planning_wake.lock().unwrap_or_else(|p| p.into_inner()) = None;
        drop(self.repo_watch.lock().unwrap_or_else(|p| p.into_inner()).take());
        self.bus.settle();
    }

    /// The configuration this core was opened with.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The data directory.
    pub fn data_dir(&self) -> &Path {
        &self.config.data_dir
    }

    /// The store, for tests and benches that compose their own transactions.
    #[cfg(any(test, feature = "testing"))]
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Projects: the repositories anpm plans and dispatches for.
    pub fn projects(&self) -> Projects<'_> {
        Projects { core: self }
    }

    /// Requirements: what the operator wants, before planning.
    pub fn requirements(&self) -> Requirements<'_> {
        Requirements { core: self }
    }

    /// Planning runs, their context and the model provider.
    pub fn planning(&self) -> Planning<'_> {
        Planning { core: self }
    }

    /// Planning candidates: review, role suggestion, apply.
    pub fn candidates(&self) -> Candidates<'_> {
        Candidates { core: self }
    }

    /// The backlog of each project.
    pub fn backlog(&self) -> Backlog<'_> {
        Backlog { core: self }
    }

    /// Tasks, their dispatch (cancel, requeue), attempts, logs and live output.
    pub fn tasks(&self) -> Tasks<'_> {
        Tasks { core: self }
    }

    /// The review gate: a task's diff, merge, follow-up, discard, and its workspace.
    pub fn review(&self) -> Review<'_> {
        Review { core: self }
    }

    /// Every task workspace: list (reconciled with disk) and prune.
    pub fn workspaces(&self) -> Workspaces<'_> {
        Workspaces { core: self }
    }

    /// The dispatch loop and the role catalog.
    pub fn dispatch(&self) -> Dispatch<'_> {
        Dispatch { core: self }
    }

    /// Agent profiles, their defaults per role and project, and their health probe.
    pub fn agents(&self) -> Agents<'_> {
        Agents { core: self }
    }

    /// Settings.
    pub fn settings(&self) -> Settings<'_> {
        Settings { core: self }
    }

    /// What every runner of this process is doing, live.
    pub fn activity(&self) -> ActivityFeed<'_> {
        ActivityFeed { core: self }
    }

    /// The documents registry: discovery, links, mark as updated, previews.
    pub fn documents(&self) -> Documents<'_> {
        Documents { core: self }
    }

    /// Git sync runs: scan history, keep documents in step, raise drift.
    pub fn sync_runs(&self) -> SyncRuns<'_> {
        SyncRuns { core: self }
    }

    /// Drift signals and their triage.
    pub fn drift(&self) -> Drift<'_> {
        Drift { core: self }
    }

    /// Full-text search over tasks, backlog items, requirements, candidates and documents.
    pub fn search(&self) -> Search<'_> {
        Search { core: self }
    }

    /// The notification history.
    pub fn notifications(&self) -> Notifications<'_> {
        Notifications { core: self }
    }

    /// Task dependencies and queueing a whole plan.
    pub fn dependencies(&self) -> Dependencies<'_> {
        Dependencies { core: self }
    }

    /// Cost and token roll-ups, and the budgets in force.
    pub fn usage(&self) -> Usage<'_> {
        Usage { core: self }
    }

    /// Exporting a project into one archive file, and importing one.
    pub fn archive(&self) -> Archive<'_> {
        Archive { core: self }
    }

    /// The audit ledger: entries about an entity, and an agent's own.
    pub fn audit(&self) -> Audit<'_> {
        Audit { core: self }
    }
}

/// Declares an area handle: a borrowed view of [`Core`] whose methods are one area's operations.
macro_rules! area {
    ($($(#[$doc:meta])* $name:ident;)+) => {$(
        $(#[$doc])*
        #[derive(Debug, Clone, Copy)]
        pub struct $name<'c> {
            core: &'c Core,
        }
    )+};
}

area! {
    /// Project operations ([`Core::projects`]).
    Projects;
    /// Requirement operations ([`Core::requirements`]).
    Requirements;
    /// Planning operations ([`Core::planning`]).
    Planning;
    /// Candidate operations ([`Core::candidates`]).
    Candidates;
    /// Backlog operations ([`Core::backlog`]).
    Backlog;
    /// Task operations ([`Core::tasks`]).
    Tasks;
    /// Task dependencies and "Run this plan" ([`Core::dependencies`]).
    Dependencies;
    /// Cost and token roll-ups ([`Core::usage`]).
    Usage;
    /// Project export and import ([`Core::archive`]).
    Archive;
    /// The audit ledger ([`Core::audit`]).
    Audit;
    /// Dispatch loop operations ([`Core::dispatch`]).
    Dispatch;
    /// Agent profile operations ([`Core::agents`]).
    Agents;
    /// Setting operations ([`Core::settings`]).
    Settings;
    /// Live activity ([`Core::activity`]).
    ActivityFeed;
    /// Review operations ([`Core::review`]).
    Review;
    /// Workspace operations ([`Core::workspaces`]).
    Workspaces;
    /// Document operations ([`Core::documents`]).
    Documents;
    /// Sync run operations ([`Core::sync_runs`]).
    SyncRuns;
    /// Drift signal operations ([`Core::drift`]).
    Drift;
    /// Search ([`Core::search`]).
    Search;
    /// Notification history ([`Core::notifications`]).
    Notifications;
}
