//! Wire types: what crosses to the UI, the HTTP API and `--json` output.
//! Domain types stay inside the crates; these are built from them here.
//! `cargo test -p bodesk-api` regenerates `ui/src/lib/bindings/*.ts`.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The small set of error codes a user-facing caller may see.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ErrorCode {
    /// A file, batch or row named by the caller does not exist.
    NotFound,
    /// The request itself is malformed (bad date, bad option, bad profile).
    InvalidInput,
    /// The input was read but breaks the import contract; nothing was written.
    Rejected,
    /// The working set was written by a newer version.
    Incompatible,
    /// The working set could not be read or written.
    Storage,
    /// The user cancelled a long operation; nothing was written.
    Cancelled,
    /// A defect: reported, never a panic.
    Internal,
}

/// `{code, message}`: every failure that reaches a user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, thiserror::Error)]
#[error("{message}")]
#[ts(export)]
pub struct ApiError {
    pub code: ErrorCode,
    pub message: String,
}

impl ApiError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        ApiError {
            code,
            message: message.into(),
        }
    }
    pub fn invalid(message: impl Into<String>) -> Self {
        ApiError::new(ErrorCode::InvalidInput, message)
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct TableCount {
    pub table: String,
    #[ts(type = "number")]
    pub rows: u64,
}

/// How a file is written, as detected.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct DialectDto {
    pub encoding: String,
    /// `,` `;` `\t` or `|` (tab shown as `\t`).
    pub delimiter: String,
    pub quote: String,
    /// `""` when quotes are doubled, else the escape character.
    pub escape: String,
    pub line_ends: String,
    #[ts(type = "number")]
    pub preamble_lines: u64,
    pub header_rows: usize,
    /// `dot` or `comma`, for the number columns (absent when the file has none).
    pub decimal_mark: Option<String>,
    /// Per date column with slash dates: `month_first` or `day_first`.
    pub date_orders: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ImportOptions {
    /// The as-of date of the export (`YYYY-MM-DD`); today when absent.
    pub as_of: Option<String>,
    /// Commit the valid rows even when some are rejected.
    pub keep_valid: bool,
    /// A mapping profile (TOML text).
    pub profile_toml: Option<String>,
}

/// One file of an import.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct FileReport {
    pub file: String,
    pub entity: Option<String>,
    /// `imported`, `unchanged` (identical to the last import: skipped) or `rejected`.
    pub status: String,
    /// Data rows read.
    #[ts(type = "number")]
    pub rows: u64,
    /// Rows written to the working set.
    #[ts(type = "number")]
    pub written: u64,
    #[ts(type = "number")]
    pub rejects: u64,
    pub dialect: DialectDto,
    pub sha256: String,
    /// Header columns the contract does not know: kept nowhere.
    pub ignored_columns: Vec<String>,
    /// Rows of earlier exports that this one no longer holds (closed, flagged or removed).
    #[ts(type = "number")]
    pub vanished: u64,
    /// Why the whole file was rejected, naming line and byte offset where known.
    pub error: Option<String>,
}

/// One rejected row (or file): where, what and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RejectDto {
    pub file: String,
    #[ts(type = "number | null")]
    pub line: Option<u64>,
    #[ts(type = "number | null")]
    pub byte_offset: Option<u64>,
    pub column: Option<String>,
    pub value: Option<String>,
    pub reason: String,
}

impl std::fmt::Display for RejectDto {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.file)?;
        if self.column.is_none() && self.value.is_none() {
            // A whole-file reject: its reason already says where.
            return write!(f, ": {}", self.reason);
        }
        if let Some(l) = self.line {
            write!(f, ", line {l}")?;
        }
        if let Some(c) = &self.column {
            write!(f, ", column {c}")?;
        }
        if let Some(v) = &self.value {
            write!(f, ", value {v:?}")?;
        }
        write!(f, ": {}", self.reason)
    }
}

/// What an import did.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ImportReport {
    /// The batch record (also for a rejected import); absent when every file was unchanged.
    #[ts(type = "number | null")]
    pub batch_id: Option<i64>,
    pub committed: bool,
    /// Every file was identical to its last import: nothing to do.
    pub unchanged: bool,
    pub as_of: String,
    pub files: Vec<FileReport>,
    #[ts(type = "number")]
    pub rejects_total: u64,
    /// The first rejects (all of them are stored with the batch).
    pub rejects: Vec<RejectDto>,
}

/// Progress of a long import.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ImportProgress {
    pub file: String,
    /// `scan` (reading styles) or `write`.
    pub phase: String,
    #[ts(type = "number")]
    pub bytes_done: u64,
    #[ts(type = "number")]
    pub bytes_total: u64,
    #[ts(type = "number")]
    pub rows: u64,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct BatchFileDto {
    pub file: String,
    pub entity: Option<String>,
    pub status: String,
    #[ts(type = "number")]
    pub rows: u64,
    #[ts(type = "number")]
    pub rejects: u64,
    pub sha256: String,
    pub error: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct BatchDto {
    pub batch_id: i64,
    pub started_at: String,
    pub user: String,
    pub as_of: String,
    /// `committed` or `rejected`.
    pub status: String,
    pub keep_valid: bool,
    #[ts(type = "number")]
    pub rows_written: u64,
    #[ts(type = "number")]
    pub rejects: u64,
    pub files: Vec<BatchFileDto>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CheckDto {
    pub ok: bool,
    pub schema_version: u32,
    pub integrity: Vec<String>,
    pub foreign_keys: Vec<String>,
    pub invariants: Vec<String>,
    pub counts: Vec<TableCount>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ColumnDto {
    pub name: String,
    /// `empty`, `integer`, `decimal`, `date`, `text`.
    pub kind: String,
    /// Number or date style, e.g. `decimal comma, thousands` or `DD.MM.YYYY`.
    pub style: Option<String>,
    /// The contract column it maps to, when the file is an ERP export.
    pub maps_to: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct LineDto {
    #[ts(type = "number")]
    pub line: u64,
    pub text: String,
}

/// How the reader sees a file (`bodesk sniff`).
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SniffReport {
    pub file: String,
    #[ts(type = "number")]
    pub size_bytes: u64,
    pub sha256: String,
    pub dialect: DialectDto,
    pub preamble: Vec<LineDto>,
    #[ts(type = "number[]")]
    pub header_lines: Vec<u64>,
    pub header: Vec<String>,
    pub columns: Vec<ColumnDto>,
    /// The entity recognised (by file name, else by header), if any.
    pub entity: Option<String>,
    pub recognised_by: Option<String>,
    pub ignored_columns: Vec<String>,
    pub missing_columns: Vec<String>,
    #[ts(type = "number")]
    pub rows: u64,
    /// Rows whose width differs from the header's, by line.
    #[ts(type = "number[]")]
    pub ragged_lines: Vec<u64>,
    pub footer: Vec<LineDto>,
}

/// The backorder KPIs of `kpis.md`, named exactly as there.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct KpiFigures {
    #[ts(type = "number")]
    pub open_lines: u64,
    pub open_qty: f64,
    pub open_value: f64,
    pub mean_age_days: f64,
    #[ts(type = "number")]
    pub max_age_days: u64,
    #[ts(type = "number")]
    pub backorder_days: u64,
    #[ts(type = "number")]
    pub parts_affected: u64,
    pub backorder_days_per_part: f64,
    #[ts(type = "number")]
    pub customer_impact_days: u64,
    #[ts(type = "number")]
    pub sla_breaches: u64,
    pub penalty_exposure: f64,
    #[ts(type = "number")]
    pub lines_over_30_days: u64,
}

/// The totals: every backorder KPI plus fill rate (a fraction) and supplier
/// on-time delivery (a percent); `null` when there is nothing to measure.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct KpiTotal {
    #[serde(flatten)]
    pub figures: KpiFigures,
    pub fill_rate: Option<f64>,
    pub supplier_on_time_pct: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct KpiGroup {
    pub key: String,
    #[serde(flatten)]
    pub figures: KpiFigures,
}

/// `bodesk kpi --json`: totals and one drill-down.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct KpiReport {
    pub as_of: String,
    /// The drill-down dimension of `groups`, if any.
    pub by: Option<String>,
    pub total: KpiTotal,
    pub groups: Vec<KpiGroup>,
}

/// The totals stored after an import, for trends.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct KpiSnapshot {
    pub as_of: String,
    pub total: KpiTotal,
}

/// What `bodesk demo` loaded.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct DemoReport {
    /// The as-of dates of the exports imported, oldest first.
    pub exports: Vec<String>,
    pub batches: Vec<i64>,
}

/// One backorder line with its figures (`bodesk lines`, the workbench).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct LineRow {
    pub order_id: String,
    pub order_line: String,
    pub customer_id: String,
    pub part_id: String,
    pub location_id: String,
    pub region: String,
    pub status: String,
    pub qty_open: f64,
    pub created_date: String,
    pub closed_date: Option<String>,
    pub open: bool,
    #[ts(type = "number | null")]
    pub age_days: Option<u64>,
    #[ts(type = "number")]
    pub backorder_days: u64,
    pub value: f64,
    pub sla_breach: bool,
    pub penalty_exposure: f64,
    pub root_cause: String,
}
