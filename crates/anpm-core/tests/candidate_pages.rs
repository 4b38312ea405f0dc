//! Candidate listings page by page on a real data directory: a project's candidates (newest run first)
//! and a run's (review order), each walked once in order with keyset pages, and an unknown cursor refused.

use anpm_core::domain::*;
use anpm_core::store::CandidateFilter;
use anpm_core::{Config, Core, ErrorCode};
use anpm_testkit::{DataDir, GitRepo};

struct World {
    _data: DataDir,
    _repo: GitRepo,
    core: Core,
    project: Project,
}

fn world() -> World {
    let data = DataDir::new();
    let repo = GitRepo::new();
    let core = Core::open(Config::at(data.path())).expect("core");
    let project = core.projects().add(repo.path(), Some("shop"), None).expect("project");
    World { _data: data, _repo: repo, core, project }
}

/// A requirement planned by the deterministic planner: one run of three candidates.
fn planned(w: &World, title: &str) -> (Requirement, PlanningRun) {
    let input =
        NewRequirement::new(title, Some("CSV for finance"), None, None, None).expect("valid");
    let req = w.core.requirements().add(w.project.id, input).expect("requirement");
    let run = w
        .core
        .planning()
        .start(req.id, Some(ProviderKind::Deterministic), PlanningTemplate::Backlog)
        .expect("start");
    let run = w.core.planning().execute(run.id).expect("execute");
    (req, run)
}

#[test]
fn candidate_pages_walk_a_project_and_a_run_once_in_review_order() {
    let w = world();
    let runs: Vec<PlanningRun> =
        (0..4).map(|i| planned(&w, &format!("Requirement number {i}")).1).collect();
    let list = |filter: CandidateFilter| w.core.candidates().list(&filter).expect("list");
    let everything = list(CandidateFilter { project_id: Some(w.project.id), ..Default::default() });
    assert_eq!(everything.len(), 12, "four runs of three candidates");
    // Newest run first; each run's candidates in review order.
    for pair in everything.windows(2) {
        let (a, b) = (&pair[0], &pair[1]);
        assert!(a.created_at >= b.created_at, "{} before {}", a.created_at, b.created_at);
        if a.planning_run_id == b.planning_run_id {
            assert!(a.rank <= b.rank);
        }
    }
    // Pages of 5 give back the same sequence, each item once.
    let mut walked = Vec::new();
    let mut after = None;
    loop {
        let page = list(CandidateFilter {
            project_id: Some(w.project.id),
            page: Page { limit: Some(5), after },
            ..Default::default()
        });
        walked.extend(page.iter().map(|c| c.id));
        match page.last() {
            Some(last) if page.len() == 5 => after = Some(last.id),
            _ => break,
        }
    }
    assert_eq!(walked, everything.iter().map(|c| c.id).collect::<Vec<_>>());
    // Within one run: review order, two at a time.
    let run = runs[1].id;
    let first = list(CandidateFilter {
        planning_run_id: Some(run),
        page: Page::first(2),
        ..Default::default()
    });
    let rest = list(CandidateFilter {
        planning_run_id: Some(run),
        page: Page { limit: Some(2), after: first.last().map(|c| c.id) },
        ..Default::default()
    });
    let ranks: Vec<i64> = first.iter().chain(&rest).map(|c| c.rank).collect();
    assert_eq!(ranks, [1, 2, 3]);
    // A cursor that names no candidate is refused, not read as "from the start".
    let gone = list_err(&w, BacklogCandidateId::new());
    assert_eq!(gone, ErrorCode::NotFound);
}

fn list_err(w: &World, after: BacklogCandidateId) -> ErrorCode {
    w.core
        .candidates()
        .list(&CandidateFilter {
            page: Page { limit: Some(5), after: Some(after) },
            ..Default::default()
        })
        .expect_err("unknown cursor")
        .code()
}
