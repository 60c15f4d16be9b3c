//! The app façade as the desktop window and `bodesk serve` use it: commands
//! by name with JSON arguments, background jobs, drill-down paths whose
//! numbers agree at every level, and an upload with a bad file that leaves
//! the working set as it was.

mod common;

use base64::Engine as _;
use bodesk_api::{access_of, Access, App, COMMANDS};
use common::{demo_app, wait};
use serde_json::{json, Value};

/// A drill-down group's figures (the group is flattened: key plus figures).
fn figures_of(group: &Value) -> Value {
    let mut g = group.clone();
    g.as_object_mut().unwrap().remove("key");
    g
}

fn fresh_demo_app(dir: &tempfile::TempDir) -> App {
    let empty = App::open(&dir.path().join("ws.sqlite")).unwrap();
    assert_eq!(empty.call("app_info", Value::Null).unwrap()["empty"], true);
    drop(empty);
    let app = demo_app(dir);
    let jobs = app.call("jobs", Value::Null).unwrap();
    assert_eq!(jobs[0]["kind"], "demo");
    let info = app.call("app_info", Value::Null).unwrap();
    assert_eq!(info["as_of"], "2026-10-31");
    app
}

#[test]
fn drill_down_numbers_agree_at_every_level_and_with_the_lines() {
    let dir = tempfile::tempdir().unwrap();
    let app = fresh_demo_app(&dir);
    let info = app.call("app_info", Value::Null).unwrap();
    assert_eq!(info["empty"], false);
    assert_eq!(info["as_of"], "2026-10-31");

    let kpis = app.call("kpis", json!({})).unwrap();
    let top = app.call("drill", json!({ "by": "region" })).unwrap();
    // The dashboard's totals are the CLI's totals.
    for key in ["open_lines", "open_value", "backorder_days", "sla_breaches"] {
        assert_eq!(top["figures"][key], kpis["total"][key], "{key}");
    }
    let regions = top["groups"].as_array().unwrap();
    assert!(regions.len() >= 2, "the demo spans regions");
    let sum = |groups: &[Value], key: &str| -> u64 {
        groups.iter().map(|g| g[key].as_u64().unwrap()).sum()
    };
    assert_eq!(
        sum(regions, "open_lines"),
        kpis["total"]["open_lines"].as_u64().unwrap()
    );

    let region = regions
        .iter()
        .max_by_key(|g| g["open_lines"].as_u64())
        .unwrap();
    let path = json!([{ "dim": "region", "value": region["key"] }]);
    let locations = app
        .call("drill", json!({ "filters": path, "by": "location" }))
        .unwrap();
    assert_eq!(locations["figures"], figures_of(region));
    let locs = locations["groups"].as_array().unwrap();
    assert_eq!(
        sum(locs, "open_lines"),
        region["open_lines"].as_u64().unwrap()
    );
    assert_eq!(
        sum(locs, "backorder_days"),
        region["backorder_days"].as_u64().unwrap()
    );

    let location = locs
        .iter()
        .max_by_key(|g| g["open_lines"].as_u64())
        .unwrap();
    let path2 = json!([
        { "dim": "region", "value": region["key"] },
        { "dim": "location", "value": location["key"] }
    ]);
    let parts = app
        .call("drill", json!({ "filters": path2, "by": "part" }))
        .unwrap();
    assert_eq!(parts["figures"], figures_of(location));
    let part = parts["groups"]
        .as_array()
        .unwrap()
        .iter()
        .max_by_key(|g| g["open_lines"].as_u64())
        .unwrap();
    let mut path3 = path2.as_array().unwrap().clone();
    path3.push(json!({ "dim": "part", "value": part["key"] }));
    let page = app
        .call(
            "lines",
            json!({ "filters": path3, "open_only": true, "limit": 5000 }),
        )
        .unwrap();
    assert_eq!(page["total"], part["open_lines"]);
    let rows = page["rows"].as_array().unwrap();
    assert_eq!(rows.len() as u64, page["total"].as_u64().unwrap());
    let value: f64 = rows.iter().map(|r| r["value"].as_f64().unwrap()).sum();
    let expected = part["open_value"].as_f64().unwrap();
    assert!(
        (value - expected).abs() < 1e-6 * expected.max(1.0),
        "{value} vs {expected}"
    );
    // Sorted by age, oldest first when descending.
    let page = app
        .call(
            "lines",
            json!({ "filters": path, "open_only": true, "sort": "age_days", "descending": true, "limit": 50 }),
        )
        .unwrap();
    let ages: Vec<u64> = page["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["age_days"].as_u64().unwrap())
        .collect();
    assert!(ages.windows(2).all(|w| w[0] >= w[1]), "{ages:?}");
    assert_eq!(page["total"], region["open_lines"]);

    // The lines behind a tile: breaches and lines over 30 days, network-wide.
    for (flag, figure) in [
        ("sla_breach", "sla_breaches"),
        ("over_30_days", "lines_over_30_days"),
    ] {
        let behind = app
            .call(
                "lines",
                json!({ "open_only": true, "flag": flag, "limit": 1 }),
            )
            .unwrap();
        assert_eq!(behind["total"], kpis["total"][figure], "{flag}");
    }
    let e = app.call("lines", json!({ "flag": "late" })).unwrap_err();
    assert_eq!(e.code, bodesk_api::ErrorCode::InvalidInput);
    // Pages of one query are slices of one order.
    let all = app
        .call(
            "lines",
            json!({ "sort": "value", "descending": true, "limit": 5000 }),
        )
        .unwrap();
    let second = app
        .call(
            "lines",
            json!({ "sort": "value", "descending": true, "offset": 7, "limit": 3 }),
        )
        .unwrap();
    assert_eq!(
        second["rows"].as_array().unwrap()[..],
        all["rows"].as_array().unwrap()[7..10]
    );

    // The detail of the oldest line and the view of its part.
    let first = &page["rows"][0];
    let detail = app
        .call(
            "line_detail",
            json!({ "order_id": first["order_id"], "order_line": first["order_line"] }),
        )
        .unwrap();
    assert_eq!(detail["line"]["part_id"], first["part_id"]);
    assert_eq!(detail["part"]["part_id"], first["part_id"]);
    let view = app
        .call("part_view", json!({ "part_id": first["part_id"] }))
        .unwrap();
    assert!(view["open_lines"]
        .as_array()
        .unwrap()
        .iter()
        .any(|l| l["order_id"] == first["order_id"]));
    assert_eq!(
        view["figures"]["open_lines"].as_u64().unwrap(),
        view["open_lines"].as_array().unwrap().len() as u64
    );

    // The top groups of a level, largest first, with the level's size.
    let all_parts = app.call("drill", json!({ "by": "part" })).unwrap();
    let top = app
        .call(
            "drill",
            json!({ "by": "part", "top": 10, "order_by": "backorder_days" }),
        )
        .unwrap();
    assert_eq!(top["groups_total"], all_parts["groups_total"]);
    assert!(all_parts["groups_total"].as_u64().unwrap() > 10);
    let days: Vec<u64> = top["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["backorder_days"].as_u64().unwrap())
        .collect();
    assert_eq!(days.len(), 10);
    assert!(days.windows(2).all(|w| w[0] >= w[1]), "{days:?}");
    let most = all_parts["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["backorder_days"].as_u64().unwrap())
        .max()
        .unwrap();
    assert_eq!(days[0], most);
    let e = app
        .call(
            "drill",
            json!({ "by": "part", "top": 3, "order_by": "colour" }),
        )
        .unwrap_err();
    assert_eq!(e.code, bodesk_api::ErrorCode::InvalidInput);

    // Errors are {code, message}.
    let e = app.call("drill", json!({ "by": "planet" })).unwrap_err();
    assert_eq!(e.code, bodesk_api::ErrorCode::InvalidInput);
    assert!(e.message.contains("planet"), "{}", e.message);
    let e = app
        .call("part_view", json!({ "part_id": "NO-SUCH-PART" }))
        .unwrap_err();
    assert_eq!(e.code, bodesk_api::ErrorCode::NotFound);
    let e = app.call("no_such_command", Value::Null).unwrap_err();
    assert_eq!(e.code, bodesk_api::ErrorCode::NotFound);
    let e = app.call("lines", json!({ "bogus": 1 })).unwrap_err();
    assert_eq!(e.code, bodesk_api::ErrorCode::InvalidInput);

    let csv = app
        .call("drill_csv", json!({ "filters": [], "by": "region" }))
        .unwrap();
    let text = csv["text"].as_str().unwrap();
    assert!(text.starts_with("region,open_lines,"), "{text}");
    assert_eq!(text.lines().count(), regions.len() + 2);
}

#[test]
fn an_upload_with_a_bad_file_is_rejected_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let app = fresh_demo_app(&dir);
    let before = app.call("kpis", json!({ "by": "region" })).unwrap();
    let batches_before = app.call("batches", Value::Null).unwrap();

    let b64 = |s: &str| base64::engine::general_purpose::STANDARD.encode(s);
    let files = json!([
        { "name": "exports/locations.csv", "data_base64": b64("location_id,name,region\nL-NEW,New depot,EMEA\n") },
        { "name": "stock.csv", "data_base64": b64("part_id,location_id,on_hand\nP-NOPE,L-NEW,abc\n") },
    ]);
    let job = app
        .call("import_upload", json!({ "files": files, "options": { "as_of": "2026-11-30", "keep_valid": false, "profile_toml": null } }))
        .unwrap();
    let done = wait(&app, &job);
    assert_eq!(done["state"], "done", "{done}");
    let report = &done["import"];
    assert_eq!(report["committed"], false);
    assert!(report["rejects_total"].as_u64().unwrap() >= 1);
    let reject = &report["rejects"][0];
    assert_eq!(reject["file"], "stock.csv");
    assert_eq!(reject["line"], 2);

    // Nothing changed, and the rejects are kept with the batch.
    assert_eq!(app.call("kpis", json!({ "by": "region" })).unwrap(), before);
    let batch = report["batch_id"].as_i64().unwrap();
    let page = app
        .call("batch_rejects", json!({ "batch_id": batch }))
        .unwrap();
    assert_eq!(page["total"], report["rejects_total"]);
    let csv = app
        .call("rejects_csv", json!({ "batch_id": batch }))
        .unwrap();
    assert!(csv["text"].as_str().unwrap().contains("stock.csv"));
    let batches = app.call("batches", Value::Null).unwrap();
    assert_eq!(
        batches.as_array().unwrap().len(),
        batches_before.as_array().unwrap().len() + 1
    );

    // A name that is not a file name is refused before anything runs.
    let e = app
        .call(
            "import_upload",
            json!({ "files": [{ "name": "../..", "data_base64": "" }] }),
        )
        .unwrap_err();
    assert_eq!(e.code, bodesk_api::ErrorCode::InvalidInput);
}

#[test]
fn a_newer_export_reports_what_changed() {
    let dir = tempfile::tempdir().unwrap();
    let app = App::open(&dir.path().join("ws.sqlite")).unwrap();
    let exports = dir.path().join("exports");
    let cfg = bodesk_api::demo::DemoConfig {
        exports: 2,
        ..Default::default()
    };
    let written = bodesk_api::demo::write_demo(&cfg, &exports).unwrap();
    let mut last = Value::Null;
    for (as_of, folder) in &written {
        let job = app
            .call(
                "import_paths",
                json!({ "paths": [folder], "options": { "as_of": as_of, "keep_valid": false, "profile_toml": null } }),
            )
            .unwrap();
        last = wait(&app, &job);
        assert_eq!(last["state"], "done", "{last}");
        assert_eq!(last["import"]["committed"], true);
    }
    let changes = &last["changes"];
    let n = |k: &str| changes[k].as_u64().unwrap();
    assert!(n("new_lines") > 0 && n("closed_lines") > 0, "{changes}");
    assert!(!changes["examples"].as_array().unwrap().is_empty());
}

#[test]
fn a_second_write_waits_for_the_first_and_a_job_can_be_cancelled() {
    let dir = tempfile::tempdir().unwrap();
    let app = App::open(&dir.path().join("ws.sqlite")).unwrap();
    let job = app.call("load_demo", json!({})).unwrap();
    let second = app.call("load_demo", json!({}));
    let cancelled = app
        .call("cancel_job", json!({ "job_id": job["job_id"] }))
        .unwrap();
    assert_eq!(cancelled["job_id"], job["job_id"]);
    let end = wait(&app, &job);
    if let Err(e) = second {
        assert_eq!(e.code, bodesk_api::ErrorCode::Busy);
    }
    assert!(
        end["state"] == "cancelled" || end["state"] == "done",
        "{end}"
    );
    if end["state"] == "cancelled" {
        assert_eq!(end["error"]["code"], "cancelled");
    }
}

#[test]
fn every_command_has_an_access_and_writes_are_few() {
    let writes: Vec<&str> = COMMANDS
        .iter()
        .filter(|c| c.access == Access::Write)
        .map(|c| c.name)
        .collect();
    assert_eq!(
        writes,
        [
            "import_paths",
            "import_upload",
            "load_demo",
            "cancel_job",
            "cause_rules_apply",
            "override_cause",
            "clear_override",
            "alert_ack",
            "alert_assign",
            "alert_snooze",
            "set_alert_thresholds",
            "review_update",
            "review_close",
            "countermeasure_add",
            "add_forecast_adjustment",
            "remove_forecast_adjustment",
            "set_supplier_forecast_cadence",
            "decide_replenishment",
            "set_forecast_age_weighting",
        ]
    );
    assert_eq!(access_of("kpis"), Some(Access::Read));
    assert_eq!(access_of("nope"), None);
}

#[test]
fn age_weighting_through_app_call_is_off_by_default_and_audited() {
    let dir = tempfile::tempdir().unwrap();
    let app = App::open(&dir.path().join("ws.sqlite")).unwrap();
    let w = app.call("forecast_age_weighting", json!({})).unwrap();
    assert_eq!(w, json!({ "enabled": false, "threshold_days": 30.0 }));
    let w = app
        .call(
            "set_forecast_age_weighting",
            json!({ "enabled": true, "threshold_days": 45 }),
        )
        .unwrap();
    assert_eq!(w, json!({ "enabled": true, "threshold_days": 45.0 }));
    assert_eq!(app.call("forecast_age_weighting", json!({})).unwrap(), w);
    let e = app
        .call(
            "set_forecast_age_weighting",
            json!({ "enabled": true, "threshold_days": 0 }),
        )
        .unwrap_err();
    assert_eq!(e.code, bodesk_api::ErrorCode::InvalidInput);
}
