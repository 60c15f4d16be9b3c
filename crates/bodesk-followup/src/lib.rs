//! The follow-up engine: what needs attention after an import, and whether
//! the actions taken worked. Pure: no SQL, no clock; the as-of date and the
//! thresholds come in a [`FollowupConfig`], the lines as [`LineFacts`] (the
//! api crate builds them from the KPI engine, so age, SLA limit and root
//! cause are the KPI engine's own).
//!
//! ```text
//! LineFacts[] + FollowupConfig { as_of, thresholds }
//!   ├─► alerts::plan(lines, known alerts)      raise / resolve / wake
//!   ├─► reviews::to_open(lines, reviewed)      one review per line older than 30 days
//!   ├─► countermeasures::recurrence(lines, cm) lines per month, 6 months before vs after
//!   └─► countermeasures::top_parts(lines, q)   quarterly top 10 with their root-cause mix
//! ```
//!
//! Decisions the spec leaves open are in `docs/followup.md`.

pub mod alerts;
pub mod countermeasures;
pub mod reviews;

use chrono::NaiveDate;

pub use alerts::{AlertPlan, AlertState, KnownAlert, Level, NewAlert, ResolveReason, Thresholds};

/// One backorder line as the follow-up needs it.
#[derive(Debug, Clone, PartialEq)]
pub struct LineFacts {
    pub order_id: String,
    pub order_line: String,
    pub part_id: String,
    pub customer_id: String,
    /// The part's primary supplier.
    pub supplier_id: Option<String>,
    /// Part criticality (`A`, `B`, `C`) and customer tier, when known.
    pub criticality: Option<String>,
    pub tier: Option<String>,
    pub created_date: NaiveDate,
    /// An open line of `kpis.md` as of the as-of date.
    pub open: bool,
    /// `T - created_date` for open lines.
    pub age_days: Option<u64>,
    /// `max_backorder_days` of the SLA row for (tier, criticality).
    pub sla_limit_days: Option<f64>,
    /// The line's root cause as the KPI engine has it.
    pub root_cause: String,
}

impl LineFacts {
    pub fn key(&self) -> (&str, &str) {
        (&self.order_id, &self.order_line)
    }
}

/// Everything the engine needs besides the lines.
#[derive(Debug, Clone, PartialEq)]
pub struct FollowupConfig {
    /// The working set's as-of date `T`.
    pub as_of: NaiveDate,
    pub thresholds: Thresholds,
}

impl FollowupConfig {
    pub fn new(as_of: NaiveDate) -> FollowupConfig {
        FollowupConfig {
            as_of,
            thresholds: Thresholds::default(),
        }
    }
}

#[cfg(test)]
pub(crate) fn test_line(id: &str, created: &str, open: bool, as_of: &str) -> LineFacts {
    let created_date = date(created);
    let t = date(as_of);
    LineFacts {
        order_id: id.to_string(),
        order_line: "10".to_string(),
        part_id: "P1".to_string(),
        customer_id: "C1".to_string(),
        supplier_id: Some("S1".to_string()),
        criticality: Some("A".to_string()),
        tier: Some("gold".to_string()),
        created_date,
        open,
        age_days: open.then(|| (t - created_date).num_days() as u64),
        sla_limit_days: Some(20.0),
        root_cause: "unknown".to_string(),
    }
}

#[cfg(test)]
pub(crate) fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}
