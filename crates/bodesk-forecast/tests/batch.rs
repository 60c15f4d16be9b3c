//! The batch engine (`forecast_all_methods[_batch]`) gives every method's
//! forecast to the bit as `forecast()` does, on random series of every shape
//! and on the statsforecast goldens.

use bodesk_forecast::batch::METHODS;
use bodesk_forecast::{
    forecast, forecast_all_methods, forecast_all_methods_batch, ForecastConfig, ForecastError,
    Method,
};
use serde_json::Value;

/// Series of every shape the engine branches on: short and long, dense and
/// sparse (aggregation levels past 8, where NumPy's pairwise sums differ from
/// left-to-right ones), whole and fractional sizes, huge values, zeros that
/// are negative zeros, no demand at all.
fn random_series(rng: &mut fastrand::Rng) -> Vec<f64> {
    let n = match rng.u8(0..10) {
        0 => rng.usize(1..4),
        1..=6 => rng.usize(4..80),
        _ => rng.usize(80..240),
    };
    let p_demand = match rng.u8(0..4) {
        0 => 0.0,
        1 => rng.f64() * 0.08,
        _ => rng.f64(),
    };
    let scale = match rng.u8(0..10) {
        0 => 1e150,
        1 => 1e-3,
        _ => 10f64.powi(rng.i32(0..4)),
    };
    let whole = rng.bool();
    (0..n)
        .map(|_| {
            if rng.f64() < p_demand {
                let q = rng.f64() * scale;
                if whole {
                    q.ceil()
                } else {
                    q
                }
            } else if rng.u8(0..20) == 0 {
                -0.0
            } else {
                0.0
            }
        })
        .collect()
}

fn config(method: Method, rng: &mut fastrand::Rng) -> ForecastConfig {
    ForecastConfig {
        method,
        horizon: rng.usize(1..13),
        alpha: 0.01 + 0.99 * rng.f64(),
        alpha_d: 0.01 + 0.99 * rng.f64(),
        alpha_p: 0.01 + 0.99 * rng.f64(),
    }
}

fn bits(values: &[f64]) -> Vec<u64> {
    values.iter().map(|v| v.to_bits()).collect()
}

#[test]
fn batch_forecasts_are_forecast_per_method_to_the_bit() {
    let mut rng = fastrand::Rng::with_seed(20261129);
    let mut checked = 0;
    for round in 0..12 {
        let c = config(Method::Auto, &mut rng);
        // more than one pool of series per batch in some rounds
        let count = if round % 4 == 0 { 1300 } else { 300 };
        let series: Vec<Vec<f64>> = (0..count).map(|_| random_series(&mut rng)).collect();
        let slices: Vec<&[f64]> = series.iter().map(Vec::as_slice).collect();
        let all = forecast_all_methods_batch(&slices, &c).unwrap();
        assert_eq!(all.len(), series.len());
        for (y, levels) in series.iter().zip(&all) {
            assert_eq!(forecast_all_methods(y, &c).unwrap(), *levels, "{y:?}");
            for method in METHODS {
                let config = ForecastConfig { method, ..c };
                let want = forecast(y, &config).unwrap();
                let got = levels.forecast(method, &config).unwrap();
                assert_eq!(bits(&got.mean), bits(&want.mean), "{method} {y:?}");
                assert_eq!(got, want, "{method} {y:?}");
                checked += 1;
            }
        }
    }
    assert!(checked > 40_000);
}

#[test]
fn batch_agrees_with_the_statsforecast_goldens() {
    let doc: Value = serde_json::from_str(include_str!("golden.json")).unwrap();
    let default = ForecastConfig::default();
    let mut compared = 0;
    for case in doc["cases"].as_array().unwrap() {
        let y: Vec<f64> = case["y"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_f64().unwrap())
            .collect();
        let levels = forecast_all_methods(&y, &default).unwrap();
        let tsb = forecast_all_methods(
            &y,
            &ForecastConfig {
                alpha: 0.35,
                alpha_d: 0.3,
                alpha_p: 0.2,
                ..default
            },
        )
        .unwrap();
        for (key, want) in case["expected"].as_object().unwrap() {
            let got = match key.as_str() {
                "ses_0.1" => levels.level[0],
                "croston" => levels.level[1],
                "sba" => levels.level[2],
                "croston_opt" => levels.level[3],
                "tsb_0.1_0.1" => levels.level[4],
                "adida" => levels.level[5],
                "imapa" => levels.level[6],
                "ses_0.35" => tsb.level[0],
                "tsb_0.3_0.2" => tsb.level[4],
                "croston_opt_alpha_size" => levels.alpha_size.unwrap(),
                "croston_opt_alpha_interval" => levels.alpha_interval.unwrap(),
                other => panic!("unknown golden key {other}"),
            };
            let want = want.as_f64().unwrap();
            assert_eq!(
                got.to_bits(),
                want.to_bits(),
                "{} {key}: {got:?} vs {want:?}",
                case["name"]
            );
            compared += 1;
        }
    }
    assert_eq!(compared, 271);
}

#[test]
fn batch_refuses_an_invalid_series_by_its_index() {
    let ok = [1.0, 0.0, 2.0];
    let cases: [(&[&[f64]], usize, ForecastError); 3] = [
        (&[&ok, &[]], 1, ForecastError::Empty),
        (
            &[&ok, &ok, &[0.0, -1.0]],
            2,
            ForecastError::Negative {
                index: 1,
                value: -1.0,
            },
        ),
        (&[&[f64::NAN]], 0, ForecastError::NotFinite { index: 0 }),
    ];
    for (series, index, error) in cases {
        let err = forecast_all_methods_batch(series, &ForecastConfig::default()).unwrap_err();
        assert_eq!((err.index, err.error), (index, error));
    }
    let bad_alpha = ForecastConfig {
        alpha_p: 0.0,
        ..ForecastConfig::default()
    };
    assert_eq!(
        forecast_all_methods(&ok, &bad_alpha).unwrap_err(),
        ForecastError::Alpha {
            name: "alpha_p",
            value: 0.0
        }
    );
    assert!(forecast_all_methods_batch(&[], &ForecastConfig::default())
        .unwrap()
        .is_empty());
}
