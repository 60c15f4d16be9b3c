//! The engine's input: plain rows of the working set, keyed by id.
//!
//! These are domain types, not wire types: the api crate builds a [`Network`]
//! from the store and maps the figures to its own DTOs.

use std::collections::HashMap;
use std::fmt;
use std::str::FromStr;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::ParseError;

/// Status of a backorder line or of a PO line (the ERP's three states).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LineStatus {
    Open,
    Closed,
    Cancelled,
}

impl LineStatus {
    pub const ALL: [LineStatus; 3] = [LineStatus::Open, LineStatus::Closed, LineStatus::Cancelled];

    pub fn as_str(self) -> &'static str {
        match self {
            LineStatus::Open => "open",
            LineStatus::Closed => "closed",
            LineStatus::Cancelled => "cancelled",
        }
    }
}

/// A part's criticality class.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Criticality {
    A,
    B,
    C,
}

impl Criticality {
    pub const ALL: [Criticality; 3] = [Criticality::A, Criticality::B, Criticality::C];

    pub fn as_str(self) -> &'static str {
        match self {
            Criticality::A => "A",
            Criticality::B => "B",
            Criticality::C => "C",
        }
    }

    pub(crate) fn index(self) -> usize {
        self as usize
    }
}

/// Why a backorder line is late; names as in `kpis.md`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RootCause {
    SupplierDelay,
    DemandSpike,
    ForecastError,
    InternalTransfer,
    EolTransition,
    Unknown,
}

impl RootCause {
    pub const ALL: [RootCause; 6] = [
        RootCause::SupplierDelay,
        RootCause::DemandSpike,
        RootCause::ForecastError,
        RootCause::InternalTransfer,
        RootCause::EolTransition,
        RootCause::Unknown,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RootCause::SupplierDelay => "supplier_delay",
            RootCause::DemandSpike => "demand_spike",
            RootCause::ForecastError => "forecast_error",
            RootCause::InternalTransfer => "internal_transfer",
            RootCause::EolTransition => "eol_transition",
            RootCause::Unknown => "unknown",
        }
    }
}

macro_rules! str_enum_impls {
    ($ty:ident, $what:literal) => {
        impl fmt::Display for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl FromStr for $ty {
            type Err = ParseError;

            fn from_str(s: &str) -> Result<Self, ParseError> {
                $ty::ALL
                    .into_iter()
                    .find(|v| v.as_str() == s)
                    .ok_or_else(|| ParseError {
                        what: $what,
                        value: s.to_string(),
                    })
            }
        }
    };
}

str_enum_impls!(LineStatus, "line status");
str_enum_impls!(Criticality, "criticality");
str_enum_impls!(RootCause, "root cause");

/// One backorder line (table `backorders`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Line {
    pub order_id: String,
    pub order_line: String,
    pub customer_id: String,
    pub part_id: String,
    pub location_id: String,
    pub qty_open: f64,
    pub created_date: NaiveDate,
    /// The ERP's closed date. Only read for closed and cancelled lines: the
    /// end of an open line is the as-of date.
    pub closed_date: Option<NaiveDate>,
    pub status: LineStatus,
}

/// A backorder line as the engine reads it: [`Line`] borrowed, or the same
/// fields from a caller's own compact rows (see
/// [`Prepared::from_lines`](crate::Prepared::from_lines)), so that a caller
/// need not hold a `String` per id per line.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LineView<'a> {
    pub order_id: &'a str,
    pub order_line: &'a str,
    pub customer_id: &'a str,
    pub part_id: &'a str,
    pub location_id: &'a str,
    pub qty_open: f64,
    pub created_date: NaiveDate,
    pub closed_date: Option<NaiveDate>,
    pub status: LineStatus,
}

impl<'a> From<&'a Line> for LineView<'a> {
    fn from(line: &'a Line) -> LineView<'a> {
        LineView {
            order_id: &line.order_id,
            order_line: &line.order_line,
            customer_id: &line.customer_id,
            part_id: &line.part_id,
            location_id: &line.location_id,
            qty_open: line.qty_open,
            created_date: line.created_date,
            closed_date: line.closed_date,
            status: line.status,
        }
    }
}

impl<'a> From<&&'a Line> for LineView<'a> {
    fn from(line: &&'a Line) -> LineView<'a> {
        LineView::from(*line)
    }
}

/// What the engine needs of a part (table `parts`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PartInfo {
    pub unit_cost: f64,
    pub criticality: Criticality,
    pub product_line: Option<String>,
    pub primary_supplier_id: Option<String>,
}

/// What the engine needs of a location (table `locations`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LocationInfo {
    pub region: String,
}

/// What the engine needs of a customer (table `customers`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CustomerInfo {
    /// `platinum`, `gold`, `silver`, `bronze` in the store; any string works.
    pub tier: String,
}

/// The SLA terms of one (customer tier, part criticality) pair (table `sla`).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct SlaTerms {
    pub max_backorder_days: f64,
    /// Missing means no penalty: a breach still counts, its exposure is 0.
    pub penalty_per_day: Option<f64>,
}

/// Key of [`Network::sla`]: (customer tier, part criticality).
pub type SlaKey = (String, Criticality);

/// One row of `demand_history`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DemandRow {
    /// The month; any day of it works, first-of-month by convention.
    pub period: NaiveDate,
    pub part_id: String,
    pub location_id: String,
    pub qty_demanded: f64,
    /// Missing counts as fully filled.
    pub qty_filled: Option<f64>,
}

/// One PO line (table `purchase_orders`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PoLine {
    pub po_id: String,
    pub po_line: String,
    pub part_id: String,
    pub supplier_id: String,
    pub committed_date: NaiveDate,
    pub received_date: Option<NaiveDate>,
    pub status: LineStatus,
}

/// Key of [`Network::root_causes`]: (order_id, order_line).
pub type LineKey = (String, String);

/// Everything the engine reads: the working set's rows, lookups by id.
///
/// A line whose part, location or customer is missing from the lookups still
/// counts; it groups under [`NONE_KEY`](crate::NONE_KEY) for the attributes it
/// cannot find, has no value (unit cost unknown) and no SLA.
#[derive(Debug, Clone, Default)]
pub struct Network {
    pub parts: HashMap<String, PartInfo>,
    pub locations: HashMap<String, LocationInfo>,
    pub customers: HashMap<String, CustomerInfo>,
    pub sla: HashMap<SlaKey, SlaTerms>,
    pub lines: Vec<Line>,
    pub demand: Vec<DemandRow>,
    pub po_lines: Vec<PoLine>,
    /// Root cause per backorder line; a line not in the map is
    /// [`RootCause::Unknown`].
    pub root_causes: HashMap<LineKey, RootCause>,
}

/// The settings of a KPI computation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct KpiConfig {
    /// `T` of `kpis.md`: the working set's as-of date.
    pub as_of: NaiveDate,
}
