//! Orchestration with real parts: dependency graphs in a real SQLite file, chains of fake agents run by the
//! real dispatch loop in real git worktrees — each task starting only when its dependencies let it, from
//! their merged result or stacked on their heads — and the planner's and the backlog's order carried into
//! tasks.

mod support;

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use anpm_core::api::*;
use anpm_core::ErrorCode;
use support::*;

/// An agent that checks `needs` exist in its working directory (exit 3 if not: it started from the wrong
/// base), then writes `file` and ends with `{}`.
fn builder(w: &World, name: &str, needs: &[&str], file: &str) {
    let checks: String = needs.iter().map(|n| format!("test -f {n} || exit 3\n")).collect();
    let script = w.agents.script(
        name,
        &format!("cat > /dev/null\n{checks}echo '{name}' > {file}\necho '```json'\necho '{{}}'\necho '```'"),
    );
    w.profile(name, AgentKind::Custom, script, vec![], None);
}

fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git").arg("-C").arg(dir).args(args).output().expect("git");
    assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}

fn task(w: &World, title: &str) -> TaskId {
    let input = NewTask::new(title, None, None, None, None).expect("valid");
    w.core.tasks().add(w.project.id, input).expect("task").id
}

fn detail(w: &World, id: TaskId) -> TaskDetail {
    w.core.tasks().get(id).expect("detail")
}

/// Waits until `id` is in `stage` (10 s at most).
fn wait_stage(w: &World, id: TaskId, stage: Stage) -> Task {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let task = detail(w, id).task;
        if task.stage == stage {
            return task;
        }
        assert!(
            Instant::now() < deadline,
            "task {} stayed {} (wanted {stage})",
            task.title,
            task.stage
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Three tasks A ← B ← C queued for the builder agents, before the loop runs.
fn chain(w: &World) -> [TaskId; 3] {
    builder(w, "build-a", &[], "a.txt");
    builder(w, "build-b", &["a.txt"], "b.txt");
    builder(w, "build-c", &["a.txt", "b.txt"], "c.txt");
    let a = w.queue("Lay the foundation", "backend-architect", "build-a");
    let b = w.queue("Build on it", "backend-architect", "build-b");
    let c = w.queue("Finish it", "backend-architect", "build-c");
    w.core.dependencies().add(b, a).expect("b after a");
    w.core.dependencies().add(c, b).expect("c after b");
    [a, b, c]
}

#[test]
fn diamonds_are_fine_cycles_and_other_projects_are_refused_with_names() {
    let w = world();
    let [a, b, c, d] = ["a", "b", "c", "d"].map(|t| task(&w, t));
    let deps = w.core.dependencies();
    deps.add(b, a).expect("b → a");
    deps.add(c, a).expect("c → a");
    deps.add(d, b).expect("d → b");
    let shown = deps.add(d, c).expect("d → c");
    assert_eq!(shown.waiting_on, [b, c], "neither is done");
    assert_eq!(deps.add(d, c).expect("again").depends_on.len(), 2, "adding twice changes nothing");

    let err = deps.add(a, d).expect_err("cycle");
    assert_eq!(err.code(), ErrorCode::InvalidInput);
    let message = err.to_string();
    assert!(message.contains(&format!("`{a}` → `{d}` → `{b}` → `{a}`")), "{message}");
    assert_eq!(deps.add(a, a).expect_err("self").code(), ErrorCode::InvalidInput);

    let other_repo = anpm_testkit::GitRepo::new();
    let other = w.core.projects().add(other_repo.path(), Some("other"), None).expect("project");
    let stranger = w
        .core
        .tasks()
        .add(other.id, NewTask::new("stranger", None, None, None, None).expect("valid"))
        .expect("task");
    let err = deps.add(a, stranger.id).expect_err("other project").to_string();
    assert!(err.contains("another project"), "{err}");

    // The detail names them; marking `a` done lets `b` and `c` go, and `d` still waits on both.
    assert_eq!(detail(&w, b).waiting_on, [a]);
    assert_eq!(detail(&w, a).dependents, [b, c]);
    let done = TaskPatch { status: Some(TaskStatus::Done), ..Default::default() };
    w.core.tasks().edit(a, &done).expect("done");
    assert!(detail(&w, b).waiting_on.is_empty());
    assert_eq!(detail(&w, d).waiting_on, [b, c]);
    let removed = deps.remove(d, c).expect("remove");
    assert_eq!(removed.waiting_on, [b]);
    assert_eq!(deps.remove(d, c).expect_err("gone").code(), ErrorCode::NotFound);
}

/// Backlog items ordered by the operator: the same refusals as tasks, and the order carried into tasks
/// whichever item is committed first — one committed before its foundation is held unqueued.
#[test]
fn backlog_item_order_becomes_task_dependencies_whichever_is_committed_first() {
    let w = world();
    let item = |title: &str| {
        let raw = RawBacklogItem { title: title.into(), ..Default::default() };
        w.core.backlog().add(w.project.id, raw.parse().expect("valid")).expect("item").id
    };
    let [schema, importer, report] = ["Ship the schema", "Build the importer", "Report"].map(item);
    let deps = w.core.dependencies();
    deps.add_item(importer, schema).expect("importer after schema");
    let shown = deps.add_item(report, importer).expect("report after importer");
    assert_eq!(shown.depends_on[0].title, "Build the importer");
    let err = deps.add_item(schema, report).expect_err("cycle").to_string();
    assert!(err.contains(&format!("`{schema}` → `{report}` → `{importer}` → `{schema}`")), "{err}");
    let other_repo = anpm_testkit::GitRepo::new();
    let other = w.core.projects().add(other_repo.path(), Some("other"), None).expect("project");
    let raw = RawBacklogItem { title: "Elsewhere".into(), ..Default::default() };
    let stranger = w.core.backlog().add(other.id, raw.parse().expect("valid")).expect("item");
    let err = deps.add_item(report, stranger.id).expect_err("other project");
    assert_eq!(err.code(), ErrorCode::InvalidInput);
    assert!(err.to_string().contains("another project"), "{err}");

    // The importer first: its foundation is no task yet, so it is held, not queued.
    let backlog = w.core.backlog();
    let held = backlog.commit(importer, Some("backend-architect"), None).expect("commit importer");
    assert_eq!(held.held_for, [schema]);
    assert_eq!(held.task.dispatch_status, DispatchStatus::None);
    // The schema next: it queues, and the importer's task now waits on it.
    let first = backlog.commit(schema, Some("backend-architect"), None).expect("commit schema");
    assert!(first.held_for.is_empty());
    assert_eq!(first.task.dispatch_status, DispatchStatus::Queued);
    assert_eq!(detail(&w, held.task.id).waiting_on, [first.task.id]);
    // The report last: its task waits on the importer's at once.
    let last = backlog.commit(report, Some("backend-architect"), None).expect("commit report");
    assert_eq!(detail(&w, last.task.id).waiting_on, [held.task.id]);
    assert_eq!(deps.of_item(report).expect("deps").depends_on[0].task_id, Some(held.task.id));

    // Dropping the items' edge drops their tasks' edge; the item's audit trail says both changes.
    deps.remove_item(report, importer).expect("remove");
    assert!(detail(&w, last.task.id).depends_on.is_empty());
    let trail = w.core.audit().of(AuditSubject::BacklogItem, &report.to_string()).expect("audit");
    let fields: Vec<(&str, Option<&str>)> =
        trail.iter().map(|e| (e.field.as_str(), e.rationale.split(' ').next())).collect();
    assert!(
        fields.contains(&("depends_on", Some("comes")))
            && fields.contains(&("depends_on", Some("dependency"))),
        "{fields:?}"
    );
    assert_eq!(deps.remove_item(report, importer).expect_err("gone").code(), ErrorCode::NotFound);
}

/// Without stacking: B starts only after A merges, from A's merged result; C likewise after B.
#[test]
fn a_chain_runs_in_order_each_task_from_its_dependencys_merged_result() {
    let w = world();
    let [a, b, c] = chain(&w);
    w.core.dispatch().start_loop().expect("loop");
    wait_stage(&w, a, Stage::InReview);
    // In review is not merged: B keeps waiting and says on what.
    std::thread::sleep(Duration::from_millis(400));
    let waiting = detail(&w, b);
    assert_eq!((waiting.task.stage, waiting.waiting_on.clone()), (Stage::Queued, vec![a]));
    assert_eq!(waiting.attempts, 0, "never started");

    let merged = w.core.review().merge(a, MergeStrategy::Merge).expect("merge a");
    let merge_commit = merged.commit.expect("commit");
    wait_stage(&w, b, Stage::InReview);
    let ws = w.core.review().workspace(b).expect("b's workspace").workspace;
    assert_eq!(ws.base_commit, merge_commit, "B was cut from A's merge");
    assert_eq!(detail(&w, c).task.stage, Stage::Queued);

    w.core.review().merge(b, MergeStrategy::Merge).expect("merge b");
    wait_stage(&w, c, Stage::InReview);
    w.core.review().merge(c, MergeStrategy::Merge).expect("merge c");
    for file in ["a.txt", "b.txt", "c.txt"] {
        assert!(w.repo.path().join(file).is_file(), "{file} reached the checkout");
    }
    w.core.dispatch().stop_loop();
}

/// With stacking: the whole chain runs without an operator action, each task on the previous one's head;
/// merging the top of the stack merges it from the base up.
#[test]
fn a_stacked_chain_runs_unattended_and_merges_from_the_base_up() {
    let w = world();
    let patch = WorkspacePatch { stack_on_review: Some(true), ..Default::default() };
    w.core.projects().set_workspace(w.project.id, &patch).expect("stack");
    let [a, b, c] = chain(&w);
    w.core.dispatch().start_loop().expect("loop");
    for id in [a, b, c] {
        wait_stage(&w, id, Stage::InReview);
    }
    let a_head = w.core.review().workspace(a).expect("a").workspace.head;
    let b_ws = w.core.review().workspace(b).expect("b").workspace;
    assert_eq!(b_ws.base_commit, a_head, "B stacked on A's head");
    assert_eq!(b_ws.base, "main", "and still merges into the base branch");

    let outcome = w.core.review().merge(c, MergeStrategy::Merge).expect("merge the stack");
    assert_eq!(outcome.merged_first, [a, b]);
    assert_eq!(outcome.review_status, ReviewStatus::Merged);
    for id in [a, b, c] {
        assert_eq!(detail(&w, id).task.stage, Stage::Done);
    }
    let log = git(w.repo.path(), &["log", "--first-parent", "--format=%s", "-3"]);
    let order: Vec<&str> = log.lines().collect();
    assert_eq!(
        order,
        ["Merge task: Finish it", "Merge task: Build on it", "Merge task: Lay the foundation"],
        "merged from the base up"
    );
    w.core.dispatch().stop_loop();
}

#[test]
fn a_failed_dependency_holds_its_dependents_and_says_so() {
    let w = world();
    let failing = w.agents.script("broken", "cat > /dev/null\necho 'no luck'\nexit 1");
    w.profile("broken", AgentKind::Custom, failing, vec![], None);
    builder(&w, "build-b", &[], "b.txt");
    let a = w.queue("Foundation that fails", "backend-architect", "broken");
    let b = w.queue("Waits for it", "backend-architect", "build-b");
    w.core.dependencies().add(b, a).expect("b after a");
    w.core.dispatch().start_loop().expect("loop");
    wait_stage(&w, a, Stage::Failed);
    std::thread::sleep(Duration::from_millis(300));
    let held = detail(&w, b);
    assert_eq!(
        (held.task.stage, held.waiting_on.clone(), held.attempts),
        (Stage::Queued, vec![a], 0)
    );
    assert_eq!(held.depends_on[0].stage, Stage::Failed, "the dependency's failure is named");
    let board = w.core.dependencies().waiting(w.project.id).expect("waiting");
    assert_eq!(
        board.iter().map(|d| (d.task_id, d.waiting_on.clone())).collect::<Vec<_>>(),
        [(b, vec![a])]
    );
    // Dropping the dependency lets it go at once.
    w.core.dependencies().remove(b, a).expect("remove");
    wait_stage(&w, b, Stage::InReview);
    w.core.dispatch().stop_loop();
}

/// The built-in planner orders its drafts (implementation ← integration ← validation); applying maps that
/// onto tasks whichever is applied first, a candidate applied before its dependencies is held, and "Run
/// this plan" queues the lot in dependency order.
#[test]
fn the_planners_order_becomes_task_dependencies_and_run_this_plan_queues_them() {
    let w = world();
    let (req, _) = planned_candidate(&w);
    let run = w
        .core
        .planning()
        .runs(&PlanningRunFilter { requirement_id: Some(req.id), ..Default::default() })
        .expect("runs");
    let candidates = w.core.planning().run(run[0].id).expect("run").candidates;
    let by_type = |t: &str| candidates.iter().find(|c| c.suggestion_type == t).expect(t).id;
    let (imp, int, val) =
        (by_type("implementation"), by_type("integration"), by_type("validation"));
    for id in [imp, int, val] {
        let patch =
            CandidatePatch { status: Some(CandidateStatus::Approved), ..Default::default() };
        w.core.candidates().update(id, &patch).expect("approve");
    }
    // Validation first: what it builds on is not applied yet, so it is held out of the queue.
    let applied_val =
        w.core.candidates().apply(val, Some("backend-architect"), None).expect("apply");
    assert_eq!(applied_val.held_for, [int]);
    assert_eq!(applied_val.task.dispatch_status, DispatchStatus::None);
    let applied_imp =
        w.core.candidates().apply(imp, Some("backend-architect"), None).expect("apply");
    assert!(applied_imp.held_for.is_empty());
    let applied_int =
        w.core.candidates().apply(int, Some("backend-architect"), None).expect("apply");
    let (t_imp, t_int, t_val) = (applied_imp.task.id, applied_int.task.id, applied_val.task.id);
    assert_eq!(detail(&w, t_int).waiting_on, [t_imp]);
    assert_eq!(detail(&w, t_val).waiting_on, [t_int]);

    let graph = w.core.dependencies().plan(req.id).expect("graph");
    let steps: Vec<(TaskId, Vec<TaskId>)> =
        graph.iter().map(|s| (s.task_id, s.depends_on.clone())).collect();
    assert_eq!(
        steps,
        [(t_imp, vec![]), (t_int, vec![t_imp]), (t_val, vec![t_int])],
        "foundations first"
    );

    let queued = w.core.dependencies().queue_plan(req.id).expect("run this plan");
    assert_eq!(queued.queued, [t_val], "the held one joins the queue");
    assert_eq!(queued.already_active, [t_imp, t_int]);
    let again = w.core.dependencies().queue_plan(req.id).expect("again");
    assert!(again.queued.is_empty(), "nothing queued twice");
}

/// A usage limit with a reset 3 s ahead: the task is queued again for then and runs after it, not before,
/// and another task on the same agent profile waits for the reset too instead of failing.
#[test]
fn a_usage_limit_requeues_the_task_for_the_reset_and_holds_the_profile() {
    let w = world();
    w.core.dispatch().set_concurrency(1).expect("one at a time");
    let marker = w.data.path().join("limit-hit");
    let script = w.agents.script(
        "limited",
        &format!(
            "cat > /dev/null\n\
             if [ -e '{m}' ]; then echo done > out.txt; echo '```json'; echo '{{}}'; echo '```'; exit 0; fi\n\
             touch '{m}'\n\
             echo 'Error: usage limit reached. Your quota will reset after 3s.'\n\
             exit 1",
            m = marker.display()
        ),
    );
    w.profile("limited", AgentKind::Custom, script, vec![], None);
    let a = w.queue("First on the profile", "backend-architect", "limited");
    let b = w.queue("Second on the profile", "backend-architect", "limited");
    w.core.dispatch().start_loop().expect("loop");

    let deadline = Instant::now() + Duration::from_secs(10);
    let retry_at = loop {
        let task = detail(&w, a).task;
        if let (Stage::Queued, Some(at)) = (task.stage, task.retry_at) {
            break at;
        }
        assert!(Instant::now() < deadline, "the limited task was not queued again: {task:?}");
        std::thread::sleep(Duration::from_millis(20));
    };
    let first = w.core.tasks().attempts(a).expect("attempts");
    assert_eq!(first[0].error_kind, Some(ErrorKind::RateLimited));
    let wait = retry_at.as_datetime() - first[0].ended_at.expect("ended").as_datetime();
    assert!((2.5..=3.5).contains(&wait.as_seconds_f64()), "the reset the agent named: {wait}");
    assert_eq!(detail(&w, b).attempts, 0, "the second task waits for the reset instead of failing");

    wait_stage(&w, a, Stage::InReview);
    wait_stage(&w, b, Stage::InReview);
    let again = w.core.tasks().attempts(a).expect("attempts");
    assert_eq!(again.len(), 2);
    assert!(again[1].started_at >= retry_at, "ran again after the reset, not before");
    let second = w.core.tasks().attempts(b).expect("attempts");
    assert_eq!(second.len(), 1, "never failed on the limit");
    assert!(second[0].started_at >= retry_at);
    assert!(detail(&w, a).task.retry_at.is_none(), "claiming clears the wait");
    w.core.dispatch().stop_loop();
}

/// A task budget of $1 and an agent whose stream reports a growing cost: the run is stopped once it goes
/// over, the attempt fails `budget_exceeded` naming the setting, and the task does not start again while
/// its budget is spent. A daily project budget that is spent holds the next task until tomorrow.
#[test]
fn a_run_over_the_task_budget_is_stopped_and_a_spent_day_holds_the_queue() {
    let w = world();
    w.core.settings().set("budget.task_usd", "1").expect("task budget");
    let script = w.agents.script(
        "spender",
        "cat > /dev/null\n\
         for cost in 0.2 0.4 0.6 0.8 1.0 1.2 1.4 1.6 1.8 2.0; do\n\
           echo \"{\\\"type\\\":\\\"result\\\",\\\"subtype\\\":\\\"success\\\",\\\"is_error\\\":false,\\\"total_cost_usd\\\":$cost,\\\"result\\\":\\\"working\\\"}\"\n\
           sleep 0.2\n\
         done\n\
         sleep 30",
    );
    w.profile("spender", AgentKind::Custom, script, vec![], Some(OutputFormat::ClaudeStreamJson));
    let id = w.queue("Spend a lot", "backend-architect", "spender");
    let started = Instant::now();
    let task = w.run_next();
    assert!(started.elapsed() < Duration::from_secs(15), "stopped long before the agent's own end");
    assert_eq!(task.dispatch_status, DispatchStatus::Failed);
    let attempt = w.core.tasks().attempts(id).expect("attempts").pop().expect("attempt");
    assert_eq!(attempt.error_kind, Some(ErrorKind::BudgetExceeded));
    assert!(attempt.error_message.contains("budget.task_usd"), "{}", attempt.error_message);
    let cost = attempt.cost_usd.expect("cost recorded");
    assert!((1.0..1.6).contains(&cost), "stopped just past the budget: {cost}");
    assert!(detail(&w, id).remediation.expect("remediation").contains("budget.task_usd"));

    // Spent: a requeue does not run the agent again.
    w.core.tasks().requeue(id, None).expect("requeue");
    let again = w.run_next();
    assert_eq!(again.dispatch_status, DispatchStatus::Failed);
    assert_eq!(w.core.tasks().attempts(id).expect("attempts").len(), 1, "no second attempt");

    // The roll-up counts it, by task and by agent.
    let by_task = w.core.usage().report(Some(w.project.id), UsageGroup::Task).expect("usage");
    assert_eq!(by_task.rows.len(), 1);
    assert_eq!((by_task.rows[0].key.clone(), by_task.rows[0].cost_usd), (id.to_string(), cost));
    assert_eq!(by_task.task_budget_usd, Some(1.0));
    let by_agent = w.core.usage().report(None, UsageGroup::Agent).expect("usage");
    assert_eq!(by_agent.rows[0].label, "spender");
    let by_day = w.core.usage().report(Some(w.project.id), UsageGroup::Day).expect("usage");
    assert_eq!(by_day.rows.len(), 1);
    assert_eq!(by_day.total.cost_usd, cost);

    // The project spent more than a $1 day: the next task waits for tomorrow instead of starting.
    w.core.settings().set("budget.project_daily_usd", "1").expect("daily budget");
    builder(&w, "cheap", &[], "cheap.txt");
    let next = w.queue("Cheap but late", "backend-architect", "cheap");
    let held = w.run_next();
    assert_eq!(held.id, next);
    assert_eq!(held.dispatch_status, DispatchStatus::Queued);
    let until = held.retry_at.expect("waits");
    assert!(until > Timestamp::now() && until <= Timestamp::now().plus_seconds(24 * 3600));
    assert_eq!(detail(&w, next).attempts, 0);
    assert_eq!(
        w.core.settings().set("budget.task_usd", "lots").expect_err("not money").code(),
        ErrorCode::InvalidInput
    );
}

/// A model planner's four candidates in a chain (each `depends_on` the one before, by position).
const FOUR_IN_A_CHAIN: &str = r#"```json
{"candidates": [
  {"suggestion_type": "implementation", "title": "Lay the schema", "description": "step 1", "depends_on": []},
  {"suggestion_type": "implementation", "title": "Write the store", "description": "step 2", "depends_on": [0]},
  {"suggestion_type": "integration", "title": "Wire the screen", "description": "step 3", "depends_on": [1]},
  {"suggestion_type": "validation", "title": "Prove it end to end", "description": "step 4", "depends_on": [2, 9, 3]}
]}
```"#;

/// Plans a requirement through a fake model that answers [`FOUR_IN_A_CHAIN`], approves and applies the four
/// candidates last first (each held until what it builds on is applied, the first queued at once), and
/// returns the tasks in chain order. Each task's agent writes `step-N.txt`, N one more than the step files
/// it finds: a task that did not start from its predecessor's work writes the wrong step.
fn four_dependent_tasks(w: &World) -> (RequirementId, Vec<TaskId>) {
    let llm = anpm_testkit::FakeLlm::start(anpm_testkit::Reply::content(FOUR_IN_A_CHAIN));
    w.core.settings().set("planning.base_url", &format!("{}/v1/", llm.base_url())).expect("url");
    w.core.settings().set("planning.model", "planner").expect("model");
    let script = w.agents.script(
        "stepper",
        "cat > /dev/null\nn=$(ls step-*.txt 2>/dev/null | wc -l)\necho done > step-$((n+1)).txt\necho '```json'\necho '{}'\necho '```'",
    );
    w.profile("stepper", AgentKind::Custom, script, vec![], None);
    let input =
        NewRequirement::new("Ship the invoices screen", None, None, None, None).expect("valid");
    let req = w.core.requirements().add(w.project.id, input).expect("requirement");
    let run = w
        .core
        .planning()
        .start(req.id, Some(ProviderKind::OpenAiCompatible), PlanningTemplate::Backlog)
        .expect("start");
    let run = w.core.planning().execute(run.id).expect("execute");
    assert_eq!(run.status, PlanningRunStatus::Completed, "{}", run.error_message);
    let candidates = w.core.planning().run(run.id).expect("detail").candidates;
    let by_title = |t: &str| candidates.iter().find(|c| c.title == t).expect(t).id;
    let chain = ["Lay the schema", "Write the store", "Wire the screen", "Prove it end to end"]
        .map(by_title);
    let mut tasks = Vec::new();
    for id in chain.iter().rev() {
        let patch =
            CandidatePatch { status: Some(CandidateStatus::Approved), ..Default::default() };
        w.core.candidates().update(*id, &patch).expect("approve");
        let applied = w
            .core
            .candidates()
            .apply(*id, Some("backend-architect"), Some("stepper"))
            .expect("apply");
        tasks.push(applied.task.id);
    }
    tasks.reverse();
    for (i, t) in tasks.iter().enumerate() {
        let deps: Vec<TaskId> = detail(w, *t).depends_on.iter().map(|d| d.task_id).collect();
        assert_eq!(
            deps,
            tasks[..i].last().copied().into_iter().collect::<Vec<_>>(),
            "the planner's chain"
        );
    }
    (req.id, tasks)
}

fn steps_in_checkout(w: &World) -> Vec<String> {
    let mut found: Vec<String> = std::fs::read_dir(w.repo.path())
        .expect("checkout")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.starts_with("step-"))
        .collect();
    found.sort();
    found
}

/// "Done when", stacked: the four run by themselves in order after one "Run this plan", without an operator
/// action until the review of the stack, and merging its top merges the stack from the base up.
#[test]
fn a_planned_chain_of_four_runs_itself_in_order_stacked_on_review() {
    let w = world();
    let stack = WorkspacePatch { stack_on_review: Some(true), ..Default::default() };
    w.core.projects().set_workspace(w.project.id, &stack).expect("stack");
    let (req, tasks) = four_dependent_tasks(&w);
    let queued = w.core.dependencies().queue_plan(req).expect("run this plan");
    assert_eq!(queued.queued, tasks[1..].to_vec(), "the held three join the first");
    w.core.dispatch().start_loop().expect("loop");
    for id in &tasks {
        wait_stage(&w, *id, Stage::InReview);
    }
    let started: Vec<Timestamp> = tasks
        .iter()
        .map(|t| w.core.tasks().attempts(*t).expect("attempts")[0].started_at)
        .collect();
    assert!(started.windows(2).all(|p| p[0] < p[1]), "in dependency order: {started:?}");
    for id in &tasks {
        assert_eq!(
            w.core.tasks().attempts(*id).expect("attempts").len(),
            1,
            "each ran once, first time right"
        );
    }
    let outcome = w.core.review().merge(tasks[3], MergeStrategy::Merge).expect("merge the stack");
    assert_eq!(outcome.merged_first, tasks[..3].to_vec());
    assert_eq!(steps_in_checkout(&w), ["step-1.txt", "step-2.txt", "step-3.txt", "step-4.txt"]);
    w.core.dispatch().stop_loop();
}

/// "Done when", without stacking: each task starts right after its dependency's merge, from its result.
#[test]
fn a_planned_chain_of_four_starts_each_task_after_the_merge_before_it() {
    let w = world();
    let (req, tasks) = four_dependent_tasks(&w);
    w.core.dependencies().queue_plan(req).expect("run this plan");
    w.core.dispatch().start_loop().expect("loop");
    for (i, id) in tasks.iter().enumerate() {
        wait_stage(&w, *id, Stage::InReview);
        if let Some(next) = tasks.get(i + 1) {
            assert_eq!(detail(&w, *next).waiting_on, [*id], "the next waits for this merge");
        }
        let merged = w.core.review().merge(*id, MergeStrategy::Merge).expect("merge");
        assert_eq!(merged.review_status, ReviewStatus::Merged);
    }
    assert_eq!(steps_in_checkout(&w), ["step-1.txt", "step-2.txt", "step-3.txt", "step-4.txt"]);
    w.core.dispatch().stop_loop();
}
