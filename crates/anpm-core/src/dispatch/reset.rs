//! When an agent's usage limit lifts, read from what the agent printed, and the backoff when it did not
//! say. The forms are the ones the CLIs print (../shared/spec/agent-cli-formats.md and the transcript
//! fixtures): Claude Code's "Weekly limit reached ∙ resets 5am" and its `rate_limit_event` with
//! `"status":"rejected"` and `"resetsAt"` (epoch seconds), Codex's "try again at 12:16 PM.", Gemini's
//! "Your quota will reset after 35s.", and the plain "limit will reset at 3pm" / "try again in 5 minutes".
//! The latest mention wins. A clock time is the next such time in the machine's local zone (a named zone
//! after it is not resolved: anpm has no zone database, and the agent prints the operator's own zone).

use std::sync::OnceLock;
use std::time::Duration;

use time::{OffsetDateTime, Time, UtcOffset};

use crate::domain::Timestamp;

/// The first wait without a reset time; each further limit hit in a row doubles it.
pub const BACKOFF_BASE: Duration = Duration::from_secs(60);
/// The longest backoff.
pub const BACKOFF_CAP: Duration = Duration::from_secs(30 * 60);
/// Reset times further out than this are taken for a misreading.
const FURTHEST: i64 = 8 * 24 * 3600;

/// The wait after `strikes` limit hits in a row (0 for the first) when the agent named no reset time.
pub fn backoff(strikes: i64) -> Duration {
    let factor = 1u32 << strikes.clamp(0, 10);
    (BACKOFF_BASE * factor).min(BACKOFF_CAP)
}

/// When the limit the agent hit lifts, if its output says; `now` and the local `offset` fix "5am".
pub fn reset_time(output: &str, now: Timestamp, offset: UtcOffset) -> Option<Timestamp> {
    let lower = output.to_lowercase();
    let mut best: Option<(usize, Timestamp)> = None;
    let mut consider = |at: usize, found: Option<Timestamp>| {
        if let Some(t) = found {
            let ahead = t.as_datetime().unix_timestamp() - now.as_datetime().unix_timestamp();
            if (0..=FURTHEST).contains(&ahead) && best.as_ref().is_none_or(|(pos, _)| at >= *pos) {
                best = Some((at, t));
            }
        }
    };
    for (at, line) in line_starts(&lower) {
        if line.contains("\"rejected\"") {
            if let Some(i) = line.find("\"resetsat\":") {
                let digits: String =
                    line[i + 11..].trim_start().chars().take_while(char::is_ascii_digit).collect();
                let epoch = digits.parse::<i64>().ok();
                consider(at + i, epoch.and_then(|s| OffsetDateTime::from_unix_timestamp(s).ok()).map(Timestamp::from_datetime));
            }
        }
    }
    const RELATIVE: [&str; 6] =
        ["reset after ", "resets in ", "reset in ", "try again in ", "retry after ", "retry in "];
    const CLOCK: [&str; 5] = ["resets at ", "reset at ", "try again at ", "resets ", "retry at "];
    for anchor in RELATIVE {
        for (i, _) in lower.match_indices(anchor) {
            let wait = duration(&lower[i + anchor.len()..]);
            consider(i, wait.map(|d| now.plus_seconds(d.as_secs() as i64)));
        }
    }
    for anchor in CLOCK {
        for (i, _) in lower.match_indices(anchor) {
            let rest = &lower[i + anchor.len()..];
            // "resets in 5m" is relative: handled above.
            if rest.starts_with("in ") || rest.starts_with("after ") {
                continue;
            }
            consider(i, clock(rest).map(|t| next_local(now, t, offset)));
        }
    }
    best.map(|(_, t)| t)
}

fn line_starts(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut at = 0;
    text.split('\n').map(move |line| {
        let start = at;
        at += line.len() + 1;
        (start, line)
    })
}

/// "35s", "2 minutes", "1h 30m", "1 hour and 5 minutes", "11475ms" (rounded up) — at the start of `text`.
fn duration(text: &str) -> Option<Duration> {
    let mut total = 0.0f64;
    let mut rest = text.trim_start();
    let mut any = false;
    loop {
        let number: String = rest.chars().take_while(|c| c.is_ascii_digit() || *c == '.').collect();
        let Ok(value) = number.parse::<f64>() else { break };
        let after = rest[number.len()..].trim_start();
        let unit: String = after.chars().take_while(char::is_ascii_alphabetic).collect();
        let seconds = match unit.as_str() {
            "ms" | "millisecond" | "milliseconds" => 0.001,
            "s" | "sec" | "secs" | "second" | "seconds" => 1.0,
            "m" | "min" | "mins" | "minute" | "minutes" => 60.0,
            "h" | "hr" | "hrs" | "hour" | "hours" => 3600.0,
            "d" | "day" | "days" => 86_400.0,
            _ => break,
        };
        total += value * seconds;
        any = true;
        rest = after[unit.len()..].trim_start();
        rest = rest.strip_prefix("and ").or_else(|| rest.strip_prefix(", ")).unwrap_or(rest);
    }
    any.then(|| Duration::from_secs(total.ceil() as u64))
}

/// "5am", "10:30 pm", "12:16 pm.", "14:05" — at the start of `text`; a bare number is not a time.
fn clock(text: &str) -> Option<Time> {
    let text = text.trim_start();
    let hour: String = text.chars().take_while(char::is_ascii_digit).collect();
    let mut rest = &text[hour.len()..];
    let hour: u8 = hour.parse().ok()?;
    let mut minute = 0u8;
    let mut colon = false;
    if let Some(after) = rest.strip_prefix(':') {
        let digits: String = after.chars().take_while(char::is_ascii_digit).collect();
        if digits.len() != 2 {
            return None;
        }
        minute = digits.parse().ok()?;
        rest = &after[2..];
        colon = true;
    }
    let rest = rest.trim_start();
    let meridiem = if rest.starts_with("am") || rest.starts_with("a.m.") {
        Some(false)
    } else if rest.starts_with("pm") || rest.starts_with("p.m.") {
        Some(true)
    } else {
        None
    };
    let hour = match meridiem {
        Some(pm) if (1..=12).contains(&hour) => hour % 12 + if pm { 12 } else { 0 },
        Some(_) => return None,
        None if colon => hour,
        None => return None,
    };
    Time::from_hms(hour, minute, 0).ok()
}

/// The next moment after `now` when the local clock (at `offset`) shows `at`.
fn next_local(now: Timestamp, at: Time, offset: UtcOffset) -> Timestamp {
    let local = now.as_datetime().to_offset(offset);
    let mut candidate = local.replace_time(at);
    if candidate <= local {
        candidate += time::Duration::days(1);
    }
    Timestamp::from_datetime(candidate.to_offset(UtcOffset::UTC))
}

/// The machine's offset from UTC, read once. `time` cannot ask the system safely once threads run, so the
/// `date` command says it; UTC when that fails.
pub fn local_offset() -> UtcOffset {
    static OFFSET: OnceLock<UtcOffset> = OnceLock::new();
    *OFFSET.get_or_init(|| {
        let out = std::process::Command::new("date").arg("+%z").output().ok();
        out.and_then(|o| parse_offset(String::from_utf8_lossy(&o.stdout).trim())).unwrap_or(UtcOffset::UTC)
    })
}

/// "+0130" / "-0500".
fn parse_offset(text: &str) -> Option<UtcOffset> {
    let (sign, digits) = match text.as_bytes().first()? {
        b'+' => (1, &text[1..]),
        b'-' => (-1, &text[1..]),
        _ => return None,
    };
    if digits.len() != 4 || !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let hours: i8 = digits[..2].parse().ok()?;
    let minutes: i8 = digits[2..].parse().ok()?;
    UtcOffset::from_hms(sign * hours, sign * minutes, 0).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> Timestamp {
        text.parse().expect("timestamp")
    }

    fn fixture(name: &str) -> String {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/agent-transcripts")
            .join(name);
        std::fs::read_to_string(path).expect("fixture")
    }

    const NOON: &str = "2026-12-03T12:00:00Z";

    #[test]
    fn relative_waits_count_from_now() {
        let now = at(NOON);
        let utc = UtcOffset::UTC;
        let after = |text: &str| reset_time(text, now, utc).map(|t| t.to_string());
        assert_eq!(after("Your quota will reset after 35s."), Some(at("2026-12-03T12:00:35Z").to_string()));
        assert_eq!(after("please try again in 2 minutes"), Some(at("2026-12-03T12:02:00Z").to_string()));
        assert_eq!(after("limit resets in 1h 30m"), Some(at("2026-12-03T13:30:00Z").to_string()));
        assert_eq!(after("retry after 11475ms"), Some(at("2026-12-03T12:00:12Z").to_string()));
        assert_eq!(after("usage limit reached"), None);
    }

    #[test]
    fn clock_times_are_the_next_such_local_time() {
        let now = at(NOON);
        let utc = UtcOffset::UTC;
        let when = |text: &str, offset| reset_time(text, now, offset).map(|t| t.to_string());
        assert_eq!(when("Weekly limit reached ∙ resets 5am", utc), Some(at("2026-12-04T05:00:00Z").to_string()));
        assert_eq!(when("try again at 12:16 PM.", utc), Some(at("2026-12-03T12:16:00Z").to_string()));
        assert_eq!(when("Session limit reached ∙ resets 10:30pm", utc), Some(at("2026-12-03T22:30:00Z").to_string()));
        assert_eq!(when("the limit will reset at 14:05", utc), Some(at("2026-12-03T14:05:00Z").to_string()));
        // 5am at UTC+2 is 03:00 UTC, tomorrow.
        let plus_two = UtcOffset::from_hms(2, 0, 0).unwrap();
        assert_eq!(when("resets 5am (Europe/Berlin)", plus_two), Some(at("2026-12-04T03:00:00Z").to_string()));
        // Numbers that are not times are not read as times.
        assert_eq!(when("resets 5 files", utc), None);
        assert_eq!(when("try again at 13pm", utc), None);
    }

    #[test]
    fn the_latest_mention_wins_and_a_rejected_event_gives_the_exact_time() {
        let now = at(NOON);
        let text = "resets 5am\n{\"type\":\"rate_limit_event\",\"rate_limit_info\":{\"status\":\"rejected\",\"resetsAt\":1796313600}}\n";
        assert_eq!(reset_time(text, now, UtcOffset::UTC), Some(Timestamp::from_datetime(OffsetDateTime::from_unix_timestamp(1796313600).unwrap())));
        // An allowed event says nothing about a limit.
        let allowed = "{\"rate_limit_info\":{\"status\":\"allowed\",\"resetsAt\":1796313600}}";
        assert_eq!(reset_time(allowed, now, UtcOffset::UTC), None);
        assert_eq!(reset_time("try again at 1pm ... later: try again in 5s", now, UtcOffset::UTC), Some(at("2026-12-03T12:00:05Z")));
    }

    #[test]
    fn the_real_transcripts_limit_messages_are_read() {
        let now = at(NOON);
        let utc = UtcOffset::UTC;
        let claude = fixture("claude-stream-json-hive-mind-2.jsonl");
        assert_eq!(reset_time(&claude, now, utc), Some(at("2026-12-04T05:00:00Z")), "resets 5am");
        let codex = fixture("codex-exec-json-hive-mind-2.jsonl");
        assert_eq!(reset_time(&codex, now, utc), Some(at("2026-12-03T12:16:00Z")), "try again at 12:16 PM");
        let gemini = fixture("gemini-text-stderr-ct-mcp-1.log");
        let wait = reset_time(&gemini, now, utc).expect("reset after Ns");
        let seconds = wait.as_datetime().unix_timestamp() - now.as_datetime().unix_timestamp();
        assert!((1..=60).contains(&seconds), "{seconds}");
    }

    #[test]
    fn backoff_doubles_to_a_cap_and_offsets_parse() {
        assert_eq!(backoff(0), Duration::from_secs(60));
        assert_eq!(backoff(2), Duration::from_secs(240));
        assert_eq!(backoff(9), BACKOFF_CAP);
        assert_eq!(parse_offset("+0130"), UtcOffset::from_hms(1, 30, 0).ok());
        assert_eq!(parse_offset("-0500"), UtcOffset::from_hms(-5, 0, 0).ok());
        assert_eq!(parse_offset("UTC"), None);
    }
}
