//! `bodesk forecast` on the working set, end to end through the real binary:
//! a small working set imported from hand-made CSV files with a part short of
//! stock in exactly 3 months (reconstructed above recorded exactly there) and
//! a part never short (reconstructed = recorded); the same numbers as
//! `bodesk forecast --input` on the same series; the tables; an unknown part.

use std::path::Path;

use serde_json::Value;

mod support;
use support::{floats, import_files, ok, run};

/// Monthly demand of 2026: SHORT is out of stock in March, July and October
/// (stockout days, a short fill, both); STEADY is never short.
const SHORT: [(u32, u32, Option<u32>, u32); 12] = [
    // month, demanded, filled (None: empty cell), stockout days
    (1, 3, Some(3), 0),
    (2, 0, Some(0), 0),
    (3, 2, Some(2), 12),
    (4, 4, Some(4), 0),
    (5, 1, None, 0),
    (6, 0, Some(0), 0),
    (7, 5, Some(1), 0),
    (8, 2, Some(2), 0),
    (9, 3, Some(3), 0),
    (10, 1, Some(0), 20),
    (11, 0, Some(0), 0),
    (12, 2, Some(2), 0),
];
const STEADY: [u32; 12] = [10, 12, 9, 11, 14, 10, 8, 12, 11, 13, 9, 10];

/// A working set with SHORT at DC1 and STEADY at DC1 and DC2, as of the end
/// of 2026.
fn working_set(dir: &Path) -> std::path::PathBuf {
    let mut demand =
        String::from("period,part_id,location_id,qty_demanded,qty_filled,stockout_days\n");
    for (m, q, filled, days) in SHORT {
        let filled = filled.map_or(String::new(), |f| f.to_string());
        demand += &format!("2026-{m:02},SHORT,DC1,{q},{filled},{days}\n");
    }
    for (i, q) in STEADY.iter().enumerate() {
        demand += &format!("2026-{:02},STEADY,DC1,{q},{q},0\n", i + 1);
        demand += &format!("2026-{:02},STEADY,DC2,{h},{h},0\n", i + 1, h = q / 2);
    }
    import_files(
        dir,
        &[
            ("parts.csv", "part_id,description,unit_cost,criticality,lead_time_days\nSHORT,Often short,12.5,A,40\nSTEADY,Never short,3,C,10\nIDLE,No demand,1,C,5\n"),
            ("locations.csv", "location_id,name,region,country,kind\nDC1,Central,EMEA,DE,central\nDC2,North,EMEA,SE,regional\n"),
            ("demand_history.csv", &demand),
        ],
        "2026-12-31",
    )
}

#[test]
fn censored_months_are_reconstructed_exactly_there() {
    let dir = tempfile::tempdir().unwrap();
    let db = working_set(dir.path());
    let f: Value = serde_json::from_str(&ok(
        &db,
        &["forecast", "--part", "SHORT", "--location", "DC1", "--json"],
    ))
    .unwrap();
    let periods: Vec<&str> = f["periods"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap())
        .collect();
    assert_eq!(periods.len(), 12);
    assert_eq!((periods[0], periods[11]), ("2026-01", "2026-12"));
    let (recorded, reconstructed) = (floats(&f["recorded"]), floats(&f["reconstructed"]));
    let want: Vec<f64> = SHORT.iter().map(|r| f64::from(r.1)).collect();
    assert_eq!(recorded, want);
    let short_months = [2, 6, 9]; // March, July, October
    for i in 0..12 {
        let censored = f["censored"][i].as_bool().unwrap();
        assert_eq!(censored, short_months.contains(&i), "month {i}");
        if censored {
            assert!(reconstructed[i] > recorded[i], "month {i}: {f}");
        } else {
            assert_eq!(reconstructed[i], recorded[i], "month {i}");
            assert_eq!(f["censored_reason"][i], "");
        }
    }
    assert_eq!(f["censored_reason"][2], "12 stockout days");
    assert_eq!(f["censored_reason"][6], "1 of 5 filled");
    assert_eq!(f["censored_reason"][9], "20 stockout days, 0 of 1 filled");
    assert_eq!(f["censoring_model"], "poisson");
    assert_eq!(f["censoring_fit"], "converged");
    // forecast of the reconstructed demand, 12 months of 2027, a band around it
    assert_eq!(f["forecast_periods"][0], "2027-01");
    assert_eq!(f["forecast_periods"][11], "2027-12");
    assert_eq!(f["forecast"], f["baseline"]);
    let (forecast, lower, upper) = (
        floats(&f["forecast"]),
        floats(&f["lower"]),
        floats(&f["upper"]),
    );
    for i in 0..12 {
        assert!(0.0 <= lower[i] && lower[i] <= forecast[i] && forecast[i] < upper[i]);
    }
    assert_eq!(f["band_level"], 0.8);
    assert!(f["params"]["reason"]
        .as_str()
        .unwrap()
        .contains("lowest mean absolute error"));
    assert_eq!(f["accuracy"]["origins"], 6);
    assert_eq!(f["accuracy"]["points"], 15);

    // Never short: nothing censored, reconstructed = recorded, at both
    // locations and over the network.
    for location in [Some("DC1"), Some("DC2"), None] {
        let mut args = vec!["forecast", "--part", "STEADY", "--json"];
        if let Some(l) = location {
            args.extend(["--location", l]);
        }
        let f: Value = serde_json::from_str(&ok(&db, &args)).unwrap();
        assert_eq!(f["reconstructed"], f["recorded"], "{location:?}");
        assert!(f["censored"].as_array().unwrap().iter().all(|c| c == false));
        assert_eq!(f["censoring_fit"], "uncensored");
        assert_eq!(f["locations"], serde_json::json!(["DC1", "DC2"]));
        if location.is_none() {
            let total: Vec<f64> = STEADY.iter().map(|&q| f64::from(q + q / 2)).collect();
            assert_eq!(floats(&f["recorded"]), total);
            assert!(f.get("location_id").is_none());
        }
    }
}

#[test]
fn the_same_numbers_as_the_file_mode() {
    let dir = tempfile::tempdir().unwrap();
    let db = working_set(dir.path());
    // The same history as a long file with its censoring columns.
    let mut file = String::from("period,part_id,qty,qty_filled,stockout_days\n");
    for (m, q, filled, days) in SHORT {
        let filled = filled.map_or(String::new(), |f| f.to_string());
        file += &format!("2026-{m:02},SHORT,{q},{filled},{days}\n");
    }
    let input = dir.path().join("short.csv");
    std::fs::write(&input, file).unwrap();
    for method in ["auto", "croston", "adida", "tsb"] {
        let ws: Value = serde_json::from_str(&ok(
            &db,
            &[
                "forecast",
                "--part",
                "SHORT",
                "--location",
                "DC1",
                "--method",
                method,
                "--horizon",
                "4",
                "--json",
            ],
        ))
        .unwrap();
        let file_out = ok(
            &dir.path().join("unused.db"),
            &[
                "forecast",
                "--input",
                input.to_str().unwrap(),
                "--method",
                method,
                "--horizon",
                "4",
                "--json",
            ],
        );
        let from_file: Value = serde_json::from_str(file_out.lines().next().unwrap()).unwrap();
        assert_eq!(
            from_file["history"]["reconstructed"], ws["reconstructed"],
            "{method}"
        );
        assert_eq!(from_file["history"]["censored"], ws["censored"], "{method}");
        assert_eq!(from_file["forecast"], ws["baseline"], "{method}");
        assert_eq!(from_file["method"], ws["method"], "{method}");
        assert_eq!(from_file["params"], ws["params"], "{method}");
    }
}

#[test]
fn tables_and_refusals() {
    let dir = tempfile::tempdir().unwrap();
    let db = working_set(dir.path());
    let part = ok(&db, &["forecast", "--part", "SHORT"]);
    for want in [
        "part SHORT at all locations (DC1)",
        "history: 12 months, 3 censored; censored-demand model poisson (converged)",
        "2026-03         2.00",
        "12 stockout days",
        "forecast: method ",
        "2027-01",
        "accuracy: MASE ",
    ] {
        assert!(part.contains(want), "{want:?} not in\n{part}");
    }
    let portfolio = ok(&db, &["forecast"]);
    let lines: Vec<&str> = portfolio.lines().collect();
    assert_eq!(lines[0], "3 part × location series; largest forecast first");
    // largest first: STEADY at DC1, STEADY at DC2, SHORT
    assert!(lines[2].starts_with("STEADY            DC1"), "{portfolio}");
    assert!(lines[3].starts_with("STEADY            DC2"), "{portfolio}");
    assert!(lines[4].starts_with("SHORT             DC1"), "{portfolio}");
    assert!(
        lines[5].starts_with("accuracy of the 3 rows shown: MASE "),
        "{portfolio}"
    );
    let json: Value =
        serde_json::from_str(&ok(&db, &["forecast", "--json", "--limit", "1"])).unwrap();
    assert_eq!(json["total_rows"], 3);
    assert_eq!(json["rows"].as_array().unwrap().len(), 1);
    assert_eq!(json["accuracy"]["points"], 15);

    for (args, want) in [
        (
            &["forecast", "--part", "NOPE"][..],
            "bodesk: no part \"NOPE\" in the working set [not_found]",
        ),
        (
            &["forecast", "--part", "IDLE"][..],
            "bodesk: part IDLE has no demand history in the working set [not_found]",
        ),
        (
            &["forecast", "--part", "SHORT", "--location", "DC2"][..],
            "bodesk: part SHORT has no demand history at location DC2 (it has at: DC1) [not_found]",
        ),
        (
            &["forecast", "--part", "SHORT", "--method", "magic"][..],
            "bodesk: unknown method \"magic\"; one of ses, croston, sba, croston_opt, tsb, adida, imapa, auto [invalid_input]",
        ),
        (
            &["forecast", "--input", "x.csv"][..],
            "bodesk: --method is required with --input (e.g. --method auto)",
        ),
    ] {
        let out = run(&db, args);
        assert!(!out.status.success(), "{args:?}");
        assert_eq!(String::from_utf8_lossy(&out.stderr).trim(), want, "{args:?}");
    }
}

#[test]
fn recovery_and_whole_portfolio_accuracy() {
    let dir = tempfile::tempdir().unwrap();
    let db = working_set(dir.path());
    // SHORT is censored in March, July and October: the last recovery is
    // November, after a run of one censored month.
    let f: Value = serde_json::from_str(&ok(
        &db,
        &["forecast", "--part", "SHORT", "--location", "DC1", "--json"],
    ))
    .unwrap();
    let r = &f["recovery"];
    assert_eq!(r["period"], "2026-11");
    assert_eq!(r["censored_run"], 1);
    assert_eq!(r["window"], 6);
    // before: origins 4..10 against months before November; after: origins
    // 10 and 11 (the series ends in December)
    assert_eq!(r["before"]["origins"], 6);
    assert_eq!(r["after"]["origins"], 2);
    assert_eq!(r["after"]["points"], 3); // 2 + 1
    let verdict = r["verdict"].as_str().unwrap();
    assert!(
        verdict.starts_with("after the recovery in 2026-11 the forecast error "),
        "{verdict}"
    );
    let text = ok(&db, &["forecast", "--part", "SHORT"]);
    for want in [
        verdict,
        "  before the recovery (origins in the 6 months before 2026-11, 1 of them censored): MASE ",
        "  after the recovery (origins in the 6 months from 2026-11 on): MASE ",
    ] {
        assert!(text.contains(want), "{want:?} not in\n{text}");
    }
    // never short: no recovery, not on the wire either
    let f: Value =
        serde_json::from_str(&ok(&db, &["forecast", "--part", "STEADY", "--json"])).unwrap();
    assert!(f.get("recovery").is_none(), "{f}");

    // The whole portfolio only with --accuracy; a page of one row still
    // covers all three series.
    let json: Value =
        serde_json::from_str(&ok(&db, &["forecast", "--json", "--limit", "1"])).unwrap();
    assert!(json.get("portfolio_accuracy").is_none());
    let json: Value = serde_json::from_str(&ok(
        &db,
        &["forecast", "--json", "--limit", "1", "--accuracy"],
    ))
    .unwrap();
    assert_eq!(json["rows"].as_array().unwrap().len(), 1);
    assert_eq!(json["portfolio_series"], 3);
    assert_eq!(json["portfolio_series_with_mase"], 3);
    assert_eq!(json["portfolio_accuracy"]["points"], 3 * 15);
    let all: Value = serde_json::from_str(&ok(&db, &["forecast", "--json"])).unwrap();
    assert_eq!(
        json["portfolio_accuracy"], all["accuracy"],
        "all 3 rows shown"
    );
    let table = ok(&db, &["forecast", "--accuracy", "--limit", "1"]);
    assert!(
        table.contains("accuracy of the whole portfolio (3 series, 3 with a MASE): MASE "),
        "{table}"
    );
}
