//! anpm's own log: every `tracing` event of the process, written to a daily file in `<data dir>/logs`
//! (`anpm.YYYY-MM-DD.log`), with secrets masked by the same patterns that sanitize a planning context.
//!
//! Bounded both ways: at most [`KEEP_FILES`] days are kept (older files are deleted at rotation), and a
//! day's file stops growing at [`MAX_DAY_BYTES`] with one line saying so, so a loop that logs in a tight
//! cycle cannot fill the disk. The level comes from `ANPM_LOG` (a `tracing` filter such as `debug` or
//! `anpm_core::dispatch=trace`; default `info`). Reading back (`anpm logs`) filters by time and can follow
//! the newest file as it grows.

use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Duration;

use tracing_appender::rolling::{RollingFileAppender, Rotation};
use tracing_subscriber::fmt::MakeWriter;
use tracing_subscriber::EnvFilter;

use crate::{Error, Result};

/// Days of log files kept.
pub const KEEP_FILES: usize = 14;
/// Bytes one day's file may reach before further lines are dropped.
pub const MAX_DAY_BYTES: u64 = 32 * 1024 * 1024;
/// The environment variable holding the log filter.
pub const LEVEL_VAR: &str = "ANPM_LOG";

const PREFIX: &str = "anpm";
const SUFFIX: &str = "log";

/// The log folder of a data directory.
pub fn dir(data_dir: &Path) -> PathBuf {
    data_dir.join("logs")
}

/// Installs the process-wide subscriber writing to `data_dir`'s log folder. A second call (or a process
/// that already has a subscriber) leaves the first in place.
pub fn init(data_dir: &Path) -> Result<()> {
    let folder = dir(data_dir);
    std::fs::create_dir_all(&folder)
        .map_err(|e| Error::io(format!("creating {}", folder.display()), e))?;
    let appender = RollingFileAppender::builder()
        .rotation(Rotation::DAILY)
        .filename_prefix(PREFIX)
        .filename_suffix(SUFFIX)
        .max_log_files(KEEP_FILES)
        .build(&folder)
        .map_err(|e| Error::io(format!("opening the log in {}", folder.display()), std::io::Error::other(e)))?;
    let filter = EnvFilter::try_from_env(LEVEL_VAR).unwrap_or_else(|_| EnvFilter::new("info"));
    let subscriber = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(false)
        .with_writer(Sink::new(appender))
        .finish();
    let _ = tracing::subscriber::set_global_default(subscriber);
    Ok(())
}

/// The rolling file behind a redacting, size-capped writer.
struct Sink {
    file: Mutex<RollingFileAppender>,
    /// (day, bytes written to that day's file by this process).
    today: Mutex<(String, u64)>,
    /// Bytes a day may take ([`MAX_DAY_BYTES`]).
    cap: u64,
}

impl Sink {
    fn new(file: RollingFileAppender) -> Self {
        Self { file: Mutex::new(file), today: Mutex::new((String::new(), 0)), cap: MAX_DAY_BYTES }
    }

    fn write_line(&self, line: &[u8]) {
        let day = crate::domain::Timestamp::now().to_string().chars().take(10).collect::<String>();
        let text = crate::planning::sanitize::redact(&String::from_utf8_lossy(line));
        let mut today = self.today.lock().unwrap_or_else(|p| p.into_inner());
        if today.0 != day {
            *today = (day, 0);
        }
        let before = today.1;
        today.1 += text.len() as u64;
        let mut file = self.file.lock().unwrap_or_else(|p| p.into_inner());
        if today.1 <= self.cap {
            let _ = file.write_all(text.as_bytes());
        } else if before <= self.cap {
            let _ = writeln!(
                file,
                "anpm: today's log reached {} bytes; further lines are dropped",
                self.cap
            );
        }
    }
}

/// One event's writer: the formatter writes the whole line, which is redacted and written at once.
struct LineWriter<'a>(&'a Sink);

impl Write for LineWriter<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.write_line(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> MakeWriter<'a> for Sink {
    type Writer = LineWriter<'a>;

    fn make_writer(&'a self) -> Self::Writer {
        LineWriter(self)
    }
}

/// The log files of `data_dir`, oldest first.
pub fn files(data_dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir(data_dir)) else { return Vec::new() };
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name().and_then(|n| n.to_str()).is_some_and(|n| {
                n.starts_with(&format!("{PREFIX}.")) && n.ends_with(&format!(".{SUFFIX}"))
            })
        })
        .collect();
    // The date in the name sorts as text.
    files.sort();
    files
}

/// Whether a log line is at or after `since` (an RFC 3339 prefix such as `2026-12-02T05:40`). Lines that
/// do not start with a timestamp (a continuation) go with the line before them.
fn at_or_after(line: &str, since: &str) -> Option<bool> {
    let stamp = line.split_whitespace().next()?;
    if stamp.len() < 10 || !stamp.as_bytes()[0].is_ascii_digit() {
        return None;
    }
    Some(stamp >= since)
}

/// Every log line at or after `since` (all of them without it), oldest first.
pub fn read(data_dir: &Path, since: Option<&str>) -> Result<Vec<String>> {
    let mut lines = Vec::new();
    for file in files(data_dir) {
        let text = std::fs::read_to_string(&file)
            .map_err(|e| Error::io(format!("reading {}", file.display()), e))?;
        let mut keep = since.is_none();
        for line in text.lines() {
            if let Some(since) = since {
                keep = at_or_after(line, since).unwrap_or(keep);
            }
            if keep {
                lines.push(line.to_owned());
            }
        }
    }
    Ok(lines)
}

/// Prints lines appended to the newest log file (and to the files of later days) to `out` until `stop`
/// says so; checks for new lines every `every`.
pub fn follow(
    data_dir: &Path,
    every: Duration,
    out: &mut dyn Write,
    stop: &dyn Fn() -> bool,
) -> Result<()> {
    let mut current: Option<(PathBuf, u64)> =
        files(data_dir).pop().and_then(|p| Some((p.clone(), std::fs::metadata(&p).ok()?.len())));
    while !stop() {
        let newest = files(data_dir).pop();
        if let Some(newest) = newest {
            let offset = match &current {
                Some((path, offset)) if *path == newest => *offset,
                // A new day's file: read it from the start.
                _ => 0,
            };
            let mut file = std::fs::File::open(&newest)
                .map_err(|e| Error::io(format!("reading {}", newest.display()), e))?;
            std::io::Seek::seek(&mut file, std::io::SeekFrom::Start(offset))
                .map_err(|e| Error::io("seeking the log", e))?;
            let mut reader = std::io::BufReader::new(file);
            let mut read = offset;
            let mut line = String::new();
            // Whole lines only: a line still being written is read on the next look.
            while reader.read_line(&mut line).map_err(|e| Error::io("reading the log", e))? > 0 {
                if !line.ends_with('\n') {
                    break;
                }
                read += line.len() as u64;
                out.write_all(line.as_bytes()).map_err(|e| Error::io("printing the log", e))?;
                line.clear();
            }
            let _ = out.flush();
            current = Some((newest, read));
        }
        std::thread::sleep(every);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_redacted_and_a_day_is_capped() {
        let dir = tempfile::tempdir().expect("dir");
        let appender = RollingFileAppender::builder()
            .rotation(Rotation::DAILY)
            .filename_prefix(PREFIX)
            .filename_suffix(SUFFIX)
            .build(dir.path())
            .expect("appender");
        let sink = Sink { cap: 64 * 1024, ..Sink::new(appender) };
        let secret = "sk-proj-abcdefghijklmnopqrstuvwxyz0123456789ABCD";
        sink.write_line(format!("2026-12-02T05:00:00Z WARN key {secret}\n").as_bytes());
        let big = "x".repeat(1024) + "\n";
        for _ in 0..100 {
            sink.write_line(big.as_bytes());
        }
        let file = std::fs::read_dir(dir.path()).expect("dir").next().expect("a file").expect("entry");
        let text = std::fs::read_to_string(file.path()).expect("log");
        assert!(!text.contains(secret), "the key is masked");
        assert!(text.contains("[REDACTED]"));
        assert!(text.len() as u64 <= 64 * 1024 + 200, "{}", text.len());
        assert_eq!(text.matches("further lines are dropped").count(), 1);
    }

    #[test]
    fn reading_filters_by_time_and_keeps_continuations_with_their_line() {
        let data = tempfile::tempdir().expect("dir");
        std::fs::create_dir_all(dir(data.path())).expect("logs");
        std::fs::write(
            dir(data.path()).join("anpm.2026-12-01.log"),
            "2026-12-01T23:59:00.1Z  INFO old\n",
        )
        .expect("write");
        std::fs::write(
            dir(data.path()).join("anpm.2026-12-02.log"),
            "2026-12-02T05:00:00.1Z  WARN early\n2026-12-02T06:00:00.1Z ERROR late\n  continued\n",
        )
        .expect("write");
        std::fs::write(dir(data.path()).join("notes.txt"), "not a log\n").expect("write");
        assert_eq!(read(data.path(), None).expect("all").len(), 4);
        let late = read(data.path(), Some("2026-12-02T05:30")).expect("since");
        assert_eq!(late, ["2026-12-02T06:00:00.1Z ERROR late", "  continued"]);
    }
}
