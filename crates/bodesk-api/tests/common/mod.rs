//! Helpers of the api's integration tests: a job awaited, the demo loaded
//! through the app façade as the UI loads it.

// Each test binary uses some of these.
#![allow(dead_code)]

use std::time::{Duration, Instant};

use bodesk_api::App;
use serde_json::{json, Value};

/// Polls `job_status` until the job has ended; its last status.
pub fn wait(app: &App, job: &Value) -> Value {
    let id = job["job_id"].as_u64().expect("a job id");
    let start = Instant::now();
    loop {
        let status = app.call("job_status", json!({ "job_id": id })).unwrap();
        if status["state"] != "running" {
            return status;
        }
        assert!(
            start.elapsed() < Duration::from_secs(300),
            "job {id} never ended"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// A new working set in `dir` with the small demo loaded by a `load_demo` job.
pub fn demo_app(dir: &tempfile::TempDir) -> App {
    let app = App::open(&dir.path().join("ws.sqlite")).unwrap();
    let job = app.call("load_demo", json!({ "size": "small" })).unwrap();
    let done = wait(&app, &job);
    assert_eq!(done["state"], "done", "{done}");
    app
}
