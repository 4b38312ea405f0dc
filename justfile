# anpm's task runner. `just` lists the recipes. Fresh machines: use `scripts/dev <recipe>`, which installs
# what is missing first.

set shell := ["bash", "-euo", "pipefail", "-c"]

cargo_target := env_var_or_default("CARGO_TARGET_DIR", justfile_directory() / "target")

default:
    @just --list

# Install the UI's node modules when the lock file is newer than them.
ui-install:
    cd ui && if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then npm install --no-audit --no-fund; fi

# Type-check and bundle the UI into ui/dist (the shell embeds it).
ui-build: ui-install
    cd ui && npm run build

# Build `anpm` (the command) and `anpm-desktop` (the window, with the current UI embedded), debug.
build: ui-build
    cargo build --bins

# Build and open the desktop window (ARGS go to anpm, e.g. `just run --data-dir /tmp/d`).
run *ARGS: build
    "{{cargo_target}}/debug/anpm" {{ARGS}}

# Every test: the Rust workspace (unit, store, CLI, shell, generated types), the UI, and the end-to-end
# test in the real webview.
test: build
    cargo test --workspace --locked
    cd ui && npm test
    scripts/e2e

# Formatting and lints, as CI enforces them.
lint:
    cargo fmt --all -- --check
    cargo clippy --workspace --all-targets --locked -- -D warnings

# fmt check, clippy -D warnings, all tests (the generated-types check is one of them), UI type-check + tests.
check: lint test

# Format the Rust code.
fmt:
    cargo fmt --all

# Regenerate ui/src/gen/types.ts and commands.ts from the Rust types and the command registry.
gen-types:
    ANPM_WRITE_TYPES=1 cargo test --locked --test gen_types

# Run the benchmarks (core, then the release app in the real webview) and write docs/benchmarks.md.
bench:
    #!/usr/bin/env bash
    set -euo pipefail
    out=docs/benchmarks.md
    {
      echo "# Benchmarks"
      echo
      echo "Written by \`just bench\` (release build; \`scripts/dev bench\` installs the agent CLIs first) on"
      echo "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cores, $(uname -sm), $(date -u +%Y-%m-%d)."
      echo "Each section names what it measures and the baseline measured in the same run."
      echo
      cargo bench --locked -q -p anpm-core --bench planning
      cargo bench --locked -q -p anpm-core --bench dispatch
      cargo bench --locked -q -p anpm-core --bench activity
      cargo bench --locked -q -p anpm-core --bench listing
      cargo bench --locked -q -p anpm-core --bench knowledge
      cargo bench --locked -q -p anpm-core --bench orchestration
      cargo bench --locked -q --bench agent_overhead
      cargo bench --locked -q --bench workspaces
      (cd ui && npm run build >&2)
      cargo build --release --locked --bins >&2
      scripts/bench-ui
      scripts/bench-review
      scripts/bench-board
      # The parser fuzzing figure, from the last `just fuzz` (it takes 20 minutes, so it runs on its own).
      if [ -f docs/fuzz.md ]; then cat docs/fuzz.md; fi
    } > "$out.tmp"
    mv "$out.tmp" "$out"
    cat "$out"

# Create the next migration file: `just new-migration add_widgets`.
new-migration NAME:
    #!/usr/bin/env bash
    set -euo pipefail
    [[ "{{NAME}}" =~ ^[a-z0-9_]+$ ]] || { echo "migration names are lowercase snake_case" >&2; exit 1; }
    last=$(ls migrations | sed -E 's/^V([0-9]+)__.*/\1/' | sort -n | tail -1)
    file="migrations/V$((last + 1))__{{NAME}}.sql"
    printf -- '-- %s\n' "{{NAME}}" > "$file"
    echo "created $file"

# End-to-end test in the real webview (tauri-driver + WebKitWebDriver under Xvfb); writes docs/screenshots/.
e2e: build
    ANPM_E2E_SCREENSHOTS="{{justfile_directory()}}/docs/screenshots" scripts/e2e

# Fuzz the stream parsers, verdicts and result extraction for ANPM_FUZZ_SECS seconds each (default 600;
# release build) and write the figure to docs/fuzz.md, which `just bench` folds into docs/benchmarks.md.
fuzz:
    #!/usr/bin/env bash
    set -euo pipefail
    secs="${ANPM_FUZZ_SECS:-600}"
    log=$(mktemp)
    ANPM_FUZZ_SECS="$secs" cargo test --locked --release -p anpm-core --features testing \
      --test fuzz_parsers -- --ignored --nocapture --test-threads 1 | tee "$log"
    {
      echo
      echo "## Parser fuzzing"
      echo
      echo "\`just fuzz\` ($(date -u +%Y-%m-%d), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)): mutated real"
      echo "transcripts and random text through the four stream parsers (whole and in random pieces), the verdict,"
      echo "and result extraction with every role's schema; $secs s each."
      echo
      # The test harness prints its own words on the same line, so the figure is picked out, not the line.
      grep -o 'fuzz [a-z ]*: [0-9]* inputs in [0-9]* s, no failure' "$log" | sed 's/^/- /'
    } > docs/fuzz.md
    rm -f "$log"
    cat docs/fuzz.md
