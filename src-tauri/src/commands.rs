//! IPC commands: deserialize, call the api, map the error. Nothing else.
//!
//! - `api(command, args)` is the one door to the working set: it hands the
//!   command to [`App::call`], exactly as `bodesk serve` does for
//!   `POST /api/<command>`, so the two transports mirror each other one to
//!   one by construction. It runs on a blocking thread: a long query never
//!   freezes the window.
//! - `pick_import_paths(folder)` is the only desktop-only command: the native
//!   file or folder picker, driven from Rust so the page needs no dialog
//!   permission.

use std::sync::Arc;

use bodesk_api::{ApiError, App, ErrorCode};
use serde_json::Value;
use tauri::async_runtime::spawn_blocking;
use tauri_plugin_dialog::DialogExt;

/// The working set the window shows, or why it could not be opened (every
/// `api` call then answers with that error, so the page can say it too).
pub enum Backend {
    Ready(Arc<App>),
    Failed(ApiError),
}

impl Backend {
    fn app(&self) -> Result<Arc<App>, ApiError> {
        match self {
            Backend::Ready(app) => Ok(Arc::clone(app)),
            Backend::Failed(error) => Err(error.clone()),
        }
    }
}

fn join_error(error: tauri::Error) -> ApiError {
    ApiError::new(
        ErrorCode::Internal,
        format!("the background task failed: {error}"),
    )
}

/// Runs one api command (see `bodesk_api::COMMANDS`); `args` is its JSON
/// object of arguments, absent or null for none.
#[tauri::command]
pub async fn api(
    backend: tauri::State<'_, Backend>,
    command: String,
    args: Option<Value>,
) -> Result<Value, ApiError> {
    let app = backend.app()?;
    let args = args.unwrap_or(Value::Null);
    spawn_blocking(move || app.call(&command, args))
        .await
        .map_err(join_error)?
}

/// File types the import understands (the picker also offers all files).
const EXPORT_EXTENSIONS: &[&str] = &["csv", "txt", "tsv", "tab", "dat", "lst", "CSV", "TXT"];

/// Shows the native picker over the window: one folder (`folder`) or any
/// number of export files. Returns the chosen paths, empty when cancelled.
#[tauri::command]
pub async fn pick_import_paths(
    window: tauri::Window,
    folder: bool,
) -> Result<Vec<String>, ApiError> {
    let picker = window.dialog().file().set_parent(&window);
    spawn_blocking(move || {
        let picked = if folder {
            picker
                .set_title("Import an ERP export folder")
                .blocking_pick_folder()
                .map(|path| vec![path])
                .unwrap_or_default()
        } else {
            picker
                .set_title("Import ERP export files")
                .add_filter("ERP exports", EXPORT_EXTENSIONS)
                .add_filter("All files", &["*"])
                .blocking_pick_files()
                .unwrap_or_default()
        };
        picked
            .into_iter()
            .map(|path| {
                path.into_path()
                    .map(|p| p.display().to_string())
                    .map_err(|e| ApiError::invalid(format!("the picker gave no file path: {e}")))
            })
            .collect()
    })
    .await
    .map_err(join_error)?
}
