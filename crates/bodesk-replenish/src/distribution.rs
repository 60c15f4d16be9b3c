//! Lead-time demand distributions for intermittent demand and the reorder
//! point that meets a fill rate.
//!
//! Fill rate is the standard loss-function definition:
//! `fill = 1 − E[(X − s)⁺] / E[demand per cycle]`, where `X` is the demand
//! over the protection period (lead time + review period) and `s` the
//! reorder point. The reorder point is the smallest whole `s ≥ 0` with
//! `E[(X − s)⁺] ≤ (1 − target) · E[demand per cycle]`.

/// Which distribution describes the demand over the protection period.
#[derive(Debug, Clone, PartialEq)]
pub enum LeadTimeDemand {
    /// Variance ≈ mean.
    Poisson { mean: f64 },
    /// Overdispersed counts: variance > mean (method of moments).
    NegativeBinomial { mean: f64, variance: f64 },
    /// Resampled sums of history months (sorted ascending).
    Bootstrap { samples: Vec<f64> },
}

impl LeadTimeDemand {
    pub fn name(&self) -> &'static str {
        match self {
            LeadTimeDemand::Poisson { .. } => "poisson",
            LeadTimeDemand::NegativeBinomial { .. } => "negative_binomial",
            LeadTimeDemand::Bootstrap { .. } => "bootstrap",
        }
    }

    pub fn mean(&self) -> f64 {
        match self {
            LeadTimeDemand::Poisson { mean } | LeadTimeDemand::NegativeBinomial { mean, .. } => {
                *mean
            }
            LeadTimeDemand::Bootstrap { samples } => {
                if samples.is_empty() {
                    0.0
                } else {
                    samples.iter().sum::<f64>() / samples.len() as f64
                }
            }
        }
    }

    /// `E[(X − s)⁺]`, the expected units short with reorder point `s`.
    pub fn expected_shortage(&self, s: u64) -> f64 {
        match self {
            LeadTimeDemand::Bootstrap { samples } => {
                if samples.is_empty() {
                    return 0.0;
                }
                let s = s as f64;
                samples.iter().map(|x| (x - s).max(0.0)).sum::<f64>() / samples.len() as f64
            }
            _ => {
                // loss(s + 1) = loss(s) − P(X > s), loss(0) = E[X].
                let mut loss = self.mean();
                let mut cdf = 0.0;
                for k in 0..s {
                    cdf += self.pmf(k);
                    loss -= 1.0 - cdf;
                }
                loss.max(0.0)
            }
        }
    }

    /// `P(X = k)` of a count distribution (0 for a bootstrap).
    pub fn pmf(&self, k: u64) -> f64 {
        let k_f = k as f64;
        match *self {
            LeadTimeDemand::Poisson { mean } => {
                if mean <= 0.0 {
                    return if k == 0 { 1.0 } else { 0.0 };
                }
                (k_f * mean.ln() - mean - ln_gamma(k_f + 1.0)).exp()
            }
            LeadTimeDemand::NegativeBinomial { mean, variance } => {
                if mean <= 0.0 {
                    return if k == 0 { 1.0 } else { 0.0 };
                }
                if variance <= mean {
                    return LeadTimeDemand::Poisson { mean }.pmf(k);
                }
                // r successes, success probability p: mean r(1−p)/p, variance mean/p.
                let p = mean / variance;
                let r = mean * p / (1.0 - p);
                (ln_gamma(k_f + r) - ln_gamma(r) - ln_gamma(k_f + 1.0)
                    + r * p.ln()
                    + k_f * (1.0 - p).ln())
                .exp()
            }
            LeadTimeDemand::Bootstrap { .. } => 0.0,
        }
    }

    /// The smallest whole `s ≥ 0` whose expected shortage is at most
    /// `(1 − fill_rate) · cycle_demand`.
    pub fn reorder_point(&self, fill_rate: f64, cycle_demand: f64) -> u64 {
        let allowed = (1.0 - fill_rate.clamp(0.0, 0.9999)) * cycle_demand.max(0.0);
        match self {
            LeadTimeDemand::Bootstrap { samples } => {
                // The shortage falls as s grows and is 0 at the largest sample:
                // binary search between a failing lo and a passing hi.
                if self.expected_shortage(0) <= allowed {
                    return 0;
                }
                let (mut lo, mut hi) = (
                    0u64,
                    samples.iter().cloned().fold(0.0, f64::max).ceil() as u64,
                );
                while lo + 1 < hi {
                    let mid = (lo + hi) / 2;
                    if self.expected_shortage(mid) <= allowed {
                        hi = mid;
                    } else {
                        lo = mid;
                    }
                }
                hi
            }
            _ => {
                let mean = self.mean();
                let sd = match self {
                    LeadTimeDemand::NegativeBinomial { variance, .. } => variance.max(mean).sqrt(),
                    _ => mean.sqrt(),
                };
                let limit = (mean + 60.0 * sd + 100.0).ceil() as u64;
                let mut loss = mean;
                let mut cdf = 0.0;
                let mut s = 0u64;
                while loss > allowed && s < limit {
                    cdf += self.pmf(s);
                    loss -= 1.0 - cdf;
                    s += 1;
                }
                s
            }
        }
    }
}

/// `ln Γ(x)` for `x > 0` (Lanczos, g = 7, n = 9; about 15 significant digits).
pub fn ln_gamma(x: f64) -> f64 {
    const G: f64 = 7.0;
    const C: [f64; 9] = [
        0.999_999_999_999_809_9,
        676.520_368_121_885_1,
        -1_259.139_216_722_402_8,
        771.323_428_777_653_1,
        -176.615_029_162_140_6,
        12.507_343_278_686_905,
        -0.138_571_095_265_720_12,
        9.984_369_578_019_572e-6,
        1.505_632_735_149_311_6e-7,
    ];
    if x < 0.5 {
        // Reflection: Γ(x)Γ(1−x) = π / sin(πx).
        let pi = std::f64::consts::PI;
        return (pi / (pi * x).sin()).ln() - ln_gamma(1.0 - x);
    }
    let x = x - 1.0;
    let mut a = C[0];
    let t = x + G + 0.5;
    for (i, c) in C.iter().enumerate().skip(1) {
        a += c / (x + i as f64);
    }
    0.5 * (2.0 * std::f64::consts::PI).ln() + (x + 0.5) * t.ln() - t + a.ln()
}

/// A small deterministic generator (SplitMix64): the engine's only source of
/// randomness, seeded from the `Config`.
#[derive(Debug, Clone)]
pub struct SplitMix64(pub u64);

impl SplitMix64 {
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        ((self.next_u64() >> 11) as f64 / (1u64 << 53) as f64 * n as f64) as usize % n
    }
}

/// FNV-1a of text: mixes an item's ids into the seed, so a part's bootstrap
/// does not depend on which other parts are computed with it.
pub fn fnv1a(parts: &[&str]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for p in parts {
        for b in p.bytes().chain([0xff]) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}

/// `n` sums of `months` (whole and a fraction) months drawn with
/// replacement from `history`, sorted ascending.
pub fn bootstrap_samples(history: &[f64], months: f64, n: usize, seed: u64) -> Vec<f64> {
    if history.is_empty() || n == 0 {
        return Vec::new();
    }
    let whole = months.max(0.0).floor() as usize;
    let frac = months.max(0.0) - whole as f64;
    let mut rng = SplitMix64(seed);
    let mut out: Vec<f64> = (0..n)
        .map(|_| {
            let mut sum = 0.0;
            for _ in 0..whole {
                sum += history[rng.below(history.len())];
            }
            if frac > 1e-9 {
                sum += frac * history[rng.below(history.len())];
            }
            sum
        })
        .collect();
    out.sort_by(f64::total_cmp);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ln_gamma_matches_factorials() {
        for (x, fact) in [(1.0, 1.0), (2.0, 1.0), (5.0, 24.0), (11.0, 3_628_800.0_f64)] {
            assert!((ln_gamma(x) - fact.ln()).abs() < 1e-12, "ln Γ({x})");
        }
        // Γ(0.5) = √π.
        assert!((ln_gamma(0.5) - std::f64::consts::PI.sqrt().ln()).abs() < 1e-12);
    }

    #[test]
    fn poisson_expected_shortage_by_hand() {
        // Poisson(2): P(X ≤ s) = 0.1353, 0.4060, 0.6767, 0.8571, 0.9473;
        // loss(s+1) = loss(s) − (1 − F(s)), loss(0) = 2.
        let d = LeadTimeDemand::Poisson { mean: 2.0 };
        let table = [
            (0, 2.0),
            (1, 1.135335),
            (2, 0.541341),
            (3, 0.218018),
            (4, 0.075141),
        ];
        for (s, loss) in table {
            assert!((d.expected_shortage(s) - loss).abs() < 1e-6, "s = {s}");
        }
    }

    #[test]
    fn reorder_points_for_fill_rates_are_the_smallest_that_meet_them() {
        // (distribution, fill rate, cycle demand, reorder point)
        let table = [
            // Poisson(2), cycle 2 units at 95 %: shortage ≤ 0.1 → s = 4 (0.0751; s = 3 gives 0.218).
            (LeadTimeDemand::Poisson { mean: 2.0 }, 0.95, 2.0, 4),
            // cycle 1 unit at 95 %: shortage ≤ 0.05 → s = 5 (0.0224).
            (LeadTimeDemand::Poisson { mean: 2.0 }, 0.95, 1.0, 5),
            // 90 %, cycle 2: shortage ≤ 0.2 → s = 4 (s = 3 gives 0.218).
            (LeadTimeDemand::Poisson { mean: 2.0 }, 0.90, 2.0, 4),
            // No demand: nothing to stock.
            (LeadTimeDemand::Poisson { mean: 0.0 }, 0.95, 0.0, 0),
            // NB mean 2, variance 6 (p = 1/3, r = 1: geometric P(X = k) = (1/3)(2/3)^k,
            // P(X > s) = (2/3)^(s+1), loss(s) = 2 (2/3)^s): ≤ 0.1 at s = 8 (0.078; s = 7 gives 0.117).
            (
                LeadTimeDemand::NegativeBinomial {
                    mean: 2.0,
                    variance: 6.0,
                },
                0.95,
                2.0,
                8,
            ),
        ];
        for (d, fill, cycle, want) in table {
            assert_eq!(
                d.reorder_point(fill, cycle),
                want,
                "{d:?} fill {fill} cycle {cycle}"
            );
        }
    }

    #[test]
    fn negative_binomial_with_r_one_is_geometric() {
        let d = LeadTimeDemand::NegativeBinomial {
            mean: 2.0,
            variance: 6.0,
        };
        for k in 0..10u64 {
            let want = (1.0 / 3.0) * (2.0f64 / 3.0).powi(k as i32);
            assert!((d.pmf(k) - want).abs() < 1e-12, "k = {k}");
            assert!((d.expected_shortage(k) - 2.0 * (2.0f64 / 3.0).powi(k as i32)).abs() < 1e-9);
        }
    }

    #[test]
    fn bootstrap_is_deterministic_for_a_seed_and_exact_on_its_samples() {
        let history = [0.0, 3.0, 0.0, 1.0, 0.0, 0.0, 5.0];
        let a = bootstrap_samples(&history, 2.5, 500, 42);
        let b = bootstrap_samples(&history, 2.5, 500, 42);
        let c = bootstrap_samples(&history, 2.5, 500, 43);
        assert_eq!(a, b);
        assert_ne!(a, c);
        assert_eq!(a.len(), 500);
        // Every sample is two whole months and half of a third.
        assert!(a.iter().all(|&x| (0.0..=12.5).contains(&x)));
        // Hand-made samples: shortage and reorder point on them.
        let d = LeadTimeDemand::Bootstrap {
            samples: vec![0.0, 0.0, 1.0, 2.0, 7.0],
        };
        assert!((d.expected_shortage(0) - 2.0).abs() < 1e-12);
        assert!((d.expected_shortage(2) - 1.0).abs() < 1e-12);
        // Allowed 0.05 · 10 = 0.5 → s = 5 (shortage 0.4); s = 4 gives 0.6.
        assert_eq!(d.reorder_point(0.95, 10.0), 5);
    }
}
