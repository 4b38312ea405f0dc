//! Executes a parsed command line against [`Core`] and prints the outcome.

use std::ffi::OsString;
use std::io::Write;
use std::str::FromStr;

use clap::error::ErrorKind;
use clap::Parser;

use super::args::*;
use super::render::Output;
use super::render_orchestration::Orchestration;
use super::run_dispatch::{dispatch, until_signal};
use crate::api::*;
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
    let result = Config::resolve(cli.data_dir)
        .map(|config| Config { mcp_command: cli.mcp_command, ..config })
        .inspect(|config| {
            if let Err(e) = crate::api::logs::init(&config.data_dir) {
                // The command still runs; only its log lines are lost.
                let _ = writeln!(err, "anpm: no log file: {e}");
            }
        })
        .and_then(Core::open)
        .and_then(|core| {
            let name = format!("{command:?}");
            let name = name.split(|c: char| !c.is_alphanumeric()).next().unwrap_or_default();
            tracing::debug!(command = name, "running");
            // The MCP server owns stdout for the protocol: it prints nothing of its own.
            if let Command::Mcp { project, task, agent } = command {
                let (project, task) = (parse_opt(project.as_deref())?, parse_opt(task.as_deref())?);
                return super::mcp::serve(core, project, task, agent).map(|()| None);
            }
            run(&core, command).map(Some)
        });
    match result {
        Ok(None) => 0,
        Ok(Some(output)) => {
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
        Command::Workspace(c) => workspace(core, c),
        Command::Activity { follow } => activity(core, follow),
        Command::Logs { follow, since } => logs(core, follow, since.as_deref()),
        Command::Roles => Ok(Output::Roles(core.dispatch().roles())),
        Command::Doc(c) => super::run_knowledge::doc(core, c),
        Command::Sync(c) => super::run_knowledge::sync(core, c),
        Command::Drift(c) => super::run_knowledge::drift(core, c),
        Command::Search { query, project, kinds } => {
            super::run_knowledge::search(core, &query, project.as_deref(), &kinds)
        }
        Command::Notifications(c) => super::run_knowledge::notifications(core, c),
        Command::Export { project, out, with_logs } => Ok(Output::Orchestration(
            Orchestration::Exported(core.archive().export_to(parse(&project)?, &out, with_logs)?),
        )),
        Command::Import { file, into_new_project } => {
            Ok(Output::Orchestration(Orchestration::Imported(
                core.archive().import_from(&file, into_new_project.as_deref())?,
            )))
        }
        Command::Mcp { .. } => unreachable!("served by `execute` before any output"),
        Command::Usage { project, by } => Ok(Output::Orchestration(Orchestration::Usage(
            core.usage().report(parse_opt(project.as_deref())?, parse(&by)?)?,
        ))),
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
            Output::Project(core.projects().add(&path, name.as_deref(), description.as_deref())?)
        }
        ProjectCommand::List => Output::Projects(core.projects().list()?),
        ProjectCommand::Show { id } => Output::Project(core.projects().get(parse(&id)?)?),
        ProjectCommand::Remove { id } => {
            Output::ProjectRemoved(core.projects().remove(parse(&id)?)?)
        }
        ProjectCommand::Edit {
            id,
            workspace_mode,
            base_branch,
            setup_copy,
            clear_setup_copy,
            setup_command,
            stack_on_review,
        } => {
            let patch = WorkspacePatch {
                mode: parse_opt(workspace_mode.as_deref())?,
                base_branch,
                setup_copy: (clear_setup_copy || !setup_copy.is_empty()).then_some(setup_copy),
                setup_command,
                stack_on_review,
            };
            Output::Project(core.projects().set_workspace(parse(&id)?, &patch)?)
        }
    })
}

fn requirement(core: &Core, command: RequirementCommand) -> Result<Output> {
    Ok(match command {
        RequirementCommand::Add { project, input } => {
            Output::Requirement(core.requirements().add(parse(&project)?, input.parse()?)?)
        }
        RequirementCommand::List { project, status, all } => {
            let filter = RequirementFilter {
                project_id: parse_opt(project.as_deref())?,
                status: parse_opt(status.as_deref())?,
                include_archived: all,
            };
            Output::Requirements(core.requirements().list(&filter)?)
        }
        RequirementCommand::Show { id } => {
            Output::Requirement(core.requirements().get(parse(&id)?)?)
        }
        RequirementCommand::Edit { id, patch } => {
            Output::Requirement(core.requirements().edit(parse(&id)?, &patch.parse()?)?)
        }
        RequirementCommand::Archive { id } => {
            Output::Requirement(core.requirements().archive(parse(&id)?)?)
        }
        RequirementCommand::Delete { id } => {
            Output::RequirementDeleted(core.requirements().delete(parse(&id)?)?)
        }
    })
}

fn backlog(core: &Core, command: BacklogCommand) -> Result<Output> {
    Ok(match command {
        BacklogCommand::Add { project, input } => {
            Output::BacklogItem(core.backlog().add(parse(&project)?, input.parse()?)?)
        }
        BacklogCommand::List { project, filter } => {
            let filter = filter.parse(parse(&project)?)?;
            let items = core.backlog().list(&filter)?;
            let more = super::render::next_cursor(&items, filter.page.limit, |b| b.id);
            Output::BacklogItems(items, more)
        }
        BacklogCommand::Show { id } => Output::BacklogItem(core.backlog().get(parse(&id)?)?),
        BacklogCommand::Deps { id, add, remove } => {
            let id = parse(&id)?;
            let deps = core.dependencies();
            for dep in &add {
                deps.add_item(id, parse(dep)?)?;
            }
            for dep in &remove {
                deps.remove_item(id, parse(dep)?)?;
            }
            Output::Orchestration(Orchestration::ItemDependencies(deps.of_item(id)?))
        }
        BacklogCommand::Edit { id, patch } => {
            Output::BacklogItem(core.backlog().edit(parse(&id)?, &patch.parse()?)?)
        }
        BacklogCommand::Commit { id, role, agent } => Output::Committed(core.backlog().commit(
            parse(&id)?,
            role.as_deref(),
            agent.as_deref(),
        )?),
    })
}

fn task(core: &Core, command: TaskCommand) -> Result<Output> {
    Ok(match command {
        TaskCommand::Add { project, input } => {
            Output::Task(core.tasks().add(parse(&project)?, input.parse()?)?)
        }
        TaskCommand::List { filter } => {
            let filter = filter.parse()?;
            let tasks = core.tasks().list(&filter)?;
            let more = super::render::next_cursor(&tasks, filter.page.limit, |t| t.id);
            Output::Tasks(tasks, more)
        }
        TaskCommand::Show { id } => Output::TaskDetail(core.tasks().get(parse(&id)?)?),
        TaskCommand::Deps { id, add, remove } => {
            let id = parse(&id)?;
            let deps = core.dependencies();
            for dep in &add {
                deps.add(id, parse(dep)?)?;
            }
            for dep in &remove {
                deps.remove(id, parse(dep)?)?;
            }
            Output::Orchestration(Orchestration::Dependencies(deps.of(id)?))
        }
        TaskCommand::Edit { id, patch } => {
            Output::Task(core.tasks().edit(parse(&id)?, &patch.parse()?)?)
        }
        TaskCommand::Cancel { id } => Output::Task(core.tasks().cancel(parse(&id)?)?),
        TaskCommand::Requeue { id, agent } => {
            Output::Task(core.tasks().requeue(parse(&id)?, agent.as_deref())?)
        }
        TaskCommand::Diff { id, stat } => {
            Output::Diff(Box::new(core.review().diff(parse(&id)?)?), stat)
        }
        TaskCommand::Merge { id, strategy } => {
            Output::Merged(Box::new(core.review().merge(parse(&id)?, parse(&strategy)?)?))
        }
        TaskCommand::Followup { id, message } => {
            Output::Task(core.review().followup(parse(&id)?, &message)?)
        }
        TaskCommand::Run { id, role, agent, now } => {
            let id = parse(&id)?;
            Output::Run(until_signal(core, || {
                core.tasks().run(id, role.as_deref(), agent.as_deref(), now)
            })??)
        }
        TaskCommand::Discard { id, delete_branch, force } => {
            Output::Task(core.review().discard(parse(&id)?, delete_branch, force)?)
        }
        TaskCommand::Workspace { id } => {
            Output::Workspace(Box::new(core.review().workspace(parse(&id)?)?))
        }
        TaskCommand::Attempts { id, page } => {
            let after = match page.after.as_deref().map(str::trim) {
                None => None,
                Some(n) => Some(n.parse::<i64>().ok().filter(|n| *n >= 1).ok_or_else(|| {
                    crate::Error::invalid(
                        "after",
                        format!("`{n}` is not an attempt number (1, 2, …)"),
                    )
                })?),
            };
            let page = crate::api::Page::parse(page.limit, after, page.all)?;
            let attempts = core.tasks().attempts_page(parse(&id)?, &page)?;
            let more = super::render::next_cursor(&attempts, page.limit, |a| a.attempt_no);
            Output::Attempts(attempts, more)
        }
        TaskCommand::Log { id, attempt } => Output::Log(core.tasks().log(parse(&id)?, attempt)?),
        TaskCommand::BatchEdit { ids, status, priority, assignee } => {
            let ids = ids.iter().map(|id| parse::<TaskId>(id)).collect::<Result<Vec<_>>>()?;
            let patch = RawTaskPatch {
                fields: RawTaskFields { status, priority, assignee, ..Default::default() },
                ..Default::default()
            }
            .parse()?;
            Output::Tasks(core.tasks().batch_edit(&ids, &patch)?, None)
        }
    })
}

fn plan(core: &Core, command: PlanCommand) -> Result<Output> {
    Ok(match command {
        PlanCommand::Run { requirement, input, wait } => {
            let (provider, template) = input.parse()?;
            let run = core.planning().start(parse(&requirement)?, provider, template)?;
            if wait {
                until_signal(core, || core.planning().execute(run.id))??;
                Output::PlanningRunDetail(Box::new(core.planning().run(run.id)?))
            } else {
                Output::PlanningRunQueued(run)
            }
        }
        PlanCommand::List { requirement, project, status } => {
            Output::PlanningRuns(core.planning().runs(&PlanningRunFilter {
                project_id: parse_opt(project.as_deref())?,
                requirement_id: parse_opt(requirement.as_deref())?,
                status: parse_opt(status.as_deref())?,
            })?)
        }
        PlanCommand::Show { id } => {
            Output::PlanningRunDetail(Box::new(core.planning().run(parse(&id)?)?))
        }
        PlanCommand::Cancel { id } => Output::PlanningRun(core.planning().cancel(parse(&id)?)?),
        PlanCommand::Queue { requirement } => Output::Orchestration(Orchestration::PlanQueued(
            core.dependencies().queue_plan(parse(&requirement)?)?,
        )),
        PlanCommand::Context { id, raw } => {
            Output::Context(core.planning().context(parse(&id)?, raw)?)
        }
    })
}

fn candidate(core: &Core, command: CandidateCommand) -> Result<Output> {
    Ok(match command {
        CandidateCommand::List { run, project, status, page } => {
            let filter = CandidateFilter {
                project_id: parse_opt(project.as_deref())?,
                planning_run_id: parse_opt(run.as_deref())?,
                status: parse_opt(status.as_deref())?,
                page: page.parse()?,
            };
            let candidates = core.candidates().list(&filter)?;
            let more = super::render::next_cursor(&candidates, filter.page.limit, |c| c.id);
            Output::Candidates(candidates, more)
        }
        CandidateCommand::SuggestRole { id } => {
            Output::Suggestion(core.candidates().suggest_role(parse(&id)?)?)
        }
        CandidateCommand::Show { id } => {
            Output::Candidate(Box::new(core.candidates().get(parse(&id)?)?))
        }
        CandidateCommand::Update { id, patch } => {
            Output::Candidate(Box::new(core.candidates().update(parse(&id)?, &patch.parse()?)?))
        }
        CandidateCommand::Apply { id, role, approve, agent } => {
            let id: BacklogCandidateId = parse(&id)?;
            let outcome = if approve {
                core.candidates().approve_and_apply(id, role.as_deref(), agent.as_deref())?
            } else {
                core.candidates().apply(id, role.as_deref(), agent.as_deref())?
            };
            Output::Applied(Box::new(outcome))
        }
    })
}

fn settings(core: &Core, command: SettingsCommand) -> Result<Output> {
    Ok(match command {
        SettingsCommand::Get { key: None } => Output::Settings(core.settings().list()?),
        SettingsCommand::Get { key: Some(key) } => Output::Setting(core.settings().get(&key)?),
        SettingsCommand::Set { key, value } => Output::Setting(core.settings().set(&key, &value)?),
        SettingsCommand::Unset { key } => Output::Setting(core.settings().unset(&key)?),
        SettingsCommand::SetKey => {
            let mut line = String::new();
            std::io::stdin().read_line(&mut line).map_err(|e| crate::Error::Io {
                context: "reading the key from standard input".into(),
                source: e,
            })?;
            Output::KeySource(core.planning().set_provider_key(&line)?)
        }
        SettingsCommand::ClearKey => Output::KeySource(core.planning().clear_provider_key()?),
        SettingsCommand::Key => Output::KeySource(core.planning().api_key_source()?),
    })
}

fn workspace(core: &Core, command: WorkspaceCommand) -> Result<Output> {
    Ok(match command {
        WorkspaceCommand::List { project, all, orphans } => {
            let project = project.as_deref().map(parse).transpose()?;
            let mut list = core.workspaces().list(project, all)?;
            if orphans {
                list.workspaces.clear();
            }
            Output::Workspaces(Box::new(list))
        }
        WorkspaceCommand::Prune { project } => {
            let project = project.as_deref().map(parse).transpose()?;
            Output::Pruned(core.workspaces().prune(project)?)
        }
    })
}

fn agent(core: &Core, command: AgentCommand) -> Result<Output> {
    Ok(match command {
        AgentCommand::Add { input } => Output::Agent(core.agents().add(input.parse()?)?),
        AgentCommand::List => Output::Agents(core.agents().list()?),
        AgentCommand::Show { name } => Output::Agent(core.agents().get(&name)?),
        AgentCommand::Edit {
            name,
            command,
            args,
            clear_args,
            format,
            model,
            default,
            permissions,
        } => {
            let patch = crate::api::AgentPatch {
                command,
                args: if clear_args || !args.is_empty() { Some(args) } else { None },
                output_format: parse_opt(format.as_deref())?,
                model,
                is_default: default,
                permissions: parse_opt(permissions.as_deref())?,
            };
            Output::Agent(core.agents().edit(&name, &patch)?)
        }
        AgentCommand::Remove { name } => Output::Agent(core.agents().remove(&name)?),
        AgentCommand::Use { name, role, project, clear } => {
            use crate::api::AgentScope;
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
            core.agents().set_default(scope, &id, name.as_deref())?;
            let what = if scope == AgentScope::Role { "role" } else { "project" };
            Output::Note(match name {
                Some(name) => {
                    format!("tasks of {what} {id} that name no agent now run with `{name}`")
                }
                None => format!("{what} {id} has no default agent now"),
            })
        }
        AgentCommand::Test { name } => Output::AgentTest(core.agents().probe(&name)?),
        AgentCommand::Detect => Output::Detected(core.agents().detect()?),
        AgentCommand::Which { project, role, agent } => {
            let ready =
                core.agents().readiness(parse(&project)?, role.as_deref(), agent.as_deref())?;
            match ready.problem {
                Some(problem) => {
                    return Err(crate::Error::invalid(
                        "agent",
                        format!("{problem}; {}", crate::api::ErrorKind::CliNotFound.remediation()),
                    ))
                }
                None => Output::Readiness(ready),
            }
        }
    })
}

fn activity(core: &Core, follow: bool) -> Result<Output> {
    let read = || core.activity().snapshots();
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

/// `--since`: a span back from now (`90s`, `30m`, `2h`, `1d`) or the start of a UTC time, as the prefix
/// log lines are compared with.
fn since_stamp(raw: &str) -> Result<String> {
    let raw = raw.trim();
    let invalid = || {
        Error::Invalid {
        field: "since",
        reason: format!(
            "`{raw}` is neither a span such as 30m, 2h or 1d nor a UTC time such as 2026-12-02T05:40"
        ),
    }
    };
    let (digits, unit) = raw.split_at(raw.find(|c: char| !c.is_ascii_digit()).unwrap_or(raw.len()));
    if let (Ok(n), Some(scale)) = (
        digits.parse::<i64>(),
        match unit {
            "s" => Some(1),
            "m" => Some(60),
            "h" => Some(3600),
            "d" => Some(86_400),
            _ => None,
        },
    ) {
        let seconds = n.checked_mul(scale).filter(|s| *s <= 3650 * 86_400).ok_or_else(invalid)?;
        let stamp = crate::api::Timestamp::now().plus_seconds(-seconds).to_string();
        return Ok(stamp.trim_end_matches('Z').to_owned());
    }
    let shape = raw.len() >= 10
        && raw.bytes().enumerate().all(|(i, b)| match i {
            4 | 7 => b == b'-',
            10 => b == b'T',
            13 | 16 => b == b':',
            _ => b.is_ascii_digit() || (i >= 19 && (b == b'.' || b == b'Z')),
        });
    if shape {
        Ok(raw.trim_end_matches('Z').to_owned())
    } else {
        Err(invalid())
    }
}

fn logs(core: &Core, follow: bool, since: Option<&str>) -> Result<Output> {
    let since = since.map(since_stamp).transpose()?;
    let lines = crate::api::logs::read(core.data_dir(), since.as_deref())?;
    if !follow {
        return Ok(Output::LogLines(lines));
    }
    let mut out = std::io::stdout();
    for line in lines {
        let _ = writeln!(out, "{line}");
    }
    // Until Ctrl-C, which ends the process.
    crate::api::logs::follow(
        core.data_dir(),
        std::time::Duration::from_millis(250),
        &mut out,
        &|| false,
    )?;
    Ok(Output::LogLines(Vec::new()))
}
