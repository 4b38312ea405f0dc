//! The desktop shell in-process on Tauri's mock runtime (no display needed): every command is registered
//! and answers with core data, errors reach the webview as `{code, message}`, and the tray's dispatch
//! actions drive the real dispatch settings.

use std::sync::Arc;

use anpm_core::{Config, Core};
use anpm_shell::ipc_error::IpcError;
use anpm_testkit::{DataDir, GitRepo};
use serde_json::{json, Value};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{
    get_ipc_response, mock_builder, mock_context, noop_assets, MockRuntime, INVOKE_KEY,
};
use tauri::webview::InvokeRequest;
use tauri::{App, Manager, WebviewWindow, WebviewWindowBuilder};

struct Shell {
    _data: DataDir,
    core: Arc<Core>,
    app: App<MockRuntime>,
    webview: WebviewWindow<MockRuntime>,
}

fn shell() -> Shell {
    let data = DataDir::new();
    let core = Arc::new(Core::open(Config::at(data.path())).expect("core"));
    let app = anpm_shell::wire(mock_builder(), Arc::clone(&core))
        .build(mock_context(noop_assets()))
        .expect("mock app");
    let webview =
        WebviewWindowBuilder::new(&app, "main", Default::default()).build().expect("webview");
    Shell { _data: data, core, app, webview }
}

fn invoke(shell: &Shell, command: &str, body: Value) -> Result<Value, Value> {
    get_ipc_response(
        &shell.webview,
        InvokeRequest {
            cmd: command.into(),
            callback: CallbackFn(0),
            error: CallbackFn(1),
            url: "tauri://localhost".parse().expect("url"),
            body: InvokeBody::Json(body),
            headers: Default::default(),
            invoke_key: INVOKE_KEY.to_string(),
        },
    )
    .map(|b| b.deserialize::<Value>().expect("json body"))
}

#[test]
fn list_projects_returns_what_the_core_stores() {
    let s = shell();
    let repo = GitRepo::new();
    let project = s.core.projects().add(repo.path(), Some("shop"), None).expect("project");
    let listed = invoke(&s, "list_projects", Value::Null).expect("command succeeds");
    assert_eq!(listed[0]["id"], project.id.to_string());
    assert_eq!(listed[0]["name"], "shop");
}

#[test]
fn every_command_is_registered() {
    let s = shell();
    let unregistered = format!("Command {} not found", "drop_database");
    assert_eq!(
        invoke(&s, "drop_database", Value::Null).expect_err("unregistered"),
        json!(unregistered)
    );
    for command in anpm_shell::COMMANDS {
        // Missing arguments are refused by the command itself; only an unknown command says "not found".
        if let Err(err) = invoke(&s, command, json!({})) {
            assert_ne!(
                err,
                json!(format!("Command {command} not found")),
                "{command} is not registered"
            );
        }
    }
}

#[test]
fn errors_reach_the_webview_as_code_and_message() {
    let s = shell();
    let err = invoke(&s, "add_project", json!({ "path": "/definitely/not/here" }))
        .expect_err("missing path");
    assert_eq!(err["code"], "path_not_found");
    assert!(err["message"].as_str().unwrap().contains("does not exist"));
    let err = invoke(&s, "planning_run", json!({ "id": "nope" })).expect_err("bad id");
    assert_eq!(err["code"], "invalid_input");
    let value =
        serde_json::to_value(IpcError::from(anpm_core::Error::Conflict("already there".into())))
            .expect("json");
    assert_eq!(value, json!({ "code": "conflict", "message": "already there" }));
}

#[test]
fn the_planning_flow_through_commands() {
    let s = shell();
    let repo = GitRepo::new();
    let project = invoke(&s, "add_project", json!({ "path": repo.path() })).expect("project");
    let req = invoke(
        &s,
        "add_requirement",
        json!({ "projectId": project["id"], "input": { "title": "Add export" } }),
    )
    .expect("req");
    let run = invoke(&s, "start_planning_run", json!({ "requirementId": req["id"], "input": {} }))
        .expect("run");
    assert_eq!(run["status"], "queued");
    // No worker runs in this test: execute it the way the app's worker would.
    s.core.planning().execute(run["id"].as_str().unwrap().parse().unwrap()).expect("execute");
    let detail = invoke(&s, "planning_run", json!({ "id": run["id"] })).expect("detail");
    // The implementation draft builds on no other candidate: applied with a role, it is queued.
    let candidate = detail["candidates"]
        .as_array()
        .and_then(|all| all.iter().find(|c| c["suggestion_type"] == "implementation"))
        .expect("implementation");
    let applied = invoke(
        &s,
        "apply_candidate",
        json!({ "id": candidate["id"], "role": "test-writer", "approve": true }),
    )
    .expect("apply");
    assert_eq!(applied["task"]["dispatch_status"], "queued");
    let state = invoke(&s, "dispatch_state", Value::Null).expect("state");
    assert_eq!(state["queued"], 1);
    let roles = invoke(&s, "list_roles", Value::Null).expect("roles");
    assert_eq!(roles.as_array().unwrap().len(), 6);
}

#[test]
fn tray_actions_drive_the_dispatch_settings() {
    let s = shell();
    let handle = s.app.handle();
    assert!(!s.core.dispatch().state().expect("state").paused);
    anpm_shell::tray::dispatch_action(handle, anpm_shell::tray::ACTIONS[0]);
    assert!(s.core.dispatch().state().expect("state").paused, "pause");
    anpm_shell::tray::dispatch_action(handle, anpm_shell::tray::ACTIONS[0]);
    assert!(!s.core.dispatch().state().expect("state").paused, "resume");
    // Run next asks a loop, and only when one runs.
    anpm_shell::tray::dispatch_action(handle, anpm_shell::tray::ACTIONS[1]);
    let run_next = s.core.store().read(|tx| tx.setting("dispatch.run_next")).expect("read");
    assert!(run_next.is_none(), "no loop runs: nothing is asked");
    s.core.dispatch().start_loop().expect("loop");
    anpm_shell::tray::dispatch_action(handle, anpm_shell::tray::ACTIONS[1]);
    let run_next = s.core.store().read(|tx| tx.setting("dispatch.run_next")).expect("read");
    assert!(run_next.is_some(), "run next asks the loop");
    s.core.dispatch().stop_loop();
    assert!(s.app.try_state::<Arc<Core>>().is_some());

    // Cancel: the entry of a task stops it (queued here; a running one is stopped by its loop).
    let repo = GitRepo::new();
    let project = s.core.projects().add(repo.path(), Some("shop"), None).expect("project");
    let item = anpm_core::api::RawBacklogItem { title: "Export".to_owned(), ..Default::default() }
        .parse()
        .expect("item");
    let item = s.core.backlog().add(project.id, item).expect("add");
    let task = s.core.backlog().commit(item.id, Some("test-writer"), None).expect("commit").task;
    anpm_shell::tray::dispatch_action(
        handle,
        &format!("{}{}", anpm_shell::tray::CANCEL_PREFIX, task.id),
    );
    let cancelled = s.core.tasks().get(task.id).expect("task");
    assert_eq!(cancelled.task.dispatch_status, anpm_core::domain::DispatchStatus::Cancelled);
}

#[test]
fn the_capability_grants_exactly_the_registered_commands() {
    let root = env!("CARGO_MANIFEST_DIR");
    let capability: Value = serde_json::from_str(
        &std::fs::read_to_string(format!("{root}/src-tauri/capabilities/default.json"))
            .expect("capability"),
    )
    .expect("json");
    assert_eq!(
        capability["permissions"],
        serde_json::json!(["core:default", "dialog:allow-open", "dialog:allow-save", "registry"]),
        "the window gets the core defaults, the open and save pickers and anpm's registry set only"
    );
    // The set build.rs writes from the registry: one allow-<command> per registered command.
    let set = std::fs::read_to_string(format!("{root}/permissions/registry.toml")).expect("set");
    let mut granted: Vec<String> = set
        .lines()
        .filter_map(|l| l.trim().strip_prefix("\"allow-"))
        .map(|l| l.trim_end_matches("\",").to_owned())
        .collect();
    granted.sort();
    let mut expected: Vec<String> =
        anpm_shell::COMMANDS.iter().map(|c| c.replace('_', "-")).collect();
    expected.sort();
    assert_eq!(granted, expected);
}

#[test]
fn changes_made_by_another_process_become_changed_events_naming_their_kinds() {
    use tauri::Listener;
    let s = shell();
    let (tx, rx) = std::sync::mpsc::channel::<Value>();
    s.app.listen_any(anpm_shell::events::CHANGED, move |event| {
        let _ = tx.send(serde_json::from_str(event.payload()).expect("json payload"));
    });
    anpm_shell::events::forward_changes(s.app.handle().clone(), &s.core);
    // Another process: a second core on the same data directory, as the CLI would open it.
    let other = Core::open(Config::at(s.core.data_dir())).expect("second core");
    let repo = GitRepo::new();
    other.projects().add(repo.path(), Some("shop"), None).expect("project");
    let kinds = rx.recv_timeout(std::time::Duration::from_secs(5)).expect("a changed event");
    // Adding a project also discovers its documents; on a loaded machine one look can see both writes.
    let kinds = kinds.as_array().expect("a list of kinds");
    assert!(kinds.contains(&json!("projects")), "{kinds:?}");
    assert!(
        kinds
            .iter()
            .all(|k| ["projects", "documents", "sync_runs"].contains(&k.as_str().unwrap_or(""))),
        "{kinds:?}"
    );
}
