//! Every task is runnable: a task made by hand gets a role and an agent afterwards or when it is added,
//! `run` queues it (and says when dispatch is paused), "run now" starts it at once while paused — in
//! this process when no loop runs, ahead of the queue when one does — and a refused run changes nothing.

mod support;

use anpm_core::api::RunStart;
use anpm_core::domain::*;
use anpm_core::ErrorCode;
use support::*;

/// A task added by hand is no dead end: its role and agent are set afterwards, `run` queues it (saying
/// when dispatch is paused), `run --now` starts it while paused — in this process when no loop runs, and
/// through the running loop, ahead of older queued work, when one does.
#[test]
fn a_task_added_by_hand_gets_a_role_and_runs_now_while_paused() {
    let w = world();
    let script = w.agents.script(
        "writer",
        "cat > /dev/null\nprintf 'by hand\\n' > \"by-hand-$$.txt\"\necho '```json'\necho '{}'\necho '```'",
    );
    w.profile("writer", AgentKind::Custom, script, vec![], None);
    let add = |title: &str| {
        let input = NewTask::new(title, None, None, None, None).expect("valid");
        w.core.tasks().add(w.project.id, input).expect("task").id
    };
    let by_hand = add("Write a file by hand");

    let no_role = w.core.tasks().run(by_hand, None, None, false).expect_err("no role yet");
    assert_eq!(no_role.code(), ErrorCode::InvalidTransition);
    assert!(no_role.to_string().contains("has no role"), "{no_role}");
    let patch = |role: &str, agent: &str| {
        RawTaskPatch { role: Some(role.into()), agent: Some(agent.into()), ..Default::default() }
            .parse()
            .expect("valid")
    };
    let unknown_role =
        w.core.tasks().edit(by_hand, &patch("wizard", "writer")).expect_err("unknown role");
    assert!(unknown_role.to_string().contains("unknown role `wizard`"), "{unknown_role}");
    let unknown_agent =
        w.core.tasks().edit(by_hand, &patch("backend-architect", "ghost")).expect_err("no agent");
    assert_eq!(unknown_agent.code(), ErrorCode::NotFound);
    let edited = w.core.tasks().edit(by_hand, &patch("backend-architect", "writer")).expect("edit");
    assert_eq!(edited.execution_role.as_deref(), Some("backend-architect"));
    assert!(edited.agent_profile_id.is_some());

    w.core.dispatch().set_paused(true).expect("pause");
    let queued = w.core.tasks().run(by_hand, None, None, false).expect("run");
    assert_eq!(
        (queued.started, queued.task.dispatch_status),
        (RunStart::QueuedWhilePaused, DispatchStatus::Queued)
    );
    assert!(w
        .core
        .tasks()
        .run(by_hand, None, None, false)
        .expect_err("twice")
        .to_string()
        .contains("already queued"));
    // No loop runs anywhere: "now" runs it in this process, paused or not.
    let ran = w.core.tasks().run(by_hand, None, None, true).expect("run now");
    assert_eq!(ran.started, RunStart::RanHere);
    assert_eq!(
        (ran.task.dispatch_status, ran.task.review_status),
        (DispatchStatus::Completed, ReviewStatus::InReview)
    );
    // A refused run changes nothing, not even the role it was given.
    let refused =
        w.core.tasks().run(by_hand, Some("test-writer"), None, false).expect_err("completed");
    assert!(refused.to_string().contains("task followup"), "{refused}");
    let kept = w.core.tasks().get(by_hand).expect("task").task;
    assert_eq!(kept.execution_role.as_deref(), Some("backend-architect"));

    // With a paused loop running: the task asked for starts first, the older queued one keeps waiting.
    let older = add("Wait in the queue");
    let newer = add("Jump the queue");
    for id in [older, newer] {
        w.core.tasks().run(id, Some("backend-architect"), Some("writer"), false).expect("queue");
    }
    w.core.dispatch().start_loop().expect("loop");
    assert_eq!(
        w.core.tasks().run(newer, None, None, true).expect("run now").started,
        RunStart::AskedLoop
    );
    let done = w.wait_finished_from(newer, DispatchStatus::Queued);
    assert_eq!(done.dispatch_status, DispatchStatus::Completed);
    assert_eq!(
        w.core.tasks().get(older).expect("older").task.dispatch_status,
        DispatchStatus::Queued
    );
    w.core.dispatch().stop_loop();
}

/// Quick-add with a role queues the task at once, as committing a backlog item with a role does; an
/// unknown role stores nothing.
#[test]
fn a_task_added_with_a_role_is_queued_at_once() {
    let w = world();
    let raw = |role: &str| {
        RawTask { title: "Add with a role".into(), role: Some(role.into()), ..Default::default() }
            .parse()
            .expect("valid")
    };
    let err = w.core.tasks().add(w.project.id, raw("wizard")).expect_err("unknown role");
    assert!(err.to_string().contains("unknown role `wizard`"), "{err}");
    assert!(
        w.core.tasks().list(&TaskFilter::default()).expect("list").is_empty(),
        "nothing stored"
    );
    let task = w.core.tasks().add(w.project.id, raw("test-writer")).expect("added");
    assert_eq!(
        (task.dispatch_status, task.execution_role.as_deref()),
        (DispatchStatus::Queued, Some("test-writer"))
    );
    assert!(task.dispatch_queued_at.is_some());
    let plain = w.core.tasks().add(w.project.id, raw("")).expect("no role");
    assert_eq!((plain.dispatch_status, plain.execution_role), (DispatchStatus::None, None));
}
