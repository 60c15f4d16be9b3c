#!/usr/bin/env bash
# Real-window test of the desktop app under Xvfb. Builds the Tauri shell and
# the CLI (debug by default), then:
#   1. drives the app with tauri-driver + WebKitWebDriver over plain WebDriver
#      HTTP (tests/desktop/drive.mjs): a fresh working set, the demo loaded,
#      the figures on screen and over IPC equal `bodesk kpi --json`, one
#      drill-down, plugin commands the page was not granted refused; under
#      its own D-Bus session with `dbus-monitor` watching
#      org.freedesktop.Notifications, the desktop notification the shell
#      sends for the demo's new alerts (the `Notify` call, summary and body);
#   2. window state: a saved size and position is restored on the next start;
#   3. single instance: under a D-Bus session a second launch hands over to
#      the first and exits, leaving one window;
#   4. a working set that cannot be opened gives a clear message, not a panic.
# Screenshots land in target/screenshots/ (desktop.png is the page at the
# end). Exits non-zero when any check fails. Needs what scripts/setup.sh
# installs (xvfb, webkit2gtk-driver, tauri-driver, xdotool, imagemagick).
#
#   bash scripts/test-desktop.sh            # debug build
#   PROFILE=release bash scripts/test-desktop.sh
#   REQUIRE_UI=0 bash scripts/test-desktop.sh   # tolerate a UI without the data-testid contract
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TITLE="Backorder Desk"
WINDOW_TIMEOUT="${WINDOW_TIMEOUT:-60}"   # seconds to wait for a window

PIDS=()
cleanup() {
    local pid
    for pid in "${PIDS[@]}"; do
        kill "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
}

# Waits for a visible window titled $TITLE of process $1; prints its X id.
wait_window() {
    local pid="$1" log="$2" waited=0 window=""
    while [ -z "$window" ]; do
        if ! kill -0 "$pid" 2>/dev/null; then
            echo "test-desktop: the app exited before showing a window; its output:" >&2
            cat "$log" >&2
            return 1
        fi
        if [ "$waited" -ge "$WINDOW_TIMEOUT" ]; then
            echo "test-desktop: no window titled '$TITLE' after ${WINDOW_TIMEOUT}s; its output:" >&2
            cat "$log" >&2
            return 1
        fi
        window="$(xdotool search --onlyvisible --pid "$pid" --name "^${TITLE}\$" 2>/dev/null | head -n1 || true)"
        [ -n "$window" ] || { sleep 1; waited=$((waited + 1)); }
    done
    echo "$window"
}

geometry() {  # "WIDTHxHEIGHT+X+Y" of X window $1
    xwininfo -id "$1" | awk '
        /Absolute upper-left X/ {x=$NF} /Absolute upper-left Y/ {y=$NF}
        /^ *Width/ {w=$NF} /^ *Height/ {h=$NF}
        END {printf "%sx%s+%s+%s\n", w, h, x, y}'
}

# 2. Window state: write the plugin's file, start, and find the window there.
check_window_state() {
    local bin="$1" work="$2"
    local config="$work/config" log="$work/window-state.log"
    mkdir -p "$config/com.backorderdesk.desktop"
    cat >"$config/com.backorderdesk.desktop/.window-state.json" <<'JSON'
{"main":{"width":1000,"height":640,"x":40,"y":30,"prev_x":40,"prev_y":30,"maximized":false,"visible":true,"decorated":true,"fullscreen":false}}
JSON
    XDG_CONFIG_HOME="$config" BODESK_DB="$work/state.sqlite" "$bin" >"$log" 2>&1 &
    local pid=$!
    PIDS+=("$pid")
    local window size
    window="$(wait_window "$pid" "$log")"
    sleep 1
    size="$(geometry "$window")"
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    case "$size" in
        1000x640+*)
            echo "test-desktop: ok: the saved window size came back ($size; 1280x800 without it)" ;;
        *)
            echo "test-desktop: FAIL: the window did not restore its saved size 1000x640: $size" >&2
            cat "$log" >&2
            return 1 ;;
    esac
}

# 3. Single instance (needs a D-Bus session: run under dbus-run-session).
check_single_instance() {
    local bin="$1" work="$2"
    local first_log="$work/first.log" second_log="$work/second.log"
    XDG_CONFIG_HOME="$work/config-si" BODESK_DB="$work/si.sqlite" "$bin" >"$first_log" 2>&1 &
    local first=$!
    PIDS+=("$first")
    wait_window "$first" "$first_log" >/dev/null
    local started=$SECONDS
    set +e
    XDG_CONFIG_HOME="$work/config-si" BODESK_DB="$work/si.sqlite" timeout 30 "$bin" >"$second_log" 2>&1
    local status=$?
    set -e
    local windows
    windows="$(xdotool search --onlyvisible --name "^${TITLE}\$" 2>/dev/null | wc -l)"
    if [ "$status" -ne 0 ] || ! kill -0 "$first" 2>/dev/null || [ "$windows" -ne 1 ]; then
        echo "test-desktop: FAIL: single instance: second launch exit $status after $((SECONDS - started))s, $windows window(s), first alive: $(kill -0 "$first" 2>/dev/null && echo yes || echo no)" >&2
        cat "$second_log" >&2
        return 1
    fi
    echo "test-desktop: ok: a second launch handed over to the first and exited in $((SECONDS - started))s; one window"
    kill "$first" 2>/dev/null || true
    wait "$first" 2>/dev/null || true
}

# 4. A working set that cannot be opened: a message, a non-zero exit, no panic.
check_open_failure() {
    local bin="$1" work="$2" shots="$3"
    local log="$work/open-failure.log"
    mkdir -p "$work/not-a-db.sqlite"   # a folder where the file should be
    XDG_CONFIG_HOME="$work/config-fail" "$bin" --db "$work/not-a-db.sqlite" >"$log" 2>&1 &
    local pid=$!
    PIDS+=("$pid")
    local waited=0 dialog=""
    while [ -z "$dialog" ] && [ "$waited" -lt "$WINDOW_TIMEOUT" ] && kill -0 "$pid" 2>/dev/null; do
        dialog="$(xdotool search --onlyvisible --name "cannot start" 2>/dev/null | head -n1 || true)"
        [ -n "$dialog" ] || { sleep 1; waited=$((waited + 1)); }
    done
    [ -z "$dialog" ] || { sleep 1; import -window root "$shots/desktop-open-failure.png" || true; }
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    if [ -z "$dialog" ] || ! grep -q "cannot open its working set" "$log" || grep -q "panicked" "$log"; then
        echo "test-desktop: FAIL: an unopenable working set did not give a clear message (dialog: ${dialog:-none}); output:" >&2
        cat "$log" >&2
        return 1
    fi
    echo "test-desktop: ok: an unopenable working set shows an error dialog ($(head -n1 "$log" | cut -c1-100)…)"
}

# 1. The WebDriver checks (tests/desktop/drive.mjs). With NOTIFY_LOG set,
# dbus-monitor records the Notifications interface on this session bus to it
# (no notification server: the method call is observed on the bus itself).
drive() {
    local bin="$1" cli="$2" shots="$3" work="$4"
    trap cleanup EXIT
    if [ -n "${NOTIFY_LOG:-}" ]; then
        dbus-monitor --session "interface='org.freedesktop.Notifications'" >"$NOTIFY_LOG" 2>&1 &
        PIDS+=("$!")
        sleep 0.5
    fi
    APP="$bin" BODESK="$cli" SHOTS="$shots" WORK="$work/drive" \
        XDG_CONFIG_HOME="$work/drive/config" XDG_DATA_HOME="$work/drive/data" \
        node "$ROOT/tests/desktop/drive.mjs"
}

inside_xvfb() {
    local bin="$1" cli="$2" shots="$3" work="$4"
    trap cleanup EXIT
    if command -v dbus-run-session >/dev/null && command -v dbus-monitor >/dev/null; then
        NOTIFY_LOG="$work/notifications.log" dbus-run-session -- bash "$0" --drive "$bin" "$cli" "$shots" "$work"
    else
        echo "test-desktop: no dbus-run-session/dbus-monitor: the desktop notification is not checked"
        drive "$bin" "$cli" "$shots" "$work"
    fi
    check_window_state "$bin" "$work"
    check_open_failure "$bin" "$work" "$shots"
    if command -v dbus-run-session >/dev/null; then
        dbus-run-session -- bash "$0" --single-instance "$bin" "$work"
    else
        echo "test-desktop: skipped single instance: no dbus-run-session"
    fi
}

case "${1:-}" in
    --inside-xvfb) shift; inside_xvfb "$@"; exit ;;
    --drive) shift; drive "$@"; exit ;;
    --single-instance) shift; trap cleanup EXIT; check_single_instance "$@"; exit ;;
esac

cd "$ROOT"
export PATH="$HOME/.cargo/bin:$PATH"
for tool in xvfb-run xdotool xwininfo import node tauri-driver WebKitWebDriver; do
    command -v "$tool" >/dev/null || { echo "test-desktop: $tool not found: run scripts/setup.sh" >&2; exit 1; }
done
[ -f ui/dist/index.html ] || { echo "test-desktop: ui/dist missing: run scripts/setup.sh" >&2; exit 1; }

PROFILE="${PROFILE:-debug}"
PROFILE_FLAG=()
[ "$PROFILE" = "release" ] && PROFILE_FLAG=(--release)
# One package per cargo call: built together, their features would unify and
# rebuild the shared dependencies that `cargo test` and `cargo build -p
# bodesk-desktop` have already built.
cargo build --locked "${PROFILE_FLAG[@]}" -p bodesk-cli
cargo build --locked "${PROFILE_FLAG[@]}" -p bodesk-desktop
TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
BIN="$TARGET_DIR/$PROFILE/bodesk-desktop"
CLI="$TARGET_DIR/$PROFILE/bodesk"
SHOTS="$ROOT/target/screenshots"
mkdir -p "$SHOTS"
rm -f "$SHOTS"/desktop*.png
WORK="$(mktemp -d "${TMPDIR:-/tmp}/bodesk-desktop-test.XXXXXX")"
mkdir -p "$WORK/drive"
trap 'rm -rf "$WORK"' EXIT

# No accessibility bus under Xvfb: keep GTK from looking for one, and use
# WebKit's non-DMA-BUF path, which works on a plain X server without a GPU.
# Nothing here may touch the user's own config or working set.
export NO_AT_BRIDGE=1
export WEBKIT_DISABLE_DMABUF_RENDERER=1
export XDG_CONFIG_HOME="$WORK/config" XDG_DATA_HOME="$WORK/data"
# No D-Bus session either, so single instance never hands a test run over to
# an app the user has open; the single-instance check brings its own session.
export DBUS_SESSION_BUS_ADDRESS="unix:path=$WORK/no-session-bus"
xvfb-run -a -s "-screen 0 1280x800x24" bash "$0" --inside-xvfb "$BIN" "$CLI" "$SHOTS" "$WORK"
echo "test-desktop: all desktop checks passed"
