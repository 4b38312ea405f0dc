//! The one registry of prompt files: every markdown file under `prompts/`, embedded in the binary, and the
//! `{{VAR}}` renderer that fills them. Planning and dispatch both read prompts from here (the role catalog
//! is the frontmatter of `roles/*.md` and `meta/*.md`), so neither imports the other for wording.
//!
//! Rendering strips the frontmatter, replaces each `{{NAME}}` (NAME = `[A-Z][A-Z0-9_]*`) whose value is
//! given, leaves unknown placeholders exactly as written, never re-expands a substituted value, and treats
//! single braces (JSON examples) as plain text.

use std::collections::BTreeMap;

use crate::{Error, Result};

/// Every prompt file, by name (its path under `prompts/` without `.md`).
pub const TEMPLATES: &[(&str, &str)] = &[
    ("planner-system", include_str!("../../../prompts/planner-system.md")),
    ("backlog", include_str!("../../../prompts/backlog.md")),
    ("whatsnext", include_str!("../../../prompts/whatsnext.md")),
    ("followup", include_str!("../../../prompts/followup.md")),
    ("roles/api-contract-writer", include_str!("../../../prompts/roles/api-contract-writer.md")),
    ("roles/backend-architect", include_str!("../../../prompts/roles/backend-architect.md")),
    ("roles/code-reviewer", include_str!("../../../prompts/roles/code-reviewer.md")),
    ("roles/db-schema-designer", include_str!("../../../prompts/roles/db-schema-designer.md")),
    ("roles/test-writer", include_str!("../../../prompts/roles/test-writer.md")),
    ("roles/ui-scaffolder", include_str!("../../../prompts/roles/ui-scaffolder.md")),
    ("meta/dispatcher", include_str!("../../../prompts/meta/dispatcher.md")),
    ("probes/agent", include_str!("../../../prompts/probes/agent.md")),
    ("probes/provider-system", include_str!("../../../prompts/probes/provider-system.md")),
    ("probes/provider", include_str!("../../../prompts/probes/provider.md")),
];

/// The role prompts (task roles and meta roles), whose frontmatter is the role catalog.
pub fn role_files() -> impl Iterator<Item = (&'static str, &'static str)> {
    TEMPLATES
        .iter()
        .copied()
        .filter(|(name, _)| name.starts_with("roles/") || name.starts_with("meta/"))
}

/// A prompt file: its frontmatter fields and its body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template {
    pub name: &'static str,
    pub frontmatter: BTreeMap<String, String>,
    pub body: &'static str,
}

/// Loads an embedded template by name.
pub fn load(name: &str) -> Result<Template> {
    let (name, text) = TEMPLATES
        .iter()
        .find(|(n, _)| *n == name)
        .ok_or_else(|| Error::invalid("prompt", format!("no prompt template named `{name}`")))?;
    Ok(parse(name, text))
}

/// Splits a prompt file into frontmatter (`key: value` lines between the opening and closing `---`) and
/// body. A file without frontmatter is all body.
pub fn parse(name: &'static str, text: &'static str) -> Template {
    let mut frontmatter = BTreeMap::new();
    let Some(rest) = text.strip_prefix("---\n") else {
        return Template { name, frontmatter, body: text };
    };
    let Some(end) = rest.find("\n---\n") else {
        return Template { name, frontmatter, body: text };
    };
    for line in rest[..end].lines() {
        if let Some((key, value)) = line.split_once(':') {
            let value = value.trim().trim_matches('"');
            frontmatter.insert(key.trim().to_owned(), value.to_owned());
        }
    }
    let body = rest[end + "\n---\n".len()..].trim_start_matches('\n');
    Template { name, frontmatter, body }
}

/// Renders `body`, replacing `{{NAME}}` with `vars[NAME]` in a single left-to-right pass.
pub fn render(body: &str, vars: &BTreeMap<&str, String>) -> String {
    let mut out = String::with_capacity(body.len() + 256);
    let mut rest = body;
    while let Some(open) = rest.find("{{") {
        out.push_str(&rest[..open]);
        let after = &rest[open + 2..];
        match after.find("}}").map(|close| (&after[..close], close)) {
            Some((name, close)) if is_placeholder_name(name) && vars.contains_key(name) => {
                out.push_str(&vars[name]);
                rest = &after[close + 2..];
            }
            _ => {
                // Not a known placeholder: keep one brace and look again from the next character, so that
                // `{{{X}}}` still finds `{{X}}` inside it.
                out.push('{');
                rest = &rest[open + 1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn is_placeholder_name(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some('A'..='Z'))
        && chars.all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vars(pairs: &[(&'static str, &str)]) -> BTreeMap<&'static str, String> {
        pairs.iter().map(|(k, v)| (*k, (*v).to_owned())).collect()
    }

    #[test]
    fn substitutes_known_and_keeps_unknown_placeholders() {
        let out = render("Hi {{NAME}}, {{UNKNOWN}} and {{lower}}.", &vars(&[("NAME", "Ana")]));
        assert_eq!(out, "Hi Ana, {{UNKNOWN}} and {{lower}}.");
    }

    #[test]
    fn values_are_never_re_expanded() {
        let out = render("{{A}} {{B}}", &vars(&[("A", "{{B}}"), ("B", "b")]));
        assert_eq!(out, "{{B}} b");
    }

    #[test]
    fn single_braces_are_literal() {
        let body = r#"Reply {"candidates": [{"title": "x"}]} for {{WHO}}"#;
        assert_eq!(
            render(body, &vars(&[("WHO", "me")])),
            r#"Reply {"candidates": [{"title": "x"}]} for me"#
        );
        assert_eq!(render("{{{X}}}", &vars(&[("X", "1")])), "{1}");
        assert_eq!(render("unclosed {{X", &vars(&[("X", "1")])), "unclosed {{X");
    }

    #[test]
    fn frontmatter_is_parsed_and_stripped() {
        let t = parse("t", "---\ntitle: Backlog planner\nversion: 1\n---\n\nBody {{X}}\n");
        assert_eq!(t.frontmatter.get("title").map(String::as_str), Some("Backlog planner"));
        assert_eq!(t.frontmatter.get("version").map(String::as_str), Some("1"));
        assert_eq!(t.body, "Body {{X}}\n");
        assert_eq!(parse("t", "no frontmatter").body, "no frontmatter");
    }

    #[test]
    fn embedded_templates_load_and_unknown_names_fail() {
        for (name, version) in [("planner-system", "1"), ("backlog", "2"), ("whatsnext", "1")] {
            let t = load(name).expect("embedded");
            assert_eq!(t.frontmatter.get("version").map(String::as_str), Some(version), "{name}");
            assert!(!t.body.starts_with("---"), "{name} body has its frontmatter stripped");
        }
        assert_eq!(load("nope").expect_err("unknown").code(), crate::ErrorCode::InvalidInput);
    }
}
