# Shared by scripts/e2e and scripts/bench-ui (sourced, not run): the tools that drive the real webview
# (WebKitWebDriver through tauri-driver, under Xvfb, from Python selenium) and a throwaway git repository
# for the app to work on.

# Checks the apt tools, installs tauri-driver and a selenium venv when missing, and sets WEBVIEW_PYTHON.
webview_tools() {
  command -v WebKitWebDriver >/dev/null || { echo "WebKitWebDriver is missing (apt: webkit2gtk-driver)" >&2; return 1; }
  command -v xvfb-run >/dev/null || { echo "xvfb-run is missing (apt: xvfb)" >&2; return 1; }
  local cargo_bin="${CARGO_HOME:-$HOME/.cargo}/bin"
  export PATH="$cargo_bin:$PATH"
  if ! command -v tauri-driver >/dev/null; then
    printf '\033[1m==> %s\033[0m\n' "installing tauri-driver" >&2
    cargo install tauri-driver --locked --version '^2'
  fi
  local venv="${XDG_CACHE_HOME:-$HOME/.cache}/anpm-e2e/venv"
  if ! "$venv/bin/python" -c 'import selenium' 2>/dev/null; then
    printf '\033[1m==> %s\033[0m\n' "installing selenium into $venv" >&2
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check 'selenium>=4.20,<5'
  fi
  export WEBVIEW_PYTHON="$venv/bin/python"
}

# Creates a one-commit git repository at $1 with a README and a Rust file.
demo_repo() {
  local repo=$1
  mkdir -p "$repo/src"
  git -C "$repo" init -q
  printf '# demo\n\nA login form that needs a rate limiter.\n' > "$repo/README.md"
  printf 'pub fn login() {}\n' > "$repo/src/lib.rs"
  git -C "$repo" add -A
  git -C "$repo" -c user.name=e2e -c user.email=e2e@localhost commit -qm init
}

# Runs "$@" under a fresh Xvfb display with tauri-driver listening on 127.0.0.1:4444; its log goes to
# $WEBVIEW_LOG and its tail is printed when the command fails.
with_webdriver() {
  WEBVIEW_CMD=$(printf '%q ' "$@") xvfb-run -a -s "-screen 0 1280x800x24" bash -c '
    tauri-driver --port 4444 >"$WEBVIEW_LOG" 2>&1 &
    driver=$!
    for _ in $(seq 100); do
      (echo > /dev/tcp/127.0.0.1/4444) 2>/dev/null && break
      sleep 0.1
    done
    rc=0
    eval "$WEBVIEW_CMD" || rc=$?
    kill $driver 2>/dev/null || true
    wait $driver 2>/dev/null || true
    if [ $rc -ne 0 ]; then echo "--- tauri-driver log ---" >&2; tail -50 "$WEBVIEW_LOG" >&2; fi
    exit $rc
  '
}
