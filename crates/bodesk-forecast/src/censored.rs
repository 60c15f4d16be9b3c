//! Censored demand: reconstructing true demand from a history in which some
//! periods record only a lower bound of it.
//!
//! A period is **censored** (right-censored) when its recorded quantity is
//! known to be at most the true demand: the order was filled short
//! (`qty_filled < qty_demanded`), the part was out of stock for some days
//! (`stockout_days > 0`), or the history counts shipments and the part ran
//! out. Which periods are censored is decided by the caller; this module gets
//! the recorded values and one flag per period.
//!
//! Two models, both fitted by EM, whose fixed point is the maximum-likelihood
//! estimate with the censored values entering as `P(X ≥ c)`:
//!
//! - [`CensoredModel::Normal`] (Tobit): E-step the truncated-normal moments
//!   `E[X | X ≥ c]` and `Var[X | X ≥ c]`, M-step the complete-data mean and
//!   variance **divided by n** (the maximum-likelihood convention; with n − 1
//!   the worked example would not come out). The worked example, values
//!   12, 15, 9, 14, 11, 10, 13, 16, 8, 12 with 15, 14 and 16 censored, gives
//!   mu = 12.5857, sigma = 3.3188.
//! - [`CensoredModel::Poisson`] for low-volume parts (counts): E-step
//!   `E[X | X ≥ c] = λ + c · P(X = c) / P(X ≥ c)` (with `c` rounded up to a
//!   whole number), M-step the mean. The score of the censored Poisson
//!   likelihood is `(Σ E[Xᵢ] − nλ) / λ`, so EM's fixed point is the MLE.
//!
//! [`ModelChoice::Auto`] takes Poisson when every recorded value is a whole
//! number and their mean is below [`CensoredConfig::poisson_below_mean`]
//! (default 10), else the normal model.
//!
//! The reconstructed series keeps every uncensored value as recorded and puts
//! `E[X | X ≥ c]` under the fitted model in place of each censored value `c`,
//! so it is never below the recorded one.
//!
//! Degenerate cases ([`Fit`]), never NaN:
//!
//! - nothing censored (or an empty series): the plain estimates (mean and
//!   population standard deviation; Poisson: λ = mean, σ = √λ), the series
//!   unchanged;
//! - too few uncensored values to identify the model (normal: fewer than 2,
//!   Poisson: none): the likelihood has no maximum; the recorded values are
//!   kept as they are (lower bounds) and mu/sigma are their plain estimates;
//! - normal, the uncensored values all equal `v` and no censored value above
//!   `v`: the likelihood grows without bound as sigma → 0; mu = v, sigma = 0,
//!   and every censored value becomes `max(c, v)` = v;
//! - the iteration cap reached: the last iterate is returned, with
//!   [`Fit::IterationCap`].

use serde::Serialize;

use crate::ForecastError;

/// The distribution fitted to a censored history.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CensoredModel {
    Normal,
    Poisson,
}

impl CensoredModel {
    pub fn name(self) -> &'static str {
        match self {
            CensoredModel::Normal => "normal",
            CensoredModel::Poisson => "poisson",
        }
    }
}

/// Which model to fit: one of the two, or chosen per series.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ModelChoice {
    Auto,
    Normal,
    Poisson,
}

impl ModelChoice {
    pub const ALL: [ModelChoice; 3] =
        [ModelChoice::Auto, ModelChoice::Normal, ModelChoice::Poisson];

    pub fn name(self) -> &'static str {
        match self {
            ModelChoice::Auto => "auto",
            ModelChoice::Normal => "normal",
            ModelChoice::Poisson => "poisson",
        }
    }

    pub fn from_name(name: &str) -> Option<ModelChoice> {
        ModelChoice::ALL.into_iter().find(|m| m.name() == name)
    }
}

/// Every setting of a reconstruction.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CensoredConfig {
    pub model: ModelChoice,
    /// `auto`: Poisson when every value is whole and their mean is below this.
    pub poisson_below_mean: f64,
    /// EM stops when mu and sigma (λ) each move by at most
    /// `tolerance × (1 + |value|)`.
    pub tolerance: f64,
    pub max_iterations: usize,
}

impl Default for CensoredConfig {
    /// Auto, Poisson below a mean of 10, tolerance 1e-12, at most 10,000 iterations.
    fn default() -> Self {
        CensoredConfig {
            model: ModelChoice::Auto,
            poisson_below_mean: 10.0,
            tolerance: 1e-12,
            max_iterations: 10_000,
        }
    }
}

/// How the estimate came about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Fit {
    /// Nothing censored: plain estimates, the series unchanged.
    Uncensored,
    /// EM reached the tolerance.
    Converged,
    /// EM stopped at the iteration cap; the last iterate.
    IterationCap,
    /// Too few uncensored values: the recorded values are kept (lower bounds).
    TooFewUncensored,
    /// Normal model, the uncensored values all equal and none censored above
    /// them: sigma = 0.
    NoSpread,
}

impl Fit {
    pub fn name(self) -> &'static str {
        match self {
            Fit::Uncensored => "uncensored",
            Fit::Converged => "converged",
            Fit::IterationCap => "iteration_cap",
            Fit::TooFewUncensored => "too_few_uncensored",
            Fit::NoSpread => "no_spread",
        }
    }
}

/// A fitted censored history: the model, its estimates and the reconstructed
/// demand (one value per period, uncensored ones unchanged).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reconstruction {
    pub model: CensoredModel,
    pub fit: Fit,
    /// EM iterations run (0 when no EM was needed).
    pub iterations: usize,
    /// Mean of true demand per period (Poisson: λ).
    pub mu: f64,
    /// Its standard deviation (Poisson: √λ).
    pub sigma: f64,
    pub reconstructed: Vec<f64>,
}

/// Why a history cannot be reconstructed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CensoredError {
    #[error("{values} values but {flags} censoring flags")]
    Lengths { values: usize, flags: usize },
    #[error(transparent)]
    Series(#[from] ForecastError),
}

/// Reconstructs `recorded` (oldest first) where `censored` flags a lower bound.
pub fn reconstruct(
    recorded: &[f64],
    censored: &[bool],
    config: &CensoredConfig,
) -> Result<Reconstruction, CensoredError> {
    if recorded.len() != censored.len() {
        return Err(CensoredError::Lengths {
            values: recorded.len(),
            flags: censored.len(),
        });
    }
    for (index, &value) in recorded.iter().enumerate() {
        if !value.is_finite() {
            return Err(ForecastError::NotFinite { index }.into());
        }
        if value < 0.0 {
            return Err(ForecastError::Negative { index, value }.into());
        }
    }
    let model = match config.model {
        ModelChoice::Normal => CensoredModel::Normal,
        ModelChoice::Poisson => CensoredModel::Poisson,
        ModelChoice::Auto => auto_model(recorded, config.poisson_below_mean),
    };
    Ok(match model {
        CensoredModel::Normal => censored_normal(recorded, censored, config),
        CensoredModel::Poisson => censored_poisson(recorded, censored, config),
    })
}

/// `auto`: Poisson for whole-number histories with a mean below `threshold`.
pub fn auto_model(recorded: &[f64], threshold: f64) -> CensoredModel {
    let whole = recorded.iter().all(|v| v.fract() == 0.0);
    if whole && mean(recorded) < threshold {
        CensoredModel::Poisson
    } else {
        CensoredModel::Normal
    }
}

fn mean(x: &[f64]) -> f64 {
    if x.is_empty() {
        0.0
    } else {
        x.iter().sum::<f64>() / x.len() as f64
    }
}

/// Mean and population standard deviation (divided by n).
fn plain(x: &[f64]) -> (f64, f64) {
    let mu = mean(x);
    let var = mean(&x.iter().map(|v| (v - mu) * (v - mu)).collect::<Vec<_>>());
    (mu, var.sqrt())
}

fn moved(old: f64, new: f64, tolerance: f64) -> bool {
    (new - old).abs() > tolerance * (1.0 + old.abs())
}

/// The Tobit fit by EM (see the module docs).
pub fn censored_normal(
    recorded: &[f64],
    censored: &[bool],
    config: &CensoredConfig,
) -> Reconstruction {
    let done = |fit, iterations, mu, sigma, reconstructed| Reconstruction {
        model: CensoredModel::Normal,
        fit,
        iterations,
        mu,
        sigma,
        reconstructed,
    };
    let uncensored: Vec<f64> = recorded
        .iter()
        .zip(censored)
        .filter(|(_, &c)| !c)
        .map(|(&v, _)| v)
        .collect();
    let (mu0, sigma0) = plain(recorded);
    if uncensored.len() == recorded.len() {
        return done(Fit::Uncensored, 0, mu0, sigma0, recorded.to_vec());
    }
    if uncensored.len() < 2 {
        return done(Fit::TooFewUncensored, 0, mu0, sigma0, recorded.to_vec());
    }
    let v = uncensored[0];
    if uncensored.iter().all(|&u| u == v)
        && recorded.iter().zip(censored).all(|(&c, &is)| !is || c <= v)
    {
        let rec = recorded
            .iter()
            .zip(censored)
            .map(|(&c, &is)| if is { c.max(v) } else { c })
            .collect();
        return done(Fit::NoSpread, 0, v, 0.0, rec);
    }

    let n = recorded.len() as f64;
    let (mut mu, mut sigma) = (mu0, sigma0);
    let mut expected = recorded.to_vec();
    let mut variance = vec![0.0; recorded.len()];
    let mut iterations = 0;
    let mut fit = Fit::IterationCap;
    while iterations < config.max_iterations {
        iterations += 1;
        // E-step: truncated-normal moments of the censored periods.
        for (i, (&c, &is)) in recorded.iter().zip(censored).enumerate() {
            if is {
                let (m, var) = truncated_normal(mu, sigma, c);
                expected[i] = m;
                variance[i] = var;
            }
        }
        // M-step: complete-data mean and variance, divided by n.
        let new_mu = expected.iter().sum::<f64>() / n;
        let new_var = expected
            .iter()
            .zip(&variance)
            .map(|(e, var)| var + (e - new_mu) * (e - new_mu))
            .sum::<f64>()
            / n;
        let new_sigma = new_var.sqrt();
        let again =
            moved(mu, new_mu, config.tolerance) || moved(sigma, new_sigma, config.tolerance);
        (mu, sigma) = (new_mu, new_sigma);
        if !again {
            fit = Fit::Converged;
            break;
        }
    }
    let rec = recorded
        .iter()
        .zip(censored)
        .map(|(&c, &is)| {
            if is {
                truncated_normal(mu, sigma, c).0.max(c)
            } else {
                c
            }
        })
        .collect();
    done(fit, iterations, mu, sigma, rec)
}

/// `E[X | X ≥ c]` and `Var[X | X ≥ c]` for X ~ N(mu, sigma²).
pub fn truncated_normal(mu: f64, sigma: f64, c: f64) -> (f64, f64) {
    if sigma <= 0.0 {
        return (mu.max(c), 0.0);
    }
    let a = (c - mu) / sigma;
    let lambda = inverse_mills(a);
    let mean = mu + sigma * lambda;
    let var = sigma * sigma * (1.0 + a * lambda - lambda * lambda).max(0.0);
    (mean.max(c), var)
}

const FRAC_1_SQRT_2PI: f64 = 0.398_942_280_401_432_7;

/// The standard normal density.
pub fn normal_pdf(z: f64) -> f64 {
    FRAC_1_SQRT_2PI * (-0.5 * z * z).exp()
}

/// `Q(z) / φ(z)` for z ≥ 3, by its continued fraction
/// `1 / (z + 1 / (z + 2 / (z + 3 / (z + …))))` (modified Lentz).
fn mills_ratio_cf(z: f64) -> f64 {
    const TINY: f64 = 1e-300;
    let mut f = z;
    let mut c = z;
    let mut d = 0.0;
    for k in 1..500 {
        let a = k as f64;
        d = z + a * d;
        if d.abs() < TINY {
            d = TINY;
        }
        c = z + a / c;
        if c.abs() < TINY {
            c = TINY;
        }
        d = 1.0 / d;
        let delta = c * d;
        f *= delta;
        if (delta - 1.0).abs() < 1e-16 {
            break;
        }
    }
    1.0 / f
}

/// `erf(x)` for 0 ≤ x ≤ 2.2 by its series of positive terms,
/// `2/√π · e^(−x²) · Σ 2ⁿ x^(2n+1) / (1·3·…·(2n+1))`.
fn erf_series(x: f64) -> f64 {
    let mut term = x;
    let mut sum = x;
    let mut n = 0.0;
    while term > sum * 1e-17 {
        n += 1.0;
        term *= 2.0 * x * x / (2.0 * n + 1.0);
        sum += term;
    }
    std::f64::consts::FRAC_2_SQRT_PI * (-x * x).exp() * sum
}

/// The standard normal upper tail `Q(z) = P(Z ≥ z)`, to about 1e-15
/// relative.
pub fn normal_sf(z: f64) -> f64 {
    if z >= 3.0 {
        normal_pdf(z) * mills_ratio_cf(z)
    } else if z <= -3.0 {
        1.0 - normal_pdf(z) * mills_ratio_cf(-z)
    } else {
        let e = erf_series(z.abs() * std::f64::consts::FRAC_1_SQRT_2);
        if z >= 0.0 {
            0.5 - 0.5 * e
        } else {
            0.5 + 0.5 * e
        }
    }
}

/// The inverse Mills ratio `φ(z) / Q(z)`, the hazard of the standard normal,
/// without underflow far in the tail.
pub fn inverse_mills(z: f64) -> f64 {
    if z >= 3.0 {
        1.0 / mills_ratio_cf(z)
    } else {
        normal_pdf(z) / normal_sf(z)
    }
}

/// The censored-Poisson fit by EM (see the module docs).
pub fn censored_poisson(
    recorded: &[f64],
    censored: &[bool],
    config: &CensoredConfig,
) -> Reconstruction {
    let done = |fit, iterations, lambda: f64, reconstructed| Reconstruction {
        model: CensoredModel::Poisson,
        fit,
        iterations,
        mu: lambda,
        sigma: lambda.sqrt(),
        reconstructed,
    };
    let lambda0 = mean(recorded);
    let n_uncensored = censored.iter().filter(|&&c| !c).count();
    if n_uncensored == recorded.len() {
        return done(Fit::Uncensored, 0, lambda0, recorded.to_vec());
    }
    if n_uncensored == 0 {
        return done(Fit::TooFewUncensored, 0, lambda0, recorded.to_vec());
    }
    let n = recorded.len() as f64;
    let mut lambda = lambda0;
    let mut iterations = 0;
    let mut fit = Fit::IterationCap;
    while iterations < config.max_iterations {
        iterations += 1;
        let total: f64 = recorded
            .iter()
            .zip(censored)
            .map(|(&c, &is)| if is { poisson_tail_mean(lambda, c) } else { c })
            .sum();
        let new = total / n;
        let again = moved(lambda, new, config.tolerance);
        lambda = new;
        if !again {
            fit = Fit::Converged;
            break;
        }
    }
    let rec = recorded
        .iter()
        .zip(censored)
        .map(|(&c, &is)| {
            if is {
                poisson_tail_mean(lambda, c).max(c)
            } else {
                c
            }
        })
        .collect();
    done(fit, iterations, lambda, rec)
}

/// `E[X | X ≥ c]` for X ~ Poisson(λ), c rounded up to a whole number:
/// `λ + c · P(X = c) / P(X ≥ c)`.
pub fn poisson_tail_mean(lambda: f64, c: f64) -> f64 {
    let c = c.ceil().max(0.0);
    if c == 0.0 {
        return lambda;
    }
    if c >= lambda {
        // P(X ≥ c) / P(X = c) = Σₖ Πⱼ≤ₖ λ / (c + j): terms shrink at least
        // geometrically (ratio < 1 once c + j > λ).
        let (mut term, mut sum, mut j) = (1.0, 1.0, 0.0);
        loop {
            j += 1.0;
            term *= lambda / (c + j);
            sum += term;
            if term <= sum * 1e-17 {
                break;
            }
        }
        lambda + c / sum
    } else {
        // c < λ: P(X ≥ c) ≥ about 1/2, so 1 − P(X < c) loses nothing. The
        // log pmf runs up term by term: ln p(k + 1) = ln p(k) + ln λ − ln(k + 1).
        let (ln_lambda, mut ln_pmf, mut below) = (lambda.ln(), -lambda, 0.0);
        for k in 0..c as u64 {
            below += ln_pmf.exp();
            ln_pmf += ln_lambda - ((k + 1) as f64).ln();
        }
        let tail = (1.0 - below).max(f64::MIN_POSITIVE);
        lambda + c * ln_pmf.exp() / tail
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ln_factorial(k: f64) -> f64 {
        (2..=k as u64).map(|i| (i as f64).ln()).sum()
    }

    #[test]
    fn normal_tail_matches_python_erfc() {
        // 0.5 * math.erfc(z / math.sqrt(2)) in Python 3.11.
        for (z, q) in [
            (-5.0, 0.9999997133484281),
            (-3.0, 0.9986501019683699),
            (-1.0, 0.8413447460685429),
            (0.0, 0.5),
            (0.5, 0.3085375387259869),
            (2.9, 0.0018658133003840384),
            (3.0, 0.0013498980316300957),
            (6.0, 9.865876450377012e-10),
            (12.0, 1.776482112077702e-33),
            (30.0, 4.906713927148764e-198),
        ] {
            let got = normal_sf(z);
            // (Python rounds x² inside erfc: about 1e-13 off at z = 30.)
            assert!(((got - q) / q).abs() < 1e-12, "Q({z}) = {got}, want {q}");
        }
        // Far in the tail the hazard approaches z without NaN.
        for z in [40.0, 100.0, 1e6] {
            let h = inverse_mills(z);
            assert!(h.is_finite() && h > z && h < z + 1.0 / z, "{z}: {h}");
        }
        assert_eq!(inverse_mills(-60.0), 0.0);
    }

    #[test]
    fn poisson_tail_mean_by_direct_sums() {
        for (lambda, c) in [(0.3, 1.0), (2.0, 1.0), (2.0, 5.0), (7.5, 3.0), (1e-9, 2.0)] {
            // Σ k p(k) / Σ p(k) over k ≥ c, summed directly to far in the tail.
            let (mut num, mut den) = (0.0, 0.0);
            for k in c as u64..200 {
                let p = ((k as f64) * f64::ln(lambda) - lambda - ln_factorial(k as f64)).exp();
                num += k as f64 * p;
                den += p;
            }
            let want = num / den;
            let got = poisson_tail_mean(lambda, c);
            assert!(
                ((got - want) / want).abs() < 1e-12,
                "λ={lambda} c={c}: {got} vs {want}"
            );
        }
        assert_eq!(poisson_tail_mean(0.0, 3.0), 3.0);
        assert_eq!(poisson_tail_mean(4.0, 0.0), 4.0);
    }
}
