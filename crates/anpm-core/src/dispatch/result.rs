//! Each role's result contract: the JSON object an agent must end with, validated with exact messages.
//! Implementation roles edit their workspace directly and may also return `files[]`; schema, contract and
//! review roles return their own shapes (the upstream check demanded `files` from every role, so three of
//! them could never succeed).

use serde_json::{Map, Value};

/// The JSON type a field must have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    String,
    Array,
    Object,
    Bool,
}

impl Kind {
    fn matches(self, v: &Value) -> bool {
        match self {
            Self::String => v.is_string(),
            Self::Array => v.is_array(),
            Self::Object => v.is_object(),
            Self::Bool => v.is_boolean(),
        }
    }

    fn describe(self) -> &'static str {
        match self {
            Self::String => "a string",
            Self::Array => "a JSON array",
            Self::Object => "a JSON object",
            Self::Bool => "true or false",
        }
    }
}

/// The fields a role's result must and may have.
#[derive(Debug)]
struct Schema {
    required: &'static [(&'static str, Kind)],
    optional: &'static [(&'static str, Kind)],
}

fn schema(role: &str) -> Option<Schema> {
    use Kind::*;
    Some(match role {
        "backend-architect" => Schema {
            required: &[],
            optional: &[("files", Array), ("test_instructions", String), ("risks", Array), ("followups", Array)],
        },
        "ui-scaffolder" => Schema {
            required: &[],
            optional: &[("files", Array), ("component_tree", String), ("a11y_notes", String), ("followups", Array)],
        },
        "test-writer" => Schema {
            required: &[],
            optional: &[("files", Array), ("coverage_matrix", Array), ("not_tested", Array)],
        },
        "db-schema-designer" => Schema {
            required: &[("migration", Object)],
            optional: &[
                ("change_summary", String),
                ("invariants_added", Array),
                ("indexes_added", Array),
                ("risks", Array),
                ("dual_driver_notes", String),
            ],
        },
        "api-contract-writer" => Schema {
            required: &[("endpoints", Array)],
            optional: &[("docs_update", String), ("breaking_change", Bool), ("notes", String)],
        },
        "code-reviewer" => Schema {
            required: &[("findings", Array)],
            optional: &[("accept_with_changes", Bool), ("not_reviewed", Array)],
        },
        _ => return None,
    })
}

/// True when the role may return files to write into its workspace (it may also edit them directly).
pub fn writes_files(role: &str) -> bool {
    schema(role).is_some_and(|s| s.required.iter().chain(s.optional).any(|(k, _)| *k == "files"))
}

/// Validates `result` against the role's contract. The message names the first problem exactly.
pub fn validate(role: &str, result: &Map<String, Value>) -> Result<(), String> {
    let Some(schema) = schema(role) else {
        return Err(format!("role `{role}` has no result contract"));
    };
    for (key, kind) in schema.required {
        match result.get(*key) {
            None => {
                return Err(format!(
                    "execution result missing required `{key}` ({})",
                    kind.describe()
                ))
            }
            Some(v) if !kind.matches(v) => {
                return Err(format!("execution result `{key}` must be {}", kind.describe()));
            }
            Some(_) => {}
        }
    }
    for (key, kind) in schema.optional {
        if let Some(v) = result.get(*key) {
            if !v.is_null() && !kind.matches(v) {
                return Err(format!("execution result `{key}` must be {}", kind.describe()));
            }
        }
    }
    match role {
        "db-schema-designer" => {
            let migration = result["migration"].as_object().expect("checked above");
            for key in ["filename", "up_sql", "down_sql"] {
                if !migration.get(key).is_some_and(Value::is_string) {
                    return Err(format!("execution result `migration.{key}` must be a string"));
                }
            }
        }
        "api-contract-writer" => {
            for (i, endpoint) in
                result["endpoints"].as_array().expect("checked above").iter().enumerate()
            {
                for key in ["method", "path"] {
                    if !endpoint.get(key).is_some_and(Value::is_string) {
                        return Err(format!(
                            "execution result `endpoints[{i}].{key}` must be a string"
                        ));
                    }
                }
            }
        }
        "code-reviewer" => {
            for (i, finding) in
                result["findings"].as_array().expect("checked above").iter().enumerate()
            {
                let severity = finding.get("severity").and_then(Value::as_str);
                if !matches!(severity, Some("blocker" | "should-fix" | "nit")) {
                    return Err(format!("execution result `findings[{i}].severity` must be blocker, should-fix or nit"));
                }
                if !finding.get("finding").is_some_and(Value::is_string) {
                    return Err(format!(
                        "execution result `findings[{i}].finding` must be a string"
                    ));
                }
            }
        }
        _ => {}
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn obj(text: &str) -> Map<String, Value> {
        serde_json::from_str(text).expect("object")
    }

    #[test]
    fn implementation_roles_may_return_files() {
        assert!(validate("backend-architect", &obj(r#"{"files": []}"#)).is_ok());
        assert!(validate("backend-architect", &obj(r#"{}"#)).is_ok(), "edits made directly need no files");
        let full =
            r#"{"files":[],"test_instructions":"cargo test","risks":[],"followups":[],"extra":1}"#;
        assert!(validate("backend-architect", &obj(full)).is_ok());
        let cases = [
            (r#"{"files": "a.rs"}"#, "execution result `files` must be a JSON array"),
            (
                r#"{"files": [], "test_instructions": []}"#,
                "execution result `test_instructions` must be a string",
            ),
            (r#"{"files": [], "risks": "none"}"#, "execution result `risks` must be a JSON array"),
            (
                r#"{"files": [], "followups": 3}"#,
                "execution result `followups` must be a JSON array",
            ),
        ];
        for (text, message) in cases {
            assert_eq!(validate("backend-architect", &obj(text)).expect_err(text), message);
        }
    }

    #[test]
    fn review_contract_and_schema_roles_have_their_own_shapes() {
        assert!(validate(
            "code-reviewer",
            &obj(r#"{"findings": [], "accept_with_changes": true}"#)
        )
        .is_ok());
        assert_eq!(
            validate(
                "code-reviewer",
                &obj(r#"{"findings": [{"severity": "major", "finding": "x"}]}"#)
            )
            .expect_err("severity"),
            "execution result `findings[0].severity` must be blocker, should-fix or nit"
        );
        assert!(
            validate("code-reviewer", &obj(r#"{"files": []}"#)).is_err(),
            "files alone is not a review"
        );
        let migration =
            r#"{"migration": {"filename": "V2__x.sql", "up_sql": "CREATE", "down_sql": "DROP"}}"#;
        assert!(validate("db-schema-designer", &obj(migration)).is_ok());
        assert_eq!(
            validate("db-schema-designer", &obj(r#"{"migration": {"filename": "x"}}"#))
                .expect_err("up"),
            "execution result `migration.up_sql` must be a string"
        );
        assert!(validate(
            "api-contract-writer",
            &obj(r#"{"endpoints": [{"method": "GET", "path": "/x"}]}"#)
        )
        .is_ok());
        assert_eq!(
            validate("api-contract-writer", &obj(r#"{"endpoints": [{"method": "GET"}]}"#))
                .expect_err("path"),
            "execution result `endpoints[0].path` must be a string"
        );
        assert_eq!(
            validate("api-contract-writer", &obj(r#"{"endpoints": [], "breaking_change": "no"}"#))
                .expect_err("bool"),
            "execution result `breaking_change` must be true or false"
        );
    }

    #[test]
    fn every_task_role_has_a_contract() {
        for role in super::super::roles::catalog().task_roles() {
            assert!(schema(&role.id).is_some(), "{} has no result contract", role.id);
        }
        assert!(writes_files("test-writer") && !writes_files("code-reviewer"));
    }
}
