//! The real Claude Code, Gemini CLI and OpenCode, installed from the npm registry by `scripts/dev` (pinned versions),
//! run a task through anpm's whole dispatch path offline: the real PTY, the real CLI, its native file-write
//! tool in the repository, its stream parsed by its agent module, the verdict, the attempt's session,
//! tokens and cost, and the live tool step on the activity bus. The model behind each CLI is the testkit's
//! fake model API on 127.0.0.1.
//!
//! `scripts/dev test` installs the CLIs and sets `ANPM_TEST_AGENTS_BIN`; without them these tests fail and
//! say how to install them.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use anpm_core::api::*;

use anpm_testkit::anthropic::FakeAnthropicApi;
use anpm_testkit::model_api::{FakeModelApi, Turn};
use anpm_testkit::{DataDir, GitRepo};

/// The result a test-writer must end with; the file itself is written by the CLI's own tool.
const RESULT: &str =
    "Wrote the test.\n\n```json\n{\"files\": [], \"not_tested\": [\"everything else\"]}\n```";
const WRITTEN: &str = "written_by_the_agent.txt";
const CONTENT: &str = "written by a real agent CLI\n";

/// The folder holding the installed CLIs' executables.
fn agents_bin() -> PathBuf {
    anpm_testkit::agent_clis(&["claude", "gemini", "opencode"])
}

struct World {
    _data: DataDir,
    repo: GitRepo,
    home: tempfile::TempDir,
    core: Arc<Core>,
    project: Project,
}

/// A core whose agents see only `PATH` (the CLIs' folder, then node's and the system's), a private HOME and
/// the CLI's own variables in `extra`.
fn world(extra: impl FnOnce(&Path) -> Vec<(String, String)>) -> World {
    let data = DataDir::new();
    let repo = GitRepo::new();
    let home = tempfile::tempdir().expect("home");
    let node_dir = which("node").parent().expect("node's folder").to_path_buf();
    let path = format!("{}:{}:/usr/bin:/bin", agents_bin().display(), node_dir.display());
    let mut env =
        vec![("PATH".to_owned(), path), ("HOME".to_owned(), home.path().display().to_string())];
    env.extend(extra(home.path()));
    let config = Config {
        env: Some(env),
        dispatch_grace: Duration::from_millis(500),
        ..Config::at(data.path())
    };
    let core = Arc::new(Core::open(config).expect("core"));
    let project = core.projects().add(repo.path(), Some("shop"), None).expect("project");
    World { _data: data, repo, home, core, project }
}

fn which(program: &str) -> PathBuf {
    std::env::var("PATH")
        .expect("PATH")
        .split(':')
        .map(|dir| Path::new(dir).join(program))
        .find(|p| p.is_file())
        .unwrap_or_else(|| panic!("`{program}` is not on PATH"))
}

/// Runs one test-writer task with the profile `agent` in this process, watching the activity bus.
fn run_task(w: &World, agent: &str) -> (TaskDetail, Vec<String>) {
    let item = RawBacklogItem {
        title: "Cover the exporter with a test".into(),
        fields: RawBacklogFields { status: Some("ready".into()), ..Default::default() },
        ..Default::default()
    };
    let item = w.core.backlog().add(w.project.id, item.parse().expect("valid")).expect("item");
    let committed =
        w.core.backlog().commit(item.id, Some("test-writer"), Some(agent)).expect("commit");
    let (_, mut updates) = w.core.activity().subscribe();
    let ran = w.core.dispatch().run_next_here().expect("run").expect("a queued task");
    assert_eq!(ran.id, committed.task.id);
    let mut steps = Vec::new();
    while let Ok(update) = updates.try_recv() {
        steps.extend(update.step);
    }
    (w.core.tasks().get(ran.id).expect("detail"), steps)
}

fn assert_finished_with_native_edit(w: &World, detail: &TaskDetail, steps: &[String], tool: &str) {
    let attempt = detail.last_attempt.clone().expect("an attempt");
    assert_eq!(
        detail.task.dispatch_status,
        DispatchStatus::Completed,
        "{:?}: {} (log: {})",
        attempt.error_kind,
        attempt.error_message,
        std::fs::read_to_string(attempt.log_path.clone().unwrap_or_default()).unwrap_or_default()
    );
    assert_eq!(attempt.outcome, AttemptOutcome::Completed);
    assert_eq!(attempt.exit_code, Some(0));
    assert!(attempt.session_id.is_some(), "the CLI's session is recorded for resuming");
    assert!(
        attempt.input_tokens.is_some_and(|n| n > 0) && attempt.output_tokens.is_some_and(|n| n > 0)
    );
    // In the task's own worktree, committed on its branch for review; the checkout is untouched.
    let workspace = w.core.review().workspace(detail.task.id).expect("workspace");
    let written = std::fs::read_to_string(Path::new(&workspace.workspace.path).join(WRITTEN))
        .expect("the CLI wrote the file in its worktree");
    assert_eq!(written, CONTENT);
    assert!(!w.repo.path().join(WRITTEN).exists(), "the operator's checkout is not touched");
    assert_eq!(detail.task.review_status, ReviewStatus::InReview);
    let diff = w.core.review().diff(detail.task.id).expect("diff");
    assert_eq!(diff.files.len(), 1, "{diff:?}");
    assert_eq!((diff.files[0].change, diff.files[0].path()), (FileChange::Added, WRITTEN));
    assert!(steps.iter().any(|s| s == &format!("tool: {tool}")), "live tool step in {steps:?}");
}

/// The environment Claude Code needs to run offline against the fake: its base URL and key, and no
/// traffic of its own (telemetry, updates, error reports).
fn claude_env(base_url: String) -> Vec<(String, String)> {
    vec![
        ("ANTHROPIC_BASE_URL".into(), base_url),
        ("ANTHROPIC_API_KEY".into(), "sk-ant-fake".into()),
        ("CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC".into(), "1".into()),
    ]
}

#[test]
fn claude_code_runs_a_task_edits_natively_and_reports_tokens_and_cost() {
    let api = FakeAnthropicApi::start(Turn {
        write: Some((WRITTEN.into(), CONTENT.into())),
        final_text: RESULT.into(),
        call: None,
    });
    let w = world(|_| claude_env(api.base_url().to_owned()));
    // No permission flag in the profile: anpm lets Claude Code edit its worktree (`acceptEdits`).
    let profile = RawAgentProfile {
        name: "claude".into(),
        kind: "claude".into(),
        model: Some("claude-fake".into()),
        ..Default::default()
    };
    w.core.agents().add(profile.parse().expect("valid")).expect("profile");
    let (detail, steps) = run_task(&w, "claude");
    assert_finished_with_native_edit(&w, &detail, &steps, "Write");
    let first_session = detail.last_attempt.clone().expect("attempt").session_id;

    // Review feedback goes back to the same Claude session, in the same worktree.
    let task =
        w.core.review().followup(detail.task.id, "Also cover an empty export").expect("followup");
    assert_eq!(
        (task.dispatch_status, task.followup.as_deref()),
        (DispatchStatus::Queued, Some("Also cover an empty export"))
    );
    let again = w.core.dispatch().run_next_here().expect("run").expect("the follow-up");
    let attempts = w.core.tasks().attempts(again.id).expect("attempts");
    assert_eq!(attempts.len(), 2);
    assert_eq!(again.dispatch_status, DispatchStatus::Completed, "{:?}", again.execution_result);
    assert_eq!(
        attempts[1].session_id, first_session,
        "the follow-up resumed the agent's own session"
    );
    assert_eq!((again.review_status, again.followup), (ReviewStatus::InReview, None));
    let resumed = api
        .received()
        .into_iter()
        .rev()
        .find(|r| r.body.to_string().contains("Also cover an empty export"));
    let resumed = resumed.expect("the feedback reached the model");
    assert!(
        resumed.body.to_string().contains("Cover the exporter with a test"),
        "the resumed session carries the first attempt's conversation"
    );

    // Merged into the operator's branch: the file arrives in the checkout, the task is done.
    let merged = w.core.review().merge(again.id, MergeStrategy::Merge).expect("merge");
    assert_eq!(merged.review_status, ReviewStatus::Merged);
    assert_eq!(merged.task.status, TaskStatus::Done);
    assert_eq!(std::fs::read_to_string(w.repo.path().join(WRITTEN)).expect("merged"), CONTENT);
    assert!(!w.core.review().workspace(again.id).expect("row").exists, "the worktree is removed");
    assert!(detail.last_attempt.expect("attempt").cost_usd.is_some(), "Claude reports a cost");
    let requests = api.received();
    assert!(requests.iter().any(|r| r.is_streaming_messages()), "streamed Messages API calls");
    assert!(
        requests.iter().any(|r| r.body.to_string().contains("Cover the exporter with a test")),
        "the task prompt reached the model through stdin"
    );
    drop(w.home);
}

#[test]
fn gemini_cli_runs_a_task_edits_natively_and_reports_tokens() {
    let api = FakeModelApi::start(Turn {
        write: Some((WRITTEN.into(), CONTENT.into())),
        final_text: RESULT.into(),
        call: None,
    });
    let base_url = api.base_url().to_owned();
    let w = world(|home| {
        // Gemini 0.61 refuses a custom base URL unless the API-key auth is selected in its settings.
        let settings = home.join(".gemini");
        std::fs::create_dir_all(&settings).expect("settings dir");
        std::fs::write(
            settings.join("settings.json"),
            r#"{"general":{"enableAutoUpdate":false,"enableAutoUpdateNotification":false},
                "privacy":{"usageStatisticsEnabled":false},"telemetry":{"enabled":false},
                "security":{"auth":{"selectedType":"gemini-api-key"}}}"#,
        )
        .expect("settings");
        vec![
            ("GEMINI_API_KEY".into(), "fake-key".into()),
            ("GOOGLE_GEMINI_BASE_URL".into(), base_url),
        ]
    });
    let profile = RawAgentProfile {
        name: "gemini".into(),
        kind: "gemini".into(),
        model: Some("gemini-2.5-flash".into()),
        ..Default::default()
    };
    w.core.agents().add(profile.parse().expect("valid")).expect("profile");
    let (detail, steps) = run_task(&w, "gemini");
    assert_finished_with_native_edit(&w, &detail, &steps, "write_file");
    let attempt = detail.last_attempt.expect("attempt");
    assert_eq!(attempt.cost_usd, None, "Gemini reports no cost");
    // The prompt reached the model whole, through stdin.
    let prompt_seen = api
        .received()
        .iter()
        .any(|r| r.body.to_string().contains("Cover the exporter with a test"));
    assert!(prompt_seen, "the task prompt reached the model");
    drop(w.home);
}

#[test]
fn opencode_runs_a_task_edits_natively_and_reports_tokens_and_cost() {
    let api = FakeModelApi::start(Turn {
        write: Some((WRITTEN.into(), CONTENT.into())),
        final_text: RESULT.into(),
        call: None,
    });
    let base_url = format!("{}/v1", api.base_url());
    let w = world(|home| {
        let config = home.join("opencode.json");
        let provider = serde_json::json!({
            "$schema": "https://opencode.ai/config.json",
            "autoupdate": false,
            "share": "disabled",
            "provider": { "fake": {
                "npm": "@ai-sdk/openai-compatible",
                "name": "Fake",
                "options": { "baseURL": base_url, "apiKey": "sk-fake" },
                "models": { "fake-model": {
                    "name": "Fake Model",
                    "cost": { "input": 3, "output": 15 },
                    "limit": { "context": 200000, "output": 8192 }
                } }
            } },
            "model": "fake/fake-model",
            "small_model": "fake/fake-model"
        });
        std::fs::write(&config, provider.to_string()).expect("opencode config");
        vec![
            ("OPENCODE_CONFIG".into(), config.display().to_string()),
            ("OPENCODE_DISABLE_MODELS_FETCH".into(), "1".into()),
            ("OPENCODE_DISABLE_AUTOUPDATE".into(), "1".into()),
            ("OPENCODE_DISABLE_LSP_DOWNLOAD".into(), "1".into()),
            ("OPENCODE_DISABLE_SHARE".into(), "1".into()),
            ("OPENCODE_DISABLE_DEFAULT_PLUGINS".into(), "1".into()),
        ]
    });
    let profile = RawAgentProfile {
        name: "opencode".into(),
        kind: "opencode".into(),
        model: Some("fake/fake-model".into()),
        ..Default::default()
    };
    w.core.agents().add(profile.parse().expect("valid")).expect("profile");
    let (detail, steps) = run_task(&w, "opencode");
    assert_finished_with_native_edit(&w, &detail, &steps, "write");
    let attempt = detail.last_attempt.expect("attempt");
    assert!(
        attempt.cost_usd.is_some_and(|c| c > 0.0),
        "OpenCode reports cost: {:?}",
        attempt.cost_usd
    );
    assert!(attempt.session_id.as_deref().is_some_and(|s| s.starts_with("ses_")));
    // The shell is denied (edit-only): the tool list the model was offered has no bash.
    let main_request = api
        .received()
        .into_iter()
        .find(|r| r.body["tools"].as_array().is_some_and(|t| !t.is_empty()))
        .expect("a request with tools");
    let tools: Vec<String> = main_request.body["tools"]
        .as_array()
        .expect("tools")
        .iter()
        .filter_map(|t| t["function"]["name"].as_str().map(str::to_owned))
        .collect();
    assert!(
        tools.contains(&"write".to_owned()) && !tools.contains(&"bash".to_owned()),
        "{tools:?}"
    );
    drop(w.home);
}
