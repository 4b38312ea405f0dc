//! Live output of running tasks, for terminals in the UI. Each task keeps a bounded tail of its current
//! attempt's output, so a terminal opened mid-run first sees what it missed and then every new chunk.
//!
//! The executor's reader thread publishes here, so publishing never blocks: each watcher has a bounded
//! queue, and a watcher that falls behind misses chunks and is told how many bytes it skipped instead of
//! slowing the agent down. The tails of the last few finished tasks are kept for a late look; older
//! ones are dropped (the full log is on disk).
//!
//! A terminal is for watching, not for archiving: [`Watch::next_frame`] hands it at most one frame of
//! output at a time (what arrived within `FRAME`, its newest `FRAME_BYTES`), so an agent printing
//! megabytes a second costs the window ten small writes a second, not thousands.

use std::collections::{HashMap, VecDeque};
use std::sync::mpsc::{sync_channel, Receiver, RecvTimeoutError, SyncSender, TrySendError};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::domain::TaskId;

/// Bytes of output kept per task for late watchers.
pub const TAIL_BYTES: usize = 64 * 1024;
/// Chunks queued per watcher before it starts missing them.
const WATCHER_QUEUE: usize = 256;
/// Finished tasks whose tail is still kept.
const KEPT_FINISHED: usize = 16;

/// What a watcher receives after the tail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LiveChunk {
    Output(Vec<u8>),
    /// The watcher fell behind and this many bytes were not delivered to it.
    Skipped(u64),
    /// The attempt ended; nothing more follows.
    Ended,
}

/// A subscription to one task's output.
#[derive(Debug)]
pub struct Watch {
    /// Output of the current (or last) attempt so far, at most [`TAIL_BYTES`].
    pub tail: Vec<u8>,
    /// Whether an attempt is running; if not, `updates` is already closed.
    pub running: bool,
    pub updates: Receiver<LiveChunk>,
}

/// How long a frame gathers output before it goes to the terminal.
pub const FRAME: Duration = Duration::from_millis(100);
/// The most output one frame carries; older bytes of a busier frame are counted as skipped.
pub const FRAME_BYTES: usize = 16 * 1024;

/// One frame of a live stream: the output gathered (its newest `FRAME_BYTES`), the bytes left out
/// (dropped here or missed by a watcher that fell behind), and whether the attempt ended.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Frame {
    pub output: Vec<u8>,
    pub skipped: u64,
    pub ended: bool,
}

impl Frame {
    fn take(&mut self, chunk: LiveChunk) {
        match chunk {
            LiveChunk::Output(bytes) => self.output.extend_from_slice(&bytes),
            LiveChunk::Skipped(bytes) => self.skipped += bytes,
            LiveChunk::Ended => self.ended = true,
        }
    }
}

impl Watch {
    /// Waits for the next chunk, then gathers whatever else arrives within `FRAME`; none once the
    /// stream is over (after the frame that said it ended, or when the publisher is gone).
    pub fn next_frame(&self) -> Option<Frame> {
        let first = self.updates.recv().ok()?;
        let deadline = Instant::now() + FRAME;
        let mut frame = Frame::default();
        frame.take(first);
        while !frame.ended {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                break;
            }
            match self.updates.recv_timeout(left) {
                Ok(chunk) => frame.take(chunk),
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => {
                    frame.ended = true;
                    break;
                }
            }
        }
        if frame.output.len() > FRAME_BYTES {
            let dropped = frame.output.len() - FRAME_BYTES;
            frame.output.drain(..dropped);
            frame.skipped += dropped as u64;
        }
        Some(frame)
    }
}

/// The live output of every task this process runs. Cheap to clone; clones share the streams.
#[derive(Debug, Clone, Default)]
pub struct LiveOutput(Arc<Mutex<Streams>>);

#[derive(Debug, Default)]
struct Streams {
    by_task: HashMap<TaskId, Stream>,
    finished: VecDeque<TaskId>,
}

#[derive(Debug, Default)]
struct Stream {
    tail: VecDeque<u8>,
    running: bool,
    watchers: Vec<Watcher>,
}

#[derive(Debug)]
struct Watcher {
    tx: SyncSender<LiveChunk>,
    skipped: u64,
}

impl Watcher {
    /// Delivers `chunk`, first reporting anything skipped; false once the watcher is gone.
    fn offer(&mut self, chunk: &[u8]) -> bool {
        if self.skipped > 0 {
            match self.tx.try_send(LiveChunk::Skipped(self.skipped)) {
                Ok(()) => self.skipped = 0,
                Err(TrySendError::Full(_)) => {
                    self.skipped += chunk.len() as u64;
                    return true;
                }
                Err(TrySendError::Disconnected(_)) => return false,
            }
        }
        match self.tx.try_send(LiveChunk::Output(chunk.to_vec())) {
            Ok(()) => true,
            Err(TrySendError::Full(_)) => {
                self.skipped += chunk.len() as u64;
                true
            }
            Err(TrySendError::Disconnected(_)) => false,
        }
    }
}

impl LiveOutput {
    pub fn new() -> Self {
        Self::default()
    }

    fn streams(&self) -> std::sync::MutexGuard<'_, Streams> {
        self.0.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// An attempt of `task` starts: its tail starts empty.
    pub fn begin(&self, task: TaskId) {
        let mut streams = self.streams();
        streams.finished.retain(|t| *t != task);
        let stream = streams.by_task.entry(task).or_default();
        stream.tail.clear();
        stream.running = true;
    }

    /// Output of `task` arrived.
    pub fn publish(&self, task: TaskId, chunk: &[u8]) {
        if chunk.is_empty() {
            return;
        }
        let mut streams = self.streams();
        let stream = streams.by_task.entry(task).or_default();
        stream.running = true;
        let keep = chunk.len().min(TAIL_BYTES);
        let overflow = (stream.tail.len() + keep).saturating_sub(TAIL_BYTES);
        stream.tail.drain(..overflow);
        stream.tail.extend(&chunk[chunk.len() - keep..]);
        stream.watchers.retain_mut(|w| w.offer(chunk));
    }

    /// The attempt of `task` ended: watchers are told and let go.
    pub fn end(&self, task: TaskId) {
        let mut streams = self.streams();
        let Some(stream) = streams.by_task.get_mut(&task) else { return };
        stream.running = false;
        for watcher in stream.watchers.drain(..) {
            // A full queue cannot take the marker; dropping the sender closes it, which says the same.
            let _ = watcher.tx.try_send(LiveChunk::Ended);
        }
        streams.finished.retain(|t| *t != task);
        streams.finished.push_back(task);
        while streams.finished.len() > KEPT_FINISHED {
            if let Some(old) = streams.finished.pop_front() {
                streams.by_task.remove(&old);
            }
        }
    }

    /// Subscribes to `task`'s output: its tail so far, then (while it runs) every new chunk.
    pub fn watch(&self, task: TaskId) -> Watch {
        let mut streams = self.streams();
        let (tx, updates) = sync_channel(WATCHER_QUEUE);
        match streams.by_task.get_mut(&task) {
            Some(stream) => {
                let tail = stream.tail.iter().copied().collect();
                if stream.running {
                    stream.watchers.push(Watcher { tx, skipped: 0 });
                }
                Watch { tail, running: stream.running, updates }
            }
            None => Watch { tail: Vec::new(), running: false, updates },
        }
    }

    /// Tasks with an attempt running right now.
    #[cfg(test)]
    fn running(&self) -> Vec<TaskId> {
        let streams = self.streams();
        let mut running: Vec<TaskId> =
            streams.by_task.iter().filter(|(_, s)| s.running).map(|(id, _)| *id).collect();
        running.sort();
        running
    }

}

/// Turns a byte stream into text for a terminal without breaking a character split across chunks: an
/// incomplete sequence at a chunk's end waits for the next chunk; invalid bytes become U+FFFD.
#[derive(Debug, Default)]
pub struct TextStream {
    pending: Vec<u8>,
}

impl TextStream {
    pub fn new() -> Self {
        Self::default()
    }

    /// The text `chunk` completes.
    pub fn push(&mut self, chunk: &[u8]) -> String {
        self.pending.extend_from_slice(chunk);
        let complete = match std::str::from_utf8(&self.pending) {
            Ok(_) => self.pending.len(),
            // Only a truncated sequence at the very end waits; anything else is decoded lossily now.
            Err(e) if e.error_len().is_none() => e.valid_up_to(),
            Err(_) => self.pending.len() - incomplete_suffix(&self.pending),
        };
        let rest = self.pending.split_off(complete);
        let text = String::from_utf8_lossy(&self.pending).into_owned();
        self.pending = rest;
        text
    }

    /// Whatever is left at the end of the stream.
    pub fn finish(&mut self) -> String {
        let text = String::from_utf8_lossy(&self.pending).into_owned();
        self.pending.clear();
        text
    }
}

/// Length of a UTF-8 sequence cut short at the end of `bytes` (0 if none).
fn incomplete_suffix(bytes: &[u8]) -> usize {
    for back in 1..=3.min(bytes.len()) {
        let byte = bytes[bytes.len() - back];
        if byte & 0b1100_0000 == 0b1000_0000 {
            continue;
        }
        let needed = match byte {
            0xC0..=0xDF => 2,
            0xE0..=0xEF => 3,
            0xF0..=0xF7 => 4,
            _ => return 0,
        };
        return if needed > back { back } else { 0 };
    }
    0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn drain(watch: &Watch) -> Vec<LiveChunk> {
        watch.updates.try_iter().collect()
    }

    #[test]
    fn text_stream_keeps_split_characters_whole() {
        let text = "héllo ✓ 🦀 done";
        let bytes = text.as_bytes();
        for split in 0..bytes.len() {
            let mut stream = TextStream::new();
            let mut out = stream.push(&bytes[..split]);
            out.push_str(&stream.push(&bytes[split..]));
            out.push_str(&stream.finish());
            assert_eq!(out, text, "split at {split}");
        }
        let mut stream = TextStream::new();
        let mut out = stream.push(b"a\xFFb\xE2\x9C");
        assert_eq!(out, "a\u{FFFD}b");
        out = stream.push(b"\x93");
        assert_eq!(out, "✓");
        stream.push(b"\xF0\x9F");
        assert_eq!(stream.finish(), "\u{FFFD}");
    }

    #[test]
    fn late_watcher_gets_the_tail_then_new_chunks_then_the_end() {
        let live = LiveOutput::new();
        let task = TaskId::new();
        live.begin(task);
        live.publish(task, b"hello ");
        let watch = live.watch(task);
        assert_eq!(watch.tail, b"hello ");
        assert!(watch.running);
        live.publish(task, b"world");
        live.end(task);
        assert_eq!(drain(&watch), vec![LiveChunk::Output(b"world".to_vec()), LiveChunk::Ended]);
        let after = live.watch(task);
        assert_eq!(after.tail, b"hello world");
        assert!(!after.running);
        assert!(after.updates.recv().is_err(), "a finished task's watch is closed");
    }

    #[test]
    fn the_tail_is_capped_and_keeps_the_newest_bytes() {
        let live = LiveOutput::new();
        let task = TaskId::new();
        live.begin(task);
        for i in 0..100u8 {
            live.publish(task, &vec![i; 1024]);
        }
        let watch = live.watch(task);
        assert_eq!(watch.tail.len(), TAIL_BYTES);
        assert_eq!(*watch.tail.last().unwrap(), 99);
        assert_eq!(watch.tail[0], 100 - (TAIL_BYTES / 1024) as u8);
    }

    #[test]
    fn a_slow_watcher_misses_chunks_and_is_told_how_many_bytes() {
        let live = LiveOutput::new();
        let task = TaskId::new();
        live.begin(task);
        let watch = live.watch(task);
        for _ in 0..WATCHER_QUEUE + 10 {
            live.publish(task, b"abcd");
        }
        let first: Vec<LiveChunk> = drain(&watch);
        assert_eq!(first.len(), WATCHER_QUEUE);
        live.publish(task, b"z");
        assert_eq!(drain(&watch), vec![LiveChunk::Skipped(40), LiveChunk::Output(b"z".to_vec())]);
    }

    #[test]
    fn a_new_attempt_starts_a_fresh_tail_and_old_finished_tails_are_dropped() {
        let live = LiveOutput::new();
        let task = TaskId::new();
        live.begin(task);
        live.publish(task, b"first attempt");
        live.end(task);
        live.begin(task);
        assert!(live.watch(task).tail.is_empty());
        assert_eq!(live.running(), vec![task]);
        live.end(task);
        let later: Vec<TaskId> = (0..KEPT_FINISHED).map(|_| TaskId::new()).collect();
        for other in &later {
            live.begin(*other);
            live.publish(*other, b"x");
            live.end(*other);
        }
        let forgotten = live.watch(task);
        assert!(forgotten.tail.is_empty() && !forgotten.running);
        assert_eq!(live.watch(later[0]).tail, b"x");
    }
}
