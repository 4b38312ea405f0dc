//! `anpm mcp` driven by a client of the same SDK (rmcp) over the real binary's stdin and stdout: the tools
//! are listed, an agent lists its project's tasks, adds a backlog item and a follow-up, sets a status and
//! reports progress (each in the audit ledger with the agent as actor), and a task of another project is
//! out of its reach.

mod common;

use anpm_core::api::{ActorKind, AuditSubject, TaskId};
use anpm_core::{Config, Core};
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
