//! The forecasting engine for intermittent (spare-parts) demand. Pure: a
//! demand series (one value per period, oldest first, missing periods already
//! filled with 0) and a [`ForecastConfig`] in, a [`Forecast`] out; no I/O, no
//! clock.
//!
//! ```text
//! &[f64] + ForecastConfig { method, horizon, alpha, alpha_d, alpha_p }
//!     └─► forecast() ─► Forecast { method, mean: [level; horizon], params }
//! ```
//!
//! Every method forecasts a flat level, as statsforecast (2.1.1) defines it;
//! the engine agrees with it to 1e-9 (golden values in `tests/golden.json`,
//! produced by `bench/forecast_golden.py`):
//!
//! | [`Method`] | statsforecast | level |
//! |---|---|---|
//! | `ses` | `SimpleExponentialSmoothing(alpha)` | SES, level starting at the first value |
//! | `croston` | `CrostonClassic` | SES(0.1) of the non-zero sizes / SES(0.1) of the intervals (the first = 1-based position of the first demand) |
//! | `sba` | `CrostonSBA` | 0.95 × Croston |
//! | `croston_opt` | `CrostonOptimized` | as Croston, each alpha by golden-section search on in-sample SSE in [0.1, 0.3] |
//! | `tsb` | `TSB(alpha_d, alpha_p)` | SES(alpha_p) of the demand indicator × SES(alpha_d) of the sizes |
//! | `adida` | `ADIDA` | optimised SES of bucket sums (k = round(mean interval), leading remainder dropped) / k |
//! | `imapa` | `IMAPA` | mean of the ADIDA levels for k = 1..round(mean interval) |
//! | `auto` | — | per series, the method with the lowest error on the last 6 periods held out, see [`select`] |
//!
//! Edge cases follow statsforecast: a series without demand forecasts 0 with
//! every method; a single value is its own SES forecast; the optimiser on a
//! series of fewer than two values returns the midpoint 0.2; ADIDA with fewer
//! periods than one bucket forecasts the last value / k, with one bucket that
//! bucket's sum / k. Rounding of the mean interval is half to even (Python's
//! `round`). The arithmetic is statsforecast's operation for operation (its
//! C++ loops, and NumPy's pairwise summation where its Python code sums), so
//! on the golden series every value is the same to the last bit.
//!
//! [`accuracy`]: MAE, bias, MASE, rolling-origin backtests, portfolio figures
//! and the comparison around a backorder recovery.
//!
//! For many series and every method at once, [`forecast_all_methods_batch`]
//! ([`batch`]) gives the same bits many times faster (the golden-section
//! searches of many series run side by side).
//!
//! Negative or non-finite values and empty series are refused
//! ([`ForecastError`]): statsforecast's methods are not defined for them
//! (returns and corrections belong in the history before it gets here).

pub mod accuracy;
pub mod adjust;
pub mod batch;
pub mod censored;
pub mod methods;
pub mod select;
pub mod smoothing;

use serde::Serialize;

pub use batch::{forecast_all_methods, forecast_all_methods_batch, AllLevels};
pub use select::{classify, Classification, DemandClass};

/// A forecasting method, named as on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    Ses,
    Croston,
    Sba,
    CrostonOpt,
    Tsb,
    Adida,
    Imapa,
    Auto,
}

impl Method {
    /// Every method, `auto` last.
    pub const ALL: [Method; 8] = [
        Method::Ses,
        Method::Croston,
        Method::Sba,
        Method::CrostonOpt,
        Method::Tsb,
        Method::Adida,
        Method::Imapa,
        Method::Auto,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Method::Ses => "ses",
            Method::Croston => "croston",
            Method::Sba => "sba",
            Method::CrostonOpt => "croston_opt",
            Method::Tsb => "tsb",
            Method::Adida => "adida",
            Method::Imapa => "imapa",
            Method::Auto => "auto",
        }
    }

    /// The method of a name as [`Method::name`] spells it.
    pub fn from_name(name: &str) -> Option<Method> {
        Method::ALL.into_iter().find(|m| m.name() == name)
    }
}

impl std::fmt::Display for Method {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// Every setting of a forecast.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ForecastConfig {
    pub method: Method,
    /// Periods to forecast.
    pub horizon: usize,
    /// SES smoothing constant.
    pub alpha: f64,
    /// TSB smoothing constant of the demand sizes.
    pub alpha_d: f64,
    /// TSB smoothing constant of the demand probability.
    pub alpha_p: f64,
}

impl Default for ForecastConfig {
    /// Croston, 12 periods, every alpha 0.1.
    fn default() -> Self {
        ForecastConfig {
            method: Method::Croston,
            horizon: 12,
            alpha: 0.1,
            alpha_d: 0.1,
            alpha_p: 0.1,
        }
    }
}

impl ForecastConfig {
    pub fn with_method(method: Method) -> Self {
        ForecastConfig {
            method,
            ..ForecastConfig::default()
        }
    }
}

/// The parameters a forecast used (and, for `auto`, why it chose its method).
/// Only the ones that apply are set.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Params {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub alpha: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub alpha_size: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub alpha_interval: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub factor: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub alpha_d: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub alpha_p: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub aggregation_level: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_aggregation_level: Option<usize>,
    /// `auto` only: the demand class, ADI and CV² it was chosen by, and why.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub class: Option<DemandClass>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub adi: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cv2: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// A forecast: the method that made it (for `auto`, the chosen one), the
/// forecast per period and the parameters.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Forecast {
    pub method: Method,
    pub mean: Vec<f64>,
    pub params: Params,
}

/// Why a series cannot be forecast.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ForecastError {
    #[error("the series is empty")]
    Empty,
    #[error("period {index} has a negative quantity ({value})")]
    Negative { index: usize, value: f64 },
    #[error("period {index} is not a finite number")]
    NotFinite { index: usize },
    #[error("{name} must be in (0, 1], got {value}")]
    Alpha { name: &'static str, value: f64 },
}

/// Forecasts `y` (oldest first) with `config`.
pub fn forecast(y: &[f64], config: &ForecastConfig) -> Result<Forecast, ForecastError> {
    check_series(y)?;
    check_alphas(config)?;
    let (method, (level, params)) = match config.method {
        Method::Auto => {
            let choice = select::choose(y, config);
            let (level, params) = level_of(y, choice.method, config);
            let c = choice.classification;
            let params = Params {
                class: Some(c.class),
                adi: Some(c.adi),
                cv2: Some(c.cv2),
                reason: Some(choice.reason),
                ..params
            };
            (choice.method, (level, params))
        }
        m => (m, level_of(y, m, config)),
    };
    Ok(Forecast {
        method,
        mean: vec![level; config.horizon],
        params,
    })
}

pub(crate) fn level_of(y: &[f64], method: Method, config: &ForecastConfig) -> methods::Level {
    match method {
        Method::Ses => methods::ses(y, config.alpha),
        Method::Croston => methods::croston(y),
        Method::Sba => methods::sba(y),
        Method::CrostonOpt => methods::croston_optimised(y),
        Method::Tsb => methods::tsb(y, config.alpha_d, config.alpha_p),
        Method::Adida => methods::adida(y),
        Method::Imapa => methods::imapa(y),
        // `select::choose` never returns Auto.
        Method::Auto => methods::adida(y),
    }
}

fn check_alphas(config: &ForecastConfig) -> Result<(), ForecastError> {
    for (name, value) in [
        ("alpha", config.alpha),
        ("alpha_d", config.alpha_d),
        ("alpha_p", config.alpha_p),
    ] {
        // NaN fails both comparisons and is refused too.
        if !(value > 0.0 && value <= 1.0) {
            return Err(ForecastError::Alpha { name, value });
        }
    }
    Ok(())
}

fn check_series(y: &[f64]) -> Result<(), ForecastError> {
    if y.is_empty() {
        return Err(ForecastError::Empty);
    }
    for (index, &value) in y.iter().enumerate() {
        if !value.is_finite() {
            return Err(ForecastError::NotFinite { index });
        }
        if value < 0.0 {
            return Err(ForecastError::Negative { index, value });
        }
    }
    Ok(())
}
