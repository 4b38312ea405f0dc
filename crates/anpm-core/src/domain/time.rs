//! Timestamps: always UTC, always RFC 3339 with exactly six fractional digits, so that their text form sorts
//! in time order inside SQLite indexes and stays stable across platforms.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use time::format_description::well_known::Rfc3339;
use time::macros::format_description;
use time::{OffsetDateTime, UtcOffset};
use ts_rs::TS;

/// A UTC instant with microsecond precision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, TS)]
#[ts(type = "string")]
pub struct Timestamp(OffsetDateTime);

impl Timestamp {
    /// The current instant, truncated to microseconds so that a value survives a text round trip unchanged.
    pub fn now() -> Self {
        Self::from_datetime(OffsetDateTime::now_utc())
    }

    /// Wraps a date-time, converting it to UTC and truncating to microseconds.
    pub fn from_datetime(at: OffsetDateTime) -> Self {
        let at = at.to_offset(UtcOffset::UTC);
        let micros = at.microsecond();
        Self(
            at.replace_microsecond(micros).expect("invariant: a microsecond read back is in range"),
        )
    }

    /// The wrapped date-time.
    pub fn as_datetime(self) -> OffsetDateTime {
        self.0
    }

    /// This instant plus `seconds` (which may be negative).
    pub fn plus_seconds(self, seconds: i64) -> Self {
        Self(self.0 + time::Duration::seconds(seconds))
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let format = format_description!(
            "[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:6]Z"
        );
        let text = self.0.format(&format).map_err(|_| fmt::Error)?;
        f.write_str(&text)
    }
}

impl FromStr for Timestamp {
    type Err = crate::Error;

    fn from_str(raw: &str) -> crate::Result<Self> {
        OffsetDateTime::parse(raw.trim(), &Rfc3339).map(Self::from_datetime).map_err(|e| {
            crate::Error::invalid("timestamp", format!("`{raw}` is not RFC 3339: {e}"))
        })
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = String::deserialize(deserializer)?;
        raw.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_form_round_trips_and_has_fixed_width() {
        let now = Timestamp::now();
        let text = now.to_string();
        assert_eq!(text.len(), "2026-01-01T00:00:00.000000Z".len(), "fixed width: {text}");
        assert_eq!(text.parse::<Timestamp>().expect("parses"), now);
    }

    #[test]
    fn offsets_are_normalised_to_utc() {
        let parsed: Timestamp = "2026-03-01T10:00:00+02:00".parse().expect("parses");
        assert_eq!(parsed.to_string(), "2026-03-01T08:00:00.000000Z");
    }

    #[test]
    fn text_order_is_time_order() {
        let a: Timestamp = "2026-03-01T08:00:00.5Z".parse().expect("parses");
        let b: Timestamp = "2026-03-01T08:00:00.25Z".parse().expect("parses");
        assert!(b < a);
        assert!(b.to_string() < a.to_string());
    }

    #[test]
    fn garbage_is_refused() {
        let err = "yesterday".parse::<Timestamp>().expect_err("refused");
        assert_eq!(err.code(), crate::ErrorCode::InvalidInput);
    }
}
