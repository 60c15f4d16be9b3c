//! The desktop notification of new SLA alerts: after every job that commits
//! an import (or loads the demo), the api crate hands the shell an
//! [`ImportNotice`] (`App::on_import_committed`); when the import raised
//! alerts, the shell shows "Backorder Desk: 12 new SLA alerts" with the
//! levels and the as-of date through `tauri-plugin-notification`, called
//! from Rust only. The page has no notification permission (the capability
//! grants none), so it cannot send notifications of its own.

use bodesk_api::notice::ImportNotice;
use tauri::{AppHandle, Runtime};
use tauri_plugin_notification::NotificationExt;

/// Shows the notice as a desktop notification when it has new alerts.
pub fn show_new_alerts<R: Runtime>(app: &AppHandle<R>, notice: &ImportNotice) {
    if notice.new_alerts() == 0 {
        return;
    }
    let shown = app
        .notification()
        .builder()
        .title(notice.title())
        .body(notice.body())
        .show();
    if let Err(error) = shown {
        eprintln!("bodesk-desktop: the new-alerts notification was not shown: {error}");
    }
}
