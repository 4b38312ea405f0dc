//! Core operations end to end on a real data directory and real git repositories: what each operation
//! does, what it refuses, and that a refusal leaves the database exactly as it was.

use std::sync::Arc;

use anpm_core::domain::*;
use anpm_core::store::{BacklogFilter, TaskFilter};
use anpm_core::{Config, Core, ErrorCode};
use anpm_testkit::{DataDir, GitRepo};

fn core(dir: &DataDir) -> Core {
    Core::open(Config::at(dir.path())).expect("opening the core")
}

fn item_input(title: &str, status: BacklogItemStatus) -> NewBacklogItem {
    RawBacklogItem {
        title: title.to_owned(),
        fields: RawBacklogFields {
            description: Some("why".to_owned()),
            status: Some(status.to_string()),
            priority: Some(Priority::Urgent.to_string()),
            ..Default::default()
        },
        ..Default::default()
    }
    .parse()
    .expect("valid")
}

#[test]
fn add_project_resolves_the_root_and_refuses_bad_paths_and_duplicates() {
    let dir = DataDir::new();
    let core = core(&dir);
    let repo = GitRepo::new();
    std::fs::create_dir_all(repo.path().join("src")).expect("mkdir");

    let project = core.projects().add(&repo.path().join("src"), None, Some("demo")).expect("added");
    let root = repo.path().canonicalize().expect("canonical");
    assert_eq!(project.repo_path, root.display().to_string());
    assert_eq!(project.default_branch, "main");
    assert_eq!(project.name, root.file_name().unwrap().to_string_lossy());

    let err = core.projects().add(repo.path(), Some("again"), None).expect_err("duplicate");
    assert_eq!(err.code(), ErrorCode::Conflict);
    assert!(
        err.to_string().contains(&project.name)
            && err.to_string().contains(&project.id.to_string()),
        "{err}"
    );

    let plain = tempfile::tempdir().expect("tempdir");
    assert_eq!(
        core.projects().add(plain.path(), None, None).expect_err("plain").code(),
        ErrorCode::NotAGitRepo
    );
    let missing = plain.path().join("missing");
    assert_eq!(
        core.projects().add(&missing, None, None).expect_err("missing").code(),
        ErrorCode::PathNotFound
    );
    assert_eq!(core.projects().list().expect("list"), vec![project]);
}

#[test]
fn committing_a_backlog_item_creates_one_task_and_replays_idempotently() {
    let dir = DataDir::new();
    let core = core(&dir);
    let repo = GitRepo::new();
    let project = core.projects().add(repo.path(), None, None).expect("project");
    let req = core
        .requirements()
        .add(
            project.id,
            NewRequirement::new("Login hardening", None, None, None, None).expect("valid"),
        )
        .expect("req");
    let mut input = item_input("Rate-limit login", BacklogItemStatus::Ready);
    input.requirement_id = Some(req.id);
    let item = core.backlog().add(project.id, input).expect("item");

    let first = core.backlog().commit(item.id, None, None).expect("commit");
    assert!(!first.already_applied);
    assert_eq!(first.item.status, BacklogItemStatus::Committed);
    assert_eq!(first.item.task_id, Some(first.task.id));
    assert_eq!(first.task.priority, Priority::Urgent, "urgent is preserved");
    assert_eq!(first.task.status, TaskStatus::Todo);
    assert_eq!(first.task.source, format!("backlog:{}", item.id));

    let replay = core.backlog().commit(item.id, None, None).expect("replay");
    assert!(replay.already_applied);
    assert_eq!(replay.task.id, first.task.id);

    let detail = core.tasks().get(first.task.id).expect("task");
    assert_eq!(detail.lineage.len(), 1);
    assert_eq!(detail.lineage[0].lineage_kind, LineageKind::BacklogItem);
    assert_eq!(detail.lineage[0].requirement_id, Some(req.id));
    assert_eq!(core.tasks().list(&TaskFilter::default()).expect("tasks").len(), 1);

    // The requirement now has lineage: deleting is refused, archiving works.
    let err = core.requirements().delete(req.id).expect_err("lineage");
    assert_eq!(err.code(), ErrorCode::Conflict);
    assert_eq!(core.requirements().get(req.id).expect("still there"), req);
    assert_eq!(
        core.requirements().archive(req.id).expect("archive").status,
        RequirementStatus::Archived
    );

    // Task-owned fields are locked; the rest stays editable.
    let locked = BacklogItemPatch { title: Some("Other".into()), ..Default::default() };
    assert_eq!(
        core.backlog().edit(item.id, &locked).expect_err("locked").code(),
        ErrorCode::Conflict
    );
    let labels = BacklogItemPatch { labels: Some(vec!["security".into()]), ..Default::default() };
    assert_eq!(core.backlog().edit(item.id, &labels).expect("labels").labels, ["security"]);
}

#[test]
fn blocked_and_archived_items_are_not_committed_and_nothing_is_written() {
    let dir = DataDir::new();
    let core = core(&dir);
    let repo = GitRepo::new();
    let project = core.projects().add(repo.path(), None, None).expect("project");
    for status in [BacklogItemStatus::Blocked, BacklogItemStatus::Archived] {
        let item = core.backlog().add(project.id, item_input("Parked", status)).expect("item");
        let err = core.backlog().commit(item.id, None, None).expect_err("refused");
        assert_eq!(err.code(), ErrorCode::InvalidTransition, "{status}");
        assert_eq!(core.backlog().get(item.id).expect("item"), item, "unchanged");
    }
    assert!(core.tasks().list(&TaskFilter::default()).expect("tasks").is_empty());
}

#[test]
fn concurrent_commits_from_two_processes_create_one_task() {
    let dir = DataDir::new();
    let first = Arc::new(core(&dir));
    let second = Arc::new(core(&dir));
    let repo = GitRepo::new();
    let project = first.projects().add(repo.path(), None, None).expect("project");
    let item = first
        .backlog()
        .add(project.id, item_input("Race", BacklogItemStatus::Ready))
        .expect("item");

    let handles: Vec<_> = [first.clone(), second.clone()]
        .into_iter()
        .map(|core| {
            std::thread::spawn(move || core.backlog().commit(item.id, None, None).expect("commit"))
        })
        .collect();
    let outcomes: Vec<_> = handles.into_iter().map(|h| h.join().expect("thread")).collect();
    assert_eq!(outcomes.iter().filter(|o| !o.already_applied).count(), 1);
    assert_eq!(outcomes[0].task.id, outcomes[1].task.id);
    assert_eq!(first.tasks().list(&TaskFilter::default()).expect("tasks").len(), 1);
    assert_eq!(first.tasks().get(outcomes[0].task.id).expect("task").lineage.len(), 1);
}

#[test]
fn batch_edit_is_all_or_nothing() {
    let dir = DataDir::new();
    let core = core(&dir);
    let repo = GitRepo::new();
    let project = core.projects().add(repo.path(), None, None).expect("project");
    let tasks: Vec<Task> = (0..3)
        .map(|i| {
            core.tasks()
                .add(
                    project.id,
                    NewTask::new(&format!("t{i}"), None, None, None, None).expect("valid"),
                )
                .expect("task")
        })
        .collect();
    let ids: Vec<TaskId> = tasks.iter().map(|t| t.id).collect();
    let before = core.tasks().list(&TaskFilter::default()).expect("list");

    let mut with_unknown = ids.clone();
    with_unknown.push(TaskId::new());
    let patch = TaskPatch {
        status: Some(TaskStatus::Done),
        assignee: Some("ana".into()),
        ..Default::default()
    };
    let err = core.tasks().batch_edit(&with_unknown, &patch).expect_err("unknown id");
    assert_eq!(err.code(), ErrorCode::NotFound);
    assert_eq!(core.tasks().list(&TaskFilter::default()).expect("list"), before, "nothing changed");

    let title_patch = TaskPatch { title: Some("x".into()), ..Default::default() };
    assert_eq!(
        core.tasks().batch_edit(&ids, &title_patch).expect_err("title").code(),
        ErrorCode::InvalidInput
    );

    let edited = core.tasks().batch_edit(&ids, &patch).expect("batch");
    assert!(edited.iter().all(|t| t.status == TaskStatus::Done && t.assignee == "ana"));
    assert_eq!(
        core.tasks()
            .list(&TaskFilter { assignee: Some("ana".into()), ..Default::default() })
            .expect("list")
            .len(),
        3
    );
}

#[test]
fn removing_a_project_deletes_its_data_but_not_the_repository() {
    let dir = DataDir::new();
    let core = core(&dir);
    let repo = GitRepo::new();
    let project = core.projects().add(repo.path(), None, None).expect("project");
    let req = core
        .requirements()
        .add(project.id, NewRequirement::new("R", None, None, None, None).expect("valid"))
        .expect("req");
    let mut input = item_input("I", BacklogItemStatus::Ready);
    input.requirement_id = Some(req.id);
    let item = core.backlog().add(project.id, input).expect("item");
    core.backlog().commit(item.id, None, None).expect("commit");

    let removal = core.projects().remove(project.id).expect("remove");
    assert_eq!(
        (removal.deleted.requirements, removal.deleted.backlog_items, removal.deleted.tasks),
        (1, 1, 1)
    );
    assert!(core.projects().list().expect("list").is_empty());
    assert!(repo.path().join("README.md").exists());
    assert_eq!(core.projects().get(project.id).expect_err("gone").code(), ErrorCode::NotFound);
    assert_eq!(
        core.backlog().list(&BacklogFilter::project(project.id)).expect_err("gone").code(),
        ErrorCode::NotFound
    );
}
