//! A small, self-contained PRNG (xoshiro256** seeded through SplitMix64).
//!
//! Self-contained so that a seed gives the same network with any version of
//! any crate. Only `+ - * /`, comparisons and `sqrt` are used on floats (all
//! correctly rounded by IEEE 754), never `ln`/`exp`/`sin`: the same seed gives
//! the same bytes on every platform.

/// SplitMix64: one step of the mixer, also used to derive sub-seeds.
pub(crate) fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

#[derive(Debug, Clone)]
pub(crate) struct Rng {
    s: [u64; 4],
}

impl Rng {
    pub(crate) fn new(seed: u64) -> Rng {
        let mut z = seed;
        let mut s = [0u64; 4];
        for slot in &mut s {
            z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
            *slot = mix(z);
        }
        if s == [0; 4] {
            s[0] = 1;
        }
        Rng { s }
    }

    /// An independent stream for `(seed, tags…)`: the same tags give the same
    /// stream whatever else was drawn before.
    pub(crate) fn derive(seed: u64, tags: &[u64]) -> Rng {
        let mut h = mix(seed ^ 0x005E_ED0F_DE30);
        for &t in tags {
            h = mix(h ^ t.wrapping_mul(0x9E37_79B9_7F4A_7C15));
        }
        Rng::new(h)
    }

    pub(crate) fn next_u64(&mut self) -> u64 {
        let result = self.s[1].wrapping_mul(5).rotate_left(7).wrapping_mul(9);
        let t = self.s[1] << 17;
        self.s[2] ^= self.s[0];
        self.s[3] ^= self.s[1];
        self.s[1] ^= self.s[2];
        self.s[0] ^= self.s[3];
        self.s[2] ^= t;
        self.s[3] = self.s[3].rotate_left(45);
        result
    }

    /// Uniform in `[0, 1)`.
    pub(crate) fn f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// Uniform in `[0, n)`; `n > 0`.
    pub(crate) fn below(&mut self, n: u64) -> u64 {
        ((self.next_u64() as u128 * n as u128) >> 64) as u64
    }

    /// Uniform in `[lo, hi]`.
    pub(crate) fn range(&mut self, lo: i64, hi: i64) -> i64 {
        debug_assert!(lo <= hi);
        lo + self.below((hi - lo + 1) as u64) as i64
    }

    /// Uniform in `[lo, hi)`.
    pub(crate) fn uniform(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.f64()
    }

    pub(crate) fn chance(&mut self, p: f64) -> bool {
        self.f64() < p
    }

    /// Failures before the first success, where each trial continues with
    /// probability `p_continue` (mean `p / (1 - p)`), capped.
    pub(crate) fn geometric(&mut self, p_continue: f64, cap: u32) -> u32 {
        let mut k = 0;
        while k < cap && self.chance(p_continue) {
            k += 1;
        }
        k
    }

    pub(crate) fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len() as u64) as usize]
    }

    /// Index into `cumulative` (running sums of weights) chosen by weight.
    pub(crate) fn weighted(&mut self, cumulative: &[f64]) -> usize {
        let total = *cumulative.last().expect("weights");
        let x = self.f64() * total;
        cumulative
            .partition_point(|&c| c <= x)
            .min(cumulative.len() - 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streams_are_stable_and_independent() {
        let a: Vec<u64> = {
            let mut r = Rng::derive(7, &[1, 2]);
            (0..4).map(|_| r.next_u64()).collect()
        };
        let b: Vec<u64> = {
            let mut r = Rng::derive(7, &[1, 2]);
            (0..4).map(|_| r.next_u64()).collect()
        };
        let c: Vec<u64> = {
            let mut r = Rng::derive(7, &[2, 1]);
            (0..4).map(|_| r.next_u64()).collect()
        };
        assert_eq!(a, b);
        assert_ne!(a, c);
        let mut r = Rng::new(1);
        for _ in 0..1000 {
            let x = r.f64();
            assert!((0.0..1.0).contains(&x));
            assert!(r.range(3, 5) >= 3 && r.range(3, 5) <= 5);
        }
        let cum = [1.0, 1.0, 3.0];
        let mut hits = [0; 3];
        for _ in 0..3000 {
            hits[r.weighted(&cum)] += 1;
        }
        assert_eq!(hits[1], 0);
        assert!(hits[2] > hits[0]);
    }
}
