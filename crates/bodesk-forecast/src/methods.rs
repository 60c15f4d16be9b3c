//! The methods, each a function from a checked series (non-empty, finite,
//! non-negative) to the flat forecast level and the parameters it used, as
//! statsforecast 2.1.1's `_ses`, `_croston_classic`, `_croston_sba`,
//! `_croston_optimized`, `_tsb`, `_adida` and `_imapa` compute them.

use crate::smoothing::{
    bucket_sums_numpy, chunk_forecast, demand_sizes, intervals, numpy_sum, optimised_ses,
    rounded_mean_interval, ses_forecast,
};
use crate::Params;

/// Croston's fixed smoothing constant for sizes and intervals.
pub const CROSTON_ALPHA: f64 = 0.1;
/// The Syntetos–Boylan correction factor.
pub const SBA_FACTOR: f64 = 0.95;

/// A level and how it was obtained.
pub(crate) type Level = (f64, Params);

pub(crate) fn ses(y: &[f64], alpha: f64) -> Level {
    (
        ses_forecast(y, alpha),
        Params {
            alpha: Some(alpha),
            ..Params::default()
        },
    )
}

/// Sizes over intervals; a series without demand gets its last value (the
/// naive forecast statsforecast falls back to, 0 for a non-negative series
/// without demand).
pub(crate) fn croston(y: &[f64]) -> Level {
    let sizes = demand_sizes(y);
    if sizes.is_empty() {
        return (y[y.len() - 1], Params::default());
    }
    let size = ses_forecast(&sizes, CROSTON_ALPHA);
    let interval = ses_forecast(&intervals(y), CROSTON_ALPHA);
    let level = if interval != 0.0 {
        size / interval
    } else {
        size
    };
    (
        level,
        Params {
            alpha_size: Some(CROSTON_ALPHA),
            alpha_interval: Some(CROSTON_ALPHA),
            ..Params::default()
        },
    )
}

pub(crate) fn sba(y: &[f64]) -> Level {
    let (level, params) = croston(y);
    (
        level * SBA_FACTOR,
        Params {
            factor: Some(SBA_FACTOR),
            ..params
        },
    )
}

pub(crate) fn croston_optimised(y: &[f64]) -> Level {
    let sizes = demand_sizes(y);
    if sizes.is_empty() {
        return (y[y.len() - 1], Params::default());
    }
    let (size, alpha_size) = optimised_ses(&sizes);
    let (interval, alpha_interval) = optimised_ses(&intervals(y));
    let level = if interval != 0.0 {
        size / interval
    } else {
        size
    };
    (
        level,
        Params {
            alpha_size: Some(alpha_size),
            alpha_interval: Some(alpha_interval),
            ..Params::default()
        },
    )
}

pub(crate) fn tsb(y: &[f64], alpha_d: f64, alpha_p: f64) -> Level {
    let params = Params {
        alpha_d: Some(alpha_d),
        alpha_p: Some(alpha_p),
        ..Params::default()
    };
    let sizes = demand_sizes(y);
    if sizes.is_empty() {
        return (0.0, params);
    }
    let occurrence: Vec<f64> = y
        .iter()
        .map(|&v| if v != 0.0 { 1.0 } else { 0.0 })
        .collect();
    let probability = ses_forecast(&occurrence, alpha_p);
    let size = ses_forecast(&sizes, alpha_d);
    (probability * size, params)
}

pub(crate) fn adida(y: &[f64]) -> Level {
    let Some(k) = rounded_mean_interval(y) else {
        return (0.0, Params::default());
    };
    let chunk = chunk_forecast(y, k);
    (
        chunk.sum / k as f64,
        Params {
            aggregation_level: Some(k),
            alpha: chunk.alpha,
            ..Params::default()
        },
    )
}

pub(crate) fn imapa(y: &[f64]) -> Level {
    let Some(max_k) = rounded_mean_interval(y) else {
        return (0.0, Params::default());
    };
    // k <= len(y) always holds (the mean interval is at most the position
    // of the last demand), so there is at least one bucket; the optimised
    // SES of a single sum is that sum. Sums as NumPy does them.
    let levels: Vec<f64> = (1..=max_k)
        .map(|k| optimised_ses(&bucket_sums_numpy(y, k)).0 / k as f64)
        .collect();
    (
        numpy_sum(&levels) / max_k as f64,
        Params {
            max_aggregation_level: Some(max_k),
            ..Params::default()
        },
    )
}
