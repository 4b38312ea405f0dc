//! Agents outside task dispatch: the role router, the agent-CLI planner, and which agent runs a task.

mod support;

use anpm_core::domain::*;
use anpm_core::ErrorCode;
use support::*;

#[test]
fn the_role_router_validates_and_stores_nothing() {
    let w = world();
    let answer = r#"{"role_id": "test-writer", "confidence": 1.4, "reasoning": "Tests are asked for.\u0001", "alternatives": [{"role_id": "dispatcher", "reason": "no", "score": 0.9}, {"role_id": "code-reviewer", "reason": "maybe", "score": 0.3}]}"#;
    let router = w.agents.script("router", &format!("test -s \"$1\" || exit 9\necho '{answer}'"));
    let input = NewAgentProfile::new(
        "router",
        AgentKind::Custom,
        Some(router.to_str().unwrap()),
        vec!["{prompt_file}".into()],
        None,
        None,
        true,
    )
    .expect("valid");
    w.core.agents().add(input).expect("agent");
    let (_, candidate) = planned_candidate(&w);
    let outcome = w.core.candidates().suggest_role(candidate.id).expect("suggest");
    let s = outcome.suggestion.expect("a suggestion");
    assert_eq!((s.role_id.as_str(), s.confidence), ("test-writer", 1.0));
    assert_eq!(s.reasoning, "Tests are asked for.");
    assert_eq!(
        s.alternatives.iter().map(|a| a.role_id.as_str()).collect::<Vec<_>>(),
        ["code-reviewer"]
    );
    assert_eq!(
        w.core.candidates().get(candidate.id).expect("candidate").candidate,
        candidate,
        "advisory: nothing stored"
    );

    let meta = w.agents.script(
        "meta-router",
        "cat > /dev/null\necho '{\"role_id\": \"dispatcher\", \"confidence\": 0.9}'",
    );
    let patch = anpm_core::app::AgentPatch {
        command: Some(meta.display().to_string()),
        args: Some(vec![]),
        ..Default::default()
    };
    w.core.agents().edit("router", &patch).expect("edit");
    let none = w.core.candidates().suggest_role(candidate.id).expect("suggest");
    assert_eq!(
        (none.suggestion, none.error_kind.map(|k| k.as_str())),
        (None, Some("router_no_match"))
    );
}

#[test]
fn an_agent_cli_can_plan_and_its_scores_are_normalized() {
    let w = world();
    let reply = r#"```json
{"candidates": [{"title": "Write checkout tests", "priority_score": 0.9, "confidence": 0.8, "evidence": ["task:unknown"]},
                {"title": "Review checkout", "suggestion_type": "validation"}]}
```"#;
    let planner =
        w.agents.script("planner", &format!("cat > /dev/null\ncat <<'EOF'\n{reply}\nEOF"));
    let input = NewAgentProfile::new(
        "planner",
        AgentKind::Custom,
        Some(planner.to_str().unwrap()),
        vec![],
        None,
        None,
        true,
    )
    .expect("valid");
    w.core.agents().add(input).expect("agent");
    let req = w
        .core
        .requirements()
        .add(
            w.project.id,
            NewRequirement::new("Test checkout", None, None, None, None).expect("valid"),
        )
        .expect("req");
    let run = w
        .core
        .planning()
        .start(req.id, Some(ProviderKind::Agent), PlanningTemplate::Backlog)
        .expect("start");
    assert_eq!(run.model_id, "planner");
    let run = w.core.planning().execute(run.id).expect("run");
    assert_eq!(run.status, PlanningRunStatus::Completed, "{}", run.error_message);
    let candidates = w.core.planning().run(run.id).expect("detail").candidates;
    let first = candidates.iter().find(|c| c.title == "Write checkout tests").expect("first");
    assert_eq!((first.priority_score, first.confidence), (90.0, 80.0), "0–1 scaled to 0–100");
    let second = candidates.iter().find(|c| c.title == "Review checkout").expect("second");
    assert_eq!((second.priority_score, second.confidence), (95.0, 82.0), "order-based fallbacks");
    assert!(!first.evidence.iter().any(|e| e.contains("unknown")), "unknown ids are not evidence");

    let empty = w.agents.script("empty-planner", "cat > /dev/null\necho '{\"candidates\": []}'");
    let patch = anpm_core::app::AgentPatch {
        command: Some(empty.display().to_string()),
        ..Default::default()
    };
    w.core.agents().edit("planner", &patch).expect("edit");
    let run = w
        .core
        .planning()
        .start(req.id, Some(ProviderKind::Agent), PlanningTemplate::Backlog)
        .expect("start");
    let run = w.core.planning().execute(run.id).expect("run");
    assert_eq!(
        (run.status, run.error_kind.map(|k| k.as_str())),
        (PlanningRunStatus::Failed, Some("no_valid_candidates"))
    );
    assert!(run.error_message.contains("no valid backlog candidates"), "{}", run.error_message);
}

#[test]
fn role_and_project_defaults_choose_the_agent_before_the_global_default() {
    use anpm_core::domain::AgentScope;
    let w = world();
    let marker = |name: &str| {
        w.agents.script(
            name,
            &format!("cat > /dev/null\necho '{{\"files\": [], \"followups\": [\"{name}\"]}}'"),
        )
    };
    for name in ["global", "by-role", "by-project"] {
        let input = NewAgentProfile::new(
            name,
            AgentKind::Custom,
            Some(marker(name).to_str().unwrap()),
            vec![],
            None,
            None,
            name == "global",
        )
        .expect("valid");
        w.core.agents().add(input).expect("agent");
    }
    let ran_with = |w: &World| {
        let item =
            RawBacklogItem { title: "t".to_owned(), ..Default::default() }.parse().expect("valid");
        let item = w.core.backlog().add(w.project.id, item).expect("item");
        w.core.backlog().commit(item.id, Some("test-writer"), None).expect("commit");
        w.run_next().execution_result.expect("result")["followups"][0].as_str().unwrap().to_owned()
    };
    assert_eq!(ran_with(&w), "global");
    w.core
        .agents()
        .set_default(AgentScope::Project, &w.project.id.to_string(), Some("by-project"))
        .expect("project");
    assert_eq!(ran_with(&w), "by-project");
    w.core.agents().set_default(AgentScope::Role, "test-writer", Some("by-role")).expect("role");
    assert_eq!(ran_with(&w), "by-role");
    // The Settings screen reads the defaults back by scope.
    let by_role = w.core.agents().role_defaults().expect("role defaults");
    assert_eq!(by_role.get("test-writer").map(String::as_str), Some("by-role"));
    assert_eq!(by_role.len(), 1);
    let by_project = w.core.agents().project_defaults().expect("project defaults");
    assert_eq!(by_project.get(&w.project.id.to_string()).map(String::as_str), Some("by-project"));
    assert_eq!(by_project.len(), 1);
    w.core.agents().set_default(AgentScope::Role, "test-writer", None).expect("clear");
    assert_eq!(ran_with(&w), "by-project");
    assert!(w.core.agents().role_defaults().expect("role defaults").is_empty());
    assert_eq!(
        w.core
            .agents()
            .set_default(AgentScope::Role, "dispatcher", Some("global"))
            .expect_err("meta")
            .code(),
        ErrorCode::InvalidInput
    );
    assert_eq!(
        w.core
            .agents()
            .set_default(AgentScope::Role, "test-writer", Some("nope"))
            .expect_err("unknown")
            .code(),
        ErrorCode::NotFound
    );
}

#[test]
fn agent_test_checks_the_version_and_the_probe() {
    let w = world();
    let healthy = w.agents.script(
        "healthy",
        "if [ \"$1\" = \"--version\" ]; then echo 'healthy-agent 1.2.3'; exit 0; fi\ncat > /dev/null\necho 'OK'",
    );
    let confused = w.agents.script(
        "confused",
        "if [ \"$1\" = \"--version\" ]; then exit 3; fi\ncat > /dev/null\necho 'I cannot comply'",
    );
    for (name, path) in [("healthy", &healthy), ("confused", &confused)] {
        let input = NewAgentProfile::new(
            name,
            AgentKind::Custom,
            Some(path.to_str().unwrap()),
            vec![],
            None,
            None,
            false,
        )
        .expect("valid");
        w.core.agents().add(input).expect("agent");
    }
    let good = w.core.agents().probe("healthy").expect("test");
    assert_eq!(
        (good.version.as_deref(), good.version_ok, good.probe_ok),
        (Some("healthy-agent 1.2.3"), true, true)
    );
    let bad = w.core.agents().probe("confused").expect("test");
    assert!(!bad.version_ok && !bad.probe_ok);
    assert!(bad.message.contains("unexpected answer"), "{}", bad.message);
    let missing = NewAgentProfile::new(
        "missing",
        AgentKind::Claude,
        Some("no-such-cli"),
        vec![],
        None,
        None,
        false,
    )
    .expect("valid");
    w.core.agents().add(missing).expect("agent");
    assert_eq!(
        w.core.agents().probe("missing").expect("test").error_kind.map(|k| k.as_str()),
        Some("cli_not_found")
    );
    assert_eq!(w.core.agents().probe("ghost").expect_err("unknown").code(), ErrorCode::NotFound);
}

#[test]
fn detect_lists_each_known_cli_on_the_agents_path_with_the_profiles_using_it() {
    let bin = tempfile::tempdir().expect("bin");
    let gemini = bin.path().join("gemini");
    std::fs::write(
        &gemini,
        "#!/bin/sh\n[ \"$1\" = --version ] && printf '\\n0.9.1 (fake gemini)\\n'\n",
    )
    .expect("write");
    std::fs::set_permissions(&gemini, std::os::unix::fs::PermissionsExt::from_mode(0o755))
        .expect("chmod");
    let path = format!("{}:/nonexistent", bin.path().display());
    let w = support::world_with(&[("PATH", &path)]);
    let input = NewAgentProfile::new("gem", AgentKind::Gemini, None, vec![], None, None, false)
        .expect("valid");
    w.core.agents().add(input).expect("agent");
    let found = w.core.agents().detect().expect("detect");
    let kinds: Vec<AgentKind> = found.iter().map(|d| d.kind).collect();
    assert_eq!(
        kinds,
        [AgentKind::Claude, AgentKind::Codex, AgentKind::Gemini, AgentKind::OpenCode]
    );
    let gemini_row = found.iter().find(|d| d.kind == AgentKind::Gemini).expect("gemini");
    assert_eq!(gemini_row.path.as_deref(), Some(gemini.display().to_string().as_str()));
    assert_eq!(gemini_row.profiles, ["gem"]);
    assert_eq!(gemini_row.version.as_deref(), Some("0.9.1 (fake gemini)"));
    assert!(found.iter().filter(|d| d.kind != AgentKind::Gemini).all(|d| d.path.is_none()));
}

#[test]
fn readiness_names_the_agent_a_task_would_run_with_before_it_is_queued() {
    // Nothing on PATH and no profile: not runnable, in words.
    let w = support::world_with(&[("PATH", "/nonexistent")]);
    let none = w.core.agents().readiness(w.project.id, Some("test-writer"), None).expect("ready");
    assert!(!none.runnable);
    assert_eq!(none.agent, None);
    assert!(none.problem.as_deref().unwrap_or_default().contains("on PATH"), "{none:?}");

    // A role default whose command exists: that profile, runnable, with its path.
    let fake = w.agents.claude_success("claude-happy", "{}");
    w.profile("by-role", AgentKind::Claude, fake.clone(), vec![], None);
    w.core.agents().set_default(AgentScope::Role, "test-writer", Some("by-role")).expect("role");
    let ready = w.core.agents().readiness(w.project.id, Some("test-writer"), None).expect("ready");
    assert_eq!((ready.agent.as_deref(), ready.runnable), (Some("by-role"), true));
    assert_eq!(ready.path.as_deref(), Some(fake.display().to_string().as_str()));
    // Another role falls back past the role default to nothing runnable.
    assert!(
        !w.core.agents().readiness(w.project.id, Some("code-reviewer"), None).expect("r").runnable
    );

    // A profile named by the task wins; a missing command is named.
    w.profile("gone", AgentKind::Codex, "/nonexistent/codex".into(), vec![], None);
    let gone =
        w.core.agents().readiness(w.project.id, Some("test-writer"), Some("gone")).expect("r");
    assert_eq!((gone.agent.as_deref(), gone.runnable), (Some("gone"), false));
    assert!(gone.problem.as_deref().unwrap_or_default().contains("/nonexistent/codex"), "{gone:?}");
    assert_eq!(
        w.core.agents().readiness(w.project.id, None, Some("ghost")).expect_err("unknown").code(),
        ErrorCode::NotFound
    );
}
