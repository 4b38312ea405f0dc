//! Keeps `ui/src/gen/types.ts` and `ui/src/gen/commands.ts` equal to what the Rust side generates. Run with
//! `ANPM_WRITE_TYPES=1` (`just gen-types`) to rewrite them.

use std::path::Path;

#[test]
fn generated_typescript_is_current() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let files = [
        (anpm_shell::bindings::TYPES_PATH, anpm_shell::bindings::typescript()),
        (anpm_shell::bindings::COMMANDS_PATH, anpm_shell::bindings::commands_typescript()),
    ];
    for (relative, expected) in files {
        let path = root.join(relative);
        if std::env::var_os("ANPM_WRITE_TYPES").is_some() {
            std::fs::create_dir_all(path.parent().expect("gen dir has a parent"))
                .expect("creating ui/src/gen");
            std::fs::write(&path, &expected).expect("writing the generated file");
            continue;
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == expected,
            "{relative} is stale: run `just gen-types` and commit the result"
        );
    }
}
