//! Golden renderings of the planning prompts. Ids and timestamps are fixed so the files are stable; run
//! with `ANPM_WRITE_GOLDEN=1` to rewrite them after a deliberate prompt change, and review the diff.

use std::path::Path;

use anpm_core::domain::*;
use anpm_core::planning::context::{self, AgentRunRef, OpenTaskRef, Sources, SyncRunRef};
use anpm_core::planning::{render_messages, PlanInput};

fn fixed_time() -> Timestamp {
    "2026-01-02T03:04:05Z".parse().expect("time")
}

fn project() -> Project {
    Project {
        id: "11111111-1111-4111-8111-111111111111".parse().expect("id"),
        name: "shop".into(),
        repo_path: "/src/shop".into(),
        default_branch: "main".into(),
        description: "An online shop for tea.".into(),
        workspace: Default::default(),
        created_at: fixed_time(),
        updated_at: fixed_time(),
    }
}

fn requirement(title: &str) -> Requirement {
    Requirement {
        id: "22222222-2222-4222-8222-222222222222".parse().expect("id"),
        project_id: project().id,
        title: title.into(),
        summary: "Finance wants CSV".into(),
        description: "Monthly, one row per invoice.".into(),
        audience: "finance team".into(),
        success_criteria: "Opens in a spreadsheet without fixes".into(),
        status: RequirementStatus::Draft,
        source: "human".into(),
        created_at: fixed_time(),
        updated_at: fixed_time(),
    }
}

fn context() -> context::ContextV1 {
    let sources = Sources {
        open_tasks: vec![OpenTaskRef {
            id: "task-1".into(),
            title: "Fix checkout rounding".into(),
            status: "todo".into(),
            priority: "urgent".into(),
            updated_at: "2026-01-01T00:00:00.000000Z".into(),
        }],
        latest_sync_run: Some(SyncRunRef {
            id: "sync-1".into(),
            status: "failed".into(),
            started_at: "2026-01-01T00:00:00.000000Z".into(),
            completed_at: None,
            error_message: "remote rejected: token=abc123".into(),
        }),
        recent_agent_runs: vec![AgentRunRef {
            id: "run-1".into(),
            agent_name: "claude".into(),
            action_type: "dispatch:test-writer".into(),
            status: "failed".into(),
            started_at: "2026-01-01T00:00:00.000000Z".into(),
            summary: "Tests for cart: failed (dispatch_timeout)".into(),
        }],
        ..Sources::default()
    };
    context::build_v1(sources, vec![], fixed_time())
}

fn check(name: &str, text: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden").join(name);
    if std::env::var_os("ANPM_WRITE_GOLDEN").is_some() {
        std::fs::write(&path, text).expect("writing golden file");
        return;
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|_| panic!("missing {}: run with ANPM_WRITE_GOLDEN=1", path.display()));
    assert!(expected == text, "{name} differs from its golden file; re-run with ANPM_WRITE_GOLDEN=1 and review the diff:\n{text}");
}

#[test]
fn backlog_prompt_renders_as_recorded() {
    let (project, req, ctx) = (project(), requirement("Add invoice export"), context());
    let (system, user) = render_messages(PlanInput {
        project: &project,
        requirement: &req,
        template: PlanningTemplate::Backlog,
        context: &ctx,
    })
    .expect("render");
    assert!(!user.contains("abc123"), "the sanitizer ran before rendering");
    check("planner-system.txt", &system);
    check("backlog.txt", &user);
}

#[test]
fn whatsnext_prompt_renders_as_recorded_with_and_without_a_focus() {
    let (project, ctx) = (project(), context());
    let focused = requirement("Billing reliability");
    let (_, user) = render_messages(PlanInput {
        project: &project,
        requirement: &focused,
        template: PlanningTemplate::Whatsnext,
        context: &ctx,
    })
    .expect("render");
    assert!(user.contains("Focus scope: Billing reliability"));
    check("whatsnext-focused.txt", &user);
    let generic = requirement("What's next");
    let (_, user) = render_messages(PlanInput {
        project: &project,
        requirement: &generic,
        template: PlanningTemplate::Whatsnext,
        context: &ctx,
    })
    .expect("render");
    assert!(!user.contains("Focus scope"));
    check("whatsnext.txt", &user);
}
