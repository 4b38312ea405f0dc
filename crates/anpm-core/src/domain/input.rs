//! Raw input: each operation's fields exactly as a person or a webview sends them, declared once for every
//! shell. The CLI flattens these structs into its subcommands (clap), the desktop shell receives them as
//! command arguments (serde), and the UI gets their TypeScript declarations (ts-rs) with enum fields typed
//! as the domain's unions. Values stay strings here so that a bad one is refused by the domain's own parser,
//! with the domain's error code and message, whichever shell it came through; `parse` turns each into the
//! validated input its operation takes.

use serde::Deserialize;
use ts_rs::TS;

use super::{
    normalize_labels, AgentKind, BacklogItemPatch, BacklogItemSource, BacklogItemStatus,
    BacklogSort, CandidatePatch, DispatchStatus, NewAgentProfile, NewBacklogItem, NewRequirement,
    NewTask, PlanningTemplate, Priority, ProjectId, RequirementPatch, RequirementStatus, Stage,
    TaskPatch, TaskSort, TaskStatus,
};
use crate::{Error, Result};

/// Parses an optional raw value with the domain's parser.
fn opt<T: std::str::FromStr<Err = Error>>(raw: Option<&str>) -> Result<Option<T>> {
    raw.map(str::parse).transpose()
}

/// A new requirement (`req add`, `add_requirement`).
#[derive(Debug, Clone, Default, PartialEq, Deserialize, TS, clap::Args)]
#[serde(rename_all = "camelCase", default)]
pub struct RawRequirement {
    #[arg(long)]
    pub title: String,
    #[arg(long)]
    #[ts(optional = nullable)]
    pub summary: Option<String>,
    #[arg(long)]
    #[ts(optional = nullable)]
    pub description: Option<String>,
    #[arg(long)]
    #[ts(optional = nullable)]
    pub audience: Option<String>,
    /// Success criteria.
    #[arg(long = "success")]
    #[ts(optional = nullable)]
    pub success_criteria: Option<String>,
}

impl RawRequirement {
    pub fn parse(self) -> Result<NewRequirement> {
        NewRequirement::new(
            &self.title,
            self.summary.as_deref(),
            self.description.as_deref(),
            self.audience.as_deref(),
            self.success_criteria.as_deref(),
        )
    }
}

/// Changes to a requirement (`req edit`, `edit_requirement`); absent fields stay as they are.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, TS, clap::Args)]
#[serde(rename_all = "camelCase", default)]
pub struct RawRequirementPatch {
    #[arg(long)]
    #[ts(optional = nullable)]
    pub title: Option<String>,
    #[arg(long)]
    #[ts(optional = nullable)]
    pub summary: Option<String>,
    #[arg(long)]
    #[ts(optional = nullable)]
    pub description: Option<String>,
    #[arg(long)]
    #[ts(optional = nullable)]
    pub audience: Option<String>,
    /// Success criteria.
    #[arg(long = "success")]
    #[ts(optional = nullable)]
    pub success_criteria: Option<String>,
    #[arg(long, help = RequirementStatus::CHOICES)]
    #[ts(optional = nullable, type = "RequirementStatus")]
    pub status: Option<String>,
}

impl RawRequirementPatch {
    pub fn parse(self) -> Result<RequirementPatch> {
        Ok(RequirementPatch {
            status: opt(self.status.as_deref())?,
            title: self.title,
            summary: self.summary,
            description: self.description,
            audience: self.audience,
            success_criteria: self.success_criteria,
        })
    }
}

/// The fields of a backlog item that `backlog add` and `backlog edit` share.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, TS, clap::Args)]
#[serde(rename_all = "camelCase", default)]
pub struct RawBacklogFields {
    #[arg(long)]
    #[ts(optional = nullable)]
    pub description: Option<String>,
    #[arg(long, help = BacklogItemStatus::CHOICES)]
    #[ts(optional = nullable, type = "BacklogItemStatus")]
    pub status: Option<String>,
    #[arg(long, help = Priority::CHOICES)]
    #[ts(optional = nullable, type = "Priority")]
    pub priority: Option<String>,
    /// Position in the backlog (lower comes first).
    #[arg(long, allow_negative_numbers = true)]
    #[ts(optional = nullable)]
    pub rank: Option<i64>,
    /// Labels, comma-separated or repeated.
    #[arg(long = "label", value_delimiter = ',')]
    pub labels: Vec<String>,
    #[arg(long = "acceptance")]
    #[ts(optional = nullable)]
    pub acceptance_criteria: Option<String>,
    #[arg(long)]
    #[ts(optional = nullable)]
    pub blocked_reason: Option<String>,
}

/// A new backlog item (`backlog add`, `add_backlog_item`).
#[derive(Debug, Clone, Default, PartialEq, Deserialize, TS, clap::Args)]
#[serde(rename_all = "camelCase", default)]
pub struct RawBacklogItem {
    #[arg(long)]
    pub title: String,
    /// The requirement this item serves.
    #[arg(long)]
    #[ts(optional = nullable)]
    pub requirement: Option<String>,
    #[command(flatten)]
    #[serde(flatten)]
    #[ts(flatten)]
    pub fields: RawBacklogFields,
}

impl RawBacklogItem {
    /// Validates the item. A new item may start in any status except `committed`.
    pub fn parse(self) -> Result<NewBacklogItem> {
        let f = self.fields;
        let status = opt(f.status.as_deref())?.unwrap_or(BacklogItemStatus::Triage);
        if status == BacklogItemStatus::Committed {
            return Err(Error::invalid(
                "status",
                "`committed` is set by committing an item to a task, not on creation",
            ));
        }
        Ok(NewBacklogItem {
            title: super::text::title(&self.title)?,
            description: f.description.unwrap_or_default().trim().to_owned(),
            status,
            priority: opt(f.priority.as_deref())?.unwrap_or_default(),
            source: BacklogItemSource::Human,
            rank: f.rank,
            labels: normalize_labels(&f.labels)?,
            acceptance_criteria: f.acceptance_criteria.unwrap_or_default().trim().to_owned(),
            blocked_reason: f.blocked_reason.unwrap_or_default().trim().to_owned(),
            requirement_id: opt(self.requirement.as_deref())?,
        })
    }
}

/// Changes to a backlog item (`backlog edit`, `edit_backlog_item`); absent fields stay as they are.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, TS, clap::Args)]
#[serde(rename_all = "camelCase", default)]
pub struct RawBacklogItemPatch {
    #[arg(long)]
    #[ts(optional = nullable)]
    pub title: Option<String>,
    /// Remove every label (before any --label given).
    #[arg(long)]
    pub clear_labels: bool,
    #[command(flatten)]
    #[serde(flatten)]
    #[ts(flatten)]
    pub fields: RawBacklogFields,
}

impl RawBacklogItemPatch {
    pub fn parse(self) -> Result<BacklogItemPatch> {
        let f = self.fields;
        let labels = (self.clear_labels || !f.labels.is_empty()).then_some(f.labels);
        Ok(BacklogItemPatch {
            title: self.title,
            description: f.description,
            status: opt(f.status.as_deref())?,
            priority: opt(f.priority.as_deref())?,
            rank: f.rank,
            labels,
            acceptance_criteria: f.acceptance_criteria,
            blocked_reason: f.blocked_reason,
        })
    }
}

/// Which backlog items to list (`backlog list`, `list_backlog`).
#[derive(Debug, Clone, Default, PartialEq, Deserialize, TS, clap::Args)]
#[serde(rename_all = "camelCase", default)]
pub struct RawBacklogFilter {
    #[arg(long, help = BacklogItemStatus::CHOICES)]
    #[ts(optional = nullable, type = "BacklogItemStatus")]
    pub status: Option<String>,
    #[arg(long, help = Priority::CHOICES)]
    #[ts(optional = nullable, type = "Priority")]
    pub priority: Option<String>,
    #[arg(long)]
    #[ts(optional = nullable)]
    pub label: Option<String>,
    /// Text to look for in titles and descriptions.
    #[arg(long = "q", visible_alias = "text")]
    #[ts(optional = nullable)]
    pub text: Option<String>,
    /// Include archived items.
    #[arg(long = "archived")]
    pub include_archived: bool,
    #[arg(long, help = BacklogSort::CHOICES)]
    #[ts(optional = nullable, type = "BacklogSort")]
    pub sort: Option<String>,
    #[command(flatten)]
    #[serde(flatten)]
    #[ts(flatten)]
    pub page: RawPage,
}

/// Which page of a listing (`--limit N`, `--after ID`, `--all`).
#[derive(Debug, Clone, Default, PartialEq, Deserialize, TS, clap::Args)]
#[serde(rename_all = "camelCase", default)]
pub struct RawPage {
    /// At most this many items (default 200).
    #[arg(long)]
    #[ts(optional = nullable)]
    pub limit: Option<u32>,
    /// Continue after this item, in the listing's order.
    #[arg(long)]
    #[ts(optional = nullable)]
    pub after: Option<String>,
    /// Every item, however many.
    #[arg(long)]
    pub all: bool,
}

impl RawPage {
    /// The validated page, its cursor parsed as the listing's id type.
    pub fn parse<Id: std::str::FromStr<Err = Error>>(self) -> Result<super::Page<Id>> {
        super::Page::parse(self.limit, opt(self.after.as_deref())?, self.all)
    }
}

impl RawBacklogFilter {
    /// The store's filter for one project's backlog.
    pub fn parse(self, project_id: ProjectId) -> Result<super::BacklogFilter> {
        Ok(super::BacklogFilter {
            project_id,
            status: opt(self.status.as_deref())?,
            priority: opt(self.priority.as_deref())?,
            label: self.label,
            text: self.text,
            include_archived: self.include_archived,
            sort: opt(self.sort.as_deref())?.unwrap_or(BacklogSort::Rank),
            page: self.page.parse()?,
        })
    }
}

/// The fields of a task that `task add` and `task edit` share.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, TS, clap::Args)]
#[serde(rename_all = "camelCase", default)]
pub struct RawTaskFields {
    #[arg(long)]
    #[ts(optional = nullable)]
    pub description: Option<String>,
    #[arg(long, help = TaskStatus::CHOICES)]
    #[ts(optional = nullable, type = "TaskStatus")]
    pub status: Option<String>,
    #[arg(long, help = Priority::CHOICES)]
    #[ts(optional = nullable, type = "Priority")]
    pub priority: Option<String>,
    #[arg(long)]
    #[ts(optional = nullable)]
    pub assignee: Option<String>,
}

/// A task written by hand (`task add`, `add_task`).
#[derive(Debug, Clone, Default, PartialEq, Deserialize, TS, clap::Args)]
#[serde(rename_all = "camelCase", default)]
pub struct RawTask {
    #[arg(long)]
    pub title: String,
    /// Queue the task at once for this execution role (see `anpm roles`).
    #[arg(long)]
    #[ts(optional = nullable)]
    pub role: Option<String>,
    /// The agent profile that runs it, by name (default: the role's).
    #[arg(long)]
    #[ts(optional = nullable)]
    pub agent: Option<String>,
    #[command(flatten)]
    #[serde(flatten)]
    #[ts(flatten)]
    pub fields: RawTaskFields,
}

impl RawTask {
    pub fn parse(self) -> Result<NewTask> {
        let f = self.fields;
        let mut task = NewTask::new(
            &self.title,
            f.description.as_deref(),
            opt(f.status.as_deref())?,
            opt(f.priority.as_deref())?,
            f.assignee.as_deref(),
        )?;
        task.role = self.role.and_then(optional_name);
        task.agent = self.agent.and_then(optional_name);
        Ok(task)
    }
}

/// Changes to one task (`task edit`, `edit_task`) or to many at once (`task batch-edit`, whose title and
/// description stay unset); absent fields stay as they are.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, TS, clap::Args)]
#[serde(rename_all = "camelCase", default)]
pub struct RawTaskPatch {
    #[arg(long)]
    #[ts(optional = nullable)]
    pub title: Option<String>,
    /// The execution role an agent runs the task as ("" clears it).
    #[arg(long)]
    #[ts(optional = nullable)]
    pub role: Option<String>,
    /// The agent profile that runs the task, by name ("" = the default for its role).
    #[arg(long)]
    #[ts(optional = nullable)]
    pub agent: Option<String>,
    #[command(flatten)]
    #[serde(flatten)]
    #[ts(flatten)]
    pub fields: RawTaskFields,
}

impl RawTaskPatch {
    pub fn parse(self) -> Result<TaskPatch> {
        let f = self.fields;
        Ok(TaskPatch {
            status: opt(f.status.as_deref())?,
            priority: opt(f.priority.as_deref())?,
            title: self.title,
            description: f.description,
            assignee: f.assignee,
            role: self.role.map(optional_name),
            agent: self.agent.map(optional_name),
        })
    }
}

/// A name where an empty one means "none".
fn optional_name(raw: String) -> Option<String> {
    let name = raw.trim();
    (!name.is_empty()).then(|| name.to_owned())
}

/// Which tasks to list (`task list`, `list_tasks`).
#[derive(Debug, Clone, Default, PartialEq, Deserialize, TS, clap::Args)]
#[serde(rename_all = "camelCase", default)]
pub struct RawTaskFilter {
    #[arg(long = "project")]
    #[ts(optional = nullable)]
    pub project_id: Option<String>,
    #[arg(long, help = TaskStatus::CHOICES)]
    #[ts(optional = nullable, type = "TaskStatus")]
    pub status: Option<String>,
    #[arg(long, help = Priority::CHOICES)]
    #[ts(optional = nullable, type = "Priority")]
    pub priority: Option<String>,
    #[arg(long)]
    #[ts(optional = nullable)]
    pub assignee: Option<String>,
    #[arg(long, help = DispatchStatus::CHOICES)]
    #[ts(optional = nullable, type = "DispatchStatus")]
    pub dispatch_status: Option<String>,
    /// Where the tasks stand in their lifecycle (a board column).
    #[arg(long, help = Stage::CHOICES)]
    #[ts(optional = nullable, type = "Stage")]
    pub stage: Option<String>,
    #[arg(long = "q", visible_alias = "text")]
    #[ts(optional = nullable)]
    pub text: Option<String>,
    #[arg(long, help = TaskSort::CHOICES)]
    #[ts(optional = nullable, type = "TaskSort")]
    pub sort: Option<String>,
    #[command(flatten)]
    #[serde(flatten)]
    #[ts(flatten)]
    pub page: RawPage,
}

impl RawTaskFilter {
    pub fn parse(self) -> Result<super::TaskFilter> {
        Ok(super::TaskFilter {
            project_id: opt(self.project_id.as_deref())?,
            status: opt(self.status.as_deref())?,
            priority: opt(self.priority.as_deref())?,
            assignee: self.assignee,
            dispatch_status: opt(self.dispatch_status.as_deref())?,
            stage: opt(self.stage.as_deref())?,
            text: self.text,
            sort: opt(self.sort.as_deref())?.unwrap_or_default(),
            page: self.page.parse()?,
        })
    }
}

/// A review of a planning candidate (`candidate update`, `update_candidate`).
#[derive(Debug, Clone, Default, PartialEq, Deserialize, TS, clap::Args)]
#[serde(rename_all = "camelCase", default)]
pub struct RawCandidatePatch {
    #[arg(long)]
    #[ts(optional = nullable)]
    pub title: Option<String>,
    #[arg(long)]
    #[ts(optional = nullable)]
    pub description: Option<String>,
    #[arg(long, help = "draft | approved | rejected")]
    #[ts(optional = nullable, type = "CandidateStatus")]
    pub status: Option<String>,
    /// An execution role id (see `anpm roles`); an empty string clears it.
    #[arg(long = "role")]
    #[ts(optional = nullable)]
    pub execution_role: Option<String>,
    #[arg(long = "feedback", help = super::FeedbackKind::CHOICES)]
    #[ts(optional = nullable, type = "FeedbackKind | \"\"")]
    pub feedback_kind: Option<String>,
    #[arg(long = "note")]
    #[ts(optional = nullable)]
    pub feedback_note: Option<String>,
}

impl RawCandidatePatch {
    pub fn parse(self) -> Result<CandidatePatch> {
        Ok(CandidatePatch {
            status: opt(self.status.as_deref())?,
            title: self.title,
            description: self.description,
            execution_role: self.execution_role,
            feedback_kind: self.feedback_kind,
            feedback_note: self.feedback_note,
        })
    }
}

/// How a planning run is started (`plan run`, `start_planning_run`).
#[derive(Debug, Clone, Default, PartialEq, Deserialize, TS, clap::Args)]
#[serde(rename_all = "camelCase", default)]
pub struct RawPlanningRun {
    /// The planner (default: the planning.provider setting).
    #[arg(long, help = super::ProviderKind::CHOICES)]
    #[ts(optional = nullable, type = "ProviderKind")]
    pub provider: Option<String>,
    /// The prompt template (default: backlog).
    #[arg(long, help = PlanningTemplate::CHOICES)]
    #[ts(optional = nullable, type = "PlanningTemplate")]
    pub template: Option<String>,
}

impl RawPlanningRun {
    pub fn parse(self) -> Result<(Option<super::ProviderKind>, PlanningTemplate)> {
        Ok((
            opt(self.provider.as_deref())?,
            opt(self.template.as_deref())?.unwrap_or(PlanningTemplate::Backlog),
        ))
    }
}

/// A new agent profile (`agent add`, `add_agent`).
#[derive(Debug, Clone, Default, PartialEq, Deserialize, TS, clap::Args)]
#[serde(rename_all = "camelCase", default)]
pub struct RawAgentProfile {
    pub name: String,
    #[arg(long, help = AgentKind::CHOICES)]
    #[ts(type = "AgentKind")]
    pub kind: String,
    /// An absolute path or a name on PATH (default: the kind's CLI).
    #[arg(long)]
    #[ts(optional = nullable)]
    pub command: Option<String>,
    /// An extra argument (repeat for several); custom profiles may use {prompt_file}, {prompt}, {workdir}.
    #[arg(long = "arg", allow_hyphen_values = true)]
    pub args: Vec<String>,
    /// How its output is parsed (default by kind).
    #[arg(long = "format", help = super::OutputFormat::CHOICES)]
    #[ts(optional = nullable, type = "OutputFormat")]
    pub output_format: Option<String>,
    #[arg(long)]
    #[ts(optional = nullable)]
    pub model: Option<String>,
    /// Use this profile when a task names none.
    #[arg(long = "default")]
    pub is_default: bool,
    /// What the agent may do in its workspace: `edit` files (default) or `full` (also run commands).
    #[arg(long, help = super::Permissions::CHOICES)]
    #[ts(optional = nullable, type = "Permissions")]
    pub permissions: Option<String>,
}

impl RawAgentProfile {
    pub fn parse(self) -> Result<NewAgentProfile> {
        let permissions = opt(self.permissions.as_deref())?;
        let mut profile = NewAgentProfile::new(
            &self.name,
            self.kind.parse()?,
            self.command.as_deref(),
            self.args,
            opt(self.output_format.as_deref())?,
            self.model.as_deref(),
            self.is_default,
        )?;
        if let Some(permissions) = permissions {
            profile.permissions = permissions;
        }
        Ok(profile)
    }
}
