//! Weighting censored-demand corrections by backorder age, end to end
//! through the real binary on a working set imported from hand-made CSV
//! files: SHORT at DC1 is censored in March (backorder lines 6 and 16 days
//! old, 3 and 1 units: mean age 8.5 days), July (one line open since
//! 2026-07-01: 183 days at the as-of date 2026-12-31) and October (a stockout
//! without backorder lines: always the whole correction). Off by default; on,
//! `forecast --part` shows the weighted history in exactly the months the
//! ages say; the backtest's JSON.

use std::path::Path;

use serde_json::Value;

mod support;
use support::{floats, import_files, ok, run};

/// month, demanded, filled, stockout days
const SHORT: [(u32, u32, u32, u32); 12] = [
    (1, 3, 3, 0),
    (2, 0, 0, 0),
    (3, 2, 2, 12),
    (4, 4, 4, 0),
    (5, 1, 1, 0),
    (6, 0, 0, 0),
    (7, 5, 1, 0),
    (8, 2, 2, 0),
    (9, 3, 3, 0),
    (10, 1, 0, 20),
    (11, 0, 0, 0),
    (12, 2, 2, 0),
];
const STEADY: [u32; 12] = [10, 12, 9, 11, 14, 10, 8, 12, 11, 13, 9, 10];
const MARCH: usize = 2;
const JULY: usize = 6;
const OCTOBER: usize = 9;
/// (3 × 6 + 1 × 16) / 4
const MARCH_AGE: f64 = 8.5;
const JULY_AGE: f64 = 183.0;

const BACKORDERS: &str = "\
order_id,order_line,customer_id,part_id,location_id,qty_open,qty_ordered,created_date,status,closed_date
O1,10,C1,SHORT,DC1,0,3,2026-03-10,closed,2026-03-16
O2,10,C1,SHORT,DC1,0,1,2026-03-20,closed,2026-04-05
O3,10,C1,SHORT,DC1,4,4,2026-07-01,open,
O4,10,C1,SHORT,DC1,0,1,2026-11-02,closed,2026-11-03
O5,10,C1,STEADY,DC2,0,2,2026-05-02,closed,2026-06-30
";

fn working_set(dir: &Path) -> std::path::PathBuf {
    let mut demand =
        String::from("period,part_id,location_id,qty_demanded,qty_filled,stockout_days\n");
    for (m, q, filled, days) in SHORT {
        demand += &format!("2026-{m:02},SHORT,DC1,{q},{filled},{days}\n");
    }
    for (i, q) in STEADY.iter().enumerate() {
        demand += &format!("2026-{:02},STEADY,DC1,{q},{q},0\n", i + 1);
        demand += &format!("2026-{:02},STEADY,DC2,{h},{h},0\n", i + 1, h = q / 2);
    }
    import_files(
        dir,
        &[
            ("parts.csv", "part_id,description,unit_cost,criticality,lead_time_days\nSHORT,Often short,12.5,A,40\nSTEADY,Never short,3,C,10\n"),
            ("locations.csv", "location_id,name,region,country,kind\nDC1,Central,EMEA,DE,central\nDC2,North,EMEA,SE,regional\n"),
            ("customers.csv", "customer_id,name,tier,region\nC1,Mine Co,gold,EMEA\n"),
            ("backorders.csv", BACKORDERS),
            ("demand_history.csv", &demand),
        ],
        "2026-12-31",
    )
}

fn short_forecast(db: &Path) -> Value {
    serde_json::from_str(&ok(
        db,
        &["forecast", "--part", "SHORT", "--location", "DC1", "--json"],
    ))
    .unwrap()
}

#[test]
fn weighting_changes_the_history_exactly_in_the_censored_months_by_their_age() {
    let dir = tempfile::tempdir().unwrap();
    let db = working_set(dir.path());
    let plain = short_forecast(&db);
    let recorded = floats(&plain["recorded"]);
    let full = floats(&plain["reconstructed"]);
    for (i, c) in [MARCH, JULY, OCTOBER].into_iter().enumerate() {
        assert!(full[c] > recorded[c], "censored month {i}: {plain}");
    }

    // threshold 30: March (8.5 days) gets 8.5/30 of its correction, July
    // (183 days) and October (no backorder lines) the whole one
    let out = ok(
        &db,
        &["forecast", "--set-age-weighting", "on", "--threshold", "30"],
    );
    assert!(out.contains("on (threshold 30 days)"), "{out}");
    let on = short_forecast(&db);
    let weighted = floats(&on["reconstructed"]);
    for m in 0..12 {
        let want = if m == MARCH {
            recorded[m] + MARCH_AGE / 30.0 * (full[m] - recorded[m])
        } else {
            full[m]
        };
        assert!(
            (weighted[m] - want).abs() < 1e-12,
            "month {m}: {weighted:?} vs {want}"
        );
    }
    assert_eq!(on["recorded"], plain["recorded"]);
    assert_ne!(
        on["forecast"], plain["forecast"],
        "the forecast reads the weighted history"
    );

    // threshold 200: July is weighted too; October still whole
    ok(
        &db,
        &[
            "forecast",
            "--set-age-weighting",
            "on",
            "--threshold",
            "200",
        ],
    );
    let weighted = floats(&short_forecast(&db)["reconstructed"]);
    for m in 0..12 {
        let weight = match m {
            MARCH => MARCH_AGE / 200.0,
            JULY => JULY_AGE / 200.0,
            _ => 1.0,
        };
        let want = recorded[m] + weight * (full[m] - recorded[m]);
        assert!(
            (weighted[m] - want).abs() < 1e-12,
            "month {m}: {weighted:?} vs {want}"
        );
    }

    // the network total (and so every reader of the series) gets it too
    let network: Value =
        serde_json::from_str(&ok(&db, &["forecast", "--part", "SHORT", "--json"])).unwrap();
    let n = floats(&network["reconstructed"]);
    assert!((n[JULY] - weighted[JULY]).abs() < 1e-12, "{network}");

    // off again (threshold kept): the old numbers exactly
    let out = ok(&db, &["forecast", "--set-age-weighting", "off"]);
    assert!(out.contains("off (threshold 200 days)"), "{out}");
    let off = short_forecast(&db);
    assert_eq!(off["reconstructed"], plain["reconstructed"]);
    assert_eq!(off["forecast"], plain["forecast"]);
}

#[test]
fn bad_settings_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let db = working_set(dir.path());
    for args in [
        &["forecast", "--set-age-weighting", "maybe"][..],
        &["forecast", "--set-age-weighting", "on", "--threshold", "0"],
        &["forecast", "--set-age-weighting", "on", "--threshold", "-3"],
    ] {
        let out = run(&db, args);
        assert!(!out.status.success(), "{args:?}");
    }
    // nothing stored: still off, as a fresh working set
    let fresh = tempfile::tempdir().unwrap();
    let fresh = working_set(fresh.path());
    assert_eq!(short_forecast(&db), short_forecast(&fresh));
}

#[test]
fn backtest_says_whether_the_weighting_helped() {
    let dir = tempfile::tempdir().unwrap();
    let db = working_set(dir.path());
    let b: Value = serde_json::from_str(&ok(
        &db,
        &[
            "forecast",
            "--age-weighting-backtest",
            "--threshold",
            "200",
            "--json",
        ],
    ))
    .unwrap();
    assert_eq!(b["threshold_days"], 200.0);
    // SHORT@DC1, STEADY@DC1, STEADY@DC2 read; only SHORT's history changes
    assert_eq!(b["series"], 3, "{b}");
    assert_eq!(b["series_compared"], 1, "{b}");
    assert_eq!(b["series_without_comparable_months"], 0, "{b}");
    let points = b["points"].as_u64().unwrap();
    assert!(points > 0, "{b}");
    let (full, aged) = (
        b["mae_full_correction"].as_f64().unwrap(),
        b["mae_age_weighted"].as_f64().unwrap(),
    );
    assert_ne!(full, aged, "{b}");
    assert_eq!(b["helped"], aged < full, "{b}");
    assert_eq!(
        b["series_improved"].as_u64().unwrap() + b["series_worse"].as_u64().unwrap(),
        1
    );
    assert!(b["bias_full_correction"].is_f64() && b["bias_age_weighted"].is_f64());
    let verdict = b["verdict"].as_str().unwrap();
    assert!(
        verdict.starts_with(if aged < full {
            "helped"
        } else {
            "did not help"
        }),
        "{verdict}"
    );

    // threshold 5: March (8.5 days) and July are past it, October has no
    // lines: the weighted history is the full one, nothing to compare
    let b: Value = serde_json::from_str(&ok(
        &db,
        &[
            "forecast",
            "--age-weighting-backtest",
            "--threshold",
            "5",
            "--json",
        ],
    ))
    .unwrap();
    assert_eq!(b["series_compared"], 0, "{b}");
    assert_eq!(b["mae_full_correction"], Value::Null);
    assert_eq!(b["helped"], false);
    assert!(b["verdict"]
        .as_str()
        .unwrap()
        .starts_with("nothing to compare"));

    let table = ok(
        &db,
        &["forecast", "--age-weighting-backtest", "--threshold", "200"],
    );
    assert!(table.contains("age-weighted"), "{table}");
}
