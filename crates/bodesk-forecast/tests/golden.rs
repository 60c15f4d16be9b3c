//! Agreement with statsforecast 2.1.1 to 1e-9: the values in `golden.json`
//! were computed by `bench/forecast_golden.py` with the library itself
//! (hand-made series and eight carparts series, every method).

use bodesk_forecast::smoothing::{demand_sizes, intervals, optimised_ses};
use bodesk_forecast::{forecast, ForecastConfig, Method};
use serde_json::Value;

const TOLERANCE: f64 = 1e-9;

fn config(key: &str) -> ForecastConfig {
    let parts: Vec<&str> = key.split('_').collect();
    let num = |i: usize| parts[i].parse::<f64>().unwrap();
    match key {
        "croston" => ForecastConfig::with_method(Method::Croston),
        "sba" => ForecastConfig::with_method(Method::Sba),
        "croston_opt" => ForecastConfig::with_method(Method::CrostonOpt),
        "adida" => ForecastConfig::with_method(Method::Adida),
        "imapa" => ForecastConfig::with_method(Method::Imapa),
        _ if parts[0] == "ses" => ForecastConfig {
            alpha: num(1),
            ..ForecastConfig::with_method(Method::Ses)
        },
        _ if parts[0] == "tsb" => ForecastConfig {
            alpha_d: num(1),
            alpha_p: num(2),
            ..ForecastConfig::with_method(Method::Tsb)
        },
        _ => panic!("unknown golden key {key}"),
    }
}

#[test]
fn every_method_agrees_with_statsforecast() {
    let doc: Value = serde_json::from_str(include_str!("golden.json")).unwrap();
    let mut failures = Vec::new();
    let (mut compared, mut identical, mut max_diff) = (0, 0, 0.0_f64);
    for case in doc["cases"].as_array().unwrap() {
        let name = case["name"].as_str().unwrap();
        let y: Vec<f64> = case["y"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_f64().unwrap())
            .collect();
        for (key, want) in case["expected"].as_object().unwrap() {
            let want = want.as_f64().unwrap();
            let got = match key.as_str() {
                "croston_opt_alpha_size" => optimised_ses(&demand_sizes(&y)).1,
                "croston_opt_alpha_interval" => optimised_ses(&intervals(&y)).1,
                _ => {
                    let f = forecast(
                        &y,
                        &ForecastConfig {
                            horizon: 3,
                            ..config(key)
                        },
                    )
                    .unwrap();
                    assert!(
                        f.mean.iter().all(|&v| v == f.mean[0]),
                        "{name} {key}: not flat"
                    );
                    f.mean[0]
                }
            };
            let diff = (got - want).abs();
            compared += 1;
            identical += usize::from(got.to_bits() == want.to_bits());
            max_diff = max_diff.max(diff);
            if std::env::var_os("GOLDEN_VERBOSE").is_some() && diff > 0.0 {
                eprintln!("{name} {key}: {diff:e} got {got:?} want {want:?}");
            }
            if diff > TOLERANCE {
                failures.push(format!("{name} {key}: got {got:?}, statsforecast {want:?}"));
            }
        }
    }
    eprintln!("{compared} values compared, {identical} bit-identical, max |diff| {max_diff:e}");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(compared > 200, "{compared}");
}
