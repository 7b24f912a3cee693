#!/usr/bin/env bash
# Real-browser check: start a demo server, drive headless Chromium through the
# portal and the staff back office (scripts/browser-check.py), save screenshots.
#
#   scripts/browser-check.sh [OUT_DIR]        (default OUT_DIR: .build/screenshots)
#
# Needs the Debian packages chromium, chromium-driver, python3-selenium and
# fonts-noto-cjk, and a built gongkai binary: $GONGKAI_BIN, default
# .build/debug/gongkai under the repository root (run `swift build` first).
# Exits with the Python script's status (non-zero if the server does not start).
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out_dir="${1:-.build/screenshots}"
case "$out_dir" in /*) ;; *) out_dir="$PWD/$out_dir" ;; esac

gongkai="${GONGKAI_BIN:-$repo_root/.build/debug/gongkai}"
case "$gongkai" in /*) ;; *) gongkai="$PWD/$gongkai" ;; esac
if [[ ! -x "$gongkai" ]]; then
    echo "browser-check: gongkai binary not found at $gongkai (run 'swift build' or set GONGKAI_BIN)" >&2
    exit 2
fi

# Debian's python3 has python3-selenium; a python3 earlier on PATH (pyenv, venv) may not.
python="${PYTHON:-}"
if [[ -z "$python" ]]; then
    if [[ -x /usr/bin/python3 ]]; then python=/usr/bin/python3; else python=python3; fi
fi

mkdir -p "$out_dir"
work_dir="$(mktemp -d "${TMPDIR:-/tmp}/gongkai-browser-check.XXXXXX")"
server_log="$work_dir/server.log"
server_pid=""
check_pid=""

stop() { # stop PID: SIGTERM, then SIGKILL after 5 s
    local pid="$1"
    [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null || return 0
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    kill -9 "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
}

cleanup() {
    stop "$check_pid"   # the Python script quits its browser on SIGTERM
    stop "$server_pid"
    rm -rf "$work_dir"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# The demo database (gongkai-demo.sqlite) is created in the current directory.
(cd "$work_dir" && exec "$gongkai" serve --demo --port 0) >"$server_log" 2>&1 &
server_pid=$!

echo "browser-check: starting demo server ($gongkai) in $work_dir"
base_url=""
started=$SECONDS
while (( SECONDS - started < 180 )); do
    # 政府信息公开平台已启动：http://127.0.0.1:PORT/  （工作人员登录：…）
    base_url="$(grep -o '政府信息公开平台已启动：http://[^/ ]*/' "$server_log" 2>/dev/null | head -n1 | sed 's/^.*：//' || true)"
    [[ -n "$base_url" ]] && break
    if ! kill -0 "$server_pid" 2>/dev/null; then
        echo "browser-check: the server exited before it was ready; its output:" >&2
        cat "$server_log" >&2
        exit 1
    fi
    sleep 1
done
if [[ -z "$base_url" ]]; then
    echo "browser-check: no '政府信息公开平台已启动' line from the server within 180 s; its output:" >&2
    cat "$server_log" >&2
    exit 1
fi
echo "browser-check: server ready at $base_url after $(( SECONDS - started )) s"

# Run in the background and wait, so that a signal to this script is handled at once.
status=0
"$python" "$repo_root/scripts/browser-check.py" --base-url "$base_url" --out "$out_dir" &
check_pid=$!
wait "$check_pid" || status=$?
check_pid=""
if (( status != 0 )); then
    echo "browser-check: FAILED (exit $status); last server output:" >&2
    tail -n 20 "$server_log" >&2
fi
exit "$status"
