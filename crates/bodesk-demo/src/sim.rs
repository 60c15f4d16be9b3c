//! One stocking series (a part at a location) simulated day by day over the
//! calendar: intermittent customer demand, a reorder-point policy, purchase
//! orders from the part's supplier (with that supplier's reliability) or
//! transfers from the parent location, and the backorder lines that stockouts
//! leave, closed when supply arrives.
//!
//! The series is independent of every other one (its own random stream), so
//! the network is generated one series at a time and streamed to the files.

use std::collections::VecDeque;

use crate::network::{Day, LocKind, Network};
use crate::rng::Rng;
use crate::stories as st;

/// Monthly chance of demand without jitter.
pub(crate) fn base_rate(net: &Network, part: usize, loc: usize) -> f64 {
    let factor = match net.locations[loc].kind {
        LocKind::Central => 1.15,
        LocKind::Regional => 1.0,
        LocKind::Field => 0.8,
    };
    (net.parts[part].velocity * factor).clamp(0.02, 0.92)
}

/// Mean quantity of one order.
fn mean_order_qty(size_p: f64) -> f64 {
    1.0 + size_p / (1.0 - size_p)
}

/// Continuation chance of an order's size.
fn size_p(net: &Network, part: usize) -> f64 {
    net.parts[part].size_p * net.params.size_scale
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct Policy {
    pub safety: i64,
    pub rop: i64,
    pub max: i64,
}

/// Whether replenishment of this series comes by PO (else by transfer).
pub(crate) fn by_po(net: &Network, part: usize, loc: usize) -> bool {
    match net.locations[loc].kind {
        LocKind::Central => true,
        LocKind::Regional => net.parts[part].direct_regional,
        LocKind::Field => false,
    }
}

/// The planner's reorder point and maximum for a series.
pub(crate) fn policy(net: &Network, part: usize, loc: usize) -> Policy {
    let p = &net.parts[part];
    let rate = base_rate(net, part, loc);
    let per_order = mean_order_qty(size_p(net, part));
    let oc = net.params.order_cont;
    let mu = rate * (1.0 + oc / (1.0 - oc)) * per_order;
    let lead = if by_po(net, part, loc) {
        p.lead_days as f64
    } else {
        7.0
    };
    let over_lead = mu * lead / 30.0;
    let z = [1.6, 1.2, 0.8][p.crit as usize] * net.params.service;
    let safety = (z * (over_lead * (1.0 + per_order)).sqrt()).ceil() as i64;
    let mut rop = (over_lead + z * (over_lead * (1.0 + per_order)).sqrt()).ceil() as i64;
    if p.crit == 0 && rate > 0.1 {
        rop = rop.max(1);
    }
    let cover = if rate > 0.5 {
        1.5
    } else if rate > 0.2 {
        2.0
    } else {
        4.0
    };
    let max = rop + p.moq.max((mu * cover).ceil() as i64).max(1);
    Policy {
        safety: safety.min(rop),
        rop,
        max,
    }
}

#[derive(Debug, Clone)]
pub(crate) struct Line {
    pub order: u64,
    pub customer: u32,
    pub equipment: Option<u32>,
    pub qty_ordered: i64,
    pub qty_open: i64,
    pub created: Day,
    pub promised: Day,
    /// Closed or cancelled on this day (`None`: still open at the end).
    pub end: Option<Day>,
    pub cancelled: bool,
    cancel_at: Option<Day>,
    /// Service events: when the technician reported the wait, and the repair.
    pub ev_open: Option<u64>,
    pub ev_close: Option<u64>,
    pub tech: u16,
    /// The repair was done with a substitute.
    pub with_substitute: bool,
}

#[derive(Debug, Clone)]
pub(crate) struct Po {
    pub id: u64,
    pub qty: i64,
    pub order: Day,
    pub requested: Day,
    pub committed: Day,
    /// Goods receipt (may lie after the last as-of date: still open).
    pub received: Day,
    /// A line deleted right after ordering (SAP LOEKZ).
    pub cancelled: bool,
}

#[derive(Debug, Clone)]
pub(crate) struct Transfer {
    pub id: u64,
    pub from: usize,
    pub qty: i64,
    pub created: Day,
    pub ship: Day,
    pub expected: Day,
    pub received: Day,
}

#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct MonthRow {
    pub demanded: i64,
    pub filled: i64,
    pub stockout_days: i64,
}

/// Running ids, in generation order (so the same network gets the same ids).
#[derive(Debug, Clone)]
pub(crate) struct Ids {
    pub order: u64,
    pub po: u64,
    pub transfer: u64,
    pub event: u64,
}

impl Default for Ids {
    fn default() -> Ids {
        Ids {
            order: 1_000_000_001,
            po: 4_500_000_001,
            transfer: 4_900_000_001,
            event: 300_000_001,
        }
    }
}

/// What one series produced; buffers are reused from series to series.
#[derive(Debug, Default)]
pub(crate) struct SeriesOut {
    pub lines: Vec<Line>,
    pub pos: Vec<Po>,
    pub transfers: Vec<Transfer>,
    pub months: Vec<MonthRow>,
    pub eom_on_hand: Vec<i64>,
    pub policy: Option<Policy>,
    candidates: Vec<u32>,
    orders: Vec<(Day, i64)>,
    pending: Vec<(Day, i64)>,
    backlog: VecDeque<usize>,
}

pub(crate) fn simulate(net: &Network, part: usize, loc: usize, ids: &mut Ids, out: &mut SeriesOut) {
    out.lines.clear();
    out.pos.clear();
    out.transfers.clear();
    out.months.clear();
    out.eom_on_hand.clear();
    out.pending.clear();
    out.backlog.clear();
    let p = &net.parts[part];
    let location = &net.locations[loc];
    let region = location.region;
    let sup = &net.suppliers[p.supplier];
    let mut rng = Rng::derive(net.seed, &[10, part as u64, loc as u64]);
    let pol = policy(net, part, loc);
    out.policy = Some(pol);
    let rate = (base_rate(net, part, loc) * rng.uniform(0.8, 1.2)).clamp(0.02, 0.92);
    let po_supply = by_po(net, part, loc);
    let order_size_p = size_p(net, part);
    // Where transfers come from: the parent if it stocks the part, else the part's home central.
    let from = match location.parent {
        Some(par) if p.locations.contains(&(par as u16)) => par,
        Some(par) => match net.locations[par].parent {
            Some(c) if p.locations.contains(&(c as u16)) => c,
            _ => p
                .locations
                .first()
                .map(|&l| l as usize)
                .filter(|&l| l != loc)
                .unwrap_or(par),
        },
        None => p
            .locations
            .first()
            .map(|&l| l as usize)
            .filter(|&l| l != loc)
            .unwrap_or(loc),
    };
    let parent_short = if p.supplier == st::LATE_SUPPLIER {
        0.55
    } else {
        0.35
    };
    out.candidates.clear();
    out.candidates.extend(
        net.part_equipment[part]
            .iter()
            .copied()
            .filter(|&e| net.locations[net.equipment[e as usize].location].region == region),
    );
    let campaign = net
        .campaigns
        .iter()
        .find(|c| c.drives_demand && c.part == part && c.location == loc);
    let techs = &net.technicians[region];
    let (cust_members, cust_cum) = &net.region_customers[region];

    let cal = &net.cal;
    let mut on_hand = ((pol.max as f64) * rng.uniform(0.5, 1.0)).round() as i64;
    if part == st::SUCCESSOR_PART {
        // The successor was stocked up at its introduction.
        on_hand = pol.max;
    }
    let mut on_order = 0i64;
    let mut backlog_qty = 0i64;

    for mi in 0..cal.months.len() {
        let m0 = cal.month_days[mi];
        let dim = cal.month_days[mi + 1] - m0;
        let end = m0 + dim - 1;
        let mut row = MonthRow::default();
        out.orders.clear();
        if rng.chance(rate) {
            let n = 1 + rng.geometric(net.params.order_cont, 12);
            for _ in 0..n {
                let mut q = 1 + rng.geometric(order_size_p, 200) as i64;
                if rng.chance(0.03) {
                    q *= rng.range(2, 5);
                }
                out.orders.push((m0 + rng.below(dim as u64) as Day, q));
            }
        }
        if let Some(c) = campaign {
            let (a, b) = (c.start.max(m0), c.end.min(end));
            if a <= b {
                for _ in 0..rng.range(7, 11) {
                    out.orders
                        .push((a + rng.below((b - a + 1) as u64) as Day, rng.range(2, 4)));
                }
            }
        }
        out.orders.sort_unstable();
        out.pending.sort_unstable();

        let mut prev = m0 - 1;
        let mut oi = 0;
        loop {
            let next_receipt = out.pending.first().map(|r| r.0).filter(|&d| d <= end);
            let next_order = out.orders.get(oi).map(|o| o.0);
            let d = match (next_receipt, next_order) {
                (None, None) => break,
                (Some(a), Some(b)) => a.min(b),
                (Some(a), None) => a,
                (None, Some(b)) => b,
            };
            if on_hand == 0 {
                row.stockout_days += (d - prev - 1) as i64;
            }
            cancel_due(out, d, &mut backlog_qty);
            // Receipts first, serving the backlog in order.
            while out.pending.first().is_some_and(|r| r.0 == d) {
                let (_, q) = out.pending.remove(0);
                on_hand += q;
                on_order -= q;
                while let Some(&li) = out.backlog.front() {
                    let need = out.lines[li].qty_open;
                    if on_hand < need {
                        break;
                    }
                    on_hand -= need;
                    backlog_qty -= need;
                    let ship = d + rng.range(0, 2) as Day;
                    out.lines[li].end = Some(ship);
                    out.backlog.pop_front();
                }
            }
            while out.orders.get(oi).is_some_and(|o| o.0 == d) {
                let q = out.orders[oi].1;
                oi += 1;
                let filled = q.min(on_hand);
                on_hand -= filled;
                row.demanded += q;
                row.filled += filled;
                let short = q - filled;
                if short > 0 {
                    let li = out.lines.len();
                    let (customer, equipment) = if !out.candidates.is_empty() && rng.chance(0.55) {
                        let e = *rng.pick(&out.candidates);
                        (net.equipment[e as usize].customer as u32, Some(e))
                    } else {
                        (cust_members[rng.weighted(cust_cum)] as u32, None)
                    };
                    let promise = [2, 5, 10][p.crit as usize] + rng.range(0, 3) as Day;
                    let cancel_at = rng.chance(0.04).then(|| d + rng.range(3, 45) as Day);
                    let (ev_open, ev_close) = if equipment.is_some() {
                        let a = rng.chance(0.7).then(|| next(&mut ids.event));
                        let b = rng.chance(0.5).then(|| next(&mut ids.event));
                        (a, b)
                    } else {
                        (None, None)
                    };
                    out.lines.push(Line {
                        order: next(&mut ids.order),
                        customer,
                        equipment,
                        qty_ordered: q,
                        qty_open: short,
                        created: d,
                        promised: d + promise,
                        end: None,
                        cancelled: false,
                        cancel_at,
                        ev_open,
                        ev_close,
                        tech: rng.below(techs.len() as u64) as u16,
                        with_substitute: rng.chance(0.1),
                    });
                    out.backlog.push_back(li);
                    backlog_qty += short;
                }
                // Reorder point check.
                let position = on_hand + on_order - backlog_qty;
                let supply_ok = p.supply_stops.is_none_or(|s| d < s);
                if position <= pol.rop && supply_ok {
                    let qty = p.moq.max(pol.max - position);
                    on_order += qty;
                    let arrival = if po_supply {
                        let requested = d + p.lead_days as Day;
                        let committed = requested
                            + if rng.chance(sup.push) {
                                if p.supplier == st::LATE_SUPPLIER {
                                    rng.range(7, 30)
                                } else {
                                    rng.range(1, 10)
                                }
                            } else {
                                0
                            } as Day;
                        let mut received = if rng.chance(sup.on_time) {
                            (committed - rng.range(0, 3) as Day).max(d + 1)
                        } else {
                            committed
                                + 1
                                + rng.geometric(sup.late_mean / (1.0 + sup.late_mean), 400) as Day
                        };
                        if rng.chance(sup.stuck) {
                            received += rng.range(60, 150) as Day;
                        }
                        let id = next(&mut ids.po);
                        out.pos.push(Po {
                            id,
                            qty,
                            order: d,
                            requested,
                            committed,
                            received,
                            cancelled: false,
                        });
                        if rng.chance(0.02) {
                            out.pos.push(Po {
                                id,
                                qty,
                                order: d,
                                requested,
                                committed,
                                received,
                                cancelled: true,
                            });
                        }
                        received
                    } else {
                        let wait = if rng.chance(parent_short) {
                            if p.supplier == st::LATE_SUPPLIER {
                                rng.range(20, 75)
                            } else {
                                rng.range(7, 45)
                            }
                        } else {
                            0
                        } as Day;
                        let ship = d + 1 + wait;
                        let expected = ship + net.transit(from, loc) as Day;
                        let received = expected
                            + if rng.chance(0.12) {
                                rng.range(1, 4) as Day
                            } else {
                                0
                            };
                        out.transfers.push(Transfer {
                            id: next(&mut ids.transfer),
                            from,
                            qty,
                            created: d,
                            ship,
                            expected,
                            received,
                        });
                        received
                    };
                    let at = out.pending.partition_point(|r| r.0 <= arrival);
                    out.pending.insert(at, (arrival, qty));
                }
            }
            if on_hand == 0 {
                row.stockout_days += 1;
            }
            prev = d;
        }
        cancel_due(out, end, &mut backlog_qty);
        if on_hand == 0 {
            row.stockout_days += (end - prev) as i64;
        }
        out.months.push(row);
        out.eom_on_hand.push(on_hand);
    }
}

fn next(counter: &mut u64) -> u64 {
    let v = *counter;
    *counter += 1;
    v
}

/// Lines whose customer cancelled by `d` leave the backlog.
fn cancel_due(out: &mut SeriesOut, d: Day, backlog_qty: &mut i64) {
    let lines = &mut out.lines;
    out.backlog.retain(|&li| {
        let l = &mut lines[li];
        match l.cancel_at {
            Some(c) if c <= d => {
                l.end = Some(c);
                l.cancelled = true;
                *backlog_qty -= l.qty_open;
                false
            }
            _ => true,
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Size;
    use chrono::NaiveDate;

    #[test]
    fn a_series_is_consistent() {
        let net = Network::build(
            Size::Small,
            3,
            NaiveDate::from_ymd_opt(2026, 10, 31).unwrap(),
            6,
        );
        let mut ids = Ids::default();
        let mut out = SeriesOut::default();
        let mut lines = 0;
        for part in 0..net.parts.len() {
            for &loc in &net.parts[part].locations.clone() {
                simulate(&net, part, loc as usize, &mut ids, &mut out);
                assert_eq!(out.months.len(), net.cal.months.len());
                for m in &out.months {
                    assert!(m.filled <= m.demanded);
                    assert!(m.stockout_days >= 0 && m.stockout_days <= 31, "{m:?}");
                }
                let short: i64 = out.months.iter().map(|m| m.demanded - m.filled).sum();
                let opened: i64 = out.lines.iter().map(|l| l.qty_open).sum();
                assert_eq!(short, opened, "every unfilled unit is a backorder line");
                for l in &out.lines {
                    assert!(l.end.is_none_or(|e| e >= l.created));
                }
                lines += out.lines.len();
            }
        }
        assert!(lines > 500, "{lines}");
    }
}
