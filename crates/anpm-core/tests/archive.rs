//! Export and import with real parts: a project with plans, tasks run by a fake agent in a real worktree,
//! dependencies, documents, drift, notifications and settings is exported, imported into an empty data
//! directory and exported again — every table equal — and damaged, future and clashing archives are
//! refused with nothing written.

mod support;

use std::path::Path;

use anpm_core::api::*;
use anpm_core::{Config, Core, ErrorCode};
use serde_json::Value;
use support::*;

/// A project with a bit of everything.
fn rich_world() -> World {
    let w = world();
    w.core.settings().set("budget.task_usd", "2.5").expect("setting");
    let script = w.agents.script(
        "writer",
        "cat > /dev/null\necho 'writing'\necho notes > notes.txt\necho '```json'\necho '{}'\necho '```'",
    );
    w.profile("writer", AgentKind::Custom, script, vec![], None);
    let (req, candidate) = planned_candidate(&w);
    let patch = CandidatePatch { status: Some(CandidateStatus::Approved), ..Default::default() };
    w.core.candidates().update(candidate.id, &patch).expect("approve");
    w.core.candidates().apply(candidate.id, None, None).expect("apply");
    let first = w.queue("Write the notes", "backend-architect", "writer");
    let ran = w.run_next();
    assert_eq!(ran.id, first);
    let second = w.queue("Read the notes", "backend-architect", "writer");
    w.core.dependencies().add(second, first).expect("dependency");
    w.core.dependencies().queue_plan(req.id).expect("queue");
    let item = |title: &str| {
        let raw = RawBacklogItem { title: title.into(), ..Default::default() };
        w.core.backlog().add(w.project.id, raw.parse().expect("valid")).expect("item").id
    };
    let (schema, importer) = (item("Ship the schema"), item("Build the importer"));
    w.core.dependencies().add_item(importer, schema).expect("item dependency");
    w
}

fn tables(archive: &Value) -> &serde_json::Map<String, Value> {
    archive["tables"].as_object().expect("tables")
}

fn fresh_core() -> (anpm_testkit::DataDir, Core) {
    let data = anpm_testkit::DataDir::new();
    let core = Core::open(Config::at(data.path())).expect("core");
    (data, core)
}

fn write(path: &Path, value: &Value) {
    std::fs::write(path, serde_json::to_vec(value).expect("json")).expect("write");
}

#[test]
fn a_project_round_trips_into_an_empty_data_directory_with_every_row_equal() {
    let w = rich_world();
    let file = w.data.path().join("shop.anpm.json");
    let report = w.core.archive().export_to(w.project.id, &file, false).expect("export");
    assert!(
        report.rows["tasks"] >= 3 && report.rows["dispatch_attempts"] == 1,
        "{:?}",
        report.rows
    );
    assert!(
        report.rows["task_dependencies"] >= 1
            && report.rows["backlog_item_dependencies"] == 1
            && report.rows["documents"] >= 1,
        "{:?}",
        report.rows
    );
    let before = w.core.archive().export(w.project.id, false).expect("export");
    assert_eq!(before["format_version"], FORMAT_VERSION);

    let (_data, target) = fresh_core();
    let imported = target.archive().import_from(&file, None).expect("import");
    assert_eq!(imported.project.id, w.project.id);
    let after = target.archive().export(w.project.id, false).expect("export again");
    for (table, rows) in tables(&before) {
        assert_eq!(&tables(&after)[table], rows, "table {table} differs after the round trip");
    }
    assert_eq!(before["settings"], after["settings"], "the operator's settings came along");
    // The restored store works: the task detail, its dependency, the search index.
    let tasks = target
        .tasks()
        .list(&TaskFilter { project_id: Some(w.project.id), ..Default::default() })
        .expect("tasks");
    let waiting = tasks.iter().find(|t| t.title == "Read the notes").expect("task");
    assert_eq!(target.tasks().get(waiting.id).expect("detail").depends_on.len(), 1);
    let found = target.search().query("notes", Some(w.project.id), &[]).expect("search");
    assert!(!found.hits.is_empty(), "the search index was rebuilt by the triggers");

    // Again: the project is there now, so nothing is written.
    let err = target.archive().import_from(&file, None).expect_err("clash");
    assert_eq!(err.code(), ErrorCode::Conflict);
    assert_eq!(
        target.archive().export(w.project.id, false).expect("export")["tables"],
        after["tables"]
    );
}

#[test]
fn logs_travel_when_asked_and_a_new_repository_can_take_the_project() {
    let w = rich_world();
    let file = w.data.path().join("with-logs.json");
    let report = w.core.archive().export_to(w.project.id, &file, true).expect("export");
    assert_eq!(report.logs, 1);
    let (data, target) = fresh_core();
    let elsewhere = anpm_testkit::GitRepo::new();
    let imported = target.archive().import_from(&file, Some(elsewhere.path())).expect("import");
    assert_eq!(
        Path::new(&imported.project.repo_path).canonicalize().unwrap(),
        elsewhere.path().canonicalize().unwrap()
    );
    assert_eq!(imported.logs, 1);
    let attempt = target
        .tasks()
        .list(&TaskFilter { project_id: Some(w.project.id), ..Default::default() })
        .expect("tasks")
        .into_iter()
        .find(|t| t.title == "Write the notes")
        .expect("task");
    let log = target.tasks().log(attempt.id, None).expect("log");
    assert!(log.path.starts_with(data.path().to_str().unwrap()), "{}", log.path);
    assert!(log.text.contains("writing"), "{}", log.text);
}

#[test]
fn damaged_future_and_dangling_archives_are_refused_with_nothing_written() {
    let w = rich_world();
    let archive = w.core.archive().export(w.project.id, false).expect("export");
    let (_data, target) = fresh_core();
    let dir = w.data.path();
    let nothing = |core: &Core| core.projects().list().expect("projects").is_empty();

    let cut = dir.join("cut.json");
    let text = serde_json::to_string(&archive).expect("json");
    std::fs::write(&cut, &text[..text.len() / 2]).expect("write");
    let err = target.archive().import_from(&cut, None).expect_err("cut short");
    assert_eq!(err.code(), ErrorCode::InvalidInput);
    assert!(err.to_string().contains("not JSON"), "{err}");
    assert!(nothing(&target));

    let mut future = archive.clone();
    future["format_version"] = Value::from(FORMAT_VERSION + 1);
    let path = dir.join("future.json");
    write(&path, &future);
    let err = target.archive().import_from(&path, None).expect_err("future");
    assert!(err.to_string().contains("newer than this anpm reads"), "{err}");
    assert!(nothing(&target));

    let mut other = archive.clone();
    other["kind"] = Value::from("something.else");
    write(&path, &other);
    assert_eq!(
        target.archive().import_from(&path, None).expect_err("kind").code(),
        ErrorCode::InvalidInput
    );

    // An attempt of a task the archive does not carry: the foreign key fails at commit, nothing stays.
    let mut dangling = archive.clone();
    let attempts = dangling["tables"]["dispatch_attempts"].as_array_mut().expect("attempts");
    attempts[0]["task_id"] = Value::from("00000000-0000-4000-8000-000000000000");
    write(&path, &dangling);
    assert!(target.archive().import_from(&path, None).is_err());
    assert!(nothing(&target), "a failed import leaves no project behind");

    let mut unknown = archive;
    unknown["tables"]["tasks"][0]["colour"] = Value::from("blue");
    write(&path, &unknown);
    let err = target.archive().import_from(&path, None).expect_err("unknown column");
    assert!(err.to_string().contains("colour"), "{err}");
    assert!(nothing(&target));
}
