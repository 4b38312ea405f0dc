//! The real `anpm` binary against a temporary data directory: `--json` output, exit codes, stable error
//! codes, and that every refused operation leaves the database as it was.

use std::path::Path;
use std::process::{Command, Output};

use anpm_testkit::{DataDir, GitRepo};
use serde_json::Value;

fn anpm(data: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_anpm"))
        .arg("--data-dir")
        .arg(data)
        .args(args)
        .env_remove("ANPM_DATA_DIR")
        .output()
        .expect("running anpm")
}

/// Runs a command expected to succeed with `--json`, returning its parsed stdout.
fn ok(data: &Path, args: &[&str]) -> Value {
    let mut with_json = args.to_vec();
    with_json.push("--json");
    let out = anpm(data, &with_json);
    assert!(
        out.status.success(),
        "anpm {args:?} failed: {}\n{}",
        String::from_utf8_lossy(&out.stderr),
        String::from_utf8_lossy(&out.stdout)
    );
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("anpm {args:?} printed invalid JSON ({e})"))
}

/// Runs a command expected to be refused with `--json`; returns (exit code, error code, message).
fn refused(data: &Path, args: &[&str]) -> (i32, String, String) {
    let mut with_json = args.to_vec();
    with_json.push("--json");
    let out = anpm(data, &with_json);
    assert!(!out.status.success(), "anpm {args:?} unexpectedly succeeded");
    assert!(out.stdout.is_empty(), "a refused command prints nothing on stdout");
    let err: Value = serde_json::from_slice(&out.stderr).unwrap_or_else(|e| {
        panic!("stderr of {args:?} is not JSON ({e}): {}", String::from_utf8_lossy(&out.stderr))
    });
    (
        out.status.code().expect("exit code"),
        err["error"]["code"].as_str().expect("code").to_owned(),
        err["error"]["message"].as_str().expect("message").to_owned(),
    )
}

/// Everything the data directory holds, as the CLI lists it.
fn everything(data: &Path, project: &str) -> Value {
    serde_json::json!({
        "projects": ok(data, &["project", "list"]),
        "requirements": ok(data, &["req", "list", "--all"]),
        "backlog": ok(data, &["backlog", "list", "--project", project, "--all"]),
        "tasks": ok(data, &["task", "list"]),
    })
}

fn id(value: &Value) -> String {
    value["id"].as_str().expect("an id").to_owned()
}

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
    let tasks = ok(data.path(), &["task", "list", "--project", &pid]);
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

    let first = id(&candidates[0]);
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

fn alive(pid: i32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .map(|stat| {
            let state = stat[stat.rfind(')').unwrap() + 2..].chars().next().unwrap();
            state != 'Z' && state != 'X'
        })
        .unwrap_or(false)
}

#[test]
fn a_crash_mid_task_leaves_no_running_task_and_no_agent_process() {
    let data = DataDir::new();
    let repo = GitRepo::new();
    let agents = anpm_testkit::FakeAgents::new();
    let pids = agents.dir().join("pids");
    let script = agents.script(
        "slow-agent",
        // Ignores the hangup its terminal sends when anpm dies, and SIGTERM: only recovery's SIGKILL ends it.
        &format!(
            "trap '' HUP TERM\ncat > /dev/null\necho $$ > {p}.leader\nsleep 300 &\necho $! > {p}.child\nwhile true; do sleep 1; done",
            p = pids.display()
        ),
    );
    ok(
        data.path(),
        &[
            "agent",
            "add",
            "slow",
            "--kind",
            "custom",
            "--command",
            script.to_str().unwrap(),
            "--default",
        ],
    );
    let pid = id(&ok(data.path(), &["project", "add", repo.path().to_str().unwrap()]));
    let item = id(&ok(data.path(), &["backlog", "add", "--project", &pid, "--title", "Long job"]));
    let task = id(&ok(data.path(), &["backlog", "commit", &item, "--role", "test-writer"])["task"]);

    let mut serve = Command::new(env!("CARGO_BIN_EXE_anpm"))
        .arg("--data-dir")
        .arg(data.path())
        .args(["dispatch", "serve"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("starting dispatch serve");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(15);
    let (leader, child) = loop {
        let read = |suffix: &str| {
            std::fs::read_to_string(format!("{}.{suffix}", pids.display()))
                .ok()?
                .trim()
                .parse::<i32>()
                .ok()
        };
        if let (Some(leader), Some(child)) = (read("leader"), read("child")) {
            break (leader, child);
        }
        assert!(std::time::Instant::now() < deadline, "the agent never started");
        std::thread::sleep(std::time::Duration::from_millis(50));
    };
    assert_eq!(ok(data.path(), &["task", "show", &task])["dispatch_status"], "running");
    serve.kill().expect("kill -9 the dispatch loop");
    serve.wait().expect("reap");
    assert!(alive(leader) && alive(child), "the agent outlives its crashed parent until recovery");

    // The next process to take the dispatch lock recovers.
    let next = ok(data.path(), &["dispatch", "next", "--wait"]);
    assert_eq!(next["message"], "no task is queued");
    let shown = ok(data.path(), &["task", "show", &task]);
    assert_eq!(shown["dispatch_status"], "failed");
    assert_eq!(shown["execution_result"]["error_kind"], "interrupted");
    assert_eq!(shown["last_attempt"]["outcome"], "interrupted");
    assert!(shown["remediation"].as_str().unwrap().contains("Requeue"));
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while (alive(leader) || alive(child)) && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert!(!alive(leader) && !alive(child), "no agent process survives the crash");
    assert_eq!(ok(data.path(), &["task", "requeue", &task])["dispatch_status"], "queued");
}

#[test]
fn plan_apply_with_a_role_and_dispatch_through_a_custom_agent() {
    let data = DataDir::new();
    let repo = GitRepo::new();
    let agents = anpm_testkit::FakeAgents::new();
    let fake = agents.script(
        "fake-agent",
        "test -s \"$1\" || exit 9\n\
         echo 'working on it'\n\
         echo '{\"files\": [{\"path\": \"docs/notes.md\", \"contents\": \"notes\"}], \"test_instructions\": \"none\"}'",
    );
    ok(
        data.path(),
        &[
            "agent",
            "add",
            "fake",
            "--kind",
            "custom",
            "--command",
            fake.to_str().unwrap(),
            "--arg",
            "{prompt_file}",
        ],
    );
    let pid = id(&ok(data.path(), &["project", "add", repo.path().to_str().unwrap()]));
    let req = id(&ok(data.path(), &["req", "add", "--project", &pid, "--title", "Write notes"]));
    let run = ok(data.path(), &["plan", "run", "--req", &req, "--wait"]);
    let candidate = id(&run["candidates"][0]);
    let applied = ok(
        data.path(),
        &[
            "candidate",
            "apply",
            &candidate,
            "--approve",
            "--role",
            "backend-architect",
            "--agent",
            "fake",
        ],
    );
    let task = id(&applied["task"]);
    assert_eq!(applied["task"]["dispatch_status"], "queued");

    let finished = ok(data.path(), &["dispatch", "next", "--wait"]);
    assert_eq!(finished["id"], task.as_str());
    assert_eq!(finished["dispatch_status"], "completed");
    assert_eq!(finished["execution_result"]["files_applied"], 1);
    assert_eq!(finished["last_attempt"]["files_applied"], 1);
    assert_eq!(
        std::fs::read_to_string(repo.path().join("docs/notes.md")).expect("written"),
        "notes"
    );
    let log = anpm(data.path(), &["task", "log", &task]);
    assert!(String::from_utf8_lossy(&log.stdout).contains("working on it"));
    let attempts = ok(data.path(), &["task", "attempts", &task]);
    assert_eq!(attempts[0]["outcome"], "completed");
    let status = ok(data.path(), &["dispatch", "status"]);
    assert_eq!((status["queued"].as_i64(), status["paused"].as_bool()), (Some(0), Some(false)));
    let (_, code, _) = refused(data.path(), &["task", "requeue", &task]);
    assert_eq!(code, "invalid_transition");
    let (_, code, _) =
        refused(data.path(), &["agent", "add", "fake", "--kind", "custom", "--command", "x"]);
    assert_eq!(code, "conflict");
}
