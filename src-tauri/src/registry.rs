// The one list of commands the webview may call: name, arguments, answer, and the core call it makes.
// `commands.rs` turns each line into a `#[tauri::command]` that runs the call off the async workers; the
// same expansion gives the handler list and `ui/src/gen/commands.ts` (typed wrappers, `just gen-types`);
// `build.rs` reads the names from this file for the capability's `allow-<name>` permissions. Adding an
// operation: the core method, its raw-input type, one line here, its use in the UI.
//
// Arguments arrive as the webview sends them (ids as strings, raw-input structs); the core parses them,
// so a bad value gets the core's error code. `channel` commands take a `tauri::ipc::Channel` and are
// written by hand; they are listed here for the handler list and the capability. `os` commands open a
// task's worktree in the file manager or a terminal (through the opener plugin and the system's terminal);
// the core says which folder, the shell only hands it over.

registry! {
    commands {
        /// Every registered project, by name.
        list_projects() -> Vec<Project> = |c| c.projects().list();
        /// Registers the git work tree containing `path`.
        add_project(path: String, name: Option<String>, description: Option<String>) -> Project =
            |c| c.projects().add(&std::path::PathBuf::from(path), name.as_deref(), description.as_deref());
        /// Removes a project and all anpm data for it (the repository itself is not touched).
        remove_project(id: String) -> ProjectRemoval = |c| c.projects().remove(parse(&id)?);
        /// Changes where a project's agents work: worktree or in-place, base branch, setup, stacking.
        set_project_workspace(id: String, mode: Option<String>, base_branch: Option<String>,
            setup_copy: Option<Vec<String>>, setup_command: Option<String>, stack_on_review: Option<bool>)
            -> Project = |c| {
            let patch = WorkspacePatch {
                mode: parse_opt(mode)?, base_branch, setup_copy, setup_command, stack_on_review,
            };
            c.projects().set_workspace(parse(&id)?, &patch)
        };

        /// Requirements, optionally of one project; archived ones only when asked for.
        list_requirements(project_id: Option<String>, status: Option<String>, include_archived: bool)
            -> Vec<Requirement> = |c| c.requirements().list(&RequirementFilter {
                project_id: parse_opt(project_id)?,
                status: parse_opt(status)?,
                include_archived,
            });
        /// Adds a draft requirement to a project.
        add_requirement(project_id: String, input: RawRequirement) -> Requirement =
            |c| c.requirements().add(parse(&project_id)?, input.parse()?);
        /// Changes a requirement's texts or status.
        edit_requirement(id: String, patch: RawRequirementPatch) -> Requirement =
            |c| c.requirements().edit(parse(&id)?, &patch.parse()?);
        /// Deletes a requirement that produced no work.
        delete_requirement(id: String) -> Requirement = |c| c.requirements().delete(parse(&id)?);

        /// Every setting with its effective value.
        list_settings() -> Vec<SettingView> = |c| c.settings().list();
        /// Changes a setting after validating its value.
        set_setting(key: String, value: String) -> SettingView = |c| c.settings().set(&key, &value);
        /// Returns a setting to its default.
        unset_setting(key: String) -> SettingView = |c| c.settings().unset(&key);
        /// Where the model provider's API key comes from (never the key).
        api_key_source() -> ApiKeySource = |c| c.planning().api_key_source();
        /// Stores the model provider's API key in the OS keyring.
        set_provider_key(key: String) -> ApiKeySource = |c| c.planning().set_provider_key(&key);
        /// Removes the model provider's API key from the OS keyring.
        clear_provider_key() -> ApiKeySource = |c| c.planning().clear_provider_key();
        /// One short prompt to the configured OpenAI-compatible endpoint.
        test_planning_provider() -> ProviderTest = |c| c.planning().probe_provider();
        /// The version and the data folder of this instance.
        about() -> About = |c| Ok(c.about());
        /// Counts, the health score and the two-week trend of one project or all.
        dashboard(project_id: Option<String>) -> Dashboard = |c| c.dashboard(parse_opt(project_id)?);

        /// Queues a planning run; the app's planning worker executes it in the background.
        start_planning_run(requirement_id: String, input: RawPlanningRun) -> PlanningRun = |c| {
            let (provider, template) = input.parse()?;
            c.planning().start(parse(&requirement_id)?, provider, template)
        };
        /// Queues a "What's next" run for a project (with its own `analysis` requirement).
        start_whats_next(project_id: String, provider: Option<String>) -> PlanningRun =
            |c| c.planning().start_whats_next(parse(&project_id)?, parse_opt(provider)?).map(|(_, run)| run);
        /// Planning runs of a project or a requirement, newest first.
        list_planning_runs(project_id: Option<String>, requirement_id: Option<String>) -> Vec<PlanningRun> =
            |c| c.planning().runs(&PlanningRunFilter {
                project_id: parse_opt(project_id)?,
                requirement_id: parse_opt(requirement_id)?,
                status: None,
            });
        /// A run with its candidates and quality summary.
        planning_run(id: String) -> PlanningRunDetail = |c| c.planning().run(parse(&id)?);
        /// Cancels a queued or running run.
        cancel_planning_run(id: String) -> PlanningRun = |c| c.planning().cancel(parse(&id)?);
        /// The context a run was planned against (`raw`: the stored context.v2 JSON as it is).
        planning_context(id: String, raw: bool) -> ContextView = |c| c.planning().context(parse(&id)?, raw);
        /// A page of the candidates of a run or a project.
        list_candidates(planning_run_id: Option<String>, project_id: Option<String>, page: RawPage) -> Vec<BacklogCandidate> =
            |c| c.candidates().list(&CandidateFilter {
                project_id: parse_opt(project_id)?,
                planning_run_id: parse_opt(planning_run_id)?,
                status: None,
                page: page.parse()?,
            });
        /// Reviews a candidate: edit, approve or reject, feedback, execution role.
        update_candidate(id: String, patch: RawCandidatePatch) -> CandidateDetail =
            |c| c.candidates().update(parse(&id)?, &patch.parse()?);
        /// Applies a candidate into a task; with `approve` it is approved first.
        apply_candidate(id: String, role: Option<String>, agent: Option<String>, approve: bool) -> ApplyOutcome = |c| {
            let id = parse(&id)?;
            if approve {
                c.candidates().approve_and_apply(id, role.as_deref(), agent.as_deref())
            } else {
                c.candidates().apply(id, role.as_deref(), agent.as_deref())
            }
        };
        /// Asks the role router which execution role fits a candidate (nothing is stored).
        suggest_role(id: String) -> SuggestOutcome = |c| c.candidates().suggest_role(parse(&id)?);

        /// A project's backlog.
        list_backlog(project_id: String, filter: RawBacklogFilter) -> Vec<BacklogItem> =
            |c| c.backlog().list(&filter.parse(parse(&project_id)?)?);
        /// Adds an item to a project's backlog.
        add_backlog_item(project_id: String, input: RawBacklogItem) -> BacklogItem =
            |c| c.backlog().add(parse(&project_id)?, input.parse()?);
        /// Edits a backlog item (a committed item keeps its title, description and priority).
        edit_backlog_item(id: String, patch: RawBacklogItemPatch) -> BacklogItem =
            |c| c.backlog().edit(parse(&id)?, &patch.parse()?);
        /// Commits an item to a task (idempotent); with a role the task is queued for dispatch.
        commit_backlog_item(id: String, role: Option<String>, agent: Option<String>) -> CommitOutcome =
            |c| c.backlog().commit(parse(&id)?, role.as_deref(), agent.as_deref());

        /// Tasks matching a filter.
        list_tasks(filter: RawTaskFilter) -> Vec<Task> = |c| c.tasks().list(&filter.parse()?);
        /// How many of a project's tasks stand in each lifecycle stage (the board's column sizes).
        task_stage_counts(project_id: String) -> Vec<StageCount> =
            |c| c.tasks().stage_counts(parse(&project_id)?);
        /// Every project's queued, running, in-review and failed task counts (the project list's figures).
        project_pulses() -> Vec<ProjectPulse> = |c| c.tasks().pulses();
        /// A task written by hand (not from the backlog or a candidate).
        add_task(project_id: String, input: RawTask) -> Task =
            |c| c.tasks().add(parse(&project_id)?, input.parse()?);
        /// One task with its lineage and latest attempt.
        task(id: String) -> TaskDetail = |c| c.tasks().get(parse(&id)?);
        /// Edits one task.
        edit_task(id: String, patch: RawTaskPatch) -> Task = |c| c.tasks().edit(parse(&id)?, &patch.parse()?);
        /// The same status / priority / assignee change to 1–100 tasks, all or nothing.
        batch_edit_tasks(ids: Vec<String>, patch: RawTaskPatch) -> Vec<Task> = |c| {
            let ids = ids.iter().map(|id| parse(id)).collect::<anpm_core::Result<Vec<TaskId>>>()?;
            c.tasks().batch_edit(&ids, &patch.parse()?)
        };
        /// A task's dependencies (with where each stands), what it waits on, and its dependents.
        task_dependencies(id: String) -> TaskDependencies = |c| c.dependencies().of(parse(&id)?);
        /// Makes a task wait for another of its project (refused when it would close a cycle).
        add_task_dependency(id: String, depends_on: String) -> TaskDependencies =
            |c| c.dependencies().add(parse(&id)?, parse(&depends_on)?);
        /// Drops a dependency; the task starts when nothing else holds it.
        remove_task_dependency(id: String, depends_on: String) -> TaskDependencies =
            |c| c.dependencies().remove(parse(&id)?, parse(&depends_on)?);
        /// The backlog items an item comes after (with where each stands), and those that come after it.
        item_dependencies(id: String) -> ItemDependencies = |c| c.dependencies().of_item(parse(&id)?);
        /// Makes a backlog item come after another of its project (refused when it would close a cycle).
        add_item_dependency(id: String, depends_on: String) -> ItemDependencies =
            |c| c.dependencies().add_item(parse(&id)?, parse(&depends_on)?);
        /// Drops a backlog item's dependency (and the one between their tasks, when both are tasks).
        remove_item_dependency(id: String, depends_on: String) -> ItemDependencies =
            |c| c.dependencies().remove_item(parse(&id)?, parse(&depends_on)?);
        /// Writes everything a project holds into one archive file (logs too when asked).
        export_project(project_id: String, path: String, with_logs: bool) -> ExportReport =
            |c| c.archive().export_to(parse(&project_id)?, std::path::Path::new(&path), with_logs);
        /// Restores a project from an archive file, all or nothing; optionally at another repository.
        import_project(path: String, into_new_project: Option<String>) -> ImportReport =
            |c| c.archive().import_from(std::path::Path::new(&path), into_new_project.as_deref().map(std::path::Path::new));
        /// What agents cost, rolled up by day, task, requirement, project or agent, with the budgets.
        usage_report(project_id: Option<String>, by: String) -> UsageReport =
            |c| c.usage().report(parse_opt(project_id)?, parse(&by)?);
        /// A requirement's tasks in dependency order with their edges (the plan's graph).
        plan_steps(requirement_id: String) -> Vec<PlanStep> =
            |c| c.dependencies().plan(parse(&requirement_id)?);
        /// A project's queued tasks that wait on a dependency, with what each waits on.
        waiting_tasks(project_id: String) -> Vec<TaskDependencies> =
            |c| c.dependencies().waiting(parse(&project_id)?);
        /// "Run this plan": queues every task applied from a requirement's candidates, in dependency order.
        queue_plan(requirement_id: String) -> PlanQueued =
            |c| c.dependencies().queue_plan(parse(&requirement_id)?);
        /// Queues a task for an agent, with a role and agent first if given; `now` starts it at once, even
        /// while dispatch is paused.
        run_task(id: String, role: Option<String>, agent: Option<String>, now: bool) -> RunStarted =
            |c| c.tasks().run(parse(&id)?, role.as_deref(), agent.as_deref(), now);
        /// Every dispatch attempt of a task.
        task_attempts(id: String) -> Vec<DispatchAttempt> = |c| c.tasks().attempts(parse(&id)?);
        /// The captured output of an attempt (the latest by default).
        task_log(id: String, attempt: Option<i64>) -> AttemptLog = |c| c.tasks().log(parse(&id)?, attempt);
        /// Cancels a queued or running dispatch; a running agent is stopped at once.
        cancel_task(id: String) -> Task = |c| c.tasks().cancel(parse(&id)?);
        /// Queues a failed or cancelled task again, optionally with another agent profile.
        requeue_task(id: String, agent: Option<String>) -> Task =
            |c| c.tasks().requeue(parse(&id)?, agent.as_deref());
        /// What the task's branch changes against its base: files, counts and hunks.
        task_diff(id: String) -> TaskDiff = |c| c.review().diff(parse(&id)?);
        /// The diff as the review opens it: hunks of the first `unfolded` files only.
        task_diff_view(id: String, unfolded: usize) -> TaskDiff = |c| c.review().diff_view(parse(&id)?, unfolded);
        /// One file of the task's diff with its hunks.
        task_diff_file(id: String, path: String) -> FileDiff = |c| c.review().diff_file(parse(&id)?, &path);
        /// Merges the task's branch into its base (merge, squash or rebase).
        merge_task(id: String, strategy: String) -> MergeOutcome =
            |c| c.review().merge(parse(&id)?, parse(&strategy)?);
        /// Sends review feedback back to the task's agent; the task runs again in its workspace.
        followup_task(id: String, message: String) -> Task = |c| c.review().followup(parse(&id)?, &message);
        /// Removes the task's worktree (its branch kept unless `delete_branch`).
        discard_task(id: String, delete_branch: bool, force: bool) -> Task =
            |c| c.review().discard(parse(&id)?, delete_branch, force);
        /// Where the task's worktree is: folder, branch, base, head, disk use.
        task_workspace(id: String) -> WorkspaceInfo = |c| c.review().workspace(parse(&id)?);

        /// The loop's settings, the queue and the running tasks.
        dispatch_state() -> DispatchState = |c| c.dispatch().state();
        /// Pauses or resumes claiming new tasks.
        set_dispatch_paused(paused: bool) -> () = |c| c.dispatch().set_paused(paused);
        /// How many agents may run at once (1–16).
        set_dispatch_concurrency(concurrency: usize) -> () = |c| c.dispatch().set_concurrency(concurrency);
        /// Starts the next queued task now, even when paused or at capacity.
        run_next_task() -> () = |c| c.dispatch().request_run_next().map(|_| ());
        /// The execution roles a task can be dispatched as.
        list_roles() -> Vec<Role> = |c| Ok(c.dispatch().roles());

        /// Every agent profile, by name.
        list_agents() -> Vec<AgentProfile> = |c| c.agents().list();
        /// Adds an agent profile.
        add_agent(input: RawAgentProfile) -> AgentProfile = |c| c.agents().add(input.parse()?);
        /// Changes a profile; absent fields stay as they are.
        edit_agent(name: String, command: Option<String>, args: Option<Vec<String>>, output_format: Option<String>,
            model: Option<String>, is_default: Option<bool>, permissions: Option<String>) -> AgentProfile = |c| {
            let patch = AgentPatch {
                command,
                args,
                output_format: parse_opt(output_format)?,
                model,
                is_default,
                permissions: parse_opt(permissions)?,
            };
            c.agents().edit(&name, &patch)
        };
        /// The default agent of each task role that has one (role id → profile name).
        role_agents() -> BTreeMap<String, String> = |c| c.agents().role_defaults();
        /// Makes `name` the default agent of `role`, or clears the role's default.
        set_role_agent(role: String, name: Option<String>) -> () =
            |c| c.agents().set_default(AgentScope::Role, &role, name.as_deref());
        /// The default agent of each project that has one (project id → profile name).
        project_agents() -> BTreeMap<String, String> = |c| c.agents().project_defaults();
        /// Makes `name` the default agent of a project, or clears the project's default.
        set_project_agent(project_id: String, name: Option<String>) -> () =
            |c| c.agents().set_default(AgentScope::Project, &project_id, name.as_deref());
        /// Removes a profile.
        remove_agent(name: String) -> AgentProfile = |c| c.agents().remove(&name);
        /// Checks an agent: `--version`, then a one-word probe prompt.
        test_agent(name: String) -> AgentTest = |c| c.agents().probe(&name);
        /// Which agent CLIs are on PATH, and the profiles using each.
        detect_agents() -> Vec<DetectedAgent> = |c| c.agents().detect();
        /// Which agent a task of this project and role would run with, and whether it can start.
        agent_readiness(project_id: String, role: Option<String>, agent: Option<String>) -> AgentReadiness =
            |c| c.agents().readiness(parse(&project_id)?, role.as_deref(), agent.as_deref());
        /// The latest activity of every runner (live updates arrive as `activity` events).
        current_activity() -> Vec<Activity> = |c| Ok(c.activity().current());

        /// A project's documents, by path.
        list_documents(project_id: String) -> Vec<DocumentEntry> = |c| c.documents().list(parse(&project_id)?);
        /// One document with its links, suggested links and open drift.
        document_detail(id: String) -> DocumentDetail = |c| c.documents().get(parse(&id)?);
        /// A document's file as text (inside the repository only, at most 256 KiB).
        document_content(id: String) -> DocumentContent = |c| c.documents().content(parse(&id)?);
        /// Registers a repository file as a document by hand.
        add_document(project_id: String, title: String, path: String, doc_type: Option<String>,
            description: Option<String>) -> Document = |c| {
            let input = NewDocument::new(&title, &path, parse_opt(doc_type)?, description.as_deref())?;
            c.documents().add(parse(&project_id)?, input)
        };
        /// Edits a document's title, type or description.
        edit_document(id: String, title: Option<String>, doc_type: Option<String>, description: Option<String>)
            -> Document = |c| {
            let patch = DocumentPatch { title, doc_type: parse_opt(doc_type)?, description };
            c.documents().edit(parse(&id)?, &patch)
        };
        /// Removes a document from the registry (its file stays).
        remove_document(id: String) -> Document = |c| c.documents().remove(parse(&id)?);
        /// Discovers the project's documents now.
        discover_documents(project_id: String) -> DiscoveryReport = |c| c.documents().discover(parse(&project_id)?);
        /// Raises a drift signal by hand on a document.
        add_drift(document_id: String, detail: String, severity: Option<String>) -> DriftSignal =
            |c| c.drift().add(parse(&document_id)?, &detail, severity.as_deref().map(Severity::parse).transpose()?);
        /// Links a document to a code path it covers.
        link_document(id: String, code_path: String, link_type: String) -> DocumentLink =
            |c| c.documents().link(parse(&id)?, &code_path, parse(&link_type)?);
        /// Removes a document's link to a code path.
        unlink_document(id: String, code_path: String) -> () = |c| c.documents().unlink(parse(&id)?, &code_path);
        /// The document is up to date: fresh again, its open drift resolved.
        mark_document_updated(id: String) -> Document = |c| c.documents().mark_updated(parse(&id)?).map(|(d, _)| d);
        /// Scans the project's git history now and raises drift signals.
        run_sync(project_id: String) -> SyncRun = |c| c.sync_runs().run(parse(&project_id)?, SyncTrigger::Manual);
        /// A project's sync runs, newest first.
        list_sync_runs(project_id: String, limit: u32) -> Vec<SyncRun> =
            |c| c.sync_runs().list(parse(&project_id)?, (limit as usize).clamp(1, 500));
        /// A project's drift signals, optionally of one status, by severity or by time.
        list_drift(project_id: String, status: Option<String>, sort: String) -> Vec<DriftSignal> =
            |c| c.drift().list(parse(&project_id)?, parse_opt(status)?, parse(&sort)?);
        /// Resolves, dismisses or reopens a drift signal.
        set_drift_status(id: String, status: String) -> DriftSignal =
            |c| c.drift().set_status(parse(&id)?, parse(&status)?);
        /// Resolves every open drift signal of a project.
        resolve_all_drift(project_id: String) -> usize = |c| c.drift().resolve_all(parse(&project_id)?);
        /// Open drift per severity and the documents' staleness.
        drift_overview(project_id: String) -> DriftOverview = |c| c.drift().overview(parse(&project_id)?);
        /// Searches tasks, backlog items, requirements, candidates and documents.
        search(query: String, project_id: Option<String>, kinds: Vec<String>) -> SearchResults = |c| {
            let kinds = kinds.iter().map(|k| parse(k)).collect::<anpm_core::Result<Vec<SearchKind>>>()?;
            c.search().query(&query, parse_opt(project_id)?, &kinds)
        };
        /// The newest notifications, or only the unread ones.
        list_notifications(unread_only: bool) -> Vec<Notification> = |c| c.notifications().list(unread_only, None);
        /// How many notifications are unread.
        unread_notifications() -> i64 = |c| c.notifications().unread_count();
        /// Marks one notification read or unread.
        set_notification_read(id: String, read: bool) -> () = |c| c.notifications().set_read(parse(&id)?, read);
        /// Marks every notification read.
        read_all_notifications() -> usize = |c| c.notifications().read_all();
    }
    channels {
        watch_task_output,
    }
    // Hand a path the core names to the operating system (`os.rs`), written by hand like the channels.
    os {
        open_task_folder,
        open_task_terminal,
    }
}
