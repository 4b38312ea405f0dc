//! The planning commands of the real binary: plan, review, apply, settings, dashboard.

mod common;

use anpm_testkit::{DataDir, GitRepo};
use common::*;

#[test]
fn planning_golden_path_and_refusals() {
    let data = DataDir::new();
    let repo = GitRepo::new();
    let pid = id(&ok(data.path(), &["project", "add", repo.path().to_str().unwrap()]));
    let req = id(&ok(
        data.path(),
        &["req", "add", "--project", &pid, "--title", "Add invoice export", "--summary", "CSV"],
    ));

    let run = ok(data.path(), &["plan", "run", "--req", &req, "--wait"]);
    assert_eq!(run["status"], "completed");
    let candidates = run["candidates"].as_array().expect("candidates");
    assert_eq!(candidates.len(), 3);
    let ranks: Vec<i64> = candidates.iter().map(|c| c["rank"].as_i64().unwrap()).collect();
    assert_eq!(ranks, [1, 2, 3]);
    assert!(candidates.iter().all(|c| !c["evidence"].as_array().unwrap().is_empty()));
    let scores: Vec<f64> =
        candidates.iter().map(|c| c["priority_score"].as_f64().unwrap()).collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");
    assert_eq!(ok(data.path(), &["req", "show", &req])["status"], "planned");

    let context = ok(data.path(), &["plan", "context", &id(&run)]);
    assert_eq!(context["available"], true);
    assert_eq!(context["schema_version"], "context.v2");
    let raw = ok(data.path(), &["plan", "context", &id(&run), "--raw"]);
    assert_eq!(raw["pack_id"], run["context_pack_id"]);

    // The implementation draft: it builds on no other candidate, so applying it with a role queues it.
    let first = id(candidates
        .iter()
        .find(|c| c["suggestion_type"] == "implementation")
        .expect("implementation"));
    let queued = ok(data.path(), &["plan", "run", "--req", &req]);
    assert_eq!(queued["status"], "queued");
    let before = everything(data.path(), &pid);
    let unknown = "0b7e8a52-6c47-4a3e-9b43-5c3a8cd6b2f1";
    let cases: Vec<(Vec<&str>, &str, &str)> = vec![
        (vec!["plan", "run", "--req", &req], "conflict", "already has an active planning run"),
        (vec!["plan", "run", "--req", unknown], "not_found", "requirement"),
        (
            vec!["plan", "run", "--req", &req, "--provider", "gpt"],
            "invalid_input",
            "expected one of: deterministic, openai-compatible",
        ),
        (vec!["plan", "run", "--req", &req, "--template", "roadmap"], "invalid_input", "template"),
        (vec!["plan", "show", unknown], "not_found", "planning run"),
        (vec!["candidate", "apply", &first], "invalid_transition", "approve it first"),
        (
            vec!["candidate", "apply", &first, "--approve", "--role", "Backend-Architect"],
            "invalid_input",
            "unknown role",
        ),
        (
            vec!["candidate", "update", &first, "--feedback", "meh"],
            "invalid_input",
            "feedback kind",
        ),
        (vec!["candidate", "update", &first, "--title", " "], "invalid_input", "title"),
        (
            vec!["settings", "set", "planning.base_url", "ftp://example.com"],
            "invalid_input",
            "http:// or https://",
        ),
        (vec!["settings", "set", "planning.api_key", "sk-123"], "invalid_input", "unknown setting"),
        (
            vec!["settings", "set", "planning.api_key_env", "sk-live-123"],
            "invalid_input",
            "not an environment variable name",
        ),
    ];
    for (args, code, needle) in cases {
        let (exit, got, message) = refused(data.path(), &args);
        assert_eq!((exit, got.as_str()), (1, code), "{args:?}: {message}");
        assert!(message.contains(needle), "{args:?}: `{message}` should mention `{needle}`");
    }
    assert_eq!(everything(data.path(), &pid), before, "refused operations changed the database");
    ok(data.path(), &["plan", "cancel", &id(&queued)]);

    let applied = ok(
        data.path(),
        &["candidate", "apply", &first, "--approve", "--role", "backend-architect"],
    );
    assert_eq!(applied["already_applied"], false);
    assert_eq!(applied["task"]["dispatch_status"], "queued");
    assert_eq!(applied["task"]["execution_role"], "backend-architect");
    let replay = ok(data.path(), &["candidate", "apply", &first]);
    assert_eq!(
        (replay["already_applied"].as_bool(), &replay["task"]["id"]),
        (Some(true), &applied["task"]["id"])
    );

    let dashboard = ok(data.path(), &["dashboard", "--project", &pid]);
    assert_eq!(dashboard["tasks_by_dispatch_status"]["queued"], 1);
    assert_eq!(dashboard["planning_acceptance_rate_7d"], 1.0);
    let roles = ok(data.path(), &["roles"]);
    assert_eq!(roles.as_array().unwrap().len(), 6);
    assert_eq!(
        ok(data.path(), &["settings", "set", "planning.provider", "openai-compatible"])["value"],
        "openai-compatible"
    );
    assert_eq!(
        ok(data.path(), &["settings", "unset", "planning.provider"])["value"],
        "deterministic"
    );
}
