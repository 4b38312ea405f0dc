//! Turning what the operator types into an FTS5 query that can never be a syntax error: the text is split
//! into words (letters, digits and `_`; everything else separates), each word is quoted as a string and
//! matched as a prefix, and all words must appear. Operators, quotes, colons and parentheses typed by
//! the operator are therefore plain separators, never FTS5 syntax.

use crate::{Error, Result};

/// Most words one query keeps.
const MAX_WORDS: usize = 16;

/// The FTS5 `MATCH` expression for `raw`: `"word"*` per word, joined by spaces (AND). Refuses text with no
/// word in it.
pub fn match_expression(raw: &str) -> Result<String> {
    let words: Vec<String> = raw
        .split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
        .take(MAX_WORDS)
        .map(|w| format!("\"{}\"*", w.to_lowercase()))
        .collect();
    if words.is_empty() {
        return Err(Error::invalid(
            "query",
            format!("`{}` has no word to search for; type letters or digits", raw.trim()),
        ));
    }
    Ok(words.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_word_becomes_a_quoted_prefix() {
        assert_eq!(match_expression("Invoice PDF").expect("ok"), "\"invoice\"* \"pdf\"*");
        assert_eq!(
            match_expression("\"unbalanced (AND OR* NEAR:x").expect("ok"),
            "\"unbalanced\"* \"and\"* \"or\"* \"near\"* \"x\"*"
        );
        assert_eq!(match_expression("naïve café").expect("ok"), "\"naïve\"* \"café\"*");
    }

    #[test]
    fn text_without_words_is_refused() {
        let err = match_expression(" -- ** ").expect_err("no words");
        assert_eq!(err.code(), crate::ErrorCode::InvalidInput);
    }
}
