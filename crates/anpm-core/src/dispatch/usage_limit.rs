//! What the dispatch loop does when an agent hits its usage limit: the attempt still fails
//! `rate_limited`, but the task goes back to the queue for the moment the limit lifts — the reset time the
//! agent named ([`super::reset`]), else a backoff that doubles per limit hit in a row on that profile —
//! and the profile is held until then, so other queued tasks for it wait instead of failing one after
//! another. A finished attempt on the profile clears its hold.

use std::io::{Read, Seek, SeekFrom};
use std::path::Path;

use super::reset;
use crate::domain::*;
use crate::store::Tx;
use crate::Result;

/// How much of the end of an attempt's log is searched for a reset time.
const LOG_TAIL: u64 = 64 * 1024;

/// The retry a rate-limited attempt earns.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Retry {
    pub at: Timestamp,
    /// Whether the agent named the time (else it is a backoff).
    pub named: bool,
    /// The profile's new hold, when the attempt's profile is known.
    pub hold: Option<AgentHold>,
}

/// The retry for an attempt that failed `rate_limited` with `message`, reading the end of its log for a
/// reset time. Runs inside the write that closes the attempt, so the hold and the requeue land together.
pub(super) fn plan(tx: &Tx<'_>, attempt: &DispatchAttempt, message: &str, now: Timestamp) -> Result<Retry> {
    let mut text = attempt.log_path.as_deref().map(|p| tail(Path::new(p))).unwrap_or_default();
    text.push('\n');
    text.push_str(message);
    let named = reset::reset_time(&text, now, reset::local_offset());
    let previous = match attempt.agent_profile_id {
        Some(id) => tx.agent_hold(id)?,
        None => None,
    };
    let strikes = previous.map_or(0, |h| h.strikes);
    let (at, strikes, reason) = match named {
        Some(at) => (at, strikes, format!("{} named its reset time", attempt.agent_name)),
        None => {
            let wait = reset::backoff(strikes);
            let reason = format!(
                "{} hit its usage limit without naming a reset time: waiting {} s (limit hit {} in a row)",
                attempt.agent_name,
                wait.as_secs(),
                strikes + 1
            );
            (now.plus_seconds(wait.as_secs() as i64), strikes + 1, reason)
        }
    };
    let hold = attempt.agent_profile_id.map(|id| AgentHold {
        agent_profile_id: id,
        held_until: at,
        strikes,
        reason,
    });
    Ok(Retry { at, named: named.is_some(), hold })
}

/// The hold on `profile` that is still running at `now`, if any.
pub(super) fn active_hold(tx: &Tx<'_>, profile: AgentProfileId, now: Timestamp) -> Result<Option<AgentHold>> {
    Ok(tx.agent_hold(profile)?.filter(|h| h.held_until > now))
}

/// The last [`LOG_TAIL`] bytes of a log, as text ('' when it cannot be read).
fn tail(path: &Path) -> String {
    let Ok(mut file) = std::fs::File::open(path) else { return String::new() };
    let len = file.metadata().map(|m| m.len()).unwrap_or(0);
    if file.seek(SeekFrom::Start(len.saturating_sub(LOG_TAIL))).is_err() {
        return String::new();
    }
    let mut bytes = Vec::new();
    let _ = file.read_to_end(&mut bytes);
    String::from_utf8_lossy(&bytes).into_owned()
}
