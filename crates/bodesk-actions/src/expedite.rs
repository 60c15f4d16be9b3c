//! Expedite vs penalty: for each open line, the ways to end it earlier than
//! waiting, what each costs and what waiting would cost.
//!
//! - **Waiting** ends at the committed date of the earliest open PO line of
//!   the part at the line's location that is still due (committed on or
//!   after `T`, quantity outstanding); without one, at `T` + the part's lead
//!   time. A PO line already past its committed date promises nothing, so it
//!   does not count as the end of waiting.
//! - **Supplier expedite**: an `air` or `courier` lane from the part's
//!   primary supplier to the line's location. When a PO line of the part
//!   from that supplier to that location is outstanding, the goods exist
//!   and ship now: arrival = `T` + transit. When nothing is on order, the
//!   supplier still has to make them: arrival = `T` + (lead time − the
//!   ground lane's transit, the normal freight the lead time includes; 0
//!   without a ground lane) + transit.
//! - **Lateral transfer**: any lane (ground, air, courier) from another
//!   location whose free stock covers the line: free = on hand − blocked −
//!   the quantity that location's own open lines of the part need (the
//!   working set has no reservations; the open lines are what the stock is
//!   promised to). Arrival = `T` + transit.
//! - **Cost** of an action = `cost_fixed + cost_per_kg × weight_kg × qty_open`
//!   (a part without a weight costs the fixed part only). Transit days round
//!   up to whole days.
//! - **Waiting cost**: the SLA penalty `penalty_per_day` for each day the
//!   line is older than `max_backorder_days` (as `penalty_exposure` counts
//!   it), plus the waiting machine's `downtime_cost_per_day` for every day.
//!   For arrival `A` before the end of waiting `W`: days saved = `W − A`;
//!   avoided penalty = `penalty × (max(0, W − created − max) − max(0, A −
//!   created − max))`; avoided downtime = `downtime × (W − A)`; saving =
//!   avoided penalty + avoided downtime − cost.
//! - **Choice**: of the candidates with a positive saving, the cheapest (ties:
//!   the larger saving). Lines are decided most expensive-to-wait first, and
//!   a chosen transfer uses up the source's free stock, so two lines are
//!   never sent the same units. The answer lists lines with an action by
//!   saving, largest first, then the lines without one, each with its reason.

use std::collections::{BTreeMap, HashMap};

use chrono::{Duration, NaiveDate};

use crate::{days, num, whole_days, Config, Lane, Line, Mode, Network, Part, PoLine};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActionKind {
    /// Air or courier from the part's supplier.
    SupplierExpedite,
    /// From another location's free stock.
    Transfer,
}

impl ActionKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ActionKind::SupplierExpedite => "supplier_expedite",
            ActionKind::Transfer => "transfer",
        }
    }
}

/// One way to end a line earlier, with its arithmetic.
#[derive(Debug, Clone, PartialEq)]
pub struct Action {
    pub kind: ActionKind,
    /// The supplier or the source location.
    pub from_id: String,
    pub mode: Mode,
    pub transit_days: f64,
    pub arrival: NaiveDate,
    pub days_saved: i64,
    pub cost: f64,
    pub avoided_penalty: f64,
    pub avoided_downtime: f64,
    /// `avoided_penalty + avoided_downtime − cost`.
    pub saving: f64,
    /// Lane, timing and cost in words.
    pub evidence: String,
}

/// When and at what cost a line would end by waiting.
#[derive(Debug, Clone, PartialEq)]
pub struct Waiting {
    pub until: NaiveDate,
    pub days: i64,
    /// What the end of waiting rests on (a PO line, or the lead time).
    pub basis: String,
    pub penalty_per_day: f64,
    /// The first day a penalty is owed (none without SLA penalty).
    pub penalty_from: Option<NaiveDate>,
    pub downtime_per_day: f64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoAction {
    /// No supplier lane by air or courier and no location with free stock and a lane.
    NoRoute,
    /// Every option arrives on or after the end of waiting.
    NotFaster,
    /// Every faster option costs more than the waiting it avoids.
    NotWorthIt,
}

impl NoAction {
    pub fn as_str(self) -> &'static str {
        match self {
            NoAction::NoRoute => "no_route",
            NoAction::NotFaster => "not_faster",
            NoAction::NotWorthIt => "not_worth_it",
        }
    }
}

/// The decision for one open line.
#[derive(Debug, Clone, PartialEq)]
pub struct LinePlan {
    /// Index into `Network::lines`.
    pub line: usize,
    pub age_days: i64,
    pub waiting: Waiting,
    /// The chosen action (cheapest with a positive saving).
    pub action: Option<Action>,
    /// Options considered (faster or not).
    pub candidates: usize,
    /// Why there is no action, in code and words.
    pub no_action: Option<(NoAction, String)>,
}

/// Free stock of a part at a location, and what it is made of.
#[derive(Debug, Clone, Copy, Default)]
struct Free {
    on_hand: f64,
    blocked: f64,
    own_lines: f64,
    used: f64,
}

impl Free {
    fn units(&self) -> f64 {
        self.on_hand - self.blocked - self.own_lines - self.used
    }

    fn words(&self, location: &str) -> String {
        let mut s = format!(
            "{location} has {} free (on hand {} − blocked {} − its own open lines {}",
            num(self.units()),
            num(self.on_hand),
            num(self.blocked),
            num(self.own_lines)
        );
        if self.used > 0.0 {
            s.push_str(&format!(" − sent to lines ranked above {}", num(self.used)));
        }
        s.push(')');
        s
    }
}

const EPS: f64 = 1e-9;

/// Every open line's decision, ranked: lines with an action by saving
/// (largest first), then the others by order and line.
pub fn plan(net: &Network, cfg: &Config) -> Vec<LinePlan> {
    let t = cfg.as_of;
    let mut lanes_to: HashMap<&str, Vec<&Lane>> = HashMap::new();
    for lane in &net.lanes {
        lanes_to.entry(&lane.to_location_id).or_default().push(lane);
    }
    let mut pos: HashMap<(&str, &str), Vec<&PoLine>> = HashMap::new();
    for po in &net.po_lines {
        if po.outstanding() > EPS {
            pos.entry((&po.part_id, &po.location_id))
                .or_default()
                .push(po);
        }
    }
    let mut free: BTreeMap<(&str, &str), Free> = BTreeMap::new();
    for s in &net.stock {
        let f = free.entry((&s.part_id, &s.location_id)).or_default();
        f.on_hand += s.on_hand;
        f.blocked += s.blocked;
    }
    let open: Vec<usize> = (0..net.lines.len())
        .filter(|&i| net.lines[i].is_open(t))
        .collect();
    for &i in &open {
        let l = &net.lines[i];
        free.entry((&l.part_id, &l.location_id))
            .or_default()
            .own_lines += l.qty_open;
    }

    let mut plans: Vec<LinePlan> = open
        .iter()
        .map(|&i| {
            let line = &net.lines[i];
            LinePlan {
                line: i,
                age_days: days(line.created_date, t),
                waiting: waiting(net, line, pos_at(&pos, line), t),
                action: None,
                candidates: 0,
                no_action: None,
            }
        })
        .collect();
    // The most expensive lines to wait for choose first.
    plans.sort_by(|a, b| {
        let (la, lb) = (&net.lines[a.line], &net.lines[b.line]);
        daily_cost_at_end(b)
            .total_cmp(&daily_cost_at_end(a))
            .then(la.created_date.cmp(&lb.created_date))
            .then_with(|| (&la.order_id, &la.order_line).cmp(&(&lb.order_id, &lb.order_line)))
    });
    for p in &mut plans {
        let line = &net.lines[p.line];
        decide(net, line, p, pos_at(&pos, line), &lanes_to, &mut free, t);
    }
    plans.sort_by(|a, b| {
        let key = |p: &LinePlan| {
            let l = &net.lines[p.line];
            (l.order_id.clone(), l.order_line.clone())
        };
        match (&a.action, &b.action) {
            (Some(x), Some(y)) => y
                .saving
                .total_cmp(&x.saving)
                .then_with(|| key(a).cmp(&key(b))),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => key(a).cmp(&key(b)),
        }
    });
    plans
}

/// What a day of waiting costs on the last day of waiting.
fn daily_cost_at_end(p: &LinePlan) -> f64 {
    let penalty = match p.waiting.penalty_from {
        Some(from) if from < p.waiting.until => p.waiting.penalty_per_day,
        _ => 0.0,
    };
    penalty + p.waiting.downtime_per_day
}

/// The outstanding PO lines of the line's part at its location.
fn pos_at<'a, 'n>(
    pos: &'a HashMap<(&'n str, &'n str), Vec<&'n PoLine>>,
    line: &'n Line,
) -> &'a [&'n PoLine] {
    pos.get(&(line.part_id.as_str(), line.location_id.as_str()))
        .map(|v| v.as_slice())
        .unwrap_or(&[])
}

/// When the line ends by waiting, and what each day costs.
fn waiting(net: &Network, line: &Line, pos: &[&PoLine], t: NaiveDate) -> Waiting {
    let lead = net
        .parts
        .get(&line.part_id)
        .map(|p| p.lead_time_days)
        .unwrap_or(0.0);
    let due = pos
        .iter()
        .filter(|po| po.committed_date >= t)
        .min_by(|a, b| {
            (a.committed_date, &a.po_id, &a.po_line).cmp(&(b.committed_date, &b.po_id, &b.po_line))
        });
    let past_due = pos.iter().filter(|po| po.committed_date < t).count();
    let (until, mut basis) = match due {
        Some(po) => (
            po.committed_date,
            format!(
                "PO {}/{} committed {} ({} from {})",
                po.po_id,
                po.po_line,
                po.committed_date,
                num(po.outstanding()),
                po.supplier_id
            ),
        ),
        None => (
            t + Duration::days(whole_days(lead)),
            format!(
                "no open PO due at {}: normal lead time {} days",
                line.location_id,
                num(lead)
            ),
        ),
    };
    if past_due > 0 {
        basis.push_str(&format!(
            "; {past_due} PO line(s) past their committed date not counted"
        ));
    }
    let (penalty_per_day, penalty_from) = match line.sla {
        Some(s) if s.penalty_per_day > 0.0 => (
            s.penalty_per_day,
            Some(line.created_date + Duration::days(whole_days(s.max_backorder_days))),
        ),
        _ => (0.0, None),
    };
    Waiting {
        days: days(t, until),
        until,
        basis,
        penalty_per_day,
        penalty_from,
        downtime_per_day: line.downtime_cost_per_day.unwrap_or(0.0).max(0.0),
    }
}

/// Penalty owed for a line that ends on `end`: days past the limit × rate.
fn penalty_until(line: &Line, end: NaiveDate) -> f64 {
    match line.sla {
        Some(s) if s.penalty_per_day > 0.0 => {
            let over = days(line.created_date, end) as f64 - s.max_backorder_days;
            over.max(0.0) * s.penalty_per_day
        }
        _ => 0.0,
    }
}

/// An option's figures against waiting (nothing avoided when it is not faster).
fn price(
    line: &Line,
    w: &Waiting,
    kind: ActionKind,
    lane: &Lane,
    arrival: NaiveDate,
    weight: f64,
    how: String,
) -> Action {
    let days_saved = days(arrival, w.until);
    let cost = lane.cost(weight, line.qty_open);
    let (avoided_penalty, avoided_downtime) = if days_saved > 0 {
        (
            penalty_until(line, w.until) - penalty_until(line, arrival),
            w.downtime_per_day * days_saved as f64,
        )
    } else {
        (0.0, 0.0)
    };
    let saving = avoided_penalty + avoided_downtime - cost;
    let evidence = format!(
        "{how}; {} lane {} → {}, {} days transit, arrives {arrival}, {days_saved} days before {}; cost {} = {} + {} × {} kg × {}; avoids penalty {} and downtime {}",
        lane.mode.as_str(),
        lane.from_id,
        lane.to_location_id,
        num(lane.transit_days),
        w.until,
        num(cost),
        num(lane.cost_fixed),
        num(lane.cost_per_kg),
        num(weight),
        num(line.qty_open),
        num(avoided_penalty),
        num(avoided_downtime),
    );
    Action {
        kind,
        from_id: lane.from_id.clone(),
        mode: lane.mode,
        transit_days: lane.transit_days,
        arrival,
        days_saved,
        cost,
        avoided_penalty,
        avoided_downtime,
        saving,
        evidence,
    }
}

fn decide<'n>(
    net: &'n Network,
    line: &'n Line,
    p: &mut LinePlan,
    pos: &[&PoLine],
    lanes_to: &HashMap<&str, Vec<&'n Lane>>,
    free: &mut BTreeMap<(&'n str, &'n str), Free>,
    t: NaiveDate,
) {
    let part: Option<&Part> = net.parts.get(&line.part_id);
    let weight = part.and_then(|p| p.weight_kg).unwrap_or(0.0).max(0.0);
    let lead = part.map(|p| p.lead_time_days).unwrap_or(0.0);
    let supplier = part.and_then(|p| p.primary_supplier_id.as_deref());
    let to: &[&Lane] = lanes_to
        .get(line.location_id.as_str())
        .map(|v| v.as_slice())
        .unwrap_or(&[]);
    let mut options: Vec<Action> = Vec::new();

    // From the supplier, by air or courier.
    let supplier_note = match supplier {
        None => "the part has no primary supplier".to_string(),
        Some(s) => {
            let fast: Vec<&&Lane> = to
                .iter()
                .filter(|l| l.from_id == s && matches!(l.mode, Mode::Air | Mode::Courier))
                .collect();
            if fast.is_empty() {
                format!(
                    "no air or courier lane from supplier {s} to {}",
                    line.location_id
                )
            } else {
                let on_order = pos.iter().find(|po| po.supplier_id == s);
                let ground = to
                    .iter()
                    .find(|l| l.from_id == s && l.mode == Mode::Ground)
                    .map(|l| l.transit_days)
                    .unwrap_or(0.0);
                for lane in fast {
                    let (arrival, how) = match on_order {
                        Some(po) => (
                            t + Duration::days(whole_days(lane.transit_days)),
                            format!("supplier {s} ships PO {}/{} now", po.po_id, po.po_line),
                        ),
                        None => {
                            let make = (lead - ground).max(0.0);
                            (
                                t + Duration::days(whole_days(make + lane.transit_days)),
                                format!(
                                    "nothing on order: supplier {s} makes it in {} days (lead time {} − ground transit {}), then ships",
                                    num(make),
                                    num(lead),
                                    num(ground)
                                ),
                            )
                        }
                    };
                    options.push(price(
                        line,
                        &p.waiting,
                        ActionKind::SupplierExpedite,
                        lane,
                        arrival,
                        weight,
                        how,
                    ));
                }
                String::new()
            }
        }
    };

    // From another location's free stock.
    let mut stocked_without_lane: Vec<String> = Vec::new();
    let mut stocked = 0;
    for ((part_id, loc), f) in free.range((line.part_id.as_str(), "")..) {
        if *part_id != line.part_id {
            break;
        }
        if *loc == line.location_id || f.units() + EPS < line.qty_open {
            continue;
        }
        stocked += 1;
        let lanes: Vec<&&Lane> = to.iter().filter(|l| l.from_id == *loc).collect();
        if lanes.is_empty() {
            stocked_without_lane.push(format!("{loc} ({})", num(f.units())));
        }
        for lane in lanes {
            options.push(price(
                line,
                &p.waiting,
                ActionKind::Transfer,
                lane,
                t + Duration::days(whole_days(lane.transit_days)),
                weight,
                format!("transfer: {}", f.words(loc)),
            ));
        }
    }
    p.candidates = options.len();

    let best = options
        .iter()
        .filter(|a| a.days_saved > 0 && a.saving > 0.0)
        .min_by(|a, b| {
            a.cost
                .total_cmp(&b.cost)
                .then(b.saving.total_cmp(&a.saving))
        });
    if let Some(best) = best {
        if best.kind == ActionKind::Transfer {
            // The source's id borrowed from the lane table, to key the map.
            let source = to
                .iter()
                .find(|l| l.from_id == best.from_id)
                .map(|l| l.from_id.as_str());
            if let Some(f) = source.and_then(|loc| free.get_mut(&(line.part_id.as_str(), loc))) {
                f.used += line.qty_open;
            }
        }
        p.action = Some(best.clone());
        return;
    }
    let faster: Vec<&Action> = options.iter().filter(|a| a.days_saved > 0).collect();
    p.no_action = Some(if options.is_empty() {
        let transfer_note = if stocked == 0 {
            format!("no other location has {} free units", num(line.qty_open))
        } else {
            format!(
                "free stock at {} but no lane to {}",
                stocked_without_lane.join(", "),
                line.location_id
            )
        };
        (
            NoAction::NoRoute,
            format!("{supplier_note}; {transfer_note}"),
        )
    } else if faster.is_empty() {
        (
            NoAction::NotFaster,
            format!(
                "no option arrives before {} ({})",
                p.waiting.until, p.waiting.basis
            ),
        )
    } else {
        let top = faster
            .iter()
            .max_by(|a, b| a.saving.total_cmp(&b.saving))
            .copied()
            .unwrap_or(faster[0]);
        (
            NoAction::NotWorthIt,
            format!(
                "not worth it: the best option ({} {} from {}) costs {} and avoids only {} (penalty {} + downtime {})",
                top.mode.as_str(),
                top.kind.as_str().replace('_', " "),
                top.from_id,
                num(top.cost),
                num(top.avoided_penalty + top.avoided_downtime),
                num(top.avoided_penalty),
                num(top.avoided_downtime)
            ),
        )
    });
}
