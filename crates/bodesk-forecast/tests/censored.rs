//! Censored demand: the EM worked example of issue 6, hand-checked small
//! cases (each fit also checked against a direct maximisation of its
//! likelihood), the degenerate cases, and properties over random censored
//! series (fastrand, fixed seeds).

use bodesk_forecast::censored::{
    normal_pdf, normal_sf, reconstruct, CensoredConfig, CensoredModel, Fit, ModelChoice,
    Reconstruction,
};
use expect_test::{expect, Expect};

fn with(model: ModelChoice) -> CensoredConfig {
    CensoredConfig {
        model,
        ..CensoredConfig::default()
    }
}

fn fit(values: &[f64], censored: &[bool], model: ModelChoice) -> Reconstruction {
    reconstruct(values, censored, &with(model)).unwrap()
}

#[test]
fn worked_example_of_the_issue() {
    let values = [12., 15., 9., 14., 11., 10., 13., 16., 8., 12.];
    let censored = values.map(|v| [15., 14., 16.].contains(&v));
    let r = fit(&values, &censored, ModelChoice::Normal);
    assert_eq!(format!("{:.4} {:.4}", r.mu, r.sigma), "12.5857 3.3188");
    assert_eq!(r.fit, Fit::Converged);
    // The fixed point is the Tobit maximum: the score is zero there.
    let (d_mu, d_sigma) = tobit_score(&values, &censored, r.mu, r.sigma);
    assert!(
        d_mu.abs() < 1e-9 && d_sigma.abs() < 1e-9,
        "{d_mu} {d_sigma}"
    );
    let shown: Vec<String> = r.reconstructed.iter().map(|v| format!("{v:.4}")).collect();
    assert_eq!(
        shown.join(" "),
        "12.0000 16.9382 9.0000 16.1949 11.0000 10.0000 13.0000 17.7240 8.0000 12.0000"
    );
    // Dividing by n is the convention: the uncensored fit of the same values
    // is the mean and the population standard deviation.
    let plain = fit(&values, &[false; 10], ModelChoice::Normal);
    assert_eq!(
        format!("{:.4} {:.4}", plain.mu, plain.sigma),
        "12.0000 2.4495"
    );
}

/// d logL / d mu and d logL / d sigma of the Tobit likelihood.
fn tobit_score(values: &[f64], censored: &[bool], mu: f64, sigma: f64) -> (f64, f64) {
    let (mut d_mu, mut d_sigma) = (0.0, 0.0);
    for (&x, &c) in values.iter().zip(censored) {
        let z = (x - mu) / sigma;
        if c {
            let hazard = normal_pdf(z) / normal_sf(z);
            d_mu += hazard / sigma;
            d_sigma += hazard * z / sigma;
        } else {
            d_mu += z / sigma;
            d_sigma += (z * z - 1.0) / sigma;
        }
    }
    (d_mu, d_sigma)
}

fn tobit_log_likelihood(values: &[f64], censored: &[bool], mu: f64, sigma: f64) -> f64 {
    values
        .iter()
        .zip(censored)
        .map(|(&x, &c)| {
            let z = (x - mu) / sigma;
            if c {
                normal_sf(z).ln()
            } else {
                (normal_pdf(z) / sigma).ln()
            }
        })
        .sum()
}

fn ln_factorial(k: f64) -> f64 {
    (2..=k as u64).map(|i| (i as f64).ln()).sum()
}

fn poisson_log_likelihood(values: &[f64], censored: &[bool], lambda: f64) -> f64 {
    let ln_pmf = |k: f64| k * lambda.ln() - lambda - ln_factorial(k);
    values
        .iter()
        .zip(censored)
        .map(|(&x, &c)| {
            if c {
                let below: f64 = (0..x as u64).map(|k| ln_pmf(k as f64).exp()).sum();
                (1.0 - below).ln()
            } else {
                ln_pmf(x)
            }
        })
        .sum()
}

/// The maximum of a unimodal function on [lo, hi] by golden-section search.
fn maximise(f: impl Fn(f64) -> f64, mut lo: f64, mut hi: f64) -> f64 {
    let g = (5f64.sqrt() - 1.0) / 2.0;
    while hi - lo > 1e-11 {
        let (a, b) = (hi - g * (hi - lo), lo + g * (hi - lo));
        if f(a) < f(b) {
            lo = a;
        } else {
            hi = b;
        }
    }
    (lo + hi) / 2.0
}

fn check(cases: &[(&[f64], &[bool], ModelChoice)], expect: Expect) {
    let mut out = String::new();
    for &(values, censored, model) in cases {
        let r = fit(values, censored, model);
        let rec: Vec<String> = r.reconstructed.iter().map(|v| format!("{v:.6}")).collect();
        out.push_str(&format!(
            "{values:?} {censored:?} {}: {} mu={:.6} sigma={:.6} [{}]\n",
            r.model.name(),
            r.fit.name(),
            r.mu,
            r.sigma,
            rec.join(", ")
        ));
    }
    expect.assert_eq(&out);
}

const T: bool = true;
const F: bool = false;

#[test]
fn poisson_by_hand() {
    // [0, ≥1]: logL = −λ + ln(1 − e^−λ) − λ·0 … the score −1 + e^−λ/(1 − e^−λ)
    // is zero at e^−λ = 1/2: λ = ln 2, and E[X | X ≥ 1] = λ / (1 − e^−λ) = 2 ln 2.
    let r = fit(&[0., 1.], &[F, T], ModelChoice::Poisson);
    assert!((r.mu - 2f64.ln()).abs() < 1e-11, "{}", r.mu);
    assert!((r.reconstructed[1] - 2.0 * 2f64.ln()).abs() < 1e-11);
    assert_eq!(r.reconstructed[0], 0.0);
    // [0, 0, ≥0]: a censored zero says nothing; λ = 0 and it stays 0.
    let r = fit(&[0., 0., 0.], &[F, F, T], ModelChoice::Poisson);
    assert_eq!((r.mu, r.reconstructed.clone()), (0.0, vec![0.0; 3]));
}

#[test]
fn poisson_matches_direct_likelihood_maximisation() {
    let cases: [(&[f64], &[bool]); 5] = [
        (&[1., 1.], &[F, T]),
        (&[2., 0., 3., 1.], &[F, F, T, F]),
        (&[0., 0., 1., 0., 2., 0.], &[F, T, F, T, F, F]),
        (&[4., 2., 5.], &[F, T, T]),
        (&[1., 0., 0., 0., 0., 0., 0., 3.], &[F, F, F, F, F, F, F, T]),
    ];
    for (values, censored) in cases {
        let r = fit(values, censored, ModelChoice::Poisson);
        let direct = maximise(|l| poisson_log_likelihood(values, censored, l), 1e-9, 50.0);
        assert!(
            (r.mu - direct).abs() < 1e-7,
            "{values:?} {censored:?}: EM {} vs direct {direct}",
            r.mu
        );
        assert_eq!(r.fit, Fit::Converged);
    }
}

#[test]
fn normal_matches_direct_likelihood_maximisation() {
    let cases: [(&[f64], &[bool]); 4] = [
        (&[3., 5., 4.], &[F, F, T]),
        (&[10., 0., 12., 9., 11.], &[F, T, F, F, F]),
        (&[20., 25., 22., 18.], &[T, T, F, F]),
        (&[5., 5., 8.], &[F, F, T]),
    ];
    for (values, censored) in cases {
        let r = fit(values, censored, ModelChoice::Normal);
        assert_eq!(r.fit, Fit::Converged, "{values:?}");
        let (d_mu, d_sigma) = tobit_score(values, censored, r.mu, r.sigma);
        assert!(
            d_mu.abs() < 1e-8 && d_sigma.abs() < 1e-8,
            "{values:?}: {d_mu} {d_sigma}"
        );
        let best = tobit_log_likelihood(values, censored, r.mu, r.sigma);
        for (dm, ds) in [(1e-3, 0.0), (-1e-3, 0.0), (0.0, 1e-3), (0.0, -1e-3)] {
            let other = tobit_log_likelihood(values, censored, r.mu + dm, r.sigma + ds);
            assert!(other < best, "{values:?}: ({dm}, {ds}) is better");
        }
    }
}

#[test]
fn small_cases_and_degenerate_ones() {
    check(
        &[
            // nothing censored: plain estimates (population sigma), unchanged
            (&[3., 5., 4.], &[F, F, F], ModelChoice::Normal),
            (&[3., 5., 4.], &[F, F, F], ModelChoice::Poisson),
            (&[], &[], ModelChoice::Normal),
            // one censored value
            (&[3., 5., 4.], &[F, F, T], ModelChoice::Normal),
            (&[3., 5., 4.], &[F, F, T], ModelChoice::Poisson),
            // a stockout month recorded as zero
            (
                &[10., 0., 12., 9., 11.],
                &[F, T, F, F, F],
                ModelChoice::Normal,
            ),
            // too few uncensored: recorded values kept as lower bounds
            (&[4., 6.], &[T, T], ModelChoice::Normal),
            (&[4., 6.], &[F, T], ModelChoice::Normal),
            (&[4., 6.], &[T, T], ModelChoice::Poisson),
            (&[4., 6.], &[F, T], ModelChoice::Poisson),
            // no spread: sigma 0, censored values at or below lifted to the level
            (&[5., 5., 3., 5.], &[F, F, T, T], ModelChoice::Normal),
            // ... unless one is censored above it
            (&[5., 5., 8.], &[F, F, T], ModelChoice::Normal),
            // auto: whole numbers with a mean below 10 → Poisson, else normal
            (&[1., 0., 2., 0.], &[F, T, F, F], ModelChoice::Auto),
            (&[1., 0., 2.5, 0.], &[F, T, F, F], ModelChoice::Auto),
            (&[12., 9., 14.], &[F, T, F], ModelChoice::Auto),
        ],
        expect![[r#"
            [3.0, 5.0, 4.0] [false, false, false] normal: uncensored mu=4.000000 sigma=0.816497 [3.000000, 5.000000, 4.000000]
            [3.0, 5.0, 4.0] [false, false, false] poisson: uncensored mu=4.000000 sigma=2.000000 [3.000000, 5.000000, 4.000000]
            [] [] normal: uncensored mu=0.000000 sigma=0.000000 []
            [3.0, 5.0, 4.0] [false, false, true] normal: converged mu=4.306713 sigma=1.000000 [3.000000, 5.000000, 4.920139]
            [3.0, 5.0, 4.0] [false, false, true] poisson: converged mu=4.563758 sigma=2.136295 [3.000000, 5.000000, 5.691273]
            [10.0, 0.0, 12.0, 9.0, 11.0] [false, true, false, false, false] normal: converged mu=10.500000 sigma=1.118034 [10.000000, 10.500000, 12.000000, 9.000000, 11.000000]
            [4.0, 6.0] [true, true] normal: too_few_uncensored mu=5.000000 sigma=1.000000 [4.000000, 6.000000]
            [4.0, 6.0] [false, true] normal: too_few_uncensored mu=5.000000 sigma=1.000000 [4.000000, 6.000000]
            [4.0, 6.0] [true, true] poisson: too_few_uncensored mu=5.000000 sigma=2.236068 [4.000000, 6.000000]
            [4.0, 6.0] [false, true] poisson: converged mu=5.827023 sigma=2.413923 [4.000000, 7.654047]
            [5.0, 5.0, 3.0, 5.0] [false, false, true, true] normal: no_spread mu=5.000000 sigma=0.000000 [5.000000, 5.000000, 5.000000, 5.000000]
            [5.0, 5.0, 8.0] [false, false, true] normal: converged mu=6.387297 sigma=2.040071 [5.000000, 5.000000, 9.161891]
            [1.0, 0.0, 2.0, 0.0] [false, true, false, false] poisson: converged mu=1.000000 sigma=1.000000 [1.000000, 1.000000, 2.000000, 0.000000]
            [1.0, 0.0, 2.5, 0.0] [false, true, false, false] normal: converged mu=1.234088 sigma=0.988381 [1.000000, 1.436353, 2.500000, 0.000000]
            [12.0, 9.0, 14.0] [false, true, false] normal: converged mu=13.000067 sigma=0.999866 [12.000000, 13.000200, 14.000000]
        "#]],
    );
}

#[test]
fn refuses_bad_input() {
    let c = CensoredConfig::default();
    let msg = |v: &[f64], f: &[bool]| reconstruct(v, f, &c).unwrap_err().to_string();
    assert_eq!(msg(&[1., 2.], &[F]), "2 values but 1 censoring flags");
    assert_eq!(
        msg(&[1., -2.], &[F, T]),
        "period 1 has a negative quantity (-2)"
    );
    assert_eq!(msg(&[f64::NAN], &[T]), "period 0 is not a finite number");
}

fn random_censored(rng: &mut fastrand::Rng) -> (Vec<f64>, Vec<bool>) {
    let n = rng.usize(0..60);
    let p_demand = rng.f64();
    let p_censored = rng.f64() * 0.8;
    let scale = 10f64.powi(rng.i32(0..4));
    let whole = rng.bool();
    let values = (0..n)
        .map(|_| {
            if rng.f64() < p_demand {
                let q = rng.f64() * scale;
                if whole {
                    q.ceil()
                } else {
                    q
                }
            } else {
                0.0
            }
        })
        .collect();
    let flags = (0..n).map(|_| rng.f64() < p_censored).collect();
    (values, flags)
}

#[test]
fn properties_over_random_censored_series() {
    let mut rng = fastrand::Rng::with_seed(62);
    let mut fits = std::collections::BTreeMap::new();
    for _ in 0..3000 {
        let (values, flags) = random_censored(&mut rng);
        for model in ModelChoice::ALL {
            let r = fit(&values, &flags, model);
            *fits.entry((r.model.name(), r.fit.name())).or_insert(0) += 1;
            let ctx = format!("{model:?} {values:?} {flags:?}: {r:?}");
            assert!(
                r.mu.is_finite() && r.sigma.is_finite() && r.sigma >= 0.0,
                "{ctx}"
            );
            assert_eq!(r.reconstructed.len(), values.len());
            for ((&rec, &v), &c) in r.reconstructed.iter().zip(&values).zip(&flags) {
                assert!(rec.is_finite(), "{ctx}");
                if c {
                    assert!(rec >= v, "{ctx}");
                } else {
                    assert_eq!(rec, v, "{ctx}");
                }
            }
            assert_ne!(r.fit, Fit::IterationCap, "{ctx}");
            if !flags.contains(&true) {
                // no censoring = the plain estimates
                let n = values.len().max(1) as f64;
                let mean = values.iter().sum::<f64>() / n;
                assert_eq!(r.fit, Fit::Uncensored);
                assert!((r.mu - mean).abs() <= 1e-12 * (1.0 + mean), "{ctx}");
                let sigma = match r.model {
                    CensoredModel::Poisson => mean.sqrt(),
                    CensoredModel::Normal => {
                        (values.iter().map(|v| (v - mean) * (v - mean)).sum::<f64>() / n).sqrt()
                    }
                };
                assert!((r.sigma - sigma).abs() <= 1e-9 * (1.0 + sigma), "{ctx}");
            }
        }
    }
    // Every branch was exercised.
    expect![[r#"{("normal", "converged"): 4326, ("normal", "no_spread"): 128, ("normal", "too_few_uncensored"): 188, ("normal", "uncensored"): 410, ("poisson", "converged"): 3463, ("poisson", "too_few_uncensored"): 79, ("poisson", "uncensored"): 406}"#]].assert_eq(&format!("{fits:?}"));
}
