//! Project knowledge against real git repositories with scripted histories: discovery, sync runs and the
//! exact drift signals the spec's formulas give, drift triage, previews, the repository watch, and the
//! notification history.
//!
//! One file past 600 lines on purpose: every test builds on the same scripted `Shop` repository and its
//! helpers, and an integration-test file per concept would compile each of them as its own binary.

use std::path::Path;
use std::process::Command;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anpm_core::domain::*;
use anpm_core::{Config, Core, ErrorCode};
use anpm_testkit::{DataDir, GitRepo};

struct Repo {
    repo: GitRepo,
}

impl Repo {
    /// A repository whose first commit holds a README, a billing document that names two code files, and
    /// those files.
    fn new() -> Self {
        let repo = GitRepo::new();
        let r = Self { repo };
        r.write(
            "docs/billing.md",
            "# Billing\n\nInvoices are built in `src/pay.rs`; taxes in src/tax.rs.\n",
        );
        r.write("src/pay.rs", "fn pay() {}\n");
        r.write("src/tax.rs", "fn tax() {}\n");
        r.write("src/other.rs", "fn other() {}\n");
        r.commit("billing");
        r
    }

    fn path(&self) -> &Path {
        self.repo.path()
    }

    fn write(&self, file: &str, text: &str) {
        let path = self.path().join(file);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    }

    fn commit(&self, message: &str) {
        self.repo.git(&["add", "-A"]);
        self.repo.git(&["commit", "--quiet", "-m", message]);
    }

    /// A commit dated `days_ago` days back (author and committer).
    fn commit_dated(&self, message: &str, days_ago: i64) {
        self.repo.git(&["add", "-A"]);
        let date = format!("{} +0000", time_ago(days_ago));
        let status = Command::new("git")
            .arg("-C")
            .arg(self.path())
            .args(["commit", "--quiet", "-m", message])
            .env("GIT_AUTHOR_NAME", "t")
            .env("GIT_AUTHOR_EMAIL", "t@anpm.invalid")
            .env("GIT_COMMITTER_NAME", "t")
            .env("GIT_COMMITTER_EMAIL", "t@anpm.invalid")
            .env("GIT_AUTHOR_DATE", &date)
            .env("GIT_COMMITTER_DATE", &date)
            .status()
            .expect("git");
        assert!(status.success());
    }
}

/// A data directory, the billing repository and a core with it registered as the project "shop".
struct Shop {
    _data: DataDir,
    repo: Repo,
    core: Core,
    project: Project,
}

impl Shop {
    fn new() -> Self {
        let data = DataDir::new();
        let repo = Repo::new();
        let core = core(&data, &[]);
        let project = core.projects().add(repo.path(), Some("shop"), None).expect("project");
        Self { _data: data, repo, core, project }
    }
}

fn time_ago(days: i64) -> i64 {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("clock")
        .as_secs();
    now as i64 - days * 86_400
}

fn core(data: &DataDir, env: &[(&str, &str)]) -> Core {
    let env = env.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect();
    Core::open(Config { env: Some(env), ..Config::at(data.path()) }).expect("core")
}

fn doc(core: &Core, project: ProjectId, path: &str) -> Document {
    core.documents()
        .list(project)
        .expect("list")
        .into_iter()
        .map(|e| e.document)
        .find(|d| d.file_path == path)
        .unwrap_or_else(|| panic!("{path} is not registered"))
}

fn open_signals(core: &Core, project: ProjectId) -> Vec<DriftSignal> {
    core.drift().list(project, Some(DriftStatus::Open), DriftSort::Severity).expect("signals")
}

#[test]
fn adding_a_project_discovers_its_documents_and_their_mentioned_code() {
    let shop = Shop::new();
    let (core, project) = (&shop.core, &shop.project);
    let paths: Vec<String> = core
        .documents()
        .list(project.id)
        .expect("list")
        .into_iter()
        .map(|e| e.document.file_path)
        .collect();
    assert_eq!(paths, ["README.md", "docs/billing.md"]);
    let billing = doc(core, project.id, "docs/billing.md");
    assert_eq!(
        (billing.title.as_str(), billing.source, billing.is_stale),
        ("Billing", DocumentSource::Discovered, false)
    );
    assert!(billing.last_updated_at.is_some(), "the last commit's time");
    let detail = core.documents().get(billing.id).expect("detail");
    let links: Vec<(&str, LinkOrigin)> =
        detail.links.iter().map(|l| (l.code_path.as_str(), l.origin)).collect();
    assert_eq!(
        links,
        [("src/pay.rs", LinkOrigin::Mentioned), ("src/tax.rs", LinkOrigin::Mentioned)]
    );
}

#[test]
fn a_sync_raises_one_signal_per_document_with_the_formulas_severity_and_confidence() {
    let shop = Shop::new();
    let (repo, core, project) = (&shop.repo, &shop.core, &shop.project);
    let baseline = core.sync_runs().run(project.id, SyncTrigger::Manual).expect("first sync");
    assert_eq!(baseline.status, SyncStatus::Completed, "{}", baseline.error_message);
    assert_eq!((baseline.commits_scanned, baseline.branch.as_str()), (2, "main"));
    // The first sync sees the billing commit's new linked files (A): one medium signal, high confidence.
    let first = open_signals(core, project.id);
    assert_eq!(first.len(), 1);
    assert_eq!(first[0].trigger_detail, "Files changed: src/pay.rs (A), src/tax.rs (A)");
    assert_eq!((first[0].severity, first[0].confidence), (Severity::MEDIUM, Confidence::High));
    core.drift().resolve_all(project.id).expect("resolve all");

    // One linked file modified, plus noise and an unlinked file: one signal naming the linked file only.
    repo.write("src/pay.rs", "fn pay() { 1 }\n");
    repo.write("src/other.rs", "fn other() { 2 }\n");
    repo.write("node_modules/x/index.js", "x\n");
    repo.commit("pay");
    let run = core.sync_runs().run(project.id, SyncTrigger::Manual).expect("sync");
    assert_eq!((run.commits_scanned, run.files_changed, run.signals_created), (1, 3, 1));
    let signals = open_signals(core, project.id);
    assert_eq!(signals.len(), 1);
    let s = &signals[0];
    assert_eq!(s.trigger_type, TriggerType::CodeChange);
    assert_eq!(s.trigger_detail, "File changed: src/pay.rs (M)");
    assert_eq!((s.severity, s.confidence), (Severity::MEDIUM, Confidence::High));
    assert_eq!(s.sync_run_id, Some(run.id));
    assert_eq!(
        s.trigger_meta.changed_files,
        [ChangedFile { path: "src/pay.rs".into(), change_type: ChangeType::Modified }]
    );
    assert!(doc(core, project.id, "docs/billing.md").is_stale, "a touched document is stale");

    // Nothing new: no commit scanned, no second signal for the same document.
    let again = core.sync_runs().run(project.id, SyncTrigger::Manual).expect("sync");
    assert_eq!((again.commits_scanned, again.signals_created), (0, 0));

    // A linked file deleted: the open signal stays the only one (no duplicates per document)…
    repo.repo.git(&["rm", "--quiet", "src/tax.rs"]);
    repo.commit("drop tax");
    let run = core.sync_runs().run(project.id, SyncTrigger::Manual).expect("sync");
    assert_eq!(run.signals_created, 0);
    // …and once it is resolved, the next deletion raises a high one.
    core.drift().resolve_all(project.id).expect("resolve");
    repo.repo.git(&["rm", "--quiet", "src/pay.rs"]);
    repo.commit("drop pay");
    core.sync_runs().run(project.id, SyncTrigger::Manual).expect("sync");
    let signals = open_signals(core, project.id);
    assert_eq!(signals.len(), 1);
    assert_eq!(signals[0].trigger_detail, "File changed: src/pay.rs (D)");
    assert_eq!(signals[0].severity, Severity::HIGH);
}

#[test]
fn three_linked_files_are_high_and_an_own_rename_keeps_the_document() {
    let shop = Shop::new();
    let (repo, core, project) = (&shop.repo, &shop.core, &shop.project);
    core.sync_runs().run(project.id, SyncTrigger::Manual).expect("baseline");
    core.drift().resolve_all(project.id).expect("resolve");
    let billing = doc(core, project.id, "docs/billing.md");
    core.documents().link(billing.id, "src/other.rs", LinkType::Covers).expect("link");
    for file in ["src/pay.rs", "src/tax.rs", "src/other.rs"] {
        repo.write(file, "changed\n");
    }
    repo.commit("three");
    core.sync_runs().run(project.id, SyncTrigger::Manual).expect("sync");
    let signals = open_signals(core, project.id);
    assert_eq!(signals.len(), 1);
    assert_eq!(signals[0].severity, Severity::HIGH);
    assert_eq!(signals[0].trigger_meta.changed_files.len(), 3);
    core.drift().resolve_all(project.id).expect("resolve");

    repo.repo.git(&["mv", "docs/billing.md", "docs/payments.md"]);
    repo.commit("rename");
    core.sync_runs().run(project.id, SyncTrigger::Manual).expect("sync");
    let moved = doc(core, project.id, "docs/payments.md");
    assert_eq!(moved.id, billing.id, "the same document, under its new path");
    let signals = open_signals(core, project.id);
    assert_eq!(signals.len(), 1);
    assert_eq!(signals[0].trigger_detail, "File changed: docs/payments.md (R)");
    assert_eq!((signals[0].severity, signals[0].confidence), (Severity::HIGH, Confidence::Medium));

    // Its file deleted: a discovered document leaves the registry (and its signals with it).
    repo.repo.git(&["rm", "--quiet", "docs/payments.md"]);
    repo.commit("drop doc");
    core.sync_runs().run(project.id, SyncTrigger::Manual).expect("sync");
    let paths: Vec<String> = core
        .documents()
        .list(project.id)
        .expect("list")
        .into_iter()
        .map(|e| e.document.file_path)
        .collect();
    assert_eq!(paths, ["README.md"]);
    assert!(open_signals(core, project.id).is_empty());
}

#[test]
fn editing_a_document_is_its_update_not_drift() {
    let shop = Shop::new();
    let (repo, core, project) = (&shop.repo, &shop.core, &shop.project);
    core.sync_runs().run(project.id, SyncTrigger::Manual).expect("baseline");
    core.drift().resolve_all(project.id).expect("resolve");
    let before = doc(core, project.id, "docs/billing.md");
    std::thread::sleep(Duration::from_millis(1100));
    repo.write("docs/billing.md", "# Billing v2\n\nNow in `src/pay.rs` only.\n");
    repo.commit("docs");
    let run = core.sync_runs().run(project.id, SyncTrigger::Manual).expect("sync");
    assert_eq!(run.signals_created, 0);
    let after = doc(core, project.id, "docs/billing.md");
    assert_eq!(after.title, "Billing v2");
    assert!(after.last_updated_at > before.last_updated_at);
    let links: Vec<String> = core
        .documents()
        .get(after.id)
        .expect("detail")
        .links
        .into_iter()
        .map(|l| l.code_path)
        .collect();
    assert_eq!(links, ["src/pay.rs"], "mentioned links follow the text");
}

#[test]
fn time_decay_marks_old_documents_stale_once() {
    let data = DataDir::new();
    let repo = Repo::new();
    repo.write("docs/old.md", "# Old guide\n");
    repo.commit_dated("old", 10);
    let core = core(&data, &[("ANPM_STALE_DAYS", "5")]);
    let project = core.projects().add(repo.path(), Some("shop"), None).expect("project");
    core.sync_runs().run(project.id, SyncTrigger::Manual).expect("sync");
    let old = doc(&core, project.id, "docs/old.md");
    assert!(old.is_stale);
    assert_eq!(old.staleness_days, 10);
    let decay: Vec<DriftSignal> = open_signals(&core, project.id)
        .into_iter()
        .filter(|s| s.trigger_type == TriggerType::TimeDecay)
        .collect();
    assert_eq!(decay.len(), 1);
    assert_eq!(decay[0].document_id, old.id);
    assert_eq!(decay[0].trigger_detail, "Document stale for over 5 days");
    assert_eq!((decay[0].severity, decay[0].confidence), (Severity::MEDIUM, Confidence::Medium));
    assert_eq!(decay[0].trigger_meta.days_stale, Some(5));
    let run = core.sync_runs().run(project.id, SyncTrigger::Manual).expect("again");
    assert_eq!(run.signals_created, 0, "an open signal is not raised twice");

    // Resolving leaves the document stale; marking it updated makes it fresh and resolves its signals.
    core.drift().set_status(decay[0].id, DriftStatus::Resolved).expect("resolve");
    assert!(doc(&core, project.id, "docs/old.md").is_stale);
    core.drift().set_status(decay[0].id, DriftStatus::Open).expect("reopen");
    let (fresh, resolved) = core.documents().mark_updated(old.id).expect("mark");
    assert_eq!((fresh.is_stale, fresh.staleness_days, resolved), (false, 0, 1));
    assert_eq!(core.drift().get(decay[0].id).expect("signal").status, DriftStatus::Resolved);
}

#[test]
fn an_empty_repository_syncs_to_zero_and_a_detached_head_scans_the_base_branch() {
    let data = DataDir::new();
    let core = core(&data, &[]);
    let dir = tempfile::tempdir().expect("dir");
    let status = Command::new("git")
        .args(["init", "-q", "-b", "main"])
        .arg(dir.path())
        .status()
        .expect("git");
    assert!(status.success());
    let project = core.projects().add(dir.path(), Some("empty"), None).expect("project");
    let run = core.sync_runs().run(project.id, SyncTrigger::Manual).expect("sync");
    assert_eq!(run.status, SyncStatus::Completed, "{}", run.error_message);
    assert_eq!((run.commits_scanned, run.files_changed, run.signals_created), (0, 0, 0));

    let repo = Repo::new();
    let project = core.projects().add(repo.path(), Some("shop"), None).expect("project");
    repo.repo.git(&["checkout", "--quiet", "-b", "feature"]);
    repo.write("src/pay.rs", "feature work\n");
    repo.commit("feature");
    repo.repo.git(&["checkout", "--quiet", "--detach", "main"]);
    let run = core.sync_runs().run(project.id, SyncTrigger::Manual).expect("sync");
    assert_eq!(
        (run.status, run.branch.as_str(), run.commits_scanned),
        (SyncStatus::Completed, "main", 2)
    );
}

#[test]
fn a_missing_branch_fails_with_the_detected_one_and_a_notification() {
    let shop = Shop::new();
    let (repo, core, project) = (&shop.repo, &shop.core, &shop.project);
    let patch =
        anpm_core::api::WorkspacePatch { base_branch: Some("trunk".into()), ..Default::default() };
    core.projects()
        .set_workspace(project.id, &patch)
        .expect_err("an unknown base branch is refused up front");
    // A branch that existed when configured and was deleted since.
    repo.repo.git(&["branch", "trunk"]);
    core.projects().set_workspace(project.id, &patch).expect("trunk exists now");
    repo.repo.git(&["branch", "-D", "trunk"]);
    let run = core.sync_runs().run(project.id, SyncTrigger::Manual).expect("a failed run");
    assert_eq!(run.status, SyncStatus::Failed);
    assert!(
        run.error_message.contains("detected default branch is \"main\""),
        "{}",
        run.error_message
    );
    assert_eq!(run.detected_branch, "main");
    let notes = core.notifications().list(true, None).expect("notifications");
    assert_eq!(notes.len(), 1);
    assert_eq!(
        (notes[0].kind, notes[0].level),
        (NotificationKind::SyncFailed, NotificationLevel::Error)
    );
    assert_eq!(core.notifications().unread_count().expect("count"), 1);
    core.notifications().set_read(notes[0].id, true).expect("read");
    assert_eq!(core.notifications().unread_count().expect("count"), 0);
    core.notifications().set_read(notes[0].id, false).expect("unread");
    assert_eq!(core.notifications().read_all().expect("all"), 1);
    let missing = core.notifications().set_read(NotificationId::new(), true).expect_err("unknown");
    assert_eq!(missing.code(), ErrorCode::NotFound);
}

#[test]
fn previews_stay_inside_the_repository() {
    let shop = Shop::new();
    let (repo, core, project) = (&shop.repo, &shop.core, &shop.project);
    let billing = doc(core, project.id, "docs/billing.md");
    let content = core.documents().content(billing.id).expect("content");
    assert_eq!((content.language.as_str(), content.truncated), ("markdown", false));
    assert!(content.content.starts_with("# Billing"));

    let outside = tempfile::tempdir().expect("dir");
    std::fs::write(outside.path().join("secret.md"), "secret").expect("write");
    std::os::unix::fs::symlink(
        outside.path().join("secret.md"),
        repo.path().join("docs/escape.md"),
    )
    .expect("symlink");
    let escape = core
        .documents()
        .add(project.id, NewDocument::new("Escape", "docs/escape.md", None, None).expect("input"))
        .expect("registered");
    let err = core.documents().content(escape.id).expect_err("a symlink out of the repository");
    assert_eq!(err.code(), ErrorCode::InvalidInput);
    assert!(err.to_string().contains("outside the repository"), "{err}");
    for bad in ["../etc/passwd", "/etc/passwd"] {
        let err = NewDocument::new("Bad", bad, None, None).expect_err(bad);
        assert_eq!(err.code(), ErrorCode::InvalidInput);
    }
    let dup = core
        .documents()
        .add(project.id, NewDocument::new("Again", "docs/billing.md", None, None).expect("input"))
        .expect_err("same path");
    assert_eq!(dup.code(), ErrorCode::Conflict);
}

#[test]
fn drift_triage_lists_by_severity_or_time_and_moves_status() {
    let shop = Shop::new();
    let (core, project) = (&shop.core, &shop.project);
    let readme = doc(core, project.id, "README.md");
    let low = core.drift().add(readme.id, "Check the intro", None).expect("manual");
    let high =
        core.drift().add(readme.id, "Wrong install steps", Some(Severity::HIGH)).expect("manual");
    assert_eq!((low.severity, low.trigger_type), (Severity::LOW, TriggerType::Manual));
    let by_severity: Vec<DriftSignalId> = core
        .drift()
        .list(project.id, None, DriftSort::Severity)
        .expect("list")
        .iter()
        .map(|s| s.id)
        .collect();
    assert_eq!(by_severity, [high.id, low.id]);
    let by_time: Vec<DriftSignalId> = core
        .drift()
        .list(project.id, None, DriftSort::Time)
        .expect("list")
        .iter()
        .map(|s| s.id)
        .collect();
    assert_eq!(by_time, [high.id, low.id]);
    let dismissed = core.drift().set_status(low.id, DriftStatus::Dismissed).expect("dismiss");
    assert_eq!((dismissed.resolved_by.as_str(), dismissed.resolved_at.is_some()), ("local", true));
    let again = core.drift().set_status(low.id, DriftStatus::Dismissed).expect_err("already");
    assert_eq!(again.code(), ErrorCode::InvalidTransition);
    let open =
        core.drift().list(project.id, Some(DriftStatus::Open), DriftSort::Severity).expect("open");
    assert_eq!(open.len(), 1);
    assert_eq!(core.drift().resolve_all(project.id).expect("all"), 1);
    let overview = core.drift().overview(project.id).expect("overview");
    assert_eq!(overview.open.total(), 0);
}

#[test]
fn a_commit_made_by_another_process_syncs_without_a_command() {
    let data = DataDir::new();
    let repo = Repo::new();
    let core = Arc::new(core(&data, &[]));
    let project = core.projects().add(repo.path(), Some("shop"), None).expect("project");
    core.sync_runs().run(project.id, SyncTrigger::Manual).expect("baseline");
    core.drift().resolve_all(project.id).expect("resolve");
    core.dispatch().set_paused(true).expect("no dispatch in this test");
    core.start_background();
    // The start-up sync runs first; wait for it to finish (a commit made while it runs is its own to
    // scan, as seen on a loaded CI) so the watch's run is told apart.
    let deadline = Instant::now() + Duration::from_secs(20);
    while core
        .sync_runs()
        .list(project.id, 10)
        .expect("runs")
        .iter()
        .all(|r| r.triggered_by != SyncTrigger::Startup || r.completed_at.is_none())
    {
        assert!(Instant::now() < deadline, "no start-up sync");
        std::thread::sleep(Duration::from_millis(50));
    }
    repo.write("src/pay.rs", "fn pay() { changed elsewhere }\n");
    repo.commit("outside");
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let runs = core.sync_runs().list(project.id, 10).expect("runs");
        if let Some(run) =
            runs.iter().find(|r| r.triggered_by == SyncTrigger::Watch && r.signals_created > 0)
        {
            assert_eq!(run.commits_scanned, 1);
            break;
        }
        assert!(Instant::now() < deadline, "no watch-triggered sync: {runs:?}");
        std::thread::sleep(Duration::from_millis(50));
    }
    let signals = open_signals(&core, project.id);
    assert_eq!(signals.len(), 1);
    assert_eq!(signals[0].trigger_detail, "File changed: src/pay.rs (M)");
    core.shutdown();
}

#[test]
fn search_ranks_titles_first_matches_prefixes_and_follows_every_write() {
    let shop = Shop::new();
    let (core, project) = (&shop.core, &shop.project);
    let task = |title: &str, description: &str| {
        let raw = RawTask {
            title: title.into(),
            fields: RawTaskFields { description: Some(description.into()), ..Default::default() },
            ..Default::default()
        };
        core.tasks().add(project.id, raw.parse().expect("task")).expect("added")
    };
    let in_body = task("Tidy the importer", "the invoice parser drops rows");
    let in_title = task("Invoice export", "CSV for finance");
    let other = task("Unrelated", "nothing to see");
    let hits =
        core.search().query("invoice", Some(project.id), &[SearchKind::Tasks]).expect("search");
    let ids: Vec<&str> = hits.hits.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(ids, [in_title.id.to_string(), in_body.id.to_string()], "a title match ranks first");
    let marked: Vec<&str> =
        hits.hits[1].snippet.iter().filter(|p| p.matched).map(|p| p.text.as_str()).collect();
    assert_eq!(marked, ["invoice"], "the snippet marks the match");

    // Prefixes, several words (all must appear), and the document text.
    let prefix = core.search().query("inv exp", None, &[]).expect("prefix");
    assert_eq!(prefix.hits.len(), 1);
    assert_eq!(prefix.hits[0].id, in_title.id.to_string());
    let docs =
        core.search().query("taxes", Some(project.id), &[SearchKind::Documents]).expect("docs");
    assert_eq!(docs.hits.len(), 1);
    assert_eq!(docs.hits[0].title, "Billing");

    // Triggers keep the index in step with edits and deletes.
    let patch = RawTaskPatch { title: Some("Invoice totals".into()), ..Default::default() };
    core.tasks().edit(other.id, &patch.parse().expect("patch")).expect("edit");
    let after_edit = core.search().query("totals", None, &[SearchKind::Tasks]).expect("edit");
    assert_eq!(after_edit.hits.len(), 1);
    let requirement = core
        .requirements()
        .add(
            project.id,
            NewRequirement::new("Quarterly ledger", None, None, None, None).expect("req"),
        )
        .expect("requirement");
    let found = core.search().query("ledger", None, &[SearchKind::Requirements]).expect("req");
    assert_eq!(found.hits[0].id, requirement.id.to_string());
    core.requirements().delete(requirement.id).expect("delete");
    let after_delete = core.search().query("ledger", None, &[]).expect("delete");
    assert!(after_delete.hits.is_empty());

    // Whatever is typed, FTS5 syntax never reaches the index as syntax.
    for raw in ["\"unbalanced", "invoice AND", "NEAR(x", "col:invoice", "*", "invoice)"] {
        match core.search().query(raw, None, &[]) {
            Ok(_) => {}
            Err(e) => assert_eq!(e.code(), ErrorCode::InvalidInput, "{raw}: {e}"),
        }
    }
    let none = core.search().query("  ** ", None, &[]).expect_err("no words");
    assert_eq!(none.code(), ErrorCode::InvalidInput);
}

#[test]
fn the_built_in_planner_cites_the_files_documents_and_drift_a_reader_would_expect() {
    let data = DataDir::new();
    let repo = GitRepo::new();
    let files = [
        ("src/billing/invoice.rs", "pub struct Invoice;\n"),
        ("src/billing/invoice_render.rs", "pub fn render() {}\n"),
        ("src/billing/tax.rs", "pub fn tax() {}\n"),
        ("src/auth/login.rs", "pub fn login() {}\n"),
        ("tests/invoice_export.rs", "#[test] fn t() {}\n"),
        ("docs/billing.md", "# Invoices\n\nInvoices are assembled in `src/billing/tax.rs`.\n"),
        ("docs/auth.md", "# Login\n"),
    ];
    for (path, text) in files {
        let full = repo.path().join(path);
        std::fs::create_dir_all(full.parent().expect("parent")).expect("mkdir");
        std::fs::write(full, text).expect("write");
    }
    repo.git(&["add", "-A"]);
    repo.git(&["commit", "--quiet", "-m", "billing"]);
    let core = core(&data, &[]);
    let project = core.projects().add(repo.path(), Some("shop"), None).expect("project");
    core.sync_runs().run(project.id, SyncTrigger::Manual).expect("sync");
    let input = NewRequirement::new(
        "Export invoices",
        Some("Finance wants every invoice as a file"),
        None,
        None,
        None,
    )
    .expect("requirement");
    let requirement = core.requirements().add(project.id, input).expect("added");
    let plan = || {
        let run = core
            .planning()
            .start(requirement.id, Some(ProviderKind::Deterministic), PlanningTemplate::Backlog)
            .expect("start");
        core.planning().execute(run.id).expect("execute");
        core.planning().run(run.id).expect("detail").candidates
    };
    let first = plan();
    let by_type =
        |kind: &str| first.iter().find(|c| c.suggestion_type == kind).expect(kind).clone();
    let implementation = by_type("implementation");
    let cited: Vec<String> = implementation.evidence_detail["files"]
        .as_array()
        .expect("files")
        .iter()
        .map(|f| f["path"].as_str().expect("path").to_owned())
        .collect();
    assert_eq!(
        cited,
        ["src/billing/invoice.rs", "src/billing/invoice_render.rs", "src/billing/tax.rs"]
    );
    assert!(
        implementation.description.contains("`src/billing/invoice.rs`"),
        "{}",
        implementation.description
    );
    assert!(
        implementation.description.contains("`docs/billing.md`"),
        "{}",
        implementation.description
    );
    let documents: Vec<&str> = implementation.evidence_detail["documents"]
        .as_array()
        .expect("documents")
        .iter()
        .map(|d| d["file_path"].as_str().expect("path"))
        .collect();
    assert_eq!(documents.first(), Some(&"docs/billing.md"));
    let validation = by_type("validation");
    assert!(
        validation.description.contains("`tests/invoice_export.rs`"),
        "{}",
        validation.description
    );
    // The first sync raised drift on the billing document (its linked tax.rs was added): validation names it.
    assert!(validation.description.contains("\"Invoices\""), "{}", validation.description);
    let second = plan();
    // The second run also sees the first among the recent agent runs (so its evidence count, and with it
    // the scores, move); what it proposes and the files it cites stay the same.
    let shape = |c: &[BacklogCandidate]| {
        let mut out: Vec<(String, String, String)> = c
            .iter()
            .map(|c| {
                (c.title.clone(), c.description.clone(), c.evidence_detail["files"].to_string())
            })
            .collect();
        out.sort();
        out
    };
    assert_eq!(shape(&first), shape(&second), "the same answer run to run");
}
