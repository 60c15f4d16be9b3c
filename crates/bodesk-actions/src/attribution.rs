//! Supplier lateness vs demand above plan: who the backorder days of each
//! replenishment cycle are due to.
//!
//! A **cycle** is a received PO line (received on or before `T`, not
//! cancelled) of a part at its receiving location. Cycles of one part and
//! location are taken in order of receipt; a cycle's **window** runs from
//! its order date (or the previous cycle's receipt, when later, so that no
//! day counts twice) to its receipt. The **backorder days** of a cycle are
//! the line-days (as `backorder_days` counts them: `[created, end)` of every
//! line of the part at the location, open, closed or cancelled) inside its
//! window, split at the committed date:
//!
//! - **supplier**: the days from the committed date to the receipt. Had the
//!   supplier kept its date, they would not have been waited.
//! - **demand** (above plan): the days before the committed date, when the
//!   demand over the planned lead time (`[order date, committed date)`,
//!   monthly demand pro-rated by days) exceeded the level the stock was
//!   planned for: the mean monthly demand of the 12 whole months before the
//!   order month × the planned lead time in months (days / 30.4375).
//! - **other**: the days before the committed date when demand stayed within
//!   plan (the order came too late, stock sat elsewhere, …).
//!
//! A group (a part, or a supplier) adds up its cycles; its shares are its
//! supplier, demand and other days over its backorder days (0 when none).

use std::collections::HashMap;

use chrono::NaiveDate;

use crate::{days, demand_in, month_start, months_before, num, overlap, Config, Line, Network};

/// What the groups are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum By {
    Part,
    Supplier,
}

/// One replenishment cycle and its split.
#[derive(Debug, Clone, PartialEq)]
pub struct Cycle {
    pub po_id: String,
    pub po_line: String,
    pub part_id: String,
    pub supplier_id: String,
    pub location_id: String,
    pub order_date: NaiveDate,
    pub committed_date: NaiveDate,
    pub received_date: NaiveDate,
    /// `max(0, received − committed)`.
    pub days_late: i64,
    /// Where the window starts (order date, or the previous receipt).
    pub window_start: NaiveDate,
    /// Demand over `[order date, committed date)`.
    pub lead_time_demand: f64,
    /// What the stock was planned for over the same days.
    pub planned_demand: f64,
    pub demand_above_plan: bool,
    pub backorder_days: i64,
    pub supplier_days: i64,
    pub demand_days: i64,
    pub other_days: i64,
    /// The arithmetic in words.
    pub evidence: String,
}

/// The cycles of a part or a supplier, added up.
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    pub key: String,
    /// Indices into [`Attribution::cycles`], most backorder days first.
    pub cycles: Vec<usize>,
    pub late_cycles: usize,
    pub backorder_days: i64,
    pub supplier_days: i64,
    pub demand_days: i64,
    pub other_days: i64,
    pub supplier_share: f64,
    pub demand_share: f64,
    pub other_share: f64,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Attribution {
    pub cycles: Vec<Cycle>,
    /// Most backorder days first, then by key.
    pub groups: Vec<Group>,
}

const MONTH_DAYS: f64 = 30.4375;

/// Line-days of `lines` inside `[a, b)`.
fn line_days(lines: &[&Line], a: NaiveDate, b: NaiveDate, t: NaiveDate) -> i64 {
    if a >= b {
        return 0;
    }
    lines
        .iter()
        .filter(|l| l.created_date <= t)
        .map(|l| overlap(l.created_date, l.end(t), a, b))
        .sum()
}

/// Every cycle of the network, and the groups `by` asks for.
pub fn attribute(net: &Network, cfg: &Config, by: By) -> Attribution {
    let t = cfg.as_of;
    let mut lines: HashMap<(&str, &str), Vec<&Line>> = HashMap::new();
    for l in &net.lines {
        lines
            .entry((&l.part_id, &l.location_id))
            .or_default()
            .push(l);
    }
    let mut demand: HashMap<(&str, &str), Vec<&crate::DemandRow>> = HashMap::new();
    for r in &net.demand {
        demand
            .entry((&r.part_id, &r.location_id))
            .or_default()
            .push(r);
    }
    let mut received: Vec<&crate::PoLine> = net
        .po_lines
        .iter()
        .filter(|po| po.status != crate::Status::Cancelled)
        .filter(|po| po.received_date.is_some_and(|r| r <= t))
        .collect();
    received.sort_by(|a, b| {
        (
            &a.part_id,
            &a.location_id,
            a.received_date,
            a.committed_date,
            &a.po_id,
            &a.po_line,
        )
            .cmp(&(
                &b.part_id,
                &b.location_id,
                b.received_date,
                b.committed_date,
                &b.po_id,
                &b.po_line,
            ))
    });

    let mut cycles = Vec::with_capacity(received.len());
    let mut prev: Option<(&str, &str, NaiveDate)> = None;
    for po in received {
        let Some(received_date) = po.received_date else {
            continue;
        };
        let key = (po.part_id.as_str(), po.location_id.as_str());
        let window_start = match prev {
            Some((p, l, r)) if (p, l) == key => po.order_date.max(r),
            _ => po.order_date,
        };
        prev = Some((key.0, key.1, received_date));
        let split = po
            .committed_date
            .clamp(window_start, received_date.max(window_start));
        let group_lines = lines.get(&key).map(|v| v.as_slice()).unwrap_or(&[]);
        let before = line_days(group_lines, window_start, split, t);
        let after = line_days(group_lines, split, received_date, t);
        let rows = demand.get(&key).map(|v| v.as_slice()).unwrap_or(&[]);
        let lead_time_demand: f64 = rows
            .iter()
            .map(|r| demand_in(r, po.order_date, po.committed_date))
            .sum();
        let order_month = month_start(po.order_date);
        let history_from = months_before(order_month, 12);
        let year: f64 = rows
            .iter()
            .filter(|r| r.month >= history_from && r.month < order_month)
            .map(|r| r.qty)
            .sum();
        let planned_lead = days(po.order_date, po.committed_date).max(0) as f64;
        let planned_demand = year / 12.0 * planned_lead / MONTH_DAYS;
        let demand_above_plan = lead_time_demand > planned_demand + 1e-9;
        let (demand_days, other_days) = if demand_above_plan {
            (before, 0)
        } else {
            (0, before)
        };
        let days_late = days(po.committed_date, received_date).max(0);
        let evidence = format!(
            "PO {}/{} ordered {}, committed {}, received {} ({} days late); window {} to {}: {} line-days before the committed date, {} after; demand over the planned lead time {} vs planned {} ({} / 12 months × {} days / 30.4375): {}",
            po.po_id,
            po.po_line,
            po.order_date,
            po.committed_date,
            received_date,
            days_late,
            window_start,
            received_date,
            before,
            after,
            num(lead_time_demand),
            num(planned_demand),
            num(year),
            planned_lead,
            if demand_above_plan { "above plan" } else { "within plan" },
        );
        cycles.push(Cycle {
            po_id: po.po_id.clone(),
            po_line: po.po_line.clone(),
            part_id: po.part_id.clone(),
            supplier_id: po.supplier_id.clone(),
            location_id: po.location_id.clone(),
            order_date: po.order_date,
            committed_date: po.committed_date,
            received_date,
            days_late,
            window_start,
            lead_time_demand,
            planned_demand,
            demand_above_plan,
            backorder_days: before + after,
            supplier_days: after,
            demand_days,
            other_days,
            evidence,
        });
    }

    let groups = group(&cycles, by);
    Attribution { cycles, groups }
}

/// The cycles added up per part or per supplier, most backorder days first.
pub fn group(cycles: &[Cycle], by: By) -> Vec<Group> {
    let mut groups: HashMap<&str, Group> = HashMap::new();
    for (i, c) in cycles.iter().enumerate() {
        let key = match by {
            By::Part => c.part_id.as_str(),
            By::Supplier => c.supplier_id.as_str(),
        };
        let g = groups.entry(key).or_insert_with(|| Group {
            key: key.to_string(),
            cycles: Vec::new(),
            late_cycles: 0,
            backorder_days: 0,
            supplier_days: 0,
            demand_days: 0,
            other_days: 0,
            supplier_share: 0.0,
            demand_share: 0.0,
            other_share: 0.0,
        });
        g.cycles.push(i);
        g.late_cycles += usize::from(c.days_late > 0);
        g.backorder_days += c.backorder_days;
        g.supplier_days += c.supplier_days;
        g.demand_days += c.demand_days;
        g.other_days += c.other_days;
    }
    let mut groups: Vec<Group> = groups.into_values().collect();
    for g in &mut groups {
        if g.backorder_days > 0 {
            let total = g.backorder_days as f64;
            g.supplier_share = g.supplier_days as f64 / total;
            g.demand_share = g.demand_days as f64 / total;
            g.other_share = g.other_days as f64 / total;
        }
        g.cycles.sort_by(|&a, &b| {
            cycles[b]
                .backorder_days
                .cmp(&cycles[a].backorder_days)
                .then(a.cmp(&b))
        });
    }
    groups.sort_by(|a, b| {
        b.backorder_days
            .cmp(&a.backorder_days)
            .then(a.key.cmp(&b.key))
    });
    groups
}
