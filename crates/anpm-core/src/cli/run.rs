//! Executes a parsed command line against [`Core`] and prints the outcome.

use std::ffi::OsString;
use std::io::Write;
use std::str::FromStr;

use clap::error::ErrorKind;
use clap::Parser;

use super::args::*;
use super::render::Output;
use crate::domain::*;
use crate::store::{
    BacklogFilter, CandidateFilter, PlanningRunFilter, RequirementFilter, TaskFilter,
};
use crate::{Config, Core, Error, ErrorCode, Result};

/// Parses the command line. Help and version print and exit 0; a malformed command line exits 2, printing
/// clap's message, or the JSON error envelope when `--json` was among the arguments.
pub fn parse_or_exit<I, T>(args: I) -> Cli
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let args: Vec<OsString> = args.into_iter().map(Into::into).collect();
    match Cli::try_parse_from(&args) {
        Ok(cli) => cli,
        Err(e) if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) => {
            e.exit()
        }
        Err(e) if args.iter().any(|a| a == "--json") => {
            let message = usage_message(&e.render().to_string());
            print_error(&mut std::io::stderr(), true, ErrorCode::Usage, &message);
            std::process::exit(2);
        }
        Err(e) => e.exit(),
    }
}

/// Runs `command` and prints its outcome; returns the process exit code.
pub fn execute(cli: Cli, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    let Some(command) = cli.command else {
        print_error(err, cli.json, ErrorCode::Usage, "no subcommand given; see `anpm --help`");
        return 2;
    };
    let result =
        Config::resolve(cli.data_dir).and_then(Core::open).and_then(|core| run(&core, command));
    match result {
        Ok(output) => {
            let printed = if cli.json {
                writeln!(out, "{}", output.json())
            } else {
                write!(out, "{}", output.text())
            };
            // A closed stdout (e.g. piped into `head`) is not a failure of the operation.
            let _ = printed;
            0
        }
        Err(e) => {
            print_error(err, cli.json, e.code(), &e.to_string());
            1
        }
    }
}

fn print_error(err: &mut dyn Write, json: bool, code: ErrorCode, message: &str) {
    let _ = if json {
        writeln!(
            err,
            "{}",
            serde_json::json!({ "error": { "code": code.as_str(), "message": message } })
        )
    } else {
        writeln!(err, "error[{}]: {message}", code.as_str())
    };
}

/// Clap's rendered error as one line: the complaint and what it names, without the usage banner.
fn usage_message(rendered: &str) -> String {
    let lines: Vec<&str> = rendered
        .lines()
        .map(str::trim)
        .take_while(|l| !l.starts_with("Usage:") && !l.starts_with("For more information"))
        .filter(|l| !l.is_empty())
        .collect();
    lines.join(" ").trim_start_matches("error: ").to_owned()
}

fn run(core: &Core, command: Command) -> Result<Output> {
    match command {
        Command::Project(c) => project(core, c),
        Command::Requirement(c) => requirement(core, c),
        Command::Backlog(c) => backlog(core, c),
        Command::Task(c) => task(core, c),
        Command::Plan(c) => plan(core, c),
        Command::Candidate(c) => candidate(core, c),
        Command::Settings(c) => settings(core, c),
        Command::Dashboard { project } => {
            Ok(Output::Dashboard(core.dashboard(parse_opt(project.as_deref())?)?))
        }
        Command::Dispatch(c) => dispatch(core, c),
        Command::Agent(c) => agent(core, c),
        Command::Activity { follow } => activity(core, follow),
        Command::Roles => Ok(Output::Roles(
            crate::dispatch::roles::catalog().task_roles().into_iter().cloned().collect(),
        )),
    }
}

fn parse<T: FromStr<Err = Error>>(raw: &str) -> Result<T> {
    raw.parse()
}

fn parse_opt<T: FromStr<Err = Error>>(raw: Option<&str>) -> Result<Option<T>> {
    raw.map(parse).transpose()
}

fn project(core: &Core, command: ProjectCommand) -> Result<Output> {
    Ok(match command {
        ProjectCommand::Add { path, name, description } => {
            Output::Project(core.add_project(&path, name.as_deref(), description.as_deref())?)
        }
        ProjectCommand::List => Output::Projects(core.projects()?),
        ProjectCommand::Show { id } => Output::Project(core.project(parse(&id)?)?),
        ProjectCommand::Remove { id } => Output::ProjectRemoved(core.remove_project(parse(&id)?)?),
    })
}

fn requirement(core: &Core, command: RequirementCommand) -> Result<Output> {
    Ok(match command {
        RequirementCommand::Add { project, title, summary, description, audience, success } => {
            let input = NewRequirement::new(
                &title,
                summary.as_deref(),
                description.as_deref(),
                audience.as_deref(),
                success.as_deref(),
            )?;
            Output::Requirement(core.add_requirement(parse(&project)?, input)?)
        }
        RequirementCommand::List { project, status, all } => {
            let filter = RequirementFilter {
                project_id: parse_opt(project.as_deref())?,
                status: parse_opt(status.as_deref())?,
                include_archived: all,
            };
            Output::Requirements(core.requirements(&filter)?)
        }
        RequirementCommand::Show { id } => Output::Requirement(core.requirement(parse(&id)?)?),
        RequirementCommand::Edit { id, title, summary, description, audience, success, status } => {
            let patch = RequirementPatch {
                title,
                summary,
                description,
                audience,
                success_criteria: success,
                status: parse_opt(status.as_deref())?,
            };
            Output::Requirement(core.edit_requirement(parse(&id)?, &patch)?)
        }
        RequirementCommand::Archive { id } => {
            Output::Requirement(core.archive_requirement(parse(&id)?)?)
        }
        RequirementCommand::Delete { id } => {
            Output::RequirementDeleted(core.delete_requirement(parse(&id)?)?)
        }
    })
}

fn backlog(core: &Core, command: BacklogCommand) -> Result<Output> {
    Ok(match command {
        BacklogCommand::Add { project, title, requirement, fields } => {
            let mut input = NewBacklogItem::new(
                &title,
                fields.description.as_deref(),
                parse_opt(fields.status.as_deref())?,
                parse_opt(fields.priority.as_deref())?,
                fields.rank,
                &fields.labels,
                fields.acceptance.as_deref(),
                fields.blocked_reason.as_deref(),
            )?;
            input.requirement_id = parse_opt(requirement.as_deref())?;
            Output::BacklogItem(core.add_backlog_item(parse(&project)?, input)?)
        }
        BacklogCommand::List { project, status, priority, label, text, all, sort } => {
            let filter = BacklogFilter {
                project_id: parse(&project)?,
                status: parse_opt(status.as_deref())?,
                priority: parse_opt(priority.as_deref())?,
                label,
                text,
                include_archived: all,
                sort: parse(&sort)?,
            };
            Output::BacklogItems(core.backlog_items(&filter)?)
        }
        BacklogCommand::Show { id } => Output::BacklogItem(core.backlog_item(parse(&id)?)?),
        BacklogCommand::Edit { id, title, clear_labels, fields } => {
            let id: BacklogItemId = parse(&id)?;
            let labels =
                if clear_labels || !fields.labels.is_empty() { Some(fields.labels) } else { None };
            let patch = BacklogItemPatch {
                title,
                description: fields.description,
                status: parse_opt(fields.status.as_deref())?,
                priority: parse_opt(fields.priority.as_deref())?,
                rank: fields.rank,
                labels,
                acceptance_criteria: fields.acceptance,
                blocked_reason: fields.blocked_reason,
            };
            Output::BacklogItem(core.edit_backlog_item(id, &patch)?)
        }
        BacklogCommand::Commit { id, role, agent } => Output::Committed(core.commit_backlog_item(
            parse(&id)?,
            role.as_deref(),
            agent.as_deref(),
        )?),
    })
}

fn task(core: &Core, command: TaskCommand) -> Result<Output> {
    Ok(match command {
        TaskCommand::Add { project, title, description, status, priority, assignee } => {
            let input = NewTask::new(
                &title,
                description.as_deref(),
                parse_opt(status.as_deref())?,
                parse_opt(priority.as_deref())?,
                assignee.as_deref(),
            )?;
            Output::Task(core.add_task(parse(&project)?, input)?)
        }
        TaskCommand::List { project, status, priority, assignee, dispatch_status, text } => {
            let filter = TaskFilter {
                project_id: parse_opt(project.as_deref())?,
                status: parse_opt(status.as_deref())?,
                priority: parse_opt(priority.as_deref())?,
                assignee,
                dispatch_status: parse_opt(dispatch_status.as_deref())?,
                text,
            };
            Output::Tasks(core.tasks(&filter)?)
        }
        TaskCommand::Show { id } => Output::TaskDetail(core.task(parse(&id)?)?),
        TaskCommand::Edit { id, title, description, status, priority, assignee } => {
            let patch = TaskPatch {
                title,
                description,
                status: parse_opt(status.as_deref())?,
                priority: parse_opt(priority.as_deref())?,
                assignee,
            };
            Output::Task(core.edit_task(parse(&id)?, &patch)?)
        }
        TaskCommand::Cancel { id } => Output::Task(core.cancel_task(parse(&id)?, None)?),
        TaskCommand::Requeue { id, agent } => {
            Output::Task(core.requeue_task(parse(&id)?, agent.as_deref())?)
        }
        TaskCommand::Attempts { id } => Output::Attempts(core.task_attempts(parse(&id)?)?),
        TaskCommand::Log { id, attempt } => Output::Log(core.task_log(parse(&id)?, attempt)?),
        TaskCommand::BatchEdit { ids, status, priority, assignee } => {
            let ids = ids.iter().map(|id| parse::<TaskId>(id)).collect::<Result<Vec<_>>>()?;
            let patch = TaskPatch {
                title: None,
                description: None,
                status: parse_opt(status.as_deref())?,
                priority: parse_opt(priority.as_deref())?,
                assignee,
            };
            Output::Tasks(core.batch_edit_tasks(&ids, &patch)?)
        }
    })
}

fn plan(core: &Core, command: PlanCommand) -> Result<Output> {
    Ok(match command {
        PlanCommand::Run { requirement, provider, template, wait } => {
            let run = core.start_planning_run(
                parse(&requirement)?,
                parse_opt(provider.as_deref())?,
                parse(&template)?,
            )?;
            if wait {
                core.execute_planning_run(run.id)?;
                Output::PlanningRunDetail(Box::new(core.planning_run(run.id)?))
            } else {
                Output::PlanningRunQueued(run)
            }
        }
        PlanCommand::List { requirement, project, status } => {
            Output::PlanningRuns(core.planning_runs(&PlanningRunFilter {
                project_id: parse_opt(project.as_deref())?,
                requirement_id: parse_opt(requirement.as_deref())?,
                status: parse_opt(status.as_deref())?,
            })?)
        }
        PlanCommand::Show { id } => {
            Output::PlanningRunDetail(Box::new(core.planning_run(parse(&id)?)?))
        }
        PlanCommand::Cancel { id } => Output::PlanningRun(core.cancel_planning_run(parse(&id)?)?),
        PlanCommand::Context { id, raw } => {
            Output::Context(core.planning_context(parse(&id)?, raw)?)
        }
    })
}

fn candidate(core: &Core, command: CandidateCommand) -> Result<Output> {
    Ok(match command {
        CandidateCommand::List { run, project, status } => {
            Output::Candidates(core.candidates(&CandidateFilter {
                project_id: parse_opt(project.as_deref())?,
                planning_run_id: parse_opt(run.as_deref())?,
                status: parse_opt(status.as_deref())?,
            })?)
        }
        CandidateCommand::SuggestRole { id } => Output::Suggestion(core.suggest_role(parse(&id)?)?),
        CandidateCommand::Show { id } => Output::Candidate(Box::new(core.candidate(parse(&id)?)?)),
        CandidateCommand::Update { id, title, description, status, role, feedback, note } => {
            let patch = CandidatePatch {
                title,
                description,
                status: parse_opt(status.as_deref())?,
                execution_role: role,
                feedback_kind: feedback,
                feedback_note: note,
            };
            Output::Candidate(Box::new(core.update_candidate(parse(&id)?, &patch)?))
        }
        CandidateCommand::Apply { id, role, approve, agent } => {
            let id: BacklogCandidateId = parse(&id)?;
            let outcome = if approve {
                core.approve_and_apply_candidate(id, role.as_deref(), agent.as_deref())?
            } else {
                core.apply_candidate(id, role.as_deref(), agent.as_deref())?
            };
            Output::Applied(Box::new(outcome))
        }
    })
}

fn settings(core: &Core, command: SettingsCommand) -> Result<Output> {
    Ok(match command {
        SettingsCommand::Get { key: None } => Output::Settings(core.settings()?),
        SettingsCommand::Get { key: Some(key) } => Output::Setting(core.setting(&key)?),
        SettingsCommand::Set { key, value } => Output::Setting(core.set_setting(&key, &value)?),
        SettingsCommand::Unset { key } => Output::Setting(core.unset_setting(&key)?),
        SettingsCommand::SetKey => {
            let mut line = String::new();
            std::io::stdin().read_line(&mut line).map_err(|e| crate::Error::Io {
                context: "reading the key from standard input".into(),
                source: e,
            })?;
            Output::KeySource(core.set_provider_key(&line)?)
        }
        SettingsCommand::ClearKey => Output::KeySource(core.clear_provider_key()?),
        SettingsCommand::Key => Output::KeySource(core.api_key_source()?),
    })
}

fn dispatch(core: &Core, command: DispatchCommand) -> Result<Output> {
    Ok(match command {
        DispatchCommand::Status => Output::DispatchState(core.dispatch_state(None)?),
        DispatchCommand::Pause => {
            core.set_dispatch_paused(true)?;
            Output::DispatchState(core.dispatch_state(None)?)
        }
        DispatchCommand::Resume => {
            core.set_dispatch_paused(false)?;
            Output::DispatchState(core.dispatch_state(None)?)
        }
        DispatchCommand::Next { wait: true } => match core.run_next_task_here()? {
            Some(task) => Output::TaskDetail(core.task(task.id)?),
            None => Output::Note("no task is queued".into()),
        },
        DispatchCommand::Next { wait: false } => {
            core.request_run_next()?;
            Output::Note("asked the running dispatch loop to start the next queued task".into())
        }
        DispatchCommand::Serve { concurrency } => {
            if let Some(n) = concurrency {
                core.set_dispatch_concurrency(n)?;
            }
            serve(core)?
        }
    })
}

/// Runs the loop until Ctrl-C (or SIGTERM), printing activity as it happens.
fn serve(core: &Core) -> Result<Output> {
    let dispatcher = core.start_dispatcher()?;
    let (_, mut updates) = core.bus().subscribe();
    let printer = std::thread::spawn(move || {
        while let Ok(update) = updates.blocking_recv() {
            let step = update.step.unwrap_or_default();
            let title = update.subject_title.unwrap_or_default();
            eprintln!("{} {:?} {title} {step}", update.updated_at, update.phase);
        }
    });
    eprintln!("anpm: dispatch loop running (Ctrl-C to stop)");
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| crate::Error::io("starting the signal handler", e))?;
    runtime.block_on(async {
        let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
            .map_err(|e| crate::Error::io("listening for SIGTERM", e))?;
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {}
            _ = term.recv() => {}
        }
        Ok::<(), crate::Error>(())
    })?;
    let state = core.dispatch_state(Some(&dispatcher))?;
    drop(dispatcher);
    drop(printer);
    Ok(Output::DispatchState(state))
}

fn agent(core: &Core, command: AgentCommand) -> Result<Output> {
    Ok(match command {
        AgentCommand::Add { name, kind, command, args, format, model, default } => {
            let input = NewAgentProfile::new(
                &name,
                parse(&kind)?,
                command.as_deref(),
                args,
                parse_opt(format.as_deref())?,
                model.as_deref(),
                default,
            )?;
            Output::Agent(core.add_agent(input)?)
        }
        AgentCommand::List => Output::Agents(core.agents()?),
        AgentCommand::Show { name } => Output::Agent(core.agent(&name)?),
        AgentCommand::Edit { name, command, args, clear_args, format, model, default } => {
            let patch = crate::app::AgentPatch {
                command,
                args: if clear_args || !args.is_empty() { Some(args) } else { None },
                output_format: parse_opt(format.as_deref())?,
                model,
                is_default: default,
            };
            Output::Agent(core.edit_agent(&name, &patch)?)
        }
        AgentCommand::Remove { name } => Output::Agent(core.remove_agent(&name)?),
        AgentCommand::Use { name, role, project, clear } => {
            use crate::dispatch::executor::AgentScope;
            let (scope, id) = match (role, project) {
                (Some(role), _) => (AgentScope::Role, role),
                (None, Some(project)) => (AgentScope::Project, project),
                (None, None) => {
                    return Err(crate::Error::invalid("agent use", "name --role or --project"))
                }
            };
            let name = match (clear, name) {
                (true, _) => None,
                (false, Some(name)) => Some(name),
                (false, None) => {
                    return Err(crate::Error::invalid(
                        "agent use",
                        "name a profile, or pass --clear",
                    ))
                }
            };
            core.set_scoped_agent(scope, &id, name.as_deref())?;
            let what = if scope == AgentScope::Role { "role" } else { "project" };
            Output::Note(match name {
                Some(name) => {
                    format!("tasks of {what} {id} that name no agent now run with `{name}`")
                }
                None => format!("{what} {id} has no default agent now"),
            })
        }
        AgentCommand::Test { name } => Output::AgentTest(core.test_agent(&name)?),
    })
}

fn activity(core: &Core, follow: bool) -> Result<Output> {
    let read = || -> Result<Vec<serde_json::Value>> {
        Ok(core
            .store()
            .read(|tx| tx.activity_snapshots())?
            .into_iter()
            .map(|s| s.snapshot)
            .collect())
    };
    if !follow {
        return Ok(Output::Activity(read()?));
    }
    let mut seen = std::collections::HashMap::new();
    loop {
        for snapshot in read()? {
            let runner = snapshot["runner_id"].as_str().unwrap_or_default().to_owned();
            if seen.get(&runner) != Some(&snapshot) {
                println!("{snapshot}");
                seen.insert(runner, snapshot);
            }
        }
        std::thread::sleep(std::time::Duration::from_millis(250));
    }
}
