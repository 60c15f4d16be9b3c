#!/usr/bin/env bash
# Installs what building and testing Backorder Desk needs on Debian 12, then
# builds the web front end (ui/dist). Idempotent: installs only what is
# missing, runs `apt-get update` at most once, skips `npm ci` when ui/
# node_modules matches the lockfile. Run as root, or as a user with sudo.
#
#   bash scripts/setup.sh
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

if [ "$(id -u)" -eq 0 ]; then
    SUDO=()
else
    command -v sudo >/dev/null || { echo "setup.sh: not root and no sudo" >&2; exit 1; }
    SUDO=(sudo)
fi

# Build: the desktop shell (Tauri 2 / WebKitGTK) and -sys crates.
# Test: Xvfb + xauth for a real window, WebKitWebDriver (webkit2gtk-driver)
# for tauri-driver to drive it, dbus-daemon (dbus-run-session) for the
# single-instance check, xdotool and x11-utils to find it, imagemagick to
# screenshot it, fonts so the page has glyphs, sqlite3 and curl for the CLI
# and HTTP suites, chromium for the real-browser suite (driven by
# playwright-core from ui/node_modules).
PACKAGES=(
    libwebkit2gtk-4.1-dev
    build-essential
    pkg-config
    file
    xvfb
    xauth
    webkit2gtk-driver
    dbus-daemon
    x11-utils
    xdotool
    imagemagick
    fonts-dejavu-core
    sqlite3
    curl
    chromium
)

is_installed() {
    dpkg -s "$1" 2>/dev/null | grep -q '^Status: install ok installed$'
}

missing=()
for package in "${PACKAGES[@]}"; do
    is_installed "$package" || missing+=("$package")
done

APT_UPDATED=0
apt_install() {
    if [ "$APT_UPDATED" -eq 0 ]; then
        "${SUDO[@]}" apt-get update -q
        APT_UPDATED=1
    fi
    "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@"
}

if [ "${#missing[@]}" -gt 0 ]; then
    echo "setup.sh: installing ${missing[*]}"
    apt_install "${missing[@]}"
else
    echo "setup.sh: system packages already installed"
fi

# Node.js: Vite 7 needs ^20.19 or >=22.12. Debian 12's own nodejs is 18, so a
# machine without a newer Node cannot build the UI; say so plainly.
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    echo "setup.sh: installing Debian's nodejs and npm"
    apt_install nodejs npm
fi
if ! node -e '
    const [major, minor] = process.versions.node.split(".").map(Number);
    process.exit((major === 20 && minor >= 19) || (major === 22 && minor >= 12) || major > 22 ? 0 : 1);
'; then
    echo "setup.sh: Node.js $(node --version) is too old for Vite 7 (needs ^20.19 or >=22.12)" >&2
    exit 1
fi

command -v cargo >/dev/null || echo "setup.sh: warning: cargo not found; install Rust stable with rustup" >&2

# tauri-driver: the WebDriver bridge the real-window test drives the app
# through (scripts/test-desktop.sh). Built once into ~/.cargo/bin.
export PATH="$HOME/.cargo/bin:$PATH"
if command -v cargo >/dev/null && ! command -v tauri-driver >/dev/null; then
    echo "setup.sh: installing tauri-driver"
    cargo install tauri-driver --version ^2 --locked
fi

# Front end: dependencies from the lockfile, then ui/dist (the desktop build
# embeds it, so it must exist before `cargo build -p bodesk-desktop`).
cd "$ROOT/ui"
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    npm ci --no-audit --no-fund
else
    echo "setup.sh: ui/node_modules up to date"
fi
npm run build
echo "setup.sh: done"
