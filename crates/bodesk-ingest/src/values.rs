//! One cell to one value. (STUB: signatures fixed, bodies to be written.)
//!
//! Styles that cannot be told from one value (is `1.234` a thousand or one
//! point two?) are decided per column from evidence gathered over the whole
//! column: see [`NumberEvidence`] and [`DateEvidence`].

use chrono::NaiveDate;
use serde::Serialize;

/// Why a cell could not be read; shown to the user as the reject reason.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct ValueError(pub String);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DecimalMark {
    Dot,
    Comma,
}

/// Evidence for the decimal mark of a column (or a whole file).
#[derive(Debug, Clone, Default)]
pub struct NumberEvidence {
    pub dot: u64,
    pub comma: u64,
}

impl NumberEvidence {
    pub fn observe(&mut self, _s: &str) {}
    /// The decimal mark the evidence supports; `fallback` when it says nothing.
    pub fn decide(&self, fallback: DecimalMark) -> DecimalMark {
        fallback
    }
}

/// `Ok(None)` for an empty cell.
pub fn parse_number(_s: &str, _mark: DecimalMark) -> Result<Option<f64>, ValueError> {
    Err(ValueError("not implemented".into()))
}

/// Order of the two leading parts of `03/04/2026`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DateOrder {
    MonthFirst,
    DayFirst,
}

#[derive(Debug, Clone, Default)]
pub struct DateEvidence {
    pub slash_dates: u64,
    pub month_first: u64,
    pub day_first: u64,
}

impl DateEvidence {
    pub fn observe(&mut self, _s: &str) {}
    /// `Ok(None)`: the column has no slash dates. `Err`: slash dates whose
    /// order no value decides, or values that contradict each other.
    pub fn decide(&self) -> Result<Option<DateOrder>, ValueError> {
        Ok(None)
    }
}

/// `Ok(None)` for an empty cell and the ERP null dates `00000000`, `0000-00-00`.
pub fn parse_date(_s: &str, _order: Option<DateOrder>) -> Result<Option<NaiveDate>, ValueError> {
    Err(ValueError("not implemented".into()))
}

/// A month, returned as its first day.
pub fn parse_period(_s: &str, _order: Option<DateOrder>) -> Result<Option<NaiveDate>, ValueError> {
    Err(ValueError("not implemented".into()))
}

/// Trimmed; numeric ids lose leading zeros and Excel's `.0`. `None` when empty.
pub fn normalize_id(_s: &str) -> Option<String> {
    None
}

/// `true/false`, `X`/empty, `yes/no`, `1/0`, `ja/nein`.
pub fn parse_flag(_s: &str) -> Result<Option<bool>, ValueError> {
    Err(ValueError("not implemented".into()))
}

/// What a column holds, for `bodesk sniff`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ColumnKind {
    Empty,
    Integer,
    Decimal { decimal_mark: DecimalMark, thousands: bool },
    Date { style: String },
    Text,
}

/// Gathers the values of one column and says what they are.
#[derive(Debug, Clone, Default)]
pub struct ColumnProfiler {
    pub numbers: NumberEvidence,
    pub dates: DateEvidence,
}

impl ColumnProfiler {
    pub fn observe(&mut self, _s: &str) {}
    pub fn finish(&self, _fallback: DecimalMark) -> ColumnKind {
        ColumnKind::Text
    }
}
