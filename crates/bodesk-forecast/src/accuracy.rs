//! Forecast accuracy: MAE, bias and MASE of a forecast against what
//! happened, rolling-origin backtests, portfolio figures and the comparison
//! before and after a backorder recovery. Pure, like the rest of the engine.
//!
//! - **MAE**: mean |forecast − actual|; **bias**: mean (forecast − actual)
//!   (positive: over-forecast).
//! - **MASE**: the absolute errors divided by the *scale*, the in-sample mean
//!   absolute error of the naive one-step forecast on the training part
//!   (mean |yₜ − yₜ₋₁|); no MASE when the scale is 0 (a constant training
//!   part) or there are fewer than two training values.
//! - **Rolling origin** ([`rolling_origin`]): for each origin `o` the method is
//!   refitted on `y[..o]` and its forecast compared with the `horizon` values
//!   from `o` on (fewer at the end of the series). The origins are the last
//!   `origins` positions of the series, so every month of that tail is
//!   forecast from up to `horizon` origins; by default ([`DEFAULT_ORIGINS`],
//!   [`DEFAULT_HORIZON`]) the last 6 months with horizon 3: 3+3+3+3+2+1 = 15
//!   points. Each point is scaled by its own origin's scale; MASE is the
//!   mean over the points whose origin has a scale. A short series keeps
//!   [`MIN_TRAINING`] values for training at the first origin: with fewer
//!   than `MIN_TRAINING + 1` values there is no origin and no point
//!   ([`Accuracy::points`] 0, MAE and bias 0, MASE none).
//! - **Portfolio** ([`portfolio`]): MASE the mean of the series' MASE (series
//!   without one left out), MAE and bias the means over all points.
//! - **Recovery** ([`recoveries`]): the first uncensored month after a run of
//!   censored (backorder/stockout) months. [`before_after`] backtests the
//!   origins in the `window` months before the recovery, compared only with
//!   months before it (how well the forecast did while the part was short),
//!   and the origins in the `window` months from the recovery on (how well it
//!   does once supply is back).

use crate::{forecast, ForecastConfig, ForecastError};

/// Origins of the default backtest: the last 6 months.
pub const DEFAULT_ORIGINS: usize = 6;
/// Months ahead compared at each origin by default.
pub const DEFAULT_HORIZON: usize = 3;
/// Values kept for training at the first origin.
pub const MIN_TRAINING: usize = 2;

/// Accuracy of forecasts against actuals.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Accuracy {
    /// None when no point had a non-zero scale.
    pub mase: Option<f64>,
    /// 0 without points.
    pub mae: f64,
    /// 0 without points.
    pub bias: f64,
    /// Origins backtested (portfolio: summed over series).
    pub origins: usize,
    pub horizon: usize,
    /// Forecast/actual pairs compared (portfolio: summed).
    pub points: usize,
    /// Root mean squared error (0 without points): the spread of the errors.
    pub rmse: f64,
}

/// Mean absolute error; 0 for no values. Pairs up to the shorter slice.
pub fn mae(forecast: &[f64], actual: &[f64]) -> f64 {
    mean(forecast.iter().zip(actual).map(|(f, a)| (f - a).abs()))
}

/// Mean of forecast − actual; 0 for no values.
pub fn bias(forecast: &[f64], actual: &[f64]) -> f64 {
    mean(forecast.iter().zip(actual).map(|(f, a)| f - a))
}

/// The in-sample MAE of the naive one-step forecast; None when it is 0 or
/// `train` has fewer than two values.
pub fn naive_scale(train: &[f64]) -> Option<f64> {
    let scale = mean(train.windows(2).map(|w| (w[1] - w[0]).abs()));
    (scale > 0.0).then_some(scale)
}

/// MASE of `forecast` against `actual`, scaled on `train`.
pub fn mase(forecast: &[f64], actual: &[f64], train: &[f64]) -> Option<f64> {
    naive_scale(train).map(|s| mae(forecast, actual) / s)
}

fn mean(values: impl Iterator<Item = f64>) -> f64 {
    let (sum, n) = values.fold((0.0, 0usize), |(s, n), v| (s + v, n + 1));
    if n == 0 {
        0.0
    } else {
        sum / n as f64
    }
}

/// The rolling-origin backtest over the last `origins` positions of `y`
/// (see the module docs).
pub fn rolling_origin(
    y: &[f64],
    cfg: &ForecastConfig,
    origins: usize,
    horizon: usize,
) -> Result<Accuracy, ForecastError> {
    let first = y.len().saturating_sub(origins).max(MIN_TRAINING);
    backtest(y, cfg, first..y.len(), horizon, y.len())
}

/// Backtests the origins `origins` (each refitted on `y[..o]`) against the
/// values from `o` up to `o + horizon`, never at or past `end`. Origins with
/// fewer than [`MIN_TRAINING`] values before them or none after are skipped.
pub fn backtest(
    y: &[f64],
    cfg: &ForecastConfig,
    origins: std::ops::Range<usize>,
    horizon: usize,
    end: usize,
) -> Result<Accuracy, ForecastError> {
    let end = end.min(y.len());
    let cfg = ForecastConfig { horizon, ..*cfg };
    let (mut abs_sum, mut sum, mut sq_sum, mut points) = (0.0, 0.0, 0.0, 0usize);
    let (mut scaled_sum, mut scaled_points) = (0.0, 0usize);
    let mut used = 0;
    for o in origins.start.max(MIN_TRAINING)..origins.end.min(end) {
        let actual = &y[o..end.min(o + horizon)];
        if actual.is_empty() {
            continue;
        }
        let f = forecast(&y[..o], &cfg)?;
        let scale = naive_scale(&y[..o]);
        used += 1;
        for (f, a) in f.mean.iter().zip(actual) {
            let e = f - a;
            abs_sum += e.abs();
            sum += e;
            sq_sum += e * e;
            points += 1;
            if let Some(s) = scale {
                scaled_sum += e.abs() / s;
                scaled_points += 1;
            }
        }
    }
    let per_point = |x: f64| if points == 0 { 0.0 } else { x / points as f64 };
    Ok(Accuracy {
        mase: (scaled_points > 0).then(|| scaled_sum / scaled_points as f64),
        mae: per_point(abs_sum),
        bias: per_point(sum),
        origins: used,
        horizon,
        points,
        rmse: per_point(sq_sum).sqrt(),
    })
}

/// Portfolio accuracy: MASE the mean of the series' MASE (those with one),
/// MAE, bias and RMSE over all points; origins and points summed; the
/// longest horizon.
pub fn portfolio<'a>(series: impl IntoIterator<Item = &'a Accuracy>) -> Accuracy {
    let mut out = Accuracy::default();
    let (mut mase_sum, mut mase_n) = (0.0, 0usize);
    let (mut abs_sum, mut sum, mut sq_sum) = (0.0, 0.0, 0.0);
    for a in series {
        if let Some(m) = a.mase {
            mase_sum += m;
            mase_n += 1;
        }
        let n = a.points as f64;
        abs_sum += a.mae * n;
        sum += a.bias * n;
        sq_sum += a.rmse * a.rmse * n;
        out.origins += a.origins;
        out.points += a.points;
        out.horizon = out.horizon.max(a.horizon);
    }
    if out.points > 0 {
        let n = out.points as f64;
        out.mae = abs_sum / n;
        out.bias = sum / n;
        out.rmse = (sq_sum / n).sqrt();
    }
    out.mase = (mase_n > 0).then(|| mase_sum / mase_n as f64);
    out
}

/// The recoveries of a censoring history: each first uncensored month after a
/// run of censored months, oldest first.
pub fn recoveries(censored: &[bool]) -> Vec<usize> {
    (1..censored.len())
        .filter(|&i| censored[i - 1] && !censored[i])
        .collect()
}

/// Accuracy before and after a recovery.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BeforeAfter {
    /// The recovery month's index.
    pub recovery: usize,
    /// Origins in the `window` months before the recovery, compared with
    /// months before it.
    pub before: Accuracy,
    /// Origins in the `window` months from the recovery on.
    pub after: Accuracy,
}

/// Backtests around the recovery at `recovery_index` (see the module docs).
pub fn before_after(
    y: &[f64],
    recovery_index: usize,
    cfg: &ForecastConfig,
    window: usize,
    horizon: usize,
) -> Result<BeforeAfter, ForecastError> {
    let r = recovery_index.min(y.len());
    Ok(BeforeAfter {
        recovery: r,
        before: backtest(y, cfg, r.saturating_sub(window)..r, horizon, r)?,
        after: backtest(y, cfg, r..r + window, horizon, y.len())?,
    })
}

#[cfg(test)]
mod tests {
    use expect_test::{expect, Expect};

    use super::*;
    use crate::Method;

    fn show(a: &Accuracy) -> String {
        format!(
            "mase={} mae={:.4} bias={:.4} rmse={:.4} origins={} horizon={} points={}",
            a.mase.map_or("none".to_string(), |m| format!("{m:.4}")),
            a.mae,
            a.bias,
            a.rmse,
            a.origins,
            a.horizon,
            a.points
        )
    }

    #[test]
    fn point_measures_by_hand() {
        // errors 1, -2, 0, 3: |e| sum 6, e sum 2
        let (f, a) = ([3.0, 1.0, 2.0, 5.0], [2.0, 3.0, 2.0, 2.0]);
        assert_eq!(mae(&f, &a), 1.5);
        assert_eq!(bias(&f, &a), 0.5);
        // naive steps of 1, 3, 2: |Δ| 2, 1, 1 → 4/3
        assert_eq!(naive_scale(&[1.0, 3.0, 2.0, 1.0]), Some(4.0 / 3.0));
        assert_eq!(mase(&f, &a, &[1.0, 3.0, 2.0, 1.0]), Some(1.5 / (4.0 / 3.0)));
        // a constant training part has no scale, one value neither
        assert_eq!(naive_scale(&[2.0, 2.0, 2.0]), None);
        assert_eq!(naive_scale(&[2.0]), None);
        assert_eq!(mase(&f, &a, &[4.0; 5]), None);
        // a perfect forecast
        assert_eq!(mae(&a, &a), 0.0);
        assert_eq!(bias(&a, &a), 0.0);
        assert_eq!(mae(&[], &[]), 0.0);
    }

    fn check(y: &[f64], method: Method, origins: usize, horizon: usize, expect: Expect) {
        let cfg = ForecastConfig::with_method(method);
        expect.assert_eq(&show(&rolling_origin(y, &cfg, origins, horizon).unwrap()));
    }

    #[test]
    fn rolling_origin_tables() {
        // SES(0.1) by hand on 2, 4, 0, 6 with origins 2 and 3, horizon 2:
        // origin 2: level 2 + 0.1·2 = 2.2 against 0, 6 → errors 2.2, −3.8;
        //   scale |4−2| = 2
        // origin 3: level 2.2 + 0.1·(0 − 2.2) = 1.98 against 6 → −4.02;
        //   scale (2 + 4)/2 = 3
        // MAE (2.2 + 3.8 + 4.02)/3 = 3.34, bias −5.62/3 = −1.8733,
        // MASE (1.1 + 1.9 + 1.34)/3 = 1.4467
        check(
            &[2.0, 4.0, 0.0, 6.0],
            Method::Ses,
            2,
            2,
            expect!["mase=1.4467 mae=3.3400 bias=-1.8733 rmse=3.4371 origins=2 horizon=2 points=3"],
        );
        // the defaults: 6 origins, horizon 3 → 15 points
        let y: Vec<f64> = (0..24).map(|i| [0.0, 3.0, 1.0, 0.0, 5.0][i % 5]).collect();
        check(
            &y,
            Method::Croston,
            DEFAULT_ORIGINS,
            DEFAULT_HORIZON,
            expect!["mase=0.5271 mae=1.6363 bias=0.2190 rmse=1.8076 origins=6 horizon=3 points=15"],
        );
        // a constant series: perfect forecasts, no scale
        check(
            &[4.0; 12],
            Method::Ses,
            6,
            3,
            expect!["mase=none mae=0.0000 bias=0.0000 rmse=0.0000 origins=6 horizon=3 points=15"],
        );
        // too short: two values are all training, three give one origin
        check(
            &[1.0, 2.0],
            Method::Auto,
            6,
            3,
            expect!["mase=none mae=0.0000 bias=0.0000 rmse=0.0000 origins=0 horizon=3 points=0"],
        );
        check(
            &[1.0, 2.0, 5.0],
            Method::Ses,
            6,
            3,
            expect!["mase=3.9000 mae=3.9000 bias=-3.9000 rmse=3.9000 origins=1 horizon=3 points=1"],
        );
    }

    #[test]
    fn portfolio_means() {
        let a = Accuracy {
            mase: Some(1.0),
            mae: 2.0,
            bias: 1.0,
            origins: 2,
            horizon: 3,
            points: 3,
            rmse: 2.0,
        };
        let b = Accuracy {
            mase: None,
            mae: 6.0,
            bias: -3.0,
            origins: 1,
            horizon: 1,
            points: 1,
            rmse: 6.0,
        };
        let c = Accuracy {
            mase: Some(2.0),
            ..Accuracy::default()
        };
        // MASE (1 + 2)/2; MAE (2·3 + 6)/4 = 3; bias (3 − 3)/4 = 0;
        // RMSE √((4·3 + 36)/4) = √12
        expect!["mase=1.5000 mae=3.0000 bias=0.0000 rmse=3.4641 origins=3 horizon=3 points=4"]
            .assert_eq(&show(&portfolio([&a, &b, &c])));
        expect!["mase=none mae=0.0000 bias=0.0000 rmse=0.0000 origins=0 horizon=0 points=0"]
            .assert_eq(&show(&portfolio([])));
    }

    #[test]
    fn recoveries_end_censored_runs() {
        let flags = |s: &str| s.chars().map(|c| c == 'x').collect::<Vec<_>>();
        assert_eq!(recoveries(&flags("..xx..x.x")), vec![4, 7]);
        assert_eq!(recoveries(&flags("xx..")), vec![2]);
        // a run still open at the end has not recovered
        assert_eq!(recoveries(&flags("..xx")), Vec::<usize>::new());
        assert_eq!(recoveries(&[]), Vec::<usize>::new());
    }

    #[test]
    fn before_and_after_a_recovery() {
        // Level 2 before, then demand steps up to 5 from the recovery at 8:
        // the forecast before is perfect, after it lags behind. After, by
        // hand: origin 8 forecasts 2 (errors −3, −3; no scale: constant),
        // 9 forecasts 2.3 (−2.7, −2.7; scale 3/8), 10 forecasts 2.57
        // (−2.43, −2.43; scale 3/9): MAE 16.26/6 = 2.71, MASE
        // (5.4/0.375 + 4.86·3)/4 = 7.245.
        let y = [2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 5.0, 5.0, 5.0, 5.0];
        let cfg = ForecastConfig::with_method(Method::Ses);
        let ba = before_after(&y, 8, &cfg, 3, 2).unwrap();
        assert_eq!(ba.recovery, 8);
        // origins 5, 6, 7 against months 5..8 only: 2 + 2 + 1 points
        expect!["mase=none mae=0.0000 bias=0.0000 rmse=0.0000 origins=3 horizon=2 points=5"]
            .assert_eq(&show(&ba.before));
        expect!["mase=7.2450 mae=2.7100 bias=-2.7100 rmse=2.7200 origins=3 horizon=2 points=6"]
            .assert_eq(&show(&ba.after));
    }
}
