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

/// The whole portfolio's accuracy equals the series' backtests combined one
/// by one (each series' own `forecast_part` accuracy): MASE the mean of the
/// series' MASE, MAE and bias weighted by points.
#[test]
fn whole_portfolio_accuracy_is_the_mean_over_every_series() {
    let dir = tempfile::tempdir().unwrap();
    let app = common::demo_app(&dir);
    let page = app
        .call(
            "forecast_list",
            json!({ "limit": 3, "with_portfolio_accuracy": true }),
        )
        .unwrap();
    let total = page["total_rows"].as_u64().unwrap();
    assert_eq!(page["portfolio_series"].as_u64().unwrap(), total);
    let whole = &page["portfolio_accuracy"];
    let all = app
        .call("forecast_list", json!({ "limit": total }))
        .unwrap();
    assert!(all.get("portfolio_accuracy").is_none(), "opt-in");
    let (mut mase_sum, mut mase_n, mut abs_sum, mut sum, mut points) = (0.0, 0, 0.0, 0.0, 0);
    for row in all["rows"].as_array().unwrap() {
        let part = app
            .call(
                "forecast_part",
                json!({ "part_id": row["part_id"], "location_id": row["location_id"] }),
            )
            .unwrap();
        let a = &part["accuracy"];
        if let Some(m) = a["mase"].as_f64() {
            mase_sum += m;
            mase_n += 1;
        }
        let n = a["points"].as_u64().unwrap();
        abs_sum += a["mae"].as_f64().unwrap() * n as f64;
        sum += a["bias"].as_f64().unwrap() * n as f64;
        points += n;
    }
    assert!(total > 100 && points > 0, "{total} series, {points} points");
    assert_eq!(page["portfolio_series_with_mase"], mase_n);
    assert_eq!(whole["points"], points);
    let close = |key: &str, want: f64| {
        let got = whole[key].as_f64().unwrap();
        assert!((got - want).abs() < 1e-9, "{key}: {got} vs {want}");
    };
    close("mase", mase_sum / mase_n as f64);
    close("mae", abs_sum / points as f64);
    close("bias", sum / points as f64);
    // (the page's own accuracy still covers its rows only)
    assert_eq!(page["accuracy"]["points"].as_u64().unwrap(), 3 * 15);
}
