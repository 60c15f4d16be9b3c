#!/usr/bin/env bash
# Builds the installable Debian package of the desktop app with the Tauri CLI
# from npm (`@tauri-apps/cli@2`, which ships its own binary; AppImage is out:
# it downloads tools).
#
#   bash scripts/package-deb.sh
#   → target/release/bundle/deb/Backorder Desk_<version>_amd64.deb
#
# Why a script and not a bare `cargo tauri build --bundles deb`: our
# tauri.conf.json lives at the repo root, beside the virtual workspace
# manifest, and the Tauri CLI takes the folder of the config as the app crate
# ("No package info in the config file"). So the CLI is pointed at src-tauri/
# (TAURI_APP_PATH) and, for the length of the build, finds the config and the
# folders it names (ui/dist, assets/) there through symlinks; the Rust build
# itself reads ../tauri.conf.json as always (src-tauri/build.rs).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

command -v npx >/dev/null || { echo "package-deb: npx not found: run scripts/setup.sh" >&2; exit 1; }
(cd ui && npm run build)

LINKS=(src-tauri/tauri.conf.json src-tauri/ui src-tauri/assets)
for link in "${LINKS[@]}"; do
    if [ -e "$link" ] && [ ! -L "$link" ]; then
        echo "package-deb: $link exists and is not our symlink; not touching it" >&2
        exit 1
    fi
done
remove_links() { rm -f "${LINKS[@]}"; }
trap remove_links EXIT
ln -sfn ../tauri.conf.json src-tauri/tauri.conf.json
ln -sfn ../ui src-tauri/ui
ln -sfn ../assets src-tauri/assets

TAURI_APP_PATH="$ROOT/src-tauri" TAURI_FRONTEND_PATH="$ROOT/ui" \
    npx --yes @tauri-apps/cli@2 build --bundles deb --ci

TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
ls -l "$TARGET_DIR"/release/bundle/deb/*.deb
