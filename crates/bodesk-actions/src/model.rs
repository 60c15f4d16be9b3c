//! The rows the engine reads, as plain structs (the api crate loads them
//! from the working set), and its [`Config`].

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};

/// The as-of date and the user's settings.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// `T`: the working set's as-of date.
    pub as_of: NaiveDate,
    /// The service horizon a last-time buy must cover, in months.
    pub horizon_months: f64,
}

impl Config {
    /// The default service horizon for last-time buys.
    pub const DEFAULT_HORIZON_MONTHS: f64 = 24.0;

    pub fn new(as_of: NaiveDate) -> Config {
        Config {
            as_of,
            horizon_months: Config::DEFAULT_HORIZON_MONTHS,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lifecycle {
    Active,
    Eol,
    Obsolete,
}

impl Lifecycle {
    /// `eol` and `obsolete` as the contract spells them; anything else is active.
    pub fn parse(s: &str) -> Lifecycle {
        match s {
            "eol" => Lifecycle::Eol,
            "obsolete" => Lifecycle::Obsolete,
            _ => Lifecycle::Active,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Lifecycle::Active => "active",
            Lifecycle::Eol => "eol",
            Lifecycle::Obsolete => "obsolete",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Part {
    pub part_id: String,
    pub lifecycle: Lifecycle,
    pub eol_date: Option<NaiveDate>,
    pub successor_part_id: Option<String>,
    /// Supplier lead time, order to receipt, normal (ground) freight included.
    pub lead_time_days: f64,
    pub primary_supplier_id: Option<String>,
    pub weight_kg: Option<f64>,
}

impl Part {
    /// A part with only the fields every engine needs; the rest default.
    pub fn new(part_id: &str, lead_time_days: f64) -> Part {
        Part {
            part_id: part_id.to_string(),
            lifecycle: Lifecycle::Active,
            eol_date: None,
            successor_part_id: None,
            lead_time_days,
            primary_supplier_id: None,
            weight_kg: None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Open,
    Closed,
    Cancelled,
}

impl Status {
    /// `open`, `closed`, `cancelled`; anything else counts as closed.
    pub fn parse(s: &str) -> Status {
        match s {
            "open" => Status::Open,
            "cancelled" => Status::Cancelled,
            _ => Status::Closed,
        }
    }
}

/// The SLA row that applies to a line (customer tier × part criticality).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SlaTerms {
    pub max_backorder_days: f64,
    pub penalty_per_day: f64,
}

/// A backorder line, with the SLA terms and the equipment downtime cost that
/// apply to it already resolved.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    pub order_id: String,
    pub order_line: String,
    pub part_id: String,
    pub location_id: String,
    pub qty_open: f64,
    pub created_date: NaiveDate,
    pub closed_date: Option<NaiveDate>,
    pub status: Status,
    pub equipment_id: Option<String>,
    pub sla: Option<SlaTerms>,
    /// The waiting machine's `downtime_cost_per_day` (none without equipment).
    pub downtime_cost_per_day: Option<f64>,
}

impl Line {
    /// Open as of `t` (kpis.md): status open, something open, created by `t`.
    pub fn is_open(&self, t: NaiveDate) -> bool {
        self.status == Status::Open && self.qty_open > 0.0 && self.created_date <= t
    }

    /// The end of the line's backorder interval as of `t` (kpis.md).
    pub fn end(&self, t: NaiveDate) -> NaiveDate {
        match self.status {
            Status::Open => t,
            _ => self.closed_date.unwrap_or(self.created_date),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Stock {
    pub part_id: String,
    pub location_id: String,
    pub on_hand: f64,
    pub blocked: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PoLine {
    pub po_id: String,
    pub po_line: String,
    pub part_id: String,
    pub supplier_id: String,
    pub location_id: String,
    pub qty_ordered: f64,
    pub qty_received: f64,
    pub order_date: NaiveDate,
    pub committed_date: NaiveDate,
    pub received_date: Option<NaiveDate>,
    pub status: Status,
}

impl PoLine {
    /// Still to come: open with quantity outstanding.
    pub fn outstanding(&self) -> f64 {
        if self.status == Status::Open {
            (self.qty_ordered - self.qty_received).max(0.0)
        } else {
            0.0
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Mode {
    Ground,
    Air,
    Courier,
}

impl Mode {
    pub fn parse(s: &str) -> Option<Mode> {
        match s {
            "ground" => Some(Mode::Ground),
            "air" => Some(Mode::Air),
            "courier" => Some(Mode::Courier),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Ground => "ground",
            Mode::Air => "air",
            Mode::Courier => "courier",
        }
    }
}

/// A freight option: from a location or a supplier to a location.
#[derive(Debug, Clone, PartialEq)]
pub struct Lane {
    pub from_id: String,
    pub to_location_id: String,
    pub mode: Mode,
    pub transit_days: f64,
    pub cost_fixed: f64,
    pub cost_per_kg: f64,
}

impl Lane {
    /// `cost_fixed + cost_per_kg × weight × qty`.
    pub fn cost(&self, weight_kg: f64, qty: f64) -> f64 {
        self.cost_fixed + self.cost_per_kg * weight_kg * qty
    }
}

/// Demand of one part at one location in one month.
#[derive(Debug, Clone, PartialEq)]
pub struct DemandRow {
    /// The first day of the month.
    pub month: NaiveDate,
    pub part_id: String,
    pub location_id: String,
    pub qty: f64,
}

/// Everything the engines read.
#[derive(Debug, Clone, Default)]
pub struct Network {
    pub parts: HashMap<String, Part>,
    /// Location id → region.
    pub regions: HashMap<String, String>,
    pub lines: Vec<Line>,
    pub stock: Vec<Stock>,
    pub po_lines: Vec<PoLine>,
    pub lanes: Vec<Lane>,
    pub demand: Vec<DemandRow>,
}

/// The first day of `d`'s month.
pub fn month_start(d: NaiveDate) -> NaiveDate {
    d.with_day(1).unwrap_or(d)
}

/// The first day of the month after `m`'s.
pub(crate) fn next_month(m: NaiveDate) -> NaiveDate {
    let (y, mo) = if m.month() == 12 {
        (m.year() + 1, 1)
    } else {
        (m.year(), m.month() + 1)
    };
    NaiveDate::from_ymd_opt(y, mo, 1).unwrap_or(m)
}

/// The first day of the month `n` months before `m`'s.
pub(crate) fn months_before(m: NaiveDate, n: u32) -> NaiveDate {
    let total = m.year() * 12 + m.month0() as i32 - n as i32;
    NaiveDate::from_ymd_opt(total.div_euclid(12), total.rem_euclid(12) as u32 + 1, 1).unwrap_or(m)
}

/// The demand of a monthly row that falls in `[a, b)`, pro-rated by days.
pub(crate) fn demand_in(row: &DemandRow, a: NaiveDate, b: NaiveDate) -> f64 {
    let start = row.month;
    let end = next_month(start);
    let month_days = crate::days(start, end) as f64;
    let inside = crate::overlap(start, end, a, b) as f64;
    if month_days > 0.0 {
        row.qty * inside / month_days
    } else {
        0.0
    }
}
