//! Clap definitions of every subcommand. An operation's fields are the core's raw-input structs, flattened
//! here as the desktop shell receives them; values arrive as raw strings and are parsed by the domain, so
//! every bad value gets the domain's error code and message.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::api::{
    RawAgentProfile, RawBacklogFilter, RawBacklogItem, RawBacklogItemPatch, RawCandidatePatch,
    RawPlanningRun, RawRequirement, RawRequirementPatch, RawTask, RawTaskFilter, RawTaskPatch,
};

/// anpm: plan requirements into backlog work and dispatch it to AI coding agents.
///
/// Without a subcommand, opens the desktop window.
#[derive(Debug, Parser)]
#[command(name = "anpm", version, propagate_version = true, max_term_width = 110)]
pub struct Cli {
    /// Data directory (default: $ANPM_DATA_DIR, else the platform data dir, e.g. ~/.local/share/anpm).
    #[arg(long, global = true, env = "ANPM_DATA_DIR", value_name = "DIR")]
    pub data_dir: Option<PathBuf>,

    /// Print one JSON value on stdout (errors as JSON on stderr).
    #[arg(long, global = true)]
    pub json: bool,

    #[command(subcommand)]
    pub command: Option<Command>,

    /// The `anpm` executable dispatch hands agents as their MCP server: set by the binary from its own
    /// path, never parsed (see `Config::mcp_command`).
    #[arg(skip)]
    pub mcp_command: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Register and manage repositories.
    #[command(subcommand)]
    Project(ProjectCommand),
    /// Write and manage requirements.
    #[command(subcommand, name = "req")]
    Requirement(RequirementCommand),
    /// Shape the backlog and commit items to tasks.
    #[command(subcommand)]
    Backlog(BacklogCommand),
    /// Manage committed tasks.
    #[command(subcommand)]
    Task(TaskCommand),
    /// Plan requirements into ranked backlog candidates.
    #[command(subcommand)]
    Plan(PlanCommand),
    /// Review planning candidates and apply them into tasks.
    #[command(subcommand)]
    Candidate(CandidateCommand),
    /// Read and change settings.
    #[command(subcommand)]
    Settings(SettingsCommand),
    /// Task, backlog, review and planning counts, and the health score.
    Dashboard {
        /// One project (default: every project).
        #[arg(long)]
        project: Option<String>,
    },
    /// List the execution roles tasks can be dispatched as.
    Roles,
    /// Run queued tasks through agent CLIs.
    #[command(subcommand)]
    Dispatch(DispatchCommand),
    /// Manage agent profiles (which CLI runs tasks, and how).
    #[command(subcommand)]
    Agent(AgentCommand),
    /// Task worktrees: list them, prune merged and empty ones.
    #[command(subcommand)]
    Workspace(WorkspaceCommand),
    /// The project's documents: discovered and added by hand, their links, previews.
    #[command(subcommand)]
    Doc(super::args_knowledge::DocCommand),
    /// Scan a project's git history for changes that make documents drift.
    #[command(subcommand)]
    Sync(super::args_knowledge::SyncCommand),
    /// Documentation drift signals and their triage.
    #[command(subcommand)]
    Drift(super::args_knowledge::DriftCommand),
    /// Search tasks, backlog items, requirements, candidates and documents.
    Search {
        /// Words to find (each also matches as a prefix; all must appear).
        query: String,
        #[arg(long)]
        project: Option<String>,
        /// Kinds to search (repeat or comma-separate; default: all).
        #[arg(long = "type", value_delimiter = ',', help = crate::api::SearchKind::CHOICES)]
        kinds: Vec<String>,
    },
    /// The notification history.
    #[command(subcommand)]
    Notifications(super::args_knowledge::NotificationCommand),
    /// Write everything a project holds into one JSON archive (docs/archive-format.md).
    Export {
        #[arg(long)]
        project: String,
        /// The archive file to write.
        #[arg(long)]
        out: std::path::PathBuf,
        /// Carry each attempt's captured output too.
        #[arg(long)]
        with_logs: bool,
    },
    /// Restore a project from an archive; nothing is written unless all of it can be.
    Import {
        file: std::path::PathBuf,
        /// Point the restored project at this repository instead of the one it was exported from.
        #[arg(long)]
        into_new_project: Option<std::path::PathBuf>,
    },
    /// Serve the Model Context Protocol on stdin/stdout, so an agent can read and update the backlog
    /// (docs/mcp.md). With --project every tool works in that project only.
    Mcp {
        #[arg(long)]
        project: Option<String>,
        /// The task the agent runs (dispatch passes it): the default of get_task and report_progress.
        #[arg(long)]
        task: Option<String>,
        /// Who the agent's writes are attributed to in the audit ledger.
        #[arg(long, default_value = "mcp-agent")]
        agent: String,
    },
    /// What agents cost: cost and tokens rolled up, and the budgets in force (budget.* settings).
    Usage {
        /// One project (default: every project).
        #[arg(long)]
        project: Option<String>,
        /// How to group the attempts.
        #[arg(long, default_value = "day", help = crate::api::UsageGroup::CHOICES)]
        by: String,
    },
    /// What each runner is doing.
    Activity {
        /// Keep printing changes until interrupted.
        #[arg(long)]
        follow: bool,
    },
    /// anpm's own log: one file a day in <data dir>/logs, secrets masked; the level comes from ANPM_LOG.
    Logs {
        /// Keep printing new lines until interrupted.
        #[arg(long)]
        follow: bool,
        /// Only lines from then on: a time back from now (`90s`, `30m`, `2h`, `1d`) or a UTC time
        /// (`2026-12-02T05:40`).
        #[arg(long, value_name = "WHEN")]
        since: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum DispatchCommand {
    /// The loop's settings, the queue and the running tasks.
    Status,
    /// Stop claiming new tasks (running ones continue).
    Pause,
    /// Claim queued tasks again.
    Resume,
    /// Run the next queued task now (even when paused or at capacity).
    Next {
        /// Run it in this process and wait for it to end (refused while another process runs the loop).
        #[arg(long)]
        wait: bool,
    },
    /// Run the dispatch loop in the foreground until Ctrl-C.
    Serve {
        /// How many agents may run at once (saved as the dispatch.concurrency setting).
        #[arg(long)]
        concurrency: Option<usize>,
    },
}

#[derive(Debug, Subcommand)]
pub enum AgentCommand {
    /// Add a profile.
    Add {
        #[command(flatten)]
        input: RawAgentProfile,
    },
    /// List profiles.
    List,
    /// Show one profile.
    Show { name: String },
    /// Change a profile.
    Edit {
        name: String,
        #[arg(long)]
        command: Option<String>,
        /// Replace the extra arguments (repeat for several).
        #[arg(long = "arg", allow_hyphen_values = true)]
        args: Vec<String>,
        /// Remove every extra argument.
        #[arg(long)]
        clear_args: bool,
        #[arg(long, help = crate::api::OutputFormat::CHOICES)]
        format: Option<String>,
        #[arg(long)]
        model: Option<String>,
        /// true | false
        #[arg(long)]
        default: Option<bool>,
        /// What the agent may do in its workspace: `edit` files, or `full` (also run commands).
        #[arg(long, help = crate::api::Permissions::CHOICES)]
        permissions: Option<String>,
    },
    /// Remove a profile.
    Remove { name: String },
    /// Make a profile the default for one role or one project (tasks naming no profile use it).
    Use {
        /// The profile; omit it with --clear.
        name: Option<String>,
        /// A task role (see `anpm roles`).
        #[arg(long, conflicts_with = "project", required_unless_present = "project")]
        role: Option<String>,
        #[arg(long)]
        project: Option<String>,
        /// Remove that role's or project's default instead.
        #[arg(long)]
        clear: bool,
    },
    /// Check that the CLI answers `--version` and a one-word probe.
    Test { name: String },
    /// Which agent CLIs (claude, codex, gemini, opencode) are on PATH, and the profiles using each.
    Detect,
    /// Which agent a task of this project (and role) would run with, and whether it can start; exits
    /// non-zero when it cannot.
    Which {
        #[arg(long)]
        project: String,
        #[arg(long)]
        role: Option<String>,
        /// A profile the task would name itself.
        #[arg(long)]
        agent: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum PlanCommand {
    /// Start a planning run for a requirement.
    Run {
        /// The requirement to plan.
        #[arg(long = "req")]
        requirement: String,
        #[command(flatten)]
        input: RawPlanningRun,
        /// Execute the run now, in this process, and print its candidates.
        #[arg(long)]
        wait: bool,
    },
    /// List planning runs, newest first.
    List {
        #[arg(long = "req")]
        requirement: Option<String>,
        #[arg(long)]
        project: Option<String>,
        #[arg(long, help = crate::api::PlanningRunStatus::CHOICES)]
        status: Option<String>,
    },
    /// Show a run with its candidates and quality summary.
    Show { id: String },
    /// Cancel a queued or running run.
    Cancel { id: String },
    /// "Run this plan": queue every task applied from a requirement's candidates, in dependency order.
    Queue {
        #[arg(long = "req")]
        requirement: String,
    },
    /// Show the context a run was planned against.
    Context {
        id: String,
        /// Print the stored context.v2 JSON as it is.
        #[arg(long)]
        raw: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum CandidateCommand {
    /// List candidates.
    List {
        /// Candidates of one planning run.
        #[arg(long)]
        run: Option<String>,
        #[arg(long)]
        project: Option<String>,
        #[arg(long, help = crate::api::CandidateStatus::CHOICES)]
        status: Option<String>,
        #[command(flatten)]
        page: crate::api::RawPage,
    },
    /// Show one candidate with its evidence.
    Show { id: String },
    /// Review a candidate: edit, approve or reject, give feedback, set its execution role.
    Update {
        id: String,
        #[command(flatten)]
        patch: RawCandidatePatch,
    },
    /// Ask the role router which execution role fits (advisory; nothing is stored).
    SuggestRole { id: String },
    /// Apply an approved candidate into a task (idempotent).
    Apply {
        id: String,
        /// Queue the task for dispatch as this execution role.
        #[arg(long)]
        role: Option<String>,
        /// Approve the candidate first (approve and apply in one step).
        #[arg(long)]
        approve: bool,
        /// The agent profile that runs the task.
        #[arg(long)]
        agent: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum SettingsCommand {
    /// Show every setting, or one.
    Get { key: Option<String> },
    /// Change a setting (validated).
    Set { key: String, value: String },
    /// Return a setting to its default.
    Unset { key: String },
    /// Store the model provider's API key in the OS keyring, read from the first line of standard input
    /// (so it never lands in shell history).
    SetKey,
    /// Remove the provider's API key from the OS keyring.
    ClearKey,
    /// Show where the provider's API key comes from (never the key).
    Key,
}

#[derive(Debug, Subcommand)]
pub enum ProjectCommand {
    /// Register the git work tree containing PATH.
    Add {
        path: PathBuf,
        #[arg(long)]
        name: Option<String>,
        #[arg(long)]
        description: Option<String>,
    },
    /// List projects.
    List,
    /// Show one project.
    Show { id: String },
    /// Remove a project and all anpm data for it (the repository itself is not touched).
    Remove { id: String },
    /// Change where the project's agents work (applies to attempts that start afterwards).
    Edit {
        id: String,
        /// `worktree` (each task in its own git worktree, merged after review) or `in-place` (agents edit
        /// your checkout directly; nothing isolates or reviews their changes).
        #[arg(long, help = crate::api::WorkspaceMode::CHOICES)]
        workspace_mode: Option<String>,
        /// The branch task branches are cut from and merged into ("" = the default branch).
        #[arg(long)]
        base_branch: Option<String>,
        /// A file or glob copied from your checkout into each new worktree, e.g. `.env` (repeat for several).
        #[arg(long)]
        setup_copy: Vec<String>,
        /// Copy nothing into new worktrees.
        #[arg(long)]
        clear_setup_copy: bool,
        /// A shell command run in each new worktree before its first agent, e.g. `npm ci` ("" = none).
        #[arg(long)]
        setup_command: Option<String>,
        /// `true`: a task starts as soon as the tasks it depends on are in review, on a branch cut from
        /// their head (review the whole stack at the end); `false` (the default): it waits for their merge.
        #[arg(long, value_name = "true|false")]
        stack_on_review: Option<bool>,
    },
}

#[derive(Debug, Subcommand)]
pub enum WorkspaceCommand {
    /// The task worktrees anpm made (reconciled with disk), and folders nothing names.
    List {
        #[arg(long)]
        project: Option<String>,
        /// Also those already removed (merged, discarded, pruned).
        #[arg(long)]
        all: bool,
        /// Only folders under the data directory that no workspace names.
        #[arg(long)]
        orphans: bool,
    },
    /// Remove worktrees whose branch is merged or holds no change; report what is kept and why.
    Prune {
        #[arg(long)]
        project: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum RequirementCommand {
    /// Add a draft requirement.
    Add {
        #[arg(long)]
        project: String,
        #[command(flatten)]
        input: RawRequirement,
    },
    /// List requirements (archived ones only with --all or --status archived).
    List {
        #[arg(long)]
        project: Option<String>,
        #[arg(long, help = crate::api::RequirementStatus::CHOICES)]
        status: Option<String>,
        /// Include archived requirements.
        #[arg(long)]
        all: bool,
    },
    /// Show one requirement.
    Show { id: String },
    /// Edit a requirement's texts or status.
    Edit {
        id: String,
        #[command(flatten)]
        patch: RawRequirementPatch,
    },
    /// Archive a requirement.
    Archive { id: String },
    /// Delete a requirement that produced no work (otherwise archive it).
    Delete { id: String },
}

#[derive(Debug, Subcommand)]
pub enum BacklogCommand {
    /// Add an item to a project's backlog.
    Add {
        #[arg(long)]
        project: String,
        #[command(flatten)]
        input: RawBacklogItem,
    },
    /// List a project's backlog.
    List {
        #[arg(long)]
        project: String,
        #[command(flatten)]
        filter: RawBacklogFilter,
    },
    /// Show one item.
    Show { id: String },
    /// The items this one comes after; `--add` / `--remove` change them (same project, no cycles). They
    /// become task dependencies as the items are committed.
    Deps {
        id: String,
        /// An item this one comes after (repeat for several).
        #[arg(long)]
        add: Vec<String>,
        /// A dependency to drop (repeat for several).
        #[arg(long)]
        remove: Vec<String>,
    },
    /// Edit an item (a committed item keeps its title, description and priority).
    Edit {
        id: String,
        #[command(flatten)]
        patch: RawBacklogItemPatch,
    },
    /// Commit an item to a task (idempotent).
    Commit {
        id: String,
        /// Queue the task for dispatch as this execution role.
        #[arg(long)]
        role: Option<String>,
        /// The agent profile that runs the task.
        #[arg(long)]
        agent: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum TaskCommand {
    /// Add a task.
    Add {
        #[arg(long)]
        project: String,
        #[command(flatten)]
        input: RawTask,
    },
    /// List tasks.
    List {
        #[command(flatten)]
        filter: RawTaskFilter,
    },
    /// Show one task with its lineage and dependencies.
    Show { id: String },
    /// The tasks this one waits for; `--add` / `--remove` change them (same project, no cycles).
    Deps {
        id: String,
        /// A task this one must wait for (repeat for several).
        #[arg(long)]
        add: Vec<String>,
        /// A dependency to drop (repeat for several).
        #[arg(long)]
        remove: Vec<String>,
    },
    /// Edit one task.
    Edit {
        id: String,
        #[command(flatten)]
        patch: RawTaskPatch,
    },
    /// Queue a task for an agent: give it a role and agent first if asked. A never-run, failed or cancelled
    /// task starts a new attempt; a completed one runs again through `task followup`.
    Run {
        id: String,
        /// The execution role to run it as (see `anpm roles`).
        #[arg(long)]
        role: Option<String>,
        /// The agent profile to run it with, by name.
        #[arg(long)]
        agent: Option<String>,
        /// Start it at once, even while dispatch is paused: the running loop is asked to, or it runs here
        /// when no loop runs.
        #[arg(long)]
        now: bool,
    },
    /// Cancel a queued or running dispatch (the agent's process group is stopped).
    Cancel { id: String },
    /// Queue a failed or cancelled task again (its attempts are kept).
    Requeue {
        id: String,
        /// Run it with this agent profile.
        #[arg(long)]
        agent: Option<String>,
    },
    /// What the task's branch changes against its base (the merge base).
    Diff {
        id: String,
        /// Files and line counts only.
        #[arg(long)]
        stat: bool,
    },
    /// Merge the task's branch into its base branch; the task is then done and its worktree removed.
    Merge {
        id: String,
        #[arg(long, default_value = "merge", help = crate::api::MergeStrategy::CHOICES)]
        strategy: String,
    },
    /// Send review feedback back to the agent: the task runs again in the same workspace.
    Followup {
        id: String,
        #[arg(long)]
        message: String,
    },
    /// Let the task's work go: remove its worktree and keep its branch.
    Discard {
        id: String,
        /// Delete the branch too.
        #[arg(long)]
        delete_branch: bool,
        /// With --delete-branch: delete it even with commits merged nowhere (the work is lost).
        #[arg(long)]
        force: bool,
    },
    /// Where the task's worktree is: folder, branch, base, head, disk use.
    Workspace { id: String },
    /// The dispatch attempts of a task, first first (`--after N` continues after attempt N).
    Attempts {
        id: String,
        #[command(flatten)]
        page: crate::api::RawPage,
    },
    /// The captured output of an attempt (the latest by default).
    Log {
        id: String,
        #[arg(long)]
        attempt: Option<i64>,
    },
    /// Change status, priority or assignee of 1–100 tasks at once (all or nothing).
    BatchEdit {
        /// Task ids, comma-separated or repeated.
        #[arg(long = "ids", value_delimiter = ',', required = true, num_args = 1..)]
        ids: Vec<String>,
        #[arg(long, help = crate::api::TaskStatus::CHOICES)]
        status: Option<String>,
        #[arg(long, help = crate::api::Priority::CHOICES)]
        priority: Option<String>,
        #[arg(long)]
        assignee: Option<String>,
    },
}
