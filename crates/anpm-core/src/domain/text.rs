//! Validation of free text typed by the operator: titles, labels and the normalized title used to detect
//! duplicate work.

use crate::{Error, Result};

/// Longest title accepted, in characters. Titles are one-line summaries; anything longer belongs in the
/// description.
pub const MAX_TITLE_CHARS: usize = 300;

/// Longest label accepted, in characters.
pub const MAX_LABEL_CHARS: usize = 64;

/// Trims `raw` and refuses it when empty or longer than `max_chars`.
pub fn required_text(field: &'static str, raw: &str, max_chars: usize) -> Result<String> {
    let trimmed = raw.trim();
    if trimmed.is_empty() {
        return Err(Error::invalid(field, format!("{field} must not be empty")));
    }
    let chars = trimmed.chars().count();
    if chars > max_chars {
        return Err(Error::invalid(
            field,
            format!("{field} is {chars} characters long; the limit is {max_chars}"),
        ));
    }
    Ok(trimmed.to_owned())
}

/// A title: required, trimmed, at most [`MAX_TITLE_CHARS`].
pub(crate) fn title(raw: &str) -> Result<String> {
    required_text("title", raw, MAX_TITLE_CHARS)
}

/// The form two titles are compared in to spot duplicate work: lowercase, trimmed, inner whitespace
/// collapsed to single spaces.
pub fn normalize_title(title: &str) -> String {
    title.split_whitespace().map(str::to_lowercase).collect::<Vec<_>>().join(" ")
}

/// Trims labels, drops empty ones and duplicates (case-insensitively, keeping the first spelling), and
/// refuses labels over [`MAX_LABEL_CHARS`] or containing a comma (the CLI's list separator).
pub fn normalize_labels<S: AsRef<str>>(raw: &[S]) -> Result<Vec<String>> {
    let mut seen = std::collections::HashSet::new();
    let mut labels = Vec::new();
    for label in raw {
        let label = label.as_ref().trim();
        if label.is_empty() {
            continue;
        }
        if label.contains(',') {
            return Err(Error::invalid(
                "labels",
                format!("label `{label}` must not contain a comma"),
            ));
        }
        if label.chars().count() > MAX_LABEL_CHARS {
            return Err(Error::invalid(
                "labels",
                format!("label `{label}` is longer than {MAX_LABEL_CHARS} characters"),
            ));
        }
        if seen.insert(label.to_lowercase()) {
            labels.push(label.to_owned());
        }
    }
    Ok(labels)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_are_trimmed_and_required() {
        assert_eq!(title("  Ship it \n").expect("valid"), "Ship it");
        for blank in ["", "   ", "\n\t"] {
            let err = title(blank).expect_err("blank refused");
            assert_eq!(err.code(), crate::ErrorCode::InvalidInput);
            assert!(err.to_string().contains("title must not be empty"), "{err}");
        }
        let long = "x".repeat(MAX_TITLE_CHARS + 1);
        assert!(title(&long).expect_err("too long").to_string().contains("limit is 300"));
    }

    #[test]
    fn normalized_titles_ignore_case_and_spacing() {
        assert_eq!(normalize_title("  Add   Login\tPage "), "add login page");
        assert_eq!(normalize_title("ADD LOGIN PAGE"), normalize_title("add login  page"));
    }

    #[test]
    fn labels_are_trimmed_and_deduplicated() {
        let labels = normalize_labels(&[" ui ", "UI", "", "backend", "ui"]).expect("valid");
        assert_eq!(labels, vec!["ui".to_owned(), "backend".to_owned()]);
        assert!(normalize_labels(&["a,b"]).is_err());
        assert!(normalize_labels(&["x".repeat(65)]).is_err());
    }
}
