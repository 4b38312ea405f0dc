//! Raw text from models and agents: one JSON object pulled out of what they printed (models wrap JSON in
//! prose and fences and terminals add colour codes; this turns that raw text into a `serde_json` object or
//! says why it cannot), ANSI stripping, and truncation that never splits a character.

use serde_json::{Map, Value};

/// Removes ANSI escape sequences (colours, cursor movement) and carriage returns.
pub fn strip_ansi(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\u{1b}' => match chars.peek() {
                Some('[') => {
                    chars.next();
                    // CSI: parameters and intermediates, then one final byte in @..~.
                    for c in chars.by_ref() {
                        if ('@'..='~').contains(&c) {
                            break;
                        }
                    }
                }
                Some(']') => {
                    chars.next();
                    // OSC: ends with BEL or ESC \.
                    while let Some(c) = chars.next() {
                        if c == '\u{7}' || (c == '\u{1b}' && chars.peek() == Some(&'\\')) {
                            chars.next_if_eq(&'\\');
                            break;
                        }
                    }
                }
                _ => {
                    chars.next();
                }
            },
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// Finds the JSON object in `text`: the first fenced block (```json or plain ```), else the span from the
/// first `{` to the last `}`, else the whole text. The chosen candidate must parse as a JSON object.
pub fn json_object(text: &str) -> Result<Map<String, Value>, String> {
    let text = strip_ansi(text);
    let mut attempts: Vec<&str> = Vec::new();
    if let Some(fenced) = fenced_block(&text) {
        attempts.push(fenced);
    }
    if let (Some(start), Some(end)) = (text.find('{'), text.rfind('}')) {
        if start < end {
            attempts.push(&text[start..=end]);
        }
    }
    attempts.push(text.trim());
    let mut last_error = String::from("no JSON object found");
    for attempt in attempts {
        match serde_json::from_str::<Value>(attempt.trim()) {
            Ok(Value::Object(map)) => return Ok(map),
            Ok(other) => last_error = format!("expected a JSON object, found {}", kind(&other)),
            Err(e) => last_error = e.to_string(),
        }
    }
    let preview: String = text.chars().take(240).collect::<String>().replace(['\n', '\r'], " ");
    Err(format!(
        "could not parse output as a JSON object: {last_error}; first 240 chars: {preview}"
    ))
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// The body of the first ``` fence (its language tag, if any, is skipped), case-insensitively.
fn fenced_block(text: &str) -> Option<&str> {
    let open = text.find("```")?;
    let after = &text[open + 3..];
    let body_start = after.find('\n')? + 1;
    let body = &after[body_start..];
    let close = body.find("```")?;
    Some(&body[..close])
}

/// Truncates to at most `max` characters (never splitting one).
pub fn truncate_chars(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((cut, _)) => text[..cut].to_owned(),
        None => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fenced_blocks_in_any_case() {
        for text in [
            "Here:\n```json\n{\"a\":1}\n```\nDone",
            "```JSON\n{\"a\":1}\n```",
            "```\n{\"a\":1}\n```",
        ] {
            assert_eq!(json_object(text).expect(text)["a"], 1);
        }
    }

    #[test]
    fn braces_inside_prose_and_plain_json() {
        assert_eq!(
            json_object("Sure! {\"a\": {\"b\": 2}} hope that helps").expect("prose")["a"]["b"],
            2
        );
        assert_eq!(json_object("  {\"a\":3}  ").expect("plain")["a"], 3);
    }

    #[test]
    fn ansi_colours_are_stripped_first() {
        let coloured = "\u{1b}[32m{\"a\":\u{1b}[0m 4}\r\n";
        assert_eq!(json_object(coloured).expect("coloured")["a"], 4);
        assert_eq!(strip_ansi("\u{1b}]0;title\u{7}ok\u{1b}[1;31m!\u{1b}[0m\r"), "ok!");
    }

    #[test]
    fn no_json_or_a_non_object_is_an_error() {
        let err = json_object("I could not do that.").expect_err("prose");
        assert!(err.starts_with("could not parse output as a JSON object"), "{err}");
        assert!(err.contains("first 240 chars: I could not do that."), "{err}");
        assert!(json_object("[1, 2]")
            .expect_err("array")
            .contains("expected a JSON object, found an array"));
    }
}
