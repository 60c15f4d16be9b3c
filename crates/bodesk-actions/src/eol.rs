//! End of life: for each `eol` or `obsolete` part, the backorder rate before
//! and after its EOL date, whether its successor is stocked where the part
//! is wanted, and a last-time-buy quantity.
//!
//! - **Rate**: lines created in a window, per month (days / 30.4375) and per
//!   100 units demanded (monthly demand pro-rated by days). Before = the 365
//!   days before the EOL date (cut at `T`); after = from the EOL date to `T`
//!   (none while the EOL date is still ahead). Without an EOL date, neither.
//! - **Where the part is wanted**: each location with demand for it in the
//!   12 whole months before the month of `T`, or with an open line of it.
//!   The successor is **stocked** there when its on hand − blocked is above 0.
//! - **Last-time buy** = mean monthly demand over those 12 months (all
//!   locations) × the service horizon in months − on hand (all locations) −
//!   on order (outstanding open PO quantity), rounded up to whole units and
//!   floored at 0.

use std::collections::{BTreeMap, HashMap};

use chrono::{Duration, NaiveDate};

use crate::{days, demand_in, month_start, months_before, num, Config, Lifecycle, Network};

const MONTH_DAYS: f64 = 30.4375;

/// Backorder lines created in a window.
#[derive(Debug, Clone, PartialEq)]
pub struct Window {
    pub from: NaiveDate,
    /// Exclusive.
    pub to: NaiveDate,
    pub days: i64,
    pub lines: usize,
    pub lines_per_month: f64,
    pub demand: f64,
    /// `None` when nothing was demanded.
    pub lines_per_100_units: Option<f64>,
}

/// One location where the EOL part is wanted.
#[derive(Debug, Clone, PartialEq)]
pub struct Wanted {
    pub location_id: String,
    pub region: Option<String>,
    pub demand_12m: f64,
    pub open_lines: usize,
    /// The successor's on hand − blocked there (0 without a successor).
    pub successor_free: f64,
    pub successor_stocked: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct LastTimeBuy {
    pub demand_12m: f64,
    pub mean_monthly: f64,
    pub horizon_months: f64,
    /// `mean_monthly × horizon_months`.
    pub need: f64,
    pub on_hand: f64,
    pub on_order: f64,
    /// `max(0, ⌈need − on_hand − on_order⌉)`.
    pub quantity: f64,
    pub arithmetic: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct EolPart {
    pub part_id: String,
    pub lifecycle: Lifecycle,
    pub eol_date: Option<NaiveDate>,
    pub successor_part_id: Option<String>,
    pub before: Option<Window>,
    pub after: Option<Window>,
    pub open_lines: usize,
    /// By location id.
    pub wanted_at: Vec<Wanted>,
    /// Where it is wanted and the successor is not stocked.
    pub successor_missing_at: Vec<String>,
    pub last_time_buy: LastTimeBuy,
}

/// The rows of one part.
#[derive(Default)]
struct Rows<'n> {
    lines: Vec<&'n crate::Line>,
    demand: Vec<&'n crate::DemandRow>,
    stock: Vec<&'n crate::Stock>,
    po_lines: Vec<&'n crate::PoLine>,
}

fn window(rows: &Rows<'_>, from: NaiveDate, to: NaiveDate) -> Window {
    let lines = rows
        .lines
        .iter()
        .filter(|l| l.created_date >= from && l.created_date < to)
        .count();
    let demand: f64 = rows.demand.iter().map(|r| demand_in(r, from, to)).sum();
    let d = days(from, to).max(0);
    Window {
        from,
        to,
        days: d,
        lines,
        lines_per_month: if d > 0 {
            lines as f64 / (d as f64 / MONTH_DAYS)
        } else {
            0.0
        },
        demand,
        lines_per_100_units: (demand > 0.0).then(|| lines as f64 * 100.0 / demand),
    }
}

/// Every `eol` and `obsolete` part: most open lines first, then the
/// largest last-time buy, then by part id.
pub fn report(net: &Network, cfg: &Config) -> Vec<EolPart> {
    let t = cfg.as_of;
    let this_month = month_start(t);
    let year_from = months_before(this_month, 12);
    let mut parts: Vec<_> = net
        .parts
        .values()
        .filter(|p| matches!(p.lifecycle, Lifecycle::Eol | Lifecycle::Obsolete))
        .collect();
    parts.sort_by(|a, b| a.part_id.cmp(&b.part_id));
    // Each row once, to its part (EOL parts and their successors only).
    let mut by_part: HashMap<&str, Rows> = HashMap::new();
    for p in &parts {
        by_part.entry(&p.part_id).or_default();
        if let Some(s) = &p.successor_part_id {
            by_part.entry(s).or_default();
        }
    }
    for l in &net.lines {
        if let Some(r) = by_part.get_mut(l.part_id.as_str()) {
            r.lines.push(l);
        }
    }
    for d in &net.demand {
        if let Some(r) = by_part.get_mut(d.part_id.as_str()) {
            r.demand.push(d);
        }
    }
    for st in &net.stock {
        if let Some(r) = by_part.get_mut(st.part_id.as_str()) {
            r.stock.push(st);
        }
    }
    for po in &net.po_lines {
        if let Some(r) = by_part.get_mut(po.part_id.as_str()) {
            r.po_lines.push(po);
        }
    }
    let none = Rows::default();
    let mut report: Vec<EolPart> = parts
        .into_iter()
        .map(|p| {
            let rows = by_part.get(p.part_id.as_str()).unwrap_or(&none);
            let successor = p
                .successor_part_id
                .as_deref()
                .and_then(|s| by_part.get(s));
            let (before, after) = match p.eol_date {
                Some(eol) => (
                    Some(window(rows, eol - Duration::days(365), eol.min(t))),
                    (eol < t).then(|| window(rows, eol, t)),
                ),
                None => (None, None),
            };
            let mut wanted: BTreeMap<&str, (f64, usize)> = BTreeMap::new();
            for r in &rows.demand {
                if r.month >= year_from && r.month < this_month && r.qty > 0.0 {
                    wanted.entry(&r.location_id).or_default().0 += r.qty;
                }
            }
            let mut open_lines = 0;
            for l in rows.lines.iter().filter(|l| l.is_open(t)) {
                wanted.entry(&l.location_id).or_default().1 += 1;
                open_lines += 1;
            }
            let successor_free = |loc: &str| -> f64 {
                successor.map_or(0.0, |s| {
                    s.stock
                        .iter()
                        .filter(|st| st.location_id == loc)
                        .map(|st| st.on_hand - st.blocked)
                        .sum()
                })
            };
            let wanted_at: Vec<Wanted> = wanted
                .into_iter()
                .map(|(loc, (demand_12m, open))| {
                    let free = successor_free(loc);
                    Wanted {
                        location_id: loc.to_string(),
                        region: net.regions.get(loc).cloned(),
                        demand_12m,
                        open_lines: open,
                        successor_free: free,
                        successor_stocked: free > 0.0,
                    }
                })
                .collect();
            let successor_missing_at = wanted_at
                .iter()
                .filter(|w| !w.successor_stocked)
                .map(|w| w.location_id.clone())
                .collect();

            let demand_12m: f64 = rows
                .demand
                .iter()
                .filter(|r| r.month >= year_from && r.month < this_month)
                .map(|r| r.qty)
                .sum();
            let on_hand: f64 = rows.stock.iter().map(|s| s.on_hand).sum();
            let on_order: f64 = rows.po_lines.iter().map(|po| po.outstanding()).sum();
            let mean_monthly = demand_12m / 12.0;
            let need = mean_monthly * cfg.horizon_months;
            let rest = need - on_hand - on_order;
            let quantity = if rest > 1e-9 { (rest - 1e-9).ceil() } else { 0.0 };
            let arithmetic = format!(
                "mean monthly demand {} ({} over {} to {}, 12 months) × {} months = {}; − on hand {} − on order {} = {} → buy {}",
                num(mean_monthly),
                num(demand_12m),
                year_from.format("%Y-%m"),
                months_before(this_month, 1).format("%Y-%m"),
                num(cfg.horizon_months),
                num(need),
                num(on_hand),
                num(on_order),
                num(rest),
                num(quantity),
            );
            EolPart {
                part_id: p.part_id.clone(),
                lifecycle: p.lifecycle,
                eol_date: p.eol_date,
                successor_part_id: p.successor_part_id.clone(),
                before,
                after,
                open_lines,
                wanted_at,
                successor_missing_at,
                last_time_buy: LastTimeBuy {
                    demand_12m,
                    mean_monthly,
                    horizon_months: cfg.horizon_months,
                    need,
                    on_hand,
                    on_order,
                    quantity,
                    arithmetic,
                },
            }
        })
        .collect();
    // The parts that need attention first.
    report.sort_by(|a, b| {
        b.open_lines
            .cmp(&a.open_lines)
            .then(
                b.last_time_buy
                    .quantity
                    .total_cmp(&a.last_time_buy.quantity),
            )
            .then(a.part_id.cmp(&b.part_id))
    });
    report
}
