//! The real `anpm` binary against a temporary data directory: `--json` output, exit codes, stable error
//! codes, and that every refused operation leaves the database as it was.

mod common;

use std::process::Command;

use anpm_testkit::{DataDir, GitRepo};
use common::*;

#[test]
fn golden_path_project_requirement_backlog_commit_tasks() {
    let data = DataDir::new();
    let repo = GitRepo::new();
    let repo_path = repo.path().to_str().expect("utf-8 path");

    let project = ok(data.path(), &["project", "add", repo_path, "--name", "shop"]);
    assert_eq!(project["name"], "shop");
    assert_eq!(project["default_branch"], "main");
    assert_eq!(project["repo_path"], repo.path().canonicalize().unwrap().to_str().unwrap());
    let pid = id(&project);

    let req = ok(
        data.path(),
        &[
            "req",
            "add",
            "--project",
            &pid,
            "--title",
            "Export invoices",
            "--summary",
            "CSV",
            "--success",
            "opens",
        ],
    );
    assert_eq!(req["status"], "draft");
    assert_eq!(req["success_criteria"], "opens");

    let item = ok(
        data.path(),
        &[
            "backlog",
            "add",
            "--project",
            &pid,
            "--title",
            "CSV exporter",
            "--priority",
            "urgent",
            "--label",
            "ui,api",
            "--requirement",
            &id(&req),
            "--status",
            "ready",
        ],
    );
    assert_eq!(item["priority"], "urgent");
    assert_eq!(item["labels"], serde_json::json!(["ui", "api"]));
    ok(
        data.path(),
        &["backlog", "add", "--project", &pid, "--title", "Later", "--priority", "high"],
    );
    ok(
        data.path(),
        &["backlog", "add", "--project", &pid, "--title", "Someday", "--priority", "low"],
    );

    let by_priority =
        ok(data.path(), &["backlog", "list", "--project", &pid, "--sort", "priority"]);
    let order: Vec<&str> =
        by_priority.as_array().unwrap().iter().map(|i| i["priority"].as_str().unwrap()).collect();
    assert_eq!(order, ["urgent", "high", "low"]);
    let labelled = ok(data.path(), &["backlog", "list", "--project", &pid, "--label", "API"]);
    assert_eq!(labelled.as_array().unwrap().len(), 1);

    let commit = ok(data.path(), &["backlog", "commit", &id(&item)]);
    assert_eq!(commit["already_applied"], false);
    assert_eq!(commit["item"]["status"], "committed");
    assert_eq!(commit["task"]["priority"], "urgent");
    let replay = ok(data.path(), &["backlog", "commit", &id(&item)]);
    assert_eq!(replay["already_applied"], true);
    assert_eq!(replay["task"]["id"], commit["task"]["id"]);

    let tasks = ok(data.path(), &["task", "list", "--project", &pid]);
    assert_eq!(tasks.as_array().unwrap().len(), 1);
    let task = &tasks[0];
    for key in [
        "id",
        "project_id",
        "title",
        "status",
        "priority",
        "source",
        "dispatch_status",
        "execution_result",
    ] {
        assert!(task.get(key).is_some(), "task JSON has `{key}`: {task}");
    }
    assert_eq!(task["dispatch_status"], "none");
    let shown = ok(data.path(), &["task", "show", &id(task)]);
    assert_eq!(shown["lineage"][0]["lineage_kind"], "backlog_item");

    let edited = ok(
        data.path(),
        &["task", "edit", &id(task), "--status", "in_progress", "--assignee", "ana"],
    );
    assert_eq!(edited["status"], "in_progress");

    let human = anpm(data.path(), &["task", "list"]);
    assert!(human.status.success());
    let text = String::from_utf8(human.stdout).unwrap();
    assert!(text.starts_with("ID") && text.contains("CSV exporter"), "{text}");
}

#[test]
fn bad_input_gets_a_stable_code_and_changes_nothing() {
    let data = DataDir::new();
    let repo = GitRepo::new();
    let repo_path = repo.path().to_str().unwrap();
    let pid = id(&ok(data.path(), &["project", "add", repo_path]));
    let req = id(&ok(data.path(), &["req", "add", "--project", &pid, "--title", "Keep"]));
    let blocked = id(&ok(
        data.path(),
        &["backlog", "add", "--project", &pid, "--title", "Parked", "--status", "blocked"],
    ));
    let item = id(&ok(
        data.path(),
        &["backlog", "add", "--project", &pid, "--title", "Go", "--requirement", &req],
    ));
    let task = id(&ok(data.path(), &["backlog", "commit", &item])["task"]);
    let unknown = "0b7e8a52-6c47-4a3e-9b43-5c3a8cd6b2f1";
    let plain = tempfile::tempdir().unwrap();
    let missing = plain.path().join("missing");
    let with_unknown = format!("{task},{unknown}");
    let twice = format!("{task},{task}");
    let before = everything(data.path(), &pid);

    let cases: Vec<(Vec<&str>, &str, &str)> = vec![
        (vec!["project", "add", repo_path], "conflict", "already the project"),
        (
            vec!["project", "add", plain.path().to_str().unwrap()],
            "not_a_git_repo",
            "not inside a git work tree",
        ),
        (vec!["project", "add", missing.to_str().unwrap()], "path_not_found", "does not exist"),
        (vec!["project", "show", unknown], "not_found", "was not found"),
        (vec!["project", "show", "nope"], "invalid_input", "not a valid id"),
        (
            vec!["req", "add", "--project", &pid, "--title", "   "],
            "invalid_input",
            "title must not be empty",
        ),
        (vec!["req", "add", "--project", unknown, "--title", "x"], "not_found", "project"),
        (vec!["req", "edit", &req, "--title", ""], "invalid_input", "title must not be empty"),
        (vec!["req", "edit", &req], "invalid_input", "at least one field"),
        (
            vec!["req", "edit", &req, "--status", "done"],
            "invalid_input",
            "expected one of: draft, planned, archived",
        ),
        (vec!["req", "delete", &req], "conflict", "archive it instead"),
        (vec!["req", "show", unknown], "not_found", "requirement"),
        (
            vec!["backlog", "add", "--project", &pid, "--title", "x", "--priority", "critical"],
            "invalid_input",
            "priority",
        ),
        (
            vec!["backlog", "add", "--project", &pid, "--title", "x", "--status", "committed"],
            "invalid_input",
            "committed",
        ),
        (vec!["backlog", "add", "--project", &pid, "--title", ""], "invalid_input", "title"),
        (
            vec!["backlog", "list", "--project", &pid, "--status", "later"],
            "invalid_input",
            "backlog item status",
        ),
        (vec!["backlog", "list", "--project", &pid, "--sort", "alpha"], "invalid_input", "sort"),
        (vec!["backlog", "commit", &blocked], "invalid_transition", "blocked"),
        (vec!["backlog", "commit", unknown], "not_found", "backlog item"),
        (vec!["backlog", "edit", &item, "--title", "Renamed"], "conflict", "belong to its task"),
        (
            vec!["backlog", "edit", &item, "--status", "ready"],
            "invalid_transition",
            "stays committed",
        ),
        (vec!["task", "add", "--project", &pid, "--title", " "], "invalid_input", "title"),
        (
            vec!["task", "add", "--project", &pid, "--title", "x", "--status", "blocked"],
            "invalid_input",
            "task status",
        ),
        (vec!["task", "list", "--dispatch-status", "paused"], "invalid_input", "dispatch status"),
        (vec!["task", "edit", &task, "--priority", "asap"], "invalid_input", "priority"),
        (
            vec!["task", "batch-edit", "--ids", &with_unknown, "--status", "done"],
            "not_found",
            unknown,
        ),
        (vec!["task", "batch-edit", "--ids", &twice, "--status", "done"], "invalid_input", "twice"),
        (
            vec!["task", "batch-edit", "--ids", &task],
            "invalid_input",
            "status, priority or assignee",
        ),
    ];
    for (args, code, needle) in cases {
        let (exit, got_code, message) = refused(data.path(), &args);
        assert_eq!(exit, 1, "{args:?}");
        assert_eq!(got_code, code, "{args:?}: {message}");
        assert!(message.contains(needle), "{args:?}: `{message}` should mention `{needle}`");
    }
    assert_eq!(everything(data.path(), &pid), before, "refused operations changed the database");
}

#[test]
fn usage_errors_exit_2_with_the_json_envelope() {
    let data = DataDir::new();
    let (exit, code, message) = refused(data.path(), &["task", "add", "--title", "no project"]);
    assert_eq!((exit, code.as_str()), (2, "usage"));
    assert!(message.contains("--project"), "{message}");
    let (exit, code, _) = refused(data.path(), &["frobnicate"]);
    assert_eq!((exit, code.as_str()), (2, "usage"));

    let plain = anpm(data.path(), &["frobnicate"]);
    assert_eq!(plain.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&plain.stderr).contains("frobnicate"));
    let help = anpm(data.path(), &["--help"]);
    assert!(help.status.success());
    assert!(String::from_utf8_lossy(&help.stdout)
        .contains("Without a subcommand, opens the desktop window"));
}

#[test]
fn batch_edit_accepts_100_ids_and_refuses_101() {
    let data = DataDir::new();
    let repo = GitRepo::new();
    let pid = id(&ok(data.path(), &["project", "add", repo.path().to_str().unwrap()]));
    let ids: Vec<String> = (0..100)
        .map(|i| {
            id(&ok(data.path(), &["task", "add", "--project", &pid, "--title", &format!("t{i}")]))
        })
        .collect();
    let edited =
        ok(data.path(), &["task", "batch-edit", "--ids", &ids.join(","), "--priority", "urgent"]);
    assert_eq!(edited.as_array().unwrap().len(), 100);
    let mut too_many = ids.clone();
    too_many.push("0b7e8a52-6c47-4a3e-9b43-5c3a8cd6b2f1".into());
    let (_, code, message) = refused(
        data.path(),
        &["task", "batch-edit", "--ids", &too_many.join(","), "--priority", "low"],
    );
    assert_eq!(code, "invalid_input");
    assert!(message.contains("1 to 100"), "{message}");
}

#[test]
fn two_processes_adding_tasks_concurrently_lose_nothing() {
    const PER_WRITER: usize = 200;
    let data = DataDir::new();
    let repo = GitRepo::new();
    let pid = id(&ok(data.path(), &["project", "add", repo.path().to_str().unwrap()]));
    let writers: Vec<_> = ["a", "b"]
        .into_iter()
        .map(|writer| {
            let data = data.path().to_owned();
            let pid = pid.clone();
            std::thread::spawn(move || {
                for i in 0..PER_WRITER {
                    let title = format!("{writer}-{i}");
                    let out = anpm(
                        &data,
                        &["task", "add", "--project", &pid, "--title", &title, "--json"],
                    );
                    assert!(
                        out.status.success(),
                        "{title}: {}",
                        String::from_utf8_lossy(&out.stderr)
                    );
                }
            })
        })
        .collect();
    for writer in writers {
        writer.join().expect("writer thread");
    }
    let tasks = ok(data.path(), &["task", "list", "--project", &pid, "--all"]);
    let mut titles: Vec<String> =
        tasks.as_array().unwrap().iter().map(|t| t["title"].as_str().unwrap().to_owned()).collect();
    titles.sort();
    let mut expected: Vec<String> =
        ["a", "b"].iter().flat_map(|w| (0..PER_WRITER).map(move |i| format!("{w}-{i}"))).collect();
    expected.sort();
    assert_eq!(titles, expected);
}

#[test]
fn data_dir_comes_from_the_environment_when_no_flag_is_given() {
    let data = DataDir::new();
    let out = Command::new(env!("CARGO_BIN_EXE_anpm"))
        .args(["project", "list", "--json"])
        .env("ANPM_DATA_DIR", data.path())
        .output()
        .expect("running anpm");
    assert!(out.status.success());
    assert!(data.path().join("anpm.db").exists());
}

/// Issue 10, point 13: control characters in stored titles never reach the terminal as controls in text
/// output (an escape sequence in a title could clear or rewrite the screen); `--json` keeps them.
#[test]
fn control_characters_in_titles_are_shown_escaped_in_text_output() {
    let data = DataDir::new();
    let repo = GitRepo::new();
    let pid = id(&ok(data.path(), &["project", "add", repo.path().to_str().unwrap()]));
    let hostile = "Fix \u{1b}[2J\u{1b}]0;pwned\u{7} login";
    ok(data.path(), &["task", "add", "--project", &pid, "--title", hostile]);
    let out = anpm(data.path(), &["task", "list", "--project", &pid]);
    let text = String::from_utf8(out.stdout).expect("utf-8");
    assert!(!text.contains('\u{1b}') && !text.contains('\u{7}'), "{text:?}");
    assert!(text.contains("\\u{1b}[2J"), "shown escaped: {text}");
    let json = ok(data.path(), &["task", "list", "--project", &pid]);
    assert_eq!(json[0]["title"], hostile, "the stored title is unchanged");
}

/// Issue 10, point 12: the CLI writes its tracing events to a daily file in the data dir at the level
/// ANPM_LOG sets; `anpm logs` reads them back, `--since` filters by time and refuses what it cannot read.
#[test]
fn commands_log_to_a_daily_file_that_anpm_logs_reads_back() {
    let data = DataDir::new();
    let logged = Command::new(env!("CARGO_BIN_EXE_anpm"))
        .arg("--data-dir")
        .arg(data.path())
        .args(["dispatch", "status"])
        .env("ANPM_LOG", "debug")
        .output()
        .expect("run");
    assert!(logged.status.success());
    let files: Vec<_> = std::fs::read_dir(data.path().join("logs")).expect("logs").collect();
    assert_eq!(files.len(), 1, "one file for today");
    let name = files[0].as_ref().expect("entry").file_name().into_string().expect("name");
    assert!(name.starts_with("anpm.") && name.ends_with(".log"), "{name}");

    let lines = ok(data.path(), &["logs"]);
    let lines = lines.as_array().expect("lines");
    assert!(
        lines.iter().any(|l| l.as_str().unwrap().contains("command=\"Dispatch\"")),
        "{lines:?}"
    );
    assert_eq!(ok(data.path(), &["logs", "--since", "2099-01-01T00:00"]), serde_json::json!([]));
    assert!(!ok(data.path(), &["logs", "--since", "1h"]).as_array().unwrap().is_empty());
    let (exit, code, message) = refused(data.path(), &["logs", "--since", "yesterday"]);
    assert_eq!((exit, code.as_str()), (1, "invalid_input"), "{message}");
    assert!(message.contains("yesterday"), "{message}");
}
