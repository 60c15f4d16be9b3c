//! Applying the rules: each open line against the rules in order, the first
//! match decides; the evidence is the fact that matched, in words, followed
//! by the technicians' reports about the line's part or machine.

use std::collections::HashMap;

use bodesk_kpi::RootCause;
use chrono::{Datelike, Duration, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::facts::{
    Campaign, DemandMonth, Facts, OpenLine, Part, PurchaseOrder, ServiceEvent, Transfer,
};
use crate::rules::{Rule, RuleKind, RuleSet};

/// The rule name of a line no rule matched.
pub const NO_RULE: &str = "none";

/// Service events listed per line at most.
const EVENTS_SHOWN: usize = 3;

/// Service events this many days before a line are still about it.
const EVENT_DAYS_BEFORE: i64 = 30;

/// One line's cause, the rule that decided it and the evidence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Tag {
    pub order_id: String,
    pub order_line: String,
    pub cause: RootCause,
    /// The deciding rule's name, [`NO_RULE`] for `unknown`.
    pub rule: String,
    /// The deciding fact first, then supporting facts (service events).
    pub evidence: Vec<String>,
}

/// Tags every line: one [`Tag`] per line, in the lines' order.
pub fn tag_lines(lines: &[OpenLine], facts: &Facts, rules: &RuleSet, as_of: NaiveDate) -> Vec<Tag> {
    let index = Index::new(facts);
    lines
        .iter()
        .map(|line| tag_line(line, &index, rules, as_of))
        .collect()
}

fn tag_line(line: &OpenLine, index: &Index<'_>, rules: &RuleSet, as_of: NaiveDate) -> Tag {
    let decided = rules.rules.iter().find_map(|rule| {
        let cx = Cx {
            line,
            index,
            rule,
            as_of,
        };
        let found = match rule.kind {
            RuleKind::EolTransition => cx.eol_transition(),
            RuleKind::InternalTransfer => cx.internal_transfer(),
            RuleKind::SupplierDelay => cx.supplier_delay(),
            RuleKind::Campaign => cx.campaign(),
            RuleKind::DemandSpike => cx.demand_spike(),
            RuleKind::ForecastError => cx.forecast_error(),
        };
        found.map(|text| (rule, text))
    });
    let (cause, rule, mut evidence) = match decided {
        Some((rule, text)) => (rule.kind.cause(), rule.name.clone(), vec![text]),
        None => (
            RootCause::Unknown,
            NO_RULE.to_string(),
            vec!["no rule matched".to_string()],
        ),
    };
    evidence.extend(service_evidence(line, index, as_of));
    Tag {
        order_id: line.order_id.clone(),
        order_line: line.order_line.clone(),
        cause,
        rule,
        evidence,
    }
}

/// The facts by the keys the rules look them up by.
struct Index<'a> {
    parts: HashMap<&'a str, &'a Part>,
    pos: HashMap<&'a str, Vec<&'a PurchaseOrder>>,
    transfers_in: HashMap<(&'a str, &'a str), Vec<&'a Transfer>>,
    demand: HashMap<(&'a str, &'a str), HashMap<i32, f64>>,
    /// The first month of any demand row: a baseline before it is unknown, not zero.
    first_month: Option<i32>,
    campaigns: HashMap<(&'a str, &'a str), Vec<&'a Campaign>>,
    /// Locations with usable stock, per part.
    stocked: HashMap<&'a str, Vec<(&'a str, f64)>>,
    events: HashMap<&'a str, Vec<&'a ServiceEvent>>,
    events_by_equipment: HashMap<&'a str, Vec<&'a ServiceEvent>>,
}

impl<'a> Index<'a> {
    fn new(f: &'a Facts) -> Index<'a> {
        let mut index = Index {
            parts: f.parts.iter().map(|p| (p.part_id.as_str(), p)).collect(),
            pos: HashMap::new(),
            transfers_in: HashMap::new(),
            demand: HashMap::new(),
            first_month: f.demand.iter().map(|d| month_index(d.period)).min(),
            campaigns: HashMap::new(),
            stocked: HashMap::new(),
            events: HashMap::new(),
            events_by_equipment: HashMap::new(),
        };
        for po in &f.purchase_orders {
            index.pos.entry(&po.part_id).or_default().push(po);
        }
        for t in &f.transfers {
            index
                .transfers_in
                .entry((&t.part_id, &t.to_location_id))
                .or_default()
                .push(t);
        }
        for DemandMonth {
            part_id,
            location_id,
            period,
            qty_demanded,
        } in &f.demand
        {
            *index
                .demand
                .entry((part_id, location_id))
                .or_default()
                .entry(month_index(*period))
                .or_default() += qty_demanded;
        }
        for c in &f.campaigns {
            index
                .campaigns
                .entry((&c.part_id, &c.location_id))
                .or_default()
                .push(c);
        }
        for s in f.stock.iter().filter(|s| s.on_hand > 0.0) {
            index
                .stocked
                .entry(&s.part_id)
                .or_default()
                .push((&s.location_id, s.on_hand));
        }
        for list in index.stocked.values_mut() {
            list.sort_by(|a, b| a.0.cmp(b.0));
        }
        for e in f.service_events.iter().filter(|e| e.stopped_for_part()) {
            if let Some(p) = &e.part_id {
                index.events.entry(p).or_default().push(e);
            } else if let Some(eq) = &e.equipment_id {
                index.events_by_equipment.entry(eq).or_default().push(e);
            }
        }
        index
    }

    /// Demand of a part at a location summed over months `from..=to`.
    fn demand_sum(&self, part: &str, location: &str, from: i32, to: i32) -> f64 {
        self.demand
            .get(&(part, location))
            .map_or(0.0, |m| (from..=to).filter_map(|i| m.get(&i)).sum())
    }
}

/// A rule looking at one line.
struct Cx<'a, 'i> {
    line: &'a OpenLine,
    index: &'a Index<'i>,
    rule: &'a Rule,
    as_of: NaiveDate,
}

impl Cx<'_, '_> {
    fn part(&self) -> Option<&Part> {
        self.index.parts.get(self.line.part_id.as_str()).copied()
    }

    fn eol_transition(&self) -> Option<String> {
        let part = self.part()?;
        let word = match part.lifecycle.as_str() {
            "eol" => "EOL",
            "obsolete" => "obsolete",
            _ => return None,
        };
        let since = match part.eol_date {
            Some(d) => {
                // The EOL has come (or is at most `days_before_eol` ahead):
                // whenever the line was created, it waits on a part without supply.
                if self.as_of < d - Duration::days(self.rule.days("days_before_eol")) {
                    return None;
                }
                let since = if d > self.as_of { "from" } else { "since" };
                format!("part {word} {since} {}", iso(d))
            }
            None => format!("part {word} (no EOL date)"),
        };
        let successor = match part.successor_part_id.as_deref() {
            None => "no successor".to_string(),
            Some(s) => {
                let stocked = self.index.stocked.get(s).map(Vec::as_slice).unwrap_or(&[]);
                match stocked.iter().find(|(l, _)| *l == self.line.location_id) {
                    Some((_, on_hand)) => {
                        format!("successor {s} stocked here: {} on hand", qty(*on_hand))
                    }
                    None if stocked.is_empty() => format!("successor {s} not stocked anywhere"),
                    None => {
                        let at: Vec<&str> = stocked.iter().take(3).map(|(l, _)| *l).collect();
                        let more = if stocked.len() > 3 { ", …" } else { "" };
                        format!(
                            "successor {s} not stocked here (stocked at {}{more})",
                            at.join(", ")
                        )
                    }
                }
            }
        };
        Some(format!("{since}, {successor}"))
    }

    fn internal_transfer(&self) -> Option<String> {
        let min_late = self.rule.days("min_days_late");
        let key = (self.line.part_id.as_str(), self.line.location_id.as_str());
        let candidates = self.index.transfers_in.get(&key)?;
        let late = |t: &Transfer| (self.as_of - t.expected_date).num_days();
        let t = candidates
            .iter()
            .filter(|t| t.status != "received" && t.received_date.is_none())
            .filter(|t| t.status == "blocked" || (late(t) >= min_late && late(t) > 0))
            // Blocked first, then the latest.
            .max_by_key(|t| {
                (
                    t.status == "blocked",
                    late(t),
                    std::cmp::Reverse(&t.transfer_id),
                )
            })?;
        let days = late(t);
        let lateness = if days > 0 {
            format!("{days} days late")
        } else {
            "not yet due".to_string()
        };
        Some(format!(
            "transfer {} from {} {}, expected {}, {lateness}",
            t.transfer_id,
            t.from_location_id,
            t.status.replace('_', " "),
            iso(t.expected_date)
        ))
    }

    /// Days a PO line is late as of now (open) or was late (received), if
    /// it matters for this line.
    fn po_lateness(&self, po: &PurchaseOrder, since: NaiveDate) -> Option<(i64, bool)> {
        if po.status == "cancelled" {
            return None;
        }
        let outstanding = po.qty_received < po.qty_ordered;
        match po.received_date {
            Some(r) if !outstanding || po.status != "open" => {
                // Received: it matters when it came only after `since`.
                (r > since && r <= self.as_of).then(|| ((r - po.committed_date).num_days(), true))
            }
            _ if po.status == "open" => Some(((self.as_of - po.committed_date).num_days(), false)),
            _ => None,
        }
    }

    fn supplier_delay(&self) -> Option<String> {
        let min_late = self.rule.days("min_days_late");
        let pos = self.index.pos.get(self.line.part_id.as_str())?;
        let (po, days, received) = pos
            .iter()
            .filter_map(|po| {
                let (days, received) = self.po_lateness(po, self.line.created_date)?;
                (days >= min_late && days > 0).then_some((*po, days, received))
            })
            // The line's own location first, then the latest, open before received.
            .max_by_key(|(po, days, received)| {
                (
                    po.location_id == self.line.location_id,
                    !*received,
                    *days,
                    std::cmp::Reverse((&po.po_id, &po.po_line)),
                )
            })?;
        let state = if received {
            format!("received {}", iso(po.received_date.unwrap_or(self.as_of)))
        } else if po.qty_received > 0.0 {
            format!(
                "{} of {} received",
                qty(po.qty_received),
                qty(po.qty_ordered)
            )
        } else {
            "not received".to_string()
        };
        Some(format!(
            "PO {}/{} committed {}, {state}, {days} days late (supplier {}, to {})",
            po.po_id,
            po.po_line,
            iso(po.committed_date),
            po.supplier_id,
            po.location_id
        ))
    }

    fn campaign(&self) -> Option<String> {
        let key = (self.line.part_id.as_str(), self.line.location_id.as_str());
        let before = Duration::days(self.rule.days("days_before_start"));
        let after = Duration::days(self.rule.days("days_after_end"));
        let created = self.line.created_date;
        let c = self
            .index
            .campaigns
            .get(&key)?
            .iter()
            .filter(|c| c.start_date - before <= created && created <= c.end_date + after)
            .min_by_key(|c| (c.start_date, &c.campaign_id))?;
        Some(format!(
            "campaign {} at {} from {} to {}: {} units planned",
            c.campaign_id,
            c.location_id,
            iso(c.start_date),
            iso(c.end_date),
            qty(c.qty)
        ))
    }

    fn demand_spike(&self) -> Option<String> {
        let window = self.rule.days("window_days");
        let baseline_months = self.rule.days("baseline_months") as i32;
        let (first, last) = months_before(self.line.created_date, window);
        let units = self.demand_here(first, last);
        let base_from = (first - baseline_months).max(self.index.first_month?);
        let base_months = first - base_from;
        if base_months <= 0 {
            return None; // no history before the window: nothing to compare with
        }
        let mean = self.demand_here(base_from, first - 1) / f64::from(base_months);
        let expected = mean * f64::from(last - first + 1);
        let spike = units > 0.0
            && units >= self.rule.param("min_units")
            && units >= self.rule.param("min_ratio") * expected;
        spike.then(|| {
            format!(
                "demand in the {window} days before ({}): {} units, {base_months}-month monthly mean {:.1}",
                month_range(first, last),
                qty(units),
                mean
            )
        })
    }

    fn forecast_error(&self) -> Option<String> {
        let part = self.part()?;
        let (planned, what) = match (part.reorder_point, part.safety_stock) {
            (Some(r), _) => (r, "reorder point"),
            (None, Some(s)) => (s, "safety stock"),
            (None, None) => return None,
        };
        let lead = part.lead_time_days.round().max(1.0) as i64;
        let since = self.line.created_date - Duration::days(lead);
        let max_late = self.rule.days("max_supplier_days_late");
        let late_supply = self
            .index
            .pos
            .get(part.part_id.as_str())
            .is_some_and(|pos| {
                pos.iter().any(|po| {
                    po.committed_date <= self.as_of
                        && self
                            .po_lateness(po, since)
                            .is_some_and(|(days, _)| days >= max_late && days > 0)
                })
            });
        if late_supply {
            return None;
        }
        let (first, last) = months_before(self.line.created_date, lead);
        let units = self.demand_here(first, last);
        let over = planned * (1.0 + self.rule.param("margin_pct") / 100.0);
        (units > over).then(|| {
            format!(
                "demand over the {lead}-day lead time ({}): {} units, planned level {} ({what}); supply on time",
                month_range(first, last),
                qty(units),
                qty(planned)
            )
        })
    }

    fn demand_here(&self, from: i32, to: i32) -> f64 {
        self.index
            .demand_sum(&self.line.part_id, &self.line.location_id, from, to)
    }
}

/// Technicians' reports that a repair stopped for the line's part (at its
/// location or on its machine) or on its machine, newest first.
fn service_evidence(line: &OpenLine, index: &Index<'_>, as_of: NaiveDate) -> Vec<String> {
    let from = line.created_date - Duration::days(EVENT_DAYS_BEFORE);
    let same_machine =
        |e: &ServiceEvent| e.equipment_id.is_some() && e.equipment_id == line.equipment_id;
    let mut events: Vec<&ServiceEvent> = index
        .events
        .get(line.part_id.as_str())
        .into_iter()
        .flatten()
        .filter(|e| e.location_id.as_deref() == Some(line.location_id.as_str()) || same_machine(e))
        .chain(
            line.equipment_id
                .as_deref()
                .and_then(|eq| index.events_by_equipment.get(eq))
                .into_iter()
                .flatten(),
        )
        .copied()
        .filter(|e| from <= e.date && e.date <= as_of)
        .collect();
    events.sort_by(|a, b| b.date.cmp(&a.date).then(a.event_id.cmp(&b.event_id)));
    let mut out: Vec<String> = events
        .iter()
        .take(EVENTS_SHOWN)
        .map(|e| {
            let machine = e
                .equipment_id
                .as_deref()
                .map(|m| format!(", machine {m}"))
                .unwrap_or_default();
            let note = e
                .note
                .as_deref()
                .filter(|n| !n.trim().is_empty())
                .map(|n| format!(": \"{}\"", clip(n.trim(), 100)))
                .unwrap_or_default();
            format!(
                "service event {} on {}: {}{machine}{note}",
                e.event_id,
                iso(e.date),
                e.outcome
            )
        })
        .collect();
    if events.len() > EVENTS_SHOWN {
        out.push(format!(
            "{} more service events stopped for this part",
            events.len() - EVENTS_SHOWN
        ));
    }
    out
}

/// Months as `year * 12 + month0`.
pub(crate) fn month_index(d: NaiveDate) -> i32 {
    d.year() * 12 + d.month0() as i32
}

/// The months that start in `(date - days, date]`: `(first, last)`, the
/// month of `date` last.
fn months_before(date: NaiveDate, days: i64) -> (i32, i32) {
    (
        month_index(date - Duration::days(days)) + 1,
        month_index(date),
    )
}

fn month_name(m: i32) -> String {
    format!("{:04}-{:02}", m.div_euclid(12), m.rem_euclid(12) + 1)
}

fn month_range(first: i32, last: i32) -> String {
    if first == last {
        month_name(first)
    } else {
        format!("{} to {}", month_name(first), month_name(last))
    }
}

pub(crate) fn iso(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// A quantity: whole numbers without decimals, others with one.
pub(crate) fn qty(v: f64) -> String {
    if v.fract() == 0.0 {
        format!("{v:.0}")
    } else {
        format!("{v:.1}")
    }
}

fn clip(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let cut: String = s.chars().take(max - 1).collect();
        format!("{cut}…")
    }
}
