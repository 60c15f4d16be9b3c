//! Properties over random series (fastrand, fixed seeds): outputs are finite
//! and non-negative; a series without demand forecasts 0; a constant series
//! forecasts its value with the level methods; SBA is 0.95 × Croston; the
//! optimised alphas stay within [0.1, 0.3].

use bodesk_forecast::smoothing::{demand_sizes, intervals, optimised_ses};
use bodesk_forecast::{forecast, ForecastConfig, Method};

fn random_series(rng: &mut fastrand::Rng) -> Vec<f64> {
    let n = rng.usize(1..80);
    let p_demand = rng.f64();
    let whole = rng.bool();
    (0..n)
        .map(|_| {
            if rng.f64() < p_demand {
                let q = rng.f64() * 10f64.powi(rng.i32(0..4));
                if whole {
                    q.ceil()
                } else {
                    q
                }
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

#[test]
fn forecasts_are_finite_non_negative_and_flat() {
    let mut rng = fastrand::Rng::with_seed(6);
    for _ in 0..2000 {
        let y = random_series(&mut rng);
        let max = y.iter().copied().fold(0.0, f64::max);
        for method in Method::ALL {
            let c = config(method, &mut rng);
            let f = forecast(&y, &c).unwrap();
            assert_eq!(f.mean.len(), c.horizon);
            for &v in &f.mean {
                assert!(v.is_finite() && v >= 0.0, "{method} {y:?}: {v}");
                // every method is an average of past demand (or of bucket sums / k)
                assert!(v <= max * (1.0 + 1e-12), "{method} {y:?}: {v} > max {max}");
                assert_eq!(v, f.mean[0]);
            }
        }
    }
}

#[test]
fn no_demand_forecasts_zero() {
    let mut rng = fastrand::Rng::with_seed(7);
    for n in 1..40 {
        let y = vec![0.0; n];
        for method in Method::ALL {
            let f = forecast(&y, &config(method, &mut rng)).unwrap();
            assert!(
                f.mean.iter().all(|&v| v == 0.0),
                "{method} n={n}: {:?}",
                f.mean
            );
        }
    }
}

#[test]
fn constant_series_forecasts_its_value() {
    for n in 1..30 {
        for value in [0.5, 1.0, 7.0, 1234.25] {
            let y = vec![value; n];
            for method in [
                Method::Ses,
                Method::Croston,
                Method::CrostonOpt,
                Method::Tsb,
                Method::Adida,
                Method::Imapa,
                Method::Auto,
            ] {
                let f = forecast(&y, &ForecastConfig::with_method(method)).unwrap();
                let err = (f.mean[0] - value).abs();
                assert!(
                    err <= 1e-12 * value,
                    "{method} n={n} value={value}: {}",
                    f.mean[0]
                );
            }
            let sba = forecast(&y, &ForecastConfig::with_method(Method::Sba)).unwrap();
            assert!((sba.mean[0] - 0.95 * value).abs() <= 1e-12 * value);
        }
    }
}

#[test]
fn sba_is_croston_times_095_and_alphas_stay_in_bounds() {
    let mut rng = fastrand::Rng::with_seed(8);
    for _ in 0..2000 {
        let y = random_series(&mut rng);
        let c = forecast(&y, &ForecastConfig::with_method(Method::Croston)).unwrap();
        let s = forecast(&y, &ForecastConfig::with_method(Method::Sba)).unwrap();
        assert_eq!(s.mean[0], c.mean[0] * 0.95);
        let sizes = demand_sizes(&y);
        if !sizes.is_empty() {
            for x in [sizes, intervals(&y)] {
                let alpha = optimised_ses(&x).1;
                assert!((0.1..=0.3).contains(&alpha), "{alpha}");
            }
        }
    }
}

#[test]
fn single_demand_follows_statsforecast() {
    // One demand of 6 at 1-based position p of n: Croston = 6 / p (the single
    // size and interval are their own SES forecasts); TSB = SES of the
    // indicator × 6.
    for n in 1..20 {
        for p in 1..=n {
            let mut y = vec![0.0; n];
            y[p - 1] = 6.0;
            let croston = forecast(&y, &ForecastConfig::with_method(Method::Croston)).unwrap();
            assert_eq!(croston.mean[0], 6.0 / p as f64, "n={n} p={p}");
        }
    }
}
