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

/// How far back from the end of a message the last JSON object is looked for: a result is the end of a
/// message, and the search is quadratic in the worst case.
const LAST_OBJECT_WINDOW: usize = 256 * 1024;

/// Every JSON object an agent's result may be, in the order to try them: the bodies of fenced blocks
/// labelled `json` or not labelled at all, last first (an agent that echoes its prompt or shows code
/// before its answer ends with the answer), then the last JSON object anywhere in the text.
pub fn result_candidates(text: &str) -> Vec<Map<String, Value>> {
    let text = strip_ansi(text);
    let mut found: Vec<Map<String, Value>> = fenced_blocks(&text)
        .into_iter()
        .rev()
        .filter(|(tag, _)| tag.is_empty() || tag.eq_ignore_ascii_case("json"))
        .filter_map(|(_, body)| match serde_json::from_str::<Value>(body.trim()) {
            Ok(Value::Object(map)) => Some(map),
            _ => None,
        })
        .collect();
    if let Some(last) = last_object(&text) {
        if !found.contains(&last) {
            found.push(last);
        }
    }
    found
}

/// Every ``` fence of `text`: its language tag (trimmed) and its body.
fn fenced_blocks(text: &str) -> Vec<(&str, &str)> {
    let mut blocks = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find("```") {
        let after = &rest[open + 3..];
        let Some(newline) = after.find('\n') else { break };
        let body = &after[newline + 1..];
        let Some(close) = body.find("```") else { break };
        blocks.push((after[..newline].trim(), &body[..close]));
        rest = &body[close + 3..];
    }
    blocks
}

/// The JSON object that ends last in `text` (the outermost one, when objects nest).
fn last_object(text: &str) -> Option<Map<String, Value>> {
    let mut from = text.len().saturating_sub(LAST_OBJECT_WINDOW);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    let window = &text[from..];
    let mut best: Option<(usize, usize, Map<String, Value>)> = None;
    for (start, _) in window.match_indices('{') {
        let mut stream = serde_json::Deserializer::from_str(&window[start..]).into_iter::<Value>();
        if let Some(Ok(Value::Object(map))) = stream.next() {
            let end = start + stream.byte_offset();
            if best.as_ref().is_none_or(|(_, best_end, _)| end > *best_end) {
                best = Some((start, end, map));
            }
        }
    }
    best.map(|(_, _, map)| map)
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

    #[test]
    fn a_result_after_a_code_block_or_an_echoed_prompt_is_found() {
        // A code block in another language, then the JSON result.
        let text = "Here is the fix:\n```rust\nfn main() { let x = {1}; }\n```\nResult:\n```json\n{\"files\": []}\n```\n";
        let found = result_candidates(text);
        assert_eq!(found.first().map(|m| m.contains_key("files")), Some(true));
        // The prompt's own example comes first, the agent's answer last: the answer is tried first.
        let echoed = "Return:\n```json\n{\"files\": [\"EXAMPLE\"]}\n```\n...\n```\n{\"files\": [\"real\"]}\n```";
        assert_eq!(result_candidates(echoed)[0]["files"][0], "real");
        // No fence at all: the last object of the message, the outer one when objects nest.
        let prose = "First {\"a\": 1} then {\"files\": [{\"path\": \"x\"}]} done.";
        let found = result_candidates(prose);
        assert_eq!(found.len(), 1);
        assert!(found[0].contains_key("files"));
        assert!(result_candidates("no json here").is_empty());
    }
}
