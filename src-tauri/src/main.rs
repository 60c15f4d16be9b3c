//! Backorder Desk desktop shell: one Tauri window showing `ui/dist`, and thin
//! IPC commands over the api crate (see `commands`).
//!
//! Configuration is `../tauri.conf.json` (window, CSP, bundle) and
//! `capabilities/default.json` (permissions: `core:default` only, no plugins).
//! Devtools exist in debug builds only: the `tauri/devtools` feature is not
//! enabled, so a release build has none.

// No console window beside the app on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod commands;

fn main() {
    tauri::Builder::default()
        .invoke_handler(tauri::generate_handler![commands::app_info])
        .run(tauri::generate_context!("../tauri.conf.json"))
        .expect("Backorder Desk failed to start its window");
}
