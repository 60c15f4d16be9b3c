//! The follow-up commands through `App::call` (the desktop IPC and `bodesk
//! serve` path): the demo loaded as a job raises alerts and opens reviews;
//! JSON arguments in, DTOs out, refusals as `{code, message}`.

mod common;

use bodesk_api::ErrorCode;
use common::demo_app;
use serde_json::{json, Value};

#[test]
fn the_demo_job_raises_alerts_and_reviews_and_the_commands_answer() {
    let dir = tempfile::tempdir().unwrap();
    let app = demo_app(&dir);

    let summary = app.call("alert_summary", Value::Null).unwrap();
    let kpis = app.call("kpis", json!({})).unwrap();
    let c = &summary["counts"];
    assert_eq!(
        c["breached"].as_u64().unwrap() + c["escalated"].as_u64().unwrap(),
        kpis["total"]["sla_breaches"].as_u64().unwrap()
    );
    assert_eq!(summary["last_as_of"], "2026-10-31");

    let alerts = app.call("alerts", json!({"level": "escalated"})).unwrap();
    let list = alerts["alerts"].as_array().unwrap();
    assert!(!list.is_empty());
    assert!(list
        .iter()
        .all(|a| a["level"] == "escalated" && a["state"] != "resolved"));
    let e = app
        .call("alerts", json!({"state": "sleeping"}))
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidInput);
    assert!(
        e.message.starts_with("alert state \"sleeping\""),
        "{}",
        e.message
    );

    let id = list[0]["alert_id"].clone();
    let assigned = app
        .call("alert_assign", json!({"alert_id": id, "assignee": "Kim"}))
        .unwrap();
    assert_eq!(assigned["assignee"], "Kim");
    let e = app
        .call("alert_ack", json!({"alert_id": 999_999}))
        .unwrap_err();
    assert_eq!(
        (e.code, e.message.as_str()),
        (ErrorCode::NotFound, "no alert 999999")
    );

    let reviews = app.call("reviews", json!({"status": "active"})).unwrap();
    assert_eq!(
        reviews["open"].as_u64().unwrap(),
        reviews["reviews"].as_array().unwrap().len() as u64
    );
    let review = reviews["reviews"][0]["review_id"].clone();
    let e = app
        .call(
            "review_close",
            json!({"review_id": review, "resolution": ""}),
        )
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidInput);
    assert_eq!(
        e.message,
        "a review cannot be closed without a resolution: say what ended or will end the backorder"
    );
    let e = app
        .call(
            "review_update",
            json!({"review_id": review, "status": "closed"}),
        )
        .unwrap_err();
    assert_eq!(
        e.message,
        "to close a review, use review_close with its resolution"
    );
    let updated = app
        .call(
            "review_update",
            json!({"review_id": review, "owner": "Ana", "status": "in_progress"}),
        )
        .unwrap();
    assert_eq!(
        (&updated["owner"], &updated["status"]),
        (&json!("Ana"), &json!("in_progress"))
    );

    let modes = app.call("failure_modes", json!({})).unwrap();
    assert_eq!(modes["quarter"], "2026-Q4");
    assert_eq!(
        modes["quarters"],
        json!(["2026-Q4", "2026-Q3", "2026-Q2", "2026-Q1"])
    );
    let e = app
        .call("failure_modes", json!({"quarter": "Q9"}))
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidInput);
}
