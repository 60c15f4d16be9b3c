//! `forecast_list` and `forecast_part` through `App::call` on the small demo,
//! as the UI calls them: the wire shapes, paging, the largest row's part
//! forecast agreeing with its list row, errors as `{code, message}`.

mod common;

use serde_json::json;

#[test]
fn the_commands_on_the_demo() {
    let dir = tempfile::tempdir().unwrap();
    let app = common::demo_app(&dir);
    let list = app.call("forecast_list", json!({ "limit": 5 })).unwrap();
    let rows = list["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 5);
    assert!(list["total_rows"].as_u64().unwrap() > 5);
    let totals: Vec<f64> = rows
        .iter()
        .map(|r| r["horizon_total"].as_f64().unwrap())
        .collect();
    assert!(totals.windows(2).all(|w| w[0] >= w[1]), "{totals:?}");
    assert_eq!(list["accuracy"]["points"], 5 * 15);

    // The next page starts where the first ended.
    let next = app
        .call("forecast_list", json!({ "limit": 2, "offset": 4 }))
        .unwrap();
    assert_eq!(next["rows"][0]["part_id"], rows[4]["part_id"]);
    assert_eq!(next["rows"][0]["location_id"], rows[4]["location_id"]);

    // The largest row's own forecast: the same method, level and accuracy.
    let top = &rows[0];
    let part = app
        .call(
            "forecast_part",
            json!({ "part_id": top["part_id"], "location_id": top["location_id"] }),
        )
        .unwrap();
    assert_eq!(part["method"], top["method"]);
    assert_eq!(part["forecast"][0], top["next_month"]);
    assert_eq!(part["accuracy"]["mase"], top["mase"]);
    assert_eq!(part["accuracy"]["bias"], top["bias"]);
    let n = part["periods"].as_array().unwrap().len();
    for key in ["recorded", "reconstructed", "censored", "censored_reason"] {
        assert_eq!(part[key].as_array().unwrap().len(), n, "{key}");
    }
    assert_eq!(part["forecast_periods"].as_array().unwrap().len(), 12);
    assert_eq!(
        part["censored"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|c| **c == true)
            .count() as u64,
        top["censored_months"].as_u64().unwrap()
    );

    let e = app
        .call("forecast_part", json!({ "part_id": "NO-SUCH-PART" }))
        .unwrap_err();
    assert_eq!(
        (e.code, e.message.as_str()),
        (
            bodesk_api::ErrorCode::NotFound,
            "no part \"NO-SUCH-PART\" in the working set"
        )
    );
    let e = app
        .call(
            "forecast_part",
            json!({ "part_id": top["part_id"], "horizon": 0 }),
        )
        .unwrap_err();
    assert_eq!(e.code, bodesk_api::ErrorCode::InvalidInput);
}
