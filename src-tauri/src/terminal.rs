//! Live terminals: a running task's output streams to the webview over a `tauri::ipc::Channel` that the
//! terminal passes in. The watcher first sends the captured tail, then a frame's worth of output at a time
//! (`Watch::next_frame`), then `ended`; a thread per open terminal does the forwarding and stops when the attempt ends or the
//! webview drops the channel.

use std::sync::Arc;

use std::time::{Duration, Instant};

use anpm_core::api::{TaskId, TextStream, Watch};
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

/// The least time between two "bytes skipped" notices in one terminal.
const SKIPPED_EVERY: Duration = Duration::from_secs(1);

/// Sends `watch` to `send` until the attempt ends or `send` reports the terminal gone (returns false).
pub fn forward(watch: Watch, mut send: impl FnMut(TerminalChunk) -> bool) {
    let mut text = TextStream::new();
    let tail = text.push(&watch.tail);
    if !tail.is_empty() && !send(TerminalChunk::Output { text: tail }) {
        return;
    }
    if watch.running {
        // Skipped bytes are said at most once a second: under a flood every frame drops some, and a
        // notice per frame would bury the output it interrupts.
        let mut unsaid: u64 = 0;
        let mut said_at = Instant::now();
        while let Some(frame) = watch.next_frame() {
            unsaid += frame.skipped;
            if unsaid > 0 && (frame.ended || said_at.elapsed() >= SKIPPED_EVERY) {
                if !send(TerminalChunk::Skipped { bytes: unsaid }) {
                    return;
                }
                unsaid = 0;
                said_at = Instant::now();
            }
            let decoded = text.push(&frame.output);
            // Half a character waits for the next frame inside `text`.
            if !decoded.is_empty() && !send(TerminalChunk::Output { text: decoded }) {
                return;
            }
            if frame.ended {
                break;
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
    fn a_flood_reaches_the_terminal_a_frame_at_a_time_with_the_rest_counted_as_skipped() {
        let live = LiveOutput::new();
        let task = TaskId::new();
        live.begin(task);
        let watch = live.watch(task);
        let line = [b'x'; 1023].iter().chain(b"\n").copied().collect::<Vec<u8>>();
        for _ in 0..200 {
            live.publish(task, &line);
        }
        live.end(task);
        let mut sent = Vec::new();
        forward(watch, |chunk| {
            sent.push(chunk);
            true
        });
        let shown: usize = sent
            .iter()
            .map(|c| match c {
                TerminalChunk::Output { text } => text.len(),
                _ => 0,
            })
            .sum();
        let skipped: u64 = sent
            .iter()
            .map(|c| match c {
                TerminalChunk::Skipped { bytes } => *bytes,
                _ => 0,
            })
            .sum();
        assert!(sent.iter().all(|c| !matches!(c, TerminalChunk::Output { text } if text.len() > anpm_core::api::FRAME_BYTES)));
        assert_eq!(shown as u64 + skipped, 200 * 1024, "every byte is shown or counted");
        assert!(
            shown <= anpm_core::api::FRAME_BYTES * 2,
            "one frame or two, not 200 writes: {} messages",
            sent.len()
        );
        assert_eq!(sent.last(), Some(&TerminalChunk::Ended));
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
