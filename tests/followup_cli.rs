//! `bodesk alerts` and `bodesk reviews` end to end through the real binary:
//! two monthly demo exports imported in turn; a review refuses to close
//! without a resolution; alerts export as CSV and are acknowledged.

use std::path::{Path, PathBuf};

use serde_json::Value;

mod support;
use support::{ok, run};

/// The small demo's two last monthly exports, imported in order.
fn load(dir: &Path) -> PathBuf {
    let db = dir.join("ws.sqlite");
    let files = dir.join("files");
    let listing = ok(
        &db,
        &["demo", "--exports", "2", "--out", files.to_str().unwrap()],
    );
    let exports: Vec<(&str, &str)> = listing.lines().filter_map(|l| l.split_once("  ")).collect();
    assert_eq!(exports.len(), 2, "{listing}");
    for (as_of, folder) in exports {
        ok(&db, &["import", folder.trim(), "--as-of", as_of]);
    }
    db
}

#[test]
fn reviews_refuse_to_close_without_a_resolution_and_alerts_are_handled() {
    let dir = tempfile::tempdir().unwrap();
    let db = load(dir.path());

    let reviews: Value = serde_json::from_str(&ok(&db, &["reviews", "--json"])).unwrap();
    let first = &reviews["reviews"][0];
    let id = first["review_id"].as_i64().unwrap().to_string();
    assert_eq!(first["status"], "open");

    for args in [
        vec!["reviews", "close", id.as_str()],
        vec!["reviews", "close", id.as_str(), "--resolution", "  "],
    ] {
        let out = run(&db, &args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(
            stderr.trim(),
            "bodesk: a review cannot be closed without a resolution: say what ended or will end the backorder [invalid_input]"
        );
    }
    let closed = ok(
        &db,
        &[
            "reviews",
            "close",
            &id,
            "--resolution",
            "lateral transfer from L002",
        ],
    );
    assert!(
        closed.contains("closed") && closed.contains("lateral transfer from L002"),
        "{closed}"
    );
    let again: Value =
        serde_json::from_str(&ok(&db, &["reviews", "--json", "--status", "closed"])).unwrap();
    assert_eq!(again["closed"], 1);
    assert_eq!(again["reviews"][0]["review_id"].to_string(), id);

    // Alerts: listed, exported, acknowledged.
    let alerts: Value = serde_json::from_str(&ok(&db, &["alerts", "--json"])).unwrap();
    let list = alerts["alerts"].as_array().unwrap();
    assert!(!list.is_empty());
    let kpi: Value = serde_json::from_str(&ok(&db, &["kpi", "--json"])).unwrap();
    let c = &alerts["counts"];
    assert_eq!(
        c["breached"].as_u64().unwrap() + c["escalated"].as_u64().unwrap(),
        kpi["total"]["sla_breaches"].as_u64().unwrap()
    );
    let csv = dir.path().join("alerts.csv");
    ok(&db, &["alerts", "--csv", csv.to_str().unwrap()]);
    let text = std::fs::read_to_string(&csv).unwrap();
    assert_eq!(
        text.lines().count(),
        list.len() + 1,
        "a header and one row per alert"
    );
    let alert = list[0]["alert_id"].to_string();
    let acked = ok(&db, &["alerts", "ack", &alert]);
    assert!(acked.contains("acknowledged"), "{acked}");
    let out = run(&db, &["alerts", "snooze", &alert, "--until", "2026-10-31"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr)
        .contains("after the working set's as-of date 2026-10-31"));
}
