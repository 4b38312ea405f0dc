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
    let task = queued_task_for(data.path(), &repo, &script);
    let mut serve = serve(data.path());
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
    // The implementation draft builds on nothing, so applying it with a role queues it at once.
    let candidates = run["candidates"].as_array().expect("candidates");
    let first = candidates
        .iter()
        .find(|c| c["suggestion_type"] == "implementation")
        .expect("implementation");
    let candidate = id(first);
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
    // The work waits on the task's branch, in its own worktree; the checkout has nothing yet.
    assert_eq!(finished["review_status"], "in_review");
    assert!(
        !repo.path().join("docs/notes.md").exists(),
        "nothing reaches the checkout before review"
    );
    let workspace = ok(data.path(), &["task", "workspace", &task]);
    let folder = std::path::PathBuf::from(workspace["path"].as_str().expect("path"));
    assert!(folder.starts_with(data.path()), "worktrees live under the data dir: {folder:?}");
    assert_eq!(std::fs::read_to_string(folder.join("docs/notes.md")).expect("written"), "notes");
    assert_eq!(
        (workspace["base"].as_str(), workspace["files_changed"].as_i64()),
        (Some("main"), Some(1))
    );
    assert!(workspace["disk_bytes"].as_u64().is_some_and(|b| b > 0));
    let diff = ok(data.path(), &["task", "diff", &task]);
    assert_eq!(diff["files"][0]["new_path"], "docs/notes.md");
    assert_eq!(diff["files"][0]["change"], "added");
    assert_eq!(diff["files"][0]["hunks"][0]["lines"][0]["text"], "notes");
    let stat = ok(data.path(), &["task", "diff", &task, "--stat"]);
    assert!(stat["files"][0].get("hunks").is_none(), "--stat leaves the lines out");
    let text =
        String::from_utf8(anpm(data.path(), &["task", "diff", &task]).stdout).expect("utf-8");
    assert!(text.contains("added") && text.contains("+notes"), "{text}");

    let merged = ok(data.path(), &["task", "merge", &task, "--strategy", "squash"]);
    assert_eq!(
        (merged["review_status"].as_str(), merged["task"]["status"].as_str()),
        (Some("merged"), Some("done"))
    );
    assert_eq!(
        std::fs::read_to_string(repo.path().join("docs/notes.md")).expect("merged"),
        "notes"
    );
    assert!(!folder.exists(), "the worktree is removed after the merge");
    let (_, code, _) = refused(data.path(), &["task", "merge", &task]);
    assert_eq!(code, "invalid_transition", "merged work does not merge twice");
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

/// Sets up a project with one task queued for `script` (a custom agent), returning the task id.
fn queued_task_for(data: &std::path::Path, repo: &GitRepo, script: &std::path::Path) -> String {
    ok(
        data,
        &[
            "agent",
            "add",
            "fake",
            "--kind",
            "custom",
            "--command",
            script.to_str().unwrap(),
            "--default",
        ],
    );
    let pid = id(&ok(data, &["project", "add", repo.path().to_str().unwrap()]));
    let item = id(&ok(data, &["backlog", "add", "--project", &pid, "--title", "Long job"]));
    id(&ok(data, &["backlog", "commit", &item, "--role", "test-writer"])["task"])
}

/// `anpm dispatch serve` on `data`, in the background.
fn serve(data: &std::path::Path) -> std::process::Child {
    Command::new(env!("CARGO_BIN_EXE_anpm"))
        .arg("--data-dir")
        .arg(data)
        .args(["dispatch", "serve"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("starting dispatch serve")
}

/// Waits until every path holds a pid, and returns them.
fn pids(paths: &[std::path::PathBuf]) -> Vec<i32> {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    loop {
        let read: Vec<Option<i32>> =
            paths.iter().map(|p| std::fs::read_to_string(p).ok()?.trim().parse().ok()).collect();
        if read.iter().all(Option::is_some) {
            return read.into_iter().flatten().collect();
        }
        assert!(std::time::Instant::now() < deadline, "the agent never started");
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}

fn gone_within(pid: i32, secs: u64) -> bool {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(secs);
    while alive(pid) && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    !alive(pid)
}

/// Issue 10, points 3 and 10: anpm dies (SIGKILL) while its agent runs a `setsid` daemon; the agent dies of
/// the hang-up, the daemon survives it. The very next command (a plain `task show`) finds the task's
/// owner gone, stops the daemon although its leader is long gone, and shows the task failed
/// `interrupted`; `dispatch status` shows nothing running; `task cancel` on it succeeds; `dispatch next`
/// with no loop anywhere says so.
#[test]
fn the_next_command_after_a_crash_reconciles_the_orphan_and_stops_its_escaped_daemon() {
    let data = DataDir::new();
    let repo = GitRepo::new();
    let agents = anpm_testkit::FakeAgents::new();
    let (leader_file, daemon_file) = (agents.dir().join("leader"), agents.dir().join("daemon"));
    let script = agents.script(
        "spawner",
        &format!(
            "cat > /dev/null\necho $$ > {leader}\n\
             setsid sh -c 'trap \"\" TERM HUP; echo $$ > {daemon}; while :; do sleep 1; done' &\n\
             while :; do sleep 1; done",
            leader = leader_file.display(),
            daemon = daemon_file.display()
        ),
    );
    let task = queued_task_for(data.path(), &repo, &script);
    let mut serve = serve(data.path());
    let [leader, daemon] = pids(&[leader_file, daemon_file])[..] else { unreachable!() };
    serve.kill().expect("kill -9 the dispatch loop");
    serve.wait().expect("reap");
    assert!(gone_within(leader, 10), "the agent dies of the hang-up");
    assert!(alive(daemon), "the setsid daemon outlives anpm and its leader");

    let shown = ok(data.path(), &["task", "show", &task]);
    assert_eq!(shown["dispatch_status"], "failed");
    assert_eq!(shown["execution_result"]["error_kind"], "interrupted");
    assert_eq!(shown["last_attempt"]["outcome"], "interrupted");
    assert!(gone_within(daemon, 2), "recovery stops the daemon though its leader is gone");

    let status = ok(data.path(), &["dispatch", "status"]);
    assert_eq!(status["running"], serde_json::json!([]));
    assert_eq!(status["owner"], serde_json::Value::Null);
    assert_eq!(ok(data.path(), &["task", "cancel", &task])["dispatch_status"], "failed");
    let next = ok(data.path(), &["dispatch", "next"]);
    assert!(next["message"].as_str().unwrap().contains("no dispatch loop is running"), "{next}");
}

/// Issue 10, point 10: `dispatch next --wait` stopped by SIGTERM (and by Ctrl-C) stops its agent, records
/// the attempt `interrupted` with its output, and leaves no `running` row.
#[test]
fn dispatch_next_wait_stopped_by_a_signal_records_interrupted_and_leaves_no_ghost() {
    for signal in [nix::sys::signal::Signal::SIGTERM, nix::sys::signal::Signal::SIGINT] {
        let data = DataDir::new();
        let repo = GitRepo::new();
        let agents = anpm_testkit::FakeAgents::new();
        let leader_file = agents.dir().join("leader");
        let script = agents.script(
            "sleeper",
            &format!(
                "cat > /dev/null\necho working\necho $$ > {}\nwhile :; do sleep 1; done",
                leader_file.display()
            ),
        );
        let task = queued_task_for(data.path(), &repo, &script);
        let next = Command::new(env!("CARGO_BIN_EXE_anpm"))
            .arg("--data-dir")
            .arg(data.path())
            .args(["dispatch", "next", "--wait", "--json"])
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("starting dispatch next --wait");
        let [leader] = pids(&[leader_file])[..] else { unreachable!() };
        nix::sys::signal::kill(nix::unistd::Pid::from_raw(next.id() as i32), signal)
            .expect("signal");
        let out = next.wait_with_output().expect("wait");
        let printed: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
        assert_eq!(printed["dispatch_status"], "failed", "{signal}: {printed}");
        assert_eq!(printed["execution_result"]["error_kind"], "interrupted", "{signal}");
        assert!(!alive(leader), "{signal}: the agent is stopped");
        let shown = ok(data.path(), &["task", "show", &task]);
        assert_eq!(shown["last_attempt"]["outcome"], "interrupted");
        assert!(shown["last_attempt"]["output_bytes"].as_i64().unwrap() > 0, "output kept");
    }
}

/// Issue 11: four tasks run at once, each in its own worktree of the same repository; a kill -9 of the
/// dispatch loop mid-agent leaves every worktree and its changes in place, and recovery fails each task
/// `interrupted` with its work kept as a WIP commit on its branch.
#[test]
fn four_parallel_tasks_keep_their_work_as_wip_when_the_loop_is_killed() {
    let data = DataDir::new();
    let repo = GitRepo::new();
    let agents = anpm_testkit::FakeAgents::new();
    let marks = agents.dir().join("marks");
    std::fs::create_dir_all(&marks).expect("marks");
    let script = agents.script(
        "busy-agent",
        &format!(
            "trap '' HUP TERM\ncat > /dev/null\necho \"work of $ANPM_TASK_ID\" > work.txt\npwd > {m}/$ANPM_TASK_ID\nwhile true; do sleep 1; done",
            m = marks.display()
        ),
    );
    let first = queued_task_for(data.path(), &repo, &script);
    let pid = ok(data.path(), &["task", "show", &first])["project_id"]
        .as_str()
        .expect("project")
        .to_owned();
    let mut tasks = vec![first];
    for n in 1..4 {
        let item = id(&ok(
            data.path(),
            &["backlog", "add", "--project", &pid, "--title", &format!("Job {n}")],
        ));
        tasks.push(id(
            &ok(data.path(), &["backlog", "commit", &item, "--role", "test-writer"])["task"]
        ));
    }
    let mut serve = Command::new(env!("CARGO_BIN_EXE_anpm"))
        .arg("--data-dir")
        .arg(data.path())
        .args(["dispatch", "serve", "--concurrency", "4"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("starting dispatch serve");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while tasks.iter().any(|t| !marks.join(t).exists()) {
        if std::time::Instant::now() > deadline {
            let states: Vec<String> = tasks
                .iter()
                .map(|t| {
                    let shown = ok(data.path(), &["task", "show", t]);
                    format!(
                        "{} {} {}",
                        shown["dispatch_status"],
                        shown["execution_result"],
                        marks.join(t).exists()
                    )
                })
                .collect();
            panic!("the four agents never all started: {states:#?}");
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let folders: Vec<std::path::PathBuf> = tasks
        .iter()
        .map(|t| {
            std::path::PathBuf::from(std::fs::read_to_string(marks.join(t)).expect("mark").trim())
        })
        .collect();
    let distinct: std::collections::BTreeSet<_> = folders.iter().collect();
    assert_eq!(distinct.len(), 4, "one worktree per task: {folders:?}");
    serve.kill().expect("kill -9 the dispatch loop");
    serve.wait().expect("reap");

    let status = ok(data.path(), &["dispatch", "status"]);
    assert_eq!(status["running"], serde_json::json!([]), "the next command reconciled: {status}");
    for (task, folder) in tasks.iter().zip(&folders) {
        let shown = ok(data.path(), &["task", "show", task]);
        assert_eq!(shown["execution_result"]["error_kind"], "interrupted", "{shown}");
        assert_eq!(
            std::fs::read_to_string(folder.join("work.txt")).expect("kept"),
            format!("work of {task}\n")
        );
        let ws = ok(data.path(), &["task", "workspace", task]);
        let branch = ws["branch"].as_str().expect("branch");
        let log = Command::new("git")
            .args(["-C", repo.path().to_str().unwrap(), "log", "-1", "--format=%s", branch])
            .output()
            .expect("git log");
        let subject = String::from_utf8_lossy(&log.stdout);
        assert!(subject.starts_with("WIP: "), "{task}: {subject}");
    }
    assert!(!repo.path().join("work.txt").exists(), "the operator's checkout is untouched");
}
