//! The hook the desktop notification hangs on: `App::on_import_committed`
//! receives, from the job's thread, what a committed import raised — the
//! same counts `alert_summary` reports — and nothing for an import that
//! committed nothing.

mod common;

use std::path::PathBuf;
use std::sync::mpsc;
use std::time::Duration;

use bodesk_api::notice::ImportNotice;
use bodesk_api::App;
use common::wait;
use serde_json::{json, Value};

/// An app whose listener sends every notice to the returned receiver.
fn listened_app(dir: &tempfile::TempDir) -> (App, mpsc::Receiver<ImportNotice>) {
    let app = App::open(&dir.path().join("ws.sqlite")).unwrap();
    let (tx, rx) = mpsc::channel();
    let tx = std::sync::Mutex::new(tx);
    app.on_import_committed(Box::new(move |n| {
        tx.lock().unwrap().send(n.clone()).unwrap();
    }));
    (app, rx)
}

fn run_job(app: &App, command: &str, args: Value) -> Value {
    let job = app.call(command, args).unwrap();
    let done = wait(app, &job);
    assert_eq!(done["state"], "done", "{done}");
    done
}

/// The notice `alert_summary` describes now.
fn summary_notice(app: &App) -> ImportNotice {
    let s = app.call("alert_summary", Value::Null).unwrap();
    ImportNotice {
        batch_id: s["last_batch_id"].as_i64().unwrap(),
        as_of: s["last_as_of"].as_str().unwrap().to_string(),
        warning: s["raised_warning"].as_u64().unwrap(),
        breached: s["raised_breached"].as_u64().unwrap(),
        escalated: s["raised_escalated"].as_u64().unwrap(),
        reviews_opened: s["reviews_opened"].as_u64().unwrap(),
    }
}

fn received(rx: &mpsc::Receiver<ImportNotice>) -> ImportNotice {
    rx.recv_timeout(Duration::from_secs(30))
        .expect("the listener was called")
}

#[test]
fn the_demo_job_notifies_the_alerts_its_last_import_raised() {
    let dir = tempfile::tempdir().unwrap();
    let (app, rx) = listened_app(&dir);
    let done = run_job(&app, "load_demo", json!({"size": "small"}));

    let notice = received(&rx);
    assert_eq!(notice, summary_notice(&app));
    let batches = done["demo"]["batches"].as_array().unwrap();
    assert_eq!(Some(&json!(notice.batch_id)), batches.last());
    assert_eq!(notice.as_of, "2026-10-31");
    assert!(notice.breached + notice.escalated > 0, "{notice:?}");
    assert_eq!(
        notice.title(),
        format!("Backorder Desk: {} new SLA alerts", notice.new_alerts())
    );
    assert!(
        rx.recv_timeout(Duration::from_millis(300)).is_err(),
        "one notice per job"
    );
}

#[test]
fn an_import_job_notifies_once_and_a_repeat_that_changes_nothing_does_not() {
    let dir = tempfile::tempdir().unwrap();
    let (app, rx) = listened_app(&dir);
    let example = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/erp-small");
    let args = json!({"paths": [example.to_str().unwrap()]});

    let done = run_job(&app, "import_paths", args.clone());
    let notice = received(&rx);
    assert_eq!(notice, summary_notice(&app));
    assert_eq!(json!(notice.batch_id), done["import"]["batch_id"]);
    assert!(notice.new_alerts() > 0, "{notice:?}");

    let again = run_job(&app, "import_paths", args);
    assert_eq!(again["import"]["unchanged"], true, "{again}");
    assert!(
        rx.recv_timeout(Duration::from_millis(500)).is_err(),
        "an unchanged import commits nothing and notifies nothing"
    );
}
