//! One page of a listing: how many items, and after which one. Pages are keyset pages — "the items that
//! sort after this one" — not offsets, so a page costs the same at the end of 100,000 tasks as at the
//! start and stays stable while rows are added above it.

use crate::{Error, Result};

/// Items a listing returns when the caller names no limit (`--limit`'s default).
pub const DEFAULT_PAGE_LIMIT: u32 = 200;

/// The most items one page may ask for; `--all` is the way to more.
pub const MAX_PAGE_LIMIT: u32 = 10_000;

/// Which slice of a sorted listing to return.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Page<Id> {
    /// At most this many items; `None` returns every remaining item.
    pub limit: Option<u32>,
    /// Continue after this item, in the listing's sort order.
    pub after: Option<Id>,
}

impl<Id> Default for Page<Id> {
    /// Everything: what internal callers that need the whole set ask for.
    fn default() -> Self {
        Self { limit: None, after: None }
    }
}

impl<Id> Page<Id> {
    /// The first `limit` items.
    pub fn first(limit: u32) -> Self {
        Self { limit: Some(limit), after: None }
    }

    /// Validates the page options an operator gave (`--limit N`, `--after ID`, `--all`).
    pub fn parse(limit: Option<u32>, after: Option<Id>, all: bool) -> Result<Self> {
        let limit = match (limit, all) {
            (Some(_), true) => {
                return Err(Error::invalid("limit", "`--limit` and `--all` exclude each other; give one"))
            }
            (None, true) => None,
            (None, false) => Some(DEFAULT_PAGE_LIMIT),
            (Some(0), false) => return Err(Error::invalid("limit", "a page holds at least 1 item")),
            (Some(n), false) if n > MAX_PAGE_LIMIT => {
                return Err(Error::invalid(
                    "limit",
                    format!("a page holds at most {MAX_PAGE_LIMIT} items; got {n} (use `--all` for everything)"),
                ))
            }
            (Some(n), false) => Some(n),
        };
        Ok(Self { limit, after })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_operator_options() {
        assert_eq!(Page::<u8>::parse(None, None, false).expect("ok").limit, Some(DEFAULT_PAGE_LIMIT));
        assert_eq!(Page::<u8>::parse(Some(5), Some(3), false).expect("ok"), Page { limit: Some(5), after: Some(3) });
        assert_eq!(Page::<u8>::parse(None, None, true).expect("ok").limit, None);
        for (limit, all, why) in [
            (Some(5), true, "exclude each other"),
            (Some(0), false, "at least 1"),
            (Some(MAX_PAGE_LIMIT + 1), false, "at most"),
        ] {
            let err = Page::<u8>::parse(limit, None, all).expect_err("refused");
            assert!(err.to_string().contains(why), "{err}");
        }
    }
}
