//! Backorder Desk desktop shell: one Tauri window showing `ui/dist`, and thin
//! IPC commands over the api crate (see `commands`).
//!
//! The working set is `--db PATH`, else the `BODESK_DB` environment
//! variable, else `bodesk_api::default_db_path()` (the same rule as the
//! `bodesk` CLI). It is opened once at startup and shared as an `Arc<App>`.
//!
//! Configuration is `../tauri.conf.json` (window, CSP, bundle) and
//! `capabilities/default.json` (permissions: the app's two commands and core
//! events; no plugin permission, so the page cannot open dialogs, read files
//! or reach the network by itself). Plugins are used from Rust only: the
//! dialog (the import picker), single instance (a second launch focuses the
//! first window) and window state (size and position remembered).
//! Notifications too: after an import job that raised SLA alerts the shell
//! shows a desktop notification itself (`notify`, `tauri-plugin-notification`
//! driven from Rust). WebKitGTK's permission requests (camera, location,
//! notifications, …) are all denied.
//! Devtools exist in debug builds only: the `tauri/devtools` feature is not
//! enabled, so a release build has none (`crates/bodesk-config-check`
//! checks it).

// No console window beside the app on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod commands;
mod notify;

use std::ffi::OsString;
use std::path::PathBuf;
use std::sync::Arc;

use bodesk_api::App;
use commands::Backend;
use tauri::webview::PermissionResponse;
use tauri::Manager;
use tauri_plugin_dialog::{DialogExt, MessageDialogKind};
use tauri_plugin_window_state::StateFlags;

/// `--db PATH` or `--db=PATH` among the arguments, else `BODESK_DB`, else the
/// default. Other arguments are ignored (WebKitWebDriver adds its own).
fn db_path(args: impl IntoIterator<Item = OsString>, env: Option<OsString>) -> PathBuf {
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        if arg == "--db" {
            if let Some(path) = args.next() {
                return PathBuf::from(path);
            }
        } else if let Some(path) = arg.to_str().and_then(|a| a.strip_prefix("--db=")) {
            return PathBuf::from(path);
        }
    }
    match env {
        Some(path) if !path.is_empty() => PathBuf::from(path),
        _ => bodesk_api::default_db_path(),
    }
}

fn main() {
    let db = db_path(std::env::args_os().skip(1), std::env::var_os("BODESK_DB"));

    let result = tauri::Builder::default()
        // First, so a second launch hands over before anything else starts.
        .plugin(tauri_plugin_single_instance::init(|app, _args, _cwd| {
            if let Some(window) = app.get_webview_window("main") {
                let _ = window.unminimize();
                let _ = window.show();
                let _ = window.set_focus();
            }
        }))
        .plugin(
            tauri_plugin_window_state::Builder::default()
                .with_state_flags(StateFlags::SIZE | StateFlags::POSITION | StateFlags::MAXIMIZED)
                .build(),
        )
        .plugin(tauri_plugin_dialog::init())
        // Shown from Rust only (`notify`); the capability grants the page
        // none of the plugin's commands.
        .plugin(tauri_plugin_notification::init())
        // The page asks for no permission it needs: WebKitGTK's requests
        // (camera, microphone, location, notifications, …) are all denied.
        .on_permission_request(|_webview, _kind| PermissionResponse::Deny)
        .setup(move |app| {
            match App::open(&db) {
                Ok(opened) => {
                    let opened = Arc::new(opened);
                    let handle = app.handle().clone();
                    opened.on_import_committed(Box::new(move |notice| {
                        notify::show_new_alerts(&handle, notice)
                    }));
                    opened.warm_up();
                    app.manage(Backend::Ready(opened));
                }
                Err(error) => {
                    let text = format!(
                        "Backorder Desk cannot open its working set\n{}\n\n{}\n\n\
                         Choose another file with --db PATH or the BODESK_DB \
                         environment variable.",
                        db.display(),
                        error.message
                    );
                    eprintln!("bodesk-desktop: {}", text.replace("\n\n", "\n"));
                    app.manage(Backend::Failed(error));
                    let handle = app.handle().clone();
                    app.dialog()
                        .message(text)
                        .title("Backorder Desk cannot start")
                        .kind(MessageDialogKind::Error)
                        .show(move |_| handle.exit(1));
                }
            }
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::api,
            commands::pick_import_paths
        ])
        .run(tauri::generate_context!("../tauri.conf.json"));

    if let Err(error) = result {
        eprintln!("bodesk-desktop: the window could not start: {error}");
        std::process::exit(1);
    }
}
