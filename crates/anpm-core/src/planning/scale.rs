//! The task-scale estimate carried in the `context.v2` envelope: a cheap, deterministic guess of how big
//! the requested change is, from the words of the requirement alone.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// How big a piece of work looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum TaskScale {
    Small,
    Medium,
    Large,
}

/// Words that mark structural work whatever the text's length. Matched as whole words only, so
/// "refactoring" or "migration" do not count.
const LARGE_WORDS: [&str; 5] = ["refactor", "migrate", "redesign", "overhaul", "architecture"];

/// At or above this many words the work is large.
const LARGE_WORD_COUNT: usize = 300;

/// Below this many words the work is small.
const SMALL_WORD_COUNT: usize = 100;

/// Estimates the scale of the work described by `title` and `description`.
pub fn estimate(title: &str, description: &str) -> TaskScale {
    let text = format!("{title} {description}").to_lowercase();
    if LARGE_WORDS.iter().any(|word| contains_whole_word(&text, word)) {
        return TaskScale::Large;
    }
    match word_count(&text) {
        n if n >= LARGE_WORD_COUNT => TaskScale::Large,
        n if n < SMALL_WORD_COUNT => TaskScale::Small,
        _ => TaskScale::Medium,
    }
}

/// Runs of non-whitespace characters.
pub fn word_count(text: &str) -> usize {
    text.split_whitespace().count()
}

/// True when `word` occurs in `text` with no ASCII letter directly before or after it.
fn contains_whole_word(text: &str, word: &str) -> bool {
    let bytes = text.as_bytes();
    text.match_indices(word).any(|(start, _)| {
        let end = start + word.len();
        let before = start.checked_sub(1).map(|i| bytes[i].is_ascii_alphabetic()).unwrap_or(false);
        let after = bytes.get(end).is_some_and(u8::is_ascii_alphabetic);
        !before && !after
    })
}

#[cfg(test)]
mod tests {
    use super::TaskScale::*;
    use super::*;

    fn words(n: usize) -> String {
        vec!["word"; n].join(" ")
    }

    #[test]
    fn structural_keywords_make_work_large() {
        for text in [
            "Refactor auth",
            "migrate the db",
            "Redesign onboarding",
            "overhaul search",
            "new architecture",
        ] {
            assert_eq!(estimate(text, ""), Large, "{text}");
        }
        assert_eq!(estimate("Tidy", "we should REFACTOR this"), Large);
        for upper in ["REFACTOR", "Refactor", "refactor", "MIGRATE"] {
            assert_eq!(estimate(upper, ""), Large, "{upper}");
        }
    }

    #[test]
    fn keywords_count_only_as_whole_words() {
        assert_eq!(estimate("Refactoring notes", ""), Small);
        assert_eq!(estimate("Write the migration guide", ""), Small);
        assert_eq!(estimate("Fix something prefix", &words(150)), Medium);
    }

    #[test]
    fn word_count_thresholds() {
        assert_eq!(estimate("Add login button", ""), Small);
        for small in
            ["add something small", "fix something small", "rename something small", "tweak it"]
        {
            assert_eq!(estimate(small, ""), Small, "{small}");
        }
        // The title contributes words too: "x" plus n description words.
        assert_eq!(estimate("x", &words(98)), Small);
        assert_eq!(estimate("x", &words(99)), Medium, "100 is the first medium count");
        assert_eq!(estimate("x", &words(100)), Medium);
        assert_eq!(estimate("x", &words(151)), Medium);
        assert_eq!(estimate("x", &words(298)), Medium, "299 words");
        assert_eq!(estimate("x", &words(299)), Large, "300 words");
        assert_eq!(estimate("x", &words(300)), Large, "301 words");
        assert_eq!(estimate("", ""), Small);
    }

    #[test]
    fn counts_words_between_whitespace() {
        assert_eq!(word_count(""), 0);
        assert_eq!(word_count("hello"), 1);
        assert_eq!(word_count("  spaces   everywhere  "), 2);
        assert_eq!(word_count("one\ttwo\nthree"), 3);
    }
}
