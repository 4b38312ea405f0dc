//! The orchestration commands of the real binary: dependencies, "Run this plan", the usage roll-up with its
//! budgets, and export / import — their JSON and their refusals (which change nothing).

mod common;

use anpm_testkit::{DataDir, GitRepo};
use common::*;

#[test]
fn dependencies_run_this_plan_usage_and_a_round_trip_through_the_command_line() {
    let data = DataDir::new();
    let repo = GitRepo::new();
    let pid = id(&ok(data.path(), &["project", "add", repo.path().to_str().unwrap()]));
    let stacked = ok(data.path(), &["project", "edit", &pid, "--stack-on-review", "true"]);
    assert_eq!(stacked["workspace"]["stack_on_review"], true);
    let req =
        id(&ok(data.path(), &["req", "add", "--project", &pid, "--title", "Add invoice export"]));
    let run = ok(data.path(), &["plan", "run", "--req", &req, "--wait"]);
    let mut tasks = Vec::new();
    for kind in ["implementation", "integration", "validation"] {
        let candidate = run["candidates"]
            .as_array()
            .and_then(|all| all.iter().find(|c| c["suggestion_type"] == kind))
            .expect(kind);
        let applied = ok(data.path(), &["candidate", "apply", &id(candidate), "--approve"]);
        tasks.push(id(&applied["task"]));
    }
    let (imp, int, val) = (&tasks[0], &tasks[1], &tasks[2]);
    // The planner's order is on the tasks: integration after implementation, validation after integration.
    let shown = ok(data.path(), &["task", "show", int]);
    assert_eq!(shown["waiting_on"], serde_json::json!([imp]));
    assert_eq!(shown["depends_on"][0]["task_id"], imp.as_str());
    let deps = ok(data.path(), &["task", "deps", val, "--add", imp]);
    assert_eq!(deps["depends_on"].as_array().expect("list").len(), 2);

    let before = everything(data.path(), &pid);
    let (code, kind, message) = refused(data.path(), &["task", "deps", imp, "--add", val]);
    assert_eq!((code, kind.as_str()), (1, "invalid_input"));
    assert!(message.contains("would close a cycle"), "{message}");
    assert_eq!(refused(data.path(), &["task", "deps", imp, "--remove", val]).1, "not_found");
    assert_eq!(everything(data.path(), &pid), before, "refusals changed nothing");

    // Backlog items ordered by hand: the order reaches the tasks when they are committed.
    let item = |title: &str| {
        id(&ok(
            data.path(),
            &["backlog", "add", "--project", &pid, "--title", title, "--status", "ready"],
        ))
    };
    let (schema, importer) = (item("Ship the schema"), item("Build the importer"));
    let deps = ok(data.path(), &["backlog", "deps", &importer, "--add", &schema]);
    assert_eq!(deps["depends_on"][0]["item_id"], schema.as_str());
    let (_, kind, message) =
        refused(data.path(), &["backlog", "deps", &schema, "--add", &importer]);
    assert_eq!(kind, "invalid_input");
    assert!(message.contains("would close a cycle"), "{message}");
    let held = ok(data.path(), &["backlog", "commit", &importer, "--role", "backend-architect"]);
    assert_eq!(held["held_for"], serde_json::json!([schema]));
    assert_eq!(held["task"]["dispatch_status"], "none", "held until its foundation is a task");
    let first = ok(data.path(), &["backlog", "commit", &schema]);
    let waits = ok(data.path(), &["task", "show", &id(&held["task"])]);
    assert_eq!(waits["waiting_on"], serde_json::json!([id(&first["task"])]));

    // No roles yet: "Run this plan" leaves each alone and says why.
    let queued = ok(data.path(), &["plan", "queue", "--req", &req]);
    assert_eq!(queued["queued"], serde_json::json!([]));
    assert_eq!(queued["skipped"].as_array().expect("skipped").len(), 3);
    assert!(queued["skipped"][0]["reason"].as_str().unwrap().contains("no execution role"));
    for t in &tasks {
        ok(data.path(), &["task", "edit", t, "--role", "backend-architect"]);
    }
    let queued = ok(data.path(), &["plan", "queue", "--req", &req]);
    assert_eq!(queued["queued"], serde_json::json!([imp, int, val]), "in dependency order");
    let text = anpm(data.path(), &["task", "show", int]);
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.contains(&format!("queued (blocked on {imp})")), "{text}");

    ok(data.path(), &["settings", "set", "budget.task_usd", "2.50"]);
    let usage = ok(data.path(), &["usage", "--project", &pid, "--by", "task"]);
    assert_eq!(usage["by"], "task");
    assert_eq!(usage["total"]["attempts"], 0);
    assert_eq!(usage["task_budget_usd"], 2.5);
    assert_eq!(refused(data.path(), &["usage", "--by", "week"]).1, "invalid_input");
    assert_eq!(
        refused(data.path(), &["settings", "set", "budget.task_usd", "lots"]).1,
        "invalid_input"
    );

    let file = data.path().join("archive.json");
    let exported = ok(data.path(), &["export", "--project", &pid, "--out", file.to_str().unwrap()]);
    assert_eq!(exported["rows"]["tasks"], 5, "the plan's three and the two committed items'");
    assert_eq!(exported["rows"]["backlog_item_dependencies"], 1);
    let archive: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&file).expect("file")).expect("json");
    assert_eq!(archive["format_version"], 1);
    // Into the same data directory: the project is here already, nothing is written.
    let (_, kind, message) = refused(data.path(), &["import", file.to_str().unwrap()]);
    assert_eq!(kind, "conflict");
    assert!(message.contains("already in this data directory"), "{message}");
    let elsewhere = DataDir::new();
    let imported = ok(elsewhere.path(), &["import", file.to_str().unwrap()]);
    assert_eq!(imported["project"]["id"], pid.as_str());
    assert_eq!(
        ok(elsewhere.path(), &["task", "show", int])["waiting_on"],
        serde_json::json!([imp])
    );
}
