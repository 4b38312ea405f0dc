//! `anpm mcp`: the Model Context Protocol over stdio, through the official Rust SDK (`rmcp`), so an agent
//! can read and update anpm's backlog itself. A shell like the CLI and the window: each tool parses its
//! arguments, calls the core's public API off the async worker, and answers JSON. With `--project` every
//! tool is scoped to that project — an id of another project's task is refused as if it did not exist
//! there — and every write is also recorded in the audit ledger with the agent as its actor.

use std::sync::Arc;

use rmcp::model::{
    CallToolRequestParams, CallToolResponse, CallToolResult, ContentBlock, Implementation,
    JsonObject, ListToolsResult, PaginatedRequestParams, ServerCapabilities, ServerConfig, Tool,
};
use rmcp::service::RequestContext;
use rmcp::{ErrorData, RoleServer, ServerHandler, ServiceExt};
use serde_json::{json, Value};

use crate::api::*;
use crate::{Core, Error, Result};

/// The tools, with the JSON Schema of their arguments.
fn tools() -> Vec<Tool> {
    let schema = |properties: Value, required: &[&str]| -> JsonObject {
        match json!({ "type": "object", "properties": properties, "required": required }) {
            Value::Object(o) => o,
            _ => unreachable!("a JSON object literal"),
        }
    };
    let id = json!({ "type": "string", "description": "a task id (UUID)" });
    vec![
        Tool::new(
            "list_tasks",
            "List the project's tasks, most urgent first; optionally one lifecycle stage (todo, queued, running, in_review, done, failed, cancelled, blocked).",
            schema(json!({ "stage": { "type": "string" }, "limit": { "type": "integer", "minimum": 1, "maximum": 200 } }), &[]),
        ),
        Tool::new(
            "search",
            "Full-text search over the project's tasks, backlog items, requirements, candidates and documents.",
            schema(json!({ "query": { "type": "string" } }), &["query"]),
        ),
        Tool::new(
            "get_task",
            "Read one task with its requirement, dependencies, latest attempt and lineage; without task_id, the task you are running.",
            schema(json!({ "task_id": id }), &[]),
        ),
        Tool::new(
            "add_backlog_item",
            "Add an item to the project's backlog (work to shape later, not yet a task).",
            schema(
                json!({ "title": { "type": "string" }, "description": { "type": "string" }, "priority": { "type": "string", "enum": ["low", "medium", "high", "urgent"] } }),
                &["title"],
            ),
        ),
        Tool::new(
            "add_followup_task",
            "Add a follow-up task to the project; with after_task_id it waits for that task to be done.",
            schema(
                json!({ "title": { "type": "string" }, "description": { "type": "string" }, "after_task_id": id }),
                &["title"],
            ),
        ),
        Tool::new(
            "set_task_status",
            "Set a task's status: todo, in_progress, done or cancelled (refused when it contradicts the task's stage).",
            schema(json!({ "task_id": id, "status": { "type": "string", "enum": ["todo", "in_progress", "done", "cancelled"] } }), &["task_id", "status"]),
        ),
        Tool::new(
            "report_progress",
            "Tell the operator how the task you are working on is going (kept in the task's audit trail); task_id defaults to the task you are running.",
            schema(json!({ "task_id": id, "message": { "type": "string" } }), &["message"]),
        ),
    ]
}

/// Serves MCP on this process's stdin and stdout until the client closes them.
pub fn serve(
    core: Core,
    project: Option<ProjectId>,
    task: Option<TaskId>,
    agent: String,
) -> Result<()> {
    if let Some(id) = project {
        core.projects().get(id)?;
    }
    if let Some(id) = task {
        let detail = core.tasks().get(id)?;
        if project.is_some_and(|p| p != detail.task.project_id) {
            return Err(Error::invalid(
                "task",
                format!("task {id} belongs to another project than --project"),
            ));
        }
    }
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| Error::io("starting the MCP server", e))?;
    let server = McpServer { core: Arc::new(core), project, task, agent };
    runtime.block_on(async move {
        let running = server
            .serve(rmcp::transport::stdio())
            .await
            .map_err(|e| Error::Storage(format!("starting the MCP session: {e}")))?;
        running
            .waiting()
            .await
            .map_err(|e| Error::Storage(format!("the MCP session ended: {e}")))?;
        Ok(())
    })
}

#[derive(Clone)]
struct McpServer {
    core: Arc<Core>,
    project: Option<ProjectId>,
    /// The task the agent runs, when dispatch started the server for one: the default of the tools that
    /// take a task.
    task: Option<TaskId>,
    /// Who the writes are attributed to in the audit ledger.
    agent: String,
}

impl ServerHandler for McpServer {
    fn get_info(&self) -> ServerConfig {
        let mut scope = match self.project {
            Some(id) => format!(" Every tool works in project {id} only."),
            None => String::new(),
        };
        if let Some(id) = self.task {
            scope.push_str(&format!(" You are running task {id}."));
        }
        ServerConfig::new(ServerCapabilities::builder().enable_tools().build())
            .with_server_info(Implementation::new("anpm", env!("CARGO_PKG_VERSION")))
            .with_instructions(format!(
                "anpm's backlog and tasks: read tasks, search, add backlog items and follow-up tasks, set a task's status, report progress on your task.{scope}"
            ))
    }

    async fn list_tools(
        &self,
        _request: Option<PaginatedRequestParams>,
        _context: RequestContext<RoleServer>,
    ) -> std::result::Result<ListToolsResult, ErrorData> {
        Ok(ListToolsResult { tools: tools(), ..Default::default() })
    }

    async fn call_tool(
        &self,
        request: CallToolRequestParams,
        _context: RequestContext<RoleServer>,
    ) -> std::result::Result<CallToolResponse, ErrorData> {
        let name = request.name.to_string();
        if !tools().iter().any(|t| t.name == name) {
            return Err(ErrorData::invalid_params(format!("no tool named `{name}`"), None));
        }
        let args = request.arguments.unwrap_or_default();
        let server = self.clone();
        // The core is synchronous (SQLite): it runs off the async worker.
        let answer = tokio::task::spawn_blocking(move || server.call(&name, &args))
            .await
            .map_err(|e| ErrorData::internal_error(format!("the tool stopped: {e}"), None))?;
        // A refusal is the tool's answer (the agent reads it), not a protocol error.
        let result = match answer {
            Ok(value) => CallToolResult::success(vec![ContentBlock::text(value.to_string())]),
            Err(e) => CallToolResult::error(vec![ContentBlock::text(
                json!({ "error": { "code": e.code().as_str(), "message": e.to_string() } })
                    .to_string(),
            )]),
        };
        Ok(CallToolResponse::Complete(result))
    }
}

impl McpServer {
    fn call(&self, name: &str, args: &JsonObject) -> Result<Value> {
        let text = |key: &str| args.get(key).and_then(Value::as_str).map(str::to_owned);
        let required = |key: &str| {
            text(key).ok_or_else(|| Error::invalid("arguments", format!("`{key}` is required")))
        };
        match name {
            "list_tasks" => {
                let mut filter = RawTaskFilter {
                    project_id: self.project.map(|p| p.to_string()),
                    stage: text("stage"),
                    ..Default::default()
                };
                filter.page.limit =
                    args.get("limit").and_then(Value::as_u64).map(|n| n.min(200) as u32);
                to_json(&self.core.tasks().list(&filter.parse()?)?)
            }
            "search" => {
                to_json(&self.core.search().query(&required("query")?, self.project, &[])?)
            }
            "get_task" => {
                let detail = self.own_or_named(text("task_id"))?;
                let requirement = match detail.lineage.iter().find_map(|l| l.requirement_id) {
                    Some(id) => Some(self.core.requirements().get(id)?),
                    None => None,
                };
                Ok(json!({ "task": to_json(&detail)?, "requirement": to_json(&requirement)? }))
            }
            "add_backlog_item" => {
                let project = self.write_project()?;
                let item = RawBacklogItem {
                    title: required("title")?,
                    fields: RawBacklogFields {
                        description: text("description"),
                        priority: text("priority"),
                        ..Default::default()
                    },
                    ..Default::default()
                }
                .parse()?;
                let item = self.core.backlog().add(project, item)?;
                self.audit(
                    AuditSubject::BacklogItem,
                    &item.id.to_string(),
                    "created by an agent over MCP",
                )?;
                to_json(&item)
            }
            "add_followup_task" => {
                let after = match text("after_task_id") {
                    Some(id) => Some(self.task(&id)?.task),
                    None => None,
                };
                let project = match &after {
                    Some(task) => task.project_id,
                    None => self.write_project()?,
                };
                let mut input = NewTask::new(
                    &required("title")?,
                    text("description").as_deref(),
                    None,
                    None,
                    None,
                )?;
                input.source = format!("mcp:{}", self.agent);
                let task = self.core.tasks().add(project, input)?;
                if let Some(after) = after {
                    self.core.dependencies().add(task.id, after.id)?;
                }
                self.audit(
                    AuditSubject::Task,
                    &task.id.to_string(),
                    "follow-up created by an agent over MCP",
                )?;
                to_json(&self.core.tasks().get(task.id)?)
            }
            "set_task_status" => {
                let detail = self.task(&required("task_id")?)?;
                let patch =
                    TaskPatch { status: Some(required("status")?.parse()?), ..Default::default() };
                let task = self.core.tasks().edit(detail.task.id, &patch)?;
                self.audit(
                    AuditSubject::Task,
                    &task.id.to_string(),
                    &format!("status set to {} by an agent over MCP", task.status),
                )?;
                to_json(&task)
            }
            "report_progress" => {
                let detail = self.own_or_named(text("task_id"))?;
                let message = required("message")?;
                if message.trim().is_empty() {
                    return Err(Error::invalid("message", "say how the task is going"));
                }
                let entry =
                    self.audit(AuditSubject::Task, &detail.task.id.to_string(), message.trim())?;
                to_json(&entry)
            }
            other => Err(Error::invalid("tool", format!("no tool named `{other}`"))),
        }
    }

    /// The task `raw` names, when it is in this server's project.
    fn task(&self, raw: &str) -> Result<TaskDetail> {
        let id: TaskId = raw.parse()?;
        let detail = self.core.tasks().get(id)?;
        match self.project {
            Some(project) if detail.task.project_id != project => Err(Error::not_found("task", id)),
            _ => Ok(detail),
        }
    }

    /// The task `raw` names, else the one the server runs for.
    fn own_or_named(&self, raw: Option<String>) -> Result<TaskDetail> {
        match (raw, self.task) {
            (Some(raw), _) => self.task(&raw),
            (None, Some(own)) => self.task(&own.to_string()),
            (None, None) => Err(Error::invalid("arguments", "`task_id` is required")),
        }
    }

    /// The project writes go to: the server's own; without one, the only project there is.
    fn write_project(&self) -> Result<ProjectId> {
        if let Some(project) = self.project {
            return Ok(project);
        }
        match self.core.projects().list()?.as_slice() {
            [only] => Ok(only.id),
            _ => Err(Error::invalid("project", "start the server with --project P to add work")),
        }
    }

    /// Records an agent's write in the audit ledger, the agent as its actor.
    fn audit(&self, subject: AuditSubject, id: &str, rationale: &str) -> Result<AuditEntry> {
        self.core.audit().record_agent(subject, id, &self.agent, rationale)
    }
}

/// A tool's answer as JSON.
fn to_json<T: serde::Serialize>(value: &T) -> Result<Value> {
    serde_json::to_value(value).map_err(|e| Error::Storage(format!("encoding an answer: {e}")))
}
