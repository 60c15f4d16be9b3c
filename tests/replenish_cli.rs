//! `bodesk replenish` end to end through the real binary on the small demo:
//! the JSON list, accept → the ERP export holds it, reopen, a refused id.

use serde_json::Value;

mod support;
use support::{ok, run};

#[test]
fn suggestions_as_json_decisions_and_the_erp_export() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ws.sqlite");
    let files = dir.path().join("files");
    let listing = ok(
        &db,
        &["demo", "--exports", "1", "--out", files.to_str().unwrap()],
    );
    let (as_of, folder) = listing.lines().find_map(|l| l.split_once("  ")).unwrap();
    ok(&db, &["import", folder.trim(), "--as-of", as_of]);

    let report: Value = serde_json::from_str(&ok(&db, &["replenish", "--json"])).unwrap();
    assert_eq!(report["as_of"], as_of);
    let rows = report["rows"].as_array().unwrap();
    assert!(!rows.is_empty(), "{report}");
    for r in rows {
        let id = r["suggestion_id"].as_str().unwrap();
        let kind = r["kind"].as_str().unwrap();
        let tag = if kind == "emergency" { "-E-" } else { "-R-" };
        assert!(id.starts_with('1') && id.contains(tag), "{id} {kind}");
        assert!(r["suggested_qty"].as_f64().unwrap() > 0.0, "{r}");
        let ip = r["inventory_position"].as_f64().unwrap();
        let sum = r["on_hand"].as_f64().unwrap() + r["on_order"].as_f64().unwrap()
            - r["backorders"].as_f64().unwrap();
        assert!((ip - sum).abs() < 1e-9, "{r}");
        if kind == "reorder" {
            assert!(ip <= r["reorder_point"].as_f64().unwrap(), "{r}");
        } else {
            assert!(
                r["reason"]
                    .as_str()
                    .unwrap()
                    .contains("in extended backorder"),
                "{r}"
            );
        }
    }
    let emergencies = rows.iter().filter(|r| r["kind"] == "emergency").count();
    assert_eq!(report["emergency_count"], emergencies);

    // --all lists at least as many, some with nothing to order.
    let all: Value = serde_json::from_str(&ok(&db, &["replenish", "--all", "--json"])).unwrap();
    assert!(all["rows"].as_array().unwrap().len() > rows.len());

    let first = rows[0]["suggestion_id"].as_str().unwrap();
    let part = rows[0]["part_id"].as_str().unwrap();
    let accepted: Value = serde_json::from_str(&ok(
        &db,
        &[
            "replenish",
            "accept",
            first,
            "--note",
            "checked stock",
            "--json",
        ],
    ))
    .unwrap();
    assert_eq!(accepted["decision"], "accepted");
    assert_eq!(accepted["decision_note"], "checked stock");

    let out = dir.path().join("accepted.csv");
    ok(
        &db,
        &["replenish", "export", "--out", out.to_str().unwrap()],
    );
    let csv = std::fs::read_to_string(&out).unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 2, "{csv}");
    assert!(lines[1].contains(&format!(",{part},")), "{csv}");
    assert!(lines[1].contains(first), "{csv}");

    let listed: Value =
        serde_json::from_str(&ok(&db, &["replenish", "--part", part, "--json"])).unwrap();
    assert_eq!(listed["accepted_count"], 1);

    ok(&db, &["replenish", "reopen", first]);
    assert_eq!(ok(&db, &["replenish", "export"]).lines().count(), 1);

    let refused = run(&db, &["replenish", "accept", "nonsense"]);
    assert_eq!(refused.status.code(), Some(2));
    let err = String::from_utf8_lossy(&refused.stderr);
    assert!(
        err.contains("is not a suggestion id") && err.contains("[invalid_input]"),
        "{err}"
    );
}
