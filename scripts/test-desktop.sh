#!/usr/bin/env bash
# Desktop smoke test: builds the Tauri shell, opens its real window under Xvfb,
# and checks that
#   1. a window titled "Backorder Desk" appears,
#   2. the page rendered (the masthead's brand blue is on screen),
#   3. the page's app_info call over IPC succeeded (the status light is green),
# then leaves a screenshot in target/screenshots/desktop.png. Exits non-zero
# when any check fails. Needs what scripts/setup.sh installs.
#
#   bash scripts/test-desktop.sh            # debug build
#   PROFILE=release bash scripts/test-desktop.sh
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TITLE="Backorder Desk"
WINDOW_TIMEOUT="${WINDOW_TIMEOUT:-60}"   # seconds to wait for the window
RENDER_TIMEOUT="${RENDER_TIMEOUT:-30}"   # seconds to wait for the page after it
BRAND_BLUE="31,78,121"                   # #1f4e79, ui/src/style.css .masthead
STATUS_GREEN="29,122,58"                 # #1d7a3a, ui/src/style.css .status.ok::before

inside_xvfb() {
    local bin="$1" shots="$2" log="$2/desktop.log"
    local ppm="$shots/desktop.ppm" png="$shots/desktop.png"

    "$bin" >"$log" 2>&1 &
    APP_PID=$!
    local app=$APP_PID
    # End the app we started (by its id) whatever happens below.
    trap 'kill "$APP_PID" 2>/dev/null || true; wait "$APP_PID" 2>/dev/null || true' EXIT

    local waited=0 window=""
    while [ -z "$window" ]; do
        if ! kill -0 "$app" 2>/dev/null; then
            echo "test-desktop: the app exited before showing a window; its output:" >&2
            cat "$log" >&2
            return 1
        fi
        if [ "$waited" -ge "$WINDOW_TIMEOUT" ]; then
            echo "test-desktop: no window titled '$TITLE' after ${WINDOW_TIMEOUT}s; its output:" >&2
            cat "$log" >&2
            return 1
        fi
        window="$(xdotool search --onlyvisible --name "^${TITLE}\$" 2>/dev/null | head -n1 || true)"
        [ -n "$window" ] || { sleep 1; waited=$((waited + 1)); }
    done
    echo "test-desktop: window '$TITLE' is up (id $window) after ~${waited}s"
    xwininfo -id "$window" | grep -E 'Width|Height' | sed 's/^ */test-desktop:   /'

    # Poll screenshots until the page shows its green "connected" light.
    local blue=0 green=0 counts
    waited=0
    while :; do
        sleep 1
        waited=$((waited + 1))
        import -window root -depth 8 "ppm:$ppm"
        counts="$(python3 - "$ppm" "$BRAND_BLUE" "$STATUS_GREEN" <<'PY'
import sys
path, *colors = sys.argv[1:]
data = open(path, "rb").read()
# binary PPM (P6): magic, width, height, maxval, then RGB bytes
fields, pos = [], 0
while len(fields) < 4:
    while data[pos:pos + 1].isspace():
        pos += 1
    if data[pos:pos + 1] == b"#":
        pos = data.index(b"\n", pos)
        continue
    end = pos
    while not data[end:end + 1].isspace():
        end += 1
    fields.append(data[pos:end])
    pos = end
pos += 1
assert fields[0] == b"P6" and fields[3] == b"255", fields
pixels = data[pos:]
wanted = [tuple(map(int, c.split(","))) for c in colors]
counts = dict.fromkeys(wanted, 0)
for rgb in zip(pixels[0::3], pixels[1::3], pixels[2::3]):
    if rgb in counts:
        counts[rgb] += 1
print(" ".join(str(counts[c]) for c in wanted))
PY
)"
        read -r blue green <<<"$counts"
        if [ "$green" -ge 50 ] || [ "$waited" -ge "$RENDER_TIMEOUT" ]; then
            break
        fi
    done
    /usr/bin/convert "$ppm" "$png" 2>/dev/null || import -window root "$png"
    rm -f "$ppm"
    echo "test-desktop: screenshot $png (brand-blue pixels: $blue, status-green pixels: $green)"

    if ! kill -0 "$app" 2>/dev/null; then
        echo "test-desktop: the app died while rendering; its output:" >&2
        cat "$log" >&2
        return 1
    fi
    if [ "$blue" -lt 1000 ]; then
        echo "test-desktop: the window is up but the page did not render (no masthead)" >&2
        cat "$log" >&2
        return 1
    fi
    if [ "$green" -lt 50 ]; then
        echo "test-desktop: the page rendered but app_info over IPC did not succeed (no green status light)" >&2
        cat "$log" >&2
        return 1
    fi
    echo "test-desktop: ok: window up, page rendered, app_info answered over IPC"
}

if [ "${1:-}" = "--inside-xvfb" ]; then
    shift
    inside_xvfb "$@"
    exit
fi

cd "$ROOT"
for tool in xvfb-run xdotool xwininfo import python3; do
    command -v "$tool" >/dev/null || { echo "test-desktop: $tool not found: run scripts/setup.sh" >&2; exit 1; }
done
[ -f ui/dist/index.html ] || { echo "test-desktop: ui/dist missing: run scripts/setup.sh" >&2; exit 1; }

PROFILE="${PROFILE:-debug}"
if [ "$PROFILE" = "release" ]; then
    cargo build -p bodesk-desktop --release
else
    cargo build -p bodesk-desktop
fi
TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
BIN="$TARGET_DIR/$PROFILE/bodesk-desktop"
SHOTS="$ROOT/target/screenshots"
mkdir -p "$SHOTS"
rm -f "$SHOTS/desktop.png"

# No session bus under Xvfb: keep GTK/WebKit from looking for one, and use
# WebKit's non-DMA-BUF path, which works on a plain X server without a GPU.
export NO_AT_BRIDGE=1
export WEBKIT_DISABLE_DMABUF_RENDERER=1
xvfb-run -a -s "-screen 0 1280x800x24" bash "$0" --inside-xvfb "$BIN" "$SHOTS"
