//! The building blocks statsforecast's intermittent methods share, written
//! operation for operation like its C++ `ses` module (`src/ses.cpp`) and the
//! Python helpers around it (`_demand`, `_intervals`, `_chunk_sums`), so that
//! the floating-point results are the same bits where the order of operations
//! is the same.

/// The one-step-ahead forecast of simple exponential smoothing whose level
/// starts at the first value (`ses_forecast` in statsforecast). A single value
/// is its own forecast. `x` must not be empty.
pub fn ses_forecast(x: &[f64], alpha: f64) -> f64 {
    debug_assert!(!x.is_empty());
    if x.len() == 1 {
        return x[0];
    }
    let complement = 1.0 - alpha;
    let mut level = x[0];
    // fitted[i] = alpha * x[i-1] + complement * fitted[i-1], fitted[0] = x[0];
    // the forecast is one more step of the same recursion.
    for &v in &x[..x.len() - 1] {
        level = alpha * v + complement * level;
    }
    alpha * x[x.len() - 1] + complement * level
}

/// In-sample sum of squared one-step errors of SES with level starting at the
/// first value (`ses_sse`): 0 for fewer than two values.
pub fn ses_sse(alpha: f64, x: &[f64]) -> f64 {
    if x.len() < 2 {
        return 0.0;
    }
    let complement = 1.0 - alpha;
    let mut forecast = x[0];
    let mut sse = 0.0;
    for i in 1..x.len() {
        forecast = alpha * x[i - 1] + complement * forecast;
        let err = x[i] - forecast;
        sse += err * err;
    }
    sse
}

/// The smoothing constant in `[lower, upper]` that minimises [`ses_sse`], by
/// statsforecast's golden-section search (`golden_section_ses`): stop when the
/// bracket is narrower than 1e-12 or the two inner points tie (a series of
/// fewer than two values ties at once and gets the midpoint).
pub fn golden_section_ses(x: &[f64], lower: f64, upper: f64) -> f64 {
    let gr = (5.0_f64.sqrt() + 1.0) / 2.0;
    let (mut a, mut b) = (lower, upper);
    let mut c = b - (b - a) / gr;
    let mut d = a + (b - a) / gr;
    let mut fc = ses_sse(c, x);
    let mut fd = ses_sse(d, x);
    while (b - a).abs() >= 1e-12 {
        if fc < fd {
            b = d;
            d = c;
            fd = fc;
            c = b - (b - a) / gr;
            fc = ses_sse(c, x);
        } else if fd < fc {
            a = c;
            c = d;
            fc = fd;
            d = a + (b - a) / gr;
            fd = ses_sse(d, x);
        } else {
            break;
        }
    }
    (b + a) / 2.0
}

/// The bounds statsforecast optimises alpha within.
pub const OPTIMISED_ALPHA_BOUNDS: (f64, f64) = (0.1, 0.3);

/// SES with alpha chosen by [`golden_section_ses`] within
/// [`OPTIMISED_ALPHA_BOUNDS`]: `(forecast, alpha)`.
pub fn optimised_ses(x: &[f64]) -> (f64, f64) {
    let alpha = golden_section_ses(x, OPTIMISED_ALPHA_BOUNDS.0, OPTIMISED_ALPHA_BOUNDS.1);
    (ses_forecast(x, alpha), alpha)
}

/// The positive values (`_demand`): the demand sizes.
pub fn demand_sizes(y: &[f64]) -> Vec<f64> {
    y.iter().copied().filter(|&v| v > 0.0).collect()
}

/// The periods between non-zero values (`_intervals`), the first one being
/// the 1-based position of the first non-zero value.
pub fn intervals(y: &[f64]) -> Vec<f64> {
    let mut out = Vec::new();
    let mut previous = 0usize;
    for (i, &v) in y.iter().enumerate() {
        if v != 0.0 {
            out.push((i + 1 - previous) as f64);
            previous = i + 1;
        }
    }
    out
}

/// The mean of the intervals, rounded half to even as Python's `round` on a
/// NumPy float does: the aggregation level of ADIDA and the largest one of
/// IMAPA. `None` for a series without a non-zero value.
pub fn rounded_mean_interval(y: &[f64]) -> Option<usize> {
    let intervals = intervals(y);
    if intervals.is_empty() {
        return None;
    }
    // Intervals are whole numbers well below 2^53: the sum is exact in any order.
    let mean = intervals.iter().sum::<f64>() / intervals.len() as f64;
    Some(mean.round_ties_even() as usize)
}

/// Sums of the non-overlapping buckets of `k` values that end with the last
/// value, the leading remainder `len % k` dropped; each bucket summed left to
/// right (as statsforecast's C++ `chunk_forecast`, ADIDA's path).
pub fn bucket_sums(y: &[f64], k: usize) -> Vec<f64> {
    debug_assert!(k >= 1);
    let lost = y.len() % k;
    y[lost..].chunks_exact(k).map(|c| c.iter().sum()).collect()
}

/// [`bucket_sums`] with each bucket summed as NumPy sums (IMAPA's path:
/// `_chunk_sums` reshapes and calls `sum(axis=1)`).
pub fn bucket_sums_numpy(y: &[f64], k: usize) -> Vec<f64> {
    debug_assert!(k >= 1);
    let lost = y.len() % k;
    y[lost..].chunks_exact(k).map(numpy_sum).collect()
}

/// The sum of a contiguous float64 array as NumPy computes it
/// (`pairwise_sum_DOUBLE`): left to right below 8 values, eight interleaved
/// partial sums up to 128, halves above. Same bits as `np.sum`.
pub fn numpy_sum(a: &[f64]) -> f64 {
    let n = a.len();
    if n < 8 {
        let mut res = 0.0;
        for &v in a {
            res += v;
        }
        res
    } else if n <= 128 {
        let mut r = [0.0; 8];
        r.copy_from_slice(&a[..8]);
        let mut i = 8;
        while i < n - n % 8 {
            for j in 0..8 {
                r[j] += a[i + j];
            }
            i += 8;
        }
        let mut res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
        for &v in &a[i..] {
            res += v;
        }
        res
    } else {
        let mut n2 = n / 2;
        n2 -= n2 % 8;
        numpy_sum(&a[..n2]) + numpy_sum(&a[n2..])
    }
}

/// What [`chunk_forecast`] found.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ChunkForecast {
    /// Forecast of the next bucket's sum.
    pub sum: f64,
    /// The optimised alpha, when there were at least two buckets to smooth.
    pub alpha: Option<f64>,
}

/// statsforecast's `chunk_forecast`, ADIDA's core: the optimised-SES forecast
/// of the bucket sums. With no whole bucket it returns the last value, with one
/// bucket that bucket's sum (both as statsforecast does).
pub fn chunk_forecast(y: &[f64], k: usize) -> ChunkForecast {
    debug_assert!(k >= 1 && !y.is_empty());
    let sums = bucket_sums(y, k);
    match sums.len() {
        0 => ChunkForecast {
            sum: y[y.len() - 1],
            alpha: None,
        },
        1 => ChunkForecast {
            sum: sums[0],
            alpha: None,
        },
        _ => {
            let (sum, alpha) = optimised_ses(&sums);
            ChunkForecast {
                sum,
                alpha: Some(alpha),
            }
        }
    }
}
