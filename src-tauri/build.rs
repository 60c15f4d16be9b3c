//! Reads `../tauri.conf.json` (the config lives at the repo root, beside the
//! workspace manifest) and `capabilities/`, and prepares the context that
//! `tauri::generate_context!("../tauri.conf.json")` embeds, with `ui/dist`.

use std::path::Path;

fn main() {
    // The page is embedded at compile time: rebuild when it changes, and say
    // how to make it when it is missing (tauri-build's own panic is terse).
    println!("cargo:rerun-if-changed=../ui/dist");
    if !Path::new("../ui/dist/index.html").is_file() {
        panic!(
            "ui/dist/index.html is missing: build the web front end first \
             (`bash scripts/setup.sh`, or `npm ci && npm run build` in ui/)"
        );
    }

    // The app's own commands are listed here, so each needs an `allow-<name>`
    // permission in capabilities/ before the page may call it.
    let attributes = tauri_build::Attributes::new()
        .config_path("../tauri.conf.json")
        .app_manifest(tauri_build::AppManifest::new().commands(&["api", "pick_import_paths"]));
    if let Err(error) = tauri_build::try_build(attributes) {
        // A build script reports by panicking; `{:#}` keeps the whole cause chain.
        panic!("tauri-build failed: {error:#}");
    }
}
