//! The OpenAI-compatible provider against a real HTTP server on 127.0.0.1 (the testkit's fake): what is
//! sent, and how every kind of answer ends the run.

use std::time::Duration;

use anpm_core::domain::*;
use anpm_core::{Config, Core};
use anpm_testkit::{DataDir, FakeLlm, GitRepo, Reply};

struct Setup {
    _data: DataDir,
    _repo: GitRepo,
    core: Core,
    requirement: Requirement,
}

fn setup(llm: &FakeLlm, timeout: Duration) -> Setup {
    let data = DataDir::new();
    let repo = GitRepo::new();
    let core = Core::open(Config { planning_timeout: Some(timeout), ..Config::at(data.path()) })
        .expect("core");
    let project = core.projects().add(repo.path(), Some("shop"), None).expect("project");
    core.settings().set("planning.provider", "openai-compatible").expect("provider");
    core.settings().set("planning.base_url", &format!("{}/v1/", llm.base_url())).expect("url");
    core.settings().set("planning.model", "planner-large").expect("model");
    let input =
        NewRequirement::new("Add invoice export", Some("CSV"), None, None, None).expect("valid");
    let requirement = core.requirements().add(project.id, input).expect("requirement");
    Setup { _data: data, _repo: repo, core, requirement }
}

fn run(s: &Setup) -> (PlanningRun, Vec<BacklogCandidate>) {
    let run =
        s.core.planning().start(s.requirement.id, None, PlanningTemplate::Backlog).expect("start");
    let run = s.core.planning().execute(run.id).expect("execute");
    let candidates = s.core.planning().run(run.id).expect("detail").candidates;
    (run, candidates)
}

const TWO_CANDIDATES: &str = r#"Here you go:
```json
{"candidates": [
  {"suggestion_type": "implementation", "title": "Build the CSV exporter", "description": "Exporter", "rationale": "Core", "priority_score": 0.02},
  {"suggestion_type": "validation", "title": "Test the exporter", "description": "Tests", "rationale": "Safety"}
]}
```"#;

#[test]
fn success_sends_the_model_and_key_and_scores_on_the_server() {
    let llm = FakeLlm::start(Reply::content(TWO_CANDIDATES));
    let s = setup(&llm, Duration::from_secs(10));
    std::env::set_var("ANPM_TEST_OPENAI_KEY_SUCCESS", "sk-test-123");
    s.core.settings().set("planning.api_key_env", "ANPM_TEST_OPENAI_KEY_SUCCESS").expect("key env");
    let (run, candidates) = run(&s);
    assert_eq!(run.status, PlanningRunStatus::Completed, "{}", run.error_message);
    assert_eq!(run.model_id, "planner-large");
    assert_eq!(candidates.len(), 2);
    assert!(
        candidates.iter().all(|c| c.priority_score > 10.0),
        "server-owned scores, not the model's 0.02"
    );
    assert_eq!(candidates.iter().map(|c| c.rank).collect::<Vec<_>>(), [1, 2]);

    let sent = llm.received();
    assert_eq!(sent.len(), 1);
    assert_eq!((sent[0].method.as_str(), sent[0].path.as_str()), ("POST", "/v1/chat/completions"));
    assert_eq!(sent[0].header("authorization"), Some("Bearer sk-test-123"));
    let body = sent[0].json();
    assert_eq!(body["model"], "planner-large");
    assert_eq!(body["temperature"], 0.2);
    assert_eq!(body["messages"][0]["role"], "system");
    let user = body["messages"][1]["content"].as_str().expect("user content");
    assert!(user.contains("Title: Add invoice export") && user.contains("Summary: CSV"), "{user}");
    assert!(!user.contains("{{"), "every placeholder is filled: {user}");
}

#[test]
fn content_as_an_array_of_parts_is_joined() {
    let body = serde_json::json!({
        "choices": [{"message": {"content": [
            {"type": "text", "text": "{\"candidates\": [{\"title\": \"Part one\"},"},
            {"type": "text", "text": "{\"title\": \"Part two\"}]}"}
        ]}}]
    });
    let llm = FakeLlm::start(Reply::Raw { status: 200, body: body.to_string() });
    let s = setup(&llm, Duration::from_secs(10));
    let (run, candidates) = run(&s);
    assert_eq!(run.status, PlanningRunStatus::Completed, "{}", run.error_message);
    let mut titles: Vec<String> = candidates.into_iter().map(|c| c.title).collect();
    titles.sort();
    assert_eq!(titles, ["Part one", "Part two"]);
}

fn failed(reply: Reply, timeout: Duration) -> PlanningRun {
    let llm = FakeLlm::start(reply);
    let s = setup(&llm, timeout);
    let (run, candidates) = run(&s);
    assert_eq!(run.status, PlanningRunStatus::Failed);
    assert!(candidates.is_empty(), "a failed run keeps no candidates");
    run
}

#[test]
fn an_error_status_fails_with_the_providers_message() {
    let body = r#"{"error": {"message": "model `planner-large` does not exist"}}"#;
    let run = failed(Reply::Raw { status: 404, body: body.into() }, Duration::from_secs(10));
    assert_eq!(run.error_kind.map(|k| k.as_str()), Some("provider_error"));
    assert!(
        run.error_message.contains("404") && run.error_message.contains("does not exist"),
        "{}",
        run.error_message
    );
    let limited =
        failed(Reply::Raw { status: 429, body: "slow down".into() }, Duration::from_secs(10));
    assert_eq!(limited.error_kind.map(|k| k.as_str()), Some("rate_limited"));
    assert!(limited.error_message.contains("slow down"));
}

#[test]
fn malformed_or_empty_answers_fail_as_invalid() {
    let run = failed(Reply::content("I would rather not answer in JSON."), Duration::from_secs(10));
    assert_eq!(run.error_kind.map(|k| k.as_str()), Some("invalid_response"));
    assert!(run.error_message.contains("could not parse"), "{}", run.error_message);
    let none =
        failed(Reply::content(r#"{"candidates": [{"title": "  "}]}"#), Duration::from_secs(10));
    assert_eq!(none.error_kind.map(|k| k.as_str()), Some("no_valid_candidates"));
    let not_json = failed(
        Reply::Raw { status: 200, body: "<html>proxy error</html>".into() },
        Duration::from_secs(10),
    );
    assert_eq!(not_json.error_kind.map(|k| k.as_str()), Some("invalid_response"));
    let no_choices = failed(
        Reply::Raw { status: 200, body: r#"{"choices": []}"#.into() },
        Duration::from_secs(10),
    );
    assert!(no_choices.error_message.contains("no choices"), "{}", no_choices.error_message);
}

#[test]
fn an_oversize_answer_is_refused() {
    let huge = format!(
        r#"{{"candidates": [{{"title": "x", "description": "{}"}}]}}"#,
        "y".repeat(200 * 1024)
    );
    let run = failed(Reply::content(huge), Duration::from_secs(10));
    assert_eq!(run.error_kind.map(|k| k.as_str()), Some("response_too_large"));
}

#[test]
fn a_slow_provider_times_out() {
    let slow = Reply::Delayed(Duration::from_secs(3), Box::new(Reply::content(TWO_CANDIDATES)));
    let started = std::time::Instant::now();
    let run = failed(slow, Duration::from_millis(500));
    assert_eq!(run.error_kind.map(|k| k.as_str()), Some("provider_timeout"));
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "gave up at the timeout, not when the server answered"
    );
}

#[test]
fn without_a_key_variable_the_key_comes_from_the_os_keyring() {
    let llm = FakeLlm::start(Reply::content(TWO_CANDIDATES));
    let data = DataDir::new();
    let repo = GitRepo::new();
    let service = format!("anpm-test-{}", std::process::id());
    let core =
        Core::open(Config { keyring_service: service, ..Config::at(data.path()) }).expect("core");
    let project = core.projects().add(repo.path(), None, None).expect("project");
    core.settings().set("planning.base_url", llm.base_url()).expect("url");
    core.settings().set("planning.model", "m").expect("model");
    assert_eq!(core.planning().api_key_source().expect("source").source, "none");
    core.planning().set_provider_key("sk-from-keyring").expect("store");
    assert_eq!(core.planning().api_key_source().expect("source").source, "os_keyring");
    let req = core
        .requirements()
        .add(project.id, NewRequirement::new("Add export", None, None, None, None).expect("valid"))
        .expect("req");
    let run = core
        .planning()
        .start(req.id, Some(ProviderKind::OpenAiCompatible), PlanningTemplate::Backlog)
        .expect("start");
    assert_eq!(core.planning().execute(run.id).expect("run").status, PlanningRunStatus::Completed);
    assert_eq!(llm.received()[0].header("authorization"), Some("Bearer sk-from-keyring"));
    core.planning().clear_provider_key().expect("clear");
    assert_eq!(core.planning().api_key_source().expect("source").source, "none");
}

#[test]
fn the_provider_test_reports_a_working_endpoint_and_a_failing_one_without_failing_itself() {
    let llm = FakeLlm::start(Reply::content("ok"));
    let s = setup(&llm, Duration::from_secs(10));
    let test = s.core.planning().probe_provider().expect("test");
    assert!(test.ok, "{test:?}");
    assert_eq!(test.reply.as_deref(), Some("ok"));
    assert_eq!(test.model, "planner-large");
    let sent = llm.received();
    assert_eq!(sent.len(), 1);
    assert!(sent[0].json()["messages"][1]["content"].as_str().unwrap().contains("single word"));

    let refusing = FakeLlm::start(Reply::Raw {
        status: 401,
        body: r#"{"error":{"message":"bad key"}}"#.into(),
    });
    s.core.settings().set("planning.base_url", refusing.base_url()).expect("url");
    let test = s.core.planning().probe_provider().expect("a failing endpoint is a result");
    assert!(!test.ok);
    assert_eq!(test.error_kind.map(|k| k.as_str()), Some("provider_error"));
    assert!(test.message.contains("bad key"), "{}", test.message);
    assert!(test.remediation.is_some());

    s.core.settings().unset("planning.model").expect("unset");
    let err = s.core.planning().probe_provider().expect_err("unconfigured");
    assert_eq!(err.code(), anpm_core::ErrorCode::InvalidInput);
    assert!(err.to_string().contains("planning.model"), "{err}");
}
