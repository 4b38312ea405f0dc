//! Executes the project-knowledge commands (documents, sync, drift, search, notifications) against
//! [`Core`].

use std::str::FromStr;

use super::args_knowledge::*;
use super::render::Output;
use super::render_knowledge::Knowledge;
use crate::api::*;
use crate::{Core, Error, Result};

fn parse<T: FromStr<Err = Error>>(raw: &str) -> Result<T> {
    raw.parse()
}

fn parse_opt<T: FromStr<Err = Error>>(raw: Option<&str>) -> Result<Option<T>> {
    raw.map(parse).transpose()
}

pub(super) fn doc(core: &Core, command: DocCommand) -> Result<Output> {
    let docs = core.documents();
    Ok(Output::Knowledge(match command {
        DocCommand::List { project } => Knowledge::Documents(docs.list(parse(&project)?)?),
        DocCommand::Show { id } => Knowledge::Document(Box::new(docs.get(parse(&id)?)?)),
        DocCommand::Add { project, title, path, doc_type, description } => {
            let input = NewDocument::new(
                &title,
                &path,
                parse_opt(doc_type.as_deref())?,
                description.as_deref(),
            )?;
            Knowledge::DocumentSaved(docs.add(parse(&project)?, input)?)
        }
        DocCommand::Edit { id, title, doc_type, description } => {
            let patch =
                DocumentPatch { title, doc_type: parse_opt(doc_type.as_deref())?, description };
            Knowledge::DocumentSaved(docs.edit(parse(&id)?, &patch)?)
        }
        DocCommand::Remove { id } => Knowledge::DocumentRemoved(docs.remove(parse(&id)?)?),
        DocCommand::Link { id, code, link_type } => {
            Knowledge::Linked(docs.link(parse(&id)?, &code, parse(&link_type)?)?)
        }
        DocCommand::Unlink { id, code } => {
            docs.unlink(parse(&id)?, &code)?;
            return Ok(Output::Note(format!("unlinked {code}")));
        }
        DocCommand::MarkUpdated { id } => {
            let (document, resolved) = docs.mark_updated(parse(&id)?)?;
            Knowledge::MarkedUpdated(document, resolved)
        }
        DocCommand::Content { id } => Knowledge::Content(docs.content(parse(&id)?)?),
        DocCommand::Discover { project } => Knowledge::Discovered(docs.discover(parse(&project)?)?),
    }))
}

pub(super) fn sync(core: &Core, command: SyncCommand) -> Result<Output> {
    Ok(Output::Knowledge(match command {
        SyncCommand::Run { project } => {
            let run = core.sync_runs().run(parse(&project)?, SyncTrigger::Manual)?;
            if run.status == SyncStatus::Failed {
                return Err(Error::Conflict(format!("sync failed: {}", run.error_message)));
            }
            Knowledge::SyncRun(run)
        }
        SyncCommand::List { project, limit } => {
            Knowledge::SyncRuns(core.sync_runs().list(parse(&project)?, limit.clamp(1, 500))?)
        }
    }))
}

pub(super) fn drift(core: &Core, command: DriftCommand) -> Result<Output> {
    let drift = core.drift();
    Ok(Output::Knowledge(match command {
        DriftCommand::List { project, status, sort } => Knowledge::Signals(drift.list(
            parse(&project)?,
            parse_opt(status.as_deref())?,
            parse(&sort)?,
        )?),
        DriftCommand::Add { document, detail, severity } => Knowledge::Signal(drift.add(
            parse(&document)?,
            &detail,
            severity.as_deref().map(Severity::parse).transpose()?,
        )?),
        DriftCommand::Resolve { id } => {
            Knowledge::Signal(drift.set_status(parse(&id)?, DriftStatus::Resolved)?)
        }
        DriftCommand::Dismiss { id } => {
            Knowledge::Signal(drift.set_status(parse(&id)?, DriftStatus::Dismissed)?)
        }
        DriftCommand::Reopen { id } => {
            Knowledge::Signal(drift.set_status(parse(&id)?, DriftStatus::Open)?)
        }
        DriftCommand::ResolveAll { project } => {
            Knowledge::ResolvedAll(drift.resolve_all(parse(&project)?)?)
        }
    }))
}

pub(super) fn search(
    core: &Core,
    query: &str,
    project: Option<&str>,
    kinds: &[String],
) -> Result<Output> {
    let kinds = kinds.iter().map(|k| parse::<SearchKind>(k)).collect::<Result<Vec<_>>>()?;
    Ok(Output::Knowledge(Knowledge::Search(core.search().query(
        query,
        parse_opt(project)?,
        &kinds,
    )?)))
}

pub(super) fn notifications(core: &Core, command: NotificationCommand) -> Result<Output> {
    let history = core.notifications();
    Ok(match command {
        NotificationCommand::List { unread, limit } => {
            Output::Knowledge(Knowledge::Notifications(history.list(unread, limit)?))
        }
        NotificationCommand::Read { id } => {
            history.set_read(parse(&id)?, true)?;
            Output::Note("marked read".into())
        }
        NotificationCommand::Unread { id } => {
            history.set_read(parse(&id)?, false)?;
            Output::Note("marked unread".into())
        }
        NotificationCommand::ReadAll => Output::Knowledge(Knowledge::ReadAll(history.read_all()?)),
    })
}
