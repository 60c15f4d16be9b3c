//! Field feedback: the parts that repeatedly stop repairs, from the
//! technicians' `waiting_for_part` / `part_unavailable` reports.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::facts::{OpenLine, ServiceEvent};

/// One part that stopped repairs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoppedPart {
    pub part_id: String,
    /// Reports of repairs stopped for the part.
    pub events: u64,
    pub waiting_for_part: u64,
    pub part_unavailable: u64,
    pub first_date: NaiveDate,
    pub last_date: NaiveDate,
    /// Where the repairs stopped, sorted.
    pub locations: Vec<String>,
    /// Machines concerned.
    pub machines: u64,
    /// Open backorder lines of the part now.
    pub open_lines: u64,
}

/// Parts with at least `min_events` stopped repairs dated in `[from, to]`,
/// most events first (then the latest, then by id).
pub fn stopped_parts(
    events: &[ServiceEvent],
    open_lines: &[OpenLine],
    from: NaiveDate,
    to: NaiveDate,
    min_events: u64,
) -> Vec<StoppedPart> {
    #[derive(Default)]
    struct Acc<'a> {
        waiting: u64,
        unavailable: u64,
        first: Option<NaiveDate>,
        last: Option<NaiveDate>,
        locations: BTreeSet<&'a str>,
        machines: BTreeSet<&'a str>,
    }
    let mut by_part: BTreeMap<&str, Acc<'_>> = BTreeMap::new();
    for e in events
        .iter()
        .filter(|e| e.stopped_for_part() && from <= e.date && e.date <= to)
    {
        let Some(part) = e.part_id.as_deref() else {
            continue;
        };
        let acc = by_part.entry(part).or_default();
        if e.outcome == "waiting_for_part" {
            acc.waiting += 1;
        } else {
            acc.unavailable += 1;
        }
        acc.first = Some(acc.first.map_or(e.date, |d| d.min(e.date)));
        acc.last = Some(acc.last.map_or(e.date, |d| d.max(e.date)));
        acc.locations.extend(e.location_id.as_deref());
        acc.machines.extend(e.equipment_id.as_deref());
    }
    let mut open: BTreeMap<&str, u64> = BTreeMap::new();
    for l in open_lines {
        *open.entry(l.part_id.as_str()).or_default() += 1;
    }
    let mut out: Vec<StoppedPart> = by_part
        .into_iter()
        .filter_map(|(part, a)| {
            let events = a.waiting + a.unavailable;
            (events >= min_events.max(1)).then(|| StoppedPart {
                part_id: part.to_string(),
                events,
                waiting_for_part: a.waiting,
                part_unavailable: a.unavailable,
                first_date: a.first.unwrap_or(from),
                last_date: a.last.unwrap_or(to),
                locations: a.locations.iter().map(|s| s.to_string()).collect(),
                machines: a.machines.len() as u64,
                open_lines: open.get(part).copied().unwrap_or(0),
            })
        })
        .collect();
    out.sort_by(|a, b| {
        b.events
            .cmp(&a.events)
            .then(b.last_date.cmp(&a.last_date))
            .then(a.part_id.cmp(&b.part_id))
    });
    out
}
