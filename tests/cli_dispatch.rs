//! The dispatch commands of the real binary: agents, dispatch next and serve, crash recovery.

mod common;

use std::process::Command;

use anpm_testkit::{DataDir, GitRepo};
use common::*;

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

/// Issue 10, point 13: `dispatch serve --concurrency N` refused because another process runs the loop
/// leaves the stored concurrency as it was; `task requeue` refuses a task that was never dispatched.
#[test]
fn a_refused_serve_stores_no_concurrency_and_requeue_refuses_a_never_dispatched_task() {
    let data = DataDir::new();
    let repo = GitRepo::new();
    let core = anpm_core::Core::open(anpm_core::Config::at(data.path())).expect("core");
    core.dispatch().start_loop().expect("this process runs the loop");
    let (exit, code, message) = refused(data.path(), &["dispatch", "serve", "--concurrency", "7"]);
    assert_eq!((exit, code.as_str()), (1, "conflict"), "{message}");
    assert_eq!(ok(data.path(), &["dispatch", "status"])["concurrency"], 2, "still the default");
    core.shutdown();

    let pid = id(&ok(data.path(), &["project", "add", repo.path().to_str().unwrap()]));
    let task = id(&ok(data.path(), &["task", "add", "--project", &pid, "--title", "Never queued"]));
    let (exit, code, message) = refused(data.path(), &["task", "requeue", &task]);
    assert_eq!((exit, code.as_str()), (1, "invalid_transition"));
    assert!(message.contains("never dispatched"), "{message}");
}
