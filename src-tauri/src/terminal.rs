//! Live terminals: a running task's output streams to the webview over a `tauri::ipc::Channel` that the
//! terminal passes in. The watcher first sends the captured tail, then each chunk as it arrives, then
//! `ended`; a thread per open terminal does the forwarding and stops when the attempt ends or the
//! webview drops the channel.

use std::sync::Arc;

use anpm_core::api::{LiveChunk, TaskId, TextStream, Watch};
use anpm_core::Core;
use serde::Serialize;
use tauri::ipc::Channel;
use tauri::State;
use ts_rs::TS;

use crate::ipc_error::IpcError;

/// Streams the live output of `id` to `on_output`: the captured tail first, then new chunks, then
/// `ended`. Returns whether an attempt is running in this process (if not, only the tail is sent). A
/// `channels` entry of the command registry.
#[tauri::command]
pub async fn watch_task_output(
    core: State<'_, Arc<Core>>,
    id: String,
    on_output: Channel<TerminalChunk>,
) -> Result<bool, IpcError> {
    let id: TaskId = id.parse().map_err(IpcError::from)?;
    let watch = core.tasks().watch_output(id);
    let running = watch.running;
    spawn(watch, move |chunk| on_output.send(chunk).is_ok());
    Ok(running)
}

/// One message to a live terminal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TerminalChunk {
    Output {
        text: String,
    },
    /// The terminal fell behind and this many bytes were not shown.
    Skipped {
        bytes: u64,
    },
    Ended,
}

/// Sends `watch` to `send` until the attempt ends or `send` reports the terminal gone (returns false).
pub fn forward(watch: Watch, mut send: impl FnMut(TerminalChunk) -> bool) {
    let mut text = TextStream::new();
    let tail = text.push(&watch.tail);
    if !tail.is_empty() && !send(TerminalChunk::Output { text: tail }) {
        return;
    }
    if watch.running {
        while let Ok(chunk) = watch.updates.recv() {
            let message = match chunk {
                LiveChunk::Output(bytes) => match text.push(&bytes) {
                    // Half a character: it goes out with the next chunk.
                    decoded if decoded.is_empty() => continue,
                    decoded => TerminalChunk::Output { text: decoded },
                },
                LiveChunk::Skipped(bytes) => TerminalChunk::Skipped { bytes },
                LiveChunk::Ended => break,
            };
            if !send(message) {
                return;
            }
        }
    }
    let rest = text.finish();
    if !rest.is_empty() && !send(TerminalChunk::Output { text: rest }) {
        return;
    }
    send(TerminalChunk::Ended);
}

/// Starts forwarding on its own thread (the receiver blocks, so never on an async worker).
pub fn spawn(watch: Watch, send: impl FnMut(TerminalChunk) -> bool + Send + 'static) {
    let spawned = std::thread::Builder::new()
        .name("anpm-terminal".into())
        .spawn(move || forward(watch, send));
    if let Err(e) = spawned {
        tracing::error!(error = %e, "a live terminal could not start");
    }
}

#[cfg(test)]
mod tests {
    use anpm_core::api::LiveOutput;
    use anpm_core::api::TaskId;

    use super::*;

    fn output(text: &str) -> TerminalChunk {
        TerminalChunk::Output { text: text.into() }
    }

    #[test]
    fn tail_then_live_chunks_then_ended_with_split_characters_whole() {
        let live = LiveOutput::new();
        let task = TaskId::new();
        live.begin(task);
        live.publish(task, "caf\u{e9} ".as_bytes());
        let watch = live.watch(task);
        let check = "\u{2713}".as_bytes();
        live.publish(task, &check[..1]);
        live.publish(task, &check[1..]);
        live.end(task);
        let mut sent = Vec::new();
        forward(watch, |chunk| {
            sent.push(chunk);
            true
        });
        assert_eq!(sent, vec![output("caf\u{e9} "), output("\u{2713}"), TerminalChunk::Ended]);
    }

    #[test]
    fn a_finished_task_sends_its_tail_and_ended_and_a_gone_terminal_stops_the_forwarder() {
        let live = LiveOutput::new();
        let task = TaskId::new();
        live.begin(task);
        live.publish(task, b"all done\r\n");
        live.end(task);
        let mut sent = Vec::new();
        forward(live.watch(task), |chunk| {
            sent.push(chunk);
            true
        });
        assert_eq!(sent, vec![output("all done\r\n"), TerminalChunk::Ended]);

        live.begin(task);
        live.publish(task, b"x");
        let mut calls = 0;
        forward(live.watch(task), |_| {
            calls += 1;
            false
        });
        assert_eq!(calls, 1, "the forwarder stops once the terminal is gone");
    }
}
