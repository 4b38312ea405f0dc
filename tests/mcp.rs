//! `anpm mcp` driven by a client of the same SDK (rmcp) over the real binary's stdin and stdout: the tools
//! are listed, an agent lists its project's tasks, adds a backlog item and a follow-up, sets a status and
//! reports progress (each in the audit ledger with the agent as actor), and a task of another project is
//! out of its reach. Then the real Claude Code and Codex CLIs, run by the dispatch loop against the
//! testkit's fake Anthropic and Responses APIs, find the server dispatch handed them and call its tools for
//! their own task.

mod common;

use std::path::{Path, PathBuf};
use std::time::Duration;

use anpm_core::api::*;
use anpm_core::{Config, Core};
use anpm_testkit::anthropic::FakeAnthropicApi;
use anpm_testkit::model_api::Turn;
use anpm_testkit::responses::FakeResponsesApi;
use anpm_testkit::{DataDir, GitRepo};
use common::*;
use rmcp::model::{CallToolRequestParams, CallToolResult};
use rmcp::transport::TokioChildProcess;
use rmcp::ServiceExt;
use serde_json::{json, Value};

fn answer(result: &CallToolResult) -> Value {
    let text = &result.content[0].as_text().expect("a text answer").text;
    serde_json::from_str(text).expect("JSON")
}

fn args(value: Value) -> serde_json::Map<String, Value> {
    value.as_object().expect("object").clone()
}

#[test]
fn an_agent_reads_and_updates_its_own_project_and_nothing_else() {
    let data = DataDir::new();
    let (mine, theirs) = (GitRepo::new(), GitRepo::new());
    let pid =
        id(&ok(data.path(), &["project", "add", mine.path().to_str().unwrap(), "--name", "mine"]));
    let other = id(&ok(
        data.path(),
        &["project", "add", theirs.path().to_str().unwrap(), "--name", "theirs"],
    ));
    let task =
        id(&ok(data.path(), &["task", "add", "--project", &pid, "--title", "Export invoices"]));
    let foreign =
        id(&ok(data.path(), &["task", "add", "--project", &other, "--title", "Not yours"]));

    let runtime =
        tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
    let followup = runtime.block_on(async {
        let mut command = tokio::process::Command::new(env!("CARGO_BIN_EXE_anpm"));
        command
            .arg("--data-dir")
            .arg(data.path())
            .args(["mcp", "--project", &pid, "--agent", "claude-test"])
            .env_remove("ANPM_DATA_DIR");
        let client =
            ().serve(TokioChildProcess::new(command).expect("spawn")).await.expect("initialize");
        let names: Vec<String> = client
            .list_all_tools()
            .await
            .expect("tools")
            .into_iter()
            .map(|t| t.name.to_string())
            .collect();
        for wanted in [
            "list_tasks",
            "search",
            "get_task",
            "add_backlog_item",
            "add_followup_task",
            "set_task_status",
            "report_progress",
        ] {
            assert!(names.iter().any(|n| n == wanted), "{wanted} in {names:?}");
        }
        let call = |name: &'static str, a: Value| {
            let client = &client;
            async move {
                client
                    .call_tool(CallToolRequestParams::new(name).with_arguments(args(a)))
                    .await
                    .expect(name)
            }
        };

        let listed = answer(&call("list_tasks", json!({})).await);
        let titles: Vec<&str> = listed
            .as_array()
            .expect("tasks")
            .iter()
            .map(|t| t["title"].as_str().unwrap())
            .collect();
        assert_eq!(titles, ["Export invoices"], "only its own project's tasks");

        let item =
            call("add_backlog_item", json!({ "title": "Document the export", "priority": "high" }))
                .await;
        assert_ne!(item.is_error, Some(true));
        assert_eq!(answer(&item)["project_id"], pid.as_str());

        let follow = answer(
            &call(
                "add_followup_task",
                json!({ "title": "Test the export", "after_task_id": task }),
            )
            .await,
        );
        assert_eq!(follow["waiting_on"], json!([task]));

        let done = call("set_task_status", json!({ "task_id": task, "status": "done" })).await;
        assert_eq!(answer(&done)["status"], "done");
        let progress =
            call("report_progress", json!({ "task_id": task, "message": "tests pass" })).await;
        assert_eq!(answer(&progress)["actor_kind"], "agent");

        // Another project's task: refused as the agent's answer, and nothing changes there.
        let refused = call("get_task", json!({ "task_id": foreign })).await;
        assert_eq!(refused.is_error, Some(true));
        assert_eq!(answer(&refused)["error"]["code"], "not_found");
        let refused =
            call("set_task_status", json!({ "task_id": foreign, "status": "done" })).await;
        assert_eq!(refused.is_error, Some(true));
        let bad = call("set_task_status", json!({ "task_id": task, "status": "finished" })).await;
        assert_eq!(answer(&bad)["error"]["code"], "invalid_input");

        client.cancel().await.expect("close");
        follow["id"].as_str().expect("id").to_owned()
    });

    assert_eq!(ok(data.path(), &["task", "show", &foreign])["status"], "todo");
    let backlog = ok(data.path(), &["backlog", "list", "--project", &pid]);
    assert!(backlog.to_string().contains("Document the export"));
    let core = Core::open(Config::at(data.path())).expect("core");
    let by_agent = |id: &str| {
        core.audit()
            .of(AuditSubject::Task, id)
            .expect("audit")
            .into_iter()
            .filter(|e| e.actor_kind == ActorKind::Agent && e.actor_id == "claude-test")
            .count()
    };
    assert_eq!(by_agent(&task), 2, "the status change and the progress report");
    assert_eq!(by_agent(&followup), 1);
    let _: TaskId = followup.parse().expect("a task id");
}

/// The folder `program` is in, on this process's PATH.
fn folder_of(program: &str) -> PathBuf {
    std::env::var("PATH")
        .expect("PATH")
        .split(':')
        .map(Path::new)
        .find(|dir| dir.join(program).is_file())
        .unwrap_or_else(|| panic!("`{program}` is not on PATH"))
        .to_path_buf()
}

/// A test-writer's answer, and the MCP call the fake model makes first: no task id, because the server
/// was started for the task the agent runs.
const RESULT: &str =
    "Wrote the test.\n\n```json\n{\"files\": [], \"not_tested\": [\"everything else\"]}\n```";
const PROGRESS: &str = "the exporter test is written";

fn turn(write: Option<(&str, &str)>) -> Turn {
    Turn {
        write: write.map(|(path, content)| (path.to_owned(), content.to_owned())),
        final_text: RESULT.into(),
        call: Some(("mcp__anpm__report_progress".into(), json!({ "message": PROGRESS }))),
    }
}

/// Runs one test-writer task with the real agent CLI `profile` through the dispatch loop, with the
/// server handed over as the `anpm` binary does it, and checks the run finished and the agent's progress
/// report reached the task's audit trail as its own.
fn run_with_the_server(profile: RawAgentProfile, env: Vec<(String, String)>) {
    let (data, repo, home) = (DataDir::new(), GitRepo::new(), tempfile::tempdir().expect("home"));
    let path = format!(
        "{}:{}:/usr/bin:/bin",
        anpm_testkit::agent_clis(&["claude", "codex"]).display(),
        folder_of("node").display()
    );
    let mut env = env;
    env.extend([("PATH".to_owned(), path), ("HOME".to_owned(), home.path().display().to_string())]);
    let core = Core::open(Config {
        env: Some(env),
        dispatch_grace: Duration::from_millis(500),
        // What the `anpm` binary sets from its own path.
        mcp_command: Some(PathBuf::from(env!("CARGO_BIN_EXE_anpm"))),
        ..Config::at(data.path())
    })
    .expect("core");
    let project = core.projects().add(repo.path(), Some("shop"), None).expect("project");
    let agent = profile.name.clone();
    core.agents().add(profile.parse().expect("valid")).expect("profile");
    let item = RawBacklogItem {
        title: "Cover the exporter with a test".into(),
        fields: RawBacklogFields { status: Some("ready".into()), ..Default::default() },
        ..Default::default()
    };
    let item = core.backlog().add(project.id, item.parse().expect("valid")).expect("item");
    let task =
        core.backlog().commit(item.id, Some("test-writer"), Some(&agent)).expect("commit").task;

    let ran = core.dispatch().run_next_here().expect("run").expect("a queued task");
    let detail = core.tasks().get(ran.id).expect("detail");
    let attempt = detail.last_attempt.clone().expect("attempt");
    assert_eq!(
        detail.task.dispatch_status,
        DispatchStatus::Completed,
        "{:?}: {} (log: {})",
        attempt.error_kind,
        attempt.error_message,
        std::fs::read_to_string(attempt.log_path.clone().unwrap_or_default()).unwrap_or_default()
    );
    let by_agent: Vec<AuditEntry> = core
        .audit()
        .of(AuditSubject::Task, &task.id.to_string())
        .expect("audit")
        .into_iter()
        .filter(|e| e.actor_kind == ActorKind::Agent)
        .collect();
    assert_eq!(by_agent.len(), 1, "{by_agent:?}");
    assert_eq!(
        (by_agent[0].actor_id.as_str(), by_agent[0].rationale.as_str()),
        (agent.as_str(), PROGRESS)
    );
    drop(home);
}

#[test]
fn claude_code_run_by_dispatch_uses_the_server_it_was_handed_for_its_own_task() {
    let api = FakeAnthropicApi::start(turn(Some(("covered.txt", "covered\n"))));
    let profile = RawAgentProfile {
        name: "claude".into(),
        kind: "claude".into(),
        model: Some("claude-fake".into()),
        ..Default::default()
    };
    run_with_the_server(
        profile,
        vec![
            ("ANTHROPIC_BASE_URL".to_owned(), api.base_url().to_owned()),
            ("ANTHROPIC_API_KEY".to_owned(), "sk-ant-fake".to_owned()),
            ("CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC".to_owned(), "1".to_owned()),
        ],
    );
    // The model was offered the server's tools, and the call's result came back without an error.
    let requests = api.received();
    let offered = requests.iter().any(|r| {
        r.body["tools"]
            .as_array()
            .is_some_and(|tools| tools.iter().any(|t| t["name"] == "mcp__anpm__add_backlog_item"))
    });
    assert!(offered, "Claude Code offered anpm's MCP tools to the model");
    let result = requests
        .iter()
        .flat_map(|r| r.body["messages"].as_array().cloned().unwrap_or_default())
        .flat_map(|m| m["content"].as_array().cloned().unwrap_or_default())
        .find(|block| block["tool_use_id"] == "toolu_fake_call_1")
        .expect("the MCP call's result went back to the model");
    assert_ne!(result["is_error"], true, "{result}");
}

#[test]
fn codex_run_by_dispatch_uses_the_server_it_was_handed_for_its_own_task() {
    let api = FakeResponsesApi::start(turn(None));
    // Codex reaches the fake as a provider of its own, keyed by a variable anpm passes through.
    let provider = format!(
        r#"model_providers.fake={{name="fake", base_url="{}/v1", wire_api="responses", env_key="OPENAI_API_KEY"}}"#,
        api.base_url()
    );
    let profile = RawAgentProfile {
        name: "codex".into(),
        kind: "codex".into(),
        model: Some("fake-model".into()),
        args: ["-c", &provider, "-c", "model_provider=fake"].map(String::from).to_vec(),
        ..Default::default()
    };
    run_with_the_server(profile, vec![("OPENAI_API_KEY".to_owned(), "sk-fake".to_owned())]);
    // The server's tools came as Codex's `mcp__anpm` namespace, and the call's output went back.
    let requests = api.received();
    let offered = requests.iter().any(|r| {
        r.body["tools"].as_array().is_some_and(|tools| {
            tools.iter().any(|t| t["type"] == "namespace" && t["name"] == "mcp__anpm")
        })
    });
    assert!(offered, "Codex offered anpm's MCP tools to the model");
    let output = requests
        .iter()
        .flat_map(|r| r.body["input"].as_array().cloned().unwrap_or_default())
        .find(|item| item["type"] == "function_call_output")
        .expect("the MCP call's output went back to the model");
    assert!(!output.to_string().contains("requires approval"), "{output}");
}
