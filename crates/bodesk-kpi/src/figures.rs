//! The engine's output: figures named exactly as in `kpis.md`.

use serde::{Deserialize, Serialize};

use crate::RootCause;

/// The backorder KPIs of a set of lines (all lines, or one drill-down group).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Kpis {
    pub open_lines: u64,
    pub open_qty: f64,
    pub open_value: f64,
    /// 0 when there is no open line.
    pub mean_age_days: f64,
    /// 0 when there is no open line.
    pub max_age_days: u64,
    pub backorder_days: u64,
    pub parts_affected: u64,
    /// 0 when no part is affected.
    pub backorder_days_per_part: f64,
    pub customer_impact_days: u64,
    pub sla_breaches: u64,
    pub penalty_exposure: f64,
    pub lines_over_30_days: u64,
}

/// The dashboard totals: the backorder KPIs over all lines plus the demand
/// and supply figures, which have no drill-down.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Totals {
    #[serde(flatten)]
    pub kpis: Kpis,
    /// A fraction in [0, 1] (more if the ERP reports over-filling); `None`
    /// when no demand row falls in the 12 months or their demand sums to 0.
    pub fill_rate: Option<f64>,
    /// A percent in [0, 100]; `None` when no PO line was received in the
    /// window.
    pub supplier_on_time_pct: Option<f64>,
}

/// One drill-down group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Group {
    /// The group's value of the dimension, or [`NONE_KEY`](crate::NONE_KEY).
    pub key: String,
    #[serde(flatten)]
    pub kpis: Kpis,
}

/// One supplier's row of the scorecard.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SupplierFigures {
    pub supplier_id: String,
    /// PO lines received in the window: the base of the two figures below.
    pub received_lines: u64,
    /// Percent of `received_lines` received on or before the committed date;
    /// `None` when `received_lines` is 0.
    pub on_time_pct: Option<f64>,
    /// Mean of `max(0, received - committed)` over `received_lines`; `None`
    /// when `received_lines` is 0.
    pub avg_delay_days: Option<f64>,
    /// Open PO lines committed before the as-of date.
    pub past_due_lines: u64,
    /// Open backorder lines with root cause `supplier_delay` on parts whose
    /// primary supplier this is.
    pub backorders_caused: u64,
}

/// The figures of a single backorder line, by the same definitions as the
/// aggregates (for "the lines behind a figure").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LineFigures {
    /// An open line of `kpis.md`: status open, `qty_open > 0`, created on or
    /// before the as-of date.
    pub open: bool,
    /// `T - created_date` for open lines.
    pub age_days: Option<u64>,
    /// Days of `[created_date, end)` inside the window.
    pub backorder_days: u64,
    /// `qty_open * unit_cost` for open lines, else 0.
    pub value: f64,
    pub sla_breach: bool,
    pub penalty_exposure: f64,
    pub root_cause: RootCause,
}
