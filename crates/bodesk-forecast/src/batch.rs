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
//! 2. sorts the searches by length and runs them in groups of [`LANES`] in
//!    lockstep, two groups per pass: each lane is a whole golden-section
//!    search with its own bracket, one pass over the lane-major values
//!    evaluates the SSE of all eight lanes (eight chains in flight, the lane
//!    loops vectorised by the compiler), each lane's arithmetic exactly the
//!    scalar [`crate::smoothing::ses_sse`]; the step from one bracket to the
//!    next is branch-free (both moves computed, one picked by bit masks),
//!    and the SES with the chosen alpha runs in the lanes too;
//! 3. finishes each series from its searches' alphas and levels.
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
    /// The SES forecast of each search's values with its alpha.
    search_levels: Vec<f64>,
    planned: Vec<Planned>,
    imapa: Vec<Pending>,
    // scratch
    order: Vec<usize>,
    lanes: Vec<[f64; LANES]>,
    lanes_b: Vec<[f64; LANES]>,
    levels: Vec<f64>,
    scratch: Vec<f64>,
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
        // SES of the series and of its demand indicator (TSB), side by side
        let (ses, probability) = ses_and_occurrence(y, config.alpha, config.alpha_p);
        // sizes then intervals, in the arena (the searches of Croston
        // optimised run on them in place); one pass: for a checked series
        // `v > 0` (a size) and `v != 0` (an interval) are the same test
        let sizes_start = self.arena.len();
        self.scratch.clear();
        let mut previous = 0usize;
        for (i, &v) in y.iter().enumerate() {
            if v > 0.0 {
                self.arena.push(v);
                self.scratch.push((i + 1 - previous) as f64);
                previous = i + 1;
            }
        }
        let n_sizes = self.arena.len() - sizes_start;
        if n_sizes == 0 {
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
        self.arena.extend_from_slice(&self.scratch);
        let n_intervals = n_sizes;
        let sizes = &self.arena[sizes_start..intervals_start];
        let intervals = &self.arena[intervals_start..];

        // Croston (and SBA): SES(0.1) of sizes / SES(0.1) of intervals; TSB:
        // SES of the demand indicator × SES(alpha_d) of the sizes
        let [size, interval, tsb_size] = ses_three(
            [sizes, intervals, sizes],
            [CROSTON_ALPHA, CROSTON_ALPHA, config.alpha_d],
        );
        let croston = if interval != 0.0 {
            size / interval
        } else {
            size
        };
        let tsb = probability * tsb_size;
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
        self.search_levels.clear();
        self.search_levels.resize(n, 0.0);
        self.order.clear();
        self.order.extend(0..n);
        let searches = &self.searches;
        self.order
            .sort_unstable_by_key(|&i| std::cmp::Reverse(searches[i].len));
        // two groups at a time: their SSE passes run side by side
        for pair in self.order.chunks(2 * LANES) {
            let (first, second) = pair.split_at(pair.len().min(LANES));
            let lens_a = transpose(&self.searches, &self.arena, first, &mut self.lanes);
            let lens_b = transpose(&self.searches, &self.arena, second, &mut self.lanes_b);
            let mut group_a = Group::new(&self.lanes, lens_a, first.len());
            let results = if second.is_empty() {
                search_groups(&mut group_a, None);
                [group_a.result(), ([0.0; LANES], [0.0; LANES])]
            } else {
                let mut group_b = Group::new(&self.lanes_b, lens_b, second.len());
                search_groups(&mut group_a, Some(&mut group_b));
                [group_a.result(), group_b.result()]
            };
            for ((alphas, levels), group) in results.iter().zip([first, second]) {
                for (lane, &s) in group.iter().enumerate() {
                    self.alphas[s] = alphas[lane];
                    self.search_levels[s] = levels[lane];
                }
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
                debug_assert_eq!(
                    self.search_levels[search].to_bits(),
                    ses_forecast(&self.arena[start..start + len], self.alphas[search]).to_bits()
                );
                (
                    self.search_levels[search] / divisor,
                    Some(self.alphas[search]),
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

/// `ses_forecast(y, alpha)` and `ses_forecast` of the demand indicator (1
/// where `y` is not 0) with `alpha_p`, the two chains side by side and the
/// indicator never built. (`ses_forecast`'s last step is its loop's step, so
/// the loop runs over every value.)
fn ses_and_occurrence(y: &[f64], alpha: f64, alpha_p: f64) -> (f64, f64) {
    let occurs = |v: f64| if v != 0.0 { 1.0 } else { 0.0 };
    if y.len() == 1 {
        return (y[0], occurs(y[0]));
    }
    let (complement, complement_p) = (1.0 - alpha, 1.0 - alpha_p);
    let (mut level, mut level_p) = (y[0], occurs(y[0]));
    for &v in y {
        level = alpha * v + complement * level;
        level_p = alpha_p * occurs(v) + complement_p * level_p;
    }
    (level, level_p)
}

/// `ses_forecast` of three series of the same length, side by side.
fn ses_three(x: [&[f64]; 3], alpha: [f64; 3]) -> [f64; 3] {
    let n = x[0].len();
    debug_assert!(n >= 1 && x.iter().all(|s| s.len() == n));
    if n == 1 {
        return [x[0][0], x[1][0], x[2][0]];
    }
    let complement = alpha.map(|a| 1.0 - a);
    let mut level = [x[0][0], x[1][0], x[2][0]];
    for ((&v0, &v1), &v2) in x[0].iter().zip(x[1]).zip(x[2]) {
        let v = [v0, v1, v2];
        for s in 0..3 {
            level[s] = alpha[s] * v[s] + complement[s] * level[s];
        }
    }
    level
}

/// Writes the values of `group`'s searches lane-major into `rows` (a lane
/// past its search's end reads 0, never counted) and returns their lengths.
fn transpose(
    searches: &[Search],
    arena: &[f64],
    group: &[usize],
    rows: &mut Vec<[f64; LANES]>,
) -> [usize; LANES] {
    let longest = group.first().map_or(0, |&s| searches[s].len);
    rows.clear();
    rows.resize(longest, [0.0; LANES]);
    let mut lens = [0usize; LANES];
    for (lane, &s) in group.iter().enumerate() {
        let Search { start, len } = searches[s];
        lens[lane] = len;
        for (row, &v) in rows.iter_mut().zip(&arena[start..start + len]) {
            row[lane] = v;
        }
    }
    lens
}

/// Up to [`LANES`] of statsforecast's golden-section searches
/// ([`crate::smoothing::golden_section_ses`] within
/// [`OPTIMISED_ALPHA_BOUNDS`]) in lockstep: lane `l` searches over
/// `x[..lens[l]][l]`, its steps and comparisons the scalar search's.
struct Group<'a> {
    x: &'a [[f64; LANES]],
    lens: [usize; LANES],
    /// The shortest used lane (every used lane has at least 2 values).
    shortest: usize,
    a: [f64; LANES],
    b: [f64; LANES],
    c: [f64; LANES],
    d: [f64; LANES],
    fc: [f64; LANES],
    fd: [f64; LANES],
    /// Lane masks (all ones or 0): searching; the SSE of `next` goes to fc,
    /// to fd.
    active: [u64; LANES],
    into_c: [u64; LANES],
    into_d: [u64; LANES],
    /// The point each active lane evaluates next.
    next: [f64; LANES],
}

/// All ones for true, 0 for false.
#[inline(always)]
fn mask(condition: bool) -> u64 {
    u64::from(condition).wrapping_neg()
}

/// `yes` where `mask` is all ones, `no` where it is 0.
#[inline(always)]
fn pick(mask: u64, yes: f64, no: f64) -> f64 {
    f64::from_bits((yes.to_bits() & mask) | (no.to_bits() & !mask))
}

fn golden_ratio() -> f64 {
    (5.0_f64.sqrt() + 1.0) / 2.0
}

impl<'a> Group<'a> {
    fn new(x: &'a [[f64; LANES]], lens: [usize; LANES], used: usize) -> Group<'a> {
        let gr = golden_ratio();
        let (lower, upper) = OPTIMISED_ALPHA_BOUNDS;
        let (a, b) = ([lower; LANES], [upper; LANES]);
        let mut c = [0.0; LANES];
        let mut d = [0.0; LANES];
        for l in 0..LANES {
            c[l] = b[l] - (b[l] - a[l]) / gr;
            d[l] = a[l] + (b[l] - a[l]) / gr;
        }
        let mut active = [0; LANES];
        active[..used].fill(u64::MAX);
        Group {
            x,
            lens,
            shortest: lens[..used].iter().copied().min().unwrap_or(0),
            a,
            b,
            c,
            d,
            fc: [0.0; LANES],
            fd: [0.0; LANES],
            active,
            next: [0.0; LANES],
            into_c: [0; LANES],
            into_d: [0; LANES],
        }
    }

    /// One step of every active lane, without branches (both moves are
    /// computed and the one the comparison picks is kept, by bit masks, so
    /// that the lanes vectorise): sets `next`. False when every lane has
    /// finished.
    fn step(&mut self) -> bool {
        let gr = golden_ratio();
        let (a, b, c, d) = (&mut self.a, &mut self.b, &mut self.c, &mut self.d);
        let (fc, fd) = (&mut self.fc, &mut self.fd);
        let mut any = 0;
        for l in 0..LANES {
            let open = self.active[l] & mask((b[l] - a[l]).abs() >= 1e-12);
            let go_c = open & mask(fc[l] < fd[l]);
            let go_d = open & mask(fd[l] < fc[l]);
            // fc < fd: the minimum is left of d, b = d, new c = b - (b - a) / gr;
            // fd < fc: the minimum is right of c, a = c, new d = a + (b - a) / gr;
            // one division for either
            let b_c = d[l];
            let a_d = c[l];
            let step = pick(go_c, b_c - a[l], b[l] - a_d) / gr;
            let c_c = b_c - step;
            let d_d = a_d + step;
            let (c_old, d_old, fc_old, fd_old) = (c[l], d[l], fc[l], fd[l]);
            a[l] = pick(go_d, a_d, a[l]);
            b[l] = pick(go_c, b_c, b[l]);
            c[l] = pick(go_c, c_c, pick(go_d, d_old, c_old));
            d[l] = pick(go_c, c_old, pick(go_d, d_d, d_old));
            fc[l] = pick(go_d, fd_old, fc_old);
            fd[l] = pick(go_c, fc_old, fd_old);
            self.next[l] = pick(go_c, c_c, d_d);
            self.into_c[l] = go_c;
            self.into_d[l] = go_d;
            self.active[l] = go_c | go_d;
            any |= self.active[l];
        }
        any != 0
    }

    /// Stores the SSE of `next`.
    fn take(&mut self, sse: [f64; LANES]) {
        for (l, &sse) in sse.iter().enumerate() {
            self.fc[l] = pick(self.into_c[l], sse, self.fc[l]);
            self.fd[l] = pick(self.into_d[l], sse, self.fd[l]);
        }
    }

    /// Each lane's alpha (the bracket's midpoint) and the SES forecast of its
    /// values with it (`ses_forecast`, whose last step is its loop's step).
    fn result(&self) -> ([f64; LANES], [f64; LANES]) {
        let alpha: [f64; LANES] = std::array::from_fn(|l| (self.b[l] + self.a[l]) / 2.0);
        let complement = complement_of(&alpha);
        let mut level = self.x[0];
        for (i, row) in self.x.iter().enumerate() {
            for l in 0..LANES {
                let next = alpha[l] * row[l] + complement[l] * level[l];
                level[l] = if i < self.lens[l] { next } else { level[l] };
            }
        }
        (alpha, level)
    }
}

/// Runs one or two groups to the end, their SSE passes side by side while
/// both have lanes searching.
fn search_groups(g: &mut Group, mut h: Option<&mut Group>) {
    match h.as_deref_mut() {
        Some(h) => {
            let (c, d) = ((g.c, g.d), (h.c, h.d));
            (g.fc, h.fc) = sse_two(g, &c.0, h, &d.0);
            (g.fd, h.fd) = sse_two(g, &c.1, h, &d.1);
        }
        None => {
            g.fc = sse_one(g, &g.c);
            g.fd = sse_one(g, &g.d);
        }
    }
    loop {
        let on_g = g.step();
        let on_h = h.as_deref_mut().is_some_and(|h| h.step());
        match (on_g, h.as_deref_mut()) {
            (true, Some(h)) if on_h => {
                let (sg, sh) = sse_two(g, &g.next, h, &h.next);
                g.take(sg);
                h.take(sh);
            }
            (true, _) => g.take(sse_one(g, &g.next)),
            (false, Some(h)) if on_h => h.take(sse_one(h, &h.next)),
            (false, _) => break,
        }
    }
}

/// [`crate::smoothing::ses_sse`]'s loop body for every lane of one row: the
/// same operations in the same order per lane.
#[inline(always)]
fn sse_row(
    alpha: &[f64; LANES],
    complement: &[f64; LANES],
    previous: &[f64; LANES],
    current: &[f64; LANES],
    forecast: &mut [f64; LANES],
    sse: &mut [f64; LANES],
) {
    for l in 0..LANES {
        forecast[l] = alpha[l] * previous[l] + complement[l] * forecast[l];
        let err = current[l] - forecast[l];
        sse[l] += err * err;
    }
}

/// The rows `from..` of a group: all lanes count up to its shortest, then
/// only the lanes not yet at their end.
#[inline(always)]
fn sse_rest(
    g: &Group,
    alpha: &[f64; LANES],
    complement: &[f64; LANES],
    from: usize,
    forecast: &mut [f64; LANES],
    sse: &mut [f64; LANES],
) {
    let x = g.x;
    for i in from.max(1)..g.shortest {
        sse_row(alpha, complement, &x[i - 1], &x[i], forecast, sse);
    }
    for i in g.shortest.max(from).max(1)..x.len() {
        let (previous, current) = (&x[i - 1], &x[i]);
        for l in 0..LANES {
            forecast[l] = alpha[l] * previous[l] + complement[l] * forecast[l];
            let err = current[l] - forecast[l];
            if i < g.lens[l] {
                sse[l] += err * err;
            }
        }
    }
}

fn complement_of(alpha: &[f64; LANES]) -> [f64; LANES] {
    let mut complement = [0.0; LANES];
    for l in 0..LANES {
        complement[l] = 1.0 - alpha[l];
    }
    complement
}

/// The in-sample SSE of every lane of `g` at its alpha in `alpha`.
#[inline(never)]
fn sse_one(g: &Group, alpha: &[f64; LANES]) -> [f64; LANES] {
    let complement = complement_of(alpha);
    let mut forecast = g.x[0];
    let mut sse = [0.0; LANES];
    sse_rest(g, alpha, &complement, 1, &mut forecast, &mut sse);
    sse
}

/// [`sse_one`] of two groups, their rows interleaved while both have some.
#[inline(never)]
fn sse_two(
    g: &Group,
    alpha_g: &[f64; LANES],
    h: &Group,
    alpha_h: &[f64; LANES],
) -> ([f64; LANES], [f64; LANES]) {
    let (complement_g, complement_h) = (complement_of(alpha_g), complement_of(alpha_h));
    let (mut forecast_g, mut forecast_h) = (g.x[0], h.x[0]);
    let (mut sse_g, mut sse_h) = ([0.0; LANES], [0.0; LANES]);
    let both = g.shortest.min(h.shortest);
    for i in 1..both {
        sse_row(
            alpha_g,
            &complement_g,
            &g.x[i - 1],
            &g.x[i],
            &mut forecast_g,
            &mut sse_g,
        );
        sse_row(
            alpha_h,
            &complement_h,
            &h.x[i - 1],
            &h.x[i],
            &mut forecast_h,
            &mut sse_h,
        );
    }
    let from = both.max(1);
    sse_rest(g, alpha_g, &complement_g, from, &mut forecast_g, &mut sse_g);
    sse_rest(h, alpha_h, &complement_h, from, &mut forecast_h, &mut sse_h);
    (sse_g, sse_h)
}
