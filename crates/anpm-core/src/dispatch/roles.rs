//! The role catalog: the execution roles a task can be dispatched as, read from the frontmatter of the
//! prompt files under `prompts/roles/` (task roles) and `prompts/meta/` (internal roles such as the
//! dispatcher). The files are embedded, so the binary's catalog cannot drift from its prompts.

use std::sync::OnceLock;

use serde::Serialize;
use ts_rs::TS;

use crate::prompts as prompt;
use crate::{Error, Result};

/// Whether a role runs tasks or serves anpm itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum RoleCategory {
    /// A role tasks can be dispatched as.
    Role,
    /// An internal role (the dispatcher); never a task's role.
    Meta,
}

/// One catalog entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Role {
    pub id: String,
    pub title: String,
    pub version: u32,
    pub use_case: String,
    pub category: RoleCategory,
    pub default_timeout_sec: u64,
    #[serde(skip)]
    #[ts(skip)]
    pub prompt: &'static str,
}

/// The loaded catalog.
#[derive(Debug)]
pub struct Catalog {
    roles: Vec<Role>,
}

/// The catalog embedded in this binary.
pub fn catalog() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(|| {
        Catalog::parse(&prompt::role_files().collect::<Vec<_>>()).expect("invariant: the embedded role prompts have valid frontmatter")
    })
}

impl Catalog {
    /// Builds a catalog from `(path, text)` prompt files.
    pub fn parse(files: &[(&'static str, &'static str)]) -> std::result::Result<Self, String> {
        let mut roles = Vec::new();
        for (path, text) in files {
            let template = prompt::parse(path, text);
            let field = |key: &str| {
                template
                    .frontmatter
                    .get(key)
                    .cloned()
                    .ok_or_else(|| format!("{path}: frontmatter has no `{key}`"))
            };
            let category = match field("category")?.as_str() {
                "role" => RoleCategory::Role,
                "meta" => RoleCategory::Meta,
                other => return Err(format!("{path}: unknown category `{other}`")),
            };
            let role = Role {
                id: field("role_id")?,
                title: field("title")?,
                version: field("version")?.parse().map_err(|e| format!("{path}: version: {e}"))?,
                use_case: field("use_case")?,
                category,
                default_timeout_sec: field("default_timeout_sec")?
                    .parse()
                    .map_err(|e| format!("{path}: default_timeout_sec: {e}"))?,
                prompt: template.body,
            };
            if role.default_timeout_sec == 0 {
                return Err(format!("{path}: default_timeout_sec must be positive"));
            }
            roles.push(role);
        }
        Ok(Self { roles })
    }

    /// Any role, task or meta, by exact (case-sensitive) id.
    pub fn get(&self, id: &str) -> Option<&Role> {
        self.roles.iter().find(|r| r.id == id)
    }

    /// True for an exact id of any role.
    #[cfg(test)]
    pub fn is_known(&self, id: &str) -> bool {
        self.get(id).is_some()
    }

    /// The roles tasks can be dispatched as, by id.
    pub fn task_roles(&self) -> Vec<&Role> {
        let mut roles: Vec<&Role> =
            self.roles.iter().filter(|r| r.category == RoleCategory::Role).collect();
        roles.sort_by(|a, b| a.id.cmp(&b.id));
        roles
    }

    /// Resolves `id` as a task role, refusing unknown ids (listing the valid ones) and meta roles.
    pub fn task_role(&self, id: &str) -> Result<&Role> {
        let known =
            || self.task_roles().iter().map(|r| r.id.as_str()).collect::<Vec<_>>().join(", ");
        match self.get(id) {
            Some(role) if role.category == RoleCategory::Role => Ok(role),
            Some(_) => Err(Error::invalid(
                "role",
                format!("`{id}` is an internal role; choose one of: {}", known()),
            )),
            None => Err(Error::invalid(
                "role",
                format!("unknown role `{id}`; choose one of: {}", known()),
            )),
        }
    }

    /// Every role, task roles first.
    #[cfg(test)]
    pub fn all(&self) -> &[Role] {
        &self.roles
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;
    use std::path::Path;

    use super::*;

    #[test]
    fn the_catalog_has_the_six_task_roles_and_the_dispatcher() {
        let expected = [
            ("api-contract-writer", 1800),
            ("backend-architect", 5400),
            ("code-reviewer", 900),
            ("db-schema-designer", 2700),
            ("test-writer", 1200),
            ("ui-scaffolder", 2700),
        ];
        let roles: Vec<(&str, u64)> =
            catalog().task_roles().iter().map(|r| (r.id.as_str(), r.default_timeout_sec)).collect();
        assert_eq!(roles, expected);
        let dispatcher = catalog().get("dispatcher").expect("dispatcher");
        assert_eq!((dispatcher.category, dispatcher.default_timeout_sec), (RoleCategory::Meta, 60));
    }

    #[test]
    fn ids_are_exact_and_case_sensitive() {
        let c = catalog();
        assert!(c.is_known("backend-architect") && c.is_known("code-reviewer"));
        for bad in ["Backend-Architect", "../../../etc/passwd", "", "nonexistent"] {
            assert!(!c.is_known(bad), "{bad}");
            assert_eq!(c.task_role(bad).expect_err(bad).code(), crate::ErrorCode::InvalidInput);
        }
        let meta = c.task_role("dispatcher").expect_err("meta");
        assert!(meta.to_string().contains("internal role"), "{meta}");
    }

    #[test]
    fn the_catalog_matches_the_prompt_files_on_disk() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../prompts");
        let mut on_disk = BTreeSet::new();
        for dir in ["roles", "meta"] {
            for entry in std::fs::read_dir(root.join(dir)).expect("prompt dir") {
                let path = entry.expect("entry").path();
                if path.extension().is_some_and(|e| e == "md") {
                    let name = path.file_stem().expect("stem").to_string_lossy().into_owned();
                    let text = std::fs::read_to_string(&path).expect("utf-8");
                    let template = prompt::parse("disk", Box::leak(text.into_boxed_str()));
                    assert_eq!(
                        template.frontmatter.get("role_id"),
                        Some(&name),
                        "{} is named after its role_id",
                        path.display()
                    );
                    let expected_category = if dir == "roles" { "role" } else { "meta" };
                    assert_eq!(
                        template.frontmatter.get("category").map(String::as_str),
                        Some(expected_category)
                    );
                    let embedded = catalog()
                        .get(&name)
                        .unwrap_or_else(|| panic!("{name} is on disk but not embedded"));
                    assert_eq!(template.frontmatter.get("title"), Some(&embedded.title));
                    assert_eq!(template.frontmatter.get("use_case"), Some(&embedded.use_case));
                    on_disk.insert(name);
                }
            }
        }
        let embedded: BTreeSet<String> = catalog().all().iter().map(|r| r.id.clone()).collect();
        assert_eq!(
            on_disk, embedded,
            "every prompt file is embedded and every embedded role has a file"
        );
    }

    #[test]
    fn bad_frontmatter_is_reported() {
        let err = Catalog::parse(&[(
            "roles/x.md",
            "---\nrole_id: x\ntitle: X\ncategory: role\nversion: 1\nuse_case: u\n---\nbody",
        )])
        .expect_err("missing timeout");
        assert!(err.contains("default_timeout_sec"), "{err}");
    }
}
