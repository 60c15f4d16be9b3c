//! IPC commands: deserialize, call the api, map the error. Nothing else.
//!
//! `app_info` is a placeholder until the api crate's façade is wired in.

use serde::Serialize;

/// What the page shows in "About this build".
#[derive(Debug, Clone, Serialize)]
pub struct AppInfo {
    pub name: String,
    pub version: String,
}

/// The product name from `tauri.conf.json` and the crate's version.
#[tauri::command]
pub fn app_info(app: tauri::AppHandle) -> AppInfo {
    let package = app.package_info();
    AppInfo {
        name: package.name.clone(),
        version: package.version.to_string(),
    }
}
