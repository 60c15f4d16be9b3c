//! `bodesk adjust`, `bodesk adjustments` and `bodesk supplier-forecast` end
//! to end through the real binary on the small example export: adjustments
//! added, refused and removed; a supplier's forecast monthly and weekly (the
//! weeks of a part sum to its months), the cadence setting used by default.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

mod support;
use support::{ok, run};

fn example_db(dir: &Path) -> PathBuf {
    let db = dir.join("ws.sqlite");
    let example = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/erp-small");
    ok(
        &db,
        &["import", example.to_str().unwrap(), "--as-of", "2026-10-31"],
    );
    db
}

/// part → total qty of a supplier forecast CSV, and the periods seen.
fn totals(csv: &str) -> (BTreeMap<String, f64>, Vec<String>) {
    let mut lines = csv.lines();
    assert_eq!(lines.next(), Some("supplier_id,part_id,period,qty,method"));
    let mut by_part = BTreeMap::new();
    let mut periods = Vec::new();
    for line in lines {
        let cells: Vec<&str> = line.split(',').collect();
        assert_eq!(cells.len(), 5, "{line}");
        assert_eq!(cells[0], "V200");
        *by_part.entry(cells[1].to_string()).or_insert(0.0) += cells[3].parse::<f64>().unwrap();
        if !periods.iter().any(|p| p == cells[2]) {
            periods.push(cells[2].to_string());
        }
    }
    (by_part, periods)
}

#[test]
fn adjustments_are_added_listed_refused_and_removed() {
    let dir = tempfile::tempdir().unwrap();
    let db = example_db(dir.path());
    let added = ok(
        &db,
        &[
            "adjust",
            "add",
            "--kind",
            "supply_change",
            "--part",
            "P-1001",
            "--from",
            "2026-12",
            "--to",
            "2027-03",
            "--qty",
            "-5",
            "--reason",
            "supplier ramp-down",
            "--json",
        ],
    );
    let added: serde_json::Value = serde_json::from_str(&added).unwrap();
    assert_eq!(added["kind"], "supply_change");
    assert_eq!(added["qty"], -5.0);
    let id = added["adjustment_id"].as_i64().unwrap();

    let listed: serde_json::Value =
        serde_json::from_str(&ok(&db, &["adjustments", "--part", "P-1001", "--json"])).unwrap();
    assert_eq!(listed.as_array().unwrap().len(), 1);
    let table = ok(&db, &["adjustments"]);
    assert!(table.contains("supplier ramp-down"), "{table}");
    assert!(table.contains("ERP campaign CMP-1"), "{table}");

    let refused = run(
        &db,
        &[
            "adjust", "add", "--kind", "override", "--part", "P-1001", "--from", "2027-03", "--to",
            "2027-01", "--qty", "2", "--reason", "late",
        ],
    );
    assert!(!refused.status.success());
    assert_eq!(
        String::from_utf8_lossy(&refused.stderr).trim(),
        "bodesk: end_period 2027-01 is before start_period 2027-03 [invalid_input]"
    );

    let removed = run(
        &db,
        &[
            "adjust",
            "remove",
            &id.to_string(),
            "--reason",
            "ramp-down cancelled",
        ],
    );
    assert!(removed.status.success(), "{removed:?}");
    let listed: serde_json::Value =
        serde_json::from_str(&ok(&db, &["adjustments", "--part", "P-1001", "--json"])).unwrap();
    assert_eq!(listed, serde_json::json!([]));
}

#[test]
fn supplier_forecast_weekly_sums_to_monthly_and_the_cadence_is_a_setting() {
    let dir = tempfile::tempdir().unwrap();
    let db = example_db(dir.path());
    // A campaign on one of V200's parts, so that the months differ.
    ok(
        &db,
        &[
            "adjust", "add", "--kind", "campaign", "--part", "P-1004", "--from", "2027-01", "--to",
            "2027-02", "--qty", "30", "--reason", "retrofit",
        ],
    );

    let monthly = ok(
        &db,
        &["supplier-forecast", "--supplier", "V200", "--horizon", "6"],
    );
    let (months, month_periods) = totals(&monthly);
    assert_eq!(
        month_periods,
        ["2026-11", "2026-12", "2027-01", "2027-02", "2027-03", "2027-04"]
    );
    let out = dir.path().join("v200-weekly.csv");
    ok(
        &db,
        &[
            "supplier-forecast",
            "--supplier",
            "V200",
            "--horizon",
            "6",
            "--cadence",
            "weekly",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    let weekly = std::fs::read_to_string(&out).unwrap();
    let (weeks, week_periods) = totals(&weekly);
    // 2026-11-01 (a Sunday) is in ISO week 44; 2027-04-30 (a Friday) in week 17.
    assert_eq!(week_periods.first().unwrap(), "2026-W44");
    assert_eq!(week_periods.last().unwrap(), "2027-W17");
    assert_eq!(week_periods.len(), 27);
    assert_eq!(
        months.keys().collect::<Vec<_>>(),
        weeks.keys().collect::<Vec<_>>()
    );
    assert!(months.values().any(|&q| q > 0.0));
    for (part, q) in &months {
        // Each weekly cell is rounded to 4 decimals: at most 27 × 0.00005 apart.
        assert!(
            (q - weeks[part]).abs() < 27.0 * 0.00005 + 1e-9,
            "{part}: {q} vs {}",
            weeks[part]
        );
    }

    let set = run(
        &db,
        &[
            "supplier-forecast",
            "--supplier",
            "V200",
            "--set-cadence",
            "weekly",
        ],
    );
    assert!(set.status.success(), "{set:?}");
    let default_now = ok(
        &db,
        &["supplier-forecast", "--supplier", "V200", "--horizon", "6"],
    );
    assert_eq!(default_now, weekly, "the supplier's cadence is the default");

    let unknown = run(&db, &["supplier-forecast", "--supplier", "NOPE"]);
    assert!(!unknown.status.success());
    assert!(
        String::from_utf8_lossy(&unknown.stderr).contains("unknown supplier \"NOPE\""),
        "{unknown:?}"
    );
}
