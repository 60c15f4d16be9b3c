//! The per-row definitions of `kpis.md`, in one place. The aggregates
//! ([`Prepared`](crate::Prepared)) and the per-line view
//! ([`line_figures`](crate::line_figures)) both go through these functions.

use chrono::{Datelike, NaiveDate};

use crate::fxhash::FxHashMap;
use crate::intern::InlineKey;
use crate::{DemandRow, LineStatus, LineView, Network, PoLine, RootCause, SlaTerms};

/// Length of the trailing window `W = [T - 365, T)` in days.
pub(crate) const WINDOW_DAYS: i32 = 365;

/// Open lines older than this many days count in `lines_over_30_days`.
pub(crate) const LONG_OPEN_DAYS: i32 = 30;

/// A date as a day number, so that interval arithmetic is integer arithmetic.
#[inline]
pub(crate) fn day(d: NaiveDate) -> i32 {
    d.num_days_from_ce()
}

/// Where a backorder line stands at `T`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Timing {
    /// An open line of `kpis.md`.
    pub(crate) open: bool,
    /// `T - created`, meaningful for open lines.
    pub(crate) age: i32,
    /// `[start, stop)` is `[created, end)` clipped to `W`; `stop >= start`.
    pub(crate) start: i32,
    pub(crate) stop: i32,
}

impl Timing {
    #[inline]
    pub(crate) fn days(&self) -> i32 {
        self.stop - self.start
    }

    /// A line that is neither open nor has a day in the window contributes
    /// to no figure at all.
    #[inline]
    pub(crate) fn counts(&self) -> bool {
        self.open || self.stop > self.start
    }
}

/// `None` for a line created after `T`: it does not exist yet as of `T`.
#[inline]
pub(crate) fn timing(line: &LineView<'_>, t: i32) -> Option<Timing> {
    let created = day(line.created_date);
    if created > t {
        return None;
    }
    let end = match line.status {
        LineStatus::Open => t,
        // A closed or cancelled line without a closed date: no evidence it
        // was ever late, so it ends where it starts (0 days).
        LineStatus::Closed | LineStatus::Cancelled => line.closed_date.map_or(created, day),
    };
    let start = created.max(t - WINDOW_DAYS);
    let stop = end.min(t).max(start);
    let open = line.status == LineStatus::Open && line.qty_open > 0.0;
    Some(Timing {
        open,
        age: t - created,
        start,
        stop,
    })
}

/// The penalty exposure of an open line of age `age` under `terms`, or
/// `None` when it does not breach (no terms, or age within the maximum).
#[inline]
pub(crate) fn sla_breach(age: i32, terms: Option<&SlaTerms>) -> Option<f64> {
    let terms = terms?;
    let age = age as f64;
    if age > terms.max_backorder_days {
        Some((age - terms.max_backorder_days) * terms.penalty_per_day.unwrap_or(0.0))
    } else {
        None
    }
}

/// Root causes by line key, for lookups without allocation.
pub(crate) struct RootCauses<'a> {
    short: FxHashMap<InlineKey, RootCause>,
    long: FxHashMap<(&'a str, &'a str), RootCause>,
}

impl<'a> RootCauses<'a> {
    pub(crate) fn new(net: &'a Network) -> RootCauses<'a> {
        let mut short = FxHashMap::default();
        let mut long = FxHashMap::default();
        for ((order, line), rc) in &net.root_causes {
            match InlineKey::new(&[order, line]) {
                Some(key) => short.insert(key, *rc),
                None => long.insert((order.as_str(), line.as_str()), *rc),
            };
        }
        RootCauses { short, long }
    }

    #[inline]
    pub(crate) fn of(&self, line: &LineView<'_>) -> RootCause {
        if self.short.is_empty() && self.long.is_empty() {
            return RootCause::Unknown;
        }
        let found = match InlineKey::new(&[line.order_id, line.order_line]) {
            Some(key) => self.short.get(&key),
            None => self.long.get(&(line.order_id, line.order_line)),
        };
        found.copied().unwrap_or(RootCause::Unknown)
    }
}

fn month_index(d: NaiveDate) -> i32 {
    d.year() * 12 + d.month0() as i32
}

/// `fill_rate` over the 12 whole months before the month of `as_of`.
pub(crate) fn fill_rate(demand: &[DemandRow], as_of: NaiveDate) -> Option<f64> {
    let this_month = month_index(as_of);
    let (mut demanded, mut filled) = (0.0, 0.0);
    for row in demand {
        let m = month_index(row.period);
        if m >= this_month - 12 && m < this_month {
            demanded += row.qty_demanded;
            filled += row.qty_filled.unwrap_or(row.qty_demanded);
        }
    }
    (demanded != 0.0).then(|| filled / demanded)
}

/// A supplier's running figures.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct SupplierTally {
    pub(crate) received: u64,
    pub(crate) on_time: u64,
    pub(crate) delay_days: u64,
    pub(crate) past_due: u64,
    pub(crate) caused: u64,
}

/// Whether a PO line adds to any supplier figure as of `t` (received in
/// the window, or open past its committed date): the cases of
/// [`SupplierTally::add_po_line`]. Any other line only makes its supplier
/// appear in the scorecard.
pub(crate) fn po_line_counts(po: &PoLine, t: i32) -> bool {
    let received_in_window = po.received_date.is_some_and(|received| {
        let received = day(received);
        received >= t - WINDOW_DAYS && received < t
    });
    received_in_window || (po.status == LineStatus::Open && day(po.committed_date) < t)
}

impl SupplierTally {
    pub(crate) fn add_po_line(&mut self, po: &PoLine, t: i32) {
        if let Some(received) = po.received_date {
            let (received, committed) = (day(received), day(po.committed_date));
            if received >= t - WINDOW_DAYS && received < t {
                self.received += 1;
                if received <= committed {
                    self.on_time += 1;
                }
                self.delay_days += (received - committed).max(0) as u64;
            }
        }
        if po.status == LineStatus::Open && day(po.committed_date) < t {
            self.past_due += 1;
        }
    }

    pub(crate) fn on_time_pct(&self) -> Option<f64> {
        (self.received > 0).then(|| 100.0 * self.on_time as f64 / self.received as f64)
    }

    pub(crate) fn avg_delay_days(&self) -> Option<f64> {
        (self.received > 0).then(|| self.delay_days as f64 / self.received as f64)
    }
}
