//! Keeps `ui/src/gen/types.ts` equal to what the Rust types generate. Run with `ANPM_WRITE_TYPES=1`
//! (`just gen-types`) to rewrite the file.

use std::path::Path;

#[test]
fn generated_typescript_is_current() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(anpm_shell::bindings::TYPES_PATH);
    let expected = anpm_shell::bindings::typescript();
    if std::env::var_os("ANPM_WRITE_TYPES").is_some() {
        std::fs::create_dir_all(path.parent().expect("gen dir has a parent"))
            .expect("creating ui/src/gen");
        std::fs::write(&path, &expected).expect("writing the generated types");
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == expected,
        "{} is stale: run `just gen-types` and commit the result",
        anpm_shell::bindings::TYPES_PATH
    );
}
