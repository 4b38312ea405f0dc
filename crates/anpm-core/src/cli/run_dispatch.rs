//! The commands that run work in this process or steer the loop that does: `dispatch …`, and the signal
//! handling every long-running command shares (Ctrl-C or SIGTERM stops the work through the core's one
//! shutdown path).

use super::args::*;
use super::render::Output;
use crate::{Core, Result};

pub(super) fn dispatch(core: &Core, command: DispatchCommand) -> Result<Output> {
    Ok(match command {
        DispatchCommand::Status => Output::DispatchState(core.dispatch().state()?),
        DispatchCommand::Pause => {
            core.dispatch().set_paused(true)?;
            Output::DispatchState(core.dispatch().state()?)
        }
        DispatchCommand::Resume => {
            core.dispatch().set_paused(false)?;
            Output::DispatchState(core.dispatch().state()?)
        }
        DispatchCommand::Next { wait: true } => {
            match until_signal(core, || core.dispatch().run_next_here())?? {
                Some(task) => Output::TaskDetail(core.tasks().get(task.id)?),
                None => Output::Note("no task is queued".into()),
            }
        }
        DispatchCommand::Next { wait: false } => {
            if core.dispatch().request_run_next()? {
                Output::Note("asked the running dispatch loop to start the next queued task".into())
            } else {
                Output::Note(
                    "no dispatch loop is running, so nothing was started: run the next task here with \
                     `anpm dispatch next --wait`, or start a loop with `anpm dispatch serve` or the app"
                        .into(),
                )
            }
        }
        DispatchCommand::Serve { concurrency } => serve(core, concurrency)?,
    })
}

/// Runs `work` on this thread while another waits for Ctrl-C or SIGTERM, which shut the core down: an
/// agent running in `work` is stopped with the normal escalation and recorded as interrupted, and `work`
/// returns as usual. Work that cannot be stopped that way (a model provider's HTTP call) gets a few
/// seconds; then the process exits, and the next command to open the store reconciles what it left.
pub(super) fn until_signal<T>(core: &Core, work: impl FnOnce() -> T) -> Result<T> {
    const GIVE_UP: std::time::Duration = std::time::Duration::from_secs(15);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| crate::Error::io("starting the signal handler", e))?;
    let (finished_tx, finished) = tokio::sync::oneshot::channel::<()>();
    let (ended_tx, ended) = std::sync::mpsc::channel::<()>();
    std::thread::scope(|scope| {
        scope.spawn(move || {
            let signalled = runtime.block_on(async {
                let Ok(mut term) =
                    tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
                else {
                    return false;
                };
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => true,
                    _ = term.recv() => true,
                    _ = finished => false,
                }
            });
            if signalled {
                eprintln!(
                    "anpm: stopping; the running agent is stopped and recorded as interrupted"
                );
                core.shutdown();
                if ended.recv_timeout(GIVE_UP).is_err() {
                    eprintln!(
                        "anpm: the work did not stop within {} s; exiting",
                        GIVE_UP.as_secs()
                    );
                    std::process::exit(130);
                }
            }
        });
        let out = work();
        let _ = finished_tx.send(());
        let _ = ended_tx.send(());
        Ok(out)
    })
}

/// Runs the loop until Ctrl-C (or SIGTERM), printing activity as it happens.
fn serve(core: &Core, concurrency: Option<usize>) -> Result<Output> {
    // The loop first: a refused start (another process runs it) must leave the stored concurrency alone.
    core.dispatch().start_loop()?;
    if let Some(n) = concurrency {
        if let Err(e) = core.dispatch().set_concurrency(n) {
            core.shutdown();
            return Err(e);
        }
    }
    let (_, mut updates) = core.activity().subscribe();
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
    let state = core.dispatch().state()?;
    core.shutdown();
    drop(printer);
    Ok(Output::DispatchState(state))
}
