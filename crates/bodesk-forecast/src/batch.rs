//! Every method at once, for many series: [`forecast_all_methods`] and
//! [`forecast_all_methods_batch`] give the same levels, to the bit, as
//! [`crate::forecast`] per method, at a fraction of the time.
//!
//! Where the time goes: nearly all of it is statsforecast's golden-section
//! search (Croston optimised twice, ADIDA once, IMAPA once per aggregation
//! level), about 56 in-sample SSE passes each, and an SSE pass is one long
//! dependency chain (`f = a·x + (1 − a)·f`, a multiply and an add per value,
//! not fusable without changing the bits). One search cannot go faster, but
//! independent searches can run side by side, so this module
//!
//! 1. plans every series of a pool of [`POOL`] series: the values that need no
//!    search are computed at once (SES, Croston, SBA, TSB; sizes and intervals
//!    extracted once and shared), the inputs of every search are written into
//!    one arena (ADIDA shares IMAPA's search at the top level when the two
//!    bucket summations give the same bits, which they do below 8 periods per
//!    bucket);
//! 2. sorts the searches by length and runs them [`LANES`] at a time in
//!    lockstep: each lane is a whole golden-section search with its own
//!    bracket, and one pass over the lane-major values evaluates the SSE of
//!    every lane, the lanes' chains interleaved (and vectorised), each lane's
//!    arithmetic exactly the scalar [`crate::smoothing::ses_sse`];
//! 3. finishes each series from the chosen alphas.
//!
//! The order of every floating-point operation within a lane is the scalar
//! code's, so the results are the same bits (checked by `tests/batch.rs`
//! against [`crate::forecast`] and the statsforecast goldens).

use crate::methods::{CROSTON_ALPHA, SBA_FACTOR};
use crate::smoothing::{numpy_sum, ses_forecast, OPTIMISED_ALPHA_BOUNDS};
use crate::{check_alphas, check_series, Forecast, ForecastConfig, ForecastError, Method, Params};

/// The methods whose levels [`AllLevels`] holds, in its order.
pub const METHODS: [Method; 7] = [
    Method::Ses,
    Method::Croston,
    Method::Sba,
    Method::CrostonOpt,
    Method::Tsb,
    Method::Adida,
    Method::Imapa,
];

/// Golden-section searches run side by side.
pub const LANES: usize = 4;
/// Series planned together (their searches share the lanes).
pub const POOL: usize = 512;

/// The level of every method but `auto` for one series, and the parameters
/// the optimised methods chose.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AllLevels {
    /// The level of each method of [`METHODS`], in that order.
    pub level: [f64; 7],
    /// Croston optimised's alpha of the sizes (None without demand).
    pub alpha_size: Option<f64>,
    /// Croston optimised's alpha of the intervals (None without demand).
    pub alpha_interval: Option<f64>,
    /// ADIDA's aggregation level, IMAPA's largest (None without demand).
    pub aggregation_level: Option<usize>,
    /// ADIDA's optimised alpha (None with fewer than two buckets).
    pub adida_alpha: Option<f64>,
}

impl AllLevels {
    /// The level of `method` (`auto` has none: 0 is never asked for, see
    /// [`AllLevels::forecast`]).
    pub fn level(&self, method: Method) -> Option<f64> {
        METHODS
            .iter()
            .position(|&m| m == method)
            .map(|i| self.level[i])
    }

    /// The [`Forecast`] [`crate::forecast`] gives for `method` (not `auto`)
    /// with `config`'s horizon and alphas (those this was computed with).
    pub fn forecast(&self, method: Method, config: &ForecastConfig) -> Option<Forecast> {
        let level = self.level(method)?;
        let k = self.aggregation_level;
        let params = match method {
            Method::Ses => Params {
                alpha: Some(config.alpha),
                ..Params::default()
            },
            Method::Croston | Method::Sba if k.is_some() => Params {
                alpha_size: Some(CROSTON_ALPHA),
                alpha_interval: Some(CROSTON_ALPHA),
                factor: (method == Method::Sba).then_some(SBA_FACTOR),
                ..Params::default()
            },
            Method::Sba => Params {
                factor: Some(SBA_FACTOR),
                ..Params::default()
            },
            Method::CrostonOpt => Params {
                alpha_size: self.alpha_size,
                alpha_interval: self.alpha_interval,
                ..Params::default()
            },
            Method::Tsb => Params {
                alpha_d: Some(config.alpha_d),
                alpha_p: Some(config.alpha_p),
                ..Params::default()
            },
            Method::Adida => Params {
                aggregation_level: k,
                alpha: self.adida_alpha,
                ..Params::default()
            },
            Method::Imapa => Params {
                max_aggregation_level: k,
                ..Params::default()
            },
            _ => Params::default(),
        };
        Some(Forecast {
            method,
            mean: vec![level; config.horizon],
            params,
        })
    }
}

/// Every method's level for one series (`config.method` is ignored).
pub fn forecast_all_methods(
    y: &[f64],
    config: &ForecastConfig,
) -> Result<AllLevels, ForecastError> {
    check_series(y)?;
    check_alphas(config)?;
    let mut engine = Engine::default();
    engine.plan(y, config);
    engine.run_searches();
    let mut out = Vec::with_capacity(1);
    engine.finish(&mut out);
    Ok(out[0])
}

/// A series a batch refused, by its index.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("series {index}: {error}")]
pub struct BatchError {
    pub index: usize,
    pub error: ForecastError,
}

/// [`forecast_all_methods`] for many series (one thread): the levels in the
/// order of `series`. Refuses the whole batch on the first invalid series.
pub fn forecast_all_methods_batch(
    series: &[&[f64]],
    config: &ForecastConfig,
) -> Result<Vec<AllLevels>, BatchError> {
    check_alphas(config).map_err(|error| BatchError { index: 0, error })?;
    for (index, y) in series.iter().enumerate() {
        check_series(y).map_err(|error| BatchError { index, error })?;
    }
    let mut out = Vec::with_capacity(series.len());
    let mut engine = Engine::default();
    for pool in series.chunks(POOL) {
        engine.clear();
        for y in pool {
            engine.plan(y, config);
        }
        engine.run_searches();
        engine.finish(&mut out);
    }
    Ok(out)
}

/// Where a series' level comes from once the searches have run.
#[derive(Debug, Clone, Copy)]
enum Pending {
    /// Known already.
    Value(f64),
    /// `ses_forecast(arena[start..start + len], alpha of search) / divisor`.
    Search {
        start: usize,
        len: usize,
        search: usize,
        divisor: f64,
    },
}

/// One series between [`Engine::plan`] and [`Engine::finish`].
#[derive(Debug, Clone, Copy)]
struct Planned {
    ses: f64,
    croston: f64,
    tsb: f64,
    /// None without demand: every remaining level is known.
    demand: Option<DemandPlan>,
    /// The level of Croston optimised, ADIDA and IMAPA without demand.
    no_demand_croston: f64,
}

#[derive(Debug, Clone, Copy)]
struct DemandPlan {
    sizes: Pending,
    intervals: Pending,
    k: usize,
    adida: Pending,
    /// IMAPA's levels k = 1..=k are `imapa[first..first + k]`.
    imapa_first: usize,
}

/// A golden-section search over `arena[start..start + len]`, `len >= 2`.
#[derive(Debug, Clone, Copy)]
struct Search {
    start: usize,
    len: usize,
}

#[derive(Debug, Default)]
struct Engine {
    arena: Vec<f64>,
    searches: Vec<Search>,
    alphas: Vec<f64>,
    planned: Vec<Planned>,
    imapa: Vec<Pending>,
    // scratch
    order: Vec<usize>,
    lanes: Vec<[f64; LANES]>,
    levels: Vec<f64>,
}

/// The alpha statsforecast's search returns when it ties at once (a series
/// of fewer than two values).
fn tie_alpha() -> f64 {
    let (lower, upper) = OPTIMISED_ALPHA_BOUNDS;
    (upper + lower) / 2.0
}

impl Engine {
    fn clear(&mut self) {
        self.arena.clear();
        self.searches.clear();
        self.planned.clear();
        self.imapa.clear();
    }

    /// A search over `arena[start..start + len]` when there are two or more
    /// values (the level is then the SES with the chosen alpha, divided by
    /// `divisor`), else the value itself (the optimised SES of one value is
    /// that value) divided by `divisor`.
    fn optimised_at(&mut self, start: usize, len: usize, divisor: f64) -> Pending {
        debug_assert!(len >= 1);
        if len < 2 {
            return Pending::Value(self.arena[start] / divisor);
        }
        self.searches.push(Search { start, len });
        Pending::Search {
            start,
            len,
            search: self.searches.len() - 1,
            divisor,
        }
    }

    fn plan(&mut self, y: &[f64], config: &ForecastConfig) {
        let n = y.len();
        let last = y[n - 1];
        let ses = ses_forecast(y, config.alpha);
        // sizes then intervals, in the arena (the searches of Croston
        // optimised run on them in place)
        let sizes_start = self.arena.len();
        self.arena.extend(y.iter().copied().filter(|&v| v > 0.0));
        let n_sizes = self.arena.len() - sizes_start;
        if n_sizes == 0 {
            self.arena.truncate(sizes_start);
            self.planned.push(Planned {
                ses,
                croston: last,
                tsb: 0.0,
                demand: None,
                no_demand_croston: last,
            });
            return;
        }
        let intervals_start = self.arena.len();
        let mut previous = 0usize;
        for (i, &v) in y.iter().enumerate() {
            if v != 0.0 {
                self.arena.push((i + 1 - previous) as f64);
                previous = i + 1;
            }
        }
        let n_intervals = self.arena.len() - intervals_start;
        let sizes = &self.arena[sizes_start..intervals_start];
        let intervals = &self.arena[intervals_start..];

        // Croston (and SBA): SES(0.1) of sizes / SES(0.1) of intervals
        let size = ses_forecast(sizes, CROSTON_ALPHA);
        let interval = ses_forecast(intervals, CROSTON_ALPHA);
        let croston = if interval != 0.0 {
            size / interval
        } else {
            size
        };
        // TSB: SES of the demand indicator × SES of the sizes
        let tsb = occurrence_ses(y, config.alpha_p) * ses_forecast(sizes, config.alpha_d);
        // ADIDA's level and IMAPA's largest: the rounded mean interval
        let mean = intervals.iter().sum::<f64>() / n_intervals as f64;
        let k = mean.round_ties_even() as usize;

        let sizes = self.optimised_at(sizes_start, n_sizes, 1.0);
        let intervals = self.optimised_at(intervals_start, n_intervals, 1.0);

        // ADIDA: bucket sums left to right
        let lost = n % k;
        let adida_start = self.arena.len();
        self.arena
            .extend(y[lost..].chunks_exact(k).map(|c| c.iter().sum::<f64>()));
        let adida_len = self.arena.len() - adida_start;
        let adida_divisor = k as f64;
        let adida = match adida_len {
            0 => Pending::Value(last / adida_divisor),
            1 => Pending::Value(self.arena[adida_start] / adida_divisor),
            _ => Pending::Search {
                start: adida_start,
                len: adida_len,
                search: usize::MAX, // assigned below: shared or its own
                divisor: adida_divisor,
            },
        };

        // IMAPA: bucket sums as NumPy sums them, k = 1..=k
        let imapa_first = self.imapa.len();
        let mut adida = adida;
        for level in 1..=k {
            let lost = n % level;
            let start = self.arena.len();
            self.arena
                .extend(y[lost..].chunks_exact(level).map(numpy_sum));
            let len = self.arena.len() - start;
            // k <= n always holds (the mean interval is at most the position
            // of the last demand): at least one bucket
            debug_assert!(len >= 1);
            if let Pending::Search {
                start: a_start,
                len: a_len,
                search,
                divisor,
            } = adida
            {
                if level == k
                    && search == usize::MAX
                    && a_len == len
                    && same_bits(&self.arena[a_start..a_start + a_len], &self.arena[start..])
                {
                    // the same values: one search for both, and no copy
                    self.arena.truncate(start);
                    let shared = self.optimised_at(a_start, a_len, divisor);
                    adida = shared;
                    self.imapa.push(shared);
                    continue;
                }
            }
            let pending = self.optimised_at(start, len, level as f64);
            self.imapa.push(pending);
        }
        if let Pending::Search {
            start,
            len,
            search: usize::MAX,
            divisor,
        } = adida
        {
            adida = self.optimised_at(start, len, divisor);
        }

        self.planned.push(Planned {
            ses,
            croston,
            tsb,
            demand: Some(DemandPlan {
                sizes,
                intervals,
                k,
                adida,
                imapa_first,
            }),
            no_demand_croston: last,
        });
    }

    /// Every search, [`LANES`] at a time, longest first.
    fn run_searches(&mut self) {
        let n = self.searches.len();
        self.alphas.clear();
        self.alphas.resize(n, tie_alpha());
        self.order.clear();
        self.order.extend(0..n);
        let searches = &self.searches;
        self.order
            .sort_unstable_by_key(|&i| std::cmp::Reverse(searches[i].len));
        for group in self.order.chunks(LANES) {
            let longest = self.searches[group[0]].len;
            let shortest = self.searches[group[group.len() - 1]].len;
            self.lanes.clear();
            self.lanes.resize(longest, [0.0; LANES]);
            let mut lens = [0usize; LANES];
            for (lane, &s) in group.iter().enumerate() {
                let Search { start, len } = self.searches[s];
                lens[lane] = len;
                for (row, &v) in self.lanes.iter_mut().zip(&self.arena[start..start + len]) {
                    row[lane] = v;
                }
            }
            let alphas = golden_section_lanes(&self.lanes, &lens, shortest, group.len());
            for (lane, &s) in group.iter().enumerate() {
                self.alphas[s] = alphas[lane];
            }
        }
    }

    fn resolve(&self, pending: Pending) -> (f64, Option<f64>) {
        match pending {
            Pending::Value(v) => (v, None),
            Pending::Search {
                start,
                len,
                search,
                divisor,
            } => {
                let alpha = self.alphas[search];
                (
                    ses_forecast(&self.arena[start..start + len], alpha) / divisor,
                    Some(alpha),
                )
            }
        }
    }

    fn finish(&mut self, out: &mut Vec<AllLevels>) {
        for p in &self.planned {
            let sba = p.croston * SBA_FACTOR;
            let Some(d) = p.demand else {
                out.push(AllLevels {
                    level: [p.ses, p.croston, sba, p.no_demand_croston, p.tsb, 0.0, 0.0],
                    alpha_size: None,
                    alpha_interval: None,
                    aggregation_level: None,
                    adida_alpha: None,
                });
                continue;
            };
            let (size, alpha_size) = self.resolve(d.sizes);
            let (interval, alpha_interval) = self.resolve(d.intervals);
            let croston_opt = if interval != 0.0 {
                size / interval
            } else {
                size
            };
            let (adida, adida_alpha) = self.resolve(d.adida);
            self.levels.clear();
            for i in d.imapa_first..d.imapa_first + d.k {
                let level = self.resolve(self.imapa[i]).0;
                self.levels.push(level);
            }
            let imapa = numpy_sum(&self.levels) / d.k as f64;
            out.push(AllLevels {
                level: [p.ses, p.croston, sba, croston_opt, p.tsb, adida, imapa],
                // a single size or interval: the search's tie, as statsforecast
                alpha_size: Some(alpha_size.unwrap_or_else(tie_alpha)),
                alpha_interval: Some(alpha_interval.unwrap_or_else(tie_alpha)),
                aggregation_level: Some(d.k),
                adida_alpha,
            });
        }
    }
}

fn same_bits(a: &[f64], b: &[f64]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.to_bits() == y.to_bits())
}

/// `ses_forecast` of the demand indicator (1 where `y` is not 0), without
/// building it.
fn occurrence_ses(y: &[f64], alpha: f64) -> f64 {
    let occurs = |v: f64| if v != 0.0 { 1.0 } else { 0.0 };
    let n = y.len();
    if n == 1 {
        return occurs(y[0]);
    }
    let complement = 1.0 - alpha;
    let mut level = occurs(y[0]);
    for &v in &y[..n - 1] {
        level = alpha * occurs(v) + complement * level;
    }
    alpha * occurs(y[n - 1]) + complement * level
}

/// [`crate::smoothing::golden_section_ses`] within
/// [`OPTIMISED_ALPHA_BOUNDS`] for up to [`LANES`] series at once: lane `l`
/// searches over `x[..lens[l]][l]` (`lens[l] >= 2` for the `used` lanes,
/// every lane at least `shortest` long; rows past a lane's length are
/// ignored). Each lane's steps and comparisons are the scalar search's.
fn golden_section_lanes(
    x: &[[f64; LANES]],
    lens: &[usize; LANES],
    shortest: usize,
    used: usize,
) -> [f64; LANES] {
    let gr = (5.0_f64.sqrt() + 1.0) / 2.0;
    let (lower, upper) = OPTIMISED_ALPHA_BOUNDS;
    let mut a = [lower; LANES];
    let mut b = [upper; LANES];
    let mut c = [0.0; LANES];
    let mut d = [0.0; LANES];
    for l in 0..LANES {
        c[l] = b[l] - (b[l] - a[l]) / gr;
        d[l] = a[l] + (b[l] - a[l]) / gr;
    }
    let mut fc = sse_lanes(x, lens, shortest, &c);
    let mut fd = sse_lanes(x, lens, shortest, &d);
    let mut active = [false; LANES];
    active[..used].fill(true);
    loop {
        // One step of every active lane, without branches: both moves are
        // computed and the one the comparison picks is kept.
        let mut next = [0.0; LANES];
        let mut into_c = [false; LANES];
        let mut into_d = [false; LANES];
        for l in 0..LANES {
            let open = active[l] && (b[l] - a[l]).abs() >= 1e-12;
            let go_c = open && fc[l] < fd[l];
            let go_d = open && fd[l] < fc[l];
            // fc < fd: the minimum is left of d
            let b_c = d[l];
            let c_c = b_c - (b_c - a[l]) / gr;
            // fd < fc: the minimum is right of c
            let a_d = c[l];
            let d_d = a_d + (b[l] - a_d) / gr;
            let (c_old, d_old, fc_old, fd_old) = (c[l], d[l], fc[l], fd[l]);
            a[l] = if go_d { a_d } else { a[l] };
            b[l] = if go_c { b_c } else { b[l] };
            c[l] = if go_c {
                c_c
            } else if go_d {
                d_old
            } else {
                c_old
            };
            d[l] = if go_c {
                c_old
            } else if go_d {
                d_d
            } else {
                d_old
            };
            fc[l] = if go_d { fd_old } else { fc_old };
            fd[l] = if go_c { fc_old } else { fd_old };
            next[l] = if go_c { c_c } else { d_d };
            into_c[l] = go_c;
            into_d[l] = go_d;
            active[l] = go_c || go_d;
        }
        if !active.iter().any(|&on| on) {
            break;
        }
        let sse = sse_lanes(x, lens, shortest, &next);
        for l in 0..LANES {
            fc[l] = if into_c[l] { sse[l] } else { fc[l] };
            fd[l] = if into_d[l] { sse[l] } else { fd[l] };
        }
    }
    let mut alpha = [0.0; LANES];
    for l in 0..LANES {
        alpha[l] = (b[l] + a[l]) / 2.0;
    }
    alpha
}

/// [`crate::smoothing::ses_sse`] of every lane with its own alpha: the same
/// operations in the same order per lane; the lanes' chains run side by side.
#[inline(never)]
fn sse_lanes(
    x: &[[f64; LANES]],
    lens: &[usize; LANES],
    shortest: usize,
    alpha: &[f64; LANES],
) -> [f64; LANES] {
    let mut complement = [0.0; LANES];
    for l in 0..LANES {
        complement[l] = 1.0 - alpha[l];
    }
    let mut forecast = x[0];
    let mut sse = [0.0; LANES];
    // every lane is at least `shortest` long: no lane ends before
    for w in x[..shortest].windows(2) {
        let (previous, current) = (&w[0], &w[1]);
        for l in 0..LANES {
            forecast[l] = alpha[l] * previous[l] + complement[l] * forecast[l];
            let err = current[l] - forecast[l];
            sse[l] += err * err;
        }
    }
    // the longer lanes go on; the others' sums stay as they are
    for i in shortest.max(1)..x.len() {
        let (previous, current) = (&x[i - 1], &x[i]);
        for l in 0..LANES {
            forecast[l] = alpha[l] * previous[l] + complement[l] * forecast[l];
            let err = current[l] - forecast[l];
            if i < lens[l] {
                sse[l] += err * err;
            }
        }
    }
    sse
}
