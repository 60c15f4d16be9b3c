//! Forecast adjustments and supplier forecast sharing in the working set:
//! audited adds and removals, refusals with their messages, the ERP's
//! campaigns listed beside the planner's adjustments, adjustments surviving
//! a re-import, which adjustments a series gets, the supplier's cadence and
//! export.

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

use bodesk_api::dto::{
    ForecastAdjustmentDto, ImportOptions, NewForecastAdjustment, RemoveForecastAdjustment,
    SupplierCadence, SupplierForecastArgs,
};
use bodesk_api::{forecast_adjustments, App, ErrorCode, Workspace};
use serde_json::json;

fn example() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/erp-small")
}

fn import(ws: &mut Workspace, dir: &Path, as_of: &str) {
    let report = ws
        .import(
            &[dir.to_path_buf()],
            &ImportOptions {
                as_of: Some(as_of.into()),
                keep_valid: false,
                profile_toml: None,
            },
            &mut |_| {},
            &AtomicBool::new(false),
        )
        .unwrap();
    assert!(report.committed, "{report:?}");
}

fn example_ws(dir: &tempfile::TempDir) -> Workspace {
    let mut ws = Workspace::open(&dir.path().join("ws.sqlite")).unwrap();
    import(&mut ws, &example(), "2026-10-31");
    ws
}

fn new(
    kind: &str,
    part: &str,
    location: Option<&str>,
    from: &str,
    to: &str,
    qty: f64,
) -> NewForecastAdjustment {
    NewForecastAdjustment {
        kind: kind.into(),
        part_id: part.into(),
        location_id: location.map(str::to_string),
        start_period: from.into(),
        end_period: to.into(),
        qty,
        reason: format!("{kind} for the test"),
    }
}

fn audits(ws: &Workspace, action: &str) -> Vec<(String, String)> {
    let conn = ws.store().conn();
    let mut stmt = conn
        .prepare("SELECT entity_key, detail FROM audit_log WHERE action = ?1 ORDER BY audit_id")
        .unwrap();
    stmt.query_map([action], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

fn summary(rows: &[ForecastAdjustmentDto]) -> Vec<String> {
    rows.iter()
        .map(|a| {
            format!(
                "{} {} {} {}@{} {}..{} {} {}",
                a.source,
                if a.active { "active" } else { "expired" },
                a.kind,
                a.part_id,
                a.location_id.as_deref().unwrap_or("*"),
                a.start_period,
                a.end_period,
                a.qty,
                a.reason
            )
        })
        .collect()
}

#[test]
fn adds_and_removals_are_audited_and_erp_campaigns_are_listed() {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = example_ws(&dir);

    let added = ws
        .add_forecast_adjustment(&new(
            "override",
            "P-1006",
            Some("DC01"),
            "2026-11",
            "2027-03",
            4.0,
        ))
        .unwrap();
    let id = added.adjustment_id.expect("a planner adjustment has an id");
    assert_eq!(added.source, "planner");
    assert!(added.active);
    assert!(added.created_at.is_some());
    let old = ws
        .add_forecast_adjustment(&new(
            "supply_change",
            "P-1006",
            None,
            "2026-01",
            "2026-06",
            -2.0,
        ))
        .unwrap();

    let listed = summary(&ws.forecast_adjustments(Some("P-1006")).unwrap());
    assert_eq!(
        listed,
        [
            "planner active override P-1006@DC01 2026-11..2027-03 4 override for the test",
            "erp_campaign active campaign P-1006@DC01 2026-12..2027-02 40 ERP campaign CMP-1",
            "planner expired supply_change P-1006@* 2026-01..2026-06 -2 supply_change for the test",
        ]
    );
    assert_eq!(ws.forecast_adjustments(Some("P-1001")).unwrap().len(), 0);
    assert_eq!(ws.forecast_adjustments(None).unwrap().len(), 3);

    let adds = audits(&ws, "add_forecast_adjustment");
    assert_eq!(adds.len(), 2);
    assert_eq!(adds[0].0, id.to_string());
    assert!(
        adds[0].1.contains("\"reason\":\"override for the test\""),
        "{}",
        adds[0].1
    );

    ws.remove_forecast_adjustment(&RemoveForecastAdjustment {
        adjustment_id: id,
        reason: "campaign covers it".into(),
    })
    .unwrap();
    let listed = ws.forecast_adjustments(Some("P-1006")).unwrap();
    assert!(listed.iter().all(|a| a.adjustment_id != Some(id)));
    let removes = audits(&ws, "remove_forecast_adjustment");
    assert_eq!(
        removes,
        [(
            id.to_string(),
            r#"{"reason":"campaign covers it"}"#.to_string()
        )]
    );

    let again = ws
        .remove_forecast_adjustment(&RemoveForecastAdjustment {
            adjustment_id: id,
            reason: "twice".into(),
        })
        .unwrap_err();
    assert_eq!(
        (again.code, again.message.as_str()),
        (
            ErrorCode::InvalidInput,
            format!("forecast adjustment {id} is already removed").as_str()
        )
    );
    let missing = ws
        .remove_forecast_adjustment(&RemoveForecastAdjustment {
            adjustment_id: 999,
            reason: "gone".into(),
        })
        .unwrap_err();
    assert_eq!(
        (missing.code, missing.message.as_str()),
        (ErrorCode::NotFound, "no forecast adjustment 999")
    );
    let no_reason = ws
        .remove_forecast_adjustment(&RemoveForecastAdjustment {
            adjustment_id: old.adjustment_id.unwrap(),
            reason: "  ".into(),
        })
        .unwrap_err();
    assert_eq!(no_reason.code, ErrorCode::InvalidInput);
    assert_eq!(
        audits(&ws, "remove_forecast_adjustment").len(),
        1,
        "a refusal writes nothing"
    );
}

#[test]
fn refusals_say_what_is_wrong() {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = example_ws(&dir);
    let ok = new(
        "campaign",
        "P-1001",
        Some("DC01"),
        "2027-01",
        "2027-03",
        30.0,
    );
    let table: Vec<(NewForecastAdjustment, &str)> = vec![
        (
            NewForecastAdjustment {
                kind: "boost".into(),
                ..ok.clone()
            },
            "adjustment kind \"boost\": one of campaign, override, supply_change",
        ),
        (
            NewForecastAdjustment {
                part_id: "P-9999".into(),
                ..ok.clone()
            },
            "unknown part \"P-9999\": no such part in the working set",
        ),
        (
            NewForecastAdjustment {
                location_id: Some("XX".into()),
                ..ok.clone()
            },
            "unknown location \"XX\": no such location in the working set",
        ),
        (
            NewForecastAdjustment {
                start_period: "2027-1".into(),
                ..ok.clone()
            },
            "start_period \"2027-1\": expected a month as YYYY-MM",
        ),
        (
            NewForecastAdjustment {
                end_period: "2027-13".into(),
                ..ok.clone()
            },
            "end_period \"2027-13\": expected a month as YYYY-MM",
        ),
        (
            NewForecastAdjustment {
                end_period: "2026-12".into(),
                ..ok.clone()
            },
            "end_period 2026-12 is before start_period 2027-01",
        ),
        (
            NewForecastAdjustment {
                reason: " \t".into(),
                ..ok.clone()
            },
            "an adjustment needs a reason; it goes to the audit trail",
        ),
        (
            NewForecastAdjustment {
                qty: 0.0,
                ..ok.clone()
            },
            "qty 0: a campaign adds demand: units over its window, above 0",
        ),
        (
            NewForecastAdjustment {
                kind: "override".into(),
                qty: -1.0,
                ..ok.clone()
            },
            "qty -1: an override is the forecast per month: 0 or more",
        ),
        (
            NewForecastAdjustment {
                kind: "supply_change".into(),
                qty: 0.0,
                ..ok.clone()
            },
            "qty 0: a supply change moves supply: units per month, not 0 (negative: less)",
        ),
    ];
    for (bad, message) in table {
        let e = ws.add_forecast_adjustment(&bad).unwrap_err();
        assert_eq!(
            (e.code, e.message.as_str()),
            (ErrorCode::InvalidInput, message)
        );
    }
    assert!(audits(&ws, "add_forecast_adjustment").is_empty());
    ws.add_forecast_adjustment(&ok).unwrap();
    assert_eq!(audits(&ws, "add_forecast_adjustment").len(), 1);
}

#[test]
fn adjustments_survive_a_re_import() {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = example_ws(&dir);
    ws.add_forecast_adjustment(&new("override", "P-1002", None, "2026-11", "2027-01", 2.0))
        .unwrap();
    // A newer export: the same files with one demand month changed.
    let newer = dir.path().join("newer");
    std::fs::create_dir(&newer).unwrap();
    for entry in std::fs::read_dir(example()).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, newer.join(path.file_name().unwrap())).unwrap();
    }
    let demand = std::fs::read_to_string(newer.join("demand_history.csv")).unwrap();
    let changed = demand.replacen("2026-02,P-1001,DC01,3,3,0", "2026-02,P-1001,DC01,4,4,0", 1);
    assert_ne!(demand, changed);
    std::fs::write(newer.join("demand_history.csv"), changed).unwrap();
    import(&mut ws, &newer, "2026-11-30");

    let listed = summary(&ws.forecast_adjustments(Some("P-1002")).unwrap());
    assert_eq!(
        listed,
        ["planner active override P-1002@* 2026-11..2027-01 2 override for the test"]
    );
}

#[test]
fn a_series_gets_its_location_or_the_network_total_adjustments() {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = example_ws(&dir);
    for a in [
        new(
            "override",
            "P-1006",
            Some("DC01"),
            "2027-01",
            "2027-01",
            9.0,
        ),
        new("override", "P-1006", None, "2027-02", "2027-02", 5.0),
        new(
            "supply_change",
            "P-1006",
            Some("RW-N"),
            "2026-11",
            "2026-12",
            3.0,
        ),
        new("campaign", "P-1006", None, "2027-03", "2027-03", 6.0),
        new("override", "P-1006", None, "2025-01", "2025-02", 1.0),
    ] {
        ws.add_forecast_adjustment(&a).unwrap();
    }
    let conn = ws.store().conn();
    let months = |from: u32, n: u32| -> Vec<String> {
        (from..from + n)
            .map(|i| format!("{:04}-{:02}", 2026 + i / 12, i % 12 + 1))
            .collect()
    };
    let history = months(4, 6); // 2026-05 .. 2026-10
    let horizon = months(10, 6); // 2026-11 .. 2027-04
    let periods: Vec<String> = history.iter().chain(&horizon).cloned().collect();

    let at_dc01 = forecast_adjustments::for_series(conn, "P-1006", Some("DC01"), &periods).unwrap();
    assert_eq!(
        summary(&at_dc01),
        [
            "erp_campaign active campaign P-1006@DC01 2026-12..2027-02 40 ERP campaign CMP-1",
            "planner active override P-1006@DC01 2027-01..2027-01 9 override for the test",
        ]
    );
    let adjusted = forecast_adjustments::apply(&at_dc01, &history, &horizon, &[1.0; 6]);
    let third = 40.0 / 3.0;
    assert_eq!(
        adjusted.forecast,
        [1.0, 1.0 + third, 9.0 + third, 1.0 + third, 1.0, 1.0]
    );
    assert_eq!(adjusted.supply_change, [0.0; 6]);

    let total = forecast_adjustments::for_series(conn, "P-1006", None, &periods).unwrap();
    let adjusted = forecast_adjustments::apply(&total, &history, &horizon, &[1.0; 6]);
    assert_eq!(
        adjusted.forecast,
        [1.0, 1.0 + third, 1.0 + third, 5.0 + third, 7.0, 1.0],
        "the total: part-wide override and every location's campaigns, not DC01's override"
    );
    assert_eq!(adjusted.supply_change, [3.0, 3.0, 0.0, 0.0, 0.0, 0.0]);
    assert!(
        total.iter().all(|a| a.start_period.as_str() >= "2025-03"),
        "outside the months asked for: left out"
    );
}

#[test]
fn the_commands_run_through_the_app() {
    let dir = tempfile::tempdir().unwrap();
    drop(example_ws(&dir));
    let app = App::open(&dir.path().join("ws.sqlite")).unwrap();
    let added = app
        .call(
            "add_forecast_adjustment",
            json!({"kind": "campaign", "part_id": "P-1003", "start_period": "2027-01",
                   "end_period": "2027-02", "qty": 12, "reason": "retrofit"}),
        )
        .unwrap();
    assert_eq!(added["source"], "planner");
    let listed = app
        .call("forecast_adjustments", json!({"part_id": "P-1003"}))
        .unwrap();
    assert_eq!(listed.as_array().unwrap().len(), 1);
    let removed = app
        .call(
            "remove_forecast_adjustment",
            json!({"adjustment_id": added["adjustment_id"], "reason": "cancelled"}),
        )
        .unwrap();
    assert_eq!(removed, json!({}));
    let listed = app.call("forecast_adjustments", json!({})).unwrap();
    assert_eq!(
        listed.as_array().unwrap().len(),
        1,
        "the ERP campaign stays"
    );
    for (command, access) in [
        ("forecast_adjustments", bodesk_api::Access::Read),
        ("add_forecast_adjustment", bodesk_api::Access::Write),
        ("remove_forecast_adjustment", bodesk_api::Access::Write),
        ("supplier_forecast_export", bodesk_api::Access::Read),
        ("set_supplier_forecast_cadence", bodesk_api::Access::Write),
    ] {
        assert_eq!(bodesk_api::access_of(command), Some(access), "{command}");
    }
    let e = app
        .call(
            "set_supplier_forecast_cadence",
            json!({"supplier_id": "V100", "cadence": "daily"}),
        )
        .unwrap_err();
    assert_eq!(
        (e.code, e.message.as_str()),
        (
            ErrorCode::InvalidInput,
            "cadence \"daily\": monthly or weekly"
        )
    );
}

fn csv_rows(text: &str) -> Vec<Vec<String>> {
    text.lines()
        .map(|l| l.split(',').map(str::to_string).collect())
        .collect()
}

#[test]
fn a_supplier_gets_its_parts_forecast_at_its_cadence() {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = example_ws(&dir);
    let args = SupplierForecastArgs {
        supplier_id: "V100".into(),
        cadence: None,
        horizon: Some(3),
    };
    assert_eq!(ws.supplier_forecast_cadence("V100").unwrap(), "monthly");
    let monthly = ws.supplier_forecast_export(&args).unwrap();
    assert_eq!(monthly.file_name, "forecast-V100-monthly.csv");
    let rows = csv_rows(monthly.text.as_deref().unwrap());
    assert_eq!(
        rows[0],
        ["supplier_id", "part_id", "period", "qty", "method"]
    );
    let parts: std::collections::BTreeSet<&str> = rows[1..].iter().map(|r| r[1].as_str()).collect();
    assert_eq!(
        parts.into_iter().collect::<Vec<_>>(),
        ["P-1003", "P-1006", "P-1009", "P-1012", "P-1015", "P-1018", "P-1021"]
    );
    assert_eq!(rows.len(), 1 + 7 * 3);
    assert!(rows[1..].iter().all(|r| r[0] == "V100"));
    let periods: Vec<&str> = rows[1..4].iter().map(|r| r[2].as_str()).collect();
    assert_eq!(periods, ["2026-11", "2026-12", "2027-01"]);

    // The ERP campaign CMP-1 (40 units of P-1006 over Dec–Feb) is in the
    // supplier's figures: December is above November by a third of it.
    let p1006: Vec<f64> = rows[1..]
        .iter()
        .filter(|r| r[1] == "P-1006")
        .map(|r| r[3].parse().unwrap())
        .collect();
    assert!((p1006[1] - p1006[0] - 40.0 / 3.0).abs() < 1e-3, "{p1006:?}");

    ws.set_supplier_forecast_cadence(&SupplierCadence {
        supplier_id: "V100".into(),
        cadence: "weekly".into(),
    })
    .unwrap();
    assert_eq!(
        audits(&ws, "set_setting").last().unwrap().0,
        "supplier_forecast_cadence.V100"
    );
    let weekly = ws.supplier_forecast_export(&args).unwrap();
    assert_eq!(weekly.file_name, "forecast-V100-weekly.csv");
    let weeks = csv_rows(weekly.text.as_deref().unwrap());
    assert!(
        weeks[1..]
            .iter()
            .all(|r| r[2].len() == 8 && r[2].contains("-W")),
        "{weeks:?}"
    );
    for part in ["P-1003", "P-1006"] {
        let sum = |rows: &[Vec<String>]| -> f64 {
            rows[1..]
                .iter()
                .filter(|r| r[1] == part)
                .map(|r| r[3].parse::<f64>().unwrap())
                .sum()
        };
        assert!((sum(&rows) - sum(&weeks)).abs() < 1e-3, "{part}");
    }

    let e = ws
        .supplier_forecast_export(&SupplierForecastArgs {
            supplier_id: "V999".into(),
            ..args.clone()
        })
        .unwrap_err();
    assert_eq!(
        (e.code, e.message.as_str()),
        (
            ErrorCode::InvalidInput,
            "unknown supplier \"V999\": no such supplier in the working set"
        )
    );
}
