//! The dispatch engine end to end, in process, with real fake-agent executables in real PTYs: every
//! outcome a task can end in, files written inside the repository only, cancel, requeue, the scheduler's
//! concurrency and pause, and cross-process pickup.

mod support;

use std::time::{Duration, Instant};

use anpm_core::domain::*;
use anpm_core::{Config, Core, ErrorCode};
use support::*;

const FILES_RESULT: &str = r#"{"files":[{"path":"src/lib.rs","contents":"pub fn hi() {}\n"},{"path":"/etc/evil","contents":"x"}],"test_instructions":"cargo test","risks":[],"followups":[]}"#;

#[test]
fn a_successful_claude_run_writes_files_inside_the_repo_and_records_everything() {
    let w = world();
    w.profile(
        "fake",
        AgentKind::Claude,
        w.agents.claude_success("claude-ok", FILES_RESULT),
        vec![],
        None,
    );
    let id = w.queue("Build it", "backend-architect", "fake");
    let task = w.run_next();
    assert_eq!(task.id, id);
    assert_eq!(task.dispatch_status, DispatchStatus::Completed, "{:?}", task.execution_result);
    let result = task.execution_result.clone().expect("result");
    assert_eq!(result["files_applied"], 1);
    assert_eq!(result["files_rejected"][0]["path"], "/etc/evil");
    // Written in the task's own worktree and committed on its branch; the operator's checkout is untouched.
    let workspace = w.core.review().workspace(id).expect("workspace");
    assert_eq!(
        std::fs::read_to_string(std::path::Path::new(&workspace.workspace.path).join("src/lib.rs"))
            .expect("written in the worktree"),
        "pub fn hi() {}\n"
    );
    assert!(!w.repo.path().join("src/lib.rs").exists(), "the checkout is not touched");
    assert!(
        workspace.workspace.branch.starts_with("anpm/build-it-"),
        "{}",
        workspace.workspace.branch
    );
    assert_eq!((workspace.workspace.files_changed, workspace.workspace.additions), (1, 1));
    assert_eq!(result["changes"]["files"], 1);
    assert_eq!(
        (task.status, task.review_status, task.stage),
        (TaskStatus::InProgress, ReviewStatus::InReview, Stage::InReview),
        "a completed dispatch moves the task to review, for the operator to decide on"
    );

    let detail = w.core.tasks().get(id).expect("detail");
    let attempt = detail.last_attempt.expect("attempt");
    assert_eq!(attempt.outcome, AttemptOutcome::Completed);
    assert_eq!(
        (attempt.cost_usd, attempt.input_tokens, attempt.output_tokens),
        (Some(0.0123), Some(1300), Some(340))
    );
    assert_eq!(attempt.session_id.as_deref(), Some("fake-session"));
    assert_eq!(attempt.files_applied, 1);
    assert_eq!(attempt.exit_code, Some(0));
    assert!(attempt.output_bytes > 0);
    let log = w.core.tasks().log(id, None).expect("log");
    assert!(log.text.contains("\"type\":\"result\""));
    let activity = w.core.activity().current();
    assert!(activity.iter().any(|a| a.subject_id.as_deref() == Some(&id.to_string())
        && a.step
            .as_deref()
            .is_some_and(|s| s.starts_with("in review: 1 file(s), +1 -0 on anpm/build-it-"))));
}

#[test]
fn claude_reporting_an_error_as_success_fails_with_the_right_kind() {
    let w = world();
    let script = w.agents.script(
        "claude-auth",
        "cat > /dev/null\necho '{\"type\":\"result\",\"subtype\":\"success\",\"is_error\":true,\"result\":\"Invalid API key · Please run /login\",\"api_error_status\":401}'\nexit 1",
    );
    w.profile("fake", AgentKind::Claude, script, vec![], None);
    w.queue("Build it", "backend-architect", "fake");
    let task = w.run_next();
    assert_eq!(task.dispatch_status, DispatchStatus::Failed);
    assert_eq!(w.kind_of(&task), "session_expired");
    let detail = w.core.tasks().get(task.id).expect("detail");
    assert!(detail.remediation.expect("remediation").contains("anpm agent test"));
    assert_eq!(
        detail.last_attempt.expect("attempt").error_message,
        "Invalid API key · Please run /login"
    );
}

#[test]
fn codex_runs_end_by_their_terminal_event() {
    let w = world();
    let ok = w.agents.script(
        "codex-ok",
        "cat > /dev/null\necho '{\"type\":\"thread.started\",\"thread_id\":\"th-1\"}'\necho '{\"type\":\"item.completed\",\"item\":{\"id\":\"i\",\"type\":\"agent_message\",\"text\":\"{\\\"findings\\\": [], \\\"accept_with_changes\\\": true}\"}}'\necho '{\"type\":\"turn.completed\",\"usage\":{\"input_tokens\":5,\"output_tokens\":6}}'\nexit 1",
    );
    let limited = w.agents.script(
        "codex-limit",
        "cat > /dev/null\necho '{\"type\":\"error\",\"message\":\"Reconnecting... 1/5\"}'\necho '{\"type\":\"turn.failed\",\"error\":{\"message\":\"You have hit your usage limit.\"}}'\nexit 1",
    );
    let silent = w.agents.script(
        "codex-silent",
        "cat > /dev/null\necho '{\"type\":\"thread.started\",\"thread_id\":\"t\"}'\nexit 0",
    );
    w.profile("ok", AgentKind::Codex, ok, vec![], None);
    w.profile("limited", AgentKind::Codex, limited, vec![], None);
    w.profile("silent", AgentKind::Codex, silent, vec![], None);
    w.queue("Review it", "code-reviewer", "ok");
    let done = w.run_next();
    assert_eq!(
        done.dispatch_status,
        DispatchStatus::Completed,
        "completed turn wins over exit 1: {:?}",
        done.execution_result
    );
    assert_eq!(done.execution_result.expect("result")["accept_with_changes"], true);
    w.queue("Review more", "code-reviewer", "limited");
    assert_eq!(w.kind_of(&w.run_next()), "rate_limited");
    w.queue("Review again", "code-reviewer", "silent");
    let silent = w.run_next();
    assert_eq!(silent.dispatch_status, DispatchStatus::Failed);
    assert!(silent.execution_result.expect("result")["error_message"]
        .as_str()
        .unwrap()
        .contains("without a final result"));
}

#[test]
fn custom_text_agents_non_zero_exits_and_bad_results() {
    let w = world();
    let reader = w.agents.script("reads-file", "test -s \"$1\" || exit 9\necho '{\"endpoints\": [{\"method\": \"GET\", \"path\": \"/health\"}], \"breaking_change\": false}'");
    w.profile("custom-ok", AgentKind::Custom, reader, vec!["{prompt_file}".into()], None);
    w.queue("Contract", "api-contract-writer", "custom-ok");
    assert_eq!(w.run_next().dispatch_status, DispatchStatus::Completed);

    let crash = w.agents.script("crash", "cat > /dev/null\necho 'segfault-ish' >&2\nexit 3");
    w.profile("crash", AgentKind::Custom, crash, vec![], None);
    w.queue("Crash", "test-writer", "crash");
    let crashed = w.run_next();
    assert_eq!(w.kind_of(&crashed), "unknown");
    assert_eq!(
        w.core.tasks().get(crashed.id).expect("detail").last_attempt.expect("attempt").exit_code,
        Some(3)
    );

    let prose = w.agents.script("prose", "cat > /dev/null\necho 'I refuse to answer in JSON.'");
    w.profile("prose", AgentKind::Custom, prose, vec![], None);
    w.queue("Prose", "test-writer", "prose");
    assert_eq!(w.kind_of(&w.run_next()), "invalid_result_schema");

    // Each role's own contract: a reviewer answering with files, a schema designer without its SQL.
    let files_only = w.agents.script("files-only", "cat > /dev/null\necho '{\"files\": []}'");
    w.profile("files-only", AgentKind::Custom, files_only, vec![], None);
    w.queue("Review", "code-reviewer", "files-only");
    let review = w.run_next();
    assert_eq!(w.kind_of(&review), "invalid_result_schema");
    assert!(review.execution_result.expect("r")["error_message"]
        .as_str()
        .unwrap()
        .contains("`findings`"));
    let half = w.agents.script(
        "half-migration",
        "cat > /dev/null\necho '{\"migration\": {\"filename\": \"V9__x.sql\"}}'",
    );
    w.profile("half", AgentKind::Custom, half, vec![], None);
    w.queue("Schema", "db-schema-designer", "half");
    let schema = w.run_next();
    assert!(schema.execution_result.expect("r")["error_message"]
        .as_str()
        .unwrap()
        .contains("migration.up_sql"));

    // The overview's throughput counts each ended attempt on the day it ended.
    let today = w.core.dashboard(None).expect("dashboard").trend.pop().expect("today");
    assert_eq!((today.completed, today.failed), (1, 4));
}

#[test]
fn a_timeout_stops_a_sigterm_ignoring_tree_and_a_flood_is_output_too_large() {
    let w = world_with(&[("ANPM_DISPATCH_TIMEOUT", "1"), ("ANPM_DISPATCH_OUTPUT_MAX", "4096")]);
    let stubborn = w.agents.script(
        "stubborn",
        "trap '' TERM\n(trap '' TERM; sleep 300) &\nwhile true; do echo working; sleep 0.1; done",
    );
    w.profile("stubborn", AgentKind::Custom, stubborn, vec![], None);
    w.queue("Hang", "test-writer", "stubborn");
    let started = Instant::now();
    let hung = w.run_next();
    assert_eq!(w.kind_of(&hung), "dispatch_timeout");
    assert!(started.elapsed() < Duration::from_secs(6), "{:?}", started.elapsed());
    let pgid = w
        .core
        .tasks()
        .get(hung.id)
        .expect("detail")
        .last_attempt
        .expect("attempt")
        .pgid
        .expect("pgid");
    assert!(
        anpm_core::dispatch::pty::group_members(pgid as i32).is_empty(),
        "no agent process survives"
    );

    let flood = w.agents.script(
        "flood",
        "cat > /dev/null\nhead -c 20000 /dev/zero | tr '\\0' 'x'\necho\necho '{\"files\": []}'",
    );
    w.profile("flood", AgentKind::Custom, flood, vec![], None);
    w.queue("Flood", "test-writer", "flood");
    let flooded = w.run_next();
    assert_eq!(w.kind_of(&flooded), "output_too_large");
    let attempt = w.core.tasks().get(flooded.id).expect("detail").last_attempt.expect("attempt");
    assert!(attempt.truncated && attempt.output_bytes > 4096);
}

#[test]
fn the_limit_settings_apply_when_no_environment_variable_overrides_them() {
    let w = world();
    for (key, bad) in [("dispatch.timeout_seconds", "-1"), ("dispatch.output_max_bytes", "12")] {
        let err = w.core.settings().set(key, bad).expect_err(bad);
        assert_eq!(err.code(), ErrorCode::InvalidInput, "{key}={bad}");
        assert!(err.to_string().contains(key), "{err}");
    }
    w.core.settings().set("dispatch.timeout_seconds", "1").expect("timeout");
    w.core.settings().set("dispatch.output_max_bytes", " 4096 ").expect("cap");
    assert_eq!(w.core.settings().get("dispatch.output_max_bytes").expect("read").value, "4096");

    let sleeper = w.agents.script(
        "sleeper",
        "cat > /dev/null
sleep 30",
    );
    w.profile("sleeper", AgentKind::Custom, sleeper, vec![], None);
    w.queue("Sleep", "test-writer", "sleeper");
    let started = Instant::now();
    assert_eq!(w.kind_of(&w.run_next()), "dispatch_timeout");
    assert!(started.elapsed() < Duration::from_secs(5), "{:?}", started.elapsed());

    let flood = w.agents.script(
        "flood",
        "cat > /dev/null\nhead -c 20000 /dev/zero | tr '\\0' 'x'\necho\necho '{\"files\": []}'",
    );
    w.profile("flood", AgentKind::Custom, flood, vec![], None);
    w.queue("Flood", "test-writer", "flood");
    assert_eq!(w.kind_of(&w.run_next()), "output_too_large");
}

#[test]
fn role_and_agent_problems_fail_with_their_kinds() {
    let w = world_with(&[("PATH", "/nonexistent")]);
    let task = NewTask::new("No role", None, None, None, None)
        .expect("valid")
        .into_task(w.project.id, Timestamp::now());
    let stale = Task {
        execution_role: Some("retired-role".into()),
        dispatch_status: DispatchStatus::Queued,
        dispatch_queued_at: Some(Timestamp::now()),
        ..task.clone()
    };
    let malformed = Task {
        id: TaskId::new(),
        dispatch_status: DispatchStatus::Queued,
        dispatch_queued_at: Some(Timestamp::now().plus_seconds(1)),
        ..task
    };
    w.core
        .store()
        .write(|tx| {
            tx.insert_task(&stale)?;
            tx.insert_task(&malformed)
        })
        .expect("insert");
    assert_eq!(w.kind_of(&w.run_next()), "role_not_found");
    assert_eq!(w.kind_of(&w.run_next()), "role_dispatch_malformed");
    let audit = w
        .core
        .store()
        .read(|tx| tx.audit_of(AuditSubject::Task, &stale.id.to_string()))
        .expect("audit");
    assert_eq!(audit[0].actor_kind, ActorKind::System);

    // No profile, nothing on PATH.
    let item =
        RawBacklogItem { title: "Orphan".to_owned(), ..Default::default() }.parse().expect("valid");
    let item = w.core.backlog().add(w.project.id, item).expect("item");
    w.core.backlog().commit(item.id, Some("test-writer"), None).expect("commit");
    assert_eq!(w.kind_of(&w.run_next()), "cli_not_found");
}

#[test]
fn cancel_and_requeue() {
    let w = world();
    let slow =
        w.agents.script("slow", "cat > /dev/null\necho started\nsleep 30\necho '{\"files\": []}'");
    w.profile("slow", AgentKind::Custom, slow, vec![], None);
    let ok = w.agents.claude_success("claude-ok", r#"{"files": []}"#);
    w.profile("ok", AgentKind::Claude, ok, vec![], None);

    // Cancelling a queued task needs no agent.
    let queued = w.queue("Queued", "test-writer", "slow");
    assert_eq!(
        w.core.tasks().cancel(queued).expect("cancel").dispatch_status,
        DispatchStatus::Cancelled
    );
    assert_eq!(
        w.core.tasks().cancel(queued).expect_err("again").code(),
        ErrorCode::InvalidTransition
    );

    // A running task is cancelled through the database, as another process would ask.
    let running = w.requeue_and_wait_running(queued);
    let started = Instant::now();
    w.core.tasks().cancel(running).expect("cancel running");
    let task = w.wait_finished(running);
    assert_eq!(task.dispatch_status, DispatchStatus::Cancelled);
    assert!(started.elapsed() < Duration::from_secs(5));

    // Requeue with another agent: the attempts are kept, the result is cleared.
    let requeued = w.core.tasks().requeue(running, Some("ok")).expect("requeue");
    assert_eq!(
        (requeued.dispatch_status, requeued.execution_result.clone()),
        (DispatchStatus::Queued, None)
    );
    let done = w.wait_finished_from(running, DispatchStatus::Queued);
    assert_eq!(done.dispatch_status, DispatchStatus::Completed);
    w.core.dispatch().stop_loop();
    let attempts = w.core.tasks().attempts(running).expect("attempts");
    assert_eq!(
        attempts.iter().map(|a| a.outcome).collect::<Vec<_>>(),
        [AttemptOutcome::Cancelled, AttemptOutcome::Completed]
    );
    assert_eq!(
        w.core.tasks().requeue(running, None).expect_err("completed is final").code(),
        ErrorCode::InvalidTransition
    );
}

#[test]
fn the_scheduler_respects_concurrency_pause_and_picks_up_work_from_other_processes() {
    let w = world();
    let slow = w.agents.script("slowish", "cat > /dev/null\nsleep 1\necho '{\"files\": []}'");
    w.profile("slowish", AgentKind::Custom, slow, vec![], None);
    w.core.dispatch().set_concurrency(2).expect("concurrency");
    w.core.dispatch().set_paused(true).expect("pause");
    let ids: Vec<TaskId> =
        (0..4).map(|i| w.queue(&format!("t{i}"), "test-writer", "slowish")).collect();
    w.core.dispatch().start_loop().expect("dispatcher");
    std::thread::sleep(Duration::from_millis(1500));
    assert_eq!(
        w.core.dispatch().state().expect("state").running.len(),
        0,
        "paused: nothing claimed"
    );

    w.core.dispatch().set_paused(false).expect("resume");
    let mut max_running = 0;
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let running = w.core.dispatch().state().expect("state").running.len();
        max_running = max_running.max(running);
        let done = ids
            .iter()
            .filter(|id| {
                w.core.tasks().get(**id).unwrap().task.dispatch_status == DispatchStatus::Completed
            })
            .count();
        if done == ids.len() || Instant::now() > deadline {
            break;
        }
        std::thread::sleep(Duration::from_millis(25));
    }
    assert_eq!(max_running, 2, "two agents at most, and two at once");
    assert!(ids.iter().all(
        |id| w.core.tasks().get(*id).unwrap().task.dispatch_status == DispatchStatus::Completed
    ));

    // Another process queues a task: the loop finds it within its one-second poll.
    let other = Core::open(Config { env: Some(env(&[])), ..Config::at(w.data.path()) })
        .expect("second core");
    let item = RawBacklogItem { title: "From elsewhere".to_owned(), ..Default::default() }
        .parse()
        .expect("valid");
    let item = other.backlog().add(w.project.id, item).expect("item");
    let queued_at = Instant::now();
    let id = other
        .backlog()
        .commit(item.id, Some("test-writer"), Some("slowish"))
        .expect("commit")
        .task
        .id;
    loop {
        let task = w.core.tasks().get(id).unwrap().task;
        if task.dispatch_status != DispatchStatus::Queued {
            break;
        }
        assert!(queued_at.elapsed() < Duration::from_secs(3), "not picked up");
        std::thread::sleep(Duration::from_millis(10));
    }
    assert!(
        queued_at.elapsed() < Duration::from_millis(1500),
        "picked up in {:?}",
        queued_at.elapsed()
    );
    w.core.dispatch().stop_loop();
    // A second loop on the same data directory is refused while one runs.
    w.core.dispatch().start_loop().expect("first");
    assert_eq!(other.dispatch().start_loop().expect_err("second").code(), ErrorCode::Conflict);
    w.core.dispatch().stop_loop();
}

#[test]
fn a_terminal_opened_mid_run_sees_the_earlier_output_then_the_rest_live() {
    use anpm_core::dispatch::live::LiveChunk;
    let w = world();
    // Prints a line, waits so the watcher can join mid-run, prints another, then its result.
    let talky = w.agents.script(
        "talky",
        "cat > /dev/null\necho 'first line'\nsleep 1\necho 'second line'\necho '{\"files\": []}'",
    );
    w.profile("talky", AgentKind::Custom, talky, vec![], None);
    let id = w.queue("talk", "test-writer", "talky");
    w.core.dispatch().start_loop().expect("dispatcher");

    let deadline = Instant::now() + Duration::from_secs(10);
    let watch = loop {
        let watch = w.core.tasks().watch_output(id);
        if String::from_utf8_lossy(&watch.tail).contains("first line") {
            break watch;
        }
        assert!(Instant::now() < deadline, "the first line never showed up");
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(watch.running);
    assert!(!String::from_utf8_lossy(&watch.tail).contains("second line"));
    let mut live = Vec::new();
    let mut ended = false;
    while let Ok(chunk) = watch.updates.recv_timeout(Duration::from_secs(10)) {
        match chunk {
            LiveChunk::Output(bytes) => live.extend(bytes),
            LiveChunk::Skipped(n) => panic!("a prompt watcher skipped {n} bytes"),
            LiveChunk::Ended => {
                ended = true;
                break;
            }
        }
    }
    assert!(ended, "the watch ends with the attempt");
    assert!(String::from_utf8_lossy(&live).contains("second line"));
    assert_eq!(w.wait_finished(id).dispatch_status, DispatchStatus::Completed);
    let after = w.core.tasks().watch_output(id);
    assert!(!after.running && String::from_utf8_lossy(&after.tail).contains("second line"));
    w.core.dispatch().stop_loop();
}

#[test]
fn finished_tasks_become_one_notice_each_with_the_failure_kind() {
    use anpm_core::app::Notices;
    let w = world();
    let ok = w.agents.script("ok", "cat > /dev/null\necho '{\"files\": []}'");
    let logged_out = w.agents.script(
        "logged-out",
        "cat > /dev/null\necho 'Invalid API key · Please run /login'\nexit 1",
    );
    let limited = w.agents.script(
        "limited",
        "cat > /dev/null\necho 'Error: usage limit reached; try again in 2 hours'\nexit 1",
    );
    w.profile("ok", AgentKind::Custom, ok, vec![], None);
    w.profile("logged-out", AgentKind::Custom, logged_out, vec![], None);
    w.profile("limited", AgentKind::Custom, limited, vec![], None);
    let (_, mut updates) = w.core.activity().subscribe();
    let good = w.queue("good one", "test-writer", "ok");
    w.run_next();
    let bad = w.queue("bad one", "test-writer", "logged-out");
    w.run_next();
    let waits = w.queue("limited one", "test-writer", "limited");
    w.run_next();

    let mut notices = Notices::new();
    let mut seen = Vec::new();
    let mut replay = Vec::new();
    while let Ok(activity) = updates.try_recv() {
        replay.push(activity.clone());
        if let Some(notice) = notices.for_activity(&w.core, &activity).expect("notice") {
            seen.push(notice);
        }
    }
    assert_eq!(seen.len(), 3, "{seen:?}");
    assert_eq!(seen[0].kind, anpm_core::app::NoticeKind::TaskCompleted);
    assert_eq!(seen[0].title, "Task completed");
    assert_eq!(seen[0].subject_id, good.to_string());
    assert!(seen[0].body.contains("good one"));
    assert_eq!(seen[1].kind, anpm_core::app::NoticeKind::TaskFailed);
    assert_eq!(seen[1].title, "Task failed: session expired");
    assert_eq!(seen[1].subject_id, bad.to_string());
    assert!(seen[1].body.contains("not logged in"), "{}", seen[1].body);
    // A usage limit is not the end: the task waits in the queue and the notice says until when.
    assert_eq!(seen[2].title, "Usage limit: the task waits");
    assert_eq!(seen[2].subject_id, waits.to_string());
    let retry_at = w.core.tasks().get(waits).expect("detail").task.retry_at.expect("retry at");
    assert!(seen[2].body.contains(&retry_at.to_string()), "{}", seen[2].body);
    for activity in &replay {
        assert_eq!(notices.for_activity(&w.core, activity).expect("again"), None, "announced once");
    }
}

/// Issue 10, point 8: a valid result after a code block of another language, and an agent that echoes the
/// prompt's example result before its own, both complete with the agent's own answer.
#[test]
fn the_result_is_the_last_fitting_fenced_block_not_the_first_fence() {
    let w = world();
    let after_code = w.agents.script(
        "after-code",
        "cat > /dev/null\nprintf '%s\\n' 'The change:' '```rust' 'fn f() -> u8 { 1 }' '```' 'Result:' '```json' '{\"files\": [{\"path\": \"src/after_code.rs\", \"contents\": \"// ok\\n\"}]}' '```'",
    );
    w.profile("after-code", AgentKind::Custom, after_code, vec![], None);
    let echo = w.agents.script(
        "echo-prompt",
        "cat\nprintf '%s\\n' '```json' '{\"files\": [{\"path\": \"src/echoed.rs\", \"contents\": \"// mine\\n\"}]}' '```'",
    );
    w.profile("echo", AgentKind::Custom, echo, vec![], None);
    for (agent, path) in [("after-code", "src/after_code.rs"), ("echo", "src/echoed.rs")] {
        w.queue(&format!("result from {agent}"), "backend-architect", agent);
        let task = w.run_next();
        assert_eq!(
            task.dispatch_status,
            DispatchStatus::Completed,
            "{agent}: {:?}",
            task.execution_result
        );
        let workspace = w.core.review().workspace(task.id).expect("workspace");
        assert!(
            std::path::Path::new(&workspace.workspace.path).join(path).exists(),
            "{agent}: {path} applied"
        );
    }
}

/// Issue 10, point 4: a project whose repository was deleted fails `workspace_missing` before any agent
/// starts (a PTY would otherwise run the agent in $HOME and the task could end `completed`).
#[test]
fn a_deleted_repository_fails_workspace_missing_and_no_agent_runs() {
    let w = world();
    let marker = w.agents.dir().join("the-agent-ran");
    let script = format!("cat > /dev/null\ntouch '{}'\necho '{{\"files\": []}}'", marker.display());
    let agent = w.agents.script("marks", &script);
    w.profile("marks", AgentKind::Custom, agent, vec![], None);
    w.queue("repo gone", "backend-architect", "marks");
    std::fs::remove_dir_all(w.repo.path()).expect("delete the repository");
    let task = w.run_next();
    assert_eq!(task.dispatch_status, DispatchStatus::Failed);
    assert_eq!(w.kind_of(&task), "workspace_missing");
    assert!(!marker.exists(), "no agent was started");
    let remediation =
        task.execution_result.as_ref().expect("result")["remediation"].as_str().unwrap_or("");
    assert!(remediation.contains("anpm project add"), "{remediation}");
}

/// Issue 10, points 10 and 11: the one shutdown path stops a running agent and records its attempt as
/// `interrupted` (the task failed as interrupted, its output kept in the log), not as the operator's cancel.
#[test]
fn shutdown_interrupts_a_running_task_and_keeps_its_output() {
    let w = world();
    let slow = w
        .agents
        .script("slow", "cat > /dev/null\necho 'working on it'\nsleep 30\necho '{\"files\": []}'");
    w.profile("slow", AgentKind::Custom, slow, vec![], None);
    let id = w.queue("long job", "backend-architect", "slow");
    w.core.dispatch().start_loop().expect("loop");
    let deadline = Instant::now() + Duration::from_secs(10);
    while Instant::now() < deadline {
        let attempt = w.core.tasks().get(id).expect("detail").last_attempt;
        if attempt.is_some_and(|a| a.outcome == AttemptOutcome::Running && a.pid.is_some()) {
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    // Let the agent print its first line before anpm stops.
    std::thread::sleep(Duration::from_millis(500));
    let stopped_at = Instant::now();
    w.core.shutdown();
    assert!(
        stopped_at.elapsed() < Duration::from_secs(10),
        "the agent was stopped, not waited for"
    );
    w.core.shutdown(); // idempotent
    let detail = w.core.tasks().get(id).expect("detail");
    assert_eq!(detail.task.dispatch_status, DispatchStatus::Failed);
    assert_eq!(w.kind_of(&detail.task), "interrupted");
    let attempt = detail.last_attempt.expect("attempt");
    assert_eq!(attempt.outcome, AttemptOutcome::Interrupted);
    let log = std::fs::read_to_string(attempt.log_path.expect("log")).expect("log kept");
    assert!(log.contains("working on it"), "{log}");
}
