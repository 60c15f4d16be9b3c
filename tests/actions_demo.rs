//! The action engine on the small demo network, end to end through the real
//! binary: the planted EOL story (part 100007, successor 100008 stocked only
//! at AC01 while the demand is in EMEA), the late supplier 200003, and the
//! expedite list's ranking and arithmetic.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

fn bodesk(db: &Path, args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_bodesk"))
        .arg("--db")
        .arg(db)
        .args(args)
        .output()
        .expect("run bodesk");
    assert!(
        out.status.success(),
        "bodesk {args:?} failed: {}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn json(db: &Path, args: &[&str]) -> Value {
    serde_json::from_str(&bodesk(db, args)).unwrap()
}

fn f(v: &Value) -> f64 {
    v.as_f64().unwrap()
}

#[test]
fn the_small_demo_stories_come_out_of_expedite_attribution_and_eol() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ws.sqlite");
    bodesk(&db, &["demo"]);

    // EOL: 100007 is reported, its successor 100008 is not stocked at any of
    // the EMEA locations where 100007 is wanted.
    let eol = json(&db, &["eol", "--json"]);
    let parts = eol["parts"].as_array().unwrap();
    let p = parts
        .iter()
        .find(|p| p["part_id"] == "100007")
        .expect("100007 reported");
    assert_eq!(p["lifecycle"], "eol");
    assert_eq!(p["successor_part_id"], "100008");
    let wanted = p["wanted_at"].as_array().unwrap();
    let emea: Vec<&str> = wanted
        .iter()
        .filter(|w| w["region"] == "EMEA")
        .map(|w| w["location_id"].as_str().unwrap())
        .collect();
    for loc in ["EF01", "EF02", "ER02"] {
        assert!(emea.contains(&loc), "{loc} not among {emea:?}");
    }
    assert!(
        wanted.iter().all(|w| w["successor_stocked"] == false),
        "{wanted:?}"
    );
    let missing: Vec<&str> = p["successor_missing_at"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap())
        .collect();
    assert_eq!(missing, emea);
    // More lines a month after the EOL date than before.
    assert!(f(&p["after"]["lines_per_month"]) > f(&p["before"]["lines_per_month"]));
    // Its last-time buy: the arithmetic the report shows.
    let ltb = &p["last_time_buy"];
    let rest = f(&ltb["mean_monthly"]) * 24.0 - f(&ltb["on_hand"]) - f(&ltb["on_order"]);
    assert_eq!(f(&ltb["quantity"]), rest.max(0.0).ceil());
    // A horizon of 6 months asks for less.
    let short = json(&db, &["eol", "--json", "--horizon-months", "6"]);
    let q6 = short["parts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["part_id"] == "100007")
        .unwrap()["last_time_buy"]["quantity"]
        .clone();
    assert!(f(&q6) < f(&ltb["quantity"]));
    // The table names it too.
    let table = bodesk(&db, &["eol"]);
    assert!(
        table.contains("100007") && table.contains("NOT stocked"),
        "{table}"
    );

    // Attribution: the late supplier has the largest share of supplier days.
    let by_supplier = json(&db, &["attribution", "--by", "supplier", "--json"]);
    let groups = by_supplier["groups"].as_array().unwrap();
    let top = groups
        .iter()
        .max_by(|a, b| f(&a["supplier_share"]).total_cmp(&f(&b["supplier_share"])))
        .unwrap();
    assert_eq!(top["key"], "200003");
    for g in groups {
        let sum = f(&g["supplier_share"]) + f(&g["demand_share"]) + f(&g["other_share"]);
        if g["backorder_days"].as_i64().unwrap() > 0 {
            assert!((sum - 1.0).abs() < 1e-9, "{g}");
        }
    }

    // Expedite: ranked by saving, each saving = avoided − cost, and the
    // filtered list is the whole list restricted to the path.
    let all = json(&db, &["expedite", "--json"]);
    let rows = all["rows"].as_array().unwrap();
    assert!(all["with_action"].as_u64().unwrap() > 0);
    let savings: Vec<f64> = rows
        .iter()
        .filter(|r| !r["action"].is_null())
        .map(|r| f(&r["action"]["saving"]))
        .collect();
    assert!(savings.windows(2).all(|w| w[0] >= w[1]), "{savings:?}");
    for r in rows.iter().filter(|r| !r["action"].is_null()) {
        let a = &r["action"];
        let expect = f(&a["avoided_penalty"]) + f(&a["avoided_downtime"]) - f(&a["cost"]);
        assert!((f(&a["saving"]) - expect).abs() < 0.011, "{a}");
        assert!(a["days_saved"].as_i64().unwrap() > 0);
    }
    for r in rows.iter().filter(|r| r["action"].is_null()) {
        assert!(r["reason"].as_str().is_some_and(|s| !s.is_empty()), "{r}");
    }
    let emea = json(&db, &["expedite", "--json", "--where", "region=EMEA"]);
    let emea_rows = emea["rows"].as_array().unwrap();
    assert!(!emea_rows.is_empty() && emea_rows.len() < rows.len());
    for r in emea_rows.iter().filter(|r| !r["action"].is_null()) {
        let same = rows
            .iter()
            .find(|x| x["order_id"] == r["order_id"] && x["order_line"] == r["order_line"])
            .unwrap();
        assert_eq!(same["action"], r["action"]);
    }
    let limited = json(&db, &["expedite", "--json", "--limit", "3"]);
    assert_eq!(limited["rows"].as_array().unwrap().len(), 3);
    assert_eq!(limited["rows"][0], rows[0]);
}
