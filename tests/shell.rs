//! The desktop shell in-process on Tauri's mock runtime (no display needed): commands are registered and
//! answer with core data, and errors reach the webview as `{code, message}`.

use std::sync::Arc;

use anpm_core::{Config, Core};
use anpm_shell::ipc_error::IpcError;
use anpm_testkit::{DataDir, GitRepo};
use serde_json::Value;
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{get_ipc_response, mock_builder, mock_context, noop_assets, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tauri::WebviewWindowBuilder;

fn invoke(core: Arc<Core>, command: &str, body: Value) -> Result<Value, Value> {
    let app = anpm_shell::wire(mock_builder(), core)
        .build(mock_context(noop_assets()))
        .expect("mock app");
    let webview =
        WebviewWindowBuilder::new(&app, "main", Default::default()).build().expect("webview");
    get_ipc_response(
        &webview,
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
    let data = DataDir::new();
    let core = Arc::new(Core::open(Config::at(data.path())).expect("core"));
    let repo = GitRepo::new();
    let project = core.add_project(repo.path(), Some("shop"), None).expect("project");

    let listed = invoke(core, "list_projects", Value::Null).expect("command succeeds");
    assert_eq!(listed[0]["id"], project.id.to_string());
    assert_eq!(listed[0]["name"], "shop");
}

#[test]
fn unknown_commands_are_refused() {
    let data = DataDir::new();
    let core = Arc::new(Core::open(Config::at(data.path())).expect("core"));
    assert!(invoke(core, "drop_database", Value::Null).is_err());
}

#[test]
fn core_errors_serialize_as_code_and_message() {
    let err = anpm_core::Error::Conflict("already there".into());
    let value = serde_json::to_value(IpcError::from(err)).expect("serializes");
    assert_eq!(value, serde_json::json!({ "code": "conflict", "message": "already there" }));
}
