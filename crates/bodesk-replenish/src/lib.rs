//! The replenishment engine under backorders. Pure: no SQL, no clock, no
//! randomness but a seed; one part × location's facts ([`Item`]) and the
//! settings ([`Config`], with the as-of date) in, [`Suggestion`]s out.
//!
//! ```text
//! Item { stock, inbound, open lines, monthly history, backorder months, supply facts } + Config
//!     └─► suggest() ─► [reorder suggestion, emergency suggestion?]
//! ```
//!
//! - **Inventory position** = usable on hand (on hand − quality inspection −
//!   blocked, never below 0) + on order (open PO quantity not received and
//!   inbound transfers) − open backorder quantity at the location.
//! - **Mean demand** per month: `bodesk_forecast` (`auto`) of the monthly
//!   history, unless the caller gives an (adjusted) forecast.
//! - **Lead-time demand** over the protection period `L + R` (lead time plus
//!   review period), see [`choose_distribution`]: Poisson when the monthly
//!   variance/mean is within the tolerance of 1, negative binomial when
//!   overdispersed, a seeded bootstrap of history months for short or
//!   underdispersed histories (or when asked).
//! - **Reorder point** = the smallest `s` with fill rate
//!   `1 − E[(X − s)⁺] / E[demand per review period] ≥ target`
//!   ([`distribution`]); safety stock = reorder point − mean lead-time demand.
//! - **Buffer uplift** for recurring backorders, **recovery cap** and its
//!   decay, **MOQ**, **emergency** suggestions: see [`Config`] and `docs/replenishment.md`.

pub mod distribution;

use bodesk_forecast::{ForecastConfig, Method};
use chrono::{Datelike, Duration, NaiveDate};

pub use distribution::LeadTimeDemand;

/// Days in an average month (365.25 / 12): lead times in days become months.
pub const DAYS_PER_MONTH: f64 = 30.4375;

/// Target fill rate per part criticality.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FillRates {
    pub a: f64,
    pub b: f64,
    pub c: f64,
}

impl FillRates {
    pub fn of(&self, criticality: &str) -> f64 {
        match criticality {
            "A" => self.a,
            "C" => self.c,
            _ => self.b,
        }
    }
}

/// How the lead-time demand distribution is chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DistributionChoice {
    /// The rule of [`choose_distribution`].
    Auto,
    Poisson,
    NegativeBinomial,
    Bootstrap,
}

/// Temporary buffer uplift for parts with recurring backorders.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct UpliftConfig {
    /// Uplift of the safety stock when it applies in full (0.25 = +25 %).
    pub share: f64,
    /// Backorder episodes (months with a new backorder line) needed …
    pub min_episode_months: u32,
    /// … within this many months (the as-of month and the ones before).
    pub window_months: u32,
    /// Months after the condition last held over which the uplift falls
    /// linearly to 0.
    pub decay_months: u32,
}

/// Dynamic min/max while supply is unstable.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RecoveryConfig {
    /// Share of the normal cycle stock (max − min) kept above the reorder
    /// point while supply is unstable (late PO lines or open backorders).
    pub max_share: f64,
    /// Months over which the max returns linearly to normal once supply is stable.
    pub decay_months: f64,
}

/// Emergency suggestions for lines in extended backorder.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EmergencyConfig {
    /// A line is in extended backorder once its age reaches this share of
    /// its SLA limit.
    pub age_share_of_limit: f64,
    /// The limit of a line without SLA terms, days.
    pub default_limit_days: f64,
    /// Days an expedited (emergency) order takes to arrive.
    pub expedite_days: f64,
}

/// Every setting of the engine.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    pub as_of: NaiveDate,
    pub fill_rate: FillRates,
    /// Months between two reviews of a part (the report is run monthly).
    pub review_period_months: f64,
    pub distribution: DistributionChoice,
    /// Poisson while |variance/mean − 1| ≤ this (monthly history).
    pub poisson_tolerance: f64,
    /// Histories shorter than this many months are bootstrapped.
    pub bootstrap_below_months: usize,
    pub bootstrap_samples: usize,
    pub seed: u64,
    pub uplift: UpliftConfig,
    pub recovery: RecoveryConfig,
    pub emergency: EmergencyConfig,
    /// Cap: the reorder point and the max never exceed this many months of
    /// demand (at least 1 unit), so a single spike in a lumpy history does
    /// not stock a slow mover for years.
    pub max_cover_months: f64,
    pub forecast: ForecastConfig,
}

impl Config {
    pub fn new(as_of: NaiveDate) -> Config {
        Config {
            as_of,
            fill_rate: FillRates {
                a: 0.95,
                b: 0.95,
                c: 0.95,
            },
            review_period_months: 1.0,
            distribution: DistributionChoice::Auto,
            poisson_tolerance: 0.25,
            bootstrap_below_months: 6,
            bootstrap_samples: 1000,
            seed: 20_261_129,
            uplift: UpliftConfig {
                share: 0.25,
                min_episode_months: 3,
                window_months: 6,
                decay_months: 6,
            },
            recovery: RecoveryConfig {
                max_share: 0.5,
                decay_months: 3.0,
            },
            emergency: EmergencyConfig {
                age_share_of_limit: 0.5,
                default_limit_days: 60.0,
                expedite_days: 7.0,
            },
            max_cover_months: 12.0,
            forecast: ForecastConfig::with_method(Method::Auto),
        }
    }
}

/// Supply on its way to the location.
#[derive(Debug, Clone, PartialEq)]
pub struct Inbound {
    /// Quantity still to arrive.
    pub qty: f64,
    /// Committed (PO) or expected (transfer) date.
    pub due: NaiveDate,
    /// A purchase order line (its lateness makes supply unstable) or a transfer.
    pub purchase_order: bool,
    /// E.g. `PO 4500001/10`.
    pub label: String,
}

/// An open backorder line at the location.
#[derive(Debug, Clone, PartialEq)]
pub struct OpenLine {
    pub qty: f64,
    pub created: NaiveDate,
    /// The SLA's max backorder days for the line's customer tier and the
    /// part's criticality.
    pub sla_limit_days: Option<f64>,
}

/// One part at one location, as the working set knows it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Item {
    pub part_id: String,
    pub location_id: String,
    pub supplier_id: Option<String>,
    /// `A`, `B` or `C`.
    pub criticality: String,
    pub unit_cost: f64,
    pub lead_time_days: f64,
    pub moq: Option<f64>,
    pub on_hand: f64,
    pub quality_inspection: f64,
    pub blocked: f64,
    pub inbound: Vec<Inbound>,
    pub open_lines: Vec<OpenLine>,
    /// Monthly demand, oldest first, ending with the month before the as-of
    /// month (reconstructed where censored).
    pub history: Vec<f64>,
    /// Demand per month to plan with (e.g. an adjusted forecast); the
    /// engine forecasts `history` when absent.
    pub forecast_per_month: Option<f64>,
    /// Creation dates of the part's backorder lines at the location (open
    /// and closed): the backorder episodes.
    pub backorder_created: Vec<NaiveDate>,
    /// The last day supply was unstable before today (a backorder line
    /// closed, a PO line received after its committed date); today counts
    /// from the open lines and late PO lines themselves.
    pub last_unstable: Option<NaiveDate>,
}

/// `reorder` (the normal logic) or `emergency`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Reorder,
    Emergency,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Reorder => "reorder",
            Kind::Emergency => "emergency",
        }
    }
}

/// Where a part × location stands on the way out of a shortage.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    Normal,
    /// Supply is unstable now: the max is capped.
    Recovery,
    /// Stable again since less than the decay months: the cap is lifting.
    Decay,
}

impl Phase {
    pub fn as_str(self) -> &'static str {
        match self {
            Phase::Normal => "normal",
            Phase::Recovery => "recovery",
            Phase::Decay => "decay",
        }
    }
}

/// One suggestion, with every figure it was computed from.
#[derive(Debug, Clone, PartialEq)]
pub struct Suggestion {
    pub kind: Kind,
    pub part_id: String,
    pub location_id: String,
    pub supplier_id: Option<String>,
    pub on_hand: f64,
    pub on_order: f64,
    pub backorders: f64,
    pub inventory_position: f64,
    pub lead_time_days: f64,
    pub target_fill_rate: f64,
    pub distribution: &'static str,
    pub demand_per_month: f64,
    pub lead_time_demand_mean: f64,
    pub safety_stock: f64,
    pub reorder_point: f64,
    pub min: f64,
    pub max: f64,
    pub buffer_uplift: f64,
    pub phase: Phase,
    pub qty: f64,
    pub unit_cost: f64,
    pub value: f64,
    /// When the order should arrive: as-of + lead time (emergency: + expedite days).
    pub delivery_date: NaiveDate,
    pub reason: String,
}

/// Quantities as text: at most two decimals, no trailing zeros.
pub fn num(v: f64) -> String {
    let s = format!("{v:.2}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".to_string()
    } else {
        s.to_string()
    }
}

fn month_index(d: NaiveDate) -> i64 {
    i64::from(d.year()) * 12 + i64::from(d.month0())
}

fn add_days(d: NaiveDate, days: f64) -> NaiveDate {
    let whole = if days.is_finite() && days > 0.0 {
        (days - 1e-9).ceil() as i64
    } else {
        0
    };
    d + Duration::days(whole)
}

/// The mean and population variance of a history.
fn moments(history: &[f64]) -> (f64, f64) {
    if history.is_empty() {
        return (0.0, 0.0);
    }
    let n = history.len() as f64;
    let mean = history.iter().sum::<f64>() / n;
    let var = history.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / n;
    (mean, var)
}

/// The lead-time demand distribution over `months` for a demand of
/// `per_month`:
///
/// - no demand (`per_month` 0): Poisson with mean 0;
/// - fewer than `bootstrap_below_months` history months, or an
///   underdispersed history (variance/mean below 1 − tolerance): bootstrap
///   — sums of `months` history months drawn with replacement (the fraction
///   of a month as that share of one more draw), scaled so their mean is the
///   forecast's;
/// - variance/mean within 1 ± tolerance: Poisson, mean `per_month · months`;
/// - above: negative binomial by the method of moments, mean
///   `per_month · months`, variance that mean × the history's variance/mean
///   (months independent, so the dispersion index carries over to the sum).
pub fn choose_distribution(
    history: &[f64],
    per_month: f64,
    months: f64,
    cfg: &Config,
    seed: u64,
) -> LeadTimeDemand {
    let mean = per_month.max(0.0) * months.max(0.0);
    let (h_mean, h_var) = moments(history);
    let bootstrap = || {
        let mut samples =
            distribution::bootstrap_samples(history, months, cfg.bootstrap_samples, seed);
        let s_mean = LeadTimeDemand::Bootstrap {
            samples: samples.clone(),
        }
        .mean();
        if s_mean > 0.0 {
            let scale = mean / s_mean;
            samples.iter_mut().for_each(|x| *x *= scale);
        }
        LeadTimeDemand::Bootstrap { samples }
    };
    if mean <= 0.0 {
        return LeadTimeDemand::Poisson { mean: 0.0 };
    }
    let dispersion = if h_mean > 0.0 { h_var / h_mean } else { 1.0 };
    match cfg.distribution {
        DistributionChoice::Poisson => LeadTimeDemand::Poisson { mean },
        DistributionChoice::NegativeBinomial => LeadTimeDemand::NegativeBinomial {
            mean,
            variance: mean * dispersion.max(1.0),
        },
        DistributionChoice::Bootstrap if h_mean > 0.0 => bootstrap(),
        DistributionChoice::Bootstrap => LeadTimeDemand::Poisson { mean },
        DistributionChoice::Auto => {
            if h_mean > 0.0
                && (history.len() < cfg.bootstrap_below_months
                    || dispersion < 1.0 - cfg.poisson_tolerance)
            {
                bootstrap()
            } else if dispersion <= 1.0 + cfg.poisson_tolerance {
                LeadTimeDemand::Poisson { mean }
            } else {
                LeadTimeDemand::NegativeBinomial {
                    mean,
                    variance: mean * dispersion,
                }
            }
        }
    }
}

/// The buffer uplift as of the config's date: the share in full while at
/// least `min_episode_months` of the last `window_months` months had a new
/// backorder line; after the condition last held `t` months ago,
/// `share · (1 − t / decay_months)`, never below 0.
pub fn buffer_uplift(backorder_created: &[NaiveDate], cfg: &Config) -> f64 {
    let u = &cfg.uplift;
    if u.share <= 0.0 || u.min_episode_months == 0 {
        return 0.0;
    }
    let now = month_index(cfg.as_of);
    let mut ago: Vec<i64> = backorder_created
        .iter()
        .map(|d| now - month_index(*d))
        .filter(|m| *m >= 0)
        .collect();
    ago.sort_unstable();
    ago.dedup();
    let window = i64::from(u.window_months.max(1));
    for t in 0..=i64::from(u.decay_months) {
        let episodes = ago.iter().filter(|m| **m >= t && **m < t + window).count();
        if episodes >= u.min_episode_months as usize {
            let fade = if u.decay_months == 0 {
                if t == 0 {
                    1.0
                } else {
                    0.0
                }
            } else {
                1.0 - t as f64 / f64::from(u.decay_months)
            };
            return u.share * fade.max(0.0);
        }
    }
    0.0
}

/// The phase and the share of the cycle stock kept above the reorder point.
pub fn recovery_phase(item: &Item, cfg: &Config) -> (Phase, f64) {
    let unstable_now = !item.open_lines.is_empty()
        || item
            .inbound
            .iter()
            .any(|i| i.purchase_order && i.due < cfg.as_of && i.qty > 0.0);
    let r = &cfg.recovery;
    if unstable_now {
        return (Phase::Recovery, r.max_share.clamp(0.0, 1.0));
    }
    match item.last_unstable {
        Some(d) if d <= cfg.as_of => {
            let months = (cfg.as_of - d).num_days() as f64 / DAYS_PER_MONTH;
            if months < r.decay_months {
                let share = r.max_share + (1.0 - r.max_share) * months / r.decay_months;
                (Phase::Decay, share.clamp(0.0, 1.0))
            } else {
                (Phase::Normal, 1.0)
            }
        }
        _ => (Phase::Normal, 1.0),
    }
}

/// An order quantity rounded up to whole units and to the minimum lot size.
pub fn order_qty(shortfall: f64, moq: Option<f64>) -> f64 {
    if shortfall <= 1e-9 {
        return 0.0;
    }
    (shortfall - 1e-9).ceil().max(moq.unwrap_or(0.0).ceil())
}

/// What the extended lines need before they breach and will not get.
struct Shortfall {
    lines: usize,
    oldest_age: i64,
    limit_days: f64,
    qty: f64,
    /// The first date each uncovered unit would arrive otherwise (`None`: nothing covers it).
    covered_on: Option<NaiveDate>,
}

/// Walks supply in date order against the open lines oldest first; the
/// part of each extended line that arrives after `max(breach date, as-of +
/// expedite days)` (or never) is the emergency's shortfall.
fn extended_shortfall(
    item: &Item,
    usable: f64,
    normal_order: f64,
    cfg: &Config,
) -> Option<Shortfall> {
    let e = &cfg.emergency;
    let mut supply: Vec<(NaiveDate, f64)> = vec![(cfg.as_of, usable)];
    supply.extend(
        item.inbound
            .iter()
            .filter(|i| i.qty > 0.0)
            .map(|i| (i.due.max(cfg.as_of), i.qty)),
    );
    if normal_order > 0.0 {
        supply.push((add_days(cfg.as_of, item.lead_time_days), normal_order));
    }
    supply.sort_by_key(|s| s.0);
    let mut lines: Vec<&OpenLine> = item.open_lines.iter().filter(|l| l.qty > 0.0).collect();
    lines.sort_by_key(|l| l.created);
    let earliest = add_days(cfg.as_of, e.expedite_days);
    let (mut supply_i, mut left) = (0usize, supply.first().map_or(0.0, |s| s.1));
    let mut out = Shortfall {
        lines: 0,
        oldest_age: 0,
        limit_days: 0.0,
        qty: 0.0,
        covered_on: None,
    };
    for line in lines {
        let limit = line.sla_limit_days.unwrap_or(e.default_limit_days);
        let age = (cfg.as_of - line.created).num_days();
        let extended = age as f64 >= e.age_share_of_limit * limit;
        let need_by = add_days(line.created, limit).max(earliest);
        let mut need = line.qty;
        let mut late = 0.0;
        let mut late_on = None;
        while need > 1e-9 {
            if supply_i >= supply.len() {
                late += need;
                break;
            }
            let take = need.min(left);
            if take > 0.0 && supply[supply_i].0 > need_by {
                late += take;
                late_on.get_or_insert(supply[supply_i].0);
            }
            need -= take;
            left -= take;
            if left <= 1e-9 {
                supply_i += 1;
                left = supply.get(supply_i).map_or(0.0, |s| s.1);
            }
        }
        if extended && late > 1e-9 {
            out.lines += 1;
            if age > out.oldest_age {
                out.oldest_age = age;
                out.limit_days = limit;
            }
            out.qty += late;
            if out.covered_on.is_none() {
                out.covered_on = late_on;
            }
        }
    }
    (out.lines > 0).then_some(out)
}

/// The suggestions for one part × location: always the reorder suggestion
/// (quantity 0 when no order is due), plus an emergency one when lines in
/// extended backorder would not be covered before they breach.
pub fn suggest(item: &Item, cfg: &Config) -> Vec<Suggestion> {
    let usable = (item.on_hand - item.quality_inspection.max(0.0) - item.blocked.max(0.0)).max(0.0);
    // `+ 0.0`: an empty float sum is −0.
    let on_order: f64 = item.inbound.iter().map(|i| i.qty.max(0.0)).sum::<f64>() + 0.0;
    let backorders: f64 = item.open_lines.iter().map(|l| l.qty.max(0.0)).sum::<f64>() + 0.0;
    let ip = usable + on_order - backorders;

    let per_month = match item.forecast_per_month {
        Some(f) => f.max(0.0),
        None if item.history.is_empty() => 0.0,
        None => bodesk_forecast::forecast(&item.history, &cfg.forecast)
            .ok()
            .and_then(|f| f.mean.first().copied())
            .unwrap_or(0.0),
    };
    let lead_months = item.lead_time_days.max(0.0) / DAYS_PER_MONTH;
    let protection = lead_months + cfg.review_period_months.max(0.0);
    let seed = cfg.seed ^ distribution::fnv1a(&[&item.part_id, &item.location_id]);
    let dist = choose_distribution(&item.history, per_month, protection, cfg, seed);
    let fill = cfg.fill_rate.of(&item.criticality);
    let cycle_demand = per_month * cfg.review_period_months.max(0.0);
    let base_rop = dist.reorder_point(fill, cycle_demand) as f64;
    let ltd_mean = dist.mean();
    let uplift = buffer_uplift(&item.backorder_created, cfg);
    let base_ss = base_rop - ltd_mean;
    let uplifted_rop = if uplift > 0.0 && base_ss > 0.0 {
        (ltd_mean + base_ss * (1.0 + uplift) - 1e-9).ceil()
    } else {
        base_rop
    };
    let cap = if per_month > 0.0 && cfg.max_cover_months > 0.0 {
        (per_month * cfg.max_cover_months - 1e-9).ceil().max(1.0)
    } else {
        f64::INFINITY
    };
    let rop = uplifted_rop.min(cap);
    let safety_stock = rop - ltd_mean;
    let cycle_stock = (cycle_demand - 1e-9).ceil().max(0.0);
    let (phase, share) = recovery_phase(item, cfg);
    let max = (rop + (share * cycle_stock - 1e-9).ceil().max(0.0))
        .min(cap)
        .max(rop);
    let capped = uplifted_rop > cap || rop + (share * cycle_stock - 1e-9).ceil() > cap;
    let normal_qty = if ip <= rop && per_month > 0.0 {
        order_qty(max - ip, item.moq)
    } else {
        0.0
    };

    let base = |kind: Kind, qty: f64, delivery: NaiveDate, reason: String| Suggestion {
        kind,
        part_id: item.part_id.clone(),
        location_id: item.location_id.clone(),
        supplier_id: item.supplier_id.clone(),
        on_hand: usable,
        on_order,
        backorders,
        inventory_position: ip,
        lead_time_days: item.lead_time_days,
        target_fill_rate: fill,
        distribution: dist.name(),
        demand_per_month: per_month,
        lead_time_demand_mean: ltd_mean,
        safety_stock,
        reorder_point: rop,
        min: rop,
        max,
        buffer_uplift: uplift,
        phase,
        qty,
        unit_cost: item.unit_cost,
        value: qty * item.unit_cost,
        delivery_date: delivery,
        reason,
    };

    let mut out = Vec::new();
    let emergency = extended_shortfall(item, usable, normal_qty, cfg);
    let emergency_qty = emergency
        .as_ref()
        .map_or(0.0, |s| order_qty(s.qty, item.moq));
    if let Some(s) = &emergency {
        let arrive = add_days(cfg.as_of, cfg.emergency.expedite_days);
        let normal_arrival = add_days(cfg.as_of, item.lead_time_days);
        let otherwise = match s.covered_on {
            Some(d) => format!("the supply that would cover them arrives only on {d}"),
            None => "nothing on hand or on order covers them".to_string(),
        };
        let reason = format!(
            "{} line{} in extended backorder (oldest {} days, SLA limit {} days): {} unit{} would not arrive \
             before their SLA dates — {otherwise}; a normal reorder placed today arrives {normal_arrival} \
             (lead time {} days). Order {} now, expedited, to arrive by {arrive}.",
            s.lines,
            if s.lines == 1 { "" } else { "s" },
            s.oldest_age,
            num(s.limit_days),
            num(s.qty),
            if (s.qty - 1.0).abs() < 1e-9 { "" } else { "s" },
            num(item.lead_time_days),
            num(emergency_qty),
        );
        out.push(base(Kind::Emergency, emergency_qty, arrive, reason));
    }

    let ip_after = ip + emergency_qty;
    let qty = if ip_after <= rop && per_month > 0.0 {
        order_qty(max - ip_after, item.moq)
    } else {
        0.0
    };
    let mut reason = if per_month <= 0.0 {
        "no demand forecast: nothing to stock".to_string()
    } else if qty > 0.0 {
        format!(
            "inventory position {} (usable {} + on order {} − backorders {}{}) is at or below the \
             reorder point {}: order up to the max {}",
            num(ip_after),
            num(usable),
            num(on_order),
            num(backorders),
            if emergency_qty > 0.0 {
                format!(" + emergency {}", num(emergency_qty))
            } else {
                String::new()
            },
            num(rop),
            num(max),
        )
    } else {
        format!(
            "inventory position {} is above the reorder point {}: no order",
            num(ip_after),
            num(rop)
        )
    };
    if per_month > 0.0 {
        reason.push_str(&format!(
            "; demand {}/month, {} lead-time demand mean {} over {} months, fill rate {}%",
            num(per_month),
            dist.name().replace('_', " "),
            num(ltd_mean),
            num(protection),
            num(fill * 100.0)
        ));
        if qty > 0.0 && item.moq.is_some_and(|m| m > max - ip_after + 1e-9) {
            reason.push_str(&format!(
                "; rounded up to the MOQ {}",
                num(item.moq.unwrap_or(0.0))
            ));
        }
        if capped {
            reason.push_str(&format!(
                "; capped at {} months of demand ({})",
                num(cfg.max_cover_months),
                num(cap)
            ));
        }
        if uplift > 0.0 {
            reason.push_str(&format!(
                "; safety stock +{}% for recurring backorders",
                num(uplift * 100.0)
            ));
        }
        match phase {
            Phase::Recovery => reason.push_str(&format!(
                "; recovery: supply unstable (open backorders or late PO lines), max capped at {}% of the cycle stock",
                num(share * 100.0)
            )),
            Phase::Decay => reason.push_str(&format!(
                "; supply stable again: max back to {}% of the cycle stock",
                num(share * 100.0)
            )),
            Phase::Normal => {}
        }
    }
    out.insert(
        0,
        base(
            Kind::Reorder,
            qty,
            add_days(cfg.as_of, item.lead_time_days),
            reason,
        ),
    );
    out
}

#[cfg(test)]
mod tests;
